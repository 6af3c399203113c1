"""Structural checks of the chapter notebooks and master exercise notebooks."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("set_repository", ROOT / "scripts/set_repository.py")
set_repository = importlib.util.module_from_spec(spec)
spec.loader.exec_module(set_repository)

NOTEBOOKS = set_repository.notebooks()
CHAPTER_NOTEBOOKS = sorted(ROOT.glob("notebooks/**/*.ipynb"))
CHECK_TAG = "nbval-check-output"


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _source(cell):
    return "".join(cell["source"])


def test_there_are_notebooks():
    """The glob finds the notebooks (so the tests below cannot pass vacuously)."""
    assert CHAPTER_NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_setup_cell_installs_from_the_configured_repository(path):
    """The first code cell imports crmlab and, only if that fails (on Colab), installs it
    from the repository named in _config.yml."""
    url = set_repository.current_url((ROOT / "_config.yml").read_text())
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    first = next(c for c in code if "import crmlab" in _source(c) or "%pip" in _source(c))
    src = _source(first)
    assert "try:\n    import crmlab" in src
    assert "except ImportError:" in src
    assert f"crmlab @ git+{url}" in src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_compared_cells_carry_outputs(path):
    """Outputs are committed only for the cells nbval compares."""
    for cell in _cells(path):
        if cell["cell_type"] != "code" or not cell.get("outputs"):
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        assert CHECK_TAG in tags or "NBVAL_CHECK_OUTPUT" in _source(cell), _source(cell)[:80]


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapter_notebook_shape(path):
    """Each chapter notebook opens with a label and a title, has learning objectives and
    key takeaways, and is in the table of contents."""
    cells = _cells(path)
    first = _source(cells[0])
    assert first.startswith("(") and "\n# " in first
    text = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    assert "## Learning objectives" in text
    assert "## Key takeaways" in text
    toc = (ROOT / "_toc.yml").read_text()
    assert path.relative_to(ROOT).with_suffix("").as_posix() in toc


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_set_repository_rewrites_the_setup_cell_and_keeps_valid_json(path):
    """`make set-repository` changes only the URL: the notebook stays valid JSON."""
    url = "https://example.org/fork/crmlab"
    text = set_repository.INSTALL.sub(f"crmlab @ git+{url}", path.read_text())
    cells = json.loads(text)["cells"]
    assert any(f'crmlab @ git+{url}"' in _source(c) for c in cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_into_the_repository_use_the_configured_address(path):
    """A link to a file of the repository (``.../blob/main/PATH``) names the address set in
    _config.yml (so `make set-repository` moves it with the rest) and a file that exists."""
    url = set_repository.current_url((ROOT / "_config.yml").read_text())
    text = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    for match in re.finditer(r"https://github\.com/[\w.-]+/[\w.-]+/blob/main/([^)\s]+)", text):
        assert match.group(0).startswith(f"{url}/blob/main/"), match.group(0)
        assert (ROOT / match.group(1)).is_file(), match.group(1)
