"""Carry a notebook's variables out of the student's kernel as plain data.

:data:`DUMP_CELL` is appended to the submission and runs in the student's kernel; it writes
JSON. :func:`restore` turns that JSON back into Python values in the grading process. Only
data crosses: numbers, strings, booleans, None, lists, tuples, dicts, numpy arrays, pandas
Series and DataFrames, modules and functions of an allow-list of libraries (re-imported
here, never sent as code).
"""

from __future__ import annotations

import importlib
import io
import json
from typing import Any

import numpy as np
import pandas as pd

#: Libraries whose modules and functions may be referenced by name.
ALLOWED_MODULES = ("numpy", "pandas", "math", "statistics", "scipy", "crmlab", "networkx")

SNAPSHOT_FILE = "__crmlab_snapshot__.json"

#: Source of the cell appended to each submission. It must not rely on anything the
#: student defined, so it imports what it needs under private names.
DUMP_CELL = f"""
def __crmlab_snapshot():
    import json as _json, types as _types, numbers as _numbers
    allowed = {ALLOWED_MODULES!r}

    def allowed_module(name):
        return isinstance(name, str) and name.split(".")[0] in allowed

    def enc(v, depth=0):
        if depth > 20:
            raise TypeError
        if v is None or isinstance(v, (bool, str)):
            return {{"t": "py", "v": v}}
        if isinstance(v, _numbers.Integral):
            return {{"t": "py", "v": int(v)}}
        if isinstance(v, _numbers.Real):
            return {{"t": "py", "v": float(v)}}
        if isinstance(v, (list, tuple)):
            return {{"t": type(v).__name__, "v": [enc(x, depth + 1) for x in v]}}
        if isinstance(v, dict):
            return {{"t": "dict", "v": [[enc(k, depth + 1), enc(x, depth + 1)]
                                      for k, x in v.items()]}}
        if isinstance(v, _types.ModuleType):
            if allowed_module(v.__name__):
                return {{"t": "module", "v": v.__name__}}
            raise TypeError
        mod = type(v).__module__
        if mod == "numpy" and type(v).__name__ == "ndarray":
            if v.dtype.kind in "biuf":
                return {{"t": "ndarray", "v": v.tolist(), "dtype": str(v.dtype)}}
            raise TypeError
        if mod.startswith("pandas") and type(v).__name__ in ("DataFrame", "Series"):
            return {{"t": type(v).__name__,
                     "v": v.to_json(orient="split", date_format="iso", date_unit="ns")}}
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


def _resolve(module: str, name: str) -> Any:
    if not isinstance(module, str) or module.split(".")[0] not in ALLOWED_MODULES:
        raise ValueError(f"module {module!r} is not allowed")
    obj: Any = importlib.import_module(module)
    for part in str(name).split("."):
        if not part.isidentifier() or part.startswith("_"):
            raise ValueError(f"name {name!r} is not allowed")
        obj = getattr(obj, part)
    return obj


def decode(item: dict[str, Any]) -> Any:
    """One encoded value back to Python; raises ValueError on anything unexpected."""
    kind = item.get("t")
    v = item.get("v")
    if kind == "py":
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
    elif kind in ("list", "tuple"):
        values = [decode(x) for x in v]
        return values if kind == "list" else tuple(values)
    elif kind == "dict":
        return {decode(k): decode(x) for k, x in v}
    elif kind == "module":
        return importlib.import_module(_check_module(v))
    elif kind == "ndarray":
        return np.asarray(v, dtype=np.dtype(str(item["dtype"])))
    elif kind == "DataFrame":
        return pd.read_json(io.StringIO(v), orient="split")
    elif kind == "Series":
        return pd.read_json(io.StringIO(v), orient="split", typ="series")
    elif kind == "ref":
        return _resolve(item.get("module"), item.get("name"))
    raise ValueError(f"unexpected value of kind {kind!r}")


def _check_module(name: object) -> str:
    if not isinstance(name, str) or name.split(".")[0] not in ALLOWED_MODULES:
        raise ValueError(f"module {name!r} is not allowed")
    return name


def restore(text: str) -> dict[str, Any]:
    """The variables of a snapshot; values that cannot be decoded are left out."""
    raw = json.loads(text)
    if not isinstance(raw, dict):
        return {}
    env: dict[str, Any] = {}
    for name, item in raw.items():
        if not isinstance(name, str) or not name.isidentifier() or not isinstance(item, dict):
            continue
        try:
            env[name] = decode(item)
        except Exception:  # a value we cannot rebuild is simply absent
            continue
    return env
