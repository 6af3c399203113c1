"""Tables in Chinese (issue 15, point 2: a reader of the Chinese edition sees "table headers"
in Chinese): the DataFrames, Series and dicts a notebook displays are shown as a translated
copy while the language is Chinese, and exactly as before in English.

``recorded_tables.json`` holds every table the chapter notebooks display (recorded by
``scripts/record_displayed_tables.py``, executing each notebook with ``CRMLAB_LANG=zh``):
each notebook's headers must all be translated by the tables catalog (``tables.po``) or the
package catalog (``crmlab.po``), except those that are data (codes, dates, symbols).
"""

from __future__ import annotations

import builtins
import fnmatch
import json
import re
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from crmlab import i18n
from crmlab.i18n import _tables

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
LC = ROOT / "src/crmlab/i18n/locale/zh_CN/LC_MESSAGES"
PO = LC / "tables.po"
RECORDED = json.loads((Path(__file__).parent / "recorded_tables.json").read_text("utf-8"))

#: Headers, row labels and values that are data, not words: symbols and one-letter scores
#: (R, F, M, m), parameters (d = 5%, L = 4, z = 1.0), codes and lists of codes (D100,
#: SO-000001, ". . CP01" in an indented bill of materials, "W1, W3"), dates and periods
#: (2024-01, 2023-Q1), numbers, the acronyms the Chinese text keeps (ABC, RFM, CRM), e-mail
#: and street addresses, text that is already Chinese, and the empty text.
DATA = re.compile(
    r"[A-Za-z]|[A-Z]{2,4}\d*|[A-Z]{1,4}-?\d[\w-]*|[\d\-–:.,%/Q ]+|\d{4}-.*|Q / Q\*"
    r"|[A-Za-z] = [\d.]+%?|[. ]*[A-Z]+\d+|([A-Z]+\d+[, ]*)+|\S+@\S+|hammer\d+|NET\d+"
    r"|\d+ [A-Z][a-z]+ [A-Z][a-z]+|.*[\u3400-\u9fff].*|"
)

#: Names of people and places in the datasets (free-form data, shown as they are).
NAMES = {
    *"James Lewis Umberley David Shah Grace Fletcher Nina Backenmoor Birchwater".split(),
    *("Fernwick", "Larkhollow", "Carla Singh", "D. Shah", "James Lewis, Umberley"),
}


def table_headers(table: dict) -> list[str]:
    return [*table["headers"], *table.get("row_labels", [])]


def untranslated_headers(table: dict) -> list[str]:
    return [
        h
        for h in table_headers(table)
        if _tables.translate_header(h) == h and not DATA.fullmatch(h)
    ]


@pytest.fixture
def shell():
    """An IPython shell for one test (removed afterwards); English before and after."""
    from IPython.core.interactiveshell import InteractiveShell

    had = {name: name in vars(builtins) for name in ("__IPYTHON__", "display", "get_ipython")}
    ip = InteractiveShell.instance()
    yield ip
    i18n.set_language("en")
    InteractiveShell.clear_instance()
    for name, present in had.items():
        if not present:
            vars(builtins).pop(name, None)


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "recency": [3, 250],
            "segment": pd.Categorical(["Champions", "At risk"]),
            "channel": ["online", "store"],
        },
        index=pd.Index(["C00001", "C00002"], name="customer_id"),
    )


def shown(ip, obj) -> dict:
    data, _ = ip.display_formatter.format(obj)
    return data


def test_english_display_is_untouched(shell):
    """English output is exactly IPython's and pandas' own, also after a round trip through
    Chinese: no formatter is left behind (nbval compares the English outputs)."""
    objects = [sample(), sample()["segment"], {"purchases": 3, "channel": "store"}]
    before = [shown(shell, o) for o in objects]
    plain = shell.display_formatter.formatters["text/plain"]
    dict_printer = plain.lookup_by_type(dict)
    i18n.set_language("zh")
    assert [shown(shell, o) for o in objects] != before
    i18n.set_language("en")
    assert [shown(shell, o) for o in objects] == before
    html = shell.display_formatter.formatters["text/html"]
    assert pd.DataFrame not in html.type_printers
    assert pd.DataFrame not in plain.type_printers and pd.Series not in plain.type_printers
    assert plain.lookup_by_type(dict) is dict_printer


def test_chinese_display_is_a_translated_copy(shell):
    """In Chinese the headers are bilingual for identifiers, values Chinese, numbers as
    they were; the student's object keeps its English names and values."""
    df = sample()
    original = df.copy(deep=True)
    i18n.set_language("zh")
    html = shown(shell, df)["text/html"]
    for text in (
        "最近一次消费（recency）",
        "冠军客户",
        "有流失风险",
        "线上",
        "客户编号（customer_id）",
    ):
        assert text in html
    assert "250" in html and "C00001" in html
    plain = shown(shell, df["segment"])["text/plain"]
    assert "冠军客户" in plain and "细分群体（segment）" in plain
    assert shown(shell, {"purchases": 3})["text/plain"] == "{'购买次数（purchases）': 3}"
    pd.testing.assert_frame_equal(df, original)
    assert df.loc["C00001", "segment"] == "Champions"


