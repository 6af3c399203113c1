"""Tests of crmlab.datasets: the files, the generator, the loader and the data themselves."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from crmlab import datasets
from crmlab.datasets import _paths, generate, manufacturing, process, retail, supply
from crmlab.datasets._random import as_generator
from crmlab.datasets._registry import SEEDS

DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """Every dataset, loaded once for the data checks."""
    return {name: datasets.load(name) for name in datasets.names()}


# --- files, manifest and regeneration ------------------------------------------------


def test_manifest_checksums_match_files():
    """Every line of MANIFEST.sha256 is the SHA-256 of the file it names, and the manifest
    covers every CSV and data sheet in datasets/."""
    lines = (DATASETS_DIR / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((DATASETS_DIR / name).read_bytes()).hexdigest() == digest, name
    on_disk = {p.name for p in DATASETS_DIR.glob("*.csv")} | {
        p.name for p in DATASETS_DIR.glob("*.md")
    }
    assert set(listed) == on_disk


def test_regeneration_in_a_fresh_process_reproduces_the_bytes(tmp_path):
    """`python -m crmlab.datasets.generate --out DIR`, run in a new interpreter, writes
    files byte-identical to the committed ones (manifest included)."""
    subprocess.run(
        [sys.executable, "-m", "crmlab.datasets.generate", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(generate.render())
    for name in written:
        assert (tmp_path / name).read_bytes() == (DATASETS_DIR / name).read_bytes(), name


def test_check_mode_reports_the_committed_folder_clean_and_a_tampered_copy_dirty(tmp_path):
    """`--check` exits 0 on the committed folder, 1 once a file is changed or a stray CSV
    appears."""
    assert generate.main(["--check", "--out", str(DATASETS_DIR)]) == 0
    generate.write(tmp_path)
    (tmp_path / "bom.csv").write_text("parent,child,quantity\n", encoding="utf-8")
    (tmp_path / "old_name.csv").write_text("x\n", encoding="utf-8")
    assert generate.differences(tmp_path) == ["bom.csv", "old_name.csv"]
    assert generate.main(["--check", "--out", str(tmp_path)]) == 1


def test_every_csv_is_small():
    """Each CSV stays under 3 MB, so the repository and a Colab session stay light."""
    for path in DATASETS_DIR.glob("*.csv"):
        assert path.stat().st_size < 3_000_000, path.name


def test_sheet_copies_beside_the_csvs_equal_the_package_sheets():
    """datasets/<name>.md is the package's data sheet, as `describe` returns it."""
    for name in datasets.names():
        assert (DATASETS_DIR / f"{name}.md").read_text(encoding="utf-8") == datasets.describe(name)


# --- public API ------------------------------------------------------------------------


def test_names_lists_every_csv():
    """`names()` holds exactly the datasets that have a CSV in datasets/."""
    assert sorted(datasets.names()) == sorted(p.stem for p in DATASETS_DIR.glob("*.csv"))


def test_load_without_repository_equals_load_from_files(monkeypatch):
    """With the repository out of reach, `load` regenerates each table in memory, and the
    result equals the table read from datasets/ (values, dtypes, parsed dates)."""
    assert _paths.repository_datasets() == DATASETS_DIR
    from_files = {name: datasets.load(name) for name in datasets.names()}
    monkeypatch.setattr(_paths, "repository_datasets", lambda: None)
    for name, expected in from_files.items():
        pd.testing.assert_frame_equal(datasets.load(name), expected, check_exact=True)


def test_load_parses_dates_and_types(tables):
    """Date and timestamp columns come back as datetime64; empty whole-number cells as
    nullable Int64; flags as bool."""
    for name, column in [
        ("customers", "signup_date"),
        ("transactions", "date"),
        ("store_demand", "week_start"),
        ("erp_customers", "created_date"),
        ("order_events", "start"),
        ("order_events", "end"),
    ]:
        assert pd.api.types.is_datetime64_dtype(tables[name][column]), (name, column)
    assert tables["locations"]["annual_demand"].dtype == "Int64"
    assert tables["customers"]["loyalty_member"].dtype == bool
    assert tables["store_demand"]["demand"].dtype == np.int64


def test_load_returns_a_fresh_copy():
    """Changing a loaded table does not change what the next `load` returns."""
    first = datasets.load("work_centres")
    first.loc[0, "capacity_hours_per_week"] = -1
    assert datasets.load("work_centres").loc[0, "capacity_hours_per_week"] == 140


