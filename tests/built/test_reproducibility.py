"""Reproducibility: two executions of every notebook give identical text outputs.

Why here, after the book build, and how it stays cheap: `make test` already executes every
chapter notebook twice, independently, each from a fresh kernel: once under nbval and once
in the book build (which keeps the executed notebook in ``_build/.jupyter_cache``). The
plugin ``tests/built/nbval_record.py`` (loaded by `make nbval`) saves nbval's text outputs
to ``_build/nbval-outputs.json``; this module compares them, cell by cell, with the cached
notebook. So the check costs no execution at all in `make test` (the suite must stay within
20 minutes as the book grows). Only when nbval's record is missing or was made from a
different version of a notebook (e.g. `make book-strict` run on its own) is that notebook
executed once more here, from a fresh kernel.

Compared: ``text/plain``, ``text/html`` and stream text (stdout, stderr), output by output.
Figures are aside (PNG data, including ``<img src="data:...">`` inside HTML). The volatile
bits masked before comparing are listed in ``VOLATILE`` below, each with its reason;
anything else that differs is a real irreproducibility (an unseeded draw, a dict or set
order, a clock) or a stale cache (see the failure message).

Exercise master notebooks are not executed by the book (its exercise pages are the student
edition, shown unexecuted), so they are outside this comparison; nbval checks their tagged
outputs against the stored ones.

A second, static check: every random draw is seeded. Public functions with a ``seed``
argument default to 0, and neither the package nor the notebooks draw from a global or
unseeded random generator.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbval_record import FIGURE, RECORD, file_hash, text_outputs  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "_build" / ".jupyter_cache"
REQUIRE = bool(os.environ.get("CRMLAB_REQUIRE_BUILD"))

# Volatile bits of text outputs, masked in both executions before comparing:
# (pattern, replacement, why it is volatile).
VOLATILE: list[tuple[str, str, str]] = [
    (*FIGURE, "a figure embedded in HTML (charts' rich repr): figures are compared aside"),
    (r"\bat 0x[0-9a-fA-F]+", "at 0x…", "memory addresses in default object reprs"),
    (r"\b(CPU times|Wall time):[^\n]*", r"\1: …", "%time timings"),
    (
        r"[\d.]+ ?(?:ns|µs|us|ms|s|min) ± [\d.]+ ?(?:ns|µs|us|ms|s|min) per loop[^\n]*",
        "… per loop",
        "%timeit timings",
    ),
    (
        r"\b[Ee]lapsed:? [\d.]+ ?(?:ns|µs|us|ms|s)\b",
        "elapsed …",
        "timings a notebook prints (an elapsed time)",
    ),
]


def mask(text: str) -> str:
    """The text with every volatile bit in ``VOLATILE`` replaced by a fixed placeholder."""
    for pattern, replacement, _why in VOLATILE:
        text = re.sub(pattern, replacement, text)
    return text


def masked(cells: list[list[dict[str, str]]]) -> list[list[dict[str, str]]]:
    return [[{k: mask(v) for k, v in out.items()} for out in cell] for cell in cells]


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["file"]] if "file" in node else []
        for value in node.values():
            if isinstance(value, (list, dict)):
                found += _toc_files(value)
        return found
    if isinstance(node, list):
        return [f for item in node for f in _toc_files(item)]
    return []


def book_notebooks() -> list[Path]:
    """The chapter notebooks the book executes: those under notebooks/ listed in _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    paths = [ROOT / f"{f}.ipynb" for f in _toc_files(toc) if f.startswith("notebooks/")]
    return [p for p in paths if p.exists()]


