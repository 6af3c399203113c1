"""Customer value: RFM segmentation, the customer pyramid, ABC (Pareto) analysis, cohort
retention, and customer lifetime value (CLV).

Every function takes a transactions table (one row per purchase) with a customer column,
a date column and an amount column, named by the keyword arguments ``customer``,
``date`` and ``amount`` (defaults ``"customer_id"``, ``"date"``, ``"amount"``, the columns
of ``crmlab.datasets.load("transactions")``). Nothing is modified in place.

Notation follows the book: margin per period m, retention rate r (the probability that a
customer who is still a customer at the end of one period is still one at the end of the
next), discount rate d per period, horizon T periods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import (
    MAX_PERIODS,
    finite,
    finite_result,
    flag,
    non_negative,
    probability_open,
    sequence,
    whole,
)

__all__ = [
    "PYRAMID_TIERS",
    "SEGMENTS",
    "RetentionEstimate",
    "abc_analysis",
    "abc_summary",
    "clv",
    "clv_by_period",
    "clv_from_curve",
    "clv_sensitivity",
    "cohort_retention",
    "cohort_sizes",
    "customer_pyramid",
    "estimate_retention",
    "pareto_curve",
    "retention_curve",
    "rfm",
    "segment_summary",
    "top_share",
]

#: The RFM segments, from the most to the least valuable (see :func:`rfm` for the rules).
SEGMENTS: tuple[str, ...] = (
    "Champions",
    "Loyal",
    "New",
    "Promising",
    "At risk",
    "Hibernating",
    "Lost",
)

#: The tiers of the customer pyramid and their shares of the buying customers, from the top
#: (Curry & Curry 2000: top 1 %, big 4 %, medium 15 %, small 80 %).
PYRAMID_TIERS: tuple[tuple[str, float], ...] = (
    ("Top", 0.01),
    ("Big", 0.04),
    ("Medium", 0.15),
    ("Small", 0.80),
)

_FREQUENCIES = {"M": "month", "Q": "quarter", "Y": "year"}


# ----------------------------------------------------------------------------------------
# Input checks


def _transactions(
    transactions: pd.DataFrame, customer: str, date: str, amount: str | None
) -> pd.DataFrame:
    """A copy with the named columns only, dates parsed and amounts checked."""
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            f"transactions must be a pandas DataFrame, got {type(transactions).__name__}"
        )
    names = {"customer": customer, "date": date}
    if amount is not None:
        names["amount"] = amount
    for argument, column in names.items():
        if column not in transactions.columns:
            raise ValueError(
                f"transactions has no column {column!r} (the {argument} column; pass "
                f"{argument}=... to name another); its columns are {list(transactions.columns)}"
            )
    if len(transactions) == 0:
        raise ValueError("transactions must hold at least one row")
    data = pd.DataFrame({"customer": transactions[customer].to_numpy()})
    if data["customer"].isna().any():
        raise ValueError(f"transactions column {customer!r} (customer) has missing values")
    raw = transactions[date]
    if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
        # pandas would read 20240105 as nanoseconds after 1970: every date the same day
        raise ValueError(
            f"transactions column {date!r} (date) must hold dates or ISO date strings "
            f"('2024-01-05'), not numbers such as {raw.iloc[0]!r}"
        )
    try:
        dates = pd.to_datetime(raw.to_numpy())
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"transactions column {date!r} (date) holds values that do not parse as dates"
        ) from (error)
    if pd.isna(dates).any():
        raise ValueError(f"transactions column {date!r} (date) has missing values")
    data["date"] = dates.normalize()
    if amount is not None:
        try:
            values = pd.to_numeric(transactions[amount]).to_numpy(dtype=float)
        except (ValueError, TypeError) as error:
            raise ValueError(f"transactions column {amount!r} (amount) must be numeric") from error
        if not np.isfinite(values).all():
            raise ValueError(
                f"transactions column {amount!r} (amount) must be finite, with no missing values"
            )
        data["amount"] = values
    return data


def _date(name: str, value: object) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be a date, got {value!r}") from error
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, got {value!r}")
    return stamp.normalize()


def _frequency(period: str) -> str:
    if not isinstance(period, str) or period not in _FREQUENCIES:
        raise ValueError(f"period must be one of {sorted(_FREQUENCIES)}, got {period!r}")
    return period


def _retention(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"retention must be a number in [0, 1), got {value!r}")
    r = finite("retention", value)
    if not (0.0 <= r < 1.0):
        raise ValueError(f"retention must lie in [0, 1), got {value!r}")
    return r


# ----------------------------------------------------------------------------------------
# RFM


def _scores(values: pd.Series, bins: int, *, higher_is_better: bool) -> pd.Series:
    """Quantile scores 1..bins, ``bins`` best; ties split by order of appearance."""
    key = values if higher_is_better else -values
    rank = key.rank(method="first").to_numpy()  # 1 = worst, n = best; ties: earlier first
    n = len(values)
    return pd.Series(np.ceil(rank * bins / n).astype(int), index=values.index)


def _level(score: pd.Series, bins: int) -> pd.Series:
    """Map a score 1..bins linearly onto the 1..5 scale the segment rules use."""
    return 1.0 + 4.0 * (score - 1) / (bins - 1)


def rfm(
    transactions: pd.DataFrame,
    as_of: object = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    bins: int = 5,
) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer, their scores and segments.

    Args:
        transactions: one row per purchase, with the columns named below.
        as_of: the day of the analysis (anything ``pandas.Timestamp`` reads). Only purchases
            made before this day count. Default: the day after the last transaction.
        customer, date, amount: the names of the customer, date and amount columns.
        bins: the number of score classes (a whole number >= 2; 5 gives quintiles).

    Returns:
        One row per customer who bought before ``as_of``, indexed by customer (in order of
        their first purchase in ``transactions``), with the columns

        - ``recency``: whole days from the customer's last purchase to ``as_of`` (>= 1 with
          the default ``as_of``);
        - ``frequency``: the number of purchases;
        - ``monetary``: the total amount spent;
        - ``R``, ``F``, ``M``: scores from 1 to ``bins`` by quantile, ``bins`` being best
          (most recent, most frequent, highest spend). Customers are ranked from worst to
          best, 1 … n; the score is ⌈bins · rank / n⌉, so each score holds a fraction
          1/bins of the customers (exactly n/bins when bins divides n). Ties are split by
          order of appearance: of two customers with the same value, the one who appears
          first in ``transactions`` gets the lower rank;
        - ``rfm``: the three scores as text, e.g. ``"555"`` (with ``bins`` > 9 a score may
          take two digits);
        - ``segment``: one of :data:`SEGMENTS`.

    The segment rules. Each score is first put on a 1 to 5 scale (1 + 4·(score − 1)/(bins −
    1), so with five bins it is the score itself); let R be recency's and FM the mean of
    frequency's and monetary's. The first rule that holds names the segment:

    ============  ========================================================================
    Champions     R >= 4 and FM >= 4: bought recently, buy often and spend the most
    Loyal         R >= 3 and FM >= 3: regular, valuable customers who bought not long ago
    New           R >= 4 and exactly one purchase: just acquired
    Promising     R >= 3: bought not long ago, but little so far
    At risk       FM >= 3: valuable in the past, but no purchase for a while
    Hibernating   R >= 2: low value and no purchase for a while
    Lost          the rest (R < 2 and FM < 3): low value, last purchase long ago
    ============  ========================================================================

    Raises:
        ValueError: if a named column is missing, a date does not parse, an amount is not a
            finite number, ``bins`` is not a whole number >= 2, ``as_of`` is not a date, or
            no purchase was made before ``as_of``.
    """
    bins = whole("bins", bins, minimum=2)
    data = _transactions(transactions, customer, date, amount)
    if as_of is None:
        day = data["date"].max() + pd.Timedelta(days=1)
    else:
        day = _date("as_of", as_of)
        data = data[data["date"] < day]
        if data.empty:
            raise ValueError(f"as_of must be after the first transaction, got {as_of!r}")
    grouped = data.groupby("customer", sort=False)
    table = pd.DataFrame(
        {
            "recency": (day - grouped["date"].max()).dt.days.astype(int),
            "frequency": grouped.size().astype(int),
            "monetary": grouped["amount"].sum(),
        }
    )
    table["R"] = _scores(table["recency"], bins, higher_is_better=False)
    table["F"] = _scores(table["frequency"], bins, higher_is_better=True)
    table["M"] = _scores(table["monetary"], bins, higher_is_better=True)
    table["rfm"] = table["R"].astype(str) + table["F"].astype(str) + table["M"].astype(str)
    r = _level(table["R"], bins)
    fm = (_level(table["F"], bins) + _level(table["M"], bins)) / 2
    conditions = [
        (r >= 4) & (fm >= 4),
        (r >= 3) & (fm >= 3),
        (r >= 4) & (table["frequency"] == 1),
        r >= 3,
        fm >= 3,
        r >= 2,
    ]
    table["segment"] = np.select(conditions, list(SEGMENTS[:-1]), default=SEGMENTS[-1])
    table["segment"] = table["segment"].astype(object)
    table.index.name = customer
    return table


