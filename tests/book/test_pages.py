"""The book's table of contents, glossary links and API reference agree with the files.

These checks run in a second, without building the book: a page missing from the table of
contents, a glossary term taught on a page the book does not include, a {term} role with
no glossary entry, or a new module left out of the API reference fails here first.
(tests/book/test_glossary.py checks that each term appears on the page that teaches it.)
"""

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("glossary", ROOT / "book/_glossary.py")
glossary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glossary)

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
API_PAGE = ROOT / "book/api.md"
#: The parts of the book that follow the course text, each closed by a summary page.
SUMMARISED_PARTS = ("crm", "scm", "erp", "bpr")


def _toc_files() -> list[str]:
    files = [TOC["root"]]
    for part in TOC.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def _source(file: str) -> Path | None:
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{file}{suffix}").is_file():
            return ROOT / f"{file}{suffix}"
    return None


def _book_sources() -> list[Path]:
    return [p for p in (_source(f) for f in _toc_files()) if p is not None]


def test_toc_lists_pages():
    """The table of contents is not empty (so the checks below cannot pass vacuously)."""
    assert len(_toc_files()) > 10


@pytest.mark.parametrize("file", _toc_files())
def test_every_toc_page_exists(file):
    """Each file named in _toc.yml exists as a Markdown page or a notebook."""
    if file.startswith("exercises/dist/"):
        # Built by `make exercises` from the master notebook exercises/<name>.ipynb.
        name = file.split("/")[2]
        assert (ROOT / f"exercises/{name}.ipynb").is_file(), file
        return
    assert _source(file) is not None, f"{file}: no {file}.md or {file}.ipynb"


def test_no_page_is_listed_twice():
    """A page appears once in the table of contents."""
    files = _toc_files()
    assert len(files) == len(set(files))


def test_every_glossary_link_points_into_the_book():
    """Each glossary term is taught on (and each see-also label names) a page that the
    book includes: with only_build_toc_files, a page outside _toc.yml is not built."""
    labels = glossary.label_sources()
    in_book = {p.resolve() for p in _book_sources()}
    problems = []
    for entry in glossary.load_entries():
        for label in [entry["taught_in"], *entry.get("see_also", [])]:
            page = labels.get(label)
            if page is None or page.resolve() not in in_book:
                problems.append(f"{entry['term']}: {label} is not a page of the book")
    assert problems == []


def test_every_term_role_names_a_glossary_term():
    """Each {term}`...` in the book's pages names a glossary entry (term or abbreviation)."""
    names = set()
    for entry in glossary.load_entries():
        names.add(entry["term"].casefold())
        if entry.get("abbr"):
            names.add(entry["abbr"].casefold())
    role = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
    unknown = []
    for path in _book_sources():
        for text, target in role.findall(path.read_text(encoding="utf-8")):
            name = (target or text).strip().casefold()
            if name not in names:
                unknown.append(f"{path.relative_to(ROOT)}: {name}")
    assert unknown == []


@pytest.mark.parametrize("part", SUMMARISED_PARTS)
def test_each_part_ends_with_its_summary(part):
    """The parts that follow the course text close with their summary page, which states
    key takeaways, key terms and further reading."""
    summary = f"book/{part}/summary"
    ends = [p["chapters"][-1]["file"] for p in TOC["parts"] if p.get("chapters")]
    assert summary in ends, f"{summary} must be the last page of its part"
    text = (ROOT / f"{summary}.md").read_text(encoding="utf-8")
    for heading in ("## Key takeaways", "## Key terms", "## Further reading"):
        assert heading in text, (summary, heading)
    assert "{cite:" in text


def _public_modules() -> list[str]:
    modules = []
    for path in sorted((ROOT / "src/crmlab").rglob("*.py")):
        parts = path.relative_to(ROOT / "src").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts):
            continue
        modules.append(".".join(parts))
    return modules


def test_public_modules_found():
    """The module scan finds the package and its subpackages."""
    modules = _public_modules()
    assert {"crmlab", "crmlab.plots", "crmlab.scm.inventory", "crmlab.datasets"} <= set(modules)


@pytest.mark.parametrize("module", _public_modules())
def test_api_page_documents_every_public_module(module):
    """book/api.md has an automodule directive for every public module under src/crmlab,
    so a new module without a place in the API reference fails here."""
    text = API_PAGE.read_text(encoding="utf-8")
    assert re.search(rf"^\.\. automodule:: {re.escape(module)}\s*$", text, re.MULTILINE), (
        f"add `.. automodule:: {module}` to book/api.md"
    )


def test_api_page_is_in_the_book():
    """The API reference is listed in the table of contents."""
    assert "book/api" in _toc_files()
