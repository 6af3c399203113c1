"""Customer value widgets: the RFM segment explorer and the CLV calculator.

Both follow the book's widget pattern: controls whose ranges keep every input valid, one
redraw callback that calls the model (:mod:`crmlab.crm.value`) and then a shared chart
(:mod:`crmlab.plots`), and a ``*_figure`` function that draws the same chart without
widgets, for the static figure beside each widget in the book.
"""

from __future__ import annotations

import html
from dataclasses import replace

import ipywidgets as widgets
import pandas as pd

from crmlab import _schema, plots
from crmlab.crm.value import SEGMENTS, clv, clv_sensitivity, rfm, segment_summary
from crmlab.i18n import localize
from crmlab.widgets import _controls

__all__ = [
    "CLV_RANGES",
    "DISCOUNT_LINES",
    "clv_calculator",
    "clv_figure",
    "clv_summary",
    "rfm_explorer",
    "rfm_figure",
    "rfm_summary",
]

# ----------------------------------------------------------------------------------------
# RFM segment explorer

#: Range of the bins slider (min, max): at least 2 classes, as rfm() requires.
BINS_RANGE: tuple[int, int] = (2, 10)


def _transactions(transactions: pd.DataFrame | None) -> pd.DataFrame:
    if transactions is None:
        from crmlab.datasets import load

        return load("transactions")
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            "transactions must be a pandas DataFrame (one row per purchase) or None, "
            f"got {type(transactions).__name__}"
        )
    return transactions


def as_of_options(transactions: pd.DataFrame, date: str = "date") -> list[pd.Timestamp]:
    """The analysis dates the explorer offers: the first day of every quarter after the
    first purchase, and last the day after the last purchase (rfm's default). Each leaves
    at least one purchase before it, so rfm() always has data."""
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            f"transactions must be a pandas DataFrame, got {type(transactions).__name__}"
        )
    if not isinstance(date, str):
        raise ValueError(f"date must be the name of a column (text), got {date!r}")
    if date not in transactions.columns:
        raise ValueError(f"transactions has no column {date!r} (the date column)")
    if pd.api.types.is_numeric_dtype(transactions[date]):  # 20240105 is not a date
        raise ValueError(
            f"transactions column {date} must hold dates or ISO date strings, not numbers"
        )
    try:
        dates = pd.to_datetime(transactions[date]).dropna()
    except (ValueError, TypeError) as error:
        raise ValueError(f"transactions column {date!r} must hold dates: {error}") from None
    if dates.empty:
        raise ValueError(f"transactions must hold at least one dated purchase (column {date!r})")
    first, last = dates.min().normalize(), dates.max().normalize()
    starts = pd.date_range(first + pd.Timedelta(days=1), last, freq="QS")
    default = last + pd.Timedelta(days=1)
    return [*(s for s in starts if s < default), default]


def _rfm_chart(table: pd.DataFrame, bins: int, day: pd.Timestamp) -> plots.Chart:
    return plots.rfm_segment_chart(
        segment_summary(table), title=f"RFM segments ({bins} bins, as of {day:%Y-%m-%d})"
    )


def rfm_figure(
    transactions: pd.DataFrame | None = None, bins: int = 5, as_of: object = None
) -> plots.Chart:
    """The RFM segment chart for one choice of bins and analysis date (the explorer's
    redraw, without widgets). ``as_of=None`` is rfm's default, the day after the last
    purchase, which is also the explorer's starting date."""
    data = _transactions(transactions)
    table = rfm(data, as_of=as_of, bins=bins)
    day = as_of_options(data)[-1] if as_of is None else pd.Timestamp(as_of)
    return _rfm_chart(table, bins, day)


def rfm_summary(table: pd.DataFrame, segment: str) -> str:
    """One line on a segment of an rfm() table: its size and share of revenue."""
    _schema.check("table", table, replace(_schema.RFM_TABLE, min_rows=1))
    if not isinstance(segment, str) or segment not in SEGMENTS:
        raise ValueError(f"segment must be one of {list(SEGMENTS)}, got {segment!r}")
    summary = segment_summary(table)
    row = summary.loc[segment]
    return (
        f"{segment}: {int(row['customers']):,} of {len(table):,} customers "
        f"({100 * row['share_of_customers']:.1f} %) bring {100 * row['share_of_revenue']:.1f} % "
        f"of revenue"
    )


def _segment_table(table: pd.DataFrame, segment: str, rows: int = 10) -> str:
    part = table[table["segment"] == segment].sort_values("monetary", ascending=False)
    if part.empty:
        return f"<p>No customer is in the segment {html.escape(segment)}.</p>"
    shown = part.head(rows)[["recency", "frequency", "monetary", "rfm"]]
    shown = shown.rename(
        columns={"recency": "recency (days)", "monetary": "monetary (EUR)", "rfm": "RFM"}
    )
    caption = f"The {len(shown)} highest spenders of {len(part):,} in {html.escape(segment)}"
    return f"<p><b>{caption}</b></p>" + shown.to_html(float_format=lambda x: f"{x:,.2f}")


