"""The teaching datasets: load a table, read its data sheet, list the names.

All data are fictitious. They describe *Alder & Pine*, a furniture maker with its own
plant and thirty stores in the invented region of the Vale: its CRM customers and their
purchases, weekly store demand, its supply network, its ERP master data (items, bill of
materials, routings, work centres), an ERP customer master that disagrees with the CRM,
and the event log of its order process.

Every table is made by a seeded generator in this package (``python -m
crmlab.datasets.generate``), so an installed crmlab without the repository regenerates
exactly the CSV files in the repository's ``datasets/`` folder.

>>> from crmlab import datasets
>>> "transactions" in datasets.names()
True
"""

from __future__ import annotations

import pandas as pd

from . import _paths
from ._csv import read_csv_text
from ._registry import csv_text, sheet_text
from ._schema import BY_NAME, CATALOGUE, Dataset

__all__ = ["describe", "load", "names"]


def names() -> list[str]:
    """Return the dataset names, in the order the book meets them."""
    return [d.name for d in CATALOGUE]


def _dataset(name: object) -> Dataset:
    if not isinstance(name, str) or name not in BY_NAME:
        raise ValueError(f"name must be one of {', '.join(names())}; got {name!r}")
    return BY_NAME[name]


def load(name: str) -> pd.DataFrame:
    """Return the dataset ``name`` as a new DataFrame.

    Reads ``datasets/<name>.csv`` when the package runs from the repository, and otherwise
    regenerates the identical table in memory. Date and timestamp columns are parsed to
    ``datetime64``; whole-number columns with empty cells use pandas' nullable ``Int64``.
    Raises ``ValueError`` for an unknown name, listing the names there are.
    """
    dataset = _dataset(name)
    folder = _paths.repository_datasets()
    path = None if folder is None else folder / f"{dataset.name}.csv"
    if path is not None and path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = csv_text(dataset.name)
    return read_csv_text(text, dataset)


def describe(name: str) -> str:
    """Return the data sheet of ``name`` (Markdown): what it is, how it was made, every
    column with its type and unit, intended use and known limits.

    In Chinese (``crmlab.set_language("zh")``) the headings and the column table are
    translated; the prose stays English."""
    text = sheet_text(_dataset(name).name)
    from crmlab.i18n import get_language, localize_markdown

    return text if get_language() == "en" else localize_markdown(text)
