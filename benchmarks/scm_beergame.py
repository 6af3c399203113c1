"""Benchmark: the beer game and the bullwhip models (issue 3's performance targets).

Run: ``.venv/bin/python benchmarks/scm_beergame.py [repeats]``

Targets: one 36-week beer game at most 20 ms; 10,000 games at most 1 s; the model call of a
widget update at most 20 ms (median). Prints medians over ``repeats`` runs, one
``name | value | target`` row each (benchmarks/README.md); nothing passes or fails.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time

import numpy as np

from crmlab.scm.beergame import BeerGame, simulate_beer_game, simulate_beer_games
from crmlab.scm.bullwhip import bullwhip_ratio, order_up_to_orders


def _median_ms(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), max(times)


def main(repeats: int = 21) -> None:
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}")
    simulate_beer_game()  # warm up imports and caches
    cases = [
        ("one 36-week game, Sterman heuristic (target <= 20 ms)", lambda: simulate_beer_game()),
        (
            "one game, base stock, demand shared",
            lambda: simulate_beer_game(policy="base_stock", share_demand=True),
        ),
        (
            "10,000 games, Poisson demand, Sterman (target <= 1 s)",
            lambda: simulate_beer_games(10_000, demand="poisson"),
        ),
        (
            "explorer update model: two 36-week games (target <= 20 ms)",
            lambda: (simulate_beer_game(), simulate_beer_game(share_demand=True)),
        ),
        ("player: one week of play (BeerGame.play)", None),
        (
            "order_up_to_orders + bullwhip_ratio, 100,000 periods",
            lambda: bullwhip_ratio(order_up_to_orders(DEMAND, 4, 5), DEMAND[5:]),
        ),
    ]
    for label, fn in cases:
        if fn is None:
            game = BeerGame(weeks=52)

            def fn(game=game):
                if game.finished:
                    return
                game.play(8)

            med, worst = _median_ms(fn, min(repeats, 50))
        else:
            med, worst = _median_ms(fn, repeats if "10,000" not in label else max(5, repeats // 4))
        name, _, target = label.partition(" (target ")
        target = target.rstrip(")") if target else "-"
        print(f"{name}, median of runs (max {worst:.2f} ms) | {med:.2f} ms | {target}")


DEMAND = np.random.default_rng(0).normal(100, 15, 100_000)

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
