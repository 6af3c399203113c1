"""Build the exercises: a student edition and an autograder for every master notebook.

A master notebook ``exercises/<name>.ipynb`` is written once, in otter-grader's assign format
(questions, solutions, public and hidden tests; see ``exercises/README.md``). For each one this
script writes ``exercises/dist/<name>/``:

- ``student/<name>.ipynb``: the student edition. Solutions are replaced by ``...``, hidden tests
  are left out, and the public tests travel inside otter's init cell (the cell that creates
  ``grader``), which writes them to a temporary folder: ``grader.check("q1")`` gives feedback at
  once, offline, whatever the notebook's file is called and wherever it runs (JupyterLab, VS
  Code, Colab). Otter's own default reads them from the notebook's file by its original name,
  which breaks once a student renames it or opens it on Colab.
- ``autograder/``: the instructor's side: ``<name>.ipynb`` (the solutions, every test),
  ``<name>-autograder.zip`` (otter's grading bundle, public and hidden tests) and the files otter
  makes for it.

Then it checks what it built: the student edition must hold no solution line and no hidden
test, and the solutions must score full marks with the autograder zip. Nothing here needs
Docker or the network: otter runs the grading in this Python environment.

Usage::

    python scripts/build_exercises.py            # every exercises/*.ipynb
    python scripts/build_exercises.py eoq        # one exercise
    python scripts/build_exercises.py --no-check # skip the grading check (faster)
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
EXERCISES = REPO / "exercises"
DIST = EXERCISES / "dist"

# The Colab set-up cell opens every notebook of the project; otter's own set-up cell (the
# "init cell", which creates ``grader``) is moved to sit right after it.
SETUP_CELL_START = "# Set-up: on Colab"
OTTER_INIT_CELL_START = "# Initialize Otter"

# Text that only a master or autograder notebook may hold.
MARKERS = ("# SOLUTION", "# BEGIN SOLUTION", "# END SOLUTION", "# BEGIN TESTS", "# HIDDEN")

_RAW_BOUNDARY = re.compile(r"#\s+(begin|end)\s+(question|prompt|solution|tests)\b", re.IGNORECASE)
_TEST_CONFIG_BEGIN = re.compile(r'(?:.\s*=\s*)?""?"?\s*#\s*BEGIN\s*TEST\s*CONFIG', re.IGNORECASE)
_TEST_CONFIG_END = re.compile(r'""?"?\s*#\s*END\s*TEST\s*CONFIG', re.IGNORECASE)


class BuildError(RuntimeError):
    """An exercise could not be built, or what was built failed its checks."""


@dataclass(frozen=True)
class Built:
    """What one master notebook became."""

    name: str  # the master's file stem, e.g. "eoq"
    student_notebook: Path  # dist/<name>/student/<name>.ipynb
    autograder_notebook: Path  # dist/<name>/autograder/<name>.ipynb (solutions, all tests)
    autograder_zip: Path  # dist/<name>/autograder/<name>-autograder.zip
    score: float | None  # the solutions' score with the zip (None if not checked)
    possible: float | None  # the points available
    seconds: float  # wall-clock time of the build


# --------------------------------------------------------------------------- master notebooks


def masters(directory: Path = EXERCISES) -> list[Path]:
    """The master notebooks in ``directory`` (not in its subfolders, so never ``dist/``)."""
    return sorted(p for p in directory.glob("*.ipynb") if not p.name.startswith("."))


def _blocks(nb: nbformat.NotebookNode) -> Iterable[tuple[str | None, nbformat.NotebookNode]]:
    """Yield (innermost open block, cell) for every non-boundary cell of a master notebook."""
    stack: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "raw":
            match = _RAW_BOUNDARY.match(cell.source.lstrip())
            if match:
                kind, block = match.group(1).lower(), match.group(2).lower()
                if kind == "begin":
                    stack.append(block)
                elif stack and stack[-1] == block:
                    stack.pop()
                continue
        yield (stack[-1] if stack else None), cell


def solution_lines(nb: nbformat.NotebookNode) -> list[str]:
    """The code lines of a master's solution cells that the student edition must not hold.

    A line marked ``# SOLUTION`` (its code, without the marker) and every line between
    ``# BEGIN SOLUTION`` and ``# END SOLUTION`` inside a cell; blank lines are skipped.
    """
    lines: list[str] = []
    for block, cell in _blocks(nb):
        if block != "solution" or cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith("# BEGIN SOLUTION"):
                inside = True
            elif stripped.startswith("# END SOLUTION"):
                inside = False
            elif inside and stripped:
                lines.append(stripped)
            elif re.search(r"#\s?SOLUTION(\s+NO PROMPT)?\s*$", line):
                code = re.sub(r"#\s?SOLUTION(\s+NO PROMPT)?\s*$", "", line).strip()
                if code:
                    lines.append(code)
    return lines


def _is_hidden(source: str) -> bool:
    """Whether a test cell is hidden, read as otter reads it (a ``# HIDDEN`` first line or a
    test config with ``hidden: true``)."""
    lines = source.splitlines()
    if not lines:
        return False
    first = lines[0].lstrip()
    if _TEST_CONFIG_BEGIN.match(lines[0]):
        import yaml  # otter's dependency

        end = next((i for i, ln in enumerate(lines) if _TEST_CONFIG_END.match(ln)), len(lines))
        config = yaml.safe_load("\n".join(lines[1:end])) or {}
        return bool(config.get("hidden", False))
    return first.startswith("#") and re.search(r"\bhidden\b", first, re.IGNORECASE) is not None


def master_tests(nb: nbformat.NotebookNode, *, hidden: bool) -> dict[str, str]:
    """The test functions of a master notebook, hidden or public: name -> source of the def."""
    found: dict[str, str] = {}
    for block, cell in _blocks(nb):
        if block != "tests" or cell.cell_type != "code" or _is_hidden(cell.source) != hidden:
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.FunctionDef):
                found[node.name] = ast.get_source_segment(cell.source, node) or node.name
    return found


# --------------------------------------------------------------------------------- the build


def _move_init_cell(path: Path) -> None:
    """Put otter's init cell right after the Colab set-up cell (otter puts it first)."""
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    init = next(
        (i for i, c in enumerate(cells) if c.source.startswith(OTTER_INIT_CELL_START)), None
    )
    setup = next(
        (
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code" and c.source.startswith(SETUP_CELL_START)
        ),
        None,
    )
    if init is None or setup is None or init > setup:
        return
    cell = cells.pop(init)
    setup = next(i for i, c in enumerate(cells) if c.source.startswith(SETUP_CELL_START))
    cells.insert(setup + 1, cell)
    nbformat.write(nb, path)


