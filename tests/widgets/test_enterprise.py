"""Tests of the document-flow and matching-threshold widgets and their charts."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab import plots
from crmlab.crm import matching as m
from crmlab.erp import Enterprise
from crmlab.widgets import document_flow_explorer, matching_threshold_explorer
from crmlab.widgets.enterprise import document_flow_figure
from crmlab.widgets.matching import matching_figure, matching_summary


@pytest.fixture
def ent():
    e = Enterprise()
    e.add_item("FG", "Product", standard_cost=5.0, selling_price=9.0, on_hand=10)
    e.add_customer("K1", "Customer One")
    e.order_to_cash("K1", {"FG": 2})
    return e


def test_document_flow_figure_names_the_chain(ent):
    """The diagram's alt text names the four documents of the chain in order (the flow
    the enterprise recorded)."""
    chart = document_flow_figure(ent, "IV-000001")
    assert "SO-000001 → delivery DL-000001 → invoice IV-000001" in chart.alt
    assert "3 journal entries" in chart.alt


def test_document_flow_explorer_starts_on_sales_order(ent):
    """The explorer's first state is the first sales order; a bad document is refused."""
    box = document_flow_explorer(ent)
    assert box.children[0].value == "SO-000001"
    with pytest.raises(ValueError, match="document"):
        document_flow_explorer(ent, "XX-1")
    with pytest.raises(ValueError, match="enterprise"):
        document_flow_explorer("not an enterprise")


CRM = pd.DataFrame(
    {
        "customer_id": ["C1", "C2"],
        "first_name": ["David", "Emily"],
        "last_name": ["Shah", "Kaur"],
        "email": ["d@example.com", "e@example.org"],
        "phone": ["0679509357", "0353464102"],
        "street": ["70 York Close", "10 Willow Road"],
        "postcode": ["81851", "33892"],
        "city": ["Birchwater", "Pebblestone"],
    }
)
ERP = pd.DataFrame(
    {
        "erp_customer_no": ["D1", "D2"],
        "name": ["Shah, David", "Emma Kaur"],
        "street": ["70 York Cl.", "3 Oak Street"],
        "postcode": ["81851", "33892"],
        "city": ["Birchwater", "Pebblestone"],
        "phone": ["", "0359990000"],
        "email": ["d@example.com", "emma@example.org"],
    }
)
TRUTH = pd.DataFrame({"crm_customer_id": ["C1"], "erp_customer_no": ["D1"]})


def test_matching_summary_and_explorer():
    """At threshold 0.7 the one true pair is found and the stranger is not: precision 1,
    recall 1; the chart's alt text states the curve's end points."""
    pairs = m.score_pairs(CRM, ERP)
    assert "precision 1.000 · recall 1.000" in matching_summary(pairs, TRUTH, 0.7)
    box = matching_threshold_explorer(pairs, TRUTH)
    assert box.children[0].value == pytest.approx(0.7)
    curve = m.precision_recall(pairs, TRUTH)
    chart = matching_figure(curve, 0.7)
    assert isinstance(chart, plots.Chart) and "precision" in chart.alt
    with pytest.raises(ValueError, match="threshold"):
        matching_threshold_explorer(pairs, TRUTH, threshold=0.2)


def test_erp_diagrams_have_alt_text_and_reject_bad_input():
    """The static diagrams carry alt text; bad input raises ValueError naming it."""
    assert "material flow" in plots.erp_flows_chart().alt
    assert "Sales 3" in plots.erp_modules_chart({"Sales": 3}).alt
    with pytest.raises(ValueError, match="rows"):
        plots.erp_modules_chart({"Marketing": 1})
    with pytest.raises(ValueError, match="flow"):
        plots.document_flow_chart(pd.DataFrame())
    with pytest.raises(ValueError, match="curve"):
        plots.precision_recall_chart(pd.DataFrame())
