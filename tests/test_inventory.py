"""Tests of crmlab.scm.inventory: the EOQ model."""

import math

import numpy as np
import pytest

from crmlab.scm.inventory import eoq, eoq_costs, eoq_curve, eoq_inventory_path


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
