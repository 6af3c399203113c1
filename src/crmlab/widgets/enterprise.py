"""The document-flow explorer: pick a document of an Enterprise, see its whole chain."""

from __future__ import annotations

import ipywidgets as widgets

from crmlab import plots
from crmlab.erp.enterprise import Enterprise
from crmlab.i18n import get_language, gettext, localize
from crmlab.widgets import _controls


def document_flow_figure(enterprise: Enterprise, document: str) -> plots.Chart:
    """The document-flow diagram of ``document`` (the explorer's redraw, without widgets)."""
    if not isinstance(enterprise, Enterprise):
        raise ValueError(
            f"enterprise must be a crmlab.erp.Enterprise, got {type(enterprise).__name__}"
        )
    return plots.document_flow_chart(
        enterprise.document_flow(document), title=f"Document flow of {document}"
    )


def _localized_table(flow):
    """``flow`` as shown: in English as it is; otherwise with its headers and document
    types translated (a copy)."""
    if get_language() == "en":
        return flow
    shown = flow.copy()
    if "doc_type" in shown:
        shown["doc_type"] = shown["doc_type"].map(gettext)
    return shown.rename(columns=gettext)


def document_flow_explorer(enterprise: Enterprise, document: str | None = None) -> widgets.VBox:
    """A drop-down of the enterprise's business documents; the chosen document's flow as a
    table and a diagram. ``document`` is the first one shown (default: the first sales
    order, else the first business document)."""
    if not isinstance(enterprise, Enterprise):
        raise ValueError(f"enterprise must be a crmlab.erp.Enterprise, got {enterprise!r}")
    docs = enterprise.table("documents")
    docs = docs[~docs["doc_type"].isin(["journal entry", "opening balance"])]
    if docs.empty:
        raise ValueError("enterprise must hold at least one business document")
    options = list(docs["doc_id"])
    if document is None:
        orders = [d for d in options if d.startswith("SO-")]
        document = orders[0] if orders else options[0]
    if document not in options:
        raise ValueError(f"document must be one of the business documents, got {document!r}")
    chooser = widgets.Dropdown(options=options, value=document, description="Document")
    table = widgets.Output()
    out = widgets.Output()

    def redraw(change: object = None) -> None:
        flow = enterprise.document_flow(chooser.value)
        _controls.show(table, lambda: _localized_table(flow))
        _controls.show(out, lambda: document_flow_figure(enterprise, chooser.value))

    _controls.connect(redraw, chooser)
    return localize(_controls.frame([chooser, table, out]))