def segment_summary(rfm_table: pd.DataFrame) -> pd.DataFrame:
    """Size and revenue of each RFM segment.

    Args:
        rfm_table: the result of :func:`rfm`.

    Returns:
        One row per segment of :data:`SEGMENTS` (in that order; empty segments included),
        with the columns ``customers``, ``share_of_customers``, ``revenue``,
        ``share_of_revenue`` (shares as fractions of the whole table), and the mean
        ``recency`` (days), ``frequency`` and ``monetary`` of the segment's customers.
    """
    _schema.check("rfm_table", rfm_table, _schema.RFM_TABLE)
    grouped = rfm_table.groupby("segment")
    summary = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["monetary"].sum(),
            "recency": grouped["recency"].mean(),
            "frequency": grouped["frequency"].mean(),
            "monetary": grouped["monetary"].mean(),
        }
    ).reindex(list(SEGMENTS))
    summary["customers"] = summary["customers"].fillna(0).astype(int)
    summary["revenue"] = summary["revenue"].fillna(0.0)
    summary.insert(1, "share_of_customers", summary["customers"] / summary["customers"].sum())
    summary.insert(3, "share_of_revenue", summary["revenue"] / summary["revenue"].sum())
    summary.index.name = "segment"
    return summary


# ----------------------------------------------------------------------------------------
# Pyramid, ABC and Pareto


