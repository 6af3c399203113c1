"""Tests of crmlab.crm.value: RFM, the customer pyramid, ABC analysis, cohort retention, CLV.

The hand-made examples are worked by hand in the docstrings; the CLV formula is Gupta &
Lehmann (2003), "Customers as assets", Journal of Interactive Marketing 17(1), 9-24.
"""

import math

import numpy as np
import pandas as pd
import pytest

from crmlab.crm.value import (
    SEGMENTS,
    abc_analysis,
    abc_summary,
    clv,
    clv_by_period,
    clv_from_curve,
    clv_sensitivity,
    cohort_retention,
    cohort_sizes,
    customer_pyramid,
    estimate_retention,
    pareto_curve,
    retention_curve,
    rfm,
    segment_summary,
    top_share,
)
from crmlab.datasets import load


def _tx(rows, columns=("customer_id", "date", "amount")):
    return pd.DataFrame(rows, columns=list(columns))


# Five customers, worked by hand below (2024 is a leap year: February has 29 days).
RFM_ROWS = [
    ("A", "2024-01-01", 10.0),
    ("A", "2024-03-01", 20.0),
    ("B", "2024-02-01", 100.0),
    ("C", "2024-03-10", 5.0),
    ("C", "2024-03-20", 5.0),
    ("C", "2024-03-30", 5.0),
    ("D", "2024-01-15", 50.0),
    ("E", "2024-03-25", 40.0),
    ("E", "2024-03-31", 40.0),
]


@pytest.fixture
def rfm_tx():
    return _tx(RFM_ROWS)


# ----- RFM -----------------------------------------------------------------------------


def test_rfm_hand_example_values(rfm_tx):
    """Worked by hand: as_of defaults to 2024-04-01, the day after the last purchase.
    Recency A 31 (1 Mar), B 60 (1 Feb), C 2 (30 Mar), D 77 (15 Jan), E 1 (31 Mar) days;
    frequency 2, 1, 3, 1, 2; monetary 30, 100, 15, 50, 80."""
    table = rfm(rfm_tx)
    assert list(table.index) == ["A", "B", "C", "D", "E"]
    assert table.index.name == "customer_id"
    assert table["recency"].tolist() == [31, 60, 2, 77, 1]
    assert table["frequency"].tolist() == [2, 1, 3, 1, 2]
    assert table["monetary"].tolist() == [30.0, 100.0, 15.0, 50.0, 80.0]


def test_rfm_hand_example_scores(rfm_tx):
    """Quintile convention, 5 best, worked by hand (n = 5 customers, one per score).
    R: most recent best: D 1, B 2, A 3, C 4, E 5. F: B and D tie at one purchase; B
    appears first so ranks lower: B 1, D 2, then A and E tie at two: A 3, E 4, C 5.
    M: C 1, A 2, D 3, E 4, B 5."""
    table = rfm(rfm_tx)
    assert table["R"].tolist() == [3, 2, 4, 1, 5]
    assert table["F"].tolist() == [3, 1, 5, 2, 4]
    assert table["M"].tolist() == [2, 5, 1, 3, 4]
    assert table["rfm"].tolist() == ["332", "215", "451", "123", "544"]


def test_rfm_hand_example_segments(rfm_tx):
    """The documented rules, by hand (FM = mean of F and M): A R3 FM2.5 Promising; B R2 FM3
    At risk; C R4 FM3 Loyal; D R1 FM2.5 Lost; E R5 FM4 Champions."""
    table = rfm(rfm_tx)
    assert table["segment"].tolist() == ["Promising", "At risk", "Loyal", "Lost", "Champions"]
    assert set(table["segment"]) <= set(SEGMENTS)


def test_rfm_quintiles_hold_a_fifth_each():
    """Quintile convention: ten customers with 1..10 purchases get F = 1,1,2,2,...,5,5
    (each score a fifth of the customers; 5 the most frequent)."""
    rows = [(f"K{i:02d}", f"2024-01-{j + 1:02d}", 1.0) for i in range(1, 11) for j in range(i)]
    table = rfm(_tx(rows))
    assert table.loc[[f"K{i:02d}" for i in range(1, 11)], "F"].tolist() == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    assert table["R"].value_counts().tolist() == [2] * 5


