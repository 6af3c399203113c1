"""Write a table as CSV text with fixed formatting, and read it back with fixed types.

Formatting is explicit so that the bytes never depend on pandas' defaults: floats with a
fixed number of decimals, ISO dates (``YYYY-MM-DD``) and timestamps
(``YYYY-MM-DD HH:MM:SS``), booleans as ``True``/``False``, missing values as empty cells,
``\\n`` line endings, no index.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from ._schema import DATE_FORMAT, DATETIME_FORMAT, Column, Dataset


def _cell(value: object, column: Column) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        if not column.nullable:
            raise ValueError(f"column {column.name!r} holds a missing value")
        return ""
    kind = column.kind
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"column {column.name!r} holds a non-whole number {value!r}")
        return str(int(value))
    if kind == "float":
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"column {column.name!r} holds a non-finite number {value!r}")
        text = f"{x:.{column.decimals}f}"
        return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text
    if kind == "bool":
        return "True" if bool(value) else "False"
    if kind == "date":
        return pd.Timestamp(value).strftime(DATE_FORMAT)
    if kind == "datetime":
        return pd.Timestamp(value).strftime(DATETIME_FORMAT)
    return str(value)


def to_csv_text(frame: pd.DataFrame, dataset: Dataset) -> str:
    """Return ``frame`` as CSV text in the column order and formats of ``dataset``."""
    names = dataset.column_names
    if list(frame.columns) != names:
        raise ValueError(f"{dataset.name}: columns {list(frame.columns)} differ from {names}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    columns = [frame[c.name].tolist() for c in dataset.columns]
    for row in zip(*columns, strict=True):
        writer.writerow([_cell(v, c) for v, c in zip(row, dataset.columns, strict=True)])
    return buffer.getvalue()


_READ_DTYPES = {"int": "int64", "float": "float64", "str": str, "bool": "bool"}


def read_csv_text(text: str, dataset: Dataset) -> pd.DataFrame:
    """Parse CSV text written by :func:`to_csv_text` into a typed DataFrame.

    Whole-number columns that may be empty become pandas' nullable ``Int64``; date and
    timestamp columns become ``datetime64``.
    """
    dtypes: dict[str, object] = {}
    for c in dataset.columns:
        if c.kind in ("date", "datetime"):
            dtypes[c.name] = str
        elif c.kind == "int" and c.nullable:
            dtypes[c.name] = "Int64"
        else:
            dtypes[c.name] = _READ_DTYPES[c.kind]
    frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    for c in dataset.columns:
        if c.kind == "date":
            frame[c.name] = pd.to_datetime(frame[c.name], format=DATE_FORMAT)
        elif c.kind == "datetime":
            frame[c.name] = pd.to_datetime(frame[c.name], format=DATETIME_FORMAT)
    return frame
