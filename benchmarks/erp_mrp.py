"""MRP benchmarks: the walk-through widget's model time, and a 1,000-item, 6-level BOM.

Usage (from the repository root)::

    .venv/bin/python benchmarks/erp_mrp.py          # 7 repeats
    .venv/bin/python benchmarks/erp_mrp.py 15       # repeats

Targets (issue 4): the MRP widget's model time at most 50 ms on the chapter's example
(``crmlab.erp.example.alder_and_pine()``, 27 items, 8 weeks, the item master's lot-sizing
rules and safety stocks); MRP for a synthetic 1,000-item, 6-level BOM over 52 periods at
most 1 s. The synthetic BOM is generated with a seed: 20 end items, then 196 items on each
of levels 1 to 5; every item below level 0 has one to three parents on the level above
(some items therefore have several parents and are planned once, at their lowest level),
quantities 1 to 4 per parent; lead times 0 to 3; on hand 0 to 200; a third of the items
lot-sized by fixed order quantity, a third by periodic order quantity, the rest lot for lot.
"""

from __future__ import annotations

import statistics
import sys
import time
from functools import partial

import numpy as np

from crmlab.erp.example import alder_and_pine
from crmlab.erp.lotsizing import fixed_order_quantity, periodic_order_quantity
from crmlab.erp.mrp import mrp
from crmlab.widgets.mrp import run_example


def synthetic_plant(items: int = 1000, levels: int = 6, periods: int = 52, seed: int = 0):
    """A random acyclic BOM with ``levels`` levels and its MRP inputs."""
    rng = np.random.default_rng(seed)
    top = 20
    per_level = (items - top) // (levels - 1)
    sizes = [top] + [per_level] * (levels - 1)
    sizes[-1] += items - sum(sizes)
    names = [[f"L{lv}-{k:04d}" for k in range(n)] for lv, n in enumerate(sizes)]
    bom: dict[str, dict[str, float]] = {}
    for lv in range(1, levels):
        for child in names[lv]:
            k = int(rng.integers(1, 4))
            for parent in rng.choice(names[lv - 1], size=k, replace=False):
                bom.setdefault(str(parent), {})[child] = float(rng.integers(1, 5))
    everything = [n for level in names for n in level]
    lead_times = {n: int(rng.integers(0, 4)) for n in everything}
    on_hand = {n: float(rng.integers(0, 201)) for n in everything}
    lots = {}
    for n in everything:
        u = rng.random()
        if u < 1 / 3:
            lots[n] = partial(fixed_order_quantity, quantity=float(rng.integers(50, 500)))
        elif u < 2 / 3:
            lots[n] = partial(periodic_order_quantity, periods=int(rng.integers(2, 5)))
    mps = {n: [float(x) for x in rng.integers(0, 50, periods)] for n in names[0]}
    return mps, bom, lead_times, on_hand, lots


def _time(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main(repeats: int = 7) -> None:
    example = alder_and_pine()
    run_example(example)  # warm up (imports, dataset loading)
    t = _time(lambda: run_example(example), repeats)
    print(
        f"widget model (alder_and_pine, 27 items x 8 weeks): median "
        f"{1000 * statistics.median(t):.1f} ms, max {1000 * max(t):.1f} ms "
        f"over {repeats} runs (target <= 50 ms)"
    )
    mps, bom, lead_times, on_hand, lots = synthetic_plant()
    n_links = sum(len(c) for c in bom.values())
    plan = mrp(mps, bom, lead_times, on_hand=on_hand, lot_sizing=lots)
    t = _time(lambda: mrp(mps, bom, lead_times, on_hand=on_hand, lot_sizing=lots), repeats)
    print(
        f"synthetic BOM ({len(plan.items)} items, {n_links} links, "
        f"{max(plan.low_level_codes.values()) + 1} levels, 52 periods): median "
        f"{1000 * statistics.median(t):.0f} ms, max {1000 * max(t):.0f} ms over {repeats} "
        f"runs (target <= 1 s); {len(plan.exceptions)} exception messages"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
