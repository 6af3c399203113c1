"""Tests of crmlab.scm.inventory: the EOQ model; under uncertain demand, the newsvendor,
safety stock and the reorder point."""

import math

import numpy as np
import pytest
from scipy.stats import norm

from crmlab.scm.inventory import (
    eoq,
    eoq_costs,
    eoq_curve,
    eoq_inventory_path,
    newsvendor_quantity,
    reorder_point,
    safety_stock,
)


def test_nahmias_example_4_1_pencils():
    """Nahmias, Production and Operations Analysis, Example 4.1: pencils sold 60 a week
    (λ = 3,120 a year), K = $12, h = 25 % of 2 cents = $0.005 a year: Q* = 3,870."""
    assert round(eoq(60 * 52, 12, 0.25 * 0.02)) == 3870


def test_closed_form_and_equal_costs_at_optimum():
    """Harris (1913): Q* = sqrt(2Kλ/h); at Q* ordering cost = holding cost = TC*/2,
    TC* = sqrt(2Kλh)."""
    lam, k, h = 1200.0, 100.0, 5.0
    q = eoq(lam, k, h)
    assert q == pytest.approx(math.sqrt(2 * 100 * 1200 / 5))
    ordering, holding = eoq_costs(q, lam, k, h)
    assert ordering == pytest.approx(holding)
    assert ordering + holding == pytest.approx(math.sqrt(2 * k * lam * h))


def test_square_root_law_in_demand():
    """Q* grows with the square root of λ: four times the demand, twice the batch."""
    assert eoq(4800, 100, 5) == pytest.approx(2 * eoq(1200, 100, 5))


def test_curve_minimum_is_at_optimum():
    """The tabulated total cost is lowest at the grid point nearest Q*, and the summary
    figures follow from Q*: λ/Q* orders per period, Q*/λ periods per cycle."""
    s = eoq_curve(1200, 100, 5, points=2001)
    best = s.curve.loc[s.curve["total_cost"].idxmin(), "order_quantity"]
    step = s.curve["order_quantity"].diff().iloc[1]
    assert abs(best - s.quantity) <= step
    assert s.total_cost == pytest.approx(s.curve["total_cost"].min(), rel=1e-6)
    assert s.orders_per_period == pytest.approx(1200 / s.quantity)
    assert s.cycle_time == pytest.approx(s.quantity / 1200)
    assert list(s.curve.columns) == [
        "order_quantity",
        "ordering_cost",
        "holding_cost",
        "total_cost",
    ]


def test_cost_ratio_formula():
    """TC(Q)/TC(Q*) = (Q/Q* + Q*/Q)/2 (e.g. Nahmias §4.5, sensitivity analysis): 1.5·Q*
    costs 8.33 % more."""
    q = eoq(1200, 100, 5)
    ordering, holding = eoq_costs(1.5 * q, 1200, 100, 5)
    ratio = (ordering + holding) / math.sqrt(2 * 100 * 1200 * 5)
    assert ratio == pytest.approx((1.5 + 1 / 1.5) / 2)
    assert ratio == pytest.approx(1.0833, abs=1e-4)


def test_sawtooth_average_is_half_the_order():
    """Over whole cycles the time-average stock of the sawtooth is Q/2, and it ranges
    from 0 to Q."""
    path = eoq_inventory_path(1200, 200, horizon=200 / 1200 * 3, points=30001)
    t = path["time"].to_numpy()
    y = path["on_hand"].to_numpy()
    average = np.trapezoid(y, t) / t[-1]
    assert average == pytest.approx(100, rel=1e-3)
    assert y.min() == pytest.approx(0, abs=1e-9)
    assert y.max() == pytest.approx(200)


@pytest.mark.parametrize("name", ["demand_rate", "order_cost", "holding_cost"])
@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, -math.inf, "10", None, True])
def test_eoq_rejects_bad_input_naming_the_argument(name, bad):
    """Zero, negative, NaN, infinite or non-numeric arguments raise ValueError naming it."""
    args = {"demand_rate": 1200, "order_cost": 100, "holding_cost": 5, name: bad}
    with pytest.raises(ValueError, match=name):
        eoq(**args)


def test_eoq_accepts_numpy_scalars():
    """numpy numbers are numbers too."""
    assert eoq(np.float64(1200), np.int64(100), np.float32(5)) == pytest.approx(219.0890, 1e-6)


@pytest.mark.parametrize("points", [1, 0, 2.5, True])
def test_curve_rejects_bad_points(points):
    """points must be a whole number >= 2."""
    with pytest.raises(ValueError, match="points"):
        eoq_curve(1200, 100, 5, points=points)