def test_describe_mentions_every_column(tables):
    """Each data sheet names every column of its dataset (in backticks) and has the
    sections a data sheet needs."""
    for name, frame in tables.items():
        sheet = datasets.describe(name)
        for column in frame.columns:
            assert f"`{column}`" in sheet, (name, column)
        for section in ("## How it was made", "## Columns", "## Intended use", "## Known limits"):
            assert section in sheet, (name, section)


@pytest.mark.parametrize("function", [datasets.load, datasets.describe])
@pytest.mark.parametrize("bad", ["customer", "", None, 3])
def test_unknown_name_raises_value_error_listing_names(function, bad):
    """An unknown dataset name raises ValueError whose message lists every valid name."""
    with pytest.raises(ValueError, match="name must be one of") as info:
        function(bad)
    for name in datasets.names():
        assert name in str(info.value)


# --- generators ------------------------------------------------------------------------


def test_generators_are_deterministic_and_seed_dependent():
    """The same seed gives the same table; another seed a different one; an int seed and a
    Generator seeded with it agree."""
    a = supply.make_locations(7)
    pd.testing.assert_frame_equal(a, supply.make_locations(np.random.default_rng(7)))
    assert not a.equals(supply.make_locations(8))
    pd.testing.assert_frame_equal(process.make_order_events(3), process.make_order_events(3))


def test_each_random_dataset_has_its_own_seed():
    """Seeds are distinct, so datasets draw independent random streams."""
    assert len(set(SEEDS.values())) == len(SEEDS)


def test_bad_seed_raises_value_error():
    """A negative or non-integer seed is rejected with a message naming `seed`."""
    for bad in (-1, 1.5, "0", True):
        with pytest.raises(ValueError, match="seed"):
            as_generator(bad)


# --- referential integrity and consistency -------------------------------------------


def test_keys_are_unique(tables):
    """Primary keys identify one row each."""
    for name, key in [
        ("customers", ["customer_id"]),
        ("customers", ["email"]),
        ("transactions", ["transaction_id"]),
        ("store_demand", ["week", "store_id", "product_id"]),
        ("locations", ["location_id"]),
        ("products", ["item_id"]),
        ("bom", ["parent", "child"]),
        ("routings", ["item_id", "operation"]),
        ("work_centres", ["work_centre"]),
        ("erp_customers", ["erp_customer_no"]),
        ("customer_matches", ["erp_customer_no"]),
    ]:
        assert not tables[name].duplicated(key).any(), (name, key)


def test_transactions_reference_customers_and_stores(tables):
    """Every purchase's customer exists and bought on or after signing up; store purchases
    name a store in `locations`, online ones none."""
    tx, customers = tables["transactions"], tables["customers"].set_index("customer_id")
    assert tx["customer_id"].isin(customers.index).all()
    assert (tx["date"] >= customers.loc[tx["customer_id"], "signup_date"].to_numpy()).all()
    stores = set(tables["locations"].query("type == 'store'")["location_id"])
    in_store = tx["channel"] == "store"
    assert tx.loc[in_store, "store_id"].isin(stores).all()
    assert tx.loc[~in_store, "store_id"].isna().all()
    assert customers["home_store_id"].isin(stores).all()


def test_store_demand_references_stores_and_end_products(tables):
    """Demand is a non-negative whole number for 104 weeks × 6 stores × 5 end products that
    exist in `locations` and `products`."""
    demand, products = tables["store_demand"], tables["products"]
    assert (demand["demand"] >= 0).all()
    assert demand["store_id"].isin(tables["locations"]["location_id"]).all()
    end_products = set(products.query("item_type == 'end_product'")["item_id"])
    assert set(demand["product_id"]) == end_products
    assert len(demand) == 104 * 6 * 5


def test_bom_items_exist_and_the_structure_is_acyclic_and_multi_level(tables):
    """Every BOM item is in `products`; the BOM graph has no cycle, is at least four levels
    deep, and some child is used at two different levels."""
    bom, items = tables["bom"], set(tables["products"]["item_id"])
    assert set(bom["parent"]) | set(bom["child"]) <= items
    assert (bom["quantity"] > 0).all()
    graph = nx.DiGraph(list(bom[["parent", "child"]].itertuples(index=False)))
    assert nx.is_directed_acyclic_graph(graph)
    assert nx.dag_longest_path_length(graph) >= 3
    ends = tables["products"].query("item_type == 'end_product'")["item_id"]
    depths: dict[str, set[int]] = {}
    for end in ends:
        for item, depth in nx.single_source_shortest_path_length(graph, end).items():
            depths.setdefault(item, set()).add(depth)
    assert any(len(d) > 1 for d in depths.values())


