"""Execute notebooks and keep only the outputs that nbval compares.

Notebooks are committed without outputs, except the cells tagged ``nbval-check-output``
(or containing ``# NBVAL_CHECK_OUTPUT``): nbval, in lax mode, compares those cells' fresh
outputs against the committed ones. Run this after editing a notebook:

    .venv/bin/python scripts/store_checked_outputs.py notebooks/scm/03_inventory_eoq.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TAG = "nbval-check-output"
MARK = "NBVAL_CHECK_OUTPUT"


def is_checked(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and (
        TAG in cell.metadata.get("tags", []) or MARK in cell.source
    )


def store(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(executed, timeout=300, resources=resources).execute()
    kept = 0
    for cell, ran in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            # nbval refuses a reference output whose cell has no execution count.
            cell.execution_count = ran.execution_count
            cell.outputs = [o for o in ran.outputs if o.get("name") != "stderr"]
            kept += 1
        else:
            cell.execution_count = None
            cell.outputs = []
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept


def main(paths: list[str]) -> None:
    for p in paths:
        n = store(Path(p))
        sys.stdout.write(f"{p}: kept the outputs of {n} checked cells\n")


if __name__ == "__main__":
    main(sys.argv[1:])