def _revenue_ranking(
    transactions: pd.DataFrame, customer: str, date: str, amount: str
) -> pd.Series:
    """Revenue per customer, highest first; ties keep the order of first appearance."""
    data = _transactions(transactions, customer, date, amount)
    revenue = data.groupby("customer", sort=False)["amount"].sum()
    revenue = revenue.sort_values(ascending=False, kind="stable")
    revenue.index.name = customer
    return revenue


def customer_pyramid(
    transactions: pd.DataFrame,
    all_customers: Sequence | pd.Series | None = None,
    tiers: Sequence[tuple[str, float]] = PYRAMID_TIERS,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """The customer pyramid: customers ranked by revenue and cut into tiers.

    Args:
        transactions: one row per purchase (filter it to the period you analyse, e.g. the
            last twelve months).
        all_customers: optional, every customer id on file; those without a purchase in
            ``transactions`` form an extra tier, ``"Inactive"``, at the bottom.
        tiers: (name, share of the buying customers) from the top; the shares must be > 0
            and add up to 1. Default :data:`PYRAMID_TIERS`: top 1 %, big 4 %, medium 15 %,
            small 80 % (Curry & Curry 2000).
        customer, date, amount: the names of the columns.

    Returns:
        One row per tier, top first, with the columns ``customers``,
        ``share_of_customers`` (of the buying customers), ``revenue``, ``share_of_revenue``,
        ``revenue_per_customer`` and ``min_revenue`` (the smallest customer revenue in the
        tier). Tier k holds the customers ranked from round(c_(k−1)·n) + 1 to round(c_k·n),
        where c_k is the cumulative share of the first k tiers and n the number of buying
        customers; ties in revenue keep the order of first appearance.
    """
    if not tiers:
        raise ValueError("tiers must name at least one tier")
    names, shares = [], []
    for item in tiers:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ValueError(f"tiers must be (name, share) pairs, got {item!r}")
        names.append(str(item[0]))
        shares.append(_fraction_or_one("tier share", item[1]))
    if abs(sum(shares) - 1.0) > 1e-9:
        raise ValueError(f"tiers' shares must add up to 1, got {sum(shares)!r}")
    revenue = _revenue_ranking(transactions, customer, date, amount)
    n = len(revenue)
    bounds = [0, *[round(c * n) for c in np.cumsum(shares)]]
    bounds[-1] = n
    rows = []
    total = float(revenue.sum())
    for name, low, high in zip(names, bounds[:-1], bounds[1:], strict=True):
        part = revenue.iloc[low:high]
        rows.append(
            {
                "tier": name,
                "customers": len(part),
                "share_of_customers": len(part) / n,
                "revenue": float(part.sum()),
                "share_of_revenue": float(part.sum()) / total if total else 0.0,
                "revenue_per_customer": float(part.mean()) if len(part) else 0.0,
                "min_revenue": float(part.min()) if len(part) else 0.0,
            }
        )
    if all_customers is not None:
        ids = pd.Index(pd.Series(list(all_customers)).unique())
        inactive = int((~ids.isin(revenue.index)).sum())
        rows.append(
            {
                "tier": "Inactive",
                "customers": inactive,
                "share_of_customers": np.nan,
                "revenue": 0.0,
                "share_of_revenue": 0.0,
                "revenue_per_customer": 0.0,
                "min_revenue": 0.0,
            }
        )
    return pd.DataFrame(rows).set_index("tier")


def _fraction_or_one(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")
    x = float(value)
    if not (0.0 < x <= 1.0):
        raise ValueError(f"{name} must lie in (0, 1], got {value!r}")
    return x


def abc_analysis(
    transactions: pd.DataFrame,
    a: float = 0.8,
    b: float = 0.95,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """ABC analysis of customers by revenue (the Pareto principle applied to customers).

    Customers are ranked by revenue, highest first (ties keep the order of first
    appearance). Class A is the smallest group of top customers whose revenue together
    reaches the share ``a`` of the total; class B adds the next customers until the share
    ``b`` is reached; the rest are class C. Formally, a customer is in A if the customers
    ranked above it bring less than ``a`` of the revenue, in B if they bring less than
    ``b``, else in C.

    Args:
        transactions: one row per purchase.
        a, b: cumulative revenue shares that close classes A and B, 0 < a < b < 1
            (default 80 % and 95 %).
        customer, date, amount: the names of the columns.

    Returns:
        One row per customer, highest revenue first, indexed by customer, with the columns
        ``rank`` (1 = highest revenue), ``revenue``, ``share`` (of total revenue),
        ``cumulative_share`` (of revenue, this customer included), ``customer_share``
        (cumulative share of customers, rank / n) and ``abc_class`` ("A", "B" or "C").
    """
    a = probability_open("a", a)
    b = probability_open("b", b)
    if not a < b:
        raise ValueError(f"a must be smaller than b, got a={a!r}, b={b!r}")
    revenue = _revenue_ranking(transactions, customer, date, amount)
    total = float(revenue.sum())
    if total <= 0:
        raise ValueError("the total amount must be > 0 for an ABC analysis")
    n = len(revenue)
    share = revenue / total
    cumulative = share.cumsum()
    before = cumulative - share
    classes = np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C"))
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1),
            "revenue": revenue.to_numpy(),
            "share": share.to_numpy(),
            "cumulative_share": cumulative.to_numpy(),
            "customer_share": np.arange(1, n + 1) / n,
            "abc_class": classes.astype(object),
        },
        index=revenue.index,
    )