def test_rfm_bins_change_the_scale(rfm_tx):
    """With bins=2 and five customers the score is ceil(2·rank/5): ranks 1-2 score 1,
    ranks 3-5 score 2 (by hand from the R ranks D, B, A, C, E)."""
    table = rfm(rfm_tx, bins=2)
    assert table["R"].tolist() == [2, 1, 2, 1, 2]


def test_rfm_as_of_ignores_later_purchases(rfm_tx):
    """As of 2024-03-15 only earlier purchases count: E has none; recency A 14, B 43, C 5,
    D 60 days (by hand); C has one purchase."""
    table = rfm(rfm_tx, as_of="2024-03-15")
    assert list(table.index) == ["A", "B", "C", "D"]
    assert table["recency"].tolist() == [14, 43, 5, 60]
    assert table["frequency"].tolist() == [2, 1, 1, 1]


def test_rfm_other_column_names(rfm_tx):
    """The column names are arguments: renamed columns give the same table."""
    renamed = rfm_tx.rename(columns={"customer_id": "who", "date": "day", "amount": "eur"})
    table = rfm(renamed, customer="who", date="day", amount="eur")
    assert table.index.name == "who"
    assert table["rfm"].tolist() == rfm(rfm_tx)["rfm"].tolist()


def test_rfm_on_the_dataset_is_balanced():
    """On the teaching dataset every quintile holds a fifth of the buyers (±1), and the
    default as_of makes the smallest recency 1 day."""
    table = rfm(load("transactions"))
    n = len(table)
    for column in ("R", "F", "M"):
        counts = table[column].value_counts()
        assert sorted(counts.index) == [1, 2, 3, 4, 5]
        assert (abs(counts - n / 5) <= 1).all(), column
    assert table["recency"].min() == 1


def test_segment_summary_adds_up(rfm_tx):
    """Segment shares add up to 1 and the revenue to the total spend (30+100+15+50+80)."""
    summary = segment_summary(rfm(rfm_tx))
    assert list(summary.index) == list(SEGMENTS)
    assert summary["customers"].sum() == 5
    assert summary["revenue"].sum() == pytest.approx(275.0)
    assert summary["share_of_revenue"].sum() == pytest.approx(1.0)
    assert summary.loc["Champions", "revenue"] == pytest.approx(80.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bins": 1}, "bins"),
        ({"bins": 0}, "bins"),
        ({"bins": 2.5}, "bins"),
        ({"as_of": "not a date"}, "as_of"),
        ({"as_of": "2023-12-31"}, "as_of"),
        ({"customer": "client"}, "client"),
        ({"amount": "value"}, "value"),
    ],
)
def test_rfm_bad_input(rfm_tx, kwargs, match):
    """Bad bins, as_of or column names raise ValueError naming the problem."""
    with pytest.raises(ValueError, match=match):
        rfm(rfm_tx, **kwargs)


def test_rfm_dates_that_do_not_parse(rfm_tx):
    """A date that does not parse raises ValueError naming the date column."""
    bad = rfm_tx.copy()
    bad.loc[2, "date"] = "yesterday-ish"
    with pytest.raises(ValueError, match="'date'.*parse"):
        rfm(bad)


def test_rfm_missing_date_column(rfm_tx):
    """A missing date column raises ValueError naming it."""
    with pytest.raises(ValueError, match="'date'"):
        rfm(rfm_tx.drop(columns="date"))


def test_rfm_non_numeric_amount(rfm_tx):
    """A non-numeric amount raises ValueError naming the amount column."""
    bad = rfm_tx.astype({"amount": object})
    bad.loc[0, "amount"] = "ten"
    with pytest.raises(ValueError, match="amount"):
        rfm(bad)


# ----- Pyramid, ABC, Pareto ------------------------------------------------------------


def _revenue_tx(revenues):
    return _tx([(name, "2024-01-01", value) for name, value in revenues.items()])


