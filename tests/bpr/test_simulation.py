"""Tests of crmlab.bpr.simulation: the SimPy process simulation, validated against
queueing theory, and its measures."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab.bpr import Process, Step, simulate
from crmlab.bpr.queueing import md1_wait, mg1_wait, mm1_wait, mmc_wait


def one_step(distribution="exponential", cv=None, workers=1, **kw):
    return Process(
        [Step("Serve", "Desk", 1.0, distribution, cv, **kw)],
        {"Desk": workers},
        cost_per_hour={"Desk": 30.0},
    )


def check_wait(process, arrival_rate, expected, *, seed=0):
    result = simulate(process, arrival_rate, 20_000, seed=seed, warmup=1_000, replications=5)
    row = result.summary().loc["mean_wait_time"]
    assert row["ci_low"] <= expected <= row["ci_high"]
    assert row["mean"] == pytest.approx(expected, rel=0.06)
    return result


# ---- validation against closed forms -------------------------------------------------


def test_mm1_waiting_time():
    """M/M/1 (e.g. Kleinrock 1975, §3.2): Wq = ρ/(μ − λ) = 1 minute at λ = 0.5, μ = 1.
    Five replications of 19,000 measured cases: the 95 % interval covers it and the mean
    is within 6 %."""
    check_wait(one_step(), 0.5, mm1_wait(0.5, 1.0))


def test_mmc_waiting_time_erlang_c():
    """M/M/3 (Erlang C): Wq = C(3, A)/(3μ − λ) at λ = 2.1, μ = 1 (ρ = 0.7), about 0.547
    minutes; the simulation with three workers reproduces it."""
    check_wait(one_step(workers=3), 2.1, mmc_wait(2.1, 1.0, 3))


def test_md1_waiting_time_pollaczek_khinchine():
    """M/D/1 (Pollaczek–Khinchine, cv = 0): Wq = ρS/(2(1 − ρ)) = 0.5 minutes at ρ = 0.5,
    half the M/M/1 wait."""
    check_wait(one_step("deterministic"), 0.5, md1_wait(0.5, 1.0))


def test_mg1_lognormal_waiting_time():
    """M/G/1 with log-normal service, cv = 0.5 (Pollaczek–Khinchine): Wq =
    ρS(1 + cv²)/(2(1 − ρ)) = 0.625 minutes at ρ = 0.5; checks the log-normal's cv too."""
    check_wait(one_step("lognormal", 0.5), 0.5, mg1_wait(0.5, 1.0, 0.5))


def test_utilization_and_littles_law():
    """Utilisation of a single server is ρ = λ/μ; the time-average queue length obeys
    Little's law Lq = λ·Wq (Little 1961), both against the M/M/1 values 0.5 and 0.5."""
    result = simulate(one_step(), 0.5, 20_000, warmup=1_000)
    assert result.utilization["Desk"] == pytest.approx(0.5, rel=0.03)
    lq = result.queue_lengths.loc["Desk", "mean"]
    assert lq == pytest.approx(0.5 * result.cases["wait_time"].mean(), rel=0.03)
    assert lq == pytest.approx(0.5 * mm1_wait(0.5, 1.0), rel=0.1)
    assert result.queue_lengths.loc["Desk", "max"] >= 1


# ---- mechanics: hand-offs, rework, distributions -----------------------------------------


def test_handoff_delay_adds_exactly_to_wait_when_no_queue():
    """With ample staff nobody queues, so cycle time = work + the hand-off delays: two
    deterministic steps of 2 and 3 minutes in different departments with a 10-minute
    hand-off give cycle 15, work 5, wait 10 for every case; a third step in the same
    department adds no hand-off."""
    process = Process(
        [
            Step("Log", "Front", 2.0, "deterministic"),
            Step("Decide", "Back", 3.0, "deterministic", handoff_delay=10.0),
            Step("File", "Back", 1.0, "deterministic", handoff_delay=99.0),
        ],
        {"Front": 50, "Back": 50},
    )
    cases = simulate(process, 0.2, 500).cases
    assert np.allclose(cases["cycle_time"], 16.0)
    assert np.allclose(cases["work_time"], 6.0)
    assert np.allclose(cases["wait_time"], 10.0)
    assert process.handoffs() == 1


