"""Property-based tests of crmlab.datasets: random valid and invalid inputs (hypothesis).

Source: the public-API contract of DESIGN.md ("every function validates its inputs and
raises ValueError naming the bad argument and its allowed range") and issue 8. For each
public function, hypothesis draws random *valid* inputs, which must never crash and whose
results must satisfy simple invariants (closed-form identities where one exists);
and random *invalid* inputs, which must always raise ``ValueError`` (never a TypeError,
KeyError, ZeroDivisionError or a silent nonsense result). Which public functions have
property tests is checked by tests/project/test_property_coverage.py.

Kept fast and deterministic (tests/strategies.py: ``derandomize=True``, no example
database, modest ``max_examples``, no deadline). Run with ``pytest tests/datasets/test_properties.py
--hypothesis-show-statistics`` to see how many cases ran.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab import datasets
from tests.strategies import (
    fast,
)

# ---------------------------------------------------------------- crmlab.datasets


@fast(22)
@given(st.sampled_from(datasets.names()))
def test_every_dataset_loads_and_is_described(name):
    """Each named dataset loads as a non-empty table and has a data sheet."""
    table = datasets.load(name)
    assert isinstance(table, pd.DataFrame) and len(table) > 0
    assert isinstance(datasets.describe(name), str) and datasets.describe(name).strip()


@fast(30)
@given(st.one_of(st.text(max_size=12), st.integers(), st.none()))
def test_unknown_dataset_names_raise(name):
    """An unknown name raises ValueError listing the names (load and describe)."""
    assume(name not in datasets.names())
    with pytest.raises(ValueError):
        datasets.load(name)
    with pytest.raises(ValueError):
        datasets.describe(name)
