"""Customer matching between CRM and ERP: record linkage and the golden record.

When CRM and ERP keep their own customer lists, the two lists become *information
islands*: the same person is typed twice, differently. Joining them takes a record-linkage
model, in four steps:

1. **Normalisation** (:func:`normalise_crm`, :func:`normalise_erp`): one spelling per
   field: lower case, no punctuation, name tokens in a fixed order, common nicknames
   expanded, street types written out, phone numbers as digits only.
2. **Blocking** (:func:`candidate_pairs`): compare only pairs that share a *blocking key*
   (postcode, phone, e-mail, street, or town with the first letter of the family name), instead of
   every CRM record with every ERP record.
3. **Similarity scoring** (:func:`score_pairs`): each field compared with a string
   similarity in [0, 1] from the ``rapidfuzz`` library (token-sort ratio for names, ratio
   for the rest), and a weighted mean over the fields both records hold.
4. **Decision** (:func:`match_customers`): a pair is a match when its score reaches a
   threshold; each ERP record is linked to at most one CRM customer (its best), while a
   CRM customer may own several ERP records (duplicates).

:func:`evaluate` scores the matches against a ground truth (precision, recall, F1) and
:func:`precision_recall` does so for a range of thresholds; :func:`golden_records` merges
each matched customer into one record with stated survivorship rules.

The inputs are the shapes of the datasets ``customers`` (CRM) and ``erp_customers`` (ERP);
the ground truth has the shape of ``customer_matches``. All functions are pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from crmlab import _schema
from crmlab._validate import finite, sequence

#: Common English nicknames and their full first names (lower case).
NICKNAMES: dict[str, str] = {
    "alex": "alexander",
    "andy": "andrew",
    "bill": "william",
    "bob": "robert",
    "chris": "christopher",
    "dan": "daniel",
    "dave": "david",
    "jenny": "jennifer",
    "jim": "james",
    "kate": "katherine",
    "liz": "elizabeth",
    "maggie": "margaret",
    "matt": "matthew",
    "mike": "michael",
    "sam": "samuel",
    "tom": "thomas",
}

#: Street-type abbreviations and the full word (lower case, without the full stop).
STREET_TYPES: dict[str, str] = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "wy": "way",
    "dr": "drive",
    "ct": "court",
    "pl": "place",
    "sq": "square",
}

#: Weights of the field similarities in the match score (renormalised over the fields
#: both records hold).
WEIGHTS: dict[str, float] = {
    "name": 0.35,
    "street": 0.15,
    "postcode": 0.10,
    "city": 0.05,
    "phone": 0.20,
    "email": 0.15,
}

#: The fields compared, in the order of the similarity columns.
FIELDS: tuple[str, ...] = tuple(WEIGHTS)

_CRM_COLUMNS = (
    "customer_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
)
_ERP_COLUMNS = ("erp_customer_no", "name", "street", "postcode", "city", "phone", "email")


def _check_frame(name: str, df: object, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}")
    for column in _DATE_COLUMNS:  # not needed here, but a date column must hold dates
        if column in df.columns:
            _schema.check(
                name, df, _schema.Table("customers", (_schema.Col(column, "date", True),))
            )
    return df


#: Date columns of the customer tables, checked whenever present.
_DATE_COLUMNS = ("signup_date", "created_date")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _clean(value: object) -> str:
    """Lower case, letters, digits and single spaces only."""
    text = re.sub(r"[^0-9a-z@]+", " ", _text(value).lower())
    return " ".join(text.split())


def _cell(value: object) -> object:
    """``value`` if it is one cell of a customer record; else ``ValueError`` naming ``value``."""
    if isinstance(value, (list, tuple, dict, set, frozenset, np.ndarray, pd.Series, pd.DataFrame)):
        raise ValueError(
            f"value must be one cell of a customer record (text, a number, or None / NaN "
            f"for missing), got a {type(value).__name__}"
        )
    return value


def _name(value: object) -> str:
    tokens = [NICKNAMES.get(t, t) for t in _clean(value).replace("@", " ").split()]
    return " ".join(sorted(tokens))


def _street(value: object) -> str:
    return " ".join(STREET_TYPES.get(t, t) for t in _clean(value).split())


def _phone(value: object) -> str:
    return re.sub(r"\D", "", _text(value))


def _email(value: object) -> str:
    return _text(value).strip().lower()


#: How the normalisers read a cell (shown in each one's docstring).
_CELL_RULE = """

    ``value`` is one cell of a customer record, as found in real data: ``None``, NaN and
    ``pd.NA`` mean *missing* and give ``""``; any other scalar (a number typed into a text
    field, say) is read as its text. A list, dict, array or frame raises ``ValueError``.
    """


def normalise_name(value: object) -> str:
    """A name as sorted lower-case tokens, nicknames expanded: ``"SHAH, Dave"`` → ``"david shah"``.

    Sorting the tokens makes "First Last", "Last, First" and "LAST First" the same string.
    """
    return _name(_cell(value))


def normalise_street(value: object) -> str:
    """A street with its type written out: ``"49 River Ln."`` → ``"49 river lane"``."""
    return _street(_cell(value))


def normalise_phone(value: object) -> str:
    """Digits only: ``"(027) 478 1871"`` → ``"0274781871"``."""
    return _phone(_cell(value))


def normalise_email(value: object) -> str:
    """Lower case, surrounding spaces removed."""
    return _email(_cell(value))


for _f in (normalise_name, normalise_street, normalise_phone, normalise_email):
    _f.__doc__ = (_f.__doc__ or "").rstrip() + _CELL_RULE
del _f


def _normal(ids: pd.Series, names: pd.Series, df: pd.DataFrame, last: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "id": ids.astype(str).to_numpy(),
            "name": [_name(v) for v in names],
            "street": [_street(v) for v in df["street"]],
            "postcode": [_clean(v).replace(" ", "") for v in df["postcode"]],
            "city": [_clean(v) for v in df["city"]],
            "phone": [_phone(v) for v in df["phone"]],
            "email": [_email(v) for v in df["email"]],
            "initial": [(_clean(v)[:1] or "?") for v in last],
        }
    )
    return out


def normalise_crm(crm: pd.DataFrame) -> pd.DataFrame:
    """Normalised CRM contacts (``customers`` shape): columns ``id`` and the :data:`FIELDS`
    plus ``initial`` (first letter of the family name, a blocking key)."""
    crm = _check_frame("crm", crm, _CRM_COLUMNS)
    names = crm["first_name"].map(_text) + " " + crm["last_name"].map(_text)
    return _normal(crm["customer_id"], names, crm, crm["last_name"])


def _erp_last_name(name: object) -> str:
    """The family name in the ERP's name field, whatever the order it was typed in."""
    text = _text(name).strip()
    if "," in text:  # "Last, First"
        return text.split(",")[0]
    words = text.split()
    if len(words) >= 2 and words[0].isupper() and not words[1].isupper():  # "LAST First"
        return words[0]
    return words[-1] if words else ""