def abc_summary(abc_table: pd.DataFrame) -> pd.DataFrame:
    """Customers and revenue of each ABC class (rows A, B, C).

    Args:
        abc_table: the result of :func:`abc_analysis`.

    Returns:
        Columns ``customers``, ``share_of_customers``, ``revenue``, ``share_of_revenue``.
    """
    _schema.check("abc_table", abc_table, _schema.ABC_TABLE)
    if abc_table.empty:
        raise ValueError("abc_table must hold at least one customer")
    grouped = abc_table.groupby("abc_class")
    summary = pd.DataFrame(
        {"customers": grouped.size(), "revenue": grouped["revenue"].sum()}
    ).reindex(["A", "B", "C"])
    summary["customers"] = summary["customers"].fillna(0).astype(int)
    summary["revenue"] = summary["revenue"].fillna(0.0)
    summary.insert(1, "share_of_customers", summary["customers"] / summary["customers"].sum())
    summary["share_of_revenue"] = summary["revenue"] / summary["revenue"].sum()
    summary.index.name = "abc_class"
    return summary


def pareto_curve(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """The Pareto curve: cumulative share of revenue against cumulative share of customers.

    Returns:
        A DataFrame with columns ``customer_share`` and ``revenue_share``, from (0, 0) to
        (1, 1), customers ranked by revenue, highest first (n + 1 rows for n customers).
    """
    revenue = _revenue_ranking(transactions, customer, date, amount)
    total = float(revenue.sum())
    if total <= 0:
        raise ValueError("the total amount must be > 0 for a Pareto curve")
    n = len(revenue)
    return pd.DataFrame(
        {
            "customer_share": np.arange(n + 1) / n,
            "revenue_share": np.concatenate([[0.0], (revenue.cumsum() / total).to_numpy()]),
        }
    )


def top_share(
    transactions: pd.DataFrame,
    fraction: float = 0.2,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> float:
    """Share of revenue brought by the top ``fraction`` of customers (by revenue).

    The top group holds round(fraction · n) of the n buying customers (at least one).
    """
    fraction = probability_open("fraction", fraction)
    revenue = _revenue_ranking(transactions, customer, date, amount)
    total = float(revenue.sum())
    if total <= 0:
        raise ValueError("the total amount must be > 0")
    k = max(1, round(fraction * len(revenue)))
    return float(revenue.iloc[:k].sum()) / total


# ----------------------------------------------------------------------------------------
# Cohorts and retention


def _periods(
    transactions: pd.DataFrame, period: str, customer: str, date: str, amount: str | None
) -> tuple[pd.DataFrame, pd.Period]:
    """Transactions with their calendar period, cohort and periods since acquisition."""
    _frequency(period)
    data = _transactions(transactions, customer, date, amount)
    data["period"] = data["date"].dt.to_period(period)
    first = data.groupby("customer", sort=False)["period"].min()
    data["cohort"] = data["customer"].map(first)
    data["age"] = _diff(data["period"], data["cohort"])
    return data, data["period"].max()


def _diff(later: pd.Series, earlier: pd.Series) -> np.ndarray:
    """Whole periods between two Series of pandas Periods of one frequency."""
    return np.array([(x - y).n for x, y in zip(later, earlier, strict=True)], dtype=int)


def _label(p: pd.Period, period: str) -> str:
    if period == "Q":
        return f"{p.year}-Q{p.quarter}"
    if period == "M":
        return f"{p.year}-{p.month:02d}"
    return f"{p.year}"


def _active_counts(data: pd.DataFrame, last: pd.Period, period: str) -> pd.DataFrame:
    """Active customers per cohort (rows) and periods since acquisition 0..K (columns).

    Cells after the data's last period are NaN (not observed)."""
    cohorts = sorted(data["cohort"].unique())
    horizon = _diff(pd.Series([last]), pd.Series([cohorts[0]]))[0]
    counts = (data.groupby(["cohort", "age"])["customer"].nunique().unstack(fill_value=0)).reindex(
        index=cohorts, columns=range(horizon + 1), fill_value=0
    )
    counts = counts.astype(float)
    for cohort in cohorts:
        observed = _diff(pd.Series([last]), pd.Series([cohort]))[0]
        counts.loc[cohort, observed + 1 :] = np.nan
    counts.index = [_label(c, period) for c in cohorts]
    return counts


def cohort_sizes(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.Series:
    """Number of customers acquired (first purchase) in each period: the cohort sizes.

    The index holds the cohort labels of :func:`cohort_retention`.
    """
    data, last = _periods(transactions, period, customer, date, None)
    sizes = _active_counts(data, last, period)[0].astype(int)
    sizes.index.name = "cohort"
    sizes.name = "customers"
    return sizes


def cohort_retention(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    customer: str = "customer_id",
    date: str = "date",
    counts: bool = False,
) -> pd.DataFrame:
    """The cohort retention table: for each cohort, the share still buying period by period.

    A customer's **cohort** is the calendar period (month ``"M"``, quarter ``"Q"`` or year
    ``"Y"``) of the customer's first purchase: the acquisition period. A customer is
    **active** in a period if they buy in it at least once.

    Periods are numbered as the book numbers them, from 1: column k is the k-th period
    *after* the acquisition period (for a customer acquired in 2024-Q1, period 1 is
    2024-Q2). The acquisition period itself is not a column: every customer is active in
    it by definition (its count is :func:`cohort_sizes`). With this numbering, column k
    estimates what the CLV formula calls r^k, the chance to be a customer still after k
    periods.

    Args:
        transactions: one row per purchase.
        period: ``"M"``, ``"Q"`` or ``"Y"``.
        customer, date: the names of the columns.
        counts: return the number of active customers instead of the share.

    Returns:
        Cohorts (rows, labelled e.g. ``"2024-01"``, ``"2024-Q1"`` or ``"2024"``, oldest
        first) × periods after acquisition 1..K (columns): the share of the cohort's
        customers active in that period (or their number). Periods after the last
        period in the data are not observed and hold NaN; the last calendar period in the
        data counts as observed (complete).
    """
    counts = flag("counts", counts)
    data, last = _periods(transactions, period, customer, date, None)
    active = _active_counts(data, last, period)
    _require_two_periods(active, period)
    table = active.drop(columns=0)
    if not counts:
        table = table.div(active[0], axis=0)
    table.index.name = "cohort"
    table.columns.name = "periods_after_acquisition"
    return table


def _require_two_periods(active: pd.DataFrame, period: str) -> None:
    """Retention needs at least one period after acquisition to be observed."""
    if len(active.columns) < 2:
        raise ValueError(
            f"transactions must span at least two periods (period={period!r}) to measure "
            "retention; all purchases fall in one"
        )


def retention_curve(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """The retention curve: share of customers active k periods after acquisition.

    All cohorts are pooled: for each k the share is the number of active customers in
    the cohorts observed k periods after their acquisition, divided by those cohorts'
    sizes (so each cohort weighs by its size).

    Returns:
        Indexed by k = 1..K (``periods_after_acquisition``), the columns ``customers``
        (in the cohorts observed that far), ``active`` and ``share`` = active / customers.
    """
    data, last = _periods(transactions, period, customer, date, None)
    active = _active_counts(data, last, period)
    _require_two_periods(active, period)
    sizes = active[0]
    rows = []
    for k in active.columns[1:]:
        observed = active[k].notna()
        customers = int(sizes[observed].sum())
        n_active = int(active.loc[observed, k].sum())
        rows.append({"customers": customers, "active": n_active, "share": n_active / customers})
    curve = pd.DataFrame(rows, index=pd.Index(active.columns[1:], name="periods_after_acquisition"))
    return curve


@dataclass(frozen=True)
class RetentionEstimate:
    """Retention estimated from a transactions table (see :func:`estimate_retention`)."""

    retention: float  # r, pooled period-to-period retention
    spend_per_active: float  # mean amount per active customer and period after acquisition
    steps: pd.DataFrame  # per step k-1 -> k: active_before, active_after, retention
    period: str  # "M", "Q" or "Y"


def estimate_retention(
    transactions: pd.DataFrame,
    period: str = "Q",
    *,
    from_period: int = 1,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> RetentionEstimate:
    """Estimate the retention rate r (and the spend per period) that feed the CLV formula.

    Method: for each step from period k − 1 to period k after acquisition (period 0 being
    the acquisition period, where the whole cohort is active), take the cohorts observed
    in period k, and divide the number of their customers active in period k by the
    number active in period k − 1. That is the retention of the step. The estimate r is
    the average of the steps' retentions, each weighted by the customers active at its
    start: r = Σ active(k) / Σ active(k − 1), summed over the steps from ``from_period``
    on and over the cohorts observed.

    "Active" means "bought in the period": a customer who skips a period and buys later
    counts as lost for that step and then as won back. The first step (from acquisition
    to period 1) therefore mixes customers who left with customers who simply did not
    buy again so soon; ``from_period=2`` leaves it out and measures how well customers
    who bought again keep buying.

    Args:
        transactions: one row per purchase.
        period: the length of a period: ``"M"``, ``"Q"`` or ``"Y"``.
        from_period: the first step counted is from period ``from_period − 1`` to
            ``from_period`` (a whole number >= 1).
        customer, date, amount: the names of the columns.

    Returns:
        A :class:`RetentionEstimate`: ``retention`` r in [0, 1) (capped just below 1);
        ``spend_per_active``, the mean amount bought per active customer and period in the
        periods after acquisition (multiply by a margin rate for the m of the CLV);
        ``steps``, one row per step k (``active_before``, ``active_after``,
        ``retention``).
    """
    start = whole("from_period", from_period, minimum=1)
    data, last = _periods(transactions, period, customer, date, amount)
    active = _active_counts(data, last, period)
    rows = []
    for k in active.columns[1:]:
        observed = active[k].notna()
        before = float(active.loc[observed, k - 1].sum())
        after = float(active.loc[observed, k].sum())
        rows.append(
            {
                "active_before": int(before),
                "active_after": int(after),
                "retention": after / before if before else np.nan,
            }
        )
    steps = pd.DataFrame(rows, index=pd.Index(active.columns[1:], name="to_period"))
    used = steps.loc[steps.index >= start]
    if used.empty or used["active_before"].sum() == 0:
        raise ValueError(
            f"from_period must leave at least one observed step; the data has "
            f"{len(steps)} step(s), got from_period={from_period!r}"
        )
    retention = float(used["active_after"].sum() / used["active_before"].sum())
    retention = min(retention, 1.0 - 1e-9)
    later = data[data["age"] >= 1]
    n_active = later.groupby(["customer", "age"]).ngroups
    spend = float(later["amount"].sum()) / n_active if n_active else 0.0
    return RetentionEstimate(
        retention=retention, spend_per_active=spend, steps=steps, period=period
    )


# ----------------------------------------------------------------------------------------
# Customer lifetime value


def _clv_inputs(margin, retention, discount, periods):
    m = finite("margin", margin)
    r = _retention(retention)
    d = non_negative("discount", discount)
    t = None if periods is None else whole("periods", periods, minimum=1, maximum=MAX_PERIODS)
    return m, r, d, t


def clv(margin: float, retention: float, discount: float, periods: int | None = None) -> float:
    """Customer lifetime value: the present value of the margins a customer will bring.

    The customer brings the margin m at the end of each period while they stay; they stay
    from one period to the next with probability r (the retention rate), and money is
    discounted at the rate d per period. The value today is

        CLV = Σ_{t=1..T} m · r^t / (1 + d)^t,

    and with an infinite horizon (``periods=None``) the geometric series sums to

        CLV = m · r / (1 + d − r)

    (Gupta & Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1)).

    Args:
        margin: m, the margin per period (money; finite; may be negative).
        retention: r, the retention rate per period, in [0, 1).
        discount: d, the discount rate per period, >= 0.
        periods: T, the horizon in whole periods (>= 1), or None for no end.

    Returns:
        The CLV in the money unit of ``margin``.

    Raises:
        ValueError: if retention is outside [0, 1), discount is negative, margin is not a
            finite number, or periods is not a whole number >= 1.
    """
    m, r, d, t = _clv_inputs(margin, retention, discount, periods)
    q = r / (1.0 + d)
    value = m * r / (1.0 + d - r) if t is None else m * q * (1.0 - q**t) / (1.0 - q)
    return finite_result("the CLV", value, names="margin, retention, discount")


def clv_by_period(margin: float, retention: float, discount: float, periods: int) -> pd.DataFrame:
    """The CLV sum term by term, for periods 1..T.

    Returns:
        Indexed by ``period`` t = 1..T, the columns ``survival`` (r^t, the chance the
        customer is still a customer), ``expected_margin`` (m·r^t), ``discount_factor``
        (1/(1+d)^t), ``present_value`` (their product) and ``cumulative_clv`` (the CLV up
        to and including period t; its last value is ``clv(margin, retention, discount,
        periods)``).
    """
    m, r, d, t = _clv_inputs(margin, retention, discount, periods)
    if t is None:
        raise ValueError("periods must be a whole number >= 1 for a period-by-period table")
    k = np.arange(1, t + 1)
    survival = r**k
    factor = (1.0 + d) ** (-k.astype(float))
    value = m * survival * factor
    if not np.isfinite(np.cumsum(value)).all():
        raise ValueError("margin, retention, discount are too large: the CLV overflows a float")
    return pd.DataFrame(
        {
            "survival": survival,
            "expected_margin": m * survival,
            "discount_factor": factor,
            "present_value": value,
            "cumulative_clv": np.cumsum(value),
        },
        index=pd.Index(k, name="period"),
    )


def clv_from_curve(margin: float, shares: Sequence[float] | pd.Series, discount: float) -> float:
    """CLV from an observed retention curve instead of a constant retention rate.

    Replaces the model's survival r^t by the share s_t of customers still active t periods
    after acquisition (e.g. ``retention_curve(...)["share"]``, for t = 1..T):

        CLV = Σ_{t=1..T} m · s_t / (1 + d)^t.

    With s_t = r^t it equals ``clv(margin, r, discount, T)``. The sum stops where the
    observed curve stops, so it leaves out the value after the last observed period.

    Args:
        margin: m, the margin per active customer and period.
        shares: s_1 … s_T, each in [0, 1].
        discount: d, the discount rate per period, >= 0.
    """
    m = finite("margin", margin)
    d = non_negative("discount", discount)
    try:
        if isinstance(shares, (str, bytes, dict)) or any(
            isinstance(v, (bool, np.bool_, str, bytes)) for v in list(shares)
        ):
            raise TypeError("shares must hold numbers, not booleans or text")
        s = np.asarray(list(shares), dtype=float)
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError("shares must be a sequence of numbers in [0, 1]") from error
    if s.size == 0 or not np.all((s >= 0) & (s <= 1)):
        raise ValueError("shares must be a non-empty sequence of numbers in [0, 1]")
    t = np.arange(1, s.size + 1)
    return float(np.sum(m * s / (1.0 + d) ** t))


def clv_sensitivity(
    margin: float,
    discounts: Sequence[float],
    retentions: Sequence[float] | None = None,
    periods: int | None = None,
) -> pd.DataFrame:
    """CLV for a grid of retention rates and discount rates (for the sensitivity chart).

    Args:
        margin: m, the margin per period.
        discounts: the discount rates d to tabulate (each >= 0).
        retentions: the retention rates r (each in [0, 1)); default 0, 0.01, …, 0.95.
        periods: the horizon T, or None for no end.

    Returns:
        A long DataFrame with columns ``discount``, ``retention``, ``clv``.
    """
    if retentions is None:
        retentions = np.round(np.arange(0.0, 0.951, 0.01), 2)
    discounts = sequence("discounts", discounts)
    retentions = sequence("retentions", retentions)
    for name, values in (("discounts", discounts), ("retentions", retentions)):
        for v in values:
            try:
                finite(name, v)
            except ValueError:
                raise ValueError(f"{name} must hold finite numbers, got {v!r}") from None
    rows = []
    for d in discounts:
        for r in retentions:
            try:
                value = clv(margin, r, d, periods)
            except ValueError as exc:
                which = "discounts" if "discount" in str(exc) else "retentions"
                if "margin" in str(exc) or "periods" in str(exc):
                    raise
                raise ValueError(f"{which}: {exc}") from None
            rows.append({"discount": float(d), "retention": float(r), "clv": value})
    if not rows:
        raise ValueError("discounts and retentions must each hold at least one value")
    return pd.DataFrame(rows)
