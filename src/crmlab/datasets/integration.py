"""Integration datasets: an ERP customer master that disagrees with the CRM, and the truth.

Alder & Pine's ERP holds a customer (a debtor) for everyone it has invoiced: mostly CRM
customers who had furniture or a large basket delivered, a few the sales office keyed in
by hand who never reached the CRM, and some keyed in twice. Clerks typed the records
under time pressure, so they disagree with the CRM the way real masters do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._names import (
    EMAIL_DOMAINS,
    FIRST_NAMES,
    LAST_NAMES,
    NICKNAMES,
    STREET_ABBREVIATIONS,
    STREET_NAMES,
    STREET_TYPES,
)
from ._random import Seed, as_generator
from .retail import LAST_DAY, town_codes

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _pick(rng: np.random.Generator, options: tuple[str, ...], p: tuple[float, ...]) -> str:
    return options[rng.choice(len(options), p=np.array(p) / sum(p))]


def typo(rng: np.random.Generator, text: str) -> str:
    """Return ``text`` with one slip of the keyboard (never in its first character)."""
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = _pick(rng, ("swap", "drop", "double", "replace"), (1, 1, 1, 1))
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    letter = _LETTERS[rng.integers(len(_LETTERS))]
    return text[:i] + (letter.upper() if text[i].isupper() else letter) + text[i + 1 :]


def _name(rng: np.random.Generator, first: str, last: str) -> str:
    if rng.random() < 0.08:
        first = NICKNAMES.get(first, first)
    if rng.random() < 0.08:
        last = typo(rng, last)
    elif rng.random() < 0.05:
        first = typo(rng, first)
    style = _pick(rng, ("plain", "comma", "upper", "initial", "upper_last"), (45, 20, 12, 13, 10))
    if style == "comma":
        return f"{last}, {first}"
    if style == "upper":
        return f"{first} {last}".upper()
    if style == "initial":
        return f"{first[0]}. {last}"
    if style == "upper_last":
        return f"{last.upper()} {first}"
    return f"{first} {last}"


def _street(rng: np.random.Generator, street: str) -> str | None:
    kind = _pick(rng, ("same", "abbreviated", "typo", "missing"), (62, 28, 6, 4))
    if kind == "abbreviated":
        number, *words = street.split(" ")
        words[-1] = STREET_ABBREVIATIONS.get(words[-1], words[-1])
        return " ".join([number, *words])
    if kind == "typo":
        return typo(rng, street)
    return None if kind == "missing" else street


def _phone(rng: np.random.Generator, phone: str) -> str | None:
    area, exchange, line = phone.split(" ")
    kind = _pick(
        rng, ("same", "digits", "dashes", "brackets", "missing", "other"), (30, 25, 15, 10, 15, 5)
    )
    if kind == "digits":
        return f"{area}{exchange}{line}"
    if kind == "dashes":
        return f"{area}-{exchange}-{line}"
    if kind == "brackets":
        return f"({area}) {exchange}{line}"
    if kind == "other":
        return f"{area} {rng.integers(200, 1000)} {rng.integers(0, 10_000):04d}"
    return None if kind == "missing" else phone


def _email(rng: np.random.Generator, email: str, first: str, last: str) -> str | None:
    kind = _pick(rng, ("same", "missing", "upper", "other"), (45, 35, 10, 10))
    if kind == "upper":
        return email.upper() if rng.random() < 0.5 else email.capitalize()
    if kind == "other":
        return f"{first[0].lower()}{last.lower()}@{EMAIL_DOMAINS[rng.integers(4)]}"
    return None if kind == "missing" else email


def _postcode(rng: np.random.Generator, postcode: str) -> str | None:
    kind = _pick(rng, ("same", "missing", "swapped"), (88, 7, 5))
    if kind == "swapped":
        i = int(rng.integers(2, len(postcode) - 1))
        return postcode[:i] + postcode[i + 1] + postcode[i] + postcode[i + 2 :]
    return None if kind == "missing" else postcode


def _city(rng: np.random.Generator, city: str) -> str | None:
    kind = _pick(rng, ("same", "upper", "typo", "missing"), (80, 12, 5, 3))
    if kind == "upper":
        return city.upper()
    if kind == "typo":
        return typo(rng, city)
    return None if kind == "missing" else city


def _record(rng: np.random.Generator, person: pd.Series, created: pd.Timestamp) -> dict:
    """One ERP record typed by a clerk from a person's true data."""
    terms = _pick(rng, ("NET30", "NET14", "PREPAID", "NET60"), (60, 20, 15, 5))
    limit = int(rng.choice([500, 1000, 2000, 5000], p=[0.3, 0.4, 0.2, 0.1]))
    return {
        "name": _name(rng, person["first_name"], person["last_name"]),
        "street": _street(rng, person["street"]),
        "postcode": _postcode(rng, person["postcode"]),
        "city": _city(rng, person["city"]),
        "phone": _phone(rng, person["phone"]),
        "email": _email(rng, person["email"], person["first_name"], person["last_name"]),
        "created_date": created,
        "payment_terms": terms,
        "credit_limit": 0 if terms == "PREPAID" else limit,
    }


