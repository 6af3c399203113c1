"""Tests of crmlab.scm.network: the supply network graph and the SCOR map."""

import math

import pytest

from crmlab import datasets
from crmlab.scm.network import (
    SCOR,
    example_network,
    flows_table,
    scor_processes,
    supply_network,
    tier_summary,
)


@pytest.fixture(scope="module")
def locations():
    return datasets.load("locations")


def test_goods_reach_every_store_and_balance_at_warehouses(locations):
    """Flow conservation, by hand: each store receives its annual demand, each warehouse
    ships what it receives, and the plant (and the suppliers) ship the stores' total demand
    (about 48,000 units a year per the data sheet)."""
    g = supply_network(locations, open_warehouses=["W1", "W3", "W7"])
    edges = flows_table(g)
    goods = edges[edges["flow"] == "goods"]
    stores = locations[locations["type"] == "store"].set_index("location_id")
    received = goods.groupby("target")["units"].sum()
    for s, row in stores.iterrows():
        assert received[s] == pytest.approx(float(row["annual_demand"]))
    for w in ("W1", "W3", "W7"):
        shipped = goods.loc[goods["source"] == w, "units"].sum()
        assert received[w] == pytest.approx(shipped)
    total = float(stores["annual_demand"].sum())
    assert goods.loc[goods["source"] == "P1", "units"].sum() == pytest.approx(total)
    summary = tier_summary(g)
    assert summary.loc["plant", "units_out"] == pytest.approx(total)
    assert summary.loc["supplier", "units_out"] == pytest.approx(total)


def test_transport_cost_is_units_times_distance_times_rate(locations):
    """Hand calculation: store S01 served by W2, cost = 3,720 units × distance × 0.05 per
    unit·km, with the straight-line distance from the data set's coordinates."""
    g = supply_network(locations, open_warehouses=["W2"], cost_per_unit_km=0.05)
    edge = g.edges["W2", "S01", "goods"]
    dist = math.hypot(279.8 - 281.7, 125.5 - 139.9)
    assert edge["distance_km"] == pytest.approx(dist)
    assert edge["transport_cost"] == pytest.approx(3720 * dist * 0.05)


def test_every_link_carries_goods_down_and_money_and_information_up():
    """The three flows of the book's definition: goods downstream, money and orders
    upstream, on every trading link."""
    g = example_network()
    edges = flows_table(g)
    goods = edges[edges["flow"] == "goods"]
    for _, e in goods.iterrows():
        assert g.has_edge(e["target"], e["source"], "money")
        assert g.has_edge(e["target"], e["source"], "information")
    assert set(edges["flow"]) == {"goods", "money", "information"}
    assert len(edges) == 3 * len(goods)


def test_default_assignment_is_the_nearest_open_warehouse(locations):
    """Each store is served by its nearest open warehouse unless assigned explicitly."""
    g = supply_network(locations, open_warehouses=["W1", "W2"])
    assert g.has_edge("W2", "S01", "goods")  # S01 is in the eastern town
    assert g.has_edge("W1", "S03", "goods")  # S03 is in the western town
    g2 = supply_network(locations, open_warehouses=["W1", "W2"], assignment={"S03": "W2"})
    assert g2.has_edge("W2", "S03", "goods")


def test_example_network_has_all_five_tiers():
    """The schematic chain of the book: supplier, plant, warehouse, DC, store."""
    tiers = set(dict(example_network().nodes(data="tier")).values())
    assert tiers == {"supplier", "plant", "warehouse", "distribution_centre", "store"}


def test_scor_processes_map_onto_tiers():
    """SCOR's classic top level (APICS 2017): five processes; only suppliers and plants
    make; every tier plans."""
    table = scor_processes()
    assert list(table.index) == list(SCOR) == ["plan", "source", "make", "deliver", "return"]
    assert table.loc["make", "tiers"] == "supplier, plant"
    assert table.loc["plan", "nodes"] == example_network().number_of_nodes()


def test_bad_input_names_the_argument(locations):
    """Bad input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="cost_per_unit_km"):
        supply_network(locations, cost_per_unit_km=0)
    with pytest.raises(ValueError, match="open_warehouses"):
        supply_network(locations, open_warehouses=["W9"])
    with pytest.raises(ValueError, match="assignment"):
        supply_network(locations, open_warehouses=["W1"], assignment={"S01": "W2"})
    with pytest.raises(ValueError, match="suppliers"):
        supply_network(locations, suppliers=0)
    with pytest.raises(ValueError, match="locations"):
        supply_network(locations.drop(columns="x_km"))
    with pytest.raises(ValueError, match="graph"):
        scor_processes("not a graph")
