"""Retail CRM datasets: the customer list and three years of purchases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._names import EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_TYPES
from ._random import Seed, as_generator

FIRST_DAY = pd.Timestamp("2023-01-01")
LAST_DAY = pd.Timestamp("2025-12-31")
N_CUSTOMERS = 5_000

_CHANNELS = ("store", "online", "referral", "event")
_CHANNEL_SHARE = (0.55, 0.28, 0.10, 0.07)
_LOYALTY_SHARE = {"store": 0.40, "online": 0.25, "referral": 0.45, "event": 0.35}


def town_codes(locations: pd.DataFrame) -> pd.DataFrame:
    """Return each store town's telephone area code and postcode prefix (by store number)."""
    stores = locations[locations["type"] == "store"].reset_index(drop=True)
    return pd.DataFrame(
        {
            "store_id": stores["location_id"],
            "city": stores["name"],
            "area_code": [f"0{21 + 2 * i}" for i in range(len(stores))],
            "postcode_prefix": [f"{12 + 3 * i}" for i in range(len(stores))],
            "annual_demand": stores["annual_demand"].astype(float),
        }
    )


def _signup_dates(rng: np.random.Generator, n: int) -> pd.DatetimeIndex:
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    growth = 1.0 + 0.6 * np.arange(len(days)) / (len(days) - 1)
    month = days.month.to_numpy()
    season = np.select([month >= 11, (month >= 3) & (month <= 5)], [1.5, 1.25], 1.0)
    weekday = np.array([0.8, 0.8, 0.9, 0.9, 1.1, 1.8, 0.7])[days.day_of_week.to_numpy()]
    weight = growth * season * weekday
    chosen = rng.choice(len(days), size=n, p=weight / weight.sum())
    return days[np.sort(chosen)]


def _email(rng: np.random.Generator, first: str, last: str, taken: set[str]) -> str:
    f, l_ = first.lower(), last.lower()
    pattern = rng.integers(5)
    local = (f"{f}.{l_}", f"{f}{l_}", f"{f[0]}.{l_}", f"{f}_{l_}", f"{f}{rng.integers(10, 99)}")[
        pattern
    ]
    domain = EMAIL_DOMAINS[rng.integers(len(EMAIL_DOMAINS))]
    address, n = f"{local}@{domain}", 2
    while address in taken:
        address, n = f"{local}{n}@{domain}", n + 1
    taken.add(address)
    return address


def make_customers(seed: Seed, locations: pd.DataFrame) -> pd.DataFrame:
    """Return the CRM customer list of Alder & Pine: 5,000 customers who signed up in 2023-25.

    Sign-ups grow over the three years, peak before the holidays and in spring, and fall
    on Saturdays more than on other days. Each customer lives in a store town (bigger
    stores have more customers) and is numbered C00001 … in sign-up order. Contact data
    are clean and consistent: one format per field, as a CRM that validates input keeps them.
    """
    rng = as_generator(seed)
    towns = town_codes(locations)
    n = N_CUSTOMERS
    signup = _signup_dates(rng, n)
    town = rng.choice(len(towns), size=n, p=towns["annual_demand"] / towns["annual_demand"].sum())
    first = rng.choice(np.array(FIRST_NAMES), size=n)
    last = rng.choice(np.array(LAST_NAMES), size=n)
    taken: set[str] = set()
    emails = [_email(rng, f, la, taken) for f, la in zip(first, last, strict=True)]
    phones, seen = [], set()
    for i in town:
        phone = f"{towns['area_code'][i]} {rng.integers(200, 1000)} {rng.integers(0, 10_000):04d}"
        while phone in seen:
            phone = f"{towns['area_code'][i]} {rng.integers(200, 1000)} {rng.integers(10_000):04d}"
        seen.add(phone)
        phones.append(phone)
    street = [
        f"{rng.integers(1, 181)} {STREET_NAMES[rng.integers(len(STREET_NAMES))]} "
        f"{STREET_TYPES[rng.integers(len(STREET_TYPES))]}"
        for _ in range(n)
    ]
    postcode = [f"{towns['postcode_prefix'][i]}{rng.integers(0, 1000):03d}" for i in town]
    channel = rng.choice(np.array(_CHANNELS), size=n, p=_CHANNEL_SHARE)
    age_at_signup = np.clip(np.round(rng.normal(44.0, 14.0, n)), 18, 85).astype(int)
    loyalty = rng.random(n) < np.array([_LOYALTY_SHARE[c] for c in channel])
    consent = rng.random(n) < np.where(loyalty, 0.8, 0.5)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
            "first_name": first,
            "last_name": last,
            "email": emails,
            "phone": phones,
            "street": street,
            "postcode": postcode,
            "city": towns["city"].to_numpy()[town],
            "home_store_id": towns["store_id"].to_numpy()[town],
            "signup_date": signup,
            "acquisition_channel": channel,
            "birth_year": signup.year.to_numpy() - age_at_signup,
            "loyalty_member": loyalty,
            "marketing_consent": consent,
        }
    )


