"""Process dataset: the event log of Alder & Pine's order-to-cash process (as-is)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._random import Seed, as_generator

N_CASES = 1_000
FIRST_DAY = pd.Timestamp("2025-01-06")  # a Monday
DAY_START_HOUR = 8
WORKDAY_MINUTES = 9 * 60  # 08:00 to 17:00, Monday to Friday

# activity: (department, median minutes of work, spread (sigma of the log))
ACTIVITIES: dict[str, tuple[str, float, float]] = {
    "Receive order": ("Sales", 10.0, 0.5),
    "Check order data": ("Sales", 8.0, 0.5),
    "Request missing information": ("Sales", 10.0, 0.5),
    "Check credit": ("Finance", 15.0, 0.6),
    "Request prepayment": ("Finance", 10.0, 0.5),
    "Cancel order": ("Sales", 5.0, 0.4),
    "Check inventory": ("Warehouse", 12.0, 0.5),
    "Order from supplier": ("Purchasing", 20.0, 0.5),
    "Receive goods": ("Warehouse", 30.0, 0.5),
    "Set price": ("Sales", 15.0, 0.6),
    "Approve order": ("Management", 10.0, 0.7),
    "Confirm order": ("Sales", 5.0, 0.4),
    "Pick and pack": ("Warehouse", 40.0, 0.5),
    "Ship order": ("Logistics", 20.0, 0.4),
    "Send invoice": ("Finance", 10.0, 0.4),
    "Correct invoice": ("Finance", 15.0, 0.5),
}

# Median working minutes a case lies in an in-tray before the next step starts.
_HANDOFF_MEDIAN = {"same": 15.0, "other": 180.0, "Management": 600.0}
# Median working minutes spent waiting for someone outside the firm.
_CUSTOMER_REPLY = 810.0  # 1.5 working days
_PREPAYMENT = 1_080.0  # 2 working days
_SUPPLIER = 2_700.0  # 5 working days


class _Case:
    """Appends the events of one case, keeping its clock in working minutes."""

    def __init__(self, rng: np.random.Generator, case_id: str, arrival: int) -> None:
        self.rng, self.case_id, self.clock = rng, case_id, arrival
        self.department: str | None = None
        self.events: list[tuple[str, str, str, int, int]] = []

    def wait(self, median: float, sigma: float = 0.8) -> None:
        self.clock += max(1, round(float(self.rng.lognormal(np.log(median), sigma))))

    def do(self, activity: str) -> None:
        department, median, sigma = ACTIVITIES[activity]
        if self.department is not None:
            key = (
                "Management"
                if department == "Management"
                else ("same" if department == self.department else "other")
            )
            self.wait(_HANDOFF_MEDIAN[key], 0.9)
        start = self.clock
        self.clock += max(1, round(float(self.rng.lognormal(np.log(median), sigma))))
        self.events.append((self.case_id, activity, department, start, self.clock))
        self.department = department


def _run_case(case: _Case) -> None:
    """The as-is order process, with its rework loops and variants."""
    rng = case.rng
    case.do("Receive order")
    case.do("Check order data")
    incomplete = 0.12
    while rng.random() < incomplete:
        case.do("Request missing information")
        case.wait(_CUSTOMER_REPLY)
        case.do("Check order data")
        incomplete = 0.04
    case.do("Check credit")
    if rng.random() < 0.08:
        case.do("Request prepayment")
        case.wait(_PREPAYMENT)
        if rng.random() < 0.4:
            case.do("Cancel order")
            return
    case.do("Check inventory")
    if rng.random() < 0.18:
        case.do("Order from supplier")
        case.wait(_SUPPLIER, 0.5)
        case.do("Receive goods")
    case.do("Set price")
    if rng.random() < 0.2:  # a large order or a discount needs a manager's approval
        case.do("Approve order")
        rounds = 1
        while rounds < 3 and rng.random() < 0.25:  # rejected: price again
            case.do("Set price")
            case.do("Approve order")
            rounds += 1
    case.do("Confirm order")
    case.do("Pick and pack")
    case.do("Ship order")
    case.do("Send invoice")
    if rng.random() < 0.05:
        case.do("Correct invoice")


def _calendar(minutes: np.ndarray, *, end: bool) -> pd.DatetimeIndex:
    """Map working minutes since FIRST_DAY 08:00 to timestamps (Mon–Fri, 08:00–17:00).

    A minute that falls exactly on the end of a working day maps to 17:00 of that day
    when it ends an activity and to 08:00 of the next working day when it starts one.
    """
    day = minutes // WORKDAY_MINUTES
    if end:
        day = np.maximum(0, (minutes - 1) // WORKDAY_MINUTES)
    offset = minutes - day * WORKDAY_MINUTES
    dates = np.busday_offset(FIRST_DAY.date(), day, roll="forward")
    return (
        pd.DatetimeIndex(dates.astype("datetime64[ns]"))
        + pd.Timedelta(hours=DAY_START_HOUR)
        + pd.to_timedelta(offset, unit="min")
    )


def make_order_events(seed: Seed) -> pd.DataFrame:
    """Return the event log of 1,000 customer orders received from January 2025.

    Orders arrive as a Poisson stream of about eight a working day. Each case follows the
    as-is process in ``_run_case``; work times are log-normal per activity; before each
    step the case waits in an in-tray, briefly within a department and for hours when it
    passes to another (a day when it goes to management); customers, prepayments and
    suppliers add their own waits. The clock runs in working time only, 08:00–17:00,
    Monday to Friday, so every event starts and ends within working hours.
    """
    rng = as_generator(seed)
    arrivals = np.cumsum(rng.exponential(WORKDAY_MINUTES / 8.0, N_CASES)).round().astype(int)
    events: list[tuple[str, str, str, int, int]] = []
    for k, arrival in enumerate(arrivals, start=1):
        case = _Case(rng, f"ORD-{k:04d}", int(arrival))
        _run_case(case)
        events.extend(case.events)
    frame = pd.DataFrame(events, columns=["case_id", "activity", "resource", "start", "end"])
    frame["start"] = _calendar(frame["start"].to_numpy(), end=False)
    frame["end"] = _calendar(frame["end"].to_numpy(), end=True)
    return frame