#: The student edition's init cell. ``{tests}`` becomes a dict literal: question -> the source
#: of its public test file, as otter wrote it into the notebook's metadata.
PORTABLE_INIT_CELL = """\
# Initialize Otter. The public tests travel in this cell, so `grader.check` finds them
# whatever this notebook's file is called and wherever it runs (Jupyter, VS Code, Colab).
import otter

_PUBLIC_TESTS = {tests}


def _otter_grader(tests):
    import os
    import tempfile

    folder = tempfile.TemporaryDirectory(prefix="otter-tests-")
    for question, source in tests.items():
        with open(os.path.join(folder.name, question + ".py"), "w", encoding="utf-8") as file:
            file.write(source)
    # This notebook's own file, where the front end names it (VS Code, JupyterLab).
    path = globals().get("__vsc_ipynb_file__") or os.environ.get("JPY_SESSION_NAME", "")
    path = path if path.endswith(".ipynb") and os.path.isfile(path) else None
    return otter.Notebook(path, tests_dir=folder.name), folder


grader, _tests_folder = _otter_grader(_PUBLIC_TESTS)
"""


def _string_literal(text: str) -> str:
    """``text`` as a readable Python literal: a raw triple-quoted string where it can be."""
    quotes = "'''"
    if quotes not in text and not text.endswith("\\") and "\r" not in text:
        return "r" + quotes + text + quotes
    return repr(text)


def public_tests_literal(tests: dict[str, str]) -> str:
    """A dict literal of the public tests (question -> test file source), one entry a line."""
    body = "".join(f"    {q!r}: {_string_literal(src)},\n" for q, src in sorted(tests.items()))
    literal = "{\n" + body + "}"
    if ast.literal_eval(literal) != tests:  # the literal must give back exactly these tests
        raise BuildError("the public tests cannot be written into the init cell")
    return literal


