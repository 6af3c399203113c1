"""Tests of the map of CRM and its related systems (crmlab.crm.systems), its chart and widget."""

import pytest

from crmlab import plots
from crmlab.crm import systems
from crmlab.widgets import systems as systems_widget

#: The flows of the table "The main data flows between CRM and its related systems" in
#: book/crm/intro.md (the row "CRM, ERP, SCM, e-commerce → BI" is four flows).
INTRO_TABLE = {
    ("CRM", "ERP"),
    ("ERP", "CRM"),
    ("CRM", "SCM"),
    ("SCM", "CRM"),
    ("ERP", "SCM"),
    ("SCM", "ERP"),
    ("E-commerce", "CRM"),
    ("CRM", "E-commerce"),
    ("CRM", "BI"),
    ("ERP", "BI"),
    ("SCM", "BI"),
    ("E-commerce", "BI"),
    ("BI", "CRM"),
}


def test_map_holds_every_flow_of_the_intro_table():
    """Every flow of the part introduction's table (book/crm/intro.md) is on the map."""
    flows = systems.data_flows()
    pairs = set(zip(flows["source"], flows["target"], strict=True))
    assert INTRO_TABLE <= pairs


def test_graph_and_table_agree():
    """The graph has one node per system and one edge per row of the flow table."""
    graph = systems.systems_graph()
    flows = systems.data_flows()
    assert set(graph.nodes) == set(systems.systems().index) == set(systems.SYSTEMS)
    assert graph.number_of_edges() == len(flows)
    for row in flows.itertuples():
        assert graph.edges[row.source, row.target]["data"] == row.data
    assert set(flows["kind"]) == {"interaction", "data", "process"}


def test_crm_is_the_hub_and_bpr_a_method():
    """The opening chapter's claim: the CRM system is linked to every other node; BPR is
    the one method and exchanges only process knowledge."""
    graph = systems.systems_graph()
    others = set(graph.nodes) - {"CRM"}
    assert others <= set(graph.successors("CRM")) | set(graph.predecessors("CRM"))
    assert graph.nodes["BPR"]["kind"] == "method"
    bpr = systems.data_flows("BPR")
    assert set(bpr["kind"]) == {"process"}


def test_flows_of_one_system_any_case():
    """Filtering by a system keeps exactly the flows that touch it, whatever the case."""
    erp = systems.data_flows("erp")
    assert len(erp) == 7
    assert ((erp["source"] == "ERP") | (erp["target"] == "ERP")).all()


@pytest.mark.parametrize("bad", ["CRMs", "", None, 3])
def test_unknown_system_is_refused(bad):
    """An unknown system raises ValueError naming the argument and the allowed names."""
    if bad is None:
        assert len(systems.data_flows(None)) == len(systems.data_flows())
        return
    with pytest.raises(ValueError, match="system must be one of CRM"):
        systems.data_flows(bad)


def test_map_chart_alt_text_counts_nodes_and_flows():
    """The chart's alt text states the numbers the figure shows: 7 boxes, 20 arrows, and
    the highlighted system's flows."""
    graph = systems.systems_graph()
    chart = plots.systems_map_chart(graph, highlight="SCM")
    assert f"{graph.number_of_nodes()} boxes" in chart.alt
    assert f"{graph.number_of_edges()} labelled arrows" in chart.alt
    assert f"The {len(systems.data_flows('SCM'))} flows of SCM" in chart.alt
    assert chart.axes[0].get_title(loc="left")
    with pytest.raises(ValueError, match="highlight"):
        plots.systems_map_chart(graph, highlight="Marketing")


def test_bar_chart_labels_and_refuses_empty():
    """A bar chart names its highest and lowest category in its alt text; no data, no chart."""
    import pandas as pd

    chart = plots.bar_chart(
        pd.Series({"a": 3.0, "b": 1.0}), title="t", xlabel="Category", ylabel="Amount (EUR)"
    )
    assert "highest is a (3.00)" in chart.alt and "lowest is b (1.00)" in chart.alt
    with pytest.raises(ValueError, match="values"):
        plots.bar_chart(pd.Series([], dtype=float), title="t", xlabel="x", ylabel="y")


def test_explorer_starts_on_its_static_figure():
    """The widget builds, lists the chosen system's flows, and refuses unknown systems."""
    box = systems_widget.systems_explorer("ERP")
    table = box.children[2].value
    assert table.count("<tr>") == 1 + len(systems.data_flows("ERP"))
    with pytest.raises(ValueError, match="system"):
        systems_widget.systems_explorer("Marketing")