def normalise_erp(erp: pd.DataFrame) -> pd.DataFrame:
    """Normalised ERP customer master (``erp_customers`` shape); columns as
    :func:`normalise_crm`."""
    erp = _check_frame("erp", erp, _ERP_COLUMNS)
    last = erp["name"].map(_erp_last_name)
    return _normal(erp["erp_customer_no"], erp["name"], erp, last)


def candidate_pairs(crm_norm: pd.DataFrame, erp_norm: pd.DataFrame) -> pd.DataFrame:
    """Blocking: the (crm, erp) row pairs sharing at least one blocking key, where the keys
    are the postcode, the phone number, the e-mail address, the street, and the town
    together with the family name's first letter (missing values never block together).

    Returns columns ``crm`` and ``erp`` (row positions in the two frames).
    """
    for name, frame in (("crm_norm", crm_norm), ("erp_norm", erp_norm)):
        _check_frame(name, frame, ("postcode", "phone", "email", "street", "city", "initial"))
        for column in ("postcode", "phone", "email", "street", "city", "initial"):
            if not all(isinstance(v, str) for v in frame[column]):
                raise ValueError(
                    f"{name} column {column} must hold normalised text (from normalise_crm "
                    f"or normalise_erp; '' when unknown)"
                )
    pairs = []
    keys = {
        "postcode": (crm_norm["postcode"], erp_norm["postcode"]),
        "phone": (crm_norm["phone"], erp_norm["phone"]),
        "email": (crm_norm["email"], erp_norm["email"]),
        "street": (crm_norm["street"], erp_norm["street"]),
        "town": (
            crm_norm["city"] + "|" + crm_norm["initial"],
            erp_norm["city"] + "|" + erp_norm["initial"],
        ),
    }
    for left, right in keys.values():
        a = pd.DataFrame({"key": left.to_numpy(), "crm": np.arange(len(left))})
        b = pd.DataFrame({"key": right.to_numpy(), "erp": np.arange(len(right))})
        a = a[~a["key"].str.startswith("|") & (a["key"] != "")]
        b = b[~b["key"].str.startswith("|") & (b["key"] != "")]
        pairs.append(a.merge(b, on="key")[["crm", "erp"]])
    out = pd.concat(pairs, ignore_index=True).drop_duplicates()
    return out.sort_values(["crm", "erp"]).reset_index(drop=True)


