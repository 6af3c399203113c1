"""Process models: steps, resources, hand-offs, rework and service-time distributions.

A business process is described as a sequence of :class:`Step` objects, each performed by a
*resource* (a department or role) that has a number of workers and, optionally, a labour
cost per hour (:class:`Process`). All times are in minutes.

Notation used in the book: arrival rate λ (cases per minute), mean work time of a step
E[S] (minutes), rework probability p (the step is repeated with probability p, so it is
performed 1/(1−p) times on average), workers c of a resource, offered load
a = λ · Σ E[S]/(1−p) over the steps the resource performs (in Erlangs), utilisation
ρ = a / c.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab._validate import non_negative, positive, sequence, whole

#: The service-time distributions a :class:`Step` can use.
DISTRIBUTIONS: tuple[str, ...] = ("exponential", "deterministic", "lognormal", "empirical")


def _probability(name: str, value: object, *, below_one: bool = False) -> float:
    x = non_negative(name, value)
    if below_one and x >= 1.0:
        raise ValueError(
            f"{name} must lie in [0, 1) (1 would repeat the step forever), got {value!r}"
        )
    if x > 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return x


@dataclass(frozen=True)
class Step:
    """One activity of a process, performed by one resource.

    Args:
        name: the activity's name as learners see it (e.g. ``"Check credit"``).
        resource: the department or role that performs it; must be a key of the process's
            ``capacity``.
        mean_time: E[S], the mean work (touch) time in minutes, finite and > 0. For an
            ``"empirical"`` step ``None`` means the mean of ``samples``; a number rescales
            the samples to that mean (same shape, e.g. 20 % faster).
        distribution: ``"exponential"`` (cv = 1), ``"deterministic"`` (always
            ``mean_time``), ``"lognormal"`` (needs ``cv``, the coefficient of variation
            std/mean, >= 0) or ``"empirical"`` (draws with replacement from ``samples``).
        cv: coefficient of variation, only for ``"lognormal"``.
        handoff_delay: transfer time in minutes before this step when the previous step was
            done by another resource (the in-tray, the internal mail); >= 0, constant. It
            counts as waiting time. Ignored for the first step and when the resource stays
            the same.
        rework_probability: p in [0, 1): after the step, with probability p the work is
            found wrong and the step is done again (the case queues again for the same
            resource). The number of times the step is performed is geometric, mean 1/(1−p).
        samples: observed work times in minutes (>= 0, at least one > 0) for
            ``"empirical"``.

    Raises:
        ValueError: naming the bad argument and its allowed range.
    """

    name: str
    resource: str
    mean_time: float | None
    distribution: str = "exponential"
    cv: float | None = None
    handoff_delay: float = field(default=0.0, kw_only=True)
    rework_probability: float = field(default=0.0, kw_only=True)
    samples: tuple[float, ...] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.resource, str) or not self.resource.strip():
            raise ValueError(f"resource must be a non-empty string, got {self.resource!r}")
        if self.distribution not in DISTRIBUTIONS:
            raise ValueError(
                f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {self.distribution!r}"
            )
        set_ = object.__setattr__
        if self.distribution == "empirical":
            if self.samples is None:
                raise ValueError(
                    "samples must be given (observed work times) for an empirical step"
                )
            try:
                values = np.array(
                    [non_negative("samples", v) for v in sequence("samples", self.samples)],
                    dtype=float,
                )
            except ValueError:
                raise ValueError(
                    f"samples must be a sequence of finite work times >= 0 (minutes), "
                    f"got {self.samples!r}"
                ) from None
            if values.size and not math.isfinite(float(values.mean())):
                raise ValueError("samples are too large: their mean overflows a float")
            if values.size == 0:
                raise ValueError("samples must hold at least one observed work time, got none")
            if not np.all(np.isfinite(values)) or np.any(values < 0) or values.sum() <= 0:
                raise ValueError("samples must be finite work times >= 0, not all zero (minutes)")
            set_(self, "samples", tuple(float(v) for v in values))
            if self.mean_time is None:
                set_(self, "mean_time", float(values.mean()))
        elif self.samples is not None:
            raise ValueError("samples applies only to distribution='empirical'")
        set_(self, "mean_time", positive("mean_time", self.mean_time))
        if self.distribution == "lognormal":
            if self.cv is None:
                raise ValueError("cv (coefficient of variation, >= 0) is required for lognormal")
            set_(self, "cv", non_negative("cv", self.cv))
        elif self.cv is not None:
            raise ValueError(
                f"cv applies only to distribution='lognormal' "
                f"(a {self.distribution} step has a fixed cv), got cv={self.cv!r}"
            )
        set_(self, "handoff_delay", non_negative("handoff_delay", self.handoff_delay))
        set_(
            self,
            "rework_probability",
            _probability("rework_probability", self.rework_probability, below_one=True),
        )

    @property
    def expected_work(self) -> float:
        """E[S]/(1−p): expected work per case on this step, rework repeats included (min)."""
        return float(self.mean_time) / (1.0 - self.rework_probability)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` work times (minutes) in one numpy batch."""
        mean = float(self.mean_time)
        if self.distribution == "exponential":
            return rng.exponential(mean, size)
        if self.distribution == "deterministic":
            return np.full(size, mean)
        if self.distribution == "lognormal":
            cv = float(self.cv)
            if cv == 0.0:
                return np.full(size, mean)
            sigma2 = math.log1p(cv * cv)
            return rng.lognormal(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2), size)
        values = np.asarray(self.samples, dtype=float)
        return rng.choice(values, size) * (mean / values.mean())


