"""The model behind the redesign widget: the complaint process as-is against a case manager.

:func:`compare_designs` simulates both designs of
:func:`crmlab.bpr.cases.complaint_handling` with the same arrivals seed and returns one
row per design with cycle time, cost per case and service level (the share of complaints
resolved within a promised time). All times in minutes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._validate import positive
from crmlab.bpr.cases import ARRIVAL_RATE, complaint_handling
from crmlab.bpr.simulation import simulate

#: Row labels of :func:`compare_designs` by design name.
DESIGN_LABELS: dict[str, str] = {"as_is": "as-is", "case_manager": "case manager"}


def compare_designs(
    *,
    arrival_rate: float = ARRIVAL_RATE["complaint_handling"],
    front_office: int = 2,
    back_office: int = 3,
    specialists: int = 5,
    case_managers: int = 7,
    handoff_delay: float = 90.0,
    rework_probability: float = 0.15,
    promise: float = 480.0,
    n_cases: int = 2000,
    warmup: int = 200,
    seed: int | np.random.Generator | None = 0,
    designs: tuple[str, ...] = ("as_is", "case_manager"),
) -> pd.DataFrame:
    """Simulate the complaint process in each design and compare the results.

    Args:
        arrival_rate: complaints per minute (default 0.1, six an hour).
        front_office, back_office, specialists: workers of the as-is departments.
        case_managers: workers of the case-manager design.
        handoff_delay: minutes per hand-off between departments (as-is).
        rework_probability: as-is probability that an investigation is redone, in [0, 1)
            (the case manager redoes a third as often).
        promise: the promised resolution time in minutes (default 480, one working day),
            for the service level.
        n_cases, warmup, seed: as in :func:`crmlab.bpr.simulate` (per design).
        designs: which designs to run, from ``"as_is"`` and ``"case_manager"``.

    Returns:
        A DataFrame indexed by design label (``"as-is"``, ``"case manager"``) with columns
        ``mean_cycle_time``, ``p90_cycle_time``, ``mean_wait_time``, ``mean_work_time``
        (minutes), ``process_efficiency`` (work / cycle time), ``cost_per_case`` (labour of
        the staff on duty per complaint), ``service_level`` (share within ``promise``),
        ``staff`` (workers), ``handoffs`` (per complaint, without rework) and
        ``max_utilization`` (of the busiest resource).

    Raises:
        ValueError: for a bad argument, or when a department's utilisation reaches 1
            (too few workers for the arrivals), naming the department and its utilisation.
    """
    promise = positive("promise", promise)
    if isinstance(designs, str) or not designs:
        raise ValueError("designs must be a non-empty sequence of 'as_is' and 'case_manager'")
    rows = {}
    for design in designs:
        if design not in DESIGN_LABELS:
            raise ValueError(f"designs must hold 'as_is' or 'case_manager', got {design!r}")
        process = complaint_handling(
            design,
            front_office=front_office,
            back_office=back_office,
            specialists=specialists,
            case_managers=case_managers,
            handoff_delay=handoff_delay,
            rework_probability=rework_probability,
        )
        result = simulate(process, arrival_rate, n_cases, seed=seed, warmup=warmup)
        s = result.replication_stats.iloc[0]
        rows[DESIGN_LABELS[design]] = {
            "mean_cycle_time": s["mean_cycle_time"],
            "p90_cycle_time": s["p90_cycle_time"],
            "mean_wait_time": s["mean_wait_time"],
            "mean_work_time": s["mean_work_time"],
            "process_efficiency": s["process_efficiency"],
            "cost_per_case": s["cost_per_case"],
            "service_level": result.share_within(promise),
            "staff": int(sum(process.capacity.values())),
            "handoffs": process.handoffs(),
            "max_utilization": float(result.utilization.max()),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "design"
    return table
