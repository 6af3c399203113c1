"""The MRP walk-through: edit the master schedule, lead times and lot-sizing rules.

The widget runs :func:`crmlab.erp.mrp.mrp` on the chapter's example plant
(:func:`crmlab.erp.example.alder_and_pine`) after every change and redraws the MRP record of
the chosen item with :func:`crmlab.plots.mrp_record_chart`.
"""

from __future__ import annotations

import html
from dataclasses import replace
from functools import partial

import ipywidgets as widgets

from crmlab import plots
from crmlab._validate import non_negative, positive, whole
from crmlab.erp import lotsizing
from crmlab.erp.example import PlantExample, alder_and_pine
from crmlab.erp.mrp import MRPPlan, mrp
from crmlab.i18n import localize
from crmlab.widgets import _controls

#: The lot-sizing rules the widget offers, by label.
RULES: tuple[str, ...] = (
    "lot for lot",
    "fixed order quantity",
    "periodic order quantity",
    "Silver–Meal",
    "Wagner–Whitin",
)

#: Widget ranges that keep every input valid: (min, max).
LEAD_TIME_RANGE = (0, 6)
PARAMETER_RANGE = (1, 20_000)  # lot size Q (units) or periods P
COST_RANGES = {"setup_cost": (1.0, 2_000.0, 10.0), "holding_cost": (0.01, 5.0, 0.01)}


def lot_sizing_rule(
    rule: str, parameter: float = 1, setup_cost: float = 100.0, holding_cost: float = 0.5
):
    """The callable MRP takes for a rule label of :data:`RULES` (``None`` for lot for lot).

    ``parameter`` is the lot size Q for a fixed order quantity and the number of periods P
    for a periodic order quantity; the cost-based rules use ``setup_cost`` and
    ``holding_cost`` (per unit and period). Each is checked, whichever rule uses it:
    ``parameter`` > 0 (a whole number for the periodic rule), the costs >= 0.
    """
    if not isinstance(rule, str) or rule not in RULES:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    parameter = positive("parameter", parameter)
    if rule == "periodic order quantity":
        parameter = whole("parameter", parameter, minimum=1)
    setup_cost = non_negative("setup_cost", setup_cost)
    holding_cost = non_negative("holding_cost", holding_cost)
    if rule == "lot for lot":
        return None
    if rule == "fixed order quantity":
        return partial(lotsizing.fixed_order_quantity, quantity=parameter)
    if rule == "periodic order quantity":
        return partial(lotsizing.periodic_order_quantity, periods=int(parameter))
    if rule == "Silver–Meal":
        return partial(lotsizing.silver_meal, setup_cost=setup_cost, holding_cost=holding_cost)
    if rule == "Wagner–Whitin":
        return partial(lotsizing.wagner_whitin, setup_cost=setup_cost, holding_cost=holding_cost)
    raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")


def run_example(example: PlantExample) -> MRPPlan:
    """MRP of an example plant (the widget's model call)."""
    if not isinstance(example, PlantExample):
        raise ValueError(
            "example must be a crmlab.erp.example.PlantExample (e.g. alder_and_pine()), got "
            f"{type(example).__name__}"
        )
    return mrp(
        example.mps,
        example.bom,
        example.lead_times,
        on_hand=example.on_hand,
        lot_sizing=example.lot_sizing,
        safety_stock=example.safety_stock,
    )


def mrp_figure(example: PlantExample, item: str) -> plots.Chart:
    """The record chart of one item of the example's plan (the widget's redraw)."""
    plan = run_example(example)
    if not isinstance(item, str) or item not in example.lead_times:
        raise ValueError(f"item must be one of the plant's items, got {item!r}")
    unit = dict(zip(example.products["item_id"], example.products["unit"], strict=True))
    name = dict(zip(example.products["item_id"], example.products["name"], strict=True))
    return plots.mrp_record_chart(
        plan.record(item),
        title=f"MRP record of {item} ({name.get(item, item)})",
        unit=unit.get(item, "units"),
    )


def _current_rule(example: PlantExample, item: str) -> tuple[str, float]:
    rule = example.lot_sizing.get(item)
    if rule is None:
        return "lot for lot", 1
    kw = getattr(rule, "keywords", {})
    if "quantity" in kw:
        return "fixed order quantity", kw["quantity"]
    if "periods" in kw:
        return "periodic order quantity", kw["periods"]
    return "lot for lot", 1