@dataclass(frozen=True)
class Process:
    """A process: steps in order, the workers of each resource and their cost.

    Args:
        steps: the :class:`Step` objects in the order a case passes them (names unique).
        capacity: resource → number of workers c (whole number >= 1). Every step's
            resource must be here.
        cost_per_hour: resource → labour cost of one worker per hour (>= 0), for the cost
            per case; ``None`` leaves costs undefined (NaN).

    Raises:
        ValueError: naming the bad argument (an unknown resource, zero workers, ...).
    """

    steps: tuple[Step, ...]
    capacity: Mapping[str, int]
    cost_per_hour: Mapping[str, float] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if isinstance(self.steps, Step):
            raise ValueError("steps must be a sequence of Step objects, got a single Step")
        steps = tuple(sequence("steps", self.steps))
        if not steps:
            raise ValueError("steps must hold at least one Step")
        for s in steps:
            if not isinstance(s, Step):
                raise ValueError(f"steps must be Step objects, got {s!r}")
        names = [s.name for s in steps]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"steps must have unique names; repeated: {', '.join(duplicates)}")
        if not isinstance(self.capacity, Mapping) or not self.capacity:
            raise ValueError("capacity must map each resource to its number of workers")
        capacity = {
            str(r): whole(f"capacity[{r!r}]", c, minimum=1) for r, c in self.capacity.items()
        }
        for s in steps:
            if s.resource not in capacity:
                raise ValueError(
                    f"resource {s.resource!r} of step {s.name!r} is unknown: capacity has "
                    f"{', '.join(map(repr, capacity))}"
                )
        cost = None
        if self.cost_per_hour is not None:
            if not isinstance(self.cost_per_hour, Mapping):
                raise ValueError("cost_per_hour must map resources to a cost per worker-hour")
            cost = {}
            for r, v in self.cost_per_hour.items():
                if r not in capacity:
                    raise ValueError(
                        f"cost_per_hour names an unknown resource {r!r}: capacity has "
                        f"{', '.join(map(repr, capacity))}"
                    )
                cost[r] = non_negative(f"cost_per_hour[{r!r}]", v)
            missing = [r for r in capacity if r not in cost]
            if missing:
                raise ValueError(
                    f"cost_per_hour is missing resources named in capacity: {', '.join(missing)}"
                )
        object.__setattr__(self, "steps", steps)
        object.__setattr__(self, "capacity", capacity)
        object.__setattr__(self, "cost_per_hour", cost)

    @property
    def resources(self) -> list[str]:
        """The resources in the order of ``capacity``."""
        return list(self.capacity)

    def expected_work(self) -> pd.Series:
        """Expected work per case on each resource, rework repeats included (minutes)."""
        work = dict.fromkeys(self.capacity, 0.0)
        for s in self.steps:
            work[s.resource] += s.expected_work
        return pd.Series(work, name="expected_work", dtype=float)

    def offered_erlangs(self, arrival_rate: float) -> pd.Series:
        """Offered load a per resource, in Erlangs: λ × expected work per case on it.

        The number of workers the resource would keep busy on average; compare it with
        the workers it has (``capacity``).
        """
        lam = positive("arrival_rate", arrival_rate)
        return (lam * self.expected_work()).rename("offered_erlangs")

    def utilization(self, arrival_rate: float) -> pd.Series:
        """Utilisation ρ = a / c per resource: offered load over the number of workers.

        At ρ >= 1 the resource cannot keep up and its queue grows without limit.
        """
        workers = pd.Series(self.capacity, dtype=float)
        return (self.offered_erlangs(arrival_rate) / workers).rename("utilization")

    def offered_load(self, arrival_rate: float) -> pd.Series:
        """Deprecated: returns utilisation ρ = a / c, not the offered load a.

        Use :meth:`utilization` for ρ and :meth:`offered_erlangs` for a (Erlangs). Kept,
        with a ``DeprecationWarning``, so existing material keeps its numbers.
        """
        warnings.warn(
            "Process.offered_load returns utilisation ρ = λ·E[S]/c; call "
            "Process.utilization (ρ) or Process.offered_erlangs (λ·E[S], Erlangs) instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.utilization(arrival_rate).rename("offered_load")

    def theoretical_work_time(self) -> float:
        """Expected work (touch) time of one case, minutes: Σ E[S]/(1−p)."""
        return float(sum(s.expected_work for s in self.steps))

    def handoffs(self) -> int:
        """Number of hand-offs (changes of resource between consecutive steps)."""
        return sum(
            a.resource != b.resource for a, b in zip(self.steps, self.steps[1:], strict=False)
        )

    def table(self) -> pd.DataFrame:
        """The steps as a table (one row per step), for display."""
        rows = []
        for i, s in enumerate(self.steps, start=1):
            handoff = i > 1 and self.steps[i - 2].resource != s.resource
            rows.append(
                {
                    "step": i,
                    "activity": s.name,
                    "resource": s.resource,
                    "workers": self.capacity[s.resource],
                    "mean_time": s.mean_time,
                    "distribution": s.distribution,
                    "cv": s.cv,
                    "handoff_delay": s.handoff_delay if handoff else 0.0,
                    "rework_probability": s.rework_probability,
                }
            )
        return pd.DataFrame(rows).set_index("step")


#: The most workers :func:`minimum_workers` reports for one resource (a larger need means
#: an arrival rate far outside a process model, e.g. one given per year as per minute).
MAX_WORKERS = 10**9


def minimum_workers(process: Process, arrival_rate: float) -> pd.Series:
    """The fewest workers per resource that keep its utilisation ρ below 1.

    c_min = floor(λ × expected work per case on the resource) + 1: with fewer workers the
    resource cannot keep up and :func:`crmlab.bpr.simulate` refuses to run.
    """
    if not isinstance(process, Process):
        raise ValueError(f"process must be a Process, got {process!r}")
    lam = positive("arrival_rate", arrival_rate)
    need = np.floor(lam * process.expected_work()) + 1
    if not (need < MAX_WORKERS).all():
        raise ValueError(
            f"arrival_rate {arrival_rate!r} needs more than MAX_WORKERS = {MAX_WORKERS} "
            f"workers on a resource; is it per minute?"
        )
    return need.astype(int).rename("minimum_workers")