def code_cell_texts(nb) -> list[list[dict[str, str]]]:
    """Each code cell's text outputs, plus those its widgets' Output areas captured.

    The book's executor (nbclient) routes what is displayed inside an ``ipywidgets.Output``
    into the widget's saved state; nbval, which has no widget front end, sees the same
    output in the cell. Adding the captured outputs back makes the two comparable.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = list(cell.get("outputs", []))
        roots = [
            o["data"][WIDGET_VIEW]["model_id"] for o in outputs if WIDGET_VIEW in o.get("data", {})
        ]
        captured = [out for root in roots for out in _captured_outputs(state, root, set())]
        cells.append(text_outputs(captured + outputs))
    return cells


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _captured_outputs(state: dict, model_id: str, seen: set[str]) -> list:
    """Outputs held by Output widgets in the widget tree under ``model_id``."""
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]
    found = list(model["state"].get("outputs", [])) if model["model_name"] == "OutputModel" else []
    refs = re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(model["state"]))
    for ref in refs:
        found += _captured_outputs(state, ref, seen)
    return found


def same_outputs(a: list[dict[str, str]], b: list[dict[str, str]]) -> bool:
    """The same outputs, in any order: where a widget's captured output lands relative to
    the cell's own outputs depends on the front end, not on the notebook."""
    return sorted(json.dumps(o, sort_keys=True) for o in a) == sorted(
        json.dumps(o, sort_keys=True) for o in b
    )


def cached_execution(path: Path):
    """The book build's execution of ``path`` from jupyter-cache: (record, notebook)."""
    from jupyter_cache import get_cache

    if not CACHE.exists():
        return None, None
    cache = get_cache(str(CACHE))
    nb = nbformat.read(path, as_version=4)
    try:
        pk, merged = cache.merge_match_into_notebook(nb)
    except KeyError:
        return None, None
    return cache.get_cache_record(pk), merged


def fresh_execution(path: Path) -> list[list[dict[str, str]]]:
    """nbval's execution of ``path`` if recorded for this version, else one execution now."""
    if RECORD.exists():
        record = json.loads(RECORD.read_text(encoding="utf-8"))
        entry = record.get(path.relative_to(ROOT).as_posix())
        n_code = sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)
        if entry and entry["sha256"] == file_hash(path) and len(entry["cells"]) == n_code:
            return [entry["cells"][str(i)] for i in range(n_code)]
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    ).execute()
    return code_cell_texts(nb)


def _package_changed_since(created: datetime) -> list[str]:
    stamp = created.replace(tzinfo=UTC).timestamp()  # jupyter-cache stores UTC
    src = ROOT / "src" / "crmlab"
    return sorted(
        p.relative_to(ROOT).as_posix() for p in src.rglob("*.py") if p.stat().st_mtime > stamp
    )


NOTEBOOKS = book_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_two_executions_give_identical_text_outputs(path):
    """The book build's cached execution and nbval's execution of the same notebook agree
    on every text output (text/plain, text/html, streams), volatile bits masked."""
    record, cached = cached_execution(path)
    if cached is None:
        message = f"{path.name} is not in {CACHE} (build the book first: `make book`)"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    book = masked(code_cell_texts(cached))
    fresh = masked(fresh_execution(path))
    assert len(book) == len(fresh)
    for i, (a, b) in enumerate(zip(book, fresh, strict=True)):
        if not same_outputs(a, b):
            changed = _package_changed_since(record.created)
            hint = (
                f"; src files changed after the cache was made ({record.created:%H:%M:%S}): "
                f"{changed[:5]}, so the cache may simply be stale (jupyter-cache keys on the "
                "notebook only): rebuild with `rm -rf _build/.jupyter_cache && make book`"
                if changed
                else ""
            )
            pytest.fail(
                f"code cell {i} of {path.relative_to(ROOT)} gave different text in two "
                f"executions (an unseeded draw, an unordered set/dict, a clock?){hint}\n"
                f"book build: {a!r}\nfresh run:  {b!r}"
            )


def test_volatile_masks_are_narrow():
    """Each mask hides only what it names: ordinary numbers, tables and words survive."""
    plain = "mean 458.2 min, 0.75 utilisation, Wall street, at 0x (not an address)"
    assert mask(plain) == plain
    assert mask("<Foo object at 0x7f3a2b1c>") == "<Foo object at 0x…>"
    assert mask('<img src="data:image/png;base64,iVBOR+/w==">') == (
        '<img src="data:image/…;base64,…">'
    )
    assert mask("Wall time: 1.2 s") == "Wall time: …"


