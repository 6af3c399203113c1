"""A pytest plugin that keeps the outputs nbval computes, for the reproducibility check.

`make nbval` loads it (``-p tests.built.nbval_record``). nbval executes every cell of every
notebook from a fresh kernel but, in lax mode, throws away the outputs of the cells it does
not compare. This plugin saves them (text only: ``text/plain``, ``text/html`` and streams;
figures aside) to ``_build/nbval-outputs.json``, keyed by the notebook's path and stamped
with a hash of the notebook file. ``tests/built/test_reproducibility.py`` then compares
them with the outputs of the book build's own execution, held in ``_build/.jupyter_cache``:
two independent executions of every notebook, and not one more than `make test` already
runs (the suite must stay within its 20-minute budget as the book grows).

The plugin only records; it never changes what nbval passes or fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(os.environ.get("CRMLAB_NBVAL_RECORD", ROOT / "_build" / "nbval-outputs.json"))
TEXT_TYPES = ("text/plain", "text/html")
# Figures are compared aside: the PNG a chart's HTML repr embeds is replaced by a placeholder
# (here, so the record stays small, and in the test for the cached notebook).
FIGURE = (r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+", "data:image/…;base64,…")


def file_hash(path: Path) -> str:
    """SHA-256 of a notebook file: a record is valid only for the file it was made from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_outputs(outputs) -> list[dict[str, str]]:
    """The text parts of a cell's outputs, in order: one dict per output.

    Consecutive chunks of one stream are joined, as a notebook front end shows them: a
    kernel may send one ``print`` as one chunk or two ("text", then "\\n"), depending on
    when its output thread flushes.
    """
    kept: list[dict[str, str]] = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            name, text = out.get("name", "stdout"), out.get("text", "")
            if kept and list(kept[-1]) == [name]:
                kept[-1] = {name: kept[-1][name] + text}
            else:
                kept.append({name: text})
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            kept.append({k: re.sub(*FIGURE, data[k]) for k in TEXT_TYPES if k in data})
        elif kind == "error":
            kept.append({"error": f"{out.get('ename')}: {out.get('evalue')}"})
    return kept


class _Recorder:
    def __init__(self) -> None:
        self.notebooks: dict[str, dict] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        yield
        outputs = getattr(item, "test_outputs", None)
        cell_num = getattr(item, "cell_num", None)
        if outputs is None or cell_num is None:  # not an nbval cell, or skipped
            return
        path = Path(str(item.parent.fspath)).resolve()
        try:
            key = path.relative_to(ROOT).as_posix()
        except ValueError:
            return
        entry = self.notebooks.setdefault(key, {"sha256": file_hash(path), "cells": {}})
        # nbval numbers the code cells only, from 0, in order.
        entry["cells"][str(cell_num)] = text_outputs(outputs)

    def pytest_sessionfinish(self, session):
        if not self.notebooks:
            return
        record = {}
        if RECORD.exists():  # keep notebooks recorded by earlier, partial runs
            try:
                record = json.loads(RECORD.read_text(encoding="utf-8"))
            except ValueError:
                record = {}
        record.update(self.notebooks)
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")


def pytest_configure(config):
    config.pluginmanager.register(_Recorder(), "crmlab-nbval-record")
