"""The package's public callables, as the checks over "every public function" see them.

Shared by tests/project/test_hostile.py (the hostile-input sweep) and
tests/project/test_property_coverage.py (every public function has a property test).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

#: The rooms whose modules hold models; crmlab.datasets counts with its loaders only
#: (its submodules are the seeded generator, run by ``python -m crmlab.datasets.generate``).
MODEL_ROOMS: tuple[str, ...] = ("scm", "crm", "erp", "bpr")


def public_modules() -> list[str]:
    """crmlab.datasets and every public module of the model rooms."""
    modules = ["crmlab.datasets"]
    for sub in MODEL_ROOMS:
        pkg = importlib.import_module(f"crmlab.{sub}")
        modules += [
            f"crmlab.{sub}.{m.name}"
            for m in pkgutil.iter_modules(pkg.__path__)
            if not m.name.startswith("_")
        ]
    return modules


def public_callables() -> dict[str, Callable]:
    """Every public function and class defined in crmlab.scm, crm, erp, bpr and datasets."""
    out: dict[str, Callable] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if (
                attr.startswith("_")
                or not callable(obj)
                or getattr(obj, "__module__", None) != name
            ):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            out[f"{name}.{attr}"] = obj
    return out