def rfm_explorer(
    transactions: pd.DataFrame | None = None,
    bins: int = 5,
    as_of: object = None,
    segment: str = "Champions",
) -> widgets.VBox:
    """Choose the number of score classes, the analysis date and a segment; see every
    segment's share of customers and revenue, and the chosen segment's top customers.

    Args:
        transactions: one row per purchase (default: the ``transactions`` dataset).
        bins: starting number of score classes, within :data:`BINS_RANGE`.
        as_of: starting analysis date, one of :func:`as_of_options` (default: the day
            after the last purchase).
        segment: the segment whose customers are listed, one of :data:`SEGMENTS`.
    """
    data = _transactions(transactions)
    low, high = BINS_RANGE
    if isinstance(bins, bool) or not isinstance(bins, int) or not (low <= bins <= high):
        raise ValueError(f"bins must be a whole number in [{low}, {high}], got {bins!r}")
    if segment not in SEGMENTS:
        raise ValueError(f"segment must be one of {list(SEGMENTS)}, got {segment!r}")
    options = as_of_options(data)
    try:
        start = options[-1] if as_of is None else pd.Timestamp(as_of)
    except (ValueError, TypeError):
        start = None
    if start not in options:
        raise ValueError(
            f"as_of must be one of {[f'{o:%Y-%m-%d}' for o in options]}, got {as_of!r}"
        )
    style = {"description_width": "10em"}
    layout = widgets.Layout(width="36em")
    bins_slider = _controls.slider(
        "bins", bins, "Score classes", BINS_RANGE, style=style, layout=layout
    )
    date_slider = widgets.SelectionSlider(
        options=[(f"{o:%Y-%m-%d}", o) for o in options],
        value=start,
        description="As of",
        continuous_update=False,
        style=style,
        layout=layout,
    )
    segment_box = widgets.Dropdown(
        options=list(SEGMENTS), value=segment, description="Segment", style=style
    )
    summary = widgets.HTML()
    out = widgets.Output()
    listing = widgets.HTML()

    def redraw(change: object = None) -> None:
        day = date_slider.value
        table = rfm(data, as_of=day, bins=bins_slider.value)
        summary.value = f"<p>{html.escape(rfm_summary(table, segment_box.value))}</p>"
        listing.value = _segment_table(table, segment_box.value)
        chart = _rfm_chart(table, bins_slider.value, day)
        _controls.show(out, lambda: chart)

    _controls.connect(redraw, bins_slider, date_slider, segment_box)
    return localize(_controls.frame([bins_slider, date_slider, segment_box, summary, out, listing]))


# ----------------------------------------------------------------------------------------
# CLV calculator

#: Slider ranges (min, max, step). Retention stays below 1 and the discount rate at or
#: above 0, so clv() never sees an invalid input from the widget.
CLV_RANGES: dict[str, tuple[float, float, float]] = {
    "margin": (10.0, 1000.0, 10.0),
    "retention": (0.0, 0.95, 0.01),
    "discount": (0.0, 0.5, 0.01),
    "periods": (1, 60, 1),
}

CLV_LABELS: dict[str, str] = {
    "margin": "Margin m (EUR per period)",
    "retention": "Retention r (per period)",
    "discount": "Discount d (per period)",
    "periods": "Horizon T (periods)",
}

#: The discount rates drawn as reference lines (the current rate is added).
DISCOUNT_LINES: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2)


def clv_figure(
    margin: float = 100.0,
    retention: float = 0.8,
    discount: float = 0.1,
    periods: int | None = None,
) -> plots.Chart:
    """CLV against retention for a few discount rates, the given point marked (the
    calculator's redraw, without widgets)."""
    value = clv(margin, retention, discount, periods)
    rates = sorted({*DISCOUNT_LINES, round(float(discount), 4)})
    grid = clv_sensitivity(margin, rates, periods=periods)
    return plots.clv_sensitivity_chart(grid, margin, retention, discount, value, periods=periods)


def clv_summary(
    margin: float, retention: float, discount: float, periods: int | None = None
) -> str:
    """One line: the CLV, and how much one more point of retention would add."""
    value = clv(margin, retention, discount, periods)
    horizon = "no end" if periods is None else f"{periods} periods"
    text = f"CLV = {value:,.2f} EUR (m = {margin:,.0f}, r = {retention:.2f}, d = {discount:.2f}, "
    text += f"horizon {horizon})"
    if retention + 0.01 < 1:
        gain = clv(margin, retention + 0.01, discount, periods) - value
        text += f" · one more point of retention adds {gain:,.2f} EUR"
    return text


def clv_calculator(
    margin: float = 100.0,
    retention: float = 0.8,
    discount: float = 0.1,
    periods: int | None = None,
) -> widgets.VBox:
    """Sliders for the margin m, retention r, discount rate d and horizon T (or no end);
    the CLV and its curve against retention for a few discount rates, the point marked.

    The starting values must lie within :data:`CLV_RANGES`.
    """
    start = {"margin": margin, "retention": retention, "discount": discount}
    start["periods"] = 10 if periods is None else periods
    sliders = _controls.sliders(
        CLV_RANGES,
        CLV_LABELS,
        start,
        readout_format={"margin": ".0f"},
        style={"description_width": "14em"},
        layout=widgets.Layout(width="36em"),
    )
    endless = widgets.Checkbox(value=periods is None, description="No end (T = ∞)")
    summary = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        sliders["periods"].disabled = endless.value
        horizon = None if endless.value else sliders["periods"].value
        values = {name: sliders[name].value for name in ("margin", "retention", "discount")}
        summary.value = f"<p>{html.escape(clv_summary(**values, periods=horizon))}</p>"
        _controls.show(out, lambda: clv_figure(**values, periods=horizon))

    _controls.connect(redraw, *sliders.values(), endless)
    return localize(_controls.frame([*sliders.values(), endless, summary, out]))
