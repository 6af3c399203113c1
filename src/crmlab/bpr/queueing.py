"""Closed-form queueing results used to check the simulation (and to teach with).

Notation: arrival rate λ, service rate μ = 1/E[S] per server, c servers, offered load
A = λ/μ (in Erlangs), utilisation ρ = λ/(c·μ) < 1. Waiting time Wq is the mean time in the
queue, before service starts (minutes when λ and μ are per minute).

Sources: the M/M/1 and M/M/c (Erlang C) results and the Pollaczek–Khinchine formula for
M/G/1 are standard (e.g. Kleinrock, *Queueing Systems*, vol. 1, 1975; Hillier & Lieberman,
*Introduction to Operations Research*, ch. 17).
"""

from __future__ import annotations

from crmlab._validate import finite_result, non_negative, positive, whole

#: The most servers :func:`erlang_c` and :func:`mmc_wait` accept. The Erlang B recursion
#: takes one step per server; a million servers answer in about a second.
MAX_SERVERS = 1_000_000


def _rates(arrival_rate: float, service_rate: float, servers: int) -> tuple[float, float, int]:
    lam = positive("arrival_rate", arrival_rate)
    mu = positive("service_rate", service_rate)
    c = whole("servers", servers, minimum=1, maximum=MAX_SERVERS)
    rho = lam / (c * mu)
    if rho >= 1.0:
        raise ValueError(
            f"arrival_rate must be < servers × service_rate for a steady state "
            f"(utilisation ρ = {rho:.3f} >= 1)"
        )
    return lam, mu, c


def erlang_c(offered_load: float, servers: int) -> float:
    """Erlang C: the probability that an arriving case has to wait, M/M/c.

    C(c, A) = [A^c/c! · c/(c−A)] / [Σ_{k=0}^{c−1} A^k/k! + A^c/c! · c/(c−A)].

    Args:
        offered_load: A = λ/μ in Erlangs, finite and > 0, and < ``servers``.
        servers: c, whole number from 1 to :data:`MAX_SERVERS`.

    Computed with the stable Erlang B recursion B(k) = A·B(k−1)/(k + A·B(k−1)), B(0) = 1,
    then C = B/(1 − (A/c)(1 − B)), so large c does not overflow.
    """
    a = positive("offered_load", offered_load)
    c = whole("servers", servers, minimum=1, maximum=MAX_SERVERS)
    if a >= c:
        raise ValueError(f"offered_load must be < servers ({c}) for a steady state, got {a!r}")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b / (1.0 - (a / c) * (1.0 - b))


def mmc_wait(arrival_rate: float, service_rate: float, servers: int = 1) -> float:
    """Mean waiting time in the queue of an M/M/c system: Wq = C(c, A) / (c·μ − λ).

    For c = 1 this is the M/M/1 result Wq = ρ/(μ − λ).
    """
    lam, mu, c = _rates(arrival_rate, service_rate, servers)
    return erlang_c(lam / mu, c) / (c * mu - lam)


def mm1_wait(arrival_rate: float, service_rate: float) -> float:
    """Mean waiting time in the queue of an M/M/1 system: Wq = ρ/(μ − λ), ρ = λ/μ."""
    lam, mu, _ = _rates(arrival_rate, service_rate, 1)
    return (lam / mu) / (mu - lam)


def mg1_wait(arrival_rate: float, mean_service: float, cv: float) -> float:
    """Pollaczek–Khinchine mean wait of an M/G/1 queue: Wq = ρ·E[S]·(1 + cv²) / (2(1 − ρ)).

    Args:
        arrival_rate: λ (per minute). mean_service: E[S] (minutes). cv: the coefficient of
            variation of the service time (0 deterministic, 1 exponential).
    """
    return _pk_wait(arrival_rate, mean_service, cv, "mean_service")


def _pk_wait(arrival_rate: object, mean_service: object, cv: object, name: str) -> float:
    s = positive(name, mean_service)
    lam = positive("arrival_rate", arrival_rate)
    v = non_negative("cv", cv)
    rho = lam * s
    if rho >= 1.0:
        raise ValueError(
            f"arrival_rate × {name} must be < 1 for a steady state (utilisation ρ = {rho:.3g})"
        )
    return finite_result(
        "the mean wait",
        rho * s * (1.0 + v * v) / (2.0 * (1.0 - rho)),
        names=f"arrival_rate, {name}" + (", cv" if v else ""),
    )


def md1_wait(arrival_rate: float, service_time: float) -> float:
    """M/D/1 mean wait (Pollaczek–Khinchine with cv = 0): Wq = ρ·S / (2(1 − ρ))."""
    return _pk_wait(arrival_rate, service_time, 0.0, "service_time")
