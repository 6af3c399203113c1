"""`make bench`: run every benchmark and print one table.

Run: ``.venv/bin/python benchmarks/run.py [--with-test] [--skip-book] [--only NAME ...]``

Rows, in order:

* **book**: a cold build (empty execution cache, every notebook executed) and a warm build
  (the same again: nothing executed), both into a temporary folder with their own
  jupyter-cache, so the lead's ``_build`` is neither used nor touched;
* **notebook**: each chapter notebook's execution time in the cold build (as jupyter-cache
  records it) against the *floor*: a notebook that only imports pandas, matplotlib and
  ipywidgets and draws one plot, executed the same way;
* **widget**: each widget's time per update: every widget in ``crmlab.widgets.__all__``
  (the package's one list of widgets, :func:`widget_names`) is built with its defaults,
  then each of its sliders, dropdowns and toggles is moved one step and the observer it
  triggers (the model call and building the chart; no front end renders it) is timed;
* **every ``benchmarks/*.py`` script** (except this one), run with its defaults; each row it
  reports by the convention in benchmarks/README.md (lines ``name | value | target``);
* **make test** wall time, with ``--with-test`` (slow: the whole suite).

Figures are printed; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PY = sys.executable
JB = str(Path(PY).parent / "jupyter-book")
#: A result line printed by a benchmark script: ``name | value | target``.
ROW = re.compile(r"^\s*([^|]+?)\s+\|\s+([^|]+?)\s+\|\s+([^|]*?)\s*$")

FLOOR = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets",
    "fig, ax = plt.subplots()\nax.plot(pd.Series([1, 3, 2]))\nplt.show()",
]

Row = tuple[str, str, str, str]  # (group, name, value, target)


def _seconds(s: float) -> str:
    return f"{s:.1f} s" if s >= 1 else f"{1000 * s:.0f} ms"


# ---------------------------------------------------------------- book builds


def _bench_config(folder: Path) -> Path:
    """_config.yml with the execution cache inside ``folder`` (so the build is really cold
    and the repository's cache is left alone); local extensions made absolute."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {**config["execute"], "cache": str(folder / ".jupyter_cache")}
    sphinx = dict(config["sphinx"])
    sphinx["local_extensions"] = {
        name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()
    }
    config["sphinx"] = sphinx
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _build(folder: Path, config: Path) -> str:
    """Build the book into ``folder``; its wall time, or why it failed."""
    cmd = [JB, "build", str(ROOT), "--config", str(config), "--path-output", str(folder)]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        last = (done.stderr.strip() or done.stdout.strip() or "?").splitlines()[-1]
        return f"FAILED after {_seconds(elapsed)}: {last[:80]}"
    return _seconds(elapsed)


def _floor_seconds(folder: Path) -> float:
    """Execute the floor notebook through jupyter-cache, as the book build does."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in FLOOR]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    cache = get_cache(str(folder / "floor_cache"))
    cache.add_nb_to_project(str(path))
    load_executor("local-serial", cache).run_and_cache(timeout=180)
    record = cache.list_cache_records()[0]
    return float(record.data["execution_seconds"])


def book_rows() -> list[Row]:
    from jupyter_cache import get_cache

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-") as tmp:
        folder = Path(tmp)
        config = _bench_config(folder)
        cold = _build(folder, config)
        warm = _build(folder, config)
        rows.append(("book", "cold build (every notebook executed)", cold, "-"))
        rows.append(("book", "warm build (nothing changed)", warm, "-"))
        floor = _floor_seconds(folder)
        rows.append(
            ("notebook", "floor (pandas, matplotlib, ipywidgets, one plot)", _seconds(floor), "-")
        )
        cache = get_cache(str(folder / ".jupyter_cache"))
        records = sorted(cache.list_cache_records(), key=lambda r: r.uri)
        for r in records:
            seconds = float(r.data.get("execution_seconds", float("nan")))
            name = (
                Path(r.uri).relative_to(ROOT).as_posix() if r.uri.startswith(str(ROOT)) else r.uri
            )
            rows.append(
                ("notebook", name, f"{_seconds(seconds)} ({seconds / floor:.1f}x floor)", "-")
            )
    return rows


# ---------------------------------------------------------------- widgets


def _controls(widget) -> list:
    """Every value control (slider, dropdown, toggle...) in a widget tree."""
    import ipywidgets as w

    found, stack = [], [widget]
    while stack:
        node = stack.pop()
        if isinstance(node, (w.Box,)):
            stack.extend(reversed(node.children))
        elif isinstance(node, (w.widgets.widget_int._Int, w.widgets.widget_float._Float)):
            if hasattr(node, "max") and not node.disabled:
                found.append(node)
        elif isinstance(node, (w.widgets.widget_selection._Selection, w.ToggleButton, w.Checkbox)):
            if not node.disabled:
                found.append(node)
    return found


def _nudge(control) -> None:
    """Move a control one step (and back next time), triggering its observers."""
    import ipywidgets as w

    if isinstance(control, (w.ToggleButton, w.Checkbox)):
        control.value = not control.value
    elif isinstance(control, w.widgets.widget_selection._Selection):
        options = list(control._options_values)
        if len(options) > 1:
            control.value = options[(options.index(control.value) + 1) % len(options)]
    else:
        step = getattr(control, "step", None) or 1
        value = control.value + step
        control.value = value if value <= control.max else control.value - step


def widget_names() -> list[str]:
    """The widgets timed: every name in ``crmlab.widgets.__all__``, which lists them all (the
    naming rule and the list are in ``crmlab/widgets/__init__.py``; nothing is guessed from
    a name's ending)."""
    import crmlab.widgets as pkg

    return list(pkg.__all__)


def widget_rows(repeats: int = 5) -> list[Row]:
    import crmlab.widgets as pkg

    rows: list[Row] = []
    for name in widget_names():
        try:
            fn = getattr(pkg, name)
        except Exception as exc:  # a module another contributor is still writing
            rows.append(("widget", name, f"import failed: {exc!r}"[:60], "-"))
            continue
        where = f"{fn.__module__}.{name}"
        required = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        if required:  # e.g. a widget on a database: its chapter's script measures it
            needs = ", ".join(p.name for p in required)
            rows.append(("widget", name, f"not timed here (needs {needs})", "-"))
            continue
        sink = io.StringIO()
        try:
            with contextlib.redirect_stdout(sink):
                widget = fn()
                controls = _controls(widget)
                times = []
                for _ in range(repeats):
                    for control in controls:
                        start = time.perf_counter()
                        _nudge(control)
                        times.append(time.perf_counter() - start)
        except Exception as exc:
            rows.append(("widget", where, f"failed: {exc!r}"[:60], "-"))
            continue
        if not times:
            rows.append(("widget", where, "no controls found", "-"))
            continue
        med, worst = statistics.median(times), max(times)
        rows.append(
            (
                "widget",
                f"{name} ({len(controls)} controls)",
                f"median {_seconds(med)}, max {_seconds(worst)} per update",
                "-",
            )
        )
    return rows


# ---------------------------------------------------------------- scripts


def script_rows(only: list[str] | None) -> list[Row]:
    rows: list[Row] = []
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name:
            continue
        if only and script.stem not in only:
            continue
        start = time.perf_counter()
        done = subprocess.run(
            [PY, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=1800
        )
        elapsed = time.perf_counter() - start
        group = script.stem
        if done.returncode:
            tail = (done.stderr.strip().splitlines() or ["?"])[-1]
            rows.append((group, "script failed", tail[:80], "-"))
            continue
        lines = done.stdout.splitlines()
        found = [m.groups() for line in lines if (m := ROW.match(line))]
        if found:
            rows.extend((group, n, v, t or "-") for n, v, t in found)
        else:  # a script that does not follow the convention yet: its lines as they are
            rows.extend((group, line.strip(), "", "") for line in lines if line.strip())
        rows.append((group, "(script wall time)", _seconds(elapsed), "-"))
    return rows


def make_test_rows() -> list[Row]:
    start = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    status = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
    return [("make test", f"wall time ({status})", _seconds(elapsed), "<= 20 min")]


# ---------------------------------------------------------------- table


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores ({cpu}), load average {load:.1f}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def table(rows: list[Row]) -> str:
    out = ["| group | measure | value | target |", "| --- | --- | --- | --- |"]
    out += [f"| {g} | {n} | {v} | {t} |" for g, n, v, t in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-test", action="store_true", help="also time `make test`")
    parser.add_argument("--skip-book", action="store_true", help="no book builds")
    parser.add_argument("--skip-widgets", action="store_true", help="no widget timings")
    parser.add_argument("--only", nargs="*", help="run only these benchmark scripts (stems)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows: list[Row] = []
    if not args.skip_book:
        rows += book_rows()
    if not args.skip_widgets:
        rows += widget_rows()
    rows += script_rows(args.only)
    if args.with_test:
        rows += make_test_rows()
    print(f"crmlab benchmarks, {started}; machine: {machine()}\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
