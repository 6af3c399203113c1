"""Every public function of the model rooms has a property-based test.

Source: issue 13 ("a test that every public function has property coverage, instead of a
hand-kept list") and the public-API contract of DESIGN.md. The public functions are those
of tests/project/test_hostile.py's sweep (tests/public_api.py): every public function and
class defined in a public module of crmlab.scm, crm, erp and bpr, and crmlab.datasets's
loaders. One counts as covered when a hypothesis test (a function decorated with
``@given``) in a room folder, tests/<room>/, names it: called through its module
(``inventory.eoq``), imported by name (``from crmlab.erp.mrp import mrp``), or re-exported
by its package (``crmlab.bpr.simulate``). A result type (a dataclass or named tuple that a
public function returns, or that a result type holds) is covered by the functions that
return it.

Not checked here: the widgets (thin front ends whose slider ranges keep inputs valid;
tests/widgets/), crmlab.grading and crmlab.classroom (files, subprocesses and a server;
tests/grading/, tests/classroom/), and the charts (tests/plots/test_properties.py draws
those of the opening, CRM and BPR chapters; tests/plots/test_legibility.py draws every
chart from tests/chart_cases.py).

There is no list of exceptions: a new public function needs a property test in its room's
tests/<room>/test_properties.py (or another test module of the room) before this passes.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))  # the shared helpers

from public_api import MODEL_ROOMS, public_callables  # noqa: E402

PUBLIC = public_callables()


def _result_types() -> set[str]:
    """Names of the public dataclasses and named tuples that a public function returns,
    or that such a result holds in a field (read from the annotations)."""

    def is_record(obj: object) -> bool:
        return inspect.isclass(obj) and (
            dataclasses.is_dataclass(obj) or (issubclass(obj, tuple) and hasattr(obj, "_fields"))
        )

    words: set[str] = set()
    for obj in PUBLIC.values():
        functions = [obj] if inspect.isfunction(obj) else []
        if inspect.isclass(obj):
            functions += [f for _, f in inspect.getmembers(obj, inspect.isfunction)]
            functions += [
                p.fget for _, p in inspect.getmembers(obj, lambda m: isinstance(m, property))
            ]
            if is_record(obj):
                words.update(re.findall(r"\w+", " ".join(map(str, obj.__annotations__.values()))))
        for f in functions:
            words.update(re.findall(r"\w+", str(getattr(f, "__annotations__", {}).get("return"))))
    return {n for n, obj in PUBLIC.items() if is_record(obj) and obj.__name__ in words}


def _names_bound_by_imports(tree: ast.Module) -> dict[str, object]:
    """What each name a test module imports from crmlab is bound to."""
    bound: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crmlab"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                try:
                    value = getattr(module, alias.name)
                except AttributeError:
                    value = importlib.import_module(f"{node.module}.{alias.name}")
                bound[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("crmlab"):
                    module = importlib.import_module(alias.name)
                    if alias.asname:
                        bound[alias.asname] = module
                    else:  # import crmlab.x.y binds crmlab
                        bound["crmlab"] = importlib.import_module("crmlab")
    return bound


def _resolve(node: ast.expr, bound: dict[str, object]) -> object | None:
    """The object a name or a dotted attribute chain such as ``inventory.eoq`` denotes."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, bound)
        return None if base is None else getattr(base, node.attr, None)
    return None


def _is_given(decorator: ast.expr) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(func, ast.Name) and func.id == "given") or (
        isinstance(func, ast.Attribute) and func.attr == "given"
    )


def named_by_property_tests() -> set[int]:
    """The ids of the crmlab objects that some ``@given`` test in a room folder names, in
    its decorators, its body, or a module-level constant, strategy or helper it uses."""
    found: set[int] = set()
    for path in sorted(TESTS.glob("*/test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = _names_bound_by_imports(tree)
        helpers: dict[str, ast.AST] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                helpers[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        helpers[target.id] = node
        tests = [
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and any(map(_is_given, node.decorator_list))
        ]
        seen: set[str] = set()
        while tests:
            for inner in ast.walk(tests.pop()):
                if isinstance(inner, (ast.Name, ast.Attribute)):
                    obj = _resolve(inner, bound)
                    if obj is not None:
                        found.add(id(obj))
                if isinstance(inner, ast.Name) and inner.id in helpers and inner.id not in seen:
                    seen.add(inner.id)
                    tests.append(helpers[inner.id])
    return found


RESULT_TYPES = _result_types()
NAMED = named_by_property_tests()
UNCOVERED = sorted(n for n, obj in PUBLIC.items() if id(obj) not in NAMED and n not in RESULT_TYPES)


def test_the_walk_finds_the_public_functions_and_their_property_tests():
    """The check itself can fail: it sees every model room, knows a result type, and finds
    the property tests of functions known to have one."""
    rooms = {n.split(".")[1] for n in PUBLIC}
    assert set(MODEL_ROOMS) | {"datasets"} <= rooms
    assert "crmlab.scm.inventory.EOQSolution" in RESULT_TYPES
    assert "crmlab.erp.enterprise.Enterprise" not in RESULT_TYPES
    covered = {n for n in PUBLIC if n not in UNCOVERED}
    assert {
        "crmlab.scm.inventory.eoq",  # inventory.eoq(...)
        "crmlab.erp.mrp.mrp",  # from crmlab.erp.mrp import mrp
        "crmlab.bpr.simulation.simulate",  # re-exported as crmlab.bpr.simulate
        "crmlab.datasets.load",
    } <= covered


@pytest.mark.parametrize("room", sorted(set(MODEL_ROOMS) | {"datasets"}))
def test_every_public_function_has_a_property_test(room):
    """A public function of the room that no property test names fails here."""
    missing = [n for n in UNCOVERED if n.split(".")[1] == room]
    assert not missing, f"no property test in tests/{room}/ names: {missing}"
