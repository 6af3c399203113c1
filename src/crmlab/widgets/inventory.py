"""Inventory explorers: a policy simulator, risk pooling, and postponement.

Each explorer follows the EOQ explorer's pattern: sliders whose ranges keep every input
valid, one redraw callback that calls the model and then a chart function of
:mod:`crmlab.plots`, and a ``*_figure`` function that draws the same chart without
widgets (the static default figure of the book).
"""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets

from crmlab import _schema, plots
from crmlab._validate import non_negative, positive, probability_open
from crmlab.i18n import localize
from crmlab.scm.policies import (
    MAX_QUANTITY,
    BaseStockPolicy,
    PolicyResult,
    RQPolicy,
    SSPolicy,
    normal_demand,
    simulate_policy,
)
from crmlab.scm.pooling import correlated_demand, pooling_ratio, risk_pooling
from crmlab.scm.postponement import postponement_curve
from crmlab.widgets import _controls

#: The policies of :func:`policy_explorer`.
POLICIES: tuple[str, ...] = ("base-stock", "(r, Q)", "(s, S)")

#: Slider ranges (min, max, step) of :func:`policy_explorer`. ``level`` is S, r or s;
#: ``quantity`` is Q for (r, Q) and S − s for (s, S) (so S > s always holds).
POLICY_RANGES: dict[str, tuple[float, float, float]] = {
    "level": (0.0, 1500.0, 10.0),
    "quantity": (10.0, 1000.0, 10.0),
    "lead_time": (0, 8, 1),
    "demand_std": (0.0, 40.0, 1.0),
}

#: Slider ranges of :func:`pooling_explorer`. A correlation from 0 to 1 is valid for any
#: number of markets.
POOLING_RANGES: dict[str, tuple[float, float, float]] = {
    "n_markets": (2, 10, 1),
    "correlation": (0.0, 1.0, 0.05),
    "lead_time": (1, 8, 1),
    "service_level": (0.80, 0.99, 0.01),
}

#: Slider ranges of :func:`postponement_explorer`.
POSTPONEMENT_RANGES: dict[str, tuple[float, float, float]] = {
    "max_variants": (2, 20, 1),
    "correlation": (0.0, 1.0, 0.05),
    "lead_time": (1, 12, 1),
    "finishing_time": (0, 4, 1),
}

POLICY_LABELS: dict[str, str] = {
    "level": "Level S, r or s (units)",
    "quantity": "Q, or S − s (units)",
    "lead_time": "Lead time L (periods)",
    "demand_std": "Demand std σ (units/period)",
}

POOLING_LABELS: dict[str, str] = {
    "n_markets": "Markets n",
    "correlation": "Correlation ρ",
    "lead_time": "Lead time L (weeks)",
    "service_level": "Cycle service level α",
}

POSTPONEMENT_LABELS: dict[str, str] = {
    "max_variants": "Variants up to k",
    "correlation": "Correlation ρ",
    "lead_time": "Protection interval τ (periods)",
    "finishing_time": "Finishing time ℓ (periods)",
}

#: How every slider of this module looks.
_LOOK = {"style": {"description_width": "16em"}, "layout": {"width": "36em"}}


# ----- Policy explorer ------------------------------------------------------------------------


def _units(name: str, value: object, *, above_zero: bool = False) -> float:
    """``value`` as a float if it is finite, >= 0 (> 0 if ``above_zero``) and at most
    :data:`crmlab.scm.policies.MAX_QUANTITY`; else ``ValueError`` naming ``name``."""
    x = positive(name, value) if above_zero else non_negative(name, value)
    if x > MAX_QUANTITY:
        raise ValueError(f"{name} must be at most {MAX_QUANTITY:g} units, got {value!r}")
    return x


