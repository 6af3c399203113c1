"""Property-based tests of crmlab.crm (customer value, the systems map, customer
matching): random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/crm/test_properties.py
--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab import datasets, plots
from crmlab.crm import matching, systems, value
from tests.strategies import (
    FULL_TX,
    fast,
    is_chart,
    not_non_negative,
    not_probability,
    not_whole_positive,
    positive,
    transactions,
)


@st.composite
def real_transactions(draw):
    """A random sample of the teaching dataset's transactions (realistic history)."""
    n = draw(st.integers(300, 3000))
    seed = draw(st.integers(0, 2**16))
    return FULL_TX.sample(n, random_state=seed).sort_values("date")


#: Transaction tables that no function accepts.
bad_transactions = st.one_of(
    st.just(FULL_TX.iloc[:0]),
    st.just(FULL_TX.drop(columns="date").head(20)),
    st.just(FULL_TX.drop(columns="customer_id").head(20)),
    st.just(FULL_TX.head(20).assign(date="not a date")),
    st.just([1, 2, 3]),
    st.none(),
)


# ---------------------------------------------------------------- crmlab.crm.value


@fast()
@given(positive, st.floats(0.0, 0.99), st.floats(0.0, 1.0), st.integers(1, 60))
def test_clv_finite_horizon_is_bounded_by_the_infinite_one(margin, retention, discount, t):
    """0 <= CLV_T <= CLV_inf = m r / (1 + d - r), and clv_by_period adds up to CLV_T."""
    finite = value.clv(margin, retention, discount, t)
    infinite = value.clv(margin, retention, discount)
    assert 0 <= finite <= infinite * (1 + 1e-9) + 1e-9
    table = value.clv_by_period(margin, retention, discount, t)
    assert len(table) == t
    assert table.select_dtypes("number").iloc[-1].max() >= finite * (1 - 1e-9) - 1e-9


@fast()
@given(
    st.one_of(
        st.tuples(
            st.sampled_from([math.nan, math.inf, "1", None]),
            st.just(0.5),
            st.just(0.1),
            st.just(None),
        ),
        st.tuples(
            st.just(1.0), not_probability.filter(lambda r: r != 0.0), st.just(0.1), st.just(None)
        ),
        st.tuples(st.just(1.0), st.just(0.5), not_non_negative, st.just(None)),
        st.tuples(st.just(1.0), st.just(0.5), st.just(0.1), not_whole_positive.filter(bool)),
    )
)
def test_clv_rejects_bad_input(args):
    """margin finite, retention in [0, 1), discount >= 0, periods a whole number >= 1."""
    with pytest.raises(ValueError):
        value.clv(*args)


@fast(30)
@given(
    positive,
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
    st.floats(0.0, 1.0),
)
def test_clv_from_curve_is_non_negative(margin, shares, discount):
    """A margin earned on a non-negative share of customers is worth >= 0."""
    assert value.clv_from_curve(margin, shares, discount) >= 0
    with pytest.raises(ValueError):
        value.clv_from_curve(margin, [*shares, 1.5], discount)
    with pytest.raises(ValueError):
        value.clv_from_curve(margin, [], discount)


@fast(25)
@given(
    positive,
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=5),
    st.lists(st.floats(0.0, 0.95), min_size=1, max_size=8),
)
def test_clv_sensitivity_grid_grows_with_retention(margin, discounts, retentions):
    """One value per (retention, discount); CLV never falls as retention rises."""
    grid = value.clv_sensitivity(margin, discounts, retentions)
    assert (
        grid.size >= len(set(discounts)) and np.isfinite(grid.select_dtypes("number")).all().all()
    )
    with pytest.raises(ValueError):
        value.clv_sensitivity(margin, [])


@fast(30)
@given(transactions(), st.integers(2, 6))
def test_rfm_scores_and_totals(tx, bins):
    """One row per customer; scores 1..bins; frequency and monetary add up to the input."""
    table = value.rfm(tx, bins=bins)
    assert sorted(table.index) == sorted(tx["customer_id"].unique())
    for col in "RFM":
        assert table[col].between(1, bins).all()
    assert table["frequency"].sum() == len(tx)
    assert table["monetary"].sum() == pytest.approx(tx["amount"].sum())
    assert (table["recency"] >= 0).all()
    summary = value.segment_summary(table)
    assert len(summary) >= 1


