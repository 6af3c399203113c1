"""Tests of crmlab.scm.inventory under uncertain demand: newsvendor, safety stock, reorder
point."""

import math

import pytest
from scipy.stats import norm

from crmlab.scm.inventory import newsvendor_quantity, reorder_point, safety_stock


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