def policy_simulation(
    policy: str = "base-stock",
    level: float = 400.0,
    quantity: float = 300.0,
    lead_time: int = 2,
    demand_std: float = 30.0,
    *,
    lost_sales: bool = False,
    demand_mean: float = 100.0,
    periods: int = 104,
    holding_cost: float = 1.0,
    backorder_cost: float = 9.0,
    order_cost: float = 100.0,
    seed: int = 0,
) -> PolicyResult:
    """Simulate one policy on normal demand (the explorer's model call).

    Args:
        policy: ``"base-stock"`` (level = S), ``"(r, Q)"`` (level = r, quantity = Q) or
            ``"(s, S)"`` (level = s, quantity = S − s).
        lead_time, demand_std, demand_mean, periods, costs, lost_sales, seed: as in
            :func:`crmlab.scm.policies.simulate_policy` and
            :func:`crmlab.scm.policies.normal_demand`; ``level``, ``quantity`` (> 0),
            ``demand_mean`` and ``demand_std`` are finite and at most
            :data:`crmlab.scm.policies.MAX_QUANTITY` units, as is ``demand_mean + 10
            demand_std`` (so no simulated demand exceeds it).
    """
    if not isinstance(policy, str) or policy not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, got {policy!r}")
    level = _units("level", level)
    quantity = _units("quantity", quantity, above_zero=True)
    if policy == "(s, S)" and level + quantity > MAX_QUANTITY:
        raise ValueError(
            f"level + quantity (S of the (s, S) policy) must be at most {MAX_QUANTITY:g} units"
        )
    demand_mean = _units("demand_mean", demand_mean)
    demand_std = _units("demand_std", demand_std)
    if demand_mean + 10 * demand_std > MAX_QUANTITY:
        raise ValueError(
            f"demand_mean + 10 × demand_std must be at most {MAX_QUANTITY:g} units, got "
            f"{demand_mean:g} + 10 × {demand_std:g}"
        )
    if policy == "base-stock":
        rule = BaseStockPolicy(level)
    elif policy == "(r, Q)":
        rule = RQPolicy(level, quantity)
    elif policy == "(s, S)":
        rule = SSPolicy(level, level + quantity)
    else:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, got {policy!r}")
    demand = normal_demand(demand_mean, demand_std, periods, seed=seed)
    return simulate_policy(
        demand,
        rule,
        lead_time,
        holding_cost=holding_cost,
        backorder_cost=backorder_cost,
        order_cost=order_cost,
        lost_sales=lost_sales,
    )


def policy_summary(result: PolicyResult) -> str:
    """One line: fill rate, cycle service level, average stock and cost per period."""
    if not isinstance(result, PolicyResult):
        raise ValueError(
            "result must be a crmlab.scm.policies.PolicyResult (from policy_simulation), got "
            f"{type(result).__name__}"
        )
    return (
        f"fill rate {100 * result.fill_rate:.1f} % · cycle service level "
        f"{100 * result.cycle_service_level:.1f} % · average on hand "
        f"{result.average_on_hand:,.0f} units · orders in {100 * result.order_frequency:.0f} % "
        f"of periods · cost {result.average_cost:,.1f} per period"
    )


def policy_figure(**kwargs: object) -> plots.Chart:
    """The explorer's chart for one setting (arguments as :func:`policy_simulation`)."""
    return _policy_chart(policy_simulation(**kwargs), kwargs.get("policy", "base-stock"))


def _policy_chart(result: PolicyResult, policy: object) -> plots.Chart:
    return plots.inventory_policy_chart(
        result.history, title=f"Simulated inventory: {policy} policy"
    )


def policy_explorer(
    policy: str = "base-stock",
    level: float = 400.0,
    quantity: float = 300.0,
    lead_time: int = 2,
    demand_std: float = 30.0,
) -> widgets.VBox:
    """Choose a policy, its parameters, the lead time and demand variability; see the
    simulated inventory path, fill rate, service level and cost (104 periods, demand mean
    100 a period, h = 1, b = 9, K = 100)."""
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, got {policy!r}")
    start = {"level": level, "quantity": quantity, "lead_time": lead_time}
    start["demand_std"] = demand_std
    sliders = _controls.sliders(POLICY_RANGES, POLICY_LABELS, start, readout_format=".0f", **_LOOK)
    chooser = widgets.ToggleButtons(options=list(POLICIES), value=policy, description="Policy")
    lost = widgets.Checkbox(value=False, description="Lost sales (else backorders)")
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = _controls.values(sliders)
        result = policy_simulation(chooser.value, lost_sales=lost.value, **values)
        summary.value = f"<p>{policy_summary(result)}</p>"
        _controls.show(out, lambda: _policy_chart(result, chooser.value))

    _controls.connect(redraw, chooser, lost, *sliders.values())
    return localize(_controls.frame([chooser, *sliders.values(), lost, summary, out]))


# ----- Risk pooling explorer ------------------------------------------------------------------


