"""What crmlab imports is what pyproject.toml declares, and the widgets import lazily.

`pip install crmlab` (what the notebooks' Colab set-up cell does) installs only the
dependencies pyproject.toml declares; every check elsewhere runs in the full `.venv`, which
holds far more. These tests close that gap without the network; tests/install/ then proves
it by installing the built wheel into a fresh environment.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "crmlab"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CORE = [Requirement(r) for r in PROJECT["dependencies"]]
EXTRAS = {
    extra: [Requirement(r) for r in reqs]
    for extra, reqs in PROJECT.get("optional-dependencies", {}).items()
}
#: The subpackages that may import an extra's packages: crmlab.<extra> needs crmlab[<extra>].
EXTRA_SUBPACKAGES = {"grading", "classroom"}


def _imported_modules(path: Path) -> set[str]:
    """The top-level names of every module a source file imports, at any depth (function-
    level imports included), except relative imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _third_party(path: Path) -> set[str]:
    return {
        m for m in _imported_modules(path) if m not in sys.stdlib_module_names and m != "crmlab"
    }


@functools.cache
def _providers() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()  # slow: it reads every distribution


def _distributions(module: str) -> set[str]:
    """The installed distributions that provide a top-level import name."""
    return {canonicalize_name(d) for d in _providers().get(module, [])}


def _names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_scan_finds_third_party_imports():
    """The scan sees the packages the models are built on (so the test below cannot pass
    vacuously), including a function-level import (networkx in plots/bpr.py)."""
    everything = set().union(*map(_third_party, SOURCES))
    assert {"numpy", "pandas", "scipy", "networkx", "simpy", "rapidfuzz", "IPython"} <= everything
    assert "networkx" in _third_party(PACKAGE / "plots" / "bpr.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_import_is_declared(path):
    """Each third-party module a file imports comes from a declared dependency: a core one,
    or for crmlab.<extra> (grading, classroom) one of that extra."""
    subpackage = path.relative_to(PACKAGE).parts[0]
    allowed = _names(CORE)
    if subpackage in EXTRA_SUBPACKAGES:
        assert subpackage in EXTRAS, f"pyproject.toml has no extra {subpackage!r}"
        allowed |= _names(EXTRAS[subpackage])
    for module in sorted(_third_party(path)):
        provided_by = _distributions(module)
        assert provided_by & allowed, (
            f"{path.relative_to(ROOT)} imports {module} (from {sorted(provided_by)}), which "
            f"pyproject.toml does not declare for it"
        )


def test_every_requirement_has_a_version_floor():
    """Each declared dependency states the oldest version the code works with."""
    for requirement in CORE + [r for reqs in EXTRAS.values() for r in reqs]:
        floors = [s for s in requirement.specifier if s.operator in (">=", "==", "~=")]
        assert floors, f"{requirement} has no version floor"


def test_one_supported_python_range():
    """pyproject's ``requires-python`` is the one Python range (issue 13): the CI workflow
    tests a version inside it, the classifiers name versions inside it (the lowest among
    them), ruff targets the lowest, and the README and DESIGN.md state it in words."""
    from packaging.specifiers import SpecifierSet

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    supported = SpecifierSet(PROJECT["requires-python"])
    (lowest,) = [s.version for s in supported if s.operator == ">="]
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    ci = re.findall(r'python-version:\s*"([\d.]+)"', workflow)
    assert ci and all(v in supported for v in ci), ci
    listed = [
        c.rsplit(" :: ", 1)[1]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert listed and all(v in supported for v in listed) and lowest in listed, listed
    assert config["tool"]["ruff"]["target-version"] == "py" + lowest.replace(".", "")
    for doc in ("README.md", "DESIGN.md"):
        assert f"{lowest} or newer" in (ROOT / doc).read_text(encoding="utf-8"), doc


def test_the_widget_notebooks_need_no_extra():
    """Everything crmlab.widgets and the models it calls import is a core dependency: the
    notebooks' Colab set-up cell installs plain crmlab, without extras."""
    core = _names(CORE)
    for path in SOURCES:
        if path.relative_to(PACKAGE).parts[0] in EXTRA_SUBPACKAGES:
            continue
        for module in _third_party(path):
            assert _distributions(module) & core, f"{path.relative_to(ROOT)}: {module}"


# ------------------------------------------------------------------------------ the widgets


def _run(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (so nothing is imported yet)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _widget_functions() -> set[str]:
    """The public functions of the widget modules that return a widget (``-> widgets.…``)."""
    found = set()
    for path in sorted((PACKAGE / "widgets").glob("[!_]*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and node.returns is not None
                and re.match(r"widgets\.", ast.unparse(node.returns))
            ):
                found.add(node.name)
    return found


def test_all_lists_every_widget():
    """`crmlab.widgets.__all__` names every widget the widget modules define, and each name
    resolves to that function."""
    import crmlab.widgets as widgets

    expected = _widget_functions()
    assert len(expected) >= 19
    assert set(widgets.__all__) == expected
    assert widgets.__all__ == sorted(widgets.__all__)
    for name in widgets.__all__:
        function = getattr(widgets, name)
        assert inspect.isfunction(function) and function.__name__ == name


def test_importing_the_widgets_package_imports_no_chapter():
    """`import crmlab.widgets` imports no widget module and not ipywidgets; the first use of
    a widget imports its own chapter's module only (with the shared ``_controls``)."""
    result = _run(
        "import sys, crmlab.widgets as w\n"
        "print(sorted(m for m in sys.modules if m.startswith('crmlab.widgets.')))\n"
        "print('ipywidgets' in sys.modules)\n"
        "from crmlab.widgets import eoq_explorer\n"
        "print(sorted(m for m in sys.modules if m.startswith('crmlab.widgets.')))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "[]",
        "False",
        "['crmlab.widgets._controls', 'crmlab.widgets.eoq']",
    ]


def test_a_missing_package_breaks_only_its_widget_and_says_how_to_install_it():
    """With rapidfuzz missing, the matching widget raises ModuleNotFoundError naming
    rapidfuzz and the pip command; the EOQ widget still imports."""
    result = _run(
        "import sys\n"
        "sys.modules['rapidfuzz'] = None  # as if it were not installed\n"
        "from crmlab.widgets import eoq_explorer\n"
        "try:\n"
        "    from crmlab.widgets import matching_threshold_explorer\n"
        "except ModuleNotFoundError as error:\n"
        "    print(type(error).__name__, error.name, '|', error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ModuleNotFoundError rapidfuzz |"), result.stdout
    assert "'rapidfuzz'" in result.stdout and "pip install rapidfuzz" in result.stdout


def test_an_unknown_name_is_an_attribute_error():
    """A name that is no widget raises AttributeError (so `hasattr` and `from ... import`
    of a submodule keep working)."""
    import crmlab.widgets as widgets

    assert not hasattr(widgets, "no_such_widget")
    from crmlab.widgets import scm  # a submodule, not a widget

    assert scm.__name__ == "crmlab.widgets.scm"


def test_grading_without_its_extra_says_how_to_install_it():
    """Without the "grading" extra (here: nbformat missing), importing crmlab.grading raises
    ModuleNotFoundError naming the package and `pip install "crmlab[grading]"`."""
    result = _run(
        "import sys\n"
        "sys.modules['nbformat'] = None  # as if it were not installed\n"
        "try:\n"
        "    import crmlab.grading\n"
        "except ModuleNotFoundError as error:\n"
        "    print(type(error).__name__, error.name, '|', error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ModuleNotFoundError nbformat |"), result.stdout
    assert 'pip install "crmlab[grading]"' in result.stdout
