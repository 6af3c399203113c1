"""Tests of crmlab.bpr.queueing: Erlang C and the closed forms that validate the simulation."""

import math

import pytest

from crmlab.bpr.queueing import erlang_c, md1_wait, mg1_wait, mm1_wait, mmc_wait


def test_erlang_c_call_centre_helper_worked_example():
    """Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
    (callcentrehelper.com): 100 calls in 30 minutes with an average handling time of 180 s
    is A = 10 Erlangs; with 11 agents the probability that a call waits is 68.21 %."""
    assert erlang_c(10.0, 11) == pytest.approx(0.6821, abs=5e-5)


def test_erlang_c_equals_direct_formula():
    """The defining formula C = [A^c/c! · c/(c−A)] / [Σ_{k<c} A^k/k! + A^c/c! · c/(c−A)]
    (Kleinrock 1975, Queueing Systems vol. 1, §3.5), evaluated term by term, agrees with
    the recursion."""
    for a, c in [(0.5, 1), (1.5, 2), (7.3, 9), (48.0, 55)]:
        tail = a**c / math.factorial(c) * c / (c - a)
        direct = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
        assert erlang_c(a, c) == pytest.approx(direct, rel=1e-12)


def test_erlang_c_small_cases_closed_form():
    """With one server the waiting probability is ρ; with two it is 2ρ²/(1+ρ), ρ = A/2
    (the M/M/1 and M/M/2 results, e.g. Hillier & Lieberman ch. 17)."""
    assert erlang_c(0.7, 1) == pytest.approx(0.7)
    rho = 0.6
    assert erlang_c(2 * rho, 2) == pytest.approx(2 * rho**2 / (1 + rho))


def test_erlang_c_large_number_of_servers_does_not_overflow():
    """A = 900 Erlangs on 1,000 servers: factorials overflow a float, the recursion does
    not; the result is a probability, small at 90 % occupancy with so many servers."""
    p = erlang_c(900.0, 1000)
    assert 0.0 < p < 0.01


def test_mm1_wait_textbook_formula():
    """M/M/1: Wq = ρ/(μ − λ); λ = 0.8, μ = 1 gives 4 minutes; M/M/c with c = 1 agrees."""
    assert mm1_wait(0.8, 1.0) == pytest.approx(4.0)
    assert mmc_wait(0.8, 1.0, 1) == pytest.approx(4.0)


def test_mmc_wait_from_erlang_c():
    """M/M/c: Wq = C(c, A)/(cμ − λ); the worked example above (A = 10, 11 agents, 3-minute
    calls) waits 0.6821 × 3 / (11 − 10) ≈ 2.046 minutes on average."""
    assert mmc_wait(10 / 3, 1 / 3, 11) == pytest.approx(0.6821 * 3, abs=1e-3)


def test_pollaczek_khinchine():
    """M/G/1 (Pollaczek–Khinchine): Wq = ρ·E[S]·(1 + cv²)/(2(1 − ρ)); deterministic
    service (cv = 0) waits half as long as exponential (cv = 1)."""
    assert md1_wait(0.5, 1.0) == pytest.approx(0.5)
    assert mg1_wait(0.5, 1.0, 1.0) == pytest.approx(mm1_wait(0.5, 1.0))
    assert md1_wait(0.9, 1.0) == pytest.approx(mm1_wait(0.9, 1.0) / 2)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: erlang_c(11.0, 11), "offered_load"),
        (lambda: erlang_c(-1.0, 3), "offered_load"),
        (lambda: erlang_c(1.0, 0), "servers"),
        (lambda: mm1_wait(1.0, 1.0), "arrival_rate"),
        (lambda: mm1_wait(0.5, 0.0), "service_rate"),
        (lambda: mmc_wait(0.5, 1.0, 1.5), "servers"),
        (lambda: mg1_wait(0.5, 1.0, -0.1), "cv"),
        (lambda: md1_wait(0.5, -1.0), "service_time"),  # issue 17: was mean_service
    ],
)
def test_bad_input_names_the_argument(call, name):
    """Unstable or invalid inputs raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        call()