CATEGORIES = ("furniture", "lighting", "textiles", "kitchen", "decor", "garden")
_CATEGORY_SHARE = np.array([0.18, 0.12, 0.20, 0.22, 0.18, 0.10])
_CATEGORY_PRICE = np.array([3.5, 1.0, 0.6, 0.5, 0.4, 1.5])  # × the customer's basket level
# Garden goods sell in spring and summer, hardly in winter (index: month - 1).
_GARDEN_SEASON = np.array([0.3, 0.3, 1.0, 2.5, 2.5, 2.5, 2.5, 1.0, 1.0, 1.0, 0.3, 0.3])
# How busy each month is (index: month - 1): January sale, quiet summer, holiday peak.
_MONTH_SEASON = np.array([0.9, 0.75, 0.9, 1.0, 1.05, 0.95, 0.85, 0.85, 0.95, 1.0, 1.2, 1.35])


def _purchase_days(
    rng: np.random.Generator, first: int, rate: float, dropout: float, month: np.ndarray
) -> list[int]:
    """Days (from FIRST_DAY) of one customer's purchases: first buy, then a thinned
    Poisson stream at ``rate`` a day, leaving for good after a purchase with ``dropout``."""
    days = [first]
    t = float(first)
    peak = _MONTH_SEASON.max()
    while rng.random() >= dropout:
        while True:
            t += rng.exponential(1.0 / (rate * peak))
            if t >= len(month):
                return days
            if rng.random() < _MONTH_SEASON[month[int(t)] - 1] / peak:
                days.append(int(t))
                break
    return days


def make_transactions(seed: Seed, customers: pd.DataFrame) -> pd.DataFrame:
    """Return every purchase of the customers from their sign-up to 31 December 2025.

    A buy-till-you-defect model (after Fader, Hardie and Lee's BG/NBD): most customers buy
    on the day they sign up (6 % never buy); while "alive" a customer buys as a Poisson
    process with a personal rate (gamma-distributed across customers), thinned by the
    month's season; after each purchase the customer leaves for good with a personal
    probability (beta-distributed). Basket size is a personal gamma-distributed level times
    a category price factor times log-normal noise. Loyalty members buy more often, leave
    less and spend more; referred customers buy a little more often.
    """
    rng = as_generator(seed)
    n = len(customers)
    month = pd.date_range(FIRST_DAY, LAST_DAY, freq="D").month.to_numpy()
    loyal = customers["loyalty_member"].to_numpy(dtype=bool)
    referral = (customers["acquisition_channel"] == "referral").to_numpy()
    online_signup = (customers["acquisition_channel"] == "online").to_numpy()
    buys = rng.random(n) >= 0.06
    rate = rng.gamma(1.2, 2.2, n) * np.where(loyal, 1.8, 1.0) * np.where(referral, 1.2, 1.0)
    dropout = np.where(loyal, rng.beta(1.0, 4.0, n), rng.beta(1.2, 2.4, n))
    level = rng.gamma(4.0, 20.0, n) * np.where(loyal, 1.25, 1.0)
    preference = rng.dirichlet(_CATEGORY_SHARE * 8.0, size=n)
    first_day = (customers["signup_date"] - FIRST_DAY).dt.days.to_numpy()
    store_ids = np.sort(customers["home_store_id"].unique())
    store_weight = customers["home_store_id"].value_counts().reindex(store_ids).to_numpy()

    rows: list[tuple] = []
    for i in np.flatnonzero(buys):
        days = _purchase_days(rng, int(first_day[i]), rate[i] / 365.0, dropout[i], month)
        k = len(days)
        weights = (
            preference[i]
            * np.where(
                np.arange(len(CATEGORIES))[:, None] == 5, _GARDEN_SEASON[month[days] - 1], 1.0
            ).T
        )
        weights /= weights.sum(axis=1, keepdims=True)
        category = [rng.choice(len(CATEGORIES), p=w) for w in weights]
        amount = level[i] * _CATEGORY_PRICE[category] * rng.lognormal(0.0, 0.45, k)
        online = rng.random(k) < (0.7 if online_signup[i] else 0.18)
        away = rng.random(k) < 0.12
        other = rng.choice(store_ids, size=k, p=store_weight / store_weight.sum())
        home = customers["home_store_id"].iat[i]
        for j in range(k):
            store = None if online[j] else (other[j] if away[j] else home)
            rows.append(
                (
                    customers["customer_id"].iat[i],
                    days[j],
                    "online" if online[j] else "store",
                    store,
                    CATEGORIES[category[j]],
                    max(3.0, round(float(amount[j]), 2)),
                )
            )
    frame = pd.DataFrame(
        rows, columns=["customer_id", "day", "channel", "store_id", "category", "amount"]
    )
    frame = frame.sort_values(["day", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "transaction_id", [f"T{i:06d}" for i in range(1, len(frame) + 1)])
    frame.insert(2, "date", FIRST_DAY + pd.to_timedelta(frame.pop("day"), unit="D"))
    return frame