def _make_init_cell_portable(path: Path) -> None:
    """Replace otter's init cell, ``grader = otter.Notebook("<name>.ipynb")``, which reads the
    tests from the notebook's file by that name, with one that carries the public tests itself
    (from the notebook's metadata, where otter put them)."""
    nb = nbformat.read(path, as_version=4)
    init = next(c for c in nb.cells if c.source.startswith(OTTER_INIT_CELL_START))
    tests = dict(nb.metadata["otter"]["tests"])
    init.source = PORTABLE_INIT_CELL.format(tests=public_tests_literal(tests))
    tags = init.metadata.setdefault("tags", [])
    if "hide-input" not in tags:
        tags.append("hide-input")  # the book folds it
    init.metadata.setdefault("jupyter", {})["source_hidden"] = True  # JupyterLab folds it
    nbformat.write(nb, path)


def leaks(master: Path, student_dir: Path) -> list[str]:
    """What of the master's solutions and hidden tests appears in the student edition's folder
    (an empty list when nothing does)."""
    nb = nbformat.read(master, as_version=4)
    texts = {
        p.relative_to(student_dir).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(student_dir.rglob("*"))
        if p.is_file()
    }
    sources: dict[str, str] = {}  # the code of each notebook (question texts may name answers)
    for rel, text in texts.items():
        if rel.endswith(".ipynb"):
            student = nbformat.reads(text, as_version=4)
            sources[rel] = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    problems = []
    for line in solution_lines(nb):
        problems += [f"{rel}: solution line {line!r}" for rel, s in sources.items() if line in s]
    for name in master_tests(nb, hidden=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        problems += [f"{rel}: hidden test {name}" for rel, t in texts.items() if pattern.search(t)]
    for marker in MARKERS:
        problems += [f"{rel}: marker {marker!r}" for rel, s in sources.items() if marker in s]
    return problems


def build_exercise(
    master: Path, dist: Path = DIST, *, check: bool = True, out: Path | None = None
) -> Built:
    """Build one master notebook into ``dist/<name>/student`` and ``dist/<name>/autograder``.

    Args:
        master: the master notebook, in otter assign format.
        dist: the output root; ``dist/<name>`` is replaced.
        check: grade the solutions with the autograder zip and require full marks.
        out: the output folder instead of ``dist/<name>`` (the Chinese edition's).

    Raises:
        BuildError: if otter rejects the master, the student edition leaks a solution or a
            hidden test, or the solutions do not score full marks.
    """
    from otter.api import grade_submission
    from otter.assign import main as otter_assign

    start = time.perf_counter()
    master = Path(master).resolve()
    name = master.stem
    out = Path(dist).resolve() / name if out is None else Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log):
            otter_assign(str(master), str(out), no_pdfs=True, no_run_tests=True)
    except Exception as error:
        raise BuildError(
            f"{master.name}: otter assign failed: {error}\n{log.getvalue()}"
        ) from error

    student = out / "student" / master.name
    autograder = out / "autograder" / master.name
    for notebook in (student, autograder):
        _move_init_cell(notebook)
    _make_init_cell_portable(student)

    # otter names the zip with a timestamp; a stable name keeps the build repeatable
    zips = sorted((out / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise BuildError(f"{master.name}: expected one autograder zip, found {len(zips)}")
    ag_zip = out / "autograder" / f"{name}-autograder.zip"
    zips[0].replace(ag_zip)

    problems = leaks(master, out / "student")
    if problems:
        raise BuildError(f"{master.name}: the student edition leaks:\n  " + "\n  ".join(problems))

    score = possible = None
    if check:
        results = grade_submission(str(autograder), str(ag_zip), quiet=True)
        score, possible = results.total, results.possible
        if score != possible:
            raise BuildError(
                f"{master.name}: the solutions score {score}/{possible} with the autograder:\n"
                + results.summary()
            )
    return Built(name, student, autograder, ag_zip, score, possible, time.perf_counter() - start)


# ------------------------------------------------------------------------ the Chinese edition


def _i18n():
    """scripts/i18n.py, which holds the catalogs and the translation of a notebook's text."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("crmlab_i18n_tool", REPO / "scripts/i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("crmlab_i18n_tool", module)
    spec.loader.exec_module(module)
    return module


#: Appended to the Chinese edition's set-up cell: charts and widgets in Chinese.
ZH_LANGUAGE_LINES = """
import crmlab

crmlab.set_language("zh")  # 图表与交互控件使用中文
"""


def _translate_notebook(path: Path, tables: dict[str, dict[str, str]], i18n) -> list[str]:
    """Translate a notebook's prose and its tests' messages in place; return what stayed
    English (paragraphs and messages with no translation in the catalogs)."""
    nb = nbformat.read(path, as_version=4)
    missing: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source, left = i18n.translate_markdown(cell.source, tables["page"])
            missing += left
        elif cell.cell_type == "code":
            cell.source, left = i18n.translate_feedback(cell.source, tables["feedback"])
            missing += left
            if cell.source.startswith(SETUP_CELL_START) and "set_language" not in cell.source:
                cell.source = cell.source.rstrip() + "\n" + ZH_LANGUAGE_LINES
        elif cell.cell_type == "raw" and "instructions:" in cell.source:
            for english, chinese in tables["page"].items():
                cell.source = cell.source.replace(
                    f'"{english}"', json.dumps(chinese, ensure_ascii=False)
                )
    nbformat.write(nb, path)
    return missing


def build_chinese(
    master: Path, dist: Path = DIST, *, check: bool = True
) -> tuple[Built, list[str]]:
    """The Chinese student edition and autograder of one master, into ``dist/<name>/zh/``.

    The master's prose is translated from the book's catalog of the exercise page, its tests'
    messages from ``locales/zh_CN/LC_MESSAGES/exercise-feedback/<name>.po``; code, names and
    points stay as they are, so `crmlab grade` grades a Chinese notebook like an English one.
    Returns the build and the English text that had no translation yet (left in English).
    """
    i18n = _i18n()
    name = Path(master).stem
    tables = {
        "page": i18n.lookup_table(i18n.read(f"exercises/dist/{name}/student/{name}")),
        "feedback": i18n.lookup_table(i18n.read(f"exercise-feedback/{name}")),
    }
    work = REPO / "_build" / "exercises-zh"
    work.mkdir(parents=True, exist_ok=True)
    zh_master = work / f"{name}.ipynb"
    zh_master.write_bytes(Path(master).read_bytes())
    missing = _translate_notebook(zh_master, tables, i18n)
    built = build_exercise(zh_master, dist, check=check, out=Path(dist) / name / "zh")
    for notebook in (built.student_notebook, built.autograder_notebook):
        missing += _translate_notebook(notebook, tables, i18n)
    return built, sorted(set(missing))


def main(argv: list[str] | None = None) -> int:
    """Command line: build the named exercises (default: all) and report each one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="exercise names (default: every master)")
    parser.add_argument("--dist", type=Path, default=DIST, help="output root (exercises/dist)")
    parser.add_argument("--no-check", action="store_true", help="do not grade the solutions")
    args = parser.parse_args(argv)

    logging.getLogger("otter").setLevel(logging.WARNING)
    available = {p.stem: p for p in masters()}
    unknown = sorted(set(args.names) - set(available))
    if unknown:
        parser.error(f"unknown exercise(s) {unknown}; available: {sorted(available)}")
    chosen = [available[n] for n in args.names] if args.names else list(available.values())
    if not chosen:
        print(f"no master notebooks in {EXERCISES}")
        return 0

    for master in chosen:
        try:
            built = build_exercise(master, args.dist, check=not args.no_check)
        except BuildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        graded = "" if built.score is None else f", solutions {built.score:g}/{built.possible:g}"
        print(
            f"{built.name}: {_show(built.student_notebook)}, {_show(built.autograder_zip)}"
            f"{graded} ({built.seconds:.1f} s)"
        )
        try:
            built, missing = build_chinese(master, args.dist, check=not args.no_check)
        except BuildError as error:
            print(f"error (Chinese edition): {error}", file=sys.stderr)
            return 1
        graded = "" if built.score is None else f", solutions {built.score:g}/{built.possible:g}"
        left = f"; {len(missing)} passages not yet translated" if missing else ""
        print(f"  中文: {_show(built.student_notebook)}{graded} ({built.seconds:.1f} s){left}")
    return 0


def _show(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return path.relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
