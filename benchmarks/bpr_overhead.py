"""Benchmark: crmlab.bpr.simulate against a bare SimPy model of the same process.

Run: ``.venv/bin/python benchmarks/bpr_overhead.py [n_cases] [repeats]``

The process is the as-is complaint process of :func:`crmlab.bpr.cases.complaint_handling`
(five steps in three departments, four hand-offs, log-normal work, rework on one step), at
six complaints an hour. Two bare SimPy models run the same process without crmlab:

* ``bare SimPy (idiomatic)``: the way a SimPy user writes it (random numbers drawn inline
  with :mod:`random`, ``with resource.request()``), recording only each case's arrival,
  finish and work time (the least needed for cycle and wait times);
* ``bare SimPy (pre-drawn)``: the same with numpy random numbers drawn up front, as crmlab
  does: the leanest SimPy model of this process.

crmlab's run includes everything it does: input checks, the offered-load check, drawing
the numbers, the SimPy run, and building the cases table, event log, utilisation, queue
lengths and per-replication measures. Runs are interleaved and each is timed ``repeats``
times; the medians are reported. Figures are printed as ``name | value | target`` rows
(the convention of benchmarks/README.md, which `make bench` collects); nothing passes or
fails.
"""

from __future__ import annotations

import math
import platform
import random
import statistics
import sys
import time

import numpy as np
import simpy

from crmlab.bpr import compare_designs, simulate
from crmlab.bpr.cases import ARRIVAL_RATE, complaint_handling

PROCESS = complaint_handling("as_is")
LAMBDA = ARRIVAL_RATE["complaint_handling"]


def _lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def bare_idiomatic(n_cases: int, seed: int = 0) -> list[tuple[float, float, float]]:
    """The same process written directly in SimPy, random numbers drawn inline."""
    rnd = random.Random(seed)
    env = simpy.Environment()
    pools = {r: simpy.Resource(env, capacity=c) for r, c in PROCESS.capacity.items()}
    route = []
    for j, s in enumerate(PROCESS.steps):
        delay = s.handoff_delay if j and PROCESS.steps[j - 1].resource != s.resource else 0.0
        mu, sigma = _lognormal_params(s.mean_time, s.cv)
        route.append((pools[s.resource], delay, mu, sigma, s.rework_probability))
    done: list[tuple[float, float, float]] = []

    def case(arrival: float):
        work = 0.0
        for pool, delay, mu, sigma, p in route:
            if delay:
                yield env.timeout(delay)
            while True:
                with pool.request() as req:
                    yield req
                    t = rnd.lognormvariate(mu, sigma)
                    work += t
                    yield env.timeout(t)
                if rnd.random() >= p:
                    break
        done.append((arrival, env.now, work))

    def source():
        for _ in range(n_cases):
            yield env.timeout(rnd.expovariate(LAMBDA))
            env.process(case(env.now))

    env.process(source())
    env.run()
    return done


def bare_predrawn(n_cases: int, seed: int = 0) -> list[tuple[float, float, float]]:
    """The leanest SimPy model: numpy numbers drawn up front, no event log."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    pools = {r: simpy.Resource(env, capacity=c) for r, c in PROCESS.capacity.items()}
    gaps = rng.exponential(1.0 / LAMBDA, n_cases).tolist()
    route = []
    for j, s in enumerate(PROCESS.steps):
        delay = s.handoff_delay if j and PROCESS.steps[j - 1].resource != s.resource else 0.0
        counts = rng.geometric(1.0 - s.rework_probability, n_cases).tolist()
        times = iter(s.sample(rng, int(sum(counts))).tolist())
        route.append((pools[s.resource], delay, counts, times))
    done: list[tuple[float, float, float]] = []

    def case(i: int, arrival: float):
        work = 0.0
        for pool, delay, counts, times in route:
            if delay:
                yield env.timeout(delay)
            for _ in range(counts[i]):
                with pool.request() as req:
                    yield req
                    t = next(times)
                    work += t
                    yield env.timeout(t)
        done.append((arrival, env.now, work))

    def source():
        for i, gap in enumerate(gaps):
            yield env.timeout(gap)
            env.process(case(i, env.now))

    env.process(source())
    env.run()
    return done


def crmlab_run(n_cases: int, seed: int = 0):
    return simulate(PROCESS, LAMBDA, n_cases, seed=seed)


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def main(n_cases: int = 20_000, repeats: int = 7) -> None:
    runs = {
        "crmlab.bpr.simulate": crmlab_run,
        "bare SimPy (idiomatic)": bare_idiomatic,
        "bare SimPy (pre-drawn)": bare_predrawn,
    }
    for fn in runs.values():  # warm up imports and caches
        fn(500)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(repeats):
        for name, fn in runs.items():
            times[name].append(timed(fn, n_cases, r))
    med = {name: statistics.median(ts) for name, ts in times.items()}

    # Sanity: the models are the same process, so their mean cycle times agree.
    ours = crmlab_run(n_cases).mean_cycle_time
    bare = bare_idiomatic(n_cases)
    bare_cycle = statistics.fmean(f - a for a, f, _ in bare)

    # Context lines, then result rows ``name | value | target`` (benchmarks/README.md).
    print(f"Python {platform.python_version()}, SimPy {simpy.__version__}, numpy {np.__version__}")
    print(f"Process: complaint handling as-is, {len(PROCESS.steps)} steps, λ = {LAMBDA}/min")
    print(f"{n_cases:,} cases, median of {repeats} interleaved runs:")
    for name, m in med.items():
        print(
            f"{name}, {n_cases:,} cases | {1000 * m:.1f} ms ({1e6 * m / n_cases:.1f} µs/case) | -"
        )
    print(f"mean cycle time, crmlab vs bare SimPy | {ours:,.1f} vs {bare_cycle:,.1f} min | ≈ equal")
    idiomatic = med["crmlab.bpr.simulate"] / med["bare SimPy (idiomatic)"]
    lean = med["crmlab.bpr.simulate"] / med["bare SimPy (pre-drawn)"]
    print(f"simulate overhead vs idiomatic bare SimPy | {idiomatic:.2f}x | <= 1.5x")
    print(f"simulate overhead vs pre-drawn bare SimPy | {lean:.2f}x | -")

    compare_designs()  # warm up
    widget = [timed(compare_designs) for _ in range(repeats)]
    print(
        f"redesign widget model, compare_designs() (2 x 2,000 cases) | "
        f"median {1000 * statistics.median(widget):.0f} ms, max {1000 * max(widget):.0f} ms "
        f"| <= 300 ms"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
