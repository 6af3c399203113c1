"""Hypothesis settings, strategies and checks shared by the property tests of every room
(tests/<room>/test_properties.py)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from crmlab import datasets
from crmlab.bpr import Process, Step


def fast(n: int = 40):
    """Hypothesis settings: ``n`` examples, the same on every run."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------- strategies

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
small_positive = st.floats(min_value=0.01, max_value=100.0)
non_negative = st.floats(min_value=0.0, max_value=1e6)
probability = st.floats(min_value=0.01, max_value=0.99)
not_a_number = st.one_of(st.booleans(), st.text(max_size=3), st.none(), st.just([1.0]))
#: Values that no argument documented as "finite and > 0" accepts.
not_positive = st.one_of(
    st.floats(max_value=0.0, allow_nan=False),
    st.just(math.nan),
    st.just(math.inf),
    not_a_number,
)
#: Values that no argument documented as "finite and >= 0" accepts.
not_non_negative = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False),
    st.just(math.nan),
    st.just(math.inf),
    not_a_number,
)
#: Values outside the open interval (0, 1).
not_probability = st.one_of(
    st.floats(max_value=0.0, allow_nan=False),
    st.floats(min_value=1.0, allow_nan=False),
    st.just(math.nan),
    not_a_number,
)
not_whole_positive = st.one_of(
    st.integers(max_value=0),
    st.floats(min_value=0.1, max_value=0.9),
    st.just(math.nan),
    not_a_number,
)

FULL_TX = datasets.load("transactions")


@st.composite
def transactions(draw, min_rows: int = 1, max_rows: int = 40, span: bool = False):
    """A small transactions table: customer ids, dates over three years, amounts > 0.

    ``span=True`` makes the history cover more than one year (first and last day taken),
    for the cohort functions; see test_single_period_history for why.
    """
    n = draw(st.integers(max(min_rows, 2 if span else 1), max_rows))
    ids = draw(st.lists(st.sampled_from([f"C{i}" for i in range(1, 9)]), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n))
    if span:
        days[:2] = [0, 1000]
    amounts = draw(st.lists(st.floats(0.01, 5000.0), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "customer_id": ids,
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
            "amount": amounts,
        }
    )


# ---------------------------------------------------------------- BPR processes

DISTRIBUTIONS = ["exponential", "deterministic", "lognormal", "empirical"]


@st.composite
def steps(draw, resource: str, name: str):
    dist = draw(st.sampled_from(DISTRIBUTIONS))
    mean = draw(st.floats(0.5, 20.0))
    kwargs = {
        "handoff_delay": draw(st.floats(0.0, 30.0)),
        "rework_probability": draw(st.floats(0.0, 0.5)),
    }
    if dist == "lognormal":
        kwargs["cv"] = draw(st.floats(0.05, 2.0))
    if dist == "empirical":
        samples = draw(st.lists(st.floats(0.1, 30.0), min_size=1, max_size=20))
        return Step(name, resource, None, dist, samples=samples, **kwargs)
    return Step(name, resource, mean, dist, **kwargs)


@st.composite
def processes(draw, min_steps: int = 1):
    n_resources = draw(st.integers(1, 3))
    resources = [f"R{i}" for i in range(n_resources)]
    n_steps = draw(st.integers(min_steps, 5))
    chosen = [draw(st.sampled_from(resources)) for _ in range(n_steps)]
    process_steps = tuple(draw(steps(r, f"step {i}")) for i, r in enumerate(chosen))
    capacity = {r: draw(st.integers(1, 4)) for r in resources}
    cost = {r: draw(st.floats(0.0, 100.0)) for r in resources}
    return Process(process_steps, capacity, cost_per_hour=cost)


def is_chart(chart) -> bool:
    """A drawn chart: a :class:`crmlab.plots.Chart` with alt text and at least one axes."""
    from crmlab import plots

    return isinstance(chart, plots.Chart) and bool(chart.alt.strip()) and chart.figure.axes