def pooling_table(
    n_markets: int = 4,
    correlation: float = 0.0,
    lead_time: int = 2,
    service_level: float = 0.95,
    *,
    mean: float = 100.0,
    std: float = 25.0,
    periods: int = 104,
    order_cost: float = 100.0,
    holding_cost: float = 1.0,
    seed: int = 0,
):
    """The risk-pooling table on simulated weekly demand of n identical markets."""
    demand = correlated_demand(mean, std, n_markets, periods, correlation, seed=seed)
    return risk_pooling(demand, lead_time, service_level, order_cost, holding_cost)


def pooling_summary(table, n_markets: int, correlation: float) -> str:
    """One line: decentralised and centralised safety stock, and the theory's ratio."""
    _schema.check("table", table, replace(_schema.RISK_POOLING, min_rows=2))
    local = float(table.drop(index="centralized")["safety_stock"].sum())
    central = float(table.loc["centralized", "safety_stock"])
    if local <= 0:
        raise ValueError(
            "table must hold a positive local safety stock (its 'safety_stock' column sums "
            f"to {local:g} over the local markets)"
        )
    return (
        f"safety stock: {local:,.0f} units in {n_markets} local stocks, {central:,.0f} units "
        f"centralised (ratio {central / local:.2f} in this sample; theory "
        f"√(n + n(n−1)ρ)/n = {pooling_ratio(n_markets, correlation):.2f})"
    )


def _chart_service_level(service_level: object) -> None:
    """Refuse a service level below 0.5: its safety stock is negative, which a chart of
    stocks does not draw."""
    if probability_open("service_level", service_level) < 0.5:
        raise ValueError(
            "service_level must lie in [0.5, 1) for the chart (below 0.5 the safety stock "
            f"is negative), got {service_level!r}"
        )


def pooling_figure(**kwargs: object) -> plots.Chart:
    """The explorer's chart for one setting (arguments as :func:`pooling_table`;
    ``service_level`` at least 0.5)."""
    _chart_service_level(kwargs.get("service_level", 0.95))
    return plots.risk_pooling_chart(pooling_table(**kwargs))


def pooling_explorer(
    n_markets: int = 4,
    correlation: float = 0.0,
    lead_time: int = 2,
    service_level: float = 0.95,
) -> widgets.VBox:
    """Number of markets, correlation, lead time, service level → safety stock held in
    each market against one central stock (104 weeks of simulated demand, mean 100 and
    standard deviation 25 per market)."""
    start = {"n_markets": n_markets, "correlation": correlation, "lead_time": lead_time}
    start["service_level"] = service_level
    sliders = _controls.sliders(POOLING_RANGES, POOLING_LABELS, start, **_LOOK)
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        values = _controls.values(sliders)
        table = pooling_table(**values)
        summary.value = (
            f"<p>{pooling_summary(table, values['n_markets'], values['correlation'])}</p>"
        )
        _controls.show(out, lambda: plots.risk_pooling_chart(table))

    _controls.connect(redraw, *sliders.values())
    return localize(_controls.frame([*sliders.values(), summary, out]))


# ----- Postponement explorer ------------------------------------------------------------------


def postponement_figure(
    max_variants: int = 8,
    correlation: float = 0.0,
    lead_time: int = 4,
    finishing_time: int = 0,
    *,
    total_std: float = 40.0,
    service_level: float = 0.95,
) -> plots.Chart:
    """The explorer's chart: safety stock with and without postponement against k
    (``service_level`` at least 0.5)."""
    _chart_service_level(service_level)
    curve = postponement_curve(
        total_std,
        lead_time,
        service_level,
        max_variants=max_variants,
        correlation=correlation,
        finishing_time=finishing_time,
    )
    return plots.postponement_chart(curve)


def postponement_explorer(
    max_variants: int = 8, correlation: float = 0.0, lead_time: int = 4, finishing_time: int = 0
) -> widgets.VBox:
    """Variants, their correlation, the protection interval τ and the finishing time → total
    safety stock stocking variants against stocking the generic product (total demand
    σ = 40 per period, 95 % cycle service level)."""
    start = {"max_variants": max_variants, "correlation": correlation}
    start.update(lead_time=lead_time, finishing_time=finishing_time)
    sliders = _controls.sliders(POSTPONEMENT_RANGES, POSTPONEMENT_LABELS, start, **_LOOK)
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        _controls.show(out, lambda: postponement_figure(**_controls.values(sliders)))

    _controls.connect(redraw, *sliders.values())
    return localize(_controls.frame([*sliders.values(), out]))
