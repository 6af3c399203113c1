"""Chapters and exercises link each other (issue 12, point 6).

Each part's summary page links the exercise(s) that practise it, and each exercise links
the chapter pages it practises. The links are MyST references to labels, so that they
resolve in both editions of the book (the exercise page is the student notebook in one and
the autograder notebook in the other; both carry the master's first cell and its label),
and every strict build (`-n -W`) fails on a broken one. tests/built/test_navigation.py
follows the links in both built editions.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
#: Summary page -> the exercises (master notebook names) that practise its part.
PRACTISED_BY = {
    "crm": ["customer_value"],
    "scm": ["eoq", "scm"],
    "erp": ["erp"],
    "bpr": ["bpr"],
}
LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)
LINK = re.compile(r"\]\(#([\w-]+)\)")


def exercise_label(name: str) -> str:
    return "exercise-" + name.replace("_", "-")


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [
        chapter["file"]
        for part in toc["parts"]
        for chapter in part["chapters"]
        if not chapter["file"].startswith("exercises/")
    ]


def chapter_labels() -> dict[str, str]:
    """Label -> page, for the labels that the chapter pages (notebooks) define."""
    labels = {}
    for stem in toc_files():
        path = ROOT / f"{stem}.ipynb"
        if not path.exists():
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for label in LABEL.findall(cell.source):
                    labels[label] = stem
    return labels


def masters() -> list[str]:
    return sorted(p.stem for p in (ROOT / "exercises").glob("*.ipynb"))


def test_every_exercise_is_practised_by_a_part():
    """The table above names every master exercise exactly once."""
    assert sorted(n for names in PRACTISED_BY.values() for n in names) == masters()


@pytest.mark.parametrize("part", sorted(PRACTISED_BY))
def test_summary_links_its_exercises(part):
    """book/<part>/summary.md references the label of each exercise of its part."""
    text = (ROOT / "book" / part / "summary.md").read_text(encoding="utf-8")
    for name in PRACTISED_BY[part]:
        assert f"{{ref}}`{exercise_label(name)}`" in text, f"{part} summary lacks {name}"


@pytest.mark.parametrize("name", masters())
def test_exercise_carries_its_label_and_links_its_chapter_pages(name):
    """The master's first cell defines the exercise's label before its title, and links
    one or more chapter pages by labels that chapter notebooks in the book define."""
    first = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"({exercise_label(name)})=\n# ")
    links = LINK.findall(first.source)
    assert links, f"{name} links no chapter page"
    known = chapter_labels()
    assert [label for label in links if label not in known] == []