def test_pyramid_hand_example():
    """100 customers spending 100, 99, ..., 1 (total 5050): top 1 % is one customer (100),
    big 4 % four (99+98+97+96 = 390), medium 15 % fifteen (95..81: 1320), small 80 % the
    rest (80..1: 3240); worked by hand."""
    tx = _revenue_tx({f"C{i:03d}": float(i) for i in range(1, 101)})
    pyramid = customer_pyramid(tx)
    assert list(pyramid.index) == ["Top", "Big", "Medium", "Small"]
    assert pyramid["customers"].tolist() == [1, 4, 15, 80]
    assert pyramid["revenue"].tolist() == [100.0, 390.0, 1320.0, 3240.0]
    assert pyramid["share_of_revenue"].sum() == pytest.approx(1.0)
    assert pyramid.loc["Medium", "min_revenue"] == 81.0


def test_pyramid_inactive_tier():
    """Customers on file without a purchase form the Inactive tier."""
    tx = _revenue_tx({"a": 3.0, "b": 1.0})
    pyramid = customer_pyramid(tx, ["a", "b", "c", "d", "d"], tiers=[("High", 0.5), ("Low", 0.5)])
    assert pyramid["customers"].tolist() == [1, 1, 2]
    assert pyramid.index[-1] == "Inactive"


def test_pyramid_bad_tiers():
    """Tier shares must be in (0, 1] and add up to 1."""
    tx = _revenue_tx({"a": 3.0})
    with pytest.raises(ValueError, match="add up to 1"):
        customer_pyramid(tx, tiers=[("x", 0.5), ("y", 0.4)])
    with pytest.raises(ValueError, match="tier share"):
        customer_pyramid(tx, tiers=[("x", 1.5), ("y", -0.5)])


def test_abc_hand_example():
    """Revenues 500, 200, 150, 100, 50 (total 1000), cumulative 50 %, 70 %, 85 %, 95 %,
    100 %. With a = 80 %, b = 95 %: P, Q, R are A (R crosses 80 %), S is B (crosses 95 %
    from 85 %), T is C (the customers above it already bring 95 %); worked by hand."""
    tx = _revenue_tx({"T": 50.0, "R": 150.0, "P": 500.0, "S": 100.0, "Q": 200.0})
    table = abc_analysis(tx)
    assert list(table.index) == ["P", "Q", "R", "S", "T"]
    assert table["cumulative_share"].tolist() == pytest.approx([0.5, 0.7, 0.85, 0.95, 1.0])
    assert table["abc_class"].tolist() == ["A", "A", "A", "B", "C"]
    assert table["rank"].tolist() == [1, 2, 3, 4, 5]
    summary = abc_summary(table)
    assert summary["customers"].tolist() == [3, 1, 1]
    assert summary["share_of_revenue"].tolist() == pytest.approx([0.85, 0.10, 0.05])


def test_abc_bad_thresholds():
    """a and b must satisfy 0 < a < b < 1."""
    tx = _revenue_tx({"a": 1.0})
    with pytest.raises(ValueError, match="a must be smaller than b"):
        abc_analysis(tx, a=0.9, b=0.8)
    with pytest.raises(ValueError, match="b must lie"):
        abc_analysis(tx, b=1.0)


def test_pareto_curve_and_top_share():
    """The same hand example: the curve runs (0, 0) ... (1, 1); the top 20 % (one customer
    of five) bring 50 %, the top 40 % bring 70 %."""
    tx = _revenue_tx({"T": 50.0, "R": 150.0, "P": 500.0, "S": 100.0, "Q": 200.0})
    curve = pareto_curve(tx)
    assert curve["customer_share"].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve["revenue_share"].tolist() == pytest.approx([0, 0.5, 0.7, 0.85, 0.95, 1.0])
    assert top_share(tx, 0.2) == pytest.approx(0.5)
    assert top_share(tx, 0.4) == pytest.approx(0.7)


def test_top_share_on_the_dataset_matches_its_data_sheet():
    """The transactions data sheet: the top 20 % of customers bring about 65 % of revenue."""
    assert top_share(load("transactions"), 0.2) == pytest.approx(0.65, abs=0.02)


# ----- Cohorts and retention -----------------------------------------------------------

# Four customers over January to April 2024, worked by hand in the tests below.
COHORT_ROWS = [
    ("X", "2024-01-05", 10.0),
    ("X", "2024-02-10", 20.0),
    ("X", "2024-04-01", 30.0),
    ("Y", "2024-01-20", 40.0),
    ("Y", "2024-03-03", 50.0),
    ("Z", "2024-02-02", 60.0),
    ("Z", "2024-02-20", 70.0),
    ("Z", "2024-03-15", 80.0),
    ("W", "2024-02-28", 90.0),
]