def _similarity(field: str, a: str, b: str) -> float:
    if not a or not b:
        return np.nan
    if field == "name":
        return fuzz.token_sort_ratio(a, b) / 100.0
    if field == "phone" or field == "email":
        return 1.0 if a == b else fuzz.ratio(a, b) / 100.0 * 0.5
    return fuzz.ratio(a, b) / 100.0


def _name_similarity(a: str, b: str) -> float:
    """Token-sort similarity; an initial ("d shah") may stand for a first name (× 0.95)."""
    best = fuzz.token_sort_ratio(a, b) / 100.0
    for short, full in ((a, b), (b, a)):
        if any(len(t) == 1 for t in short.split()):
            tokens = full.split()
            for k, token in enumerate(tokens):
                variant = " ".join(tokens[:k] + [token[:1]] + tokens[k + 1 :])
                best = max(best, 0.95 * fuzz.token_sort_ratio(short, variant) / 100.0)
    return best


def score_pairs(
    crm: pd.DataFrame, erp: pd.DataFrame, *, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Score every blocked candidate pair.

    ``crm`` has the shape of dataset ``customers``, ``erp`` of ``erp_customers``.
    Returns one row per candidate pair: ``crm_customer_id``, ``erp_customer_no``, a
    similarity in [0, 1] per field (NaN where either record lacks the field), and
    ``score``, the weighted mean of the available field similarities (weights
    :data:`WEIGHTS` unless given), sorted by score, best first.
    """
    w = dict(WEIGHTS if weights is None else weights)
    if set(w) != set(FIELDS) or any(not np.isfinite(v) or v < 0 for v in w.values()):
        raise ValueError(f"weights must map each of {list(FIELDS)} to a number >= 0")
    if sum(w.values()) <= 0:
        raise ValueError("weights must not all be 0")
    c, e = normalise_crm(crm), normalise_erp(erp)
    for name, frame in (("crm", c), ("erp", e)):
        if len(frame) == 0:
            raise ValueError(f"{name} must hold at least one customer record")
    pairs = candidate_pairs(c, e)
    ci, ej = pairs["crm"].to_numpy(), pairs["erp"].to_numpy()
    rows = {}
    for field in FIELDS:
        left, right = c[field].to_numpy()[ci], e[field].to_numpy()[ej]
        if field == "name":
            rows[field] = [
                _name_similarity(a, b) if a and b else np.nan
                for a, b in zip(left, right, strict=False)
            ]
        else:
            rows[field] = [_similarity(field, a, b) for a, b in zip(left, right, strict=False)]
    out = pd.DataFrame(
        {
            "crm_customer_id": c["id"].to_numpy()[pairs["crm"].to_numpy()],
            "erp_customer_no": e["id"].to_numpy()[pairs["erp"].to_numpy()],
        }
    )
    sims = pd.DataFrame(rows, dtype=float)
    weight = np.array([w[f] for f in FIELDS])
    present = sims.notna().to_numpy()
    total = (sims.fillna(0.0).to_numpy() * weight).sum(axis=1)
    norm = (present * weight).sum(axis=1)
    out = pd.concat([out, sims], axis=1)
    out["score"] = np.where(norm > 0, total / np.where(norm > 0, norm, 1.0), 0.0).round(4)
    return out.sort_values(
        ["score", "crm_customer_id", "erp_customer_no"], ascending=[False, True, True]
    ).reset_index(drop=True)


def _decide(pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    kept = pairs[pairs["score"] >= threshold]
    kept = kept.drop_duplicates("erp_customer_no", keep="first")  # sorted best first
    return kept.sort_values(["crm_customer_id", "erp_customer_no"]).reset_index(drop=True)


#: The most thresholds :func:`precision_recall` evaluates in one call.
MAX_THRESHOLDS = 1_000


def _threshold(threshold: object, name: str = "threshold") -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
        raise ValueError(f"{name} must be a number in [0, 1], got {threshold!r}")
    if not 0.0 <= finite(name, threshold) <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1], got {threshold!r}")
    return float(threshold)


def match_customers(
    crm: pd.DataFrame,
    erp: pd.DataFrame,
    *,
    threshold: float = 0.7,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Link ERP records to CRM customers: pairs from :func:`score_pairs` whose ``score``
    is at least ``threshold`` (in [0, 1]); each ERP record keeps only its best CRM
    customer. A CRM customer may match several ERP records (they are then duplicates)."""
    return _decide(score_pairs(crm, erp, weights=weights), _threshold(threshold))


@dataclass(frozen=True)
class MatchQuality:
    """How well a set of matches agrees with the ground truth."""

    true_positives: int  # matched pairs that are true
    false_positives: int  # matched pairs that are not true
    false_negatives: int  # true pairs not matched
    precision: float  # TP / (TP + FP): share of the matches that are right (1.0 if none)
    recall: float  # TP / (TP + FN): share of the true pairs found (1.0 if none exist)
    f1: float  # harmonic mean of precision and recall


def _pair_set(name: str, df: pd.DataFrame) -> set[tuple[str, str]]:
    df = _check_frame(name, df, ("crm_customer_id", "erp_customer_no"))
    return set(
        zip(df["crm_customer_id"].astype(str), df["erp_customer_no"].astype(str), strict=False)
    )


def evaluate(matches: pd.DataFrame, truth: pd.DataFrame) -> MatchQuality:
    """Precision, recall and F1 of ``matches`` against ``truth`` (both with columns
    ``crm_customer_id`` and ``erp_customer_no``; ``truth`` as dataset ``customer_matches``).
    """
    found, true = _pair_set("matches", matches), _pair_set("truth", truth)
    tp = len(found & true)
    fp = len(found - true)
    fn = len(true - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return MatchQuality(tp, fp, fn, precision, recall, f1)


def precision_recall(
    pairs: pd.DataFrame, truth: pd.DataFrame, thresholds: Sequence[float] | None = None
) -> pd.DataFrame:
    """Precision, recall and F1 of the matching decision at each threshold.

    ``pairs`` is the output of :func:`score_pairs` (computed once); ``thresholds`` default
    to 0.50, 0.55, …, 1.00. Returns one row per threshold with ``threshold``, ``matches``,
    ``precision``, ``recall``, ``f1``.
    """
    _check_frame("pairs", pairs, ("crm_customer_id", "erp_customer_no", "score"))
    _schema.check(
        "pairs", pairs, _schema.Table("pairs", (_schema.Col("score", "number", minimum=0),))
    )
    grid = (
        np.round(np.arange(0.5, 1.0001, 0.05), 2)
        if thresholds is None
        else sequence("thresholds", thresholds)
    )
    if len(grid) == 0:
        raise ValueError("thresholds must hold at least one value in [0, 1]")
    if len(grid) > MAX_THRESHOLDS:
        raise ValueError(
            f"thresholds holds {len(grid)} values; at most MAX_THRESHOLDS = {MAX_THRESHOLDS}"
        )
    rows = []
    for t in grid:
        decided = _decide(pairs, _threshold(t, "thresholds"))
        q = evaluate(decided, truth)
        rows.append(
            {
                "threshold": float(t),
                "matches": len(decided),
                "precision": q.precision,
                "recall": q.recall,
                "f1": q.f1,
            }
        )
    return pd.DataFrame(rows)


def golden_records(
    crm: pd.DataFrame, erp: pd.DataFrame, matches: pd.DataFrame, *, moved_below: float = 0.6
) -> pd.DataFrame:
    """One golden record per matched CRM customer, merging its CRM and ERP records.

    Survivorship rules (which source wins each field):

    - name and e-mail: the CRM (the customer keeps them up to date there);
    - street, postcode, city and phone: the CRM, unless the most recently created matched
      ERP record has a street whose similarity to the CRM's is below ``moved_below`` (the
      customer has moved and told the sales office): then that ERP record;
    - payment terms and credit limit: the most recent ERP record (the ERP owns them; an
      empty credit limit there stays empty, NaN, in the golden record);
    - ``erp_customer_nos``: every matched ERP number, so duplicates can be merged.

    ``source_address`` says where the address came from. ``erp`` needs ``created_date``,
    ``payment_terms`` and ``credit_limit`` too.
    """
    crm = _check_frame("crm", crm, _CRM_COLUMNS)
    erp = _check_frame("erp", erp, (*_ERP_COLUMNS, "created_date", "payment_terms", "credit_limit"))
    # Duplicate ids would make a golden record's cells Series instead of values.
    _schema.check("crm", crm, _schema.CRM_CUSTOMERS)
    _schema.check("erp", erp, _schema.ERP_CUSTOMERS_FULL)
    _pair_set("matches", matches)
    if not 0.0 <= finite("moved_below", moved_below) <= 1.0:
        raise ValueError(f"moved_below must lie in [0, 1], got {moved_below!r}")
    erp_by_no = erp.set_index("erp_customer_no")
    crm_by_id = crm.set_index("customer_id")
    rows = []
    for cid, group in matches.groupby("crm_customer_id", sort=True):
        if cid not in crm_by_id.index:
            raise ValueError(f"matches names a crm_customer_id {cid!r} not in crm")
        person = crm_by_id.loc[cid]
        unknown = [n for n in group["erp_customer_no"] if n not in erp_by_no.index]
        if unknown:
            raise ValueError(f"matches names an erp_customer_no {unknown[0]!r} not in erp")
        records = erp_by_no.loc[list(group["erp_customer_no"])].sort_values("created_date")
        latest = records.iloc[-1]
        moved = bool(
            _text(latest["street"])
            and fuzz.ratio(_street(person["street"]), _street(latest["street"])) / 100.0
            < moved_below
        )
        address = latest if moved else person
        rows.append(
            {
                "crm_customer_id": cid,
                "erp_customer_nos": " ".join(records.index),
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "email": person["email"],
                "street": address["street"],
                "postcode": address["postcode"],
                "city": address["city"],
                "phone": address["phone"],
                "source_address": "erp" if moved else "crm",
                "payment_terms": latest["payment_terms"],
                "credit_limit": latest["credit_limit"],
            }
        )
    return pd.DataFrame(rows)
