"""Carry a notebook's variables out of the student's kernel as plain data.

:data:`DUMP_CELL` is appended to the submission and runs in the student's kernel; it writes
JSON with a type tag on every value. :func:`restore` turns that JSON back into Python values
in the grading process. Only data crosses: numbers, strings, booleans, None, lists, tuples,
sets, dicts, numpy arrays, pandas Series and DataFrames (column by column, with their index
and dtypes), crmlab's result objects (its dataclasses, field by field, rebuilt as the same
classes), and references to modules and functions of an allow-list of libraries. Never
pickle, never code: a reference is looked up among modules the grader imported itself
(:func:`preload`), so a submission cannot make the grader import a file it wrote.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import sys
from typing import Any

import numpy as np
import pandas as pd

from crmlab._validate import whole

#: Libraries whose modules and functions may be referenced by name. The grader imports them
#: itself (:func:`preload`) before any submission runs; a reference is resolved only among
#: modules already imported, so a submission can never make the grader import anything.
ALLOWED_MODULES = ("numpy", "pandas", "math", "statistics", "scipy", "crmlab", "networkx")

SNAPSHOT_FILE = "__crmlab_snapshot__.json"

#: The largest snapshot the grader reads back (bytes), and the deepest nesting it decodes.
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 40

#: Source of the cell appended to each submission. It must not rely on anything the
#: student defined, so it imports what it needs under private names. Each value is encoded
#: with an explicit type tag: Python scalars and containers, numpy arrays and scalars,
#: pandas Index/Series/DataFrame column by column, and crmlab's result objects (dataclasses
#: defined in crmlab) field by field. Nothing executable and nothing pickled crosses.
DUMP_CELL = f"""
def __crmlab_snapshot():
    import json as _json, types as _types, numbers as _numbers, dataclasses as _dc
    import math as _math
    allowed = {ALLOWED_MODULES!r}

    def allowed_module(name):
        return isinstance(name, str) and name.split(".")[0] in allowed

    def num(x):
        if isinstance(x, float) and not _math.isfinite(x):
            return {{"t": "float", "v": repr(x)}}
        return {{"t": "py", "v": x}}

    def column(values, depth):
        kind = values.dtype.kind
        if kind in "biuf":
            data = values.tolist()
            return {{"t": "ndarray", "dtype": str(values.dtype),
                     "v": [enc(x, depth + 1) for x in data] if kind == "f" else data}}
        if kind in "mM":
            return {{"t": "ndarray", "dtype": str(values.dtype),
                     "v": values.view("int64").tolist()}}
        return {{"t": "list", "v": [enc(x, depth + 1) for x in values.tolist()]}}

    def index(ix, depth):
        return {{"t": "Index", "names": [enc(n, depth + 1) for n in ix.names],
                 "multi": ix.nlevels > 1,
                 "v": column(ix.to_numpy() if ix.nlevels == 1 else ix.to_flat_index().to_numpy(),
                             depth)}}

    def enc(v, depth=0):
        if depth > {MAX_DEPTH - 5}:
            raise TypeError
        if v is None or isinstance(v, (bool, str)):
            return {{"t": "py", "v": v}}
        mod = type(v).__module__
        if mod == "numpy" and hasattr(v, "item") and getattr(v, "ndim", 1) == 0:
            return enc(v.item(), depth)
        if isinstance(v, _numbers.Integral):
            return {{"t": "py", "v": int(v)}}
        if isinstance(v, _numbers.Real):
            return num(float(v))
        if isinstance(v, complex):
            return {{"t": "complex", "v": [v.real, v.imag]}}
        if isinstance(v, (list, tuple, set, frozenset)):
            return {{"t": type(v).__name__ if type(v) in (list, tuple, set, frozenset) else
                     ("tuple" if isinstance(v, tuple) else "list"),
                     "v": [enc(x, depth + 1) for x in v]}}
        if isinstance(v, dict):
            return {{"t": "dict", "v": [[enc(k, depth + 1), enc(x, depth + 1)]
                                      for k, x in v.items()]}}
        if isinstance(v, _types.ModuleType):
            if allowed_module(v.__name__):
                return {{"t": "module", "v": v.__name__}}
            raise TypeError
        if mod == "numpy" and type(v).__name__ == "ndarray":
            if v.dtype.kind in "biufmM":
                out = column(v.reshape(-1), depth)
                out["shape"] = list(v.shape)
                return out
            raise TypeError
        if mod.startswith("pandas"):
            name = type(v).__name__
            if name == "DataFrame":
                return {{"t": "DataFrame", "index": index(v.index, depth),
                         "columns": index(v.columns, depth),
                         "v": [column(v.iloc[:, i].to_numpy(), depth)
                               for i in range(v.shape[1])]}}
            if name == "Series":
                return {{"t": "Series", "index": index(v.index, depth),
                         "name": enc(v.name, depth + 1), "v": column(v.to_numpy(), depth)}}
            if name == "Timestamp":
                return {{"t": "Timestamp", "v": v.isoformat()}}
            raise TypeError
        if mod == "crmlab.erp.enterprise" and type(v).__name__ == "Enterprise":
            conn = v._conn
            tables = {{}}
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                      "AND name NOT LIKE 'sqlite_%'").fetchall():
                cur = conn.execute(f'SELECT * FROM "{{t}}"')
                tables[t] = {{"columns": [d[0] for d in cur.description],
                             "rows": [[enc(x, depth + 2) for x in row] for row in cur]}}
            return {{"t": "Enterprise", "date": str(v.date), "v": tables}}
        if _dc.is_dataclass(v) and not isinstance(v, type) and allowed_module(mod):
            return {{"t": "dataclass", "module": mod, "name": type(v).__qualname__,
                     "v": {{f.name: enc(getattr(v, f.name), depth + 1)
                           for f in _dc.fields(v)}}}}
        if callable(v) and allowed_module(getattr(v, "__module__", None)):
            return {{"t": "ref", "module": v.__module__,
                     "name": getattr(v, "__qualname__", "")}}
        raise TypeError

    out = {{}}
    for name, value in list(globals().items()):
        if name.startswith("_") or name in ("In", "Out", "get_ipython", "exit", "quit"):
            continue
        try:
            out[name] = enc(value)
        except Exception:
            pass
    with open({SNAPSHOT_FILE!r}, "w", encoding="utf-8") as f:
        _json.dump(out, f)

