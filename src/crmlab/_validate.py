"""Input checks shared by every public function.

Each check raises :class:`ValueError` that names the argument and the allowed range, so a
learner who passes a bad value reads what to change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

import numpy as np


def _as_float(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    return float(value)


def positive(name: str, value: object) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise ``ValueError``."""
    x = _as_float(name, value)
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return x


def non_negative(name: str, value: object) -> float:
    """Return ``value`` as a float if it is finite and >= 0, else raise ``ValueError``."""
    x = _as_float(name, value)
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return x


def probability_open(name: str, value: object) -> float:
    """Return ``value`` as a float if it lies strictly between 0 and 1."""
    x = _as_float(name, value)
    if not (0.0 < x < 1.0):
        raise ValueError(f"{name} must lie in the open interval (0, 1), got {value!r}")
    return x


def whole(name: str, value: object, *, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def non_negative_series(name: str, values: object) -> np.ndarray:
    """Return a sequence of per-period quantities as a float array, each finite and >= 0.

    The message of a bad entry names its period, numbered from 1.
    """
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__len__"):
        raise ValueError(f"{name} must be a sequence of numbers >= 0, got {values!r}")
    out = np.empty(len(values), dtype=float)
    for i, v in enumerate(list(values)):
        try:
            out[i] = non_negative(name, v)
        except ValueError:
            raise ValueError(
                f"{name} must hold finite numbers >= 0; period {i + 1} has {v!r}"
            ) from None
    return out
