"""Supply-chain datasets: the network map (``locations``) and weekly store demand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._names import PLANT_TOWN, STORE_TOWNS, WAREHOUSE_TOWNS
from ._random import Seed, as_generator
from .manufacturing import END_PRODUCTS

REGION_KM = (400.0, 300.0)  # width (x) and height (y) of the Vale

# Two urban areas (centre x, centre y, spread in km, number of stores); other stores scatter.
_URBAN_AREAS = ((110.0, 200.0, 30.0, 12), (290.0, 110.0, 28.0, 10))
_N_STORES = 30

# Candidate warehouse sites (x, y in km) before a few km of jitter.
_WAREHOUSE_SITES = (
    (105.0, 185.0),
    (275.0, 125.0),
    (200.0, 150.0),
    (335.0, 245.0),
    (75.0, 70.0),
    (185.0, 265.0),
    (245.0, 40.0),
)
_PLANT_XY = (30.0, 150.0)
_PLANT_CAPACITY = 80_000  # units a year


def make_locations(seed: Seed) -> pd.DataFrame:
    """Return the supply network: one plant, seven candidate warehouses and thirty stores.

    Stores cluster in two urban areas with a few rural ones; their annual demand is drawn
    around 1,500 units, higher in the towns. Stores are numbered S01 … S30 by falling annual
    demand. Candidate warehouses carry a yearly fixed cost of operating them and a
    throughput capacity in units a year; sites near the towns cost more.
    """
    rng = as_generator(seed)
    width, height = REGION_KM
    xy, urban = [], []
    for cx, cy, spread, n in _URBAN_AREAS:
        xy.append(rng.normal((cx, cy), spread, size=(n, 2)))
        urban += [True] * n
    n_rural = _N_STORES - len(urban)
    xy.append(rng.uniform((20.0, 20.0), (width - 20.0, height - 20.0), size=(n_rural, 2)))
    urban += [False] * n_rural
    xy_all = np.clip(np.vstack(xy), 5.0, (width - 5.0, height - 5.0))
    urban_arr = np.array(urban)
    demand = 1_350.0 * np.exp(rng.normal(0.0, 0.3, _N_STORES)) * np.where(urban_arr, 1.2, 0.8)
    demand = np.round(demand / 10.0) * 10.0
    order = np.argsort(-demand, kind="stable")
    towns = rng.permutation(np.array(STORE_TOWNS))
    stores = pd.DataFrame(
        {
            "location_id": [f"S{i:02d}" for i in range(1, _N_STORES + 1)],
            "name": towns,
            "type": "store",
            "x_km": xy_all[order, 0],
            "y_km": xy_all[order, 1],
            "annual_demand": demand[order].astype(int),
            "capacity": pd.NA,
            "fixed_cost": pd.NA,
        }
    )

    sites = np.array(_WAREHOUSE_SITES) + rng.uniform(-8.0, 8.0, size=(len(_WAREHOUSE_SITES), 2))
    near_town = np.array(
        [min(np.hypot(x - cx, y - cy) for cx, cy, _, _ in _URBAN_AREAS) < 40 for x, y in sites]
    )
    fixed_cost = 120_000 + np.where(near_town, 60_000, 0) + rng.uniform(0, 40_000, len(sites))
    capacity = rng.choice([15_000, 20_000, 25_000, 30_000], size=len(sites))
    warehouses = pd.DataFrame(
        {
            "location_id": [f"W{i}" for i in range(1, len(sites) + 1)],
            "name": WAREHOUSE_TOWNS,
            "type": "warehouse",
            "x_km": sites[:, 0],
            "y_km": sites[:, 1],
            "annual_demand": pd.NA,
            "capacity": capacity.astype(int),
            "fixed_cost": (np.round(fixed_cost / 1_000.0) * 1_000).astype(int),
        }
    )
    plant = pd.DataFrame(
        {
            "location_id": ["P1"],
            "name": [PLANT_TOWN],
            "type": ["plant"],
            "x_km": [_PLANT_XY[0]],
            "y_km": [_PLANT_XY[1]],
            "annual_demand": [pd.NA],
            "capacity": [_PLANT_CAPACITY],
            "fixed_cost": [pd.NA],
        }
    )
    frame = pd.concat([plant, warehouses, stores], ignore_index=True)
    frame["x_km"] = frame["x_km"].astype(float).round(1)
    frame["y_km"] = frame["y_km"].astype(float).round(1)
    for column in ("annual_demand", "capacity", "fixed_cost"):
        frame[column] = frame[column].astype("Int64")
    return frame


# Share of a store's units, yearly seasonal amplitude, peak week and yearly growth by product.
_PRODUCT_PROFILE = {
    "D100": (0.15, 0.15, 36, 0.10),  # desks: back to school and study
    "T200": (0.10, 0.20, 48, 0.02),  # dining tables: before the holidays
    "C300": (0.40, 0.15, 48, 0.05),  # dining chairs
    "B400": (0.20, 0.20, 38, -0.04),  # bookshelves: autumn, a shrinking line
    "G500": (0.15, 0.60, 24, 0.12),  # garden chairs: summer
}
FIRST_WEEK = pd.Timestamp("2024-01-01")  # a Monday
N_WEEKS = 104
N_DEMAND_STORES = 6


def make_store_demand(seed: Seed, locations: pd.DataFrame) -> pd.DataFrame:
    """Return weekly demand (units) for the five end products in the six largest stores.

    Mean demand of store s, product p, week t is the store's annual demand / 52 × the
    product's share × a yearly cosine season × compound growth × a product-wide weekly
    shock (an AR(1) shared by all stores, which makes stores move together) × a store
    shock; promotions lift it (chain-wide campaigns about five weeks a year per product,
    plus rare store promotions) and the week after a chain-wide campaign dips. Demand is a
    Poisson draw around that mean.
    """
    rng = as_generator(seed)
    stores = locations[locations["type"] == "store"].head(N_DEMAND_STORES)
    weeks = np.arange(1, N_WEEKS + 1)
    week_of_year = (weeks - 1) % 52 + 1
    products = list(END_PRODUCTS)
    rows = []
    for product in products:
        share, amplitude, peak, growth = _PRODUCT_PROFILE[product]
        season = 1.0 + amplitude * np.cos(2.0 * np.pi * (week_of_year - peak) / 52.0)
        trend = (1.0 + growth) ** ((weeks - 1) / 52.0)
        shock = np.empty(N_WEEKS)
        shock[0] = rng.normal(0.0, 0.08)
        for t in range(1, N_WEEKS):
            shock[t] = 0.5 * shock[t - 1] + rng.normal(0.0, 0.08)
        campaign = np.zeros(N_WEEKS, dtype=bool)
        for year in range(N_WEEKS // 52):
            starts = rng.choice(np.arange(2, 50, 4), size=5, replace=False) + rng.integers(0, 2)
            campaign[year * 52 + starts] = True
        lift = np.where(campaign, rng.uniform(1.4, 1.8, N_WEEKS), 1.0)
        after = np.roll(campaign, 1) & ~campaign
        lift = lift * np.where(after, 0.9, 1.0)
        for _, store in stores.iterrows():
            local = rng.random(N_WEEKS) < 0.015
            store_lift = np.where(local & ~campaign, 1.4, 1.0)
            mean = (
                store["annual_demand"]
                / 52.0
                * share
                * season
                * trend
                * np.exp(shock + rng.normal(0.0, 0.06, N_WEEKS))
                * lift
                * store_lift
            )
            demand = rng.poisson(mean)
            rows.append(
                pd.DataFrame(
                    {
                        "week": weeks,
                        "week_start": FIRST_WEEK + pd.to_timedelta(7 * (weeks - 1), unit="D"),
                        "store_id": store["location_id"],
                        "product_id": product,
                        "demand": demand,
                        "promotion": campaign | local,
                    }
                )
            )
    frame = pd.concat(rows, ignore_index=True)
    return frame.sort_values(["week", "store_id", "product_id"], kind="stable").reset_index(
        drop=True
    )
