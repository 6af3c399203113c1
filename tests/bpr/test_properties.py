"""Property-based tests of crmlab.bpr: random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/bpr/test_properties.py
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

from crmlab.bpr import (
    Process,
    Step,
    compare_designs,
    discovery,
    minimum_workers,
    queueing,
    simulate,
)
from crmlab.bpr import cases as bpr_cases
from tests.strategies import (
    FULL_TX,
    fast,
    not_positive,
    processes,
)

# ---------------------------------------------------------------- crmlab.bpr


@fast(30)
@given(processes(), st.floats(0.05, 0.9), st.integers(5, 60), st.integers(0, 3), st.integers(0, 99))
def test_simulate_small_processes(process, load, n_cases, warmup, seed):
    """Cases finish after they arrive, cycle = work + wait, utilisation in [0, 1], and the
    same seed gives the same run."""
    need = minimum_workers(process, 1.0)  # workers needed per unit of arrival rate
    assume(float(need.max()) > 0)
    rate = load * min(process.capacity[r] / max(float(need[r]), 1e-9) for r in need.index)
    assume(rate > 0)
    res = simulate(process, rate, n_cases, seed=seed, warmup=warmup)
    cases = res.cases
    assert len(cases) == n_cases - warmup
    assert (cases["finish"] >= cases["arrival"]).all()
    assert np.allclose(cases["cycle_time"], cases["work_time"] + cases["wait_time"], atol=1e-6)
    assert (cases["wait_time"] >= -1e-9).all()
    assert ((res.utilization >= 0) & (res.utilization <= 1 + 1e-9)).all()
    again = simulate(process, rate, n_cases, seed=seed, warmup=warmup)
    pd.testing.assert_frame_equal(again.cases, cases)
    # The result's measures: shares are shares, quantiles are ordered, bad arguments raise.
    assert 0 <= res.share_within(float(cases["cycle_time"].median())) <= 1
    quantiles = res.cycle_time_quantiles()
    assert quantiles.is_monotonic_increasing
    assert 0 <= res.process_efficiency <= 1 + 1e-9 and res.cost_per_case >= 0
    assert len(res.summary(promise=60.0)) >= 1
    with pytest.raises(ValueError):
        res.share_within(-1.0)
    with pytest.raises(ValueError):
        res.summary(confidence=1.5)
    # Process discovery on the simulated event log.
    log = res.event_log
    dfg = discovery.directly_follows(log)
    assert (dfg.select_dtypes("number") >= 0).all().all()
    assert len(discovery.activity_stats(log)) >= 1
    assert isinstance(discovery.dfg_graph(log), nx.DiGraph)
    discovery.handoffs(dfg)
    try:
        discovery.bottleneck(dfg)
    except ValueError as exc:  # a one-step log without rework has no edge: said so
        assert "min_frequency" in str(exc)


@fast(40)
@given(
    st.sampled_from(
        [
            {"mean_time": 0.0},
            {"mean_time": -1.0},
            {"mean_time": math.nan},
            {"mean_time": math.inf},
            {"distribution": "normal"},
            {"distribution": "lognormal", "cv": None},
            {"distribution": "lognormal", "cv": -0.5},
            {"distribution": "empirical", "samples": []},
            {"distribution": "empirical", "samples": [1.0, -2.0]},
            {"rework_probability": 1.0},
            {"rework_probability": -0.1},
            {"handoff_delay": -1.0},
            {"name": ""},
            {"resource": ""},
        ]
    )
)
def test_step_rejects_bad_input(bad):
    """Each Step argument is checked: times > 0, a known distribution, rework in [0, 1)."""
    kwargs = {"name": "a", "resource": "R", "mean_time": 1.0, **bad}
    with pytest.raises(ValueError):
        Step(**kwargs)


@fast(30)
@given(processes(), st.integers(0, 4))
def test_process_and_simulate_reject_bad_input(process, which):
    """Capacity for every resource (>= 1 worker); rate > 0; n_cases >= 1; warmup < n_cases;
    an offered load at or above capacity."""
    step = process.steps[0]
    calls = [
        lambda: Process(process.steps, {**process.capacity, step.resource: 0}),
        lambda: Process(process.steps, {}),
        lambda: simulate(process, 0.0, 10),
        lambda: simulate(process, 0.01, 0),
        lambda: simulate(process, 1e6, 10),
    ]
    with pytest.raises(ValueError):
        calls[which]()
    with pytest.raises(ValueError):
        simulate(process, 0.001, 10, warmup=10)


@fast(40)
@given(st.floats(0.01, 50.0), st.integers(1, 20), st.floats(0.05, 0.95))
def test_queueing_formulas_agree(service_rate, servers, rho):
    """Erlang C is a probability; M/M/c with c = 1 is M/M/1; M/G/1 with cv = 0 is M/D/1."""
    lam = rho * servers * service_rate
    p = queueing.erlang_c(lam / service_rate, servers)
    assert 0 <= p <= 1
    assert queueing.mmc_wait(lam, service_rate, servers) >= 0
    lam1 = rho * service_rate
    assert queueing.mmc_wait(lam1, service_rate, 1) == pytest.approx(
        queueing.mm1_wait(lam1, service_rate)
    )
    assert queueing.mg1_wait(lam1, 1 / service_rate, 0.0) == pytest.approx(
        queueing.md1_wait(lam1, 1 / service_rate)
    )


@fast(40)
@given(st.floats(0.01, 50.0), st.integers(1, 20), st.floats(1.0, 10.0), not_positive)
def test_queueing_rejects_unstable_or_bad_input(service_rate, servers, rho, bad):
    """Utilisation must be below 1; rates and times finite and > 0; servers >= 1."""
    with pytest.raises(ValueError):
        queueing.mmc_wait(rho * servers * service_rate, service_rate, servers)
    with pytest.raises(ValueError):
        queueing.mm1_wait(bad, service_rate)
    with pytest.raises(ValueError):
        queueing.md1_wait(1.0, bad)
    with pytest.raises(ValueError):
        queueing.mg1_wait(0.1, 1.0, -1.0)
    with pytest.raises(ValueError):
        queueing.erlang_c(1.0, 0)


@fast(20)
@given(st.sampled_from([FULL_TX.head(), pd.DataFrame({"case_id": [1]}), [1, 2], None]))
def test_discovery_rejects_tables_that_are_not_event_logs(bad):
    """An event log needs case_id, activity and timestamps: anything else is a ValueError."""
    for fn in (discovery.directly_follows, discovery.activity_stats, discovery.dfg_graph):
        with pytest.raises(ValueError):
            fn(bad)


@fast(20)
@given(st.booleans(), st.floats(0.0, 2000.0), st.integers(1, 9))
def test_classic_cases_build_processes(as_is, delay, staff):
    """Each classic case builds a Process for either design and any staffing."""
    for make in (bpr_cases.ibm_credit, bpr_cases.mutual_benefit_life):
        assert isinstance(make(as_is, handoff_delay=delay), Process)
    assert isinstance(bpr_cases.ford_accounts_payable(as_is), Process)
    design = "as_is" if as_is else "case_manager"
    p = bpr_cases.complaint_handling(design, front_office=staff, case_managers=staff)
    assert isinstance(p, Process)
    with pytest.raises(ValueError):
        bpr_cases.complaint_handling("no such design")
    with pytest.raises(ValueError):
        bpr_cases.complaint_handling("as_is", front_office=0)
    with pytest.raises(ValueError):
        bpr_cases.complaint_handling("case_manager", case_managers=0)
    with pytest.raises(ValueError):
        bpr_cases.ibm_credit(as_is, handoff_delay=-delay - 1)


@fast(5)
@given(st.floats(0.02, 0.1), st.integers(0, 9))
def test_compare_designs_small(rate, seed):
    """One row per design; service level is a share; bad arguments raise ValueError."""
    table = compare_designs(arrival_rate=rate, n_cases=200, warmup=20, seed=seed)
    assert len(table) == 2
    assert table["service_level"].between(0, 1).all()
    with pytest.raises(ValueError):
        compare_designs(arrival_rate=-rate)
    with pytest.raises(ValueError):
        compare_designs(n_cases=100, warmup=100)