def test_rework_repeats_the_step_geometrically():
    """Rework probability p: a step is performed a geometric number of times with mean
    1/(1 − p); p = 0.25 gives 4/3 performances and 4/3 minutes of deterministic work."""
    process = Process(
        [Step("Check", "Desk", 1.0, "deterministic", rework_probability=0.25)], {"Desk": 20}
    )
    result = simulate(process, 0.5, 20_000)
    per_case = result.event_log.groupby("case_id").size()
    assert per_case.mean() == pytest.approx(4 / 3, rel=0.02)
    assert result.cases["work_time"].mean() == pytest.approx(4 / 3, rel=0.02)
    assert per_case.min() == 1


def test_lognormal_and_empirical_samples():
    """Sampled work times match their definition: log-normal with mean 10 and cv 0.4
    (sample mean and cv within 2 %); empirical draws only the given values, rescaled to
    ``mean_time`` when it is given."""
    rng = np.random.default_rng(1)
    x = Step("A", "R", 10.0, "lognormal", 0.4).sample(rng, 200_000)
    assert x.mean() == pytest.approx(10.0, rel=0.02)
    assert x.std() / x.mean() == pytest.approx(0.4, rel=0.02)
    e = Step("B", "R", None, "empirical", samples=[2.0, 4.0, 9.0])
    assert e.mean_time == pytest.approx(5.0)
    assert set(np.unique(e.sample(rng, 1000))) == {2.0, 4.0, 9.0}
    scaled = Step("C", "R", 10.0, "empirical", samples=[2.0, 4.0, 9.0]).sample(rng, 1000)
    assert set(np.unique(scaled)) == {4.0, 8.0, 18.0}


# ---- results: tables, warm-up, replications, measures -----------------------------------


def test_tables_columns_ids_and_consistency():
    """DESIGN.md: cases has case_id, arrival, finish, cycle_time, work_time, wait_time
    (ids from 1); the event log has case_id, activity, resource, start, end; the work in
    the log adds up to each case's work time and cycle = finish − arrival."""
    process = Process(
        [Step("Log", "Front", 2.0), Step("Decide", "Back", 3.0, handoff_delay=5.0)],
        {"Front": 1, "Back": 1},
    )
    result = simulate(process, 0.1, 200)
    cases, log = result.cases, result.event_log
    assert list(cases.columns) == [
        "case_id",
        "arrival",
        "finish",
        "cycle_time",
        "work_time",
        "wait_time",
    ]
    assert list(log.columns) == ["case_id", "activity", "resource", "start", "end"]
    assert cases["case_id"].tolist() == list(range(1, 201))
    assert set(log["activity"]) == {"Log", "Decide"}
    assert np.allclose(cases["cycle_time"], cases["finish"] - cases["arrival"])
    work = (log["end"] - log["start"]).groupby(log["case_id"]).sum()
    assert np.allclose(work.to_numpy(), cases["work_time"].to_numpy())
    assert (cases["wait_time"] >= 5.0 - 1e-9).all()
    assert (log.groupby("case_id")["activity"].first() == "Log").all()


def test_warmup_leaves_first_cases_out():
    """warmup = 50 of 200 cases: 150 measured cases numbered 51..200, and the same cases
    (same seed) have the same times as without warm-up."""
    process = one_step()
    full = simulate(process, 0.5, 200, seed=3)
    part = simulate(process, 0.5, 200, seed=3, warmup=50)
    assert part.cases["case_id"].tolist() == list(range(51, 201))
    assert part.event_log["case_id"].min() == 51
    pd.testing.assert_frame_equal(
        part.cases.reset_index(drop=True), full.cases.iloc[50:].reset_index(drop=True)
    )


def test_replications_confidence_interval_uses_student_t():
    """The summary's interval is mean ± t(0.975, R − 1)·s/√R over the replication means
    (scipy.stats.t); replications are independent (different values) and labelled 1..R."""
    result = simulate(one_step(), 0.5, 500, replications=4, seed=7)
    assert sorted(result.cases["replication"].unique()) == [1, 2, 3, 4]
    per_rep = result.replication_stats["mean_cycle_time"]
    assert per_rep.nunique() == 4
    row = result.summary().loc["mean_cycle_time"]
    half = stats.t.ppf(0.975, 3) * per_rep.std(ddof=1) / 2.0
    assert row["mean"] == pytest.approx(per_rep.mean())
    assert row["ci_high"] - row["mean"] == pytest.approx(half)
    assert row["replications"] == 4


