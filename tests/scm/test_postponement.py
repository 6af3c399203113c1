"""Tests of crmlab.scm.postponement: safety stock held as variants against as the generic."""

import math

import pytest
from scipy.stats import norm

from crmlab.scm.pooling import correlated_demand
from crmlab.scm.postponement import postponement, postponement_curve


def test_four_independent_variants_hand_computed():
    """Hand-computed with z·σ·sqrt(L): four independent variants, σ = 10 each, L = 4,
    α = 95 % (z = 1.6449). Without postponement 4 × 1.6449 × 10 × 2 = 131.6 units; the
    generic has σ_G = sqrt(4·100) = 20, so 1.6449 × 20 × 2 = 65.8 units, half as much
    (the square-root law across products, Lee, Billington & Carter 1993)."""
    table = postponement([10, 10, 10, 10], 4, 0.95)
    z = norm.ppf(0.95)
    assert table.index.tolist() == [f"variant {i}" for i in range(1, 5)] + ["generic"]
    assert table["safety_stock_without"].sum() == pytest.approx(4 * z * 10 * 2)
    assert table.loc["generic", "std"] == pytest.approx(20)
    assert table["safety_stock_with"].sum() == pytest.approx(z * 20 * 2)


def test_correlation_closed_form():
    """Var(ΣX_i) = Σσ_i² + ρ·Σ_{i≠j}σ_iσ_j: σ = (10, 20, 30), ρ = 0.5 gives
    1400 + 0.5·(2·(200 + 300 + 600)) = 2500, σ_G = 50; with ρ = 1 σ_G = 60 = Σσ_i and
    postponement saves nothing."""
    assert postponement([10, 20, 30], 1, 0.9, correlation=0.5).loc["generic", "std"] == (
        pytest.approx(50)
    )
    table = postponement([10, 20, 30], 1, 0.9, correlation=1.0)
    assert table.loc["generic", "std"] == pytest.approx(60)
    assert table["safety_stock_with"].sum() == pytest.approx(table["safety_stock_without"].sum())


def test_negative_correlation_saves_more():
    """Closed form: variants that steal each other's customers (ρ < 0) have a steadier
    total, so the generic stock is smaller than with ρ = 0."""
    neg = postponement([10] * 3, 2, 0.95, correlation=-0.3)
    zero = postponement([10] * 3, 2, 0.95, correlation=0.0)
    assert neg.loc["generic", "std"] == pytest.approx(10 * math.sqrt(3 - 0.3 * 6))
    assert neg["safety_stock_with"].sum() < zero["safety_stock_with"].sum()


def test_finishing_time_adds_variant_stock():
    """Hand-computed: with a finishing time ℓ = 1, each variant keeps z·σ_i·sqrt(1) as well:
    two variants σ = 10, L = 4, z = Φ⁻¹(0.9): z·(sqrt(200)·2 + 2·10)."""
    table = postponement([10, 10], 4, 0.9, finishing_time=1)
    z = norm.ppf(0.9)
    assert table["safety_stock_with"].sum() == pytest.approx(z * (math.sqrt(200) * 2 + 20))


def test_generic_std_matches_simulated_total():
    """Simulation against the closed form: three variants, σ = 15, ρ = 0.4, 20,000 periods
    (seed 1): the sample std of the total is within 2 % of σ_G."""
    demand = correlated_demand(100, 15, 3, 20_000, correlation=0.4, seed=1)
    sigma_g = postponement([15] * 3, 1, 0.9, correlation=0.4).loc["generic", "std"]
    assert demand.sum(axis=1).std(ddof=1) == pytest.approx(sigma_g, rel=0.02)


def test_curve_saving_is_one_minus_one_over_root_k():
    """Independent variants splitting a fixed total: saving = 1 − 1/sqrt(k), e.g. 50 % for
    k = 4 and 0 for one variant."""
    curve = postponement_curve(40, 4, 0.95, max_variants=6)
    assert curve["saving"].tolist() == pytest.approx([1 - 1 / math.sqrt(k) for k in range(1, 7)])
    assert curve["with"].tolist() == pytest.approx([curve["with"].iloc[0]] * 6)


def test_demand_mean_column():
    """With demand_mean the table carries the means and their total on the generic row."""
    table = postponement([10, 20], 1, 0.9, demand_mean=[50, 70])
    assert table["mean"].tolist() == [50, 70, 120]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: postponement([10, math.nan], 1, 0.9), "demand_std"),
        (lambda: postponement([10, -1], 1, 0.9), "demand_std"),
        (lambda: postponement([10, 10], 1.5, 0.9), "lead_time"),
        (lambda: postponement([10, 10], 1, 0), "service_level"),
        (lambda: postponement([10, 10, 10], 1, 0.9, correlation=-0.6), "correlation"),
        (lambda: postponement([10, 10], 1, 0.9, finishing_time=-1), "finishing_time"),
        (lambda: postponement([10, 10], 1, 0.9, demand_mean=[1, -1]), "demand_mean"),
        (lambda: postponement_curve(10, 1, 0.9, max_variants=12, correlation=-0.2), "correlation"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Issue 3: bad inputs raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        call()


def test_curve_agrees_with_the_table():
    """The curve's shortcut sums equal the sums of :func:`postponement`'s table for the same
    split (k = 5 variants, ρ = 0.2, ℓ = 1)."""
    curve = postponement_curve(40, 4, 0.9, max_variants=5, correlation=0.2, finishing_time=1)
    each = 40 / math.sqrt(5 * (1 + 4 * 0.2))
    table = postponement([each] * 5, 4, 0.9, correlation=0.2, finishing_time=1)
    row = curve.iloc[-1]
    assert row["without"] == pytest.approx(table["safety_stock_without"].sum())
    assert row["with"] == pytest.approx(table["safety_stock_with"].sum())