def test_made_items_have_routings_on_existing_work_centres(tables):
    """Routings reference existing work centres; exactly the `make` items have one."""
    routings, products = tables["routings"], tables["products"]
    assert routings["work_centre"].isin(tables["work_centres"]["work_centre"]).all()
    made = set(products.query("make_or_buy == 'make'")["item_id"])
    assert set(routings["item_id"]) == made
    bought = products.query("make_or_buy == 'buy'")
    assert bought["standard_cost"].notna().all()
    assert bought["item_id"].isin(set(tables["bom"]["child"])).all()


def test_ground_truth_matches_reference_existing_records(tables):
    """Every match pairs an existing CRM customer with an existing ERP record; some ERP
    records are ERP-only and some customers have two ERP records (duplicates)."""
    matches = tables["customer_matches"]
    assert matches["crm_customer_id"].isin(tables["customers"]["customer_id"]).all()
    assert matches["erp_customer_no"].isin(tables["erp_customers"]["erp_customer_no"]).all()
    assert len(matches) < len(tables["erp_customers"])
    assert matches["crm_customer_id"].duplicated().any()


def test_erp_records_disagree_with_the_crm(tables):
    """The ERP master is messy: matched names often differ from the CRM's `First Last`,
    and some contact fields are missing."""
    crm = tables["customers"].set_index("customer_id")
    pairs = tables["customer_matches"].merge(tables["erp_customers"], on="erp_customer_no")
    crm_names = crm.loc[pairs["crm_customer_id"], ["first_name", "last_name"]]
    same = pairs["name"].to_numpy() == (crm_names["first_name"] + " " + crm_names["last_name"])
    assert 0.2 < same.mean() < 0.7
    assert tables["erp_customers"][["phone", "email", "postcode"]].isna().any().all()


def test_events_end_not_before_start_and_fall_in_working_hours(tables):
    """Every activity ends at or after its start, on a weekday between 08:00 and 17:00,
    and a case's activities do not overlap."""
    events = tables["order_events"]
    assert (events["end"] >= events["start"]).all()
    for column in ("start", "end"):
        stamp = events[column]
        assert (stamp.dt.day_of_week < 5).all()
        minutes = stamp.dt.hour * 60 + stamp.dt.minute
        assert minutes.between(8 * 60, 17 * 60).all()
    previous_end = events.groupby("case_id")["end"].shift()
    assert (events["start"] >= previous_end).where(previous_end.notna(), True).all()
    assert events["case_id"].nunique() == process.N_CASES


def test_transactions_show_the_patterns_the_book_teaches(tables):
    """Revenue is concentrated (top 20 % of customers > 55 % of it), many customers buy once,
    and loyalty members spend more per head."""
    tx = tables["transactions"]
    revenue = tx.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    top = revenue.head(len(revenue) // 5).sum() / revenue.sum()
    assert top > 0.55
    one_off = (tx.groupby("customer_id").size() == 1).mean()
    assert 0.3 < one_off < 0.6
    loyal = tables["customers"].set_index("customer_id")["loyalty_member"]
    per_head = revenue.groupby(loyal.reindex(revenue.index)).mean()
    assert per_head[True] > per_head[False]


def test_factory_runs_near_but_under_capacity_on_average(tables):
    """At the stores' average weekly demand, exploded through the BOM, assembly (WC60) is
    the most loaded work centre, at 85-100 % of capacity in run time."""
    total = tables["locations"]["annual_demand"].sum() / 52
    mix = {"D100": 0.15, "T200": 0.10, "C300": 0.40, "B400": 0.20, "G500": 0.15}
    need = {item: share * total for item, share in mix.items()}
    graph = nx.DiGraph()
    for parent, child, qty in tables["bom"].itertuples(index=False):
        graph.add_edge(parent, child, quantity=qty)
    for item in nx.topological_sort(graph):
        for child in graph.successors(item):
            need[child] = (
                need.get(child, 0.0) + need.get(item, 0.0) * graph[item][child]["quantity"]
            )
    routings = tables["routings"]
    load = (
        (routings["item_id"].map(need) * routings["run_hours"])
        .groupby(routings["work_centre"])
        .sum()
    )
    capacity = tables["work_centres"].set_index("work_centre")["capacity_hours_per_week"]
    utilisation = load / capacity
    assert utilisation.idxmax() == "WC60"
    assert 0.85 < utilisation["WC60"] < 1.0
    assert set(manufacturing.END_PRODUCTS) == set(mix)


def test_customers_generator_makes_unique_contacts():
    """`make_customers` gives 5,000 customers with unique ids, e-mails and phone numbers."""
    customers = retail.make_customers(1, supply.make_locations(1))
    assert len(customers) == retail.N_CUSTOMERS
    for column in ("customer_id", "email", "phone"):
        assert customers[column].is_unique, column
