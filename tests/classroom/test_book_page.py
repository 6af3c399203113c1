"""The instructor edition carries "Running the beer game in class" with the screenshots the
browser test takes, and the beer-game notebook links to it."""

from __future__ import annotations

import importlib.util
import json
import re

import yaml

from .serverproc import ROOT

PAGE = ROOT / "book" / "instructor" / "classroom.md"


def instructor_book():
    path = ROOT / "scripts" / "instructor_book.py"
    spec = importlib.util.spec_from_file_location("instructor_book", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_page_is_in_the_instructor_edition_only():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    module = instructor_book()
    assert "book/instructor/classroom" in module.toc_files(module.instructor_toc(toc))
    assert "book/instructor/classroom" not in module.toc_files(toc)


def test_the_page_shows_the_screenshots_with_alt_text():
    text = PAGE.read_text(encoding="utf-8")
    assert text.startswith("(instructor-classroom)=\n# Running the beer game in class")
    figures = re.findall(r"```\{figure\} (\S+)\n:alt: (.+)\n", text)
    assert len(figures) >= 5
    for image, alt in figures:
        assert (PAGE.parent / image).is_file(), image
        assert len(alt) > 40
    assert "crmlab classroom serve" in text and 'pip install "crmlab[classroom]"' in text


def test_the_beer_game_notebook_links_to_the_page():
    nb = json.loads((ROOT / "notebooks" / "scm" / "09_beer_game.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "book/instructor/classroom.md" in text and "crmlab classroom serve" in text
