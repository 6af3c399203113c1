"""Ready-made processes: the classic reengineering cases and a CRM complaint process.

Each builder returns a :class:`~crmlab.bpr.process.Process` for the process *as it was*
(``as_is=True``) or *as reengineered*. The published figures of each case are in
:data:`PUBLISHED`, quoted with their source (BibTeX keys of ``book/references.bib``). The
model parameters (work times, hand-off delays, staffing, costs, arrival rates) are
**illustrative**, not published: they are chosen so that the simulated as-is and to-be
processes show the mechanism each case is known for (hand-offs and in-trays rather than
work make the cycle time long), at a scale small enough to simulate in a second. They are
not a reconstruction of the firms' actual data.

Times are working minutes (a working day is :data:`WORKING_DAY` = 480 minutes); costs are
in currency units per worker-hour.
"""

from __future__ import annotations

from crmlab._validate import flag, non_negative, whole
from crmlab.bpr.process import Process, Step

#: Minutes in one working day (8 hours); the cases count time in working minutes.
WORKING_DAY: float = 480.0

#: Figures reported in the sources, verbatim in substance; ``source`` is a BibTeX key.
PUBLISHED: dict[str, dict[str, object]] = {
    "ibm_credit": {
        "source": "hammer1993",
        "process": "financing quotes for customers buying IBM computers",
        "as_is": "a request passed through five steps in separate departments (logging, "
        "credit checking, business practices, pricing, a quote letter from an administrator)",
        "turnaround_before": "six days on average, sometimes two weeks (chapter 3: the process "
        "'consumed six days on average, although it sometimes took as long as two weeks')",
        "turnaround_after": "four hours",
        "actual_work_minutes": 90,
        "redesign": "generalist deal structurers handle a request from beginning to end, "
        "supported by computer tools; specialists only for hard cases",
        "volume": "the number of deals handled rose a hundredfold",
    },
    "ford_accounts_payable": {
        "source": "hammer1990",
        "process": "paying suppliers in Ford's North American accounts payable",
        "headcount_before": "more than 500",
        "headcount_target": "about 400 (a 20 % reduction, the original goal)",
        "mazda_headcount": 5,
        "headcount_reduction": "75 %",
        "redesign": "invoiceless processing: purchasing enters the order in an online "
        "database; receiving checks deliveries against it and payment follows automatically",
    },
    "mutual_benefit_life": {
        "source": "hammer1990",
        "process": "handling applications for insurance policies",
        "as_is": "up to 30 steps across 5 departments, involving 19 people",
        "turnaround_before": "5 to 25 days",
        "turnaround_after": "2 to 5 days on average (as little as four hours)",
        "redesign": "one case manager handles an application from start to finish, "
        "supported by shared databases and expert systems",
    },
}

#: Illustrative arrival rates (cases per minute) that the defaults of each builder are
#: staffed for (every resource below a utilisation of 1).
ARRIVAL_RATE: dict[str, float] = {
    "ibm_credit": 0.05,  # 3 requests an hour
    "ford_accounts_payable": 0.5,  # 30 invoices an hour
    "mutual_benefit_life": 0.04,  # 2.4 applications an hour
    "complaint_handling": 0.1,  # 6 complaints an hour
}


