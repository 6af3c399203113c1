"""ipywidgets front ends. Thin: each control calls a model and redraws a shared chart."""

from crmlab.widgets.bpr import redesign_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.crm import clv_calculator, rfm_explorer  # noqa: F401 (re-exported)
from crmlab.widgets.eoq import eoq_explorer

__all__ = ["eoq_explorer"]
