"""Tests of crmlab.bpr.cases and crmlab.bpr.redesign: the classic reengineering cases, the
CRM complaint process and the model behind the redesign widget."""

import re
from pathlib import Path

import pytest

from crmlab.bpr import Process, compare_designs, minimum_workers, simulate
from crmlab.bpr.cases import (
    ARRIVAL_RATE,
    PUBLISHED,
    complaint_handling,
    ford_accounts_payable,
    ibm_credit,
    mutual_benefit_life,
)

BUILDERS = {
    "ibm_credit": ibm_credit,
    "ford_accounts_payable": ford_accounts_payable,
    "mutual_benefit_life": mutual_benefit_life,
}
BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"


def test_published_figures_cite_existing_keys():
    """Every published figure names its source, a key that exists in book/references.bib
    (Hammer 1990 for Ford and Mutual Benefit Life, Hammer & Champy 1993 for IBM Credit)."""
    keys = set(re.findall(r"@\w+\{([^,]+),", BIB.read_text(encoding="utf-8")))
    assert {case["source"] for case in PUBLISHED.values()} <= keys
    assert PUBLISHED["ibm_credit"]["source"] == "hammer1993"
    assert PUBLISHED["ford_accounts_payable"]["source"] == "hammer1990"
    assert PUBLISHED["mutual_benefit_life"]["source"] == "hammer1990"


def test_ibm_credit_work_adds_up_to_published_90_minutes():
    """Hammer & Champy (1993): the actual work on a request took about 90 minutes; the
    as-is model's five steps and the to-be deal structurer's step both average 90 minutes
    of work (before rework), in five departments against one."""
    as_is, to_be = ibm_credit(True), ibm_credit(False)
    assert sum(s.mean_time for s in as_is.steps) == pytest.approx(90.0)
    assert sum(s.mean_time for s in to_be.steps) == pytest.approx(90.0)
    assert PUBLISHED["ibm_credit"]["actual_work_minutes"] == 90
    # One statement of the turnaround, in the source's words (Hammer & Champy 1993, ch. 3):
    # six days on average, sometimes two weeks; not "about seven days".
    before = str(PUBLISHED["ibm_credit"]["turnaround_before"])
    assert "six days on average" in before and "seven" not in before
    assert len(as_is.resources) == 5 and as_is.handoffs() == 4
    assert to_be.handoffs() == 0


@pytest.mark.parametrize("name", list(BUILDERS))
def test_reengineering_cuts_cycle_time(name):
    """The mechanism of each case: at the illustrative arrival rate both designs are
    stable (every offered load < 1), and the reengineered process (fewer hand-offs) has
    a mean cycle time less than a third of the as-is one, with less waiting per case."""
    lam = ARRIVAL_RATE[name]
    before = simulate(BUILDERS[name](True), lam, 1500, warmup=150)
    after = simulate(BUILDERS[name](False), lam, 1500, warmup=150)
    assert (BUILDERS[name](True).utilization(lam) < 1).all()
    assert after.mean_cycle_time < before.mean_cycle_time / 3
    assert after.cases["wait_time"].mean() < before.cases["wait_time"].mean()
    assert after.process_efficiency > before.process_efficiency


def test_complaint_designs():
    """The CRM case: as-is passes three departments with four hand-offs; the case-manager
    design is one resource without hand-offs and a third of the rework; both are stable
    at six complaints an hour; staffing arguments reach the capacity."""
    as_is = complaint_handling("as_is", specialists=6)
    cm = complaint_handling("case_manager", case_managers=8, rework_probability=0.3)
    assert isinstance(as_is, Process)
    assert as_is.handoffs() == 4 and cm.handoffs() == 0
    assert as_is.capacity["Specialists"] == 6 and cm.capacity == {"Case managers": 8}
    assert cm.steps[0].rework_probability == pytest.approx(0.1)
    lam = ARRIVAL_RATE["complaint_handling"]
    assert (complaint_handling().utilization(lam) < 1).all()
    assert (complaint_handling("case_manager").utilization(lam) < 1).all()


def test_compare_designs_table():
    """compare_designs: one row per design with cycle time, cost per case and service
    level; the case manager (no hand-offs, fewer staff) is faster, cheaper per case and
    keeps the promise more often; the service level is a share in [0, 1]."""
    table = compare_designs(n_cases=1000, warmup=100)
    assert list(table.index) == ["as-is", "case manager"]
    for column in ("mean_cycle_time", "cost_per_case", "service_level", "process_efficiency"):
        assert column in table.columns
    assert table.loc["case manager", "mean_cycle_time"] < table.loc["as-is", "mean_cycle_time"]
    assert table.loc["case manager", "cost_per_case"] < table.loc["as-is", "cost_per_case"]
    assert table.loc["case manager", "service_level"] >= table.loc["as-is", "service_level"]
    assert table["service_level"].between(0, 1).all()
    assert table.loc["as-is", "handoffs"] == 4


def test_compare_designs_responds_to_handoff_delay():
    """Hand-off delay is pure waiting: cutting it from 90 to 0 minutes shortens the as-is
    cycle time by about 4 × 90 = 360 minutes (same seed, so the same work)."""
    slow = compare_designs(handoff_delay=90.0, n_cases=800, warmup=80, designs=("as_is",))
    fast = compare_designs(handoff_delay=0.0, n_cases=800, warmup=80, designs=("as_is",))
    gap = slow.loc["as-is", "mean_cycle_time"] - fast.loc["as-is", "mean_cycle_time"]
    assert gap == pytest.approx(360.0, rel=0.1)


def test_minimum_workers():
    """c_min = floor(λ·work) + 1: at 0.1 complaints a minute the front office does 15
    minutes of work per complaint (offered 1.5 workers) and needs 2."""
    need = minimum_workers(complaint_handling(), 0.1)
    assert need["Front office"] == 2
    assert need["Back office"] == 3


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: complaint_handling("flat"), "design"),
        (lambda: complaint_handling(front_office=0), "front_office"),
        (lambda: complaint_handling(handoff_delay=-1), "handoff_delay"),
        (lambda: complaint_handling(rework_probability=1.0), "rework_probability"),
        (lambda: ibm_credit(staff={"Marketing": 2}), "Marketing"),
        (lambda: ibm_credit(staff={"Credit": 0}), "Credit"),
        (lambda: compare_designs(promise=0), "promise"),
        (lambda: compare_designs(designs=("to_be",)), "designs"),
        (lambda: compare_designs(specialists=2), "Specialists"),
    ],
)
def test_bad_input_names_it(call, name):
    """Bad input raises ValueError naming the argument, resource or design."""
    with pytest.raises(ValueError, match=name):
        call()