@fast(30)
@given(transactions(), st.floats(0.05, 0.9), st.floats(0.01, 0.09))
def test_abc_and_pareto(tx, a, gap):
    """ABC classes are A, B or C; the Pareto curve climbs to 100 % of revenue."""
    b = min(a + gap, 0.99)
    table = value.abc_analysis(tx, a, b)
    assert set(table["abc_class"]) <= {"A", "B", "C"}
    assert len(value.abc_summary(table)) >= 1
    curve = value.pareto_curve(tx)
    last = curve.select_dtypes("number").iloc[-1]
    assert last.max() == pytest.approx(1.0) or last.max() == pytest.approx(100.0)
    share = value.top_share(tx, a)
    assert 0 < share <= 1 + 1e-9


@fast(30)
@given(transactions(span=True), st.sampled_from(["M", "Q", "Y"]))
def test_cohorts_count_every_customer_once(tx, period):
    """Cohort sizes add up to the number of customers; retention shares lie in [0, 1]."""
    sizes = value.cohort_sizes(tx, period)
    assert sizes.sum() == tx["customer_id"].nunique()
    table = value.cohort_retention(tx, period)
    shares = table.to_numpy(dtype=float)
    shares = shares[~np.isnan(shares)]
    assert ((shares >= 0) & (shares <= 1 + 1e-9)).all()
    counts = value.cohort_retention(tx, period, counts=True)
    assert counts.shape == table.shape
    curve = value.retention_curve(tx, period)
    assert len(curve) >= 1


@fast(25)
@given(transactions())
def test_customer_pyramid_places_every_customer(tx):
    """Each buying customer lands in exactly one tier."""
    pyramid = value.customer_pyramid(tx)
    counts = pyramid.select_dtypes("number").iloc[:, 0]
    assert counts.sum() == tx["customer_id"].nunique()


@fast(15)
@given(real_transactions(), st.sampled_from(["Q", "Y"]))
def test_estimate_retention_on_real_histories(tx, period):
    """A retention estimate is a probability, and spend per active customer is >= 0."""
    try:
        est = value.estimate_retention(tx, period)
    except ValueError as exc:  # a history too short for one step is bad input, said so
        assert "from_period" in str(exc)
        return
    assert 0 <= est.retention <= 1 and est.spend_per_active >= 0


@pytest.mark.filterwarnings("ignore:Could not infer format:UserWarning")
@fast(30)
@given(bad_transactions)
def test_every_transactions_function_rejects_bad_tables(tx):
    """An empty table, a missing column, unparsable dates or a non-DataFrame: ValueError."""
    for fn in (
        value.rfm,
        value.abc_analysis,
        value.cohort_retention,
        value.cohort_sizes,
        value.customer_pyramid,
        value.estimate_retention,
        value.pareto_curve,
        value.retention_curve,
        value.top_share,
    ):
        with pytest.raises(ValueError):
            fn(tx)


@fast(30)
@given(transactions(min_rows=2), st.integers(0, 4), not_probability)
def test_transactions_functions_reject_bad_parameters(tx, which, bad):
    """bins >= 2, a known period, fraction in (0, 1), a < b, as_of after the first sale."""
    calls = [
        lambda: value.rfm(tx, bins=1),
        lambda: value.cohort_retention(tx, period="fortnight"),
        lambda: value.top_share(tx, bad),
        lambda: value.abc_analysis(tx, 0.9, 0.5),
        lambda: value.rfm(tx, as_of="1999-01-01"),
    ]
    with pytest.raises(ValueError):
        calls[which]()


def test_single_period_history():
    """A history within one quarter: one cohort, fully retained in its own period, and
    the charts draw (or a ValueError says the history is too short)."""
    tx = pd.DataFrame(
        {"customer_id": ["C1", "C2"], "date": pd.to_datetime(["2023-01-01"] * 2), "amount": 1.0}
    )
    try:
        table = value.cohort_retention(tx, "Q")
        curve = value.retention_curve(tx, "Q")
    except ValueError:
        return
    assert table.shape == (1, 1) and len(curve) == 1
    assert is_chart(plots.cohort_heatmap_chart(table))
    assert is_chart(plots.retention_curve_chart(curve))


