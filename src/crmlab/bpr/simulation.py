"""Discrete-event simulation of a :class:`~crmlab.bpr.process.Process` on SimPy.

Cases arrive as a Poisson stream (rate λ per minute) and pass the steps in order. Before a
step whose resource differs from the previous step's, the case spends the step's hand-off
delay in transfer; then it queues (first come, first served) for one worker of the step's
resource, is worked on, and with the rework probability p is sent back to queue for the
same step again. SimPy runs the events; this module only draws the random numbers (in
numpy batches, up front) and turns what happened into tables and measures.

Definitions (per replication, over the measured cases, i.e. after the warm-up):

* cycle time = finish − arrival; work time = the sum of its work times (rework included);
  wait time = cycle time − work time (queueing plus hand-off delays).
* process efficiency = total work time / total cycle time of the measured cases
  (= mean work / mean cycle time).
* observation window = from the arrival of the first measured case to the end of the run
  (the last case's finish). Utilisation, queue lengths, throughput and costs use it.
* utilisation of a resource = busy time in the window / (workers × window length).
* queue length of a resource = the number of cases waiting for it (not in service, not in
  transfer); its time average over the window and its maximum in the window.
* throughput = measured cases / window length (cases per minute; ``throughput_per_hour``).
* cost per case = labour cost of the staff on duty in the window (workers × cost per hour
  × hours), divided by the measured cases: idle staff are paid too. ``work_cost_per_case``
  counts only busy time (the cost of the work itself).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy
from scipy import stats

from crmlab._validate import flag, positive, probability_open, random_generator, whole
from crmlab.bpr.process import Process


@dataclass(frozen=True)
class _Run:
    cases: pd.DataFrame
    event_log: pd.DataFrame
    stats: dict[str, float]
    utilization: dict[str, float]
    mean_queue: dict[str, float]
    max_queue: dict[str, int]


@dataclass(frozen=True, repr=False)
class SimulationResult:
    """What a simulation produced. All times in minutes.

    Attributes:
        cases: one row per measured case: ``case_id`` (numbered from 1 in order of arrival,
            warm-up cases included in the numbering), ``arrival``, ``finish``,
            ``cycle_time``, ``work_time``, ``wait_time`` (queueing plus hand-off delays);
            with several replications also ``replication`` (from 1).
        utilization: Series by resource, busy time / (workers × window); the mean over
            replications.
        event_log: one row per piece of work: ``case_id, activity, resource, start, end``
            (plus ``replication`` with several replications), sorted by case and start.
        queue_lengths: DataFrame by resource, columns ``mean`` (time average; the mean over
            replications) and ``max`` (the largest over replications).
        replication_stats: one row per replication with the summary measures.
        process: the simulated process. arrival_rate: λ, cases per minute. warmup: cases
            left out of the statistics. replications: number of independent runs.
    """

    cases: pd.DataFrame
    utilization: pd.Series
    event_log: pd.DataFrame
    queue_lengths: pd.DataFrame
    replication_stats: pd.DataFrame
    process: Process
    arrival_rate: float
    warmup: int
    replications: int

    def __repr__(self) -> str:
        util = ", ".join(f"{r} {u:.2f}" for r, u in self.utilization.items())
        return (
            f"<SimulationResult: {len(self.cases):,} cases measured over "
            f"{self.replications} replication(s); mean cycle time "
            f"{self.mean_cycle_time:,.1f} min, process efficiency "
            f"{self.process_efficiency:.2f}; utilization {util}>"
        )

    # ---- measures -----------------------------------------------------------------------
    @property
    def mean_cycle_time(self) -> float:
        """Mean cycle time of the measured cases (minutes)."""
        return float(self.cases["cycle_time"].mean())

    @property
    def process_efficiency(self) -> float:
        """Total work time / total cycle time of the measured cases (0 to 1)."""
        return float(self.cases["work_time"].sum() / self.cases["cycle_time"].sum())

    @property
    def throughput(self) -> float:
        """Cases completed per minute over the observation window (mean over replications)."""
        return float(self.replication_stats["throughput_per_hour"].mean() / 60.0)

    @property
    def throughput_per_hour(self) -> float:
        """Cases completed per hour over the observation window (mean over replications)."""
        return float(self.replication_stats["throughput_per_hour"].mean())

    @property
    def cost_per_case(self) -> float:
        """Labour cost of the staff on duty per measured case (NaN without costs).

        Workers × cost per hour × hours of the window, summed over resources, divided by the
        measured cases (idle time is paid). Mean over replications.
        """
        return float(self.replication_stats["cost_per_case"].mean())

    @property
    def work_cost_per_case(self) -> float:
        """Labour cost of the busy time only, per measured case (NaN without costs)."""
        return float(self.replication_stats["work_cost_per_case"].mean())

    def share_within(self, promise: float) -> float:
        """Share of measured cases whose cycle time is at most ``promise`` minutes (0 to 1)."""
        promise = positive("promise", promise)
        return float((self.cases["cycle_time"] <= promise).mean())

    def cycle_time_quantiles(self, q: tuple[float, ...] = (0.5, 0.9, 0.95)) -> pd.Series:
        """Quantiles of the cycle-time distribution (minutes), indexed by ``q``."""
        qs = [probability_open("q", x) for x in q]
        return self.cases["cycle_time"].quantile(qs).rename("cycle_time")

    def summary(self, promise: float | None = None, confidence: float = 0.95) -> pd.DataFrame:
        """Mean of each measure over replications with a confidence interval.

        The interval is mean ± t(1−α/2, R−1) · s/√R over the R replication values (Student
        t, ``scipy.stats.t``); NaN with a single replication. Rows: ``mean_cycle_time``,
        ``mean_wait_time``, ``mean_work_time``, ``p90_cycle_time``, ``process_efficiency``,
        ``throughput_per_hour``, ``cost_per_case``, ``work_cost_per_case``,
        ``share_within_promise`` (if ``promise`` is given, minutes), then
        ``utilization[<resource>]`` and ``mean_queue[<resource>]``.
        Columns: ``mean, std, ci_low, ci_high, replications``.
        """
        level = probability_open("confidence", confidence)
        table = self.replication_stats.drop(columns="replication")
        if promise is not None:
            promise = positive("promise", promise)
            col = self.cases.get("replication", pd.Series(1, index=self.cases.index))
            share = (self.cases["cycle_time"] <= promise).groupby(col.to_numpy()).mean()
            table = table.assign(share_within_promise=share.to_numpy())
            cols = list(table.columns)
            cols.insert(cols.index("work_cost_per_case") + 1, cols.pop())
            table = table[cols]
        r = len(table)
        mean = table.mean()
        std = table.std(ddof=1) if r > 1 else pd.Series(np.nan, index=table.columns)
        half = stats.t.ppf(0.5 + level / 2.0, r - 1) * std / np.sqrt(r) if r > 1 else std
        return pd.DataFrame(
            {
                "mean": mean,
                "std": std,
                "ci_low": mean - half,
                "ci_high": mean + half,
                "replications": r,
            }
        )


# ---- the simulation ---------------------------------------------------------------------


def _check_load(process: Process, arrival_rate: float, allow_unstable: bool) -> None:
    load = process.utilization(arrival_rate)
    if allow_unstable:
        return
    for resource, rho in load.items():
        if rho >= 1.0:
            workers = process.capacity[resource]
            raise ValueError(
                f"utilisation of resource {resource!r} is {rho:.3f} (arrival_rate "
                f"{arrival_rate:g}/min × {process.expected_work()[resource]:.3g} min of work "
                f"per case / {workers} worker(s)); it must be < 1 for a stable queue: add "
                f"workers, cut work, or pass allow_unstable=True to watch the queue grow"
            )


def _run_once(
    process: Process, arrival_rate: float, n: int, warmup: int, rng: np.random.Generator
) -> _Run:
    env = simpy.Environment()
    pools = {r: simpy.Resource(env, capacity=c) for r, c in process.capacity.items()}
    gaps, plan = _draw(process, pools, arrival_rate, n, rng)
    log = _play(env, gaps, plan)

    arr = np.array(log, dtype=float)
    cid = arr[:, 0].astype(np.intp)
    sid = arr[:, 1].astype(np.intp)
    ready, start, work = arr[:, 2], arr[:, 3], arr[:, 4]
    end = start + work
    arrival = np.cumsum(gaps)
    finish = np.zeros(n)
    np.maximum.at(finish, cid, end)
    work_time = np.bincount(cid, weights=work, minlength=n)
    cycle = finish - arrival

    measured = slice(warmup, n)
    t0 = float(arrival[warmup])
    t_end = float(finish.max())
    window = max(t_end - t0, np.finfo(float).tiny)
    cases = pd.DataFrame(
        {
            "case_id": np.arange(warmup + 1, n + 1),
            "arrival": arrival[measured],
            "finish": finish[measured],
            "cycle_time": cycle[measured],
            "work_time": work_time[measured],
            "wait_time": cycle[measured] - work_time[measured],
        }
    )
    event_log = _event_log(process.steps, cid, sid, start, end, warmup)

    resources = process.resources
    res_index = {r: i for i, r in enumerate(resources)}
    rid = np.array([res_index[s.resource] for s in process.steps], dtype=np.intp)[sid]
    busy_in = np.clip(np.minimum(end, t_end) - np.maximum(start, t0), 0.0, None)
    wait_in = np.clip(np.minimum(start, t_end) - np.maximum(ready, t0), 0.0, None)
    busy = np.bincount(rid, weights=busy_in, minlength=len(resources))
    queue_area = np.bincount(rid, weights=wait_in, minlength=len(resources))
    workers = np.array([process.capacity[r] for r in resources], dtype=float)
    utilization = busy / (workers * window)
    mean_queue = queue_area / window
    max_queue = {r: _max_queue(ready[rid == i], start[rid == i], t0) for r, i in res_index.items()}

    m = n - warmup
    if process.cost_per_hour is None:
        cost = work_cost = float("nan")
    else:
        rate = np.array([process.cost_per_hour[r] for r in resources]) / 60.0
        cost = float((workers * rate).sum() * window / m)
        work_cost = float((busy * rate).sum() / m)
    cyc = cycle[measured]
    stats_ = {
        "mean_cycle_time": float(cyc.mean()),
        "mean_wait_time": float((cyc - work_time[measured]).mean()),
        "mean_work_time": float(work_time[measured].mean()),
        "p90_cycle_time": float(np.quantile(cyc, 0.9)),
        "process_efficiency": float(work_time[measured].sum() / cyc.sum()),
        "throughput_per_hour": float(60.0 * m / window),
        "cost_per_case": cost,
        "work_cost_per_case": work_cost,
    }
    return _Run(
        cases=cases,
        event_log=event_log,
        stats=stats_,
        utilization=dict(zip(resources, utilization.tolist(), strict=True)),
        mean_queue=dict(zip(resources, mean_queue.tolist(), strict=True)),
        max_queue=max_queue,
    )


def _draw(
    process: Process, pools: dict, arrival_rate: float, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, list]:
    """All random numbers, drawn up front in batches: the gaps between arrivals, and per
    step (index, resource pool, hand-off delay, work times, and with rework each case's
    offset into the times and its number of passes)."""
    steps = process.steps
    gaps = rng.exponential(1.0 / arrival_rate, n)
    plan = []
    for j, s in enumerate(steps):
        delay = s.handoff_delay if j > 0 and steps[j - 1].resource != s.resource else 0.0
        if s.rework_probability > 0.0:
            counts = rng.geometric(1.0 - s.rework_probability, n)
            times = s.sample(rng, int(counts.sum())).tolist()
            offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).tolist()
            counts = counts.tolist()
        else:
            times = s.sample(rng, n).tolist()
            offsets = counts = None
        plan.append((j, pools[s.resource], delay, times, offsets, counts))
    return gaps, plan


def _play(env: simpy.Environment, gaps: np.ndarray, plan: list) -> list:
    """Run the cases through SimPy; one record (case, step, ready, start, work) per pass."""
    log: list[tuple[int, int, float, float, float]] = []
    record = log.append
    timeout = env.timeout

    def case(i: int):
        for j, pool, delay, times, offsets, counts in plan:
            if delay:
                yield timeout(delay)
            if offsets is None:
                ready = env.now
                req = pool.request()
                yield req
                start = env.now
                t = times[i]
                yield timeout(t)
                pool.release(req)
                record((i, j, ready, start, t))
            else:
                o = offsets[i]
                for t in times[o : o + counts[i]]:
                    ready = env.now
                    req = pool.request()
                    yield req
                    start = env.now
                    yield timeout(t)
                    pool.release(req)
                    record((i, j, ready, start, t))

    def source():
        for i, gap in enumerate(gaps.tolist()):
            yield timeout(gap)
            env.process(case(i))

    env.process(source())
    env.run()
    return log


def _event_log(
    steps: tuple, cid: np.ndarray, sid: np.ndarray, start: np.ndarray, end: np.ndarray, warmup: int
) -> pd.DataFrame:
    """The measured cases' passes in process-mining form, by case and start time."""
    keep = cid >= warmup
    order = np.lexsort((start[keep], cid[keep]))
    names = np.array([s.name for s in steps], dtype=object)
    step_res = np.array([s.resource for s in steps], dtype=object)
    return pd.DataFrame(
        {
            "case_id": cid[keep][order] + 1,
            "activity": names[sid[keep][order]],
            "resource": step_res[sid[keep][order]],
            "start": start[keep][order],
            "end": end[keep][order],
        }
    )