def test_a_table_that_cannot_be_translated_is_still_shown(shell):
    """A column of unhashable values (lists) cannot be looked up: the table is shown as
    it is rather than not at all."""
    df = pd.DataFrame({"items": [["D100", "C300"], ["T200"]]}, dtype=object)
    i18n.set_language("zh")
    data = shown(shell, df)
    assert "D100" in data["text/html"] and "T200" in data["text/plain"]


def test_translated_copy_keeps_numbers_and_shape():
    i18n.set_language("zh")
    try:
        df = sample()
        out = _tables.translated(df)
    finally:
        i18n.set_language("en")
    assert out.shape == df.shape and out is not df
    assert out.iloc[:, 0].tolist() == [3, 250]
    headers = ["最近一次消费（recency）", "细分群体（segment）", "渠道（channel）"]
    assert list(out.columns) == headers
    assert list(df.columns) == ["recency", "segment", "channel"]


def test_headers_identifiers_bilingual_prose_chinese_values_chinese():
    assert _tables.translate_header("gross_requirements") == "毛需求（gross_requirements）"
    assert _tables.translate_header("mean cycle time (h)") == "平均周期时间（小时）"
    assert _tables.translate_value("Champions") == "冠军客户"
    assert _tables.translate_header("Champions") == "冠军客户"  # a word, not a code name
    assert _tables.translate_header("Wages") == "工资"
    assert (
        _tables.translate_value("planned_order_releases")
        == "计划订单下达量（planned_order_releases）"
    )
    assert _tables.translate_header("C00001") == "C00001"


def test_a_message_with_a_context_applies_beside_its_context():
    """ "source" is the SCOR process 采购 in the table of the five processes (beside
    "make") and 来源 elsewhere; RFM's "frequency" is the glossary's 消费频率."""
    i18n.set_language("zh")
    try:
        scor = _tables.translated(pd.Series([1, 2], index=["source", "make"], name="tiers"))
        flows = _tables.translated(pd.DataFrame({"source": ["CRM"], "target": ["ERP"]}))
        rfm = _tables.translated(pd.DataFrame({"frequency": [2], "monetary": [30.0]}))
    finally:
        i18n.set_language("en")
    assert list(scor.index) == ["采购（source）", "制造（make）"]
    assert list(flows.columns) == ["来源（source）", "去向（target）"]
    assert list(rfm.columns) == ["消费频率（frequency）", "消费金额（monetary）"]


@pytest.mark.parametrize("notebook", sorted(RECORDED))
def test_recorded_tables_have_no_untranslated_header(notebook):
    """Every header, index name, row label and dict key a notebook displays is in Chinese
    (data such as codes and dates aside)."""
    missing = sorted({h for table in RECORDED[notebook] for h in untranslated_headers(table)})
    assert missing == []


@pytest.mark.parametrize("notebook", sorted(RECORDED))
def test_recorded_tables_have_no_untranslated_category(notebook):
    """Every text value a notebook displays (segments, stages, activities, account names,
    document types, the descriptions in a table) is in Chinese; names and codes aside."""
    missing = sorted(
        {
            v
            for table in RECORDED[notebook]
            for v in table["values"]
            if _tables.translate_value(v) == v and not DATA.fullmatch(v) and v not in NAMES
        }
    )
    assert missing == []


def test_every_notebook_with_tables_was_recorded():
    """The recording covers the chapter notebooks (a notebook without a displayed table,
    such as a pure-prose one, may be absent)."""
    notebooks = {str(p.relative_to(ROOT)) for p in ROOT.glob("notebooks/*/*.ipynb")}
    assert set(RECORDED) <= notebooks
    assert len(RECORDED) >= len(notebooks) - 3


#: A lower-case English word left in a translation (names such as Silver–Meal aside).
LATIN = re.compile("(?<![A-Za-z])[a-z]{4,}")


def po_messages():
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_catalog_is_complete_compiled_and_shipped():
    """No empty or fuzzy message, the .mo is current, and the wheel's package data takes
    both files."""
    messages = po_messages()
    assert len(messages) > 100
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert [m.id for m in messages if LATIN.search(re.sub(r"\{[^}]*\}", "", m.string))] == []
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from compile_package_catalog import compiled
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert PO.with_suffix(".mo").read_bytes() == compiled(PO), "run compile_package_catalog.py"
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["crmlab"]
    for name in ("tables.po", "tables.mo"):
        member = f"i18n/locale/zh_CN/LC_MESSAGES/{name}"
        assert any(fnmatch.fnmatch(member, p) for p in patterns), member
