"""ipywidgets front ends. Thin: each control calls a model and redraws a shared chart."""

from crmlab.widgets.beergame import (  # noqa: F401 (re-exported)
    beer_game_explorer,
    beer_game_player,
)
from crmlab.widgets.bpr import redesign_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.crm import clv_calculator, rfm_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.enterprise import document_flow_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.eoq import eoq_explorer
from crmlab.widgets.inventory import (  # noqa: F401 (re-exported)
    policy_explorer,
    pooling_explorer,
    postponement_explorer,
)
from crmlab.widgets.matching import matching_threshold_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.mrp import mrp_walkthrough  # noqa: F401 (re-exported)
from crmlab.widgets.scm import (  # noqa: F401 (re-exported)
    closed_loop_explorer,
    distribution_explorer,
    network_explorer,
)

__all__ = ["eoq_explorer"]
