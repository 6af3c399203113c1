"""The two editions of the built book: the student edition (`make book`) holds no solution
and no hidden test; the instructor edition (`make instructor-book`) holds both and the guide.

Like test_built_book.py, these skip when the books are not built, unless
CRMLAB_REQUIRE_BUILD=1 (set by `make test`)."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDENT = ROOT / "_build" / "html"
INSTRUCTOR = ROOT / "_build" / "instructor" / "_build" / "html"
_spec = importlib.util.spec_from_file_location(
    "build_exercises", ROOT / "scripts/build_exercises.py"
)
build_exercises = importlib.util.module_from_spec(_spec)
sys.modules["build_exercises"] = build_exercises
_spec.loader.exec_module(build_exercises)
MASTERS = build_exercises.masters()
#: Every code line of the chapter notebooks, folded: public teaching material.
CHAPTER_CODE = {
    " ".join(line.split())
    for path in ROOT.glob("notebooks/**/*.ipynb")
    for cell in nbformat.read(path, as_version=4).cells
    if cell.cell_type == "code"
    for line in cell.source.splitlines()
    if line.strip()
}


def _site_text(site: Path) -> str:
    """The visible text of every page of a built site, tags stripped, spaces folded."""
    if not (site / "index.html").exists():
        if os.environ.get("CRMLAB_REQUIRE_BUILD"):
            raise AssertionError(f"{site} is not built")
        pytest.skip(f"{site} is not built")
    parts = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        text = re.sub(r"<script.*?</script>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        parts.append(" ".join(text.split()))
    return "\n".join(parts)


def _folded(line: str) -> str:
    return " ".join(line.split())


@pytest.fixture(scope="module")
def student_text():
    return _site_text(STUDENT)


@pytest.fixture(scope="module")
def instructor_text():
    return _site_text(INSTRUCTOR)


def test_there_are_masters():
    """The exercise masters are found (the tests below are not vacuous)."""
    assert MASTERS


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_student_edition_holds_no_solution_or_hidden_test(master, student_text):
    """No solution line and no hidden test function of any master is in the student book
    (a line the question's own text states, such as a formula to type in, or one the
    chapter notebooks show verbatim, such as loading a dataset, is not secret)."""
    nb = nbformat.read(master, as_version=4)
    prose = _folded(" ".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    solutions = [
        s
        for s in map(_folded, build_exercises.solution_lines(nb))
        if s not in prose and s not in CHAPTER_CODE
    ]
    assert solutions
    leaked = [s for s in solutions if s in student_text]
    assert leaked == []
    hidden = build_exercises.master_tests(nb, hidden=True)
    assert hidden
    assert [name for name in hidden if name in student_text] == []


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_instructor_edition_holds_the_solutions(master, instructor_text):
    """The instructor edition shows every solution line."""
    nb = nbformat.read(master, as_version=4)
    missing = [
        s for s in map(_folded, build_exercises.solution_lines(nb)) if s not in instructor_text
    ]
    assert missing == []


def test_instructor_guide_only_in_the_instructor_edition(student_text, instructor_text):
    """The guide and the outcomes page are in the instructor edition, not the student one."""
    assert "Instructor guide" in instructor_text
    assert "Learning outcomes by chapter" in instructor_text
    assert "Instructor guide" not in student_text
    assert not (STUDENT / "book" / "instructor").exists()