def test_same_seed_same_result_and_fresh_randomness():
    """Randomness only through seed: the same seed gives identical tables, another seed
    or a Generator gives valid results too."""
    a = simulate(one_step(), 0.5, 300, seed=11)
    b = simulate(one_step(), 0.5, 300, seed=11)
    pd.testing.assert_frame_equal(a.cases, b.cases)
    c = simulate(one_step(), 0.5, 300, seed=12)
    assert not np.allclose(a.cases["cycle_time"], c.cases["cycle_time"])
    assert len(simulate(one_step(), 0.5, 300, seed=None).cases) == 300
    assert len(simulate(one_step(), 0.5, 300, seed=np.random.default_rng(5)).cases) == 300


def test_measures_follow_their_definitions():
    """Process efficiency = Σ work / Σ cycle; share within a promise = the fraction of
    cycle times <= promise; throughput ≈ λ in steady state (60·λ per hour); cost per case
    = workers × cost per hour × window hours / cases, which for a stable process ≈
    workers × cost per hour / throughput per hour (Little-type identity)."""
    result = simulate(one_step(workers=2), 0.5, 5_000, warmup=200)
    cases = result.cases
    assert result.process_efficiency == pytest.approx(
        cases["work_time"].sum() / cases["cycle_time"].sum()
    )
    assert result.share_within(2.0) == pytest.approx((cases["cycle_time"] <= 2.0).mean())
    assert result.share_within(1e9) == 1.0
    assert result.throughput_per_hour == pytest.approx(30.0, rel=0.05)
    assert result.cost_per_case == pytest.approx(2 * 30.0 / result.throughput_per_hour)
    assert result.work_cost_per_case == pytest.approx(
        30.0 / 60.0 * cases["work_time"].mean(), rel=0.02
    )
    q = result.cycle_time_quantiles((0.5, 0.9))
    assert q.loc[0.5] <= q.loc[0.9]
    s = result.summary(promise=2.0)
    assert s.loc["share_within_promise", "mean"] == pytest.approx(result.share_within(2.0))
    assert "utilization[Desk]" in s.index


def test_costs_undefined_without_cost_per_hour():
    """Without cost_per_hour, the cost per case is NaN rather than a misleading 0."""
    process = Process([Step("Serve", "Desk", 1.0)], {"Desk": 1})
    assert np.isnan(simulate(process, 0.5, 100).cost_per_case)


# ---- stability and bad input --------------------------------------------------------------


def test_utilization_check_names_resource_and_load():
    """Utilisation ρ = λ × E[S]/(1 − p) / workers: λ = 0.5, 3-minute back-office work with
    p = 1/3 on 2 workers is 0.5 × 4.5 / 2 = 1.125 >= 1: ValueError naming Back and 1.125;
    allow_unstable=True runs and the queue grows (mean wait rises with more cases)."""
    process = Process(
        [Step("Log", "Front", 1.0), Step("Do", "Back", 3.0, rework_probability=1 / 3)],
        {"Front": 1, "Back": 2},
    )
    assert process.utilization(0.5)["Back"] == pytest.approx(1.125)
    assert process.offered_erlangs(0.5)["Back"] == pytest.approx(2.25)
    with pytest.raises(ValueError, match=r"'Back'.*1\.125"):
        simulate(process, 0.5, 100)
    short = simulate(process, 0.5, 200, allow_unstable=True)
    long = simulate(process, 0.5, 2000, allow_unstable=True)
    assert long.cases["wait_time"].mean() > 2 * short.cases["wait_time"].mean()


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: Step("A", "R", -1.0), "mean_time"),
        (lambda: Step("A", "R", 0.0), "mean_time"),
        (lambda: Step("A", "R", 1.0, handoff_delay=-2.0), "handoff_delay"),
        (lambda: Step("A", "R", 1.0, rework_probability=1.0), "rework_probability"),
        (lambda: Step("A", "R", 1.0, rework_probability=-0.1), "rework_probability"),
        (lambda: Step("A", "R", 1.0, rework_probability=1.5), "rework_probability"),
        (lambda: Step("A", "R", 1.0, "gamma"), "distribution"),
        (lambda: Step("A", "R", 1.0, "lognormal"), "cv"),
        (lambda: Step("A", "R", 1.0, "lognormal", -0.5), "cv"),
        (lambda: Step("A", "R", 1.0, "exponential", 0.5), "cv"),
        (lambda: Step("A", "R", 1.0, "empirical", samples=[]), "samples"),
        (lambda: Step("A", "R", 1.0, "empirical"), "samples"),
        (lambda: Step("A", "R", 1.0, "empirical", samples=[1.0, -2.0]), "samples"),
        (lambda: Process([Step("A", "R", 1.0)], {"Other": 1}), "resource 'R'"),
        (lambda: Process([Step("A", "R", 1.0)], {"R": 0}), "capacity"),
        (lambda: Process([Step("A", "R", 1.0)], {"R": 1}, cost_per_hour={"X": 1}), "X"),
        (lambda: Process([Step("A", "R", 1.0)], {"R": 1}, cost_per_hour={"R": -1}), "cost"),
        (lambda: Process([], {"R": 1}), "steps"),
        (lambda: Process([Step("A", "R", 1.0), Step("A", "R", 2.0)], {"R": 1}), "unique"),
        (lambda: simulate(one_step(), 0.5, 0), "n_cases"),
        (lambda: simulate(one_step(), 0.5, 10, warmup=10), "warmup"),
        (lambda: simulate(one_step(), 0.5, 10, warmup=-1), "warmup"),
        (lambda: simulate(one_step(), -0.5, 10), "arrival_rate"),
        (lambda: simulate(one_step(), 0.5, 10, replications=0), "replications"),
        (lambda: simulate("not a process", 0.5, 10), "process"),
        (lambda: simulate(one_step(), 0.5, 10).share_within(-1), "promise"),
        (lambda: simulate(one_step(), 0.5, 10).summary(confidence=1.2), "confidence"),
    ],
)
def test_bad_input_names_it(make, name):
    """Bad input raises ValueError naming the argument (issue 5, DESIGN.md)."""
    with pytest.raises(ValueError, match=name):
        make()