def ibm_credit(
    as_is: bool = True, *, handoff_delay: float = WORKING_DAY, staff: dict | None = None
) -> Process:
    """IBM Credit's financing-quote process (Hammer & Champy 1993).

    As-is: five specialists' steps in five departments, the request carried between them
    on paper (``handoff_delay`` minutes in transit and in-trays at each of the four
    hand-offs, default one working day). The work adds up to 90 minutes, as published; its
    split over the steps, the rework probability and all staffing are illustrative.
    To-be (``as_is=False``): one *deal structurer* does the whole request (90 minutes on
    average, log-normal with cv 0.5), no hand-offs.

    Args:
        as_is: the original process (True) or the reengineered one (False).
        handoff_delay: minutes per hand-off in the as-is process (>= 0).
        staff: resource → workers, overriding the defaults (illustrative, staffed for
            :data:`ARRIVAL_RATE` ``["ibm_credit"]``).
    """
    delay = non_negative("handoff_delay", handoff_delay)
    as_is = flag("as_is", as_is)
    cost = 60.0
    if as_is:
        steps = [
            Step("Log request", "Logging", 10.0, "lognormal", 0.5),
            Step(
                "Check credit",
                "Credit",
                30.0,
                "lognormal",
                0.5,
                handoff_delay=delay,
                rework_probability=0.1,
            ),
            Step(
                "Modify loan covenant",
                "Business practices",
                20.0,
                "lognormal",
                0.5,
                handoff_delay=delay,
            ),
            Step("Price the deal", "Pricing", 15.0, "lognormal", 0.5, handoff_delay=delay),
            Step(
                "Write quote letter", "Administration", 15.0, "lognormal", 0.5, handoff_delay=delay
            ),
        ]
        capacity = {
            "Logging": 1,
            "Credit": 3,
            "Business practices": 2,
            "Pricing": 1,
            "Administration": 1,
        }
    else:
        steps = [Step("Structure deal", "Deal structurers", 90.0, "lognormal", 0.5)]
        capacity = {"Deal structurers": 6}
    capacity = _override(capacity, staff)
    return Process(steps, capacity, cost_per_hour=dict.fromkeys(capacity, cost))


def ford_accounts_payable(as_is: bool = True, *, staff: dict | None = None) -> Process:
    """Ford's accounts payable (Hammer 1990).

    As-is: the accounts-payable clerk matches three documents (purchase order, receiving
    document, invoice); a mismatch (illustrative probability 0.25) sends the clerk back to
    chase it and match again, after a hand-off from receiving. To-be: *invoiceless
    processing*: the receiving clerk checks the delivery against the order database at the
    dock, and payment is issued almost without clerical work. Work times and staffing are
    illustrative, scaled down (see :data:`PUBLISHED` for the headcounts).
    """
    as_is = flag("as_is", as_is)
    if as_is:
        steps = [
            Step("Receive goods", "Receiving", 6.0, "lognormal", 0.5),
            Step("Log invoice", "Accounts payable", 4.0, "lognormal", 0.5, handoff_delay=240.0),
            Step(
                "Match order, receipt and invoice",
                "Accounts payable",
                12.0,
                "lognormal",
                0.8,
                rework_probability=0.25,
            ),
            Step("Issue payment", "Accounts payable", 3.0, "lognormal", 0.5),
        ]
        capacity = {"Receiving": 4, "Accounts payable": 14}
    else:
        steps = [
            Step("Receive and check against order database", "Receiving", 7.0, "lognormal", 0.5),
            Step("Approve payment", "Accounts payable", 1.0, "lognormal", 0.5, handoff_delay=5.0),
        ]
        capacity = {"Receiving": 5, "Accounts payable": 1}
    capacity = _override(capacity, staff)
    return Process(steps, capacity, cost_per_hour=dict.fromkeys(capacity, 40.0))


def mutual_benefit_life(
    as_is: bool = True, *, handoff_delay: float = WORKING_DAY, staff: dict | None = None
) -> Process:
    """Mutual Benefit Life's insurance applications (Hammer 1990).

    As-is: the published process had up to 30 steps in 5 departments; the model condenses
    it into one step per department, with ``handoff_delay`` minutes (default one working
    day) at every hand-off and an illustrative 20 % of applications sent back to
    underwriting for missing information. To-be: a *case manager* handles the whole
    application with shared databases (work illustrative: a little less than the sum of
    the specialists' work, since nothing is re-read or re-keyed).
    """
    delay = non_negative("handoff_delay", handoff_delay)
    as_is = flag("as_is", as_is)
    if as_is:
        steps = [
            Step("Log application", "Administration", 10.0, "lognormal", 0.5),
            Step("Check credit", "Credit", 20.0, "lognormal", 0.5, handoff_delay=delay),
            Step(
                "Underwrite",
                "Underwriting",
                45.0,
                "lognormal",
                0.7,
                handoff_delay=delay,
                rework_probability=0.2,
            ),
            Step("Rate policy", "Rating", 15.0, "lognormal", 0.5, handoff_delay=delay),
            Step("Issue policy", "Policy issue", 15.0, "lognormal", 0.5, handoff_delay=delay),
        ]
        capacity = {
            "Administration": 1,
            "Credit": 1,
            "Underwriting": 3,
            "Rating": 1,
            "Policy issue": 1,
        }
    else:
        steps = [
            Step(
                "Handle application",
                "Case managers",
                90.0,
                "lognormal",
                0.6,
                rework_probability=0.05,
            )
        ]
        capacity = {"Case managers": 5}
    capacity = _override(capacity, staff)
    return Process(steps, capacity, cost_per_hour=dict.fromkeys(capacity, 50.0))