def mrp_walkthrough(example: PlantExample | None = None, item: str = "C300") -> widgets.VBox:
    """Controls for the master schedule, lead times and lot-sizing rules; the MRP record.

    Args:
        example: the plant to plan (default :func:`crmlab.erp.example.alder_and_pine`).
        item: the item whose record is shown first.
    """
    if example is not None and not isinstance(example, PlantExample):
        raise ValueError(
            "example must be a crmlab.erp.example.PlantExample (e.g. alder_and_pine()) or "
            f"None, got {type(example).__name__}"
        )
    state = {"example": example if example is not None else alder_and_pine()}
    ex = state["example"]
    items = list(ex.lead_times)
    if item not in items:
        raise ValueError(f"item must be one of the plant's items, got {item!r}")
    style = {"description_width": "14.5em"}  # the longest label in full (tests/built)
    wide = widgets.Layout(width="40em")
    end_items = sorted(ex.mps)
    mps_item = widgets.Dropdown(
        options=end_items, value=end_items[0], description="MPS of", style=style
    )
    mps_text = widgets.Text(
        description="Quantities by week",
        style=style,
        layout=wide,
        continuous_update=False,
    )
    shown = widgets.Dropdown(options=items, value=item, description="Record of", style=style)
    # The sliders as wide as the text field: at ipywidgets' default width the long
    # descriptions left a track of 15 px.
    lead = _controls.slider(
        "lead_time",
        LEAD_TIME_RANGE[0],
        "Lead time (weeks)",
        LEAD_TIME_RANGE,
        style=style,
        layout=widgets.Layout(width="40em"),
    )
    rule = widgets.Dropdown(options=RULES, description="Lot-sizing rule", style=style)
    parameter = widgets.BoundedIntText(
        min=PARAMETER_RANGE[0],
        max=PARAMETER_RANGE[1],
        description="Q (units) or P (weeks)",
        style=style,
    )
    setup = _controls.slider(
        "setup_cost",
        100.0,
        "Setup cost K (EUR)",
        COST_RANGES["setup_cost"],
        style=style,
        layout=widgets.Layout(width="40em"),
    )
    holding = _controls.slider(
        "holding_cost",
        0.5,
        "Holding h (EUR/unit·week)",
        COST_RANGES["holding_cost"],
        style=style,
        layout=widgets.Layout(width="40em"),
    )
    message = widgets.HTML()
    out = widgets.Output()
    busy = {"loading": False}

    def load_controls(change: object = None) -> None:
        busy["loading"] = True
        ex = state["example"]
        mps_text.value = ", ".join(f"{q:g}" for q in ex.mps[mps_item.value])
        lead.value = min(LEAD_TIME_RANGE[1], ex.lead_times[shown.value])
        label, param = _current_rule(ex, shown.value)
        rule.value = label
        parameter.value = int(min(PARAMETER_RANGE[1], max(PARAMETER_RANGE[0], param)))
        busy["loading"] = False

    def redraw() -> None:
        ex = state["example"]
        plan = run_example(ex)
        mine = [e for e in plan.exceptions if e.item == shown.value]
        releases = plan.planned_order_releases.loc[shown.value]
        orders = [f"{q:,.0f} in week {p}" for p, q in releases.items() if q > 0]
        lines = [
            f"<b>{shown.value}</b> (low-level code {plan.low_level_codes[shown.value]}): "
            f"planned order releases {'; '.join(orders) if orders else 'none'}."
        ]
        lines += [f"⚠ {html.escape(e.message)}" for e in mine]
        message.value = "<p>" + "<br>".join(lines) + "</p>"
        _controls.show(out, lambda: mrp_figure(ex, shown.value))

    def apply(change: object = None) -> None:
        if busy["loading"]:
            return
        ex = state["example"]
        try:
            values = [float(v) for v in mps_text.value.replace(";", ",").split(",")]
        except ValueError:
            values = []
        if len(values) != len(ex.mps[mps_item.value]) or any(v < 0 for v in values):
            message.value = (
                f"<p>Type {len(ex.mps[mps_item.value])} quantities >= 0, separated by commas.</p>"
            )
            return
        lots = dict(ex.lot_sizing)
        chosen = lot_sizing_rule(rule.value, parameter.value, setup.value, holding.value)
        if chosen is None:
            lots.pop(shown.value, None)
        else:
            lots[shown.value] = chosen
        state["example"] = replace(
            ex,
            mps={**ex.mps, mps_item.value: values},
            lead_times={**ex.lead_times, shown.value: lead.value},
            lot_sizing=lots,
        )
        redraw()

    def switch(change: object = None) -> None:
        load_controls()
        redraw()

    mps_item.observe(lambda c: load_controls(), names="value")
    shown.observe(switch, names="value")
    for control in (mps_text, lead, rule, parameter, setup, holding):
        control.observe(apply, names="value")
    load_controls()
    redraw()
    return localize(
        _controls.frame(
            [mps_item, mps_text, shown, lead, rule, parameter, setup, holding, message, out]
        )
    )
