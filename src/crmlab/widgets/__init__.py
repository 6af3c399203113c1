"""ipywidgets front ends. Thin: each control calls a model and redraws a shared chart.

Every widget is importable from here (``from crmlab.widgets import eoq_explorer``), but a
chapter's widget module is imported only when one of its widgets is first used (PEP 562),
so a package one chapter needs cannot break the others. When a package is missing the
error names it and how to install it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The naming rule: a widget's name is a noun phrase that ends in its kind, one of _KINDS.
# A new widget goes into _WIDGETS (which the lazy import reads), __all__ and the
# TYPE_CHECKING imports below; benchmarks/run.py times every name in __all__, and
# tests/project/test_widgets_contract.py checks that the three agree.

#: The kinds of widget (the last word of a widget's name) and what each kind is.
_KINDS: dict[str, str] = {
    "explorer": "controls over a model's inputs; its chart and summary redraw as they move",
    "calculator": "the value of one formula and its curve, redrawn as the inputs move",
    "player": "a game the learner plays step by step, with a debrief at the end",
    "walkthrough": "a worked example the learner edits one part at a time",
    "tour": "a list of topics to pick from, each with what it is about and its figure",
}

#: Each widget and the module of this package that defines it.
_WIDGETS: dict[str, str] = {
    "beer_game_explorer": "beergame",
    "beer_game_player": "beergame",
    "bullwhip_explorer": "bullwhip",
    "closed_loop_explorer": "scm",
    "clv_calculator": "crm",
    "distribution_explorer": "scm",
    "document_flow_explorer": "enterprise",
    "eoq_explorer": "eoq",
    "key_issues_tour": "scm",
    "matching_threshold_explorer": "matching",
    "mrp_walkthrough": "mrp",
    "network_explorer": "scm",
    "policy_explorer": "inventory",
    "pooling_explorer": "inventory",
    "postponement_explorer": "inventory",
    "redesign_explorer": "bpr",
    "rfm_explorer": "crm",
    "supply_network_explorer": "scm",
    "systems_explorer": "systems",
}

#: Every widget, as _WIDGETS lists them (written out for linters and editors).
__all__ = [
    "beer_game_explorer",
    "beer_game_player",
    "bullwhip_explorer",
    "closed_loop_explorer",
    "clv_calculator",
    "distribution_explorer",
    "document_flow_explorer",
    "eoq_explorer",
    "key_issues_tour",
    "matching_threshold_explorer",
    "mrp_walkthrough",
    "network_explorer",
    "policy_explorer",
    "pooling_explorer",
    "postponement_explorer",
    "redesign_explorer",
    "rfm_explorer",
    "supply_network_explorer",
    "systems_explorer",
]

#: Where a package crmlab's widgets import comes from, when it is not installed.
_INSTALL_HINTS: dict[str, str] = {
    "rapidfuzz": 'pip install rapidfuzz (a dependency of crmlab: pip install "crmlab")',
    "ipywidgets": 'pip install ipywidgets (a dependency of crmlab: pip install "crmlab")',
    "IPython": 'pip install ipython (a dependency of crmlab: pip install "crmlab")',
}

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports lazily
    from crmlab.widgets.beergame import beer_game_explorer, beer_game_player
    from crmlab.widgets.bpr import redesign_explorer
    from crmlab.widgets.bullwhip import bullwhip_explorer
    from crmlab.widgets.crm import clv_calculator, rfm_explorer
    from crmlab.widgets.enterprise import document_flow_explorer
    from crmlab.widgets.eoq import eoq_explorer
    from crmlab.widgets.inventory import policy_explorer, pooling_explorer, postponement_explorer
    from crmlab.widgets.matching import matching_threshold_explorer
    from crmlab.widgets.mrp import mrp_walkthrough
    from crmlab.widgets.scm import (
        closed_loop_explorer,
        distribution_explorer,
        key_issues_tour,
        network_explorer,
        supply_network_explorer,
    )
    from crmlab.widgets.systems import systems_explorer


def _import_module(module: str) -> Any:
    """Import ``crmlab.widgets.<module>``; a missing package raises an error that names it
    and how to install it."""
    try:
        return importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if not missing or missing == "crmlab":
            raise
        hint = _INSTALL_HINTS.get(missing, f"pip install {missing}")
        raise ModuleNotFoundError(
            f"crmlab.widgets.{module} needs the package {missing!r}, which is not installed. "
            f"Install it with: {hint}",
            name=error.name,
        ) from error


def __getattr__(name: str) -> Any:
    """Import a widget's module the first time the widget is used (PEP 562)."""
    module = _WIDGETS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