#: Labour cost per worker-hour of the complaint process (illustrative).
COMPLAINT_COSTS: dict[str, float] = {
    "Front office": 30.0,
    "Back office": 35.0,
    "Specialists": 55.0,
    "Case managers": 45.0,
}


def complaint_handling(
    design: str = "as_is",
    *,
    front_office: int = 2,
    back_office: int = 3,
    specialists: int = 5,
    case_managers: int = 7,
    handoff_delay: float = 90.0,
    rework_probability: float = 0.15,
) -> Process:
    """A customer complaint handled across departments, or by one case manager.

    ``design="as_is"``: the front office logs the complaint; the back office looks up the
    customer's history in its own systems; a specialist investigates (with probability
    ``rework_probability`` information is missing and the investigation is redone); the
    back office decides the remedy; the front office replies. Every change of department
    costs ``handoff_delay`` minutes.

    ``design="case_manager"``: one case manager with a shared customer record (the
    360-degree view a CRM system gives) handles the complaint from start to finish: no
    hand-offs, no separate history look-up, and a third of the as-is rework (the case
    manager talks to the customer directly).

    All parameters are illustrative (not published data); the defaults are staffed for
    6 complaints an hour (:data:`ARRIVAL_RATE`), costs are :data:`COMPLAINT_COSTS`.

    Args:
        design: ``"as_is"`` or ``"case_manager"``.
        front_office, back_office, specialists: workers in the as-is departments (>= 1).
        case_managers: workers in the case-manager design (>= 1).
        handoff_delay: minutes per hand-off in the as-is design (>= 0).
        rework_probability: as-is probability that an investigation is redone, in [0, 1).
    """
    delay = non_negative("handoff_delay", handoff_delay)
    if design == "as_is":
        capacity = {
            "Front office": whole("front_office", front_office, minimum=1),
            "Back office": whole("back_office", back_office, minimum=1),
            "Specialists": whole("specialists", specialists, minimum=1),
        }
        steps = [
            Step("Log complaint", "Front office", 8.0, "lognormal", 0.5),
            Step(
                "Look up customer history",
                "Back office",
                12.0,
                "lognormal",
                0.5,
                handoff_delay=delay,
            ),
            Step(
                "Investigate",
                "Specialists",
                30.0,
                "lognormal",
                0.8,
                handoff_delay=delay,
                rework_probability=rework_probability,
            ),
            Step("Decide remedy", "Back office", 10.0, "lognormal", 0.5, handoff_delay=delay),
            Step("Reply to customer", "Front office", 7.0, "lognormal", 0.5, handoff_delay=delay),
        ]
    elif design == "case_manager":
        capacity = {"Case managers": whole("case_managers", case_managers, minimum=1)}
        steps = [
            Step(
                "Resolve complaint",
                "Case managers",
                52.0,
                "lognormal",
                0.6,
                rework_probability=rework_probability / 3.0,
            )
        ]
    else:
        raise ValueError(f"design must be 'as_is' or 'case_manager', got {design!r}")
    cost = {r: COMPLAINT_COSTS[r] for r in capacity}
    return Process(steps, capacity, cost_per_hour=cost)


def _override(capacity: dict[str, int], staff: dict | None) -> dict[str, int]:
    if staff is None:
        return capacity
    unknown = [r for r in staff if r not in capacity]
    if unknown:
        raise ValueError(
            f"staff names unknown resources {unknown}: this process has {list(capacity)}"
        )
    return {**capacity, **staff}
