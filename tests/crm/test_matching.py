"""Tests of crmlab.crm.matching: record linkage between CRM and ERP, and the golden record.

Sources: precision = TP / (TP + FP) and recall = TP / (TP + FN) as defined for record
linkage by Christen, *Data Matching* (Springer, 2012), ch. 7; blocking and field-wise
similarity scoring as in Christen ch. 4–5 and Fellegi and Sunter (1969).
"""

from __future__ import annotations

import pandas as pd
import pytest

from crmlab.crm import matching as m
from crmlab.datasets import load

CRM = pd.DataFrame(
    {
        "customer_id": ["C1", "C2", "C3"],
        "first_name": ["David", "Robert", "Emily"],
        "last_name": ["Shah", "Lee", "Kaur"],
        "email": ["david83@mail.example", "bob.lee@example.com", "emily@example.org"],
        "phone": ["067 950 9357", "027 478 1871", "035 346 4102"],
        "street": ["70 York Close", "49 River Lane", "10 Willow Road"],
        "postcode": ["81851", "21804", "33892"],
        "city": ["Birchwater", "Larkhollow", "Pebblestone"],
    }
)
ERP = pd.DataFrame(
    {
        "erp_customer_no": ["D1", "D2", "D3", "D4"],
        "name": ["SHAH, Dave", "Bob Lee", "Lee Robert", "Emma Kaur"],
        "street": ["70 York Cl.", "49 Riveer Ln", "49 River Lane", "3 Oak Street"],
        "postcode": ["81851", "21804", "", "33892"],
        "city": ["BIRCHWATER", "Larkhollow", "Larkhollow", "Pebblestone"],
        "phone": ["0679509357", "", "(027) 4781871", "035 999 0000"],
        "email": ["", "BOB.LEE@example.com", "", "emma@example.org"],
        "created_date": pd.to_datetime(["2023-01-02", "2023-02-01", "2023-09-01", "2023-03-01"]),
        "payment_terms": ["NET30", "NET14", "NET60", "NET30"],
        "credit_limit": [1000, 500, 2000, 800],
    }
)
# D4 is a different person (Emma, not Emily) who shares a postcode and family name.
TRUTH = pd.DataFrame({"crm_customer_id": ["C1", "C2", "C2"], "erp_customer_no": ["D1", "D2", "D3"]})


def test_normalisation_makes_formats_agree():
    """Name order, capitals, nicknames, street types and phone formats normalise away."""
    assert m.normalise_name("SHAH, Dave") == m.normalise_name("David Shah") == "david shah"
    assert m.normalise_name("LEE Robert") == m.normalise_name("Bob Lee")
    assert m.normalise_street("49 River Ln.") == "49 river lane"
    assert m.normalise_phone("(027) 478-1871") == "0274781871"
    assert m.normalise_email(" Bob.Lee@Example.com ") == "bob.lee@example.com"


def test_blocking_only_pairs_sharing_a_key():
    """Blocking (Christen ch. 4): C1 and D2 share no postcode, phone, e-mail or town, so
    they are never compared; every true pair is among the candidates."""
    c, e = m.normalise_crm(CRM), m.normalise_erp(ERP)
    pairs = set(map(tuple, m.candidate_pairs(c, e).to_numpy()))
    assert (0, 1) not in pairs
    assert {(0, 0), (1, 1), (1, 2)} <= pairs


def test_tiny_example_precision_recall_by_hand():
    """Hand-made example: at threshold 0.7 the matches are C1–D1, C2–D2, C2–D3 (all true)
    and not C3–D4 (another person): TP 3, FP 0, FN 0, precision = recall = 1. At threshold
    0.5 C3–D4 (same postcode, town and family name) is also matched: precision 3/4."""
    strict = m.match_customers(CRM, ERP, threshold=0.7)
    assert set(zip(strict["crm_customer_id"], strict["erp_customer_no"], strict=False)) == {
        ("C1", "D1"),
        ("C2", "D2"),
        ("C2", "D3"),
    }
    q = m.evaluate(strict, TRUTH)
    assert (q.true_positives, q.false_positives, q.false_negatives) == (3, 0, 0)
    assert q.precision == 1.0 and q.recall == 1.0 and q.f1 == 1.0
    loose = m.evaluate(m.match_customers(CRM, ERP, threshold=0.5), TRUTH)
    assert (loose.true_positives, loose.false_positives) == (3, 1)
    assert loose.precision == pytest.approx(3 / 4)
    assert loose.recall == 1.0


def test_evaluate_closed_form():
    """Precision TP/(TP+FP) = 1/2, recall TP/(TP+FN) = 1/3, F1 = 2PR/(P+R) = 0.4."""
    found = pd.DataFrame({"crm_customer_id": ["C1", "C9"], "erp_customer_no": ["D1", "D9"]})
    q = m.evaluate(found, TRUTH)
    assert q.precision == pytest.approx(0.5)
    assert q.recall == pytest.approx(1 / 3)
    assert q.f1 == pytest.approx(0.4)


def test_golden_record_survivorship():
    """C2 has two ERP records; the later one (D3) has the same street, so the address stays
    the CRM's; payment terms come from the latest ERP record (NET60); both numbers kept."""
    golden = m.golden_records(CRM, ERP, TRUTH).set_index("crm_customer_id")
    assert golden.loc["C2", "erp_customer_nos"] == "D2 D3"
    assert golden.loc["C2", "payment_terms"] == "NET60"
    assert golden.loc["C2", "source_address"] == "crm"
    assert golden.loc["C1", "first_name"] == "David"
    moved = ERP.copy()
    moved.loc[2, "street"] = "5 Harbour View"
    g2 = m.golden_records(CRM, moved, TRUTH).set_index("crm_customer_id")
    assert g2.loc["C2", "street"] == "5 Harbour View"
    assert g2.loc["C2", "source_address"] == "erp"


def test_dataset_precision_and_recall():
    """On the datasets (5,000 CRM contacts, 1,979 ERP records, 1,838 true pairs), the
    default threshold 0.7 gives precision 0.9995 (1 false match) and recall 0.991
    (1,821 of 1,838 found); a stricter threshold raises precision and lowers recall."""
    crm, erp, truth = load("customers"), load("erp_customers"), load("customer_matches")
    pairs = m.score_pairs(crm, erp)
    q = m.evaluate(m.match_customers(crm, erp), truth)
    assert q.precision >= 0.999
    assert q.recall >= 0.985
    curve = m.precision_recall(pairs, truth, [0.5, 0.7, 0.9])
    assert curve["precision"].is_monotonic_increasing
    assert curve["recall"].is_monotonic_decreasing
    assert curve["recall"].iloc[-1] < curve["recall"].iloc[0]


def test_bad_input_names_the_argument():
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="crm"):
        m.normalise_crm(CRM.drop(columns="email"))
    with pytest.raises(ValueError, match="erp"):
        m.score_pairs(CRM, "not a frame")
    with pytest.raises(ValueError, match="threshold"):
        m.match_customers(CRM, ERP, threshold=1.5)
    with pytest.raises(ValueError, match="weights"):
        m.score_pairs(CRM, ERP, weights={"name": 1.0})
    with pytest.raises(ValueError, match="truth"):
        m.evaluate(TRUTH, pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="moved_below"):
        m.golden_records(CRM, ERP, TRUTH, moved_below=2)
    with pytest.raises(ValueError, match="thresholds"):
        m.precision_recall(m.score_pairs(CRM, ERP), TRUTH, [])
