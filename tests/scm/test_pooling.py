"""Tests of crmlab.scm.pooling: risk pooling, the square-root law, correlated demand."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from crmlab.scm.pooling import (
    correlated_demand,
    pooled_std,
    pooling_curve,
    pooling_ratio,
    risk_pooling,
    square_root_law,
)

#: Simchi-Levi, Kaminsky & Simchi-Levi, Designing and Managing the Supply Chain (3rd ed.),
#: chapter 2, the ACME risk-pooling example: eight weeks of demand for product A at the
#: Massachusetts and New Jersey warehouses.
ACME_A = pd.DataFrame(
    {
        "Massachusetts": [33, 45, 37, 38, 55, 30, 18, 58],
        "New Jersey": [46, 35, 41, 40, 26, 48, 18, 55],
    }
)
#: The same example's product B (a slow mover).
ACME_B = pd.DataFrame(
    {"Massachusetts": [0, 2, 3, 0, 0, 1, 3, 0], "New Jersey": [2, 4, 0, 0, 3, 1, 0, 0]}
)


def test_simchi_levi_acme_product_a():
    """Simchi-Levi et al. (2008), chapter 2, ACME product A (K = $60, h = $0.27 a week, L = 1
    week, 97 % service level): the book's table has average demand 39.3 and 38.6, standard
    deviations 13.2 and 12.0 (20.7 centralised) and order quantities 132, 131 and 186.
    Safety stock is z·std·sqrt(L) with z = Φ⁻¹(0.97) (the book reads 1.88 from its
    table); centralising cuts it from 47.4 to 39.0 units (hand-computed with the formula)."""
    table = risk_pooling(ACME_A, 1, 0.97, 60, 0.27)
    assert table.index.tolist() == ["Massachusetts", "New Jersey", "centralized"]
    assert table["mean"].tolist() == pytest.approx([39.3, 38.6, 77.9], abs=0.05)
    assert table["std"].round(1).tolist() == [13.2, 12.0, 20.7]
    assert table["order_quantity"].round(0).tolist() == [132, 131, 186]
    z = norm.ppf(0.97)
    np.testing.assert_allclose(table["safety_stock"], z * table["std"])
    local = table.loc[["Massachusetts", "New Jersey"], "safety_stock"].sum()
    assert local == pytest.approx(47.44, abs=0.01)
    assert table.loc["centralized", "safety_stock"] == pytest.approx(38.95, abs=0.01)


def test_simchi_levi_acme_product_b():
    """Simchi-Levi et al. (2008), chapter 2, ACME product B: standard deviations 1.36, 1.58 and
    1.92 centralised; the benefit of pooling is larger for the slow, erratic product."""
    table = risk_pooling(ACME_B, 1, 0.97, 60, 0.27)
    assert table["std"].round(2).tolist() == [1.36, 1.58, 1.92]
    ratio_b = table.loc["centralized", "safety_stock"] / table["safety_stock"].iloc[:2].sum()
    table_a = risk_pooling(ACME_A, 1, 0.97, 60, 0.27)
    ratio_a = table_a.loc["centralized", "safety_stock"] / table_a["safety_stock"].iloc[:2].sum()
    assert ratio_b < ratio_a


def test_columns_follow_their_definitions():
    """DESIGN.md: reorder point μL + SS, EOQ on the mean, average inventory Q/2 + SS;
    the central row is the row-wise sum of demand."""
    demand = correlated_demand(100, 20, 3, 52, seed=2)
    table = risk_pooling(demand, 2, 0.95, 100, 2)
    total = demand.sum(axis=1)
    assert table.loc["centralized", "mean"] == pytest.approx(total.mean())
    assert table.loc["centralized", "std"] == pytest.approx(total.std(ddof=1))
    np.testing.assert_allclose(
        table["reorder_point"], 2 * table["mean"] + table["safety_stock"], rtol=1e-12
    )
    np.testing.assert_allclose(
        table["order_quantity"], np.sqrt(2 * 100 * table["mean"] / 2), rtol=1e-12
    )
    np.testing.assert_allclose(
        table["average_inventory"], table["order_quantity"] / 2 + table["safety_stock"]
    )


def test_square_root_law():
    """Maister (1976): consolidating n equal, independent stock points into one needs
    1/sqrt(n) of the stock: 4 warehouses with 400 units in total → 200 units."""
    assert square_root_law(400, 4) == pytest.approx(200)
    assert square_root_law(200, 1, 4) == pytest.approx(400)
    assert pooling_ratio(4, 0.0) == pytest.approx(0.5)


def test_pooled_std_closed_form():
    """Var(ΣX_i) = nσ² + n(n−1)ρσ²: n = 4, σ = 10, ρ = 0.5 gives sqrt(100·(4 + 6)) = 31.62;
    ρ = 1 gives nσ (no pooling benefit) and ρ = −1/(n−1) gives 0."""
    assert pooled_std(10, 4, 0.5) == pytest.approx(math.sqrt(1000))
    assert pooled_std(10, 4, 1.0) == pytest.approx(40)
    assert pooled_std(10, 4, -1 / 3) == pytest.approx(0, abs=1e-9)
    curve = pooling_curve(10, 4, 0.95, n_markets=4, correlations=[0, 1])
    assert curve["ratio"].tolist() == pytest.approx([0.5, 1.0])


def test_simulated_correlation_matches_closed_form():
    """The closed form against simulation: 5 markets, σ = 20, ρ = 0.3, 20,000 periods
    (seed 0): the sample std of the total is within 2 % of σ·sqrt(n + n(n−1)ρ)."""
    demand = correlated_demand(100, 20, 5, 20_000, correlation=0.3, seed=0)
    table = risk_pooling(demand, 1, 0.9, 10, 1)
    assert table.loc["centralized", "std"] == pytest.approx(pooled_std(20, 5, 0.3), rel=0.02)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: risk_pooling(ACME_A.replace(33, np.nan), 1, 0.97, 60, 0.27), "demand"),
        (lambda: risk_pooling(ACME_A.replace(33, -1), 1, 0.97, 60, 0.27), "demand"),
        (lambda: risk_pooling([[1, 2], [3, 4]], 1, 0.97, 60, 0.27), "demand"),
        (lambda: risk_pooling(ACME_A, 1.5, 0.97, 60, 0.27), "lead_time"),
        (lambda: risk_pooling(ACME_A, -1, 0.97, 60, 0.27), "lead_time"),
        (lambda: risk_pooling(ACME_A, 1, 1.0, 60, 0.27), "service_level"),
        (lambda: risk_pooling(ACME_A, 1, 0.97, 0, 0.27), "order_cost"),
        (lambda: risk_pooling(ACME_A, 1, 0.97, 60, -0.27), "holding_cost"),
        (lambda: pooled_std(10, 4, -0.5), "correlation"),
        (lambda: pooled_std(10, 0, 0), "n_markets"),
        (lambda: square_root_law(100, 0), "locations"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Issue 3: demand with NaN or negative values, lead times not whole, service levels
    outside (0, 1), costs <= 0, impossible correlations: ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        call()