def test_result_summaries_reject_other_tables():
    """segment_summary and abc_summary take only rfm() and abc_analysis() results."""
    with pytest.raises(ValueError):
        value.segment_summary(FULL_TX.head())
    with pytest.raises(ValueError):
        value.abc_summary(FULL_TX.head())


# ---------------------------------------------------------------- crmlab.crm.systems


@fast(20)
@given(st.sampled_from(list(systems.systems().index) + [None]), st.text(min_size=1, max_size=6))
def test_systems_map(system, unknown):
    """Every named system's data flows touch it; an unknown name raises ValueError."""
    flows = systems.data_flows(system)
    assert isinstance(flows, pd.DataFrame)
    graph = systems.systems_graph()
    assert isinstance(graph, nx.DiGraph) and graph.number_of_nodes() >= 3
    assume(unknown not in set(systems.systems().index))
    with pytest.raises(ValueError):
        systems.data_flows(unknown)


# ---------------------------------------------------------------- crmlab.crm.matching


NORMALISERS = [
    matching.normalise_name,
    matching.normalise_street,
    matching.normalise_phone,
    matching.normalise_email,
]


@fast(60)
@given(st.one_of(st.text(max_size=40), st.none(), st.just(math.nan), st.integers()))
def test_normalisers_accept_any_value_and_are_idempotent(raw):
    """Customer records hold anything (missing values, numbers, Unicode): each normaliser
    returns a string, and normalising twice changes nothing."""
    for normalise in NORMALISERS:
        once = normalise(raw)
        assert isinstance(once, str)
        assert normalise(once) == once, normalise.__name__


@fast(5)
@given(st.floats(0.05, 0.95))
def test_matching_threshold_trades_precision_for_recall(threshold):
    """On the teaching datasets every match scores between the threshold and 1; a
    threshold outside (0, 1) raises ValueError."""
    crm = datasets.load("customers").head(150)
    erp = datasets.load("erp_customers")
    matches = matching.match_customers(crm, erp, threshold=threshold)
    assert (matches["score"] >= threshold - 1e-9).all() and (matches["score"] <= 1).all()
    with pytest.raises(ValueError):
        matching.match_customers(crm, erp, threshold=1.5)


CUSTOMERS = datasets.load("customers")
ERP_CUSTOMERS = datasets.load("erp_customers")
TRUTH = datasets.load("customer_matches")


@fast(8)
@given(st.integers(5, 60), st.integers(0, 2**16), st.floats(0.3, 0.95))
def test_matching_pipeline_on_samples(n, seed, threshold):
    """On a sample of the teaching datasets: normalising keeps one row per record; blocking
    yields distinct pairs, which scoring scores in [0, 1]; precision and recall lie in
    [0, 1] and fewer pairs match as the threshold rises; the evaluation counts every match
    as a true or a false positive; each matched CRM customer gets one golden record."""
    crm = CUSTOMERS.sample(n, random_state=seed)
    linked = TRUTH[TRUTH["crm_customer_id"].isin(crm["customer_id"])]
    erp = ERP_CUSTOMERS[
        ERP_CUSTOMERS["erp_customer_no"].isin(linked["erp_customer_no"])
        | (ERP_CUSTOMERS.index % 13 == seed % 13)
    ]
    truth = linked[linked["erp_customer_no"].isin(erp["erp_customer_no"])]
    crm_norm, erp_norm = matching.normalise_crm(crm), matching.normalise_erp(erp)
    assert len(crm_norm) == len(crm) and len(erp_norm) == len(erp)
    pairs = matching.candidate_pairs(crm_norm, erp_norm)
    assert not pairs.duplicated().any()
    scored = matching.score_pairs(crm, erp)
    assert len(scored) == len(pairs) and scored["score"].between(0, 1).all()
    curve = matching.precision_recall(scored, truth)
    assert curve[["precision", "recall", "f1"]].stack().between(0, 1).all()
    assert (curve["matches"].diff().dropna() <= 0).all()
    matches = matching.match_customers(crm, erp, threshold=threshold)
    quality = matching.evaluate(matches, truth)
    assert quality.true_positives + quality.false_positives == len(matches)
    assert 0 <= quality.precision <= 1 and 0 <= quality.recall <= 1
    golden = matching.golden_records(crm, erp, matches)
    assert len(golden) == matches["crm_customer_id"].nunique()
