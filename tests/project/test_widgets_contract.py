"""The widget contract: one naming rule, one way to build a widget, and every widget
exported, benchmarked and documented.

Source: issue 13, point 3; DESIGN.md ("Conventions", Widgets, and "The public API":
``crmlab.widgets.__all__`` lists every widget) and CONTRIBUTING.md, step 3. The widgets are
found twice, independently of the package's own list: every public function of a widget
module that is annotated to return an ipywidgets container, and every public function whose
name ends in a widget kind. Both must be the list in ``crmlab/widgets/__init__.py``.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
from functools import cache
from pathlib import Path

import pytest

import crmlab.widgets as package

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ROOT / "src" / "crmlab" / "widgets"
MODULES = sorted(p.stem for p in WIDGETS.glob("[!_]*.py"))


def _tree(module: str) -> ast.Module:
    return ast.parse((WIDGETS / f"{module}.py").read_text(encoding="utf-8"))


def _public_functions(module: str) -> list[ast.FunctionDef]:
    return [
        node
        for node in _tree(module).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]


def _kind(name: str) -> str:
    return name.rsplit("_", 1)[-1]


@cache
def _found() -> dict[str, str]:
    """Widget name -> module, found in the source: annotated ``-> widgets.…``, or named
    after a kind."""
    found = {}
    for module in MODULES:
        for node in _public_functions(module):
            returns = ast.unparse(node.returns) if node.returns else ""
            if returns.startswith("widgets.") or _kind(node.name) in package._KINDS:
                found[node.name] = module
    return found


# ------------------------------------------------------------------ exported, one rule


def test_every_widget_is_exported():
    """Every widget the modules define is in ``__all__`` and in the lazy-import table with
    its module; ``__all__`` is sorted; each name imports from ``crmlab.widgets``."""
    assert set(package.__all__) == set(_found()), "add the widget to crmlab/widgets/__init__.py"
    assert package.__all__ == sorted(package.__all__)
    assert package._WIDGETS == _found()
    for name in package.__all__:
        function = getattr(package, name)
        assert inspect.isfunction(function)
        assert function.__module__ == f"crmlab.widgets.{package._WIDGETS[name]}"


def test_the_type_checking_imports_name_every_widget():
    """The imports for editors and type checkers in ``__init__`` name the same widgets from
    the same modules."""
    source = ast.parse((WIDGETS / "__init__.py").read_text(encoding="utf-8"))
    guard = next(
        node
        for node in source.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    imported = {
        alias.name: node.module.rsplit(".", 1)[-1]
        for node in guard.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == package._WIDGETS


def test_every_widget_is_named_after_its_kind():
    """A widget's name is a noun phrase ending in one of the declared kinds; every kind is
    used; no other public function of a widget module ends in a kind."""
    for name in package.__all__:
        assert _kind(name) in package._KINDS, f"{name}: end it in one of {list(package._KINDS)}"
    assert {_kind(n) for n in package.__all__} == set(package._KINDS)
    for module in MODULES:
        for node in _public_functions(module):
            if _kind(node.name) in package._KINDS:
                assert node.name in package.__all__, f"{module}.{node.name} is named as a widget"


# ------------------------------------------------------------------ benchmarked


@cache
def _benchmarks():
    spec = importlib.util.spec_from_file_location("crmlab_bench_run", ROOT / "benchmarks/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_widget_is_benchmarked():
    """benchmarks/run.py times every widget of ``__all__`` (not the ones whose names it
    guesses), and its widget rows come from that list."""
    run = _benchmarks()
    assert run.widget_names() == package.__all__
    assert "endswith" not in inspect.getsource(run.widget_rows)


def test_the_widget_rows_follow_the_list(monkeypatch):
    """The widget table has a row for each name the list gives (one cheap widget here)."""
    run = _benchmarks()
    monkeypatch.setattr(run, "widget_names", lambda: ["eoq_explorer"])
    rows = run.widget_rows(repeats=1)
    assert [r[1].split(" ")[0] for r in rows] == ["eoq_explorer"]
    assert rows[0][2].startswith("median"), rows


# ------------------------------------------------------------------ documented


def _api_blocks() -> dict[str, str]:
    """``automodule`` target -> its options, from the API page."""
    text = (ROOT / "book" / "api.md").read_text(encoding="utf-8")
    blocks = {}
    for match in re.finditer(r"\.\. automodule:: (\S+)\n((?:[ \t]+:.*\n)*)", text):
        blocks[match.group(1)] = match.group(2)
    return blocks


def test_every_widget_is_on_the_api_page():
    """book/api.md documents each widget module with its members, so every widget (each
    with a docstring) is on the API page; ``crmlab.widgets`` itself is there too."""
    blocks = _api_blocks()
    assert "crmlab.widgets" in blocks
    for name, module in sorted(package._WIDGETS.items()):
        target = f"crmlab.widgets.{module}"
        assert target in blocks, f"book/api.md has no automodule {target}"
        options = blocks[target]
        assert ":members:" in options, f"{target}: add :members:"
        assert name not in options, f"{target} leaves {name} out"
        loaded = importlib.import_module(target)
        if ":ignore-module-all:" not in options and hasattr(loaded, "__all__"):
            assert name in loaded.__all__, f"{target}.__all__ hides {name} from the API page"
        assert inspect.getdoc(getattr(loaded, name)), f"{name} has no docstring"


def test_the_design_notes_state_the_naming_rule():
    """DESIGN.md's widget convention names every kind, and every widget name the notes
    mention exists."""
    design = (ROOT / "DESIGN.md").read_text(encoding="utf-8")
    rule = next(
        (p for p in design.split("\n- ") if p.startswith("**Widgets.**")),
        None,
    )
    assert rule is not None, "DESIGN.md: the Widgets convention is missing"
    named = set(re.findall(r"`(\w+)`", rule))
    assert set(package._KINDS) <= named, f"DESIGN.md's rule lacks {set(package._KINDS) - named}"
    kinds = "|".join(package._KINDS)
    mentioned = set(re.findall(rf"`(\w+_(?:{kinds}))\b", design))
    assert mentioned <= set(package.__all__), mentioned - set(package.__all__)


# ------------------------------------------------------------------ one way to build


@pytest.mark.parametrize("module", MODULES)
def test_one_way_to_build_a_widget(module):
    """Each widget module builds with crmlab.widgets._controls: no range check, slider,
    display, cache or frame of its own, and every widget ends with
    ``return localize(_controls.frame(...))``."""
    tree = _tree(module)
    source = ast.unparse(tree)
    imports = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("crmlab.widgets", "_controls") in imports
    assert ("crmlab._validate", "within") not in imports, "check ranges with _controls.check"
    assert not any(m == "IPython.display" for m, _ in imports), "show output with _controls.show"
    own_cache = {("functools", "lru_cache"), ("functools", "cache")} & imports
    assert not own_cache and "lru_cache" not in source, "memoise with _controls.memo"
    for slider in ("IntSlider(", "FloatSlider("):
        assert f"widgets.{slider}" not in source, "build sliders with _controls.slider(s)"
    assert "widgets.VBox(" not in source, "frame the widget with _controls.frame"
    widgets_here = [n for n in _public_functions(module) if n.name in package.__all__]
    for node in widgets_here:
        last = node.body[-1]
        assert isinstance(last, ast.Return) and ast.unparse(last.value).startswith(
            "localize(_controls.frame("
        ), f"{node.name} must end with return localize(_controls.frame([...]))"