def test_widget_captured_outputs_are_counted_in_their_cell():
    """An Output widget's content, saved in the notebook's widget state by the book's
    executor, is compared as part of the cell that displayed the widget."""
    nb = nbformat.v4.new_notebook()
    view = {WIDGET_VIEW: {"model_id": "aa"}, "text/plain": "VBox()"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "w", outputs=[{"output_type": "display_data", "data": view, "metadata": {}}]
        )
    ]
    chart = {"output_type": "display_data", "data": {"text/plain": "<Chart: x>"}}
    nb.metadata["widgets"] = {
        WIDGET_STATE: {
            "state": {
                "aa": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_bb"]}},
                "bb": {"model_name": "OutputModel", "state": {"outputs": [chart]}},
            }
        }
    }
    cells = code_cell_texts(nb)
    assert cells == [[{"text/plain": "<Chart: x>"}, {"text/plain": "VBox()"}]]
    assert same_outputs(cells[0], list(reversed(cells[0])))
    assert not same_outputs(cells[0], cells[0][:1])


# ---- every random draw is seeded (static) ----

# numpy.random attributes that create a seeded generator rather than drawing from the global one.
_NP_ALLOWED = {"default_rng", "Generator", "SeedSequence", "PCG64", "BitGenerator"}


def _unseeded_draws(source: str) -> list[str]:
    """Calls that draw from a global or unseeded generator, found in Python source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # notebook cells with IPython magics
        tree = ast.parse(re.sub(r"^(\s*)[%!].*$", r"\1pass", source, flags=re.M))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if re.fullmatch(r"(np|numpy)\.random\.\w+", name):
            attr = name.rsplit(".", 1)[1]
            if attr not in _NP_ALLOWED:
                found.append(f"{name}(): the global numpy generator")
            elif attr == "default_rng" and (not node.args or ast.unparse(node.args[0]) == "None"):
                found.append("default_rng() without a seed")
        elif re.fullmatch(r"random\.\w+", name) and name != "random.Random":
            found.append(f"{name}(): the global random generator")
        elif name == "random.Random" and not node.args:
            found.append("random.Random() without a seed")
        for kw in node.keywords:
            if kw.arg == "seed" and ast.unparse(kw.value) == "None":
                found.append(f"{name}(seed=None)")
    return found


def test_the_seed_scanner_finds_unseeded_draws():
    """The scanner flags each kind of unseeded draw and passes seeded ones."""
    bad = (
        "np.random.normal(0, 1)\nnp.random.default_rng()\nrandom.random()\n"
        "simulate(p, 1, 10, seed=None)\nrandom.Random()"
    )
    assert len(_unseeded_draws(bad)) == 5
    good = "rng = np.random.default_rng(0)\nrng.normal()\nrandom.Random(3)\nsimulate(seed=1)"
    assert _unseeded_draws(good) == []


def test_package_never_draws_unseeded():
    """No module of crmlab draws from a global or unseeded random generator."""
    found = {
        p.relative_to(ROOT).as_posix(): hits
        for p in sorted((ROOT / "src" / "crmlab").rglob("*.py"))
        if (hits := _unseeded_draws(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_notebooks_never_draw_unseeded():
    """No chapter or exercise notebook draws from a global or unseeded random generator."""
    paths = sorted((ROOT / "notebooks").rglob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    )
    found = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        hits = [h for c in nb.cells if c.cell_type == "code" for h in _unseeded_draws(c.source)]
        if hits:
            found[path.relative_to(ROOT).as_posix()] = hits
    assert found == {}


def _public_callables():
    import crmlab

    for info in pkgutil.walk_packages(crmlab.__path__, "crmlab."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # e.g. grading without its optional extra
            continue
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{info.name}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{info.name}.{name}", obj
                for meth_name, meth in vars(obj).items():
                    if inspect.isfunction(meth) and not meth_name.startswith("_"):
                        yield f"{info.name}.{name}.{meth_name}", meth


def test_every_seed_argument_defaults_to_zero():
    """DESIGN.md: randomness only through a ``seed`` argument whose default is 0."""
    wrong = {}
    for name, fn in _public_callables():
        try:
            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):
            continue
        seed = params.get("seed")
        if seed is not None and seed.default is not inspect.Parameter.empty:
            if seed.default != 0:
                wrong[name] = seed.default
    assert wrong == {}
