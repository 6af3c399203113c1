"""The systems explorer: pick a system; its flows light up on the map and are listed."""

from __future__ import annotations

import html

import ipywidgets as widgets

from crmlab import plots
from crmlab.crm.systems import SYSTEMS, data_flows, systems_graph
from crmlab.i18n import localize
from crmlab.widgets import _controls

#: The dropdown's entry that highlights nothing (every flow in colour).
ALL = "(all systems)"


def systems_figure(system: str | None = None) -> plots.Chart:
    """The map with the flows of ``system`` highlighted (``None``: every flow in colour)."""
    if system is not None and (not isinstance(system, str) or system not in SYSTEMS):
        raise ValueError(f"system must be None or one of {', '.join(SYSTEMS)}; got {system!r}")
    return plots.systems_map_chart(systems_graph(), highlight=system)


def flows_table_html(system: str | None = None) -> str:
    """An HTML table of the flows into and out of ``system`` (all flows for ``None``)."""
    flows = data_flows(system)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(row[c]).replace(chr(10), ' '))}</td>"
            for c in ("source", "target", "data", "purpose")
        )
        + "</tr>"
        for _, row in flows.iterrows()
    )
    head = "".join(f"<th>{c}</th>" for c in ("from", "to", "what flows", "why"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def systems_explorer(system: str = "CRM") -> widgets.VBox:
    """A dropdown of the systems on the map, the map with that system's flows highlighted,
    and a table of those flows (what flows and why).

    ``system`` is the starting choice: a name in :data:`crmlab.crm.systems.SYSTEMS` or
    :data:`ALL`.
    """
    options = [ALL, *SYSTEMS]
    if system not in options:
        raise ValueError(f"system must be one of {', '.join(options)}; got {system!r}")
    choice = widgets.Dropdown(options=options, value=system, description="System")
    table = widgets.HTML()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        picked = None if choice.value == ALL else choice.value
        table.value = flows_table_html(picked)
        _controls.show(out, lambda: systems_figure(picked))

    _controls.connect(redraw, choice)
    return localize(_controls.frame([choice, out, table]))