def _new_people(
    rng: np.random.Generator, n: int, towns: pd.DataFrame, taken_phones: set[str]
) -> pd.DataFrame:
    """People the sales office keyed into the ERP who never reached the CRM."""
    town = rng.integers(len(towns), size=n)
    first = rng.choice(np.array(FIRST_NAMES), size=n)
    last = rng.choice(np.array(LAST_NAMES), size=n)
    phones = []
    for i in town:
        phone = ""
        while not phone or phone in taken_phones:
            phone = f"{towns['area_code'][i]} {rng.integers(200, 1000)} {rng.integers(10_000):04d}"
        taken_phones.add(phone)
        phones.append(phone)
    return pd.DataFrame(
        {
            "first_name": first,
            "last_name": last,
            "email": [
                f"{f.lower()}.{la.lower()}@{EMAIL_DOMAINS[rng.integers(4)]}"
                for f, la in zip(first, last, strict=True)
            ],
            "phone": phones,
            "street": [
                f"{rng.integers(1, 181)} {STREET_NAMES[rng.integers(len(STREET_NAMES))]} "
                f"{STREET_TYPES[rng.integers(len(STREET_TYPES))]}"
                for _ in range(n)
            ],
            "postcode": [f"{towns['postcode_prefix'][i]}{rng.integers(0, 1000):03d}" for i in town],
            "city": towns["city"].to_numpy()[town],
        }
    )


def make_erp_customers(
    seed: Seed, customers: pd.DataFrame, transactions: pd.DataFrame, locations: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(erp_customers, customer_matches)``, drawn together from one seed.

    A CRM customer enters the ERP with probability 0.9 if they ever bought furniture or a
    basket of 250 or more (delivered and invoiced), else 0.05; the record is created on that
    first delivered purchase (or up to 60 days after sign-up). 6 % of them are keyed in a
    second time, 30 to 400 days later (if still in 2025), a fifth of those at a new address.
    Another 8 % (of the CRM customers in the ERP) are people only the ERP knows. Every record is
    typed with the errors in this module: nicknames, typos, name orders and capitals,
    abbreviated streets, phone formats, missing fields, old e-mail addresses. Numbers
    D100001 … follow creation order, with gaps where records were deleted.

    ``customer_matches`` pairs every ERP record of a CRM customer with that customer's id;
    ERP-only people have no row, and two ERP numbers paired with one customer id are
    duplicates of each other.
    """
    rng = as_generator(seed)
    towns = town_codes(locations)
    delivered = transactions[
        (transactions["category"] == "furniture") | (transactions["amount"] >= 250)
    ]
    first_delivery = delivered.groupby("customer_id")["date"].min()
    ids = customers["customer_id"]
    has_delivery = ids.isin(first_delivery.index).to_numpy()
    in_erp = rng.random(len(customers)) < np.where(has_delivery, 0.9, 0.05)
    late = customers["signup_date"] + pd.to_timedelta(rng.integers(0, 61, len(customers)), "D")
    delivery = first_delivery.reindex(ids).to_numpy()
    created = np.where(has_delivery, delivery, late.to_numpy())
    created = np.minimum(created, LAST_DAY.to_datetime64())

    records, owners = [], []
    for i in np.flatnonzero(in_erp):
        person = customers.iloc[i]
        records.append(_record(rng, person, pd.Timestamp(created[i])))
        owners.append(person["customer_id"])
        if rng.random() < 0.06:
            again = pd.Timestamp(created[i]) + pd.Timedelta(days=int(rng.integers(30, 401)))
            if again <= LAST_DAY:
                if rng.random() < 0.2:
                    moved = _new_people(rng, 1, towns, set(customers["phone"]))
                    person = person.copy()
                    for column in ("street", "postcode", "city", "phone"):
                        person[column] = moved[column].iat[0]
                records.append(_record(rng, person, again))
                owners.append(person["customer_id"])

    n_new = round(0.08 * int(in_erp.sum()))
    strangers = _new_people(rng, n_new, towns, set(customers["phone"]))
    span = (LAST_DAY - customers["signup_date"].min()).days
    for j in range(n_new):
        day = customers["signup_date"].min() + pd.Timedelta(days=int(rng.integers(0, span + 1)))
        records.append(_record(rng, strangers.iloc[j], day))
        owners.append(None)

    erp = pd.DataFrame(records)
    erp["created_date"] = pd.to_datetime(erp["created_date"])
    erp["owner"] = owners
    erp["tiebreak"] = rng.random(len(erp))
    erp = erp.sort_values(["created_date", "tiebreak"], kind="stable").reset_index(drop=True)
    numbers = 100_000 + np.cumsum(rng.choice([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], size=len(erp)))
    erp.insert(0, "erp_customer_no", [f"D{k}" for k in numbers])
    matches = (
        erp.loc[erp["owner"].notna(), ["owner", "erp_customer_no"]]
        .rename(columns={"owner": "crm_customer_id"})
        .sort_values(["crm_customer_id", "erp_customer_no"], kind="stable")
        .reset_index(drop=True)
    )
    return erp.drop(columns=["owner", "tiebreak"]), matches
