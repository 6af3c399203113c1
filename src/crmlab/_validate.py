"""Input checks shared by every public function.

Each check raises :class:`ValueError` that names the argument and the allowed range, so a
learner who passes a bad value reads what to change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

import numpy as np

#: The longest series a model simulates or draws (periods × games, markets or cases):
#: ten million numbers (80 MB). Larger requests are refused up front instead of
#: exhausting memory or running for hours.
MAX_PERIODS = 10_000_000


def random_generator(name: str, seed: object) -> np.random.Generator:
    """A numpy Generator from ``seed``: a whole number >= 0, a Generator, or None (fresh)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(
            f"{name} must be a whole number >= 0, a numpy Generator or None, got {seed!r}"
        )
    return np.random.default_rng(int(seed))


def _as_float(name: str, value: object) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be a finite number, got an integer too large for a float"
        ) from None


def finite(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise ``ValueError``."""
    x = _as_float(name, value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return x


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a boolean (``bool`` or numpy's bool), else raise.

    A string such as ``'False'`` is truthy, so accepting any object would silently turn
    the flag on.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def within(
    name: str, value: object, low: float, high: float, *, integer: bool = False, where: str = ""
) -> float:
    """Return ``value`` if it is a real number in ``[low, high]`` (a whole number, returned
    as an int, if ``integer``), else raise ``ValueError`` naming the argument and the range.

    ``where`` ends the message, e.g. ``"for the widget"``: a slider would silently clamp a
    starting value outside its range, so a widget checks it with this first.
    """
    number = not isinstance(value, (bool, np.bool_)) and isinstance(
        value, (Real, np.integer, np.floating)
    )
    if integer and number and not isinstance(value, (int, np.integer)):
        number = isinstance(value, (float, np.floating)) and float(value).is_integer()
    if number and low <= value <= high:  # NaN compares False; huge ints compare exactly
        return int(value) if integer else float(value)
    kind = "a whole number" if integer else "a number"
    suffix = f" {where}" if where else ""
    raise ValueError(f"{name} must be {kind} that lies in [{low}, {high}]{suffix}, got {value!r}")


def finite_result(what: str, value: float, *, names: str) -> float:
    """Return a computed ``value`` if it is finite; else blame the inputs ``names``.

    Finite inputs can still overflow (``eoq(1e308, 1e308, 1)``); a model then refuses
    instead of returning inf or NaN.
    """
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(f"{names} are too large: {what} overflows a float; use smaller values")
    return x


def sequence(name: str, values: object) -> list:
    """Return a sequence (list, tuple, array, Series) as a list; refuse strings, mappings."""
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__len__"):
        raise ValueError(f"{name} must be a sequence (list, tuple or array), got {values!r}")
    return list(values)


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


#: The largest whole number any count, period or lead time may be: 2**53, the last
#: integer a float holds exactly (the models compute with floats).
MAX_WHOLE = 2**53


def whole(name: str, value: object, *, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum`` and <= ``maximum``
    (at most :data:`MAX_WHOLE` when no maximum is given)."""
    if maximum is None:
        maximum = MAX_WHOLE
    allowed = f"from {minimum} to {maximum:,}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number {allowed}, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be a whole number {allowed}, got {value!r}")
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