# ----- uncertain demand: newsvendor, safety stock, reorder point


def test_nahmias_mac_newsstand():
    """Nahmias & Olsen, Production and Operations Analysis, chapter 5 (Mac's newsstand): copies
    cost 25 cents and sell for 75 cents, no salvage, so cu = 0.50 and co = 0.25; weekly demand
    is normal with μ = 11.73, σ = 4.74; the critical ratio is 0.667, z = 0.43 and
    Q* = 11.73 + 0.43 × 4.74 = 13.77, about 14 copies."""
    q = newsvendor_quantity(11.73, 4.74, 0.75 - 0.25, 0.25)
    assert q == pytest.approx(13.77, abs=0.01)
    assert round(q) == 14


def test_cachon_terwiesch_oneill_wetsuit():
    """Cachon & Terwiesch, Matching Supply with Demand, 3rd ed. (2013), the O'Neill Hammer 3/2
    wetsuit: demand N(3192, 1181²), price 190, cost 110, clearance price 90, so cu = 80,
    co = 20 and the critical ratio is 0.80. The book's round-up rule reads z = 0.85 from its
    normal table (Φ(0.84) < 0.80 < Φ(0.85)), so Q = 3192 + 0.85 × 1181 = 4,196; the exact
    quantile z = 0.8416 gives Q = 4,186, within 0.01·σ of the book's answer."""
    q = newsvendor_quantity(3192, 1181, 190 - 110, 110 - 90)
    assert 80 / (80 + 20) == pytest.approx(0.80)
    assert q == pytest.approx(3192 + 1181 * norm.ppf(0.80))
    assert q == pytest.approx(4186, abs=1)
    assert abs(q - 4196) < 0.01 * 1181
    assert norm.cdf(0.84) < 0.80 < norm.cdf(0.85)
    assert round(3192 + 0.85 * 1181) == 4196


def test_newsvendor_symmetric_costs_order_the_mean():
    """Closed form: with cu = co the critical ratio is 1/2, z = 0, so Q* = μ."""
    assert newsvendor_quantity(500, 80, 3, 3) == pytest.approx(500)
    assert newsvendor_quantity(500, 0, 9, 1) == pytest.approx(500)


def test_safety_stock_closed_form():
    """Closed form z·σ·sqrt(L): α = 95 % (z = 1.6449), σ = 20, L = 4 gives 65.79 units; it
    grows with the square root of L."""
    assert safety_stock(20, 4, 0.95) == pytest.approx(1.644854 * 20 * 2, rel=1e-6)
    assert safety_stock(20, 16, 0.95) == pytest.approx(2 * safety_stock(20, 4, 0.95))
    assert safety_stock(20, 0, 0.95) == 0.0
    assert safety_stock(20, 4, 0.5) == pytest.approx(0.0, abs=1e-12)


def test_reorder_point_closed_form():
    """Closed form μ·L + z·σ·sqrt(L): μ = 100, σ = 20, L = 4, α = 0.99 (z = 2.3263):
    400 + 2.3263 × 40 = 493.05."""
    assert reorder_point(100, 20, 4, 0.99) == pytest.approx(400 + 2.326348 * 40, rel=1e-6)
    assert reorder_point(100, 20, 4, 0.99) - 400 == pytest.approx(safety_stock(20, 4, 0.99))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: newsvendor_quantity(100, 10, 0, 1), "underage_cost"),
        (lambda: newsvendor_quantity(100, 10, 1, -2), "overage_cost"),
        (lambda: newsvendor_quantity(100, -1, 1, 1), "std"),
        (lambda: newsvendor_quantity(math.nan, 1, 1, 1), "mean"),
        (lambda: safety_stock(10, 4, 1.0), "service_level"),
        (lambda: safety_stock(10, 4, 0.0), "service_level"),
        (lambda: safety_stock(10, 2.5, 0.9), "lead_time"),
        (lambda: safety_stock(10, -1, 0.9), "lead_time"),
        (lambda: safety_stock(math.nan, 1, 0.9), "demand_std"),
        (lambda: reorder_point(-5, 10, 2, 0.9), "demand_mean"),
        (lambda: reorder_point(5, 10, 2, 1.5), "service_level"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Costs must be > 0, service levels in (0, 1), lead times whole and >= 0, demand
    figures finite and >= 0: otherwise ValueError naming the argument (issue 3)."""
    with pytest.raises(ValueError, match=name):
        call()
