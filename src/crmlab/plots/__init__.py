"""The shared chart style: one palette, labelled axes with units, alt text for every figure.

Every chart function returns a :class:`Chart`: a matplotlib figure together with its alt
text (a one-sentence description of what the figure shows, for readers who cannot see
it). In a notebook a ``Chart`` displays as an image with that alt text, so the static book
carries it too. Figures are made with :class:`matplotlib.figure.Figure` directly, not with
pyplot, so nothing is drawn twice and no global figure state is touched.

The charts live by chapter: :mod:`crmlab.plots.scm`, :mod:`crmlab.plots.erp`,
:mod:`crmlab.plots.bpr` and :mod:`crmlab.plots.crm`; the style they share (palette, figure
size, :class:`Chart`, :func:`new_figure`, the argument checks every chart runs) is in
``crmlab.plots._style``. Every name is importable from ``crmlab.plots`` itself, e.g.
``from crmlab.plots import eoq_cost_chart``. A chart draws a model's result; it runs no
model itself.
"""

from __future__ import annotations

from crmlab.plots._style import (
    CYCLE,
    PALETTE,
    PNG_DPI,
    WIDTH,
    Chart,
    bar_chart,
    new_figure,
)
from crmlab.plots.bpr import (
    BPR_STRANDS,
    bpr_concept_map,
    cycle_time_histogram,
    design_comparison_chart,
    dfg_chart,
    organisation_process_chart,
    time_split_chart,
)
from crmlab.plots.crm import (
    clv_period_chart,
    clv_sensitivity_chart,
    cohort_heatmap_chart,
    customer_pyramid_chart,
    pareto_chart,
    precision_recall_chart,
    retention_curve_chart,
    rfm_segment_chart,
    systems_map_chart,
)
from crmlab.plots.erp import (
    bom_tree_chart,
    cost_rollup_chart,
    document_flow_chart,
    erp_flows_chart,
    erp_modules_chart,
    erp_stages_chart,
    load_capacity_chart,
    lot_sizing_chart,
    mrp_record_chart,
    plan_money_chart,
    utilisation_heatmap,
)
from crmlab.plots.scm import (
    FLOW_STYLE,
    STAGE_COLOURS,
    STRATEGY_COLOURS,
    TIER_STYLE,
    beer_game_cost_chart,
    beer_game_debrief_chart,
    beer_game_inventory_chart,
    beer_game_orders_chart,
    bullwhip_bound_chart,
    bullwhip_by_stage_chart,
    closed_loop_chart,
    closed_loop_history_chart,
    eoq_cost_chart,
    inventory_policy_chart,
    inventory_sawtooth_chart,
    location_map_chart,
    orders_vs_demand_chart,
    pooling_correlation_chart,
    postponement_chart,
    risk_pooling_chart,
    safety_stock_curve_chart,
    strategy_cost_chart,
    strategy_winner_map,
    supply_network_chart,
)

__all__ = [
    # the shared style
    "CYCLE",
    "PALETTE",
    "PNG_DPI",
    "WIDTH",
    "Chart",
    "bar_chart",
    "new_figure",
    # SCM
    "FLOW_STYLE",
    "STAGE_COLOURS",
    "STRATEGY_COLOURS",
    "TIER_STYLE",
    "beer_game_cost_chart",
    "beer_game_debrief_chart",
    "beer_game_inventory_chart",
    "beer_game_orders_chart",
    "bullwhip_bound_chart",
    "bullwhip_by_stage_chart",
    "closed_loop_chart",
    "closed_loop_history_chart",
    "eoq_cost_chart",
    "inventory_policy_chart",
    "inventory_sawtooth_chart",
    "location_map_chart",
    "orders_vs_demand_chart",
    "pooling_correlation_chart",
    "postponement_chart",
    "risk_pooling_chart",
    "safety_stock_curve_chart",
    "strategy_cost_chart",
    "strategy_winner_map",
    "supply_network_chart",
    # ERP
    "bom_tree_chart",
    "cost_rollup_chart",
    "document_flow_chart",
    "erp_flows_chart",
    "erp_modules_chart",
    "erp_stages_chart",
    "load_capacity_chart",
    "lot_sizing_chart",
    "mrp_record_chart",
    "plan_money_chart",
    "utilisation_heatmap",
    # BPR
    "BPR_STRANDS",
    "bpr_concept_map",
    "cycle_time_histogram",
    "design_comparison_chart",
    "dfg_chart",
    "organisation_process_chart",
    "time_split_chart",
    # CRM
    "clv_period_chart",
    "clv_sensitivity_chart",
    "cohort_heatmap_chart",
    "customer_pyramid_chart",
    "pareto_chart",
    "precision_recall_chart",
    "retention_curve_chart",
    "rfm_segment_chart",
    "systems_map_chart",
]