# ---- invariants over random processes (property-based) ------------------------------------

_step = st.tuples(
    st.sampled_from(["Front", "Back", "Expert"]),
    st.floats(0.5, 5.0),
    st.sampled_from(["exponential", "deterministic", "lognormal"]),
    st.floats(0.0, 30.0),
    st.floats(0.0, 0.5),
)


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(_step, min_size=1, max_size=4), seed=st.integers(0, 10_000))
def test_invariants_of_any_stable_process(steps, seed):
    """For any stable process (definitions in crmlab.bpr.simulation): wait = cycle − work
    >= the hand-offs' delays; every case performs every step at least once; utilisation
    lies in [0, 1]; no event ends before it starts; the log's work adds up per case."""
    process = Process(
        [
            Step(
                f"S{i}",
                r,
                m,
                d,
                0.6 if d == "lognormal" else None,
                handoff_delay=h,
                rework_probability=p,
            )
            for i, (r, m, d, h, p) in enumerate(steps, start=1)
        ],
        {"Front": 3, "Back": 3, "Expert": 3},
    )
    lam = 0.7 / process.utilization(1.0).max()  # highest offered load 0.7
    result = simulate(process, lam, 150, seed=seed)
    cases, log = result.cases, result.event_log
    handoff_total = sum(
        s.handoff_delay
        for prev, s in zip(process.steps, process.steps[1:], strict=False)
        if prev.resource != s.resource
    )
    assert (cases["wait_time"] >= handoff_total - 1e-9).all()
    assert np.allclose(cases["wait_time"] + cases["work_time"], cases["cycle_time"])
    assert (log.groupby("case_id")["activity"].nunique() == len(steps)).all()
    assert result.utilization.between(0.0, 1.0).all()
    assert (log["end"] >= log["start"]).all()
    work = (log["end"] - log["start"]).groupby(log["case_id"]).sum()
    assert np.allclose(work.to_numpy(), cases["work_time"].to_numpy())


def test_offered_load_is_deprecated_and_keeps_its_numbers():
    """Process.offered_load returned ρ = a/c under the name of a = λ·E[S] (Erlangs); it
    keeps its numbers for existing material and warns, pointing to utilization and
    offered_erlangs (offered load a in Erlangs, utilisation ρ = a/c: Gross et al. 2008)."""
    process = Process([Step("Do", "Back", 3.0)], {"Back": 2})
    with pytest.warns(DeprecationWarning, match="utilization"):
        rho = process.offered_load(0.5)
    assert rho["Back"] == pytest.approx(0.75)
    assert process.offered_erlangs(0.5)["Back"] == pytest.approx(1.5)