def _max_queue(ready: np.ndarray, start: np.ndarray, t0: float) -> int:
    """The longest queue of one resource from time ``t0`` on: +1 when a case is ready for
    it, −1 when its work starts."""
    times = np.concatenate((ready, start))
    delta = np.concatenate((np.ones(ready.size), -np.ones(ready.size)))
    o = np.lexsort((delta, times))  # at equal times, leave the queue before joining it
    level = np.cumsum(delta[o])
    t_sorted = times[o]
    inside = t_sorted >= t0
    before = level[~inside][-1] if (~inside).any() else 0.0
    return int(max(before, level[inside].max() if inside.any() else 0.0))


#: The most cases one call of :func:`simulate` runs (n_cases × replications): SimPy
#: handles about 10,000 cases a second, so the bound keeps a call under a minute or so.
MAX_CASES = 500_000
#: The slowest arrival rate simulated (cases per minute: one case in about 1,900 years);
#: slower ones make the times between arrivals overflow to inf.
MIN_ARRIVAL_RATE = 1e-9


def simulate(
    process: Process,
    arrival_rate: float,
    n_cases: int,
    seed: int | np.random.Generator | None = 0,
    warmup: int = 0,
    *,
    replications: int = 1,
    allow_unstable: bool = False,
) -> SimulationResult:
    """Simulate ``n_cases`` cases through ``process`` (SimPy; all times in minutes).

    Args:
        process: the :class:`~crmlab.bpr.process.Process` to run.
        arrival_rate: λ, cases per minute (Poisson arrivals), finite and at least
            :data:`MIN_ARRIVAL_RATE`.
        n_cases: cases per replication, warm-up included (whole number >= 1; with
            ``replications``, at most :data:`MAX_CASES` cases in all).
        seed: an int, a ``numpy.random.Generator`` or ``None`` (fresh randomness). Each
            replication gets its own independent stream spawned from it.
        warmup: the first ``warmup`` cases of each replication (0 <= warmup < n_cases) are
            simulated but left out of every statistic, so the results describe the process
            in its steady state rather than starting empty.
        replications: independent runs (whole number >= 1); ``summary()`` gives means with
            confidence intervals over them.
        allow_unstable: if ``False`` (default), a resource with utilisation ρ >= 1 raises
            ``ValueError`` naming it and its utilisation; ``True`` runs anyway to show the
            queue grow.

    Returns:
        A :class:`SimulationResult` (see the module docstring for the definitions).

    Raises:
        ValueError: for a bad argument or an overloaded resource, naming it.
    """
    if not isinstance(process, Process):
        raise ValueError(f"process must be a crmlab.bpr.Process, got {type(process).__name__}")
    lam = positive("arrival_rate", arrival_rate)
    if lam < MIN_ARRIVAL_RATE:
        raise ValueError(
            f"arrival_rate must be at least MIN_ARRIVAL_RATE = {MIN_ARRIVAL_RATE:g} per "
            f"minute, got {arrival_rate!r}"
        )
    n = whole("n_cases", n_cases, minimum=1, maximum=MAX_CASES)
    w = whole("warmup", warmup, minimum=0)
    if w >= n:
        raise ValueError(f"warmup must be < n_cases ({n}) so that some cases are measured, got {w}")
    reps = whole("replications", replications, minimum=1, maximum=MAX_CASES)
    if n * reps > MAX_CASES:
        raise ValueError(
            f"n_cases × replications is {n * reps}; at most MAX_CASES = {MAX_CASES} cases"
        )
    _check_load(process, lam, flag("allow_unstable", allow_unstable))
    try:
        rng = random_generator("seed", seed)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"seed must be an int, a numpy Generator or None, got {seed!r}") from exc
    streams = rng.spawn(reps)
    runs = [_run_once(process, lam, n, w, g) for g in streams]

    if reps == 1:
        cases, event_log = runs[0].cases, runs[0].event_log
    else:
        cases = pd.concat(
            [r.cases.assign(replication=i) for i, r in enumerate(runs, start=1)],
            ignore_index=True,
        )
        event_log = pd.concat(
            [r.event_log.assign(replication=i) for i, r in enumerate(runs, start=1)],
            ignore_index=True,
        )
    resources = process.resources
    util = pd.DataFrame([r.utilization for r in runs], columns=resources)
    mq = pd.DataFrame([r.mean_queue for r in runs], columns=resources)
    xq = pd.DataFrame([r.max_queue for r in runs], columns=resources)
    rep = pd.DataFrame([r.stats for r in runs])
    rep = pd.concat(
        [
            pd.DataFrame({"replication": np.arange(1, reps + 1)}),
            rep,
            util.add_prefix("utilization[").add_suffix("]"),
            mq.add_prefix("mean_queue[").add_suffix("]"),
        ],
        axis=1,
    )
    utilization = util.mean().rename("utilization")
    utilization.index.name = "resource"
    queue_lengths = pd.DataFrame({"mean": mq.mean(), "max": xq.max().astype(int)})
    queue_lengths.index.name = "resource"
    return SimulationResult(
        cases=cases,
        utilization=utilization,
        event_log=event_log,
        queue_lengths=queue_lengths,
        replication_stats=rep,
        process=process,
        arrival_rate=lam,
        warmup=w,
        replications=reps,
    )
