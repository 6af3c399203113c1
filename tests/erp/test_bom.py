"""Tests of crmlab.erp.bom: multi-level bills of materials as a graph."""

import pandas as pd
import pytest

from crmlab.datasets import load
from crmlab.erp.bom import (
    bom_from_dataset,
    bom_graph,
    explode,
    indented_bom,
    low_level_codes,
    where_used,
)

#: Hand-worked structure: A uses 2 B and 1 C; B uses 3 C. C appears at levels 1 and 2.
SMALL = {"A": {"B": 2, "C": 1}, "B": {"C": 3}}


def test_low_level_code_is_deepest_level():
    """Orlicky (1975): an item's low-level code is the lowest level at which it appears.
    C is at level 1 under A and level 2 under B, so its code is 2."""
    assert low_level_codes(SMALL) == {"A": 0, "B": 1, "C": 2}


def test_gross_explosion_hand_worked():
    """Hand-worked: 10 A need 20 B and 10 + 20 x 3 = 70 C."""
    need = explode(SMALL, {"A": 10})
    assert need.to_dict() == {"A": 10, "B": 20, "C": 70}


def test_indented_bom_and_where_used_hand_worked():
    """Hand-worked: the indented bill of 5 A lists C twice (directly 5, under B 5x2x3 = 30);
    C is used in B (3 per B) and A (1 directly, 6 through B)."""
    ind = indented_bom(SMALL, "A", 5)
    assert ind["item"].tolist() == ["A", "B", "C", "C"]
    assert ind["level"].tolist() == [0, 1, 2, 1]
    assert ind["extended_quantity"].tolist() == [5, 10, 30, 5]
    wu = where_used(SMALL, "C")
    assert sorted(zip(wu["parent"], wu["quantity"], strict=True)) == [
        ("A", 1.0),
        ("A", 6.0),
        ("B", 3.0),
    ]


def test_dataset_structure_matches_its_data_sheet():
    """datasets/bom.md: 46 links over 27 items of products.csv, up to four levels deep;
    CP04, CP01 and CP03 are used at several levels and planned at their lowest (2)."""
    table = load("bom")
    bom = bom_from_dataset(table)
    graph = bom_graph(bom)
    assert graph.number_of_edges() == 46 == len(table)
    assert set(graph) == set(load("products")["item_id"])
    codes = low_level_codes(bom)
    assert max(codes.values()) == 3
    assert codes["CP04"] == codes["CP01"] == codes["CP03"] == 2
    assert {i for i, c in codes.items() if c == 0} == {"D100", "T200", "C300", "B400", "G500"}
    assert set(where_used(bom, "CP04").query("level == 1")["parent"]) == {
        "D100",
        "T200",
        "C300",
        "B400",
        "G500",
        "SA110",
        "SA120",
    }


def test_dataset_explosion_of_one_desk():
    """Hand-worked from bom.csv: one desk D100 needs oak square timber RM02 through the desk
    frame (3.2 m) and its four oak legs (4 x 0.75 m): 6.2 m; and 2 fitting kits CP04
    (one direct, one in the desk frame) plus one in the drawer unit: 3."""
    need = explode(bom_from_dataset(), {"D100": 1})
    assert need["RM02"] == pytest.approx(6.2)
    assert need["CP04"] == pytest.approx(3)


def test_cycle_raises_naming_the_cycle():
    """A BOM must be acyclic; the error names the cycle so the planner can fix it."""
    with pytest.raises(ValueError, match="cycle: (A → B → C → A|B → C → A → B|C → A → B → C)"):
        bom_graph({"A": {"B": 1}, "B": {"C": 1}, "C": {"A": 1}})
    with pytest.raises(ValueError, match="cycle: A → A"):
        bom_graph({"A": {"A": 1}})


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: bom_graph({"A": {"B": 0}}), "bom: the quantity of 'B' per 'A'"),
        (lambda: bom_graph({"A": 3}), "bom must map each parent"),
        (lambda: bom_graph([1, 2]), "bom must be a dict"),
        (lambda: bom_graph(pd.DataFrame({"parent": ["A"]})), "bom must have columns"),
        (lambda: indented_bom(SMALL, "Z"), "item 'Z'"),
        (lambda: indented_bom(SMALL, "A", -1), "quantity"),
        (lambda: explode(SMALL, {"Z": 1}), "demand item 'Z'"),
        (lambda: explode(SMALL, {"A": -1}), "demand"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        call()
