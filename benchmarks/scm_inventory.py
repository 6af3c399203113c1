"""Inventory models: a 100,000-period policy simulation and the explorers' model time.

Targets (issue 3): a 100,000-period inventory simulation at most 0.5 s; model time per
widget update at most 20 ms (median). Run from the repository root:

    .venv/bin/python benchmarks/scm_inventory.py            # 7 repeats
    .venv/bin/python benchmarks/scm_inventory.py 15         # repeats
"""

from __future__ import annotations

import statistics
import sys
import time

from crmlab.scm.policies import (
    BaseStockPolicy,
    RQPolicy,
    SSPolicy,
    base_stock_level,
    normal_demand,
    simulate_policy,
)
from crmlab.widgets import inventory as w


def timed(call, repeats: int) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main(repeats: int = 7) -> None:
    demand = normal_demand(100, 20, 100_000, seed=1)
    level = base_stock_level(100, 20, 2, 0.95)
    print(f"100,000-period simulation (lead time 2), median of {repeats} (target <= 500 ms)")
    for name, policy in (
        ("base-stock", BaseStockPolicy(level)),
        ("(r, Q)", RQPolicy(250, 400)),
        ("(s, S)", SSPolicy(250, 650)),
    ):
        for lost in (False, True):
            t = timed(
                lambda p=policy, ls=lost: simulate_policy(
                    demand, p, 2, order_cost=50, lost_sales=ls
                ),
                repeats,
            )
            kind = "lost sales" if lost else "backorders"
            print(f"  {name:10s} {kind:10s} {1000 * statistics.median(t):7.1f} ms")
    print(f"\nModel time per widget update, median of {repeats} x 3 settings (target <= 20 ms)")
    calls = {
        "policy explorer (104 periods)": [
            lambda p=p: w.policy_simulation(p, 400, 300, 2, 30) for p in w.POLICIES
        ],
        "pooling explorer (n = 2, 4, 10)": [
            lambda n=n: w.pooling_table(n, 0.3, 2, 0.95) for n in (2, 4, 10)
        ],
        "postponement explorer (k <= 8, 12, 20)": [
            lambda k=k: w.postponement_curve(40, 4, 0.95, max_variants=k) for k in (8, 12, 20)
        ],
    }
    for name, fns in calls.items():
        t = [x for fn in fns for x in timed(fn, repeats)]
        median, worst = 1000 * statistics.median(t), 1000 * max(t)
        print(f"  {name:40s} median {median:6.2f} ms, max {worst:6.2f} ms")
    chart = timed(lambda: w.policy_figure().png(), 3)
    print(f"\n(for scale: drawing the policy chart to PNG takes {1000 * min(chart):.0f} ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