@pytest.fixture
def cohort_tx():
    return _tx(COHORT_ROWS)


def test_cohort_table_hand_example(cohort_tx):
    """By hand: the January cohort is X and Y; X buys in periods 1 (Feb) and 3 (Apr), Y in
    period 2 (Mar): 1/2, 1/2, 1/2. The February cohort is Z and W; Z buys in period 1
    (Mar), nobody in period 2 (Apr), and period 3 (May) is not observed: 1/2, 0, NaN."""
    table = cohort_retention(cohort_tx, period="M")
    assert list(table.index) == ["2024-01", "2024-02"]
    assert list(table.columns) == [1, 2, 3]
    assert table.loc["2024-01"].tolist() == [0.5, 0.5, 0.5]
    assert table.loc["2024-02", [1, 2]].tolist() == [0.5, 0.0]
    assert math.isnan(table.loc["2024-02", 3])
    counts = cohort_retention(cohort_tx, period="M", counts=True)
    assert counts.loc["2024-01"].tolist() == [1, 1, 1]
    assert cohort_sizes(cohort_tx, period="M").tolist() == [2, 2]


def test_cohort_table_quarterly(cohort_tx):
    """By quarter all four start in 2024-Q1 and X alone buys in Q2 (1 April): 1/4."""
    table = cohort_retention(cohort_tx, period="Q")
    assert list(table.index) == ["2024-Q1"]
    assert table.loc["2024-Q1"].tolist() == [0.25]


def test_retention_curve_pools_the_observed_cohorts(cohort_tx):
    """By hand: k=1: 2 of 4 active; k=2: 1 of 4; k=3: only January observed, 1 of 2."""
    curve = retention_curve(cohort_tx, period="M")
    assert curve["customers"].tolist() == [4, 4, 2]
    assert curve["active"].tolist() == [2, 1, 1]
    assert curve["share"].tolist() == [0.5, 0.25, 0.5]


def test_estimate_retention_hand_example(cohort_tx):
    """Steps by hand: 0->1: 2 of 4; 1->2: 1 of 2 (X, Z active in period 1; Y in 2);
    2->3: January only, 1 of 1. Pooled r = (2+1+1)/(4+2+1) = 4/7; from period 2 on,
    (1+1)/(2+1) = 2/3. Spend after acquisition: 20+30+50+80 = 180 over 4 active
    customer-months = 45."""
    estimate = estimate_retention(cohort_tx, period="M")
    assert estimate.steps["retention"].tolist() == [0.5, 0.5, 1.0]
    assert estimate.retention == pytest.approx(4 / 7)
    assert estimate.spend_per_active == pytest.approx(45.0)
    assert estimate_retention(cohort_tx, period="M", from_period=2).retention == pytest.approx(
        2 / 3
    )


def test_cohort_bad_input(cohort_tx):
    """An unknown period, a from_period beyond the data, or a missing column raise."""
    with pytest.raises(ValueError, match="period"):
        cohort_retention(cohort_tx, period="W")
    with pytest.raises(ValueError, match="from_period"):
        estimate_retention(cohort_tx, period="M", from_period=9)
    with pytest.raises(ValueError, match="customer_id"):
        retention_curve(cohort_tx.drop(columns="customer_id"))


def test_cohorts_on_the_dataset_decay():
    """The data sheet: each sign-up cohort's activity decays quarter by quarter; the pooled
    curve in its last period is below half its first."""
    curve = retention_curve(load("transactions"), period="Q")
    assert curve["share"].iloc[-1] < 0.5 * curve["share"].iloc[0]
    assert (curve["share"] < 1).all()


# ----- CLV -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("m", "r", "d"), [(100.0, 0.8, 0.1), (50.0, 0.0, 0.05), (1.0, 0.95, 0.0), (-20.0, 0.5, 0.2)]
)
def test_gupta_lehmann_2003_closed_form(m, r, d):
    """Gupta & Lehmann (2003), "Customers as assets": with an infinite horizon,
    CLV = m·r/(1+d−r)."""
    assert clv(m, r, d) == pytest.approx(m * r / (1 + d - r), rel=1e-12)