__crmlab_snapshot()
"""


def preload() -> None:
    """Import the allowed libraries' modules that results and references may name (the
    grader's own choice, made before any submission runs)."""
    for name in (
        "numpy",
        "pandas",
        "math",
        "statistics",
        "scipy",
        "scipy.stats",
        "networkx",
        "crmlab",
        "crmlab.bpr",
        "crmlab.crm",
        "crmlab.erp",
        "crmlab.scm",
        "crmlab.datasets",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    import pkgutil

    import crmlab

    for info in pkgutil.walk_packages(crmlab.__path__, "crmlab."):
        if info.name.startswith(("crmlab.widgets", "crmlab.grading", "crmlab.classroom")):
            continue
        with contextlib.suppress(Exception):
            importlib.import_module(info.name)


def _module(name: object) -> Any:
    """An allowed module the grader has already imported (never imports one)."""
    if not isinstance(name, str) or name.split(".")[0] not in ALLOWED_MODULES:
        raise ValueError(f"module {name!r} is not allowed")
    module = sys.modules.get(name)
    if module is None:
        raise ValueError(f"module {name!r} is not loaded")
    return module


def _resolve(module: str, name: str) -> Any:
    obj: Any = _module(module)
    for part in str(name).split("."):
        if not part.isidentifier() or part.startswith("_"):
            raise ValueError(f"name {name!r} is not allowed")
        obj = getattr(obj, part)
    return obj


def _column(item: Any, depth: int) -> Any:
    if not isinstance(item, dict):
        raise ValueError("bad column")
    if item.get("t") == "ndarray":
        dtype = np.dtype(str(item["dtype"]))
        if dtype.kind not in "biufmM":
            raise ValueError(f"dtype {dtype} is not allowed")
        values = item["v"]
        if not isinstance(values, list):
            raise ValueError("bad array")
        if dtype.kind == "f":
            values = [_decode(x, depth + 1) for x in values]
        if dtype.kind in "mM":
            return np.asarray(values, dtype="int64").view(dtype)
        return np.asarray(values, dtype=dtype)
    if item.get("t") == "list":
        out = np.empty(len(item["v"]), dtype=object)
        for i, x in enumerate(item["v"]):
            out[i] = _decode(x, depth + 1)
        return out
    raise ValueError("bad column")


def _enterprise(item: dict[str, Any], depth: int) -> Any:
    """An ERP :class:`~crmlab.erp.enterprise.Enterprise` rebuilt from its tables' rows: a
    fresh database with the grader's own schema, rows inserted with parameters, only into
    tables and columns that schema has."""
    from crmlab.erp.enterprise import Enterprise

    erp = Enterprise(date=str(item.get("date")))
    conn = erp._conn
    known = {
        t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
        for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    for table, data in dict(item["v"]).items():
        columns = list(data["columns"])
        if table not in known or not set(columns) <= set(known[table]):
            raise ValueError(f"unknown table or column in {table!r}")
        conn.execute(f'DELETE FROM "{table}"')
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        for row in data["rows"]:
            values = [_decode(x, depth + 2) for x in row]
            if len(values) != len(columns) or not all(
                x is None or isinstance(x, (int, float, str)) for x in values
            ):
                raise ValueError(f"bad row in {table!r}")
            conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    return erp


def _index(item: Any, depth: int) -> pd.Index:
    if not isinstance(item, dict) or item.get("t") != "Index":
        raise ValueError("bad index")
    names = [_decode(n, depth + 1) for n in item["names"]]
    values = _column(item["v"], depth + 1)
    if item.get("multi"):
        return pd.MultiIndex.from_tuples(list(values), names=names)
    return pd.Index(values, name=names[0] if names else None, tupleize_cols=False)


def decode(item: Any, depth: int = 0) -> Any:
    """One encoded value back to Python; raises ValueError naming ``item`` on anything
    unexpected. ``depth`` is how deep ``item`` sits in the snapshot (0 to
    ``MAX_DEPTH``)."""
    depth = whole("depth", depth, minimum=0, maximum=MAX_DEPTH)
    try:
        return _decode(item, depth)
    except RecursionError:
        raise ValueError("item is nested too deeply to decode") from None
    except Exception as error:  # noqa: BLE001 (anything unexpected in the data)
        raise ValueError(f"item is not a value a snapshot encodes: {error}") from None


def _decode(item: Any, depth: int = 0) -> Any:
    """:func:`decode` without the checks (the recursion)."""
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    if not isinstance(item, dict):
        raise ValueError("not an encoded value")
    kind = item.get("t")
    v = item.get("v")
    if kind == "py":
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
    elif kind == "float":
        if v in ("nan", "inf", "-inf"):
            return float(v)
    elif kind == "complex":
        return complex(float(v[0]), float(v[1]))
    elif kind in ("list", "tuple", "set", "frozenset"):
        if not isinstance(v, list):
            raise ValueError("bad sequence")
        values = [_decode(x, depth + 1) for x in v]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](values)
    elif kind == "dict":
        return {_decode(k, depth + 1): _decode(x, depth + 1) for k, x in v}
    elif kind == "module":
        return _module(v)
    elif kind == "ndarray":
        values = _column(item, depth)
        return values.reshape([int(n) for n in item.get("shape", [len(values)])])
    elif kind == "DataFrame":
        index = _index(item["index"], depth)
        columns = _index(item["columns"], depth)
        data = [_column(c, depth) for c in v]
        if len(data) != len(columns):
            raise ValueError("bad DataFrame")
        frame = pd.DataFrame(
            {i: pd.Series(col, index=index) for i, col in enumerate(data)}, index=index
        )
        frame.columns = columns
        return frame
    elif kind == "Series":
        return pd.Series(
            _column(v, depth),
            index=_index(item["index"], depth),
            name=_decode(item["name"], depth + 1),
        )
    elif kind == "Timestamp":
        return pd.Timestamp(str(v))
    elif kind == "dataclass":
        cls = _resolve(item.get("module"), item.get("name"))
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise ValueError("not a dataclass")
        fields = {f.name for f in dataclasses.fields(cls)}
        if not isinstance(v, dict) or set(v) != fields:
            raise ValueError(f"fields of {cls.__qualname__} do not match")
        obj = object.__new__(cls)
        for name, value in v.items():
            object.__setattr__(obj, name, _decode(value, depth + 1))
        return obj
    elif kind == "ref":
        return _resolve(item.get("module"), item.get("name"))
    elif kind == "Enterprise":
        return _enterprise(item, depth)
    raise ValueError(f"unexpected value of kind {kind!r}")


def restore(text: str) -> dict[str, Any]:
    """The variables of a snapshot; values that cannot be decoded are left out. Raises
    ``ValueError`` for text that is not a JSON object or is nested too deeply to parse."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise ValueError(f"text must be the snapshot's JSON text, got {text!r:.80}")
    try:
        raw = json.loads(text)
    except RecursionError as error:
        raise ValueError("text: snapshot nested too deeply") from error
    except ValueError as error:  # json.JSONDecodeError, UnicodeDecodeError
        raise ValueError(f"text is not JSON: {error}") from None
    if not isinstance(raw, dict):
        return {}
    env: dict[str, Any] = {}
    for name, item in raw.items():
        if not isinstance(name, str) or not name.isidentifier() or not isinstance(item, dict):
            continue
        try:
            env[name] = _decode(item)
        except (Exception, RecursionError):  # a value we cannot rebuild is simply absent
            continue
    return env
