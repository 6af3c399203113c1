"""Record every table the chapter notebooks display, for the Chinese tables' catalog and test.

Each notebook under ``notebooks/`` is executed (one at a time, with ``CRMLAB_LANG=zh``, as
the Chinese edition runs it) with a first cell that registers a recording display
formatter: every DataFrame, Series and dict a cell shows is written down (its column
headers, index names, row labels and text values). The distinct tables are saved to
``tests/i18n/recorded_tables.json``, which ``tests/i18n/test_tables.py`` checks against the
tables catalog (``src/crmlab/i18n/locale/zh_CN/LC_MESSAGES/tables.po``). Development only;
takes a few minutes::

    nice .venv/bin/python scripts/record_displayed_tables.py [NOTEBOOK ...]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/i18n/recorded_tables.json"

#: The first cell: a text/latex formatter (unused by the notebooks) that records and shows
#: nothing, so the notebook's own outputs are as usual.
RECORDER = r"""
import json as _json

import pandas as _pd
from IPython import get_ipython as _get_ipython

_OUT, _NB = {out!r}, {nb!r}


def _texts(values):
    found = set()
    for v in list(values)[:5000]:
        found.update(x for x in (v if isinstance(v, tuple) else (v,)) if isinstance(x, str))
    return sorted(found)


def _is_text(series):
    return isinstance(series.dtype, _pd.CategoricalDtype) or series.dtype == object or (
        _pd.api.types.is_string_dtype(series.dtype)
    )


def _record(obj):
    r = {{"kind": type(obj).__name__}}
    if isinstance(obj, dict):
        r["headers"] = [k for k in obj if isinstance(k, str)]
        r["values"] = [v for v in obj.values() if isinstance(v, str)]
    else:
        cols = list(obj.columns) if isinstance(obj, _pd.DataFrame) else [obj.name]
        heads = [x for c in cols for x in (c if isinstance(c, tuple) else (c,))]
        heads += list(obj.index.names)
        if isinstance(obj, _pd.DataFrame):
            heads += list(obj.columns.names)
        r["headers"] = [h for h in heads if isinstance(h, str)]
        r["row_labels"] = _texts(obj.index) if len(obj.index) < 2000 else []
        frame = obj if isinstance(obj, _pd.DataFrame) else obj.to_frame()
        r["values"] = sorted(
            {{v for i in range(frame.shape[1]) if _is_text(frame.iloc[:, i])
              for v in _texts(frame.iloc[:, i].tolist())}}
        )
    with open(_OUT, "a", encoding="utf-8") as handle:
        handle.write(_json.dumps([_NB, r], ensure_ascii=False) + "\n")


_latex = _get_ipython().display_formatter.formatters["text/latex"]
for _type in (_pd.DataFrame, _pd.Series, dict):
    _latex.for_type(_type, _record)
"""


def record(path: Path, out: Path) -> None:
    """Execute ``path`` with the recorder, appending its tables to ``out`` (JSON lines)."""
    nb = nbformat.read(path, as_version=4)
    name = str(path.relative_to(ROOT))
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER.format(out=str(out), nb=name)))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()


def main() -> int:
    os.environ["CRMLAB_LANG"] = "zh"
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted(ROOT.glob("notebooks/*/*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "tables.jsonl"
        lines.touch()
        for path in paths:
            record(path, lines)
            print(path.relative_to(ROOT), flush=True)
        found: dict[str, list] = {}
        for line in lines.read_text(encoding="utf-8").splitlines():
            nb, table = json.loads(line)
            if table not in found.setdefault(nb, []):
                found[nb].append(table)
    if sys.argv[1:] and OUT.exists():  # a partial run keeps the other notebooks' tables
        found = {**json.loads(OUT.read_text(encoding="utf-8")), **found}
    OUT.write_text(
        json.dumps(dict(sorted(found.items())), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT.relative_to(ROOT)}: {sum(map(len, found.values()))} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
