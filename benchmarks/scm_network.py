"""Benchmark: model time per update of the SCM network explorers (crmlab.widgets.scm).

Run: ``.venv/bin/python benchmarks/scm_network.py [repeats]``

Times the model calls one slider move triggers, without drawing (target: at most 20 ms,
median): the distribution explorer (three strategies at one point plus the 25 × 25 winner
grid when a cost slider moves; the grid does not depend on demand or stores, so moving
those reuses it), the network configuration explorer (one capacitated MILP on the `locations` data,
uncached; the widget memoises each slider position, so a revisited position costs
nothing), and the closed-loop explorer (orders only against POS + pipeline, 572 periods
each). Figures are printed; nothing passes or fails.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time

from crmlab import datasets
from crmlab.scm.location import locate_warehouses
from crmlab.widgets.scm import _grid, closed_loop_model, distribution_model


def median_ms(fn, repeats: int) -> tuple[float, float]:
    fn()  # warm up (imports, caches of numpy and scipy)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), max(times)


def main(repeats: int = 21) -> None:
    locations = datasets.load("locations")
    cases = {
        "distribution explorer, a cost slider (point + grid)": lambda: (
            _grid.cache_clear(),
            distribution_model(demand_per_store=50, stores=20),
        ),
        "distribution explorer, demand/stores slider": lambda: distribution_model(
            demand_per_store=80, stores=30
        ),
        "network explorer, MILP, no distance limit": lambda: locate_warehouses(locations),
        "network explorer, MILP, 100 km, fixed x2": lambda: locate_warehouses(
            locations, max_distance_km=100, fixed_cost_multiplier=2.0
        ),
        "closed-loop explorer (orders vs POS + pipeline)": lambda: closed_loop_model(True, True, 2),
    }
    print(f"Python {platform.python_version()}, {repeats} repeats, median (max) per update")
    for name, fn in cases.items():
        med, worst = median_ms(fn, repeats)
        print(f"{name:50s} {med:7.2f} ms  ({worst:.2f} ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