@pytest.mark.parametrize("periods", [1, 2, 5, 10, 40])
def test_clv_finite_horizon_is_the_sum(periods):
    """With a horizon T, CLV = sum over t = 1..T of m·r^t/(1+d)^t (Gupta & Lehmann 2003),
    added term by term here."""
    m, r, d = 100.0, 0.8, 0.1
    expected = sum(m * r**t / (1 + d) ** t for t in range(1, periods + 1))
    assert clv(m, r, d, periods) == pytest.approx(expected, rel=1e-12)


def test_clv_hand_numbers():
    """By hand: m = 100, r = 0.8, d = 0.1: infinite 80/0.3 = 266.67; T = 1: 80/1.1 =
    72.73; T = 2: 72.73 + 64/1.21 = 125.62. A long horizon approaches the closed form."""
    assert clv(100, 0.8, 0.1) == pytest.approx(800 / 3)
    assert clv(100, 0.8, 0.1, 1) == pytest.approx(80 / 1.1)
    assert clv(100, 0.8, 0.1, 2) == pytest.approx(80 / 1.1 + 64 / 1.21)
    assert clv(100, 0.8, 0.1, 500) == pytest.approx(clv(100, 0.8, 0.1), rel=1e-12)


def test_clv_by_period_adds_up():
    """The period table's last cumulative value is the finite-horizon CLV, and its
    survival column is r^t."""
    table = clv_by_period(100, 0.8, 0.1, 10)
    assert list(table.index) == list(range(1, 11))
    assert table["cumulative_clv"].iloc[-1] == pytest.approx(clv(100, 0.8, 0.1, 10))
    assert table["survival"].tolist() == pytest.approx([0.8**t for t in range(1, 11)])


def test_clv_from_curve_with_a_geometric_curve_is_the_finite_sum():
    """With shares s_t = r^t the curve-based CLV is the finite-horizon CLV (Gupta & Lehmann
    2003), and by hand 100·(0.5/1.1 + 0.25/1.21) = 66.12 for s = 0.5, 0.25 and d = 0.1."""
    shares = [0.8**t for t in range(1, 13)]
    assert clv_from_curve(100, shares, 0.1) == pytest.approx(clv(100, 0.8, 0.1, 12))
    assert clv_from_curve(100, pd.Series([0.5, 0.25]), 0.1) == pytest.approx(
        100 * (0.5 / 1.1 + 0.25 / 1.21)
    )
    with pytest.raises(ValueError, match="shares"):
        clv_from_curve(100, [0.5, 1.5], 0.1)
    with pytest.raises(ValueError, match="discount"):
        clv_from_curve(100, [0.5], -0.1)


def test_clv_sensitivity_grid():
    """The grid holds one CLV per (discount, retention), each equal to clv()."""
    grid = clv_sensitivity(100, discounts=[0.0, 0.1], retentions=[0.5, 0.9])
    assert len(grid) == 4
    row = grid[(grid.discount == 0.1) & (grid.retention == 0.9)].iloc[0]
    assert row["clv"] == pytest.approx(clv(100, 0.9, 0.1))
    # CLV rises with retention and falls with the discount rate
    default = clv_sensitivity(100, discounts=[0.05, 0.2])
    for _, part in default.groupby("discount"):
        assert np.all(np.diff(part["clv"]) > 0)
    assert clv(100, 0.9, 0.05) > clv(100, 0.9, 0.2)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((100, 1.0, 0.1), "retention"),
        ((100, -0.1, 0.1), "retention"),
        ((100, 1.2, 0.1), "retention"),
        ((100, 0.8, -0.01), "discount"),
        ((100, 0.8, 0.1, 0), "periods"),
        ((100, 0.8, 0.1, -3), "periods"),
        ((100, 0.8, 0.1, 2.5), "periods"),
        ((float("nan"), 0.8, 0.1), "margin"),
        (("100", 0.8, 0.1), "margin"),
    ],
)
def test_clv_bad_input(args, match):
    """Retention outside [0, 1), negative discount, non-positive periods, bad margin:
    ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        clv(*args)
