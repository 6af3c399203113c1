"""ipywidgets front ends. Thin: each control calls a model and redraws a shared chart."""

from crmlab.widgets.eoq import eoq_explorer

__all__ = ["eoq_explorer"]
