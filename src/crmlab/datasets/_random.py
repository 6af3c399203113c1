"""Small helpers shared by the generators."""

from __future__ import annotations

import numpy as np

Seed = int | np.random.Generator


def as_generator(seed: Seed) -> np.random.Generator:
    """Return a NumPy ``Generator``: ``seed`` itself, or a new one seeded with the int."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an int >= 0 or a numpy.random.Generator, got {seed!r}")
    return np.random.default_rng(int(seed))
