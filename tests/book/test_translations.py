"""The Chinese edition's message catalogs are complete, undamaged and in step with the English.

The book's English pages and notebooks are the source; `scripts/i18n.py` extracts their text
with Sphinx's gettext builder into one catalog per page under `locales/zh_CN/LC_MESSAGES/`.
Issue 15 asks that `make test` fail when a message is untranslated or fuzzy, when new English
text has no translation, when a Chinese page's prose is mostly Latin script, and when a page
whose English uses a glossary term lacks the term's Chinese (book/glossary.yml, field `zh`).
The built Chinese pages are checked in tests/built/test_zh_edition.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
i18n = importlib.util.module_from_spec(_spec)
sys.modules["i18n_tool"] = i18n
_spec.loader.exec_module(i18n)

PAGES = sorted(
    p.relative_to(i18n.MESSAGES).with_suffix("").as_posix()
    for p in i18n.MESSAGES.rglob("*.po")
    if i18n.FEEDBACK not in p.parents
)


@pytest.fixture(scope="module")
def fresh_templates(tmp_path_factory) -> Path:
    """The templates extracted afresh from the English sources (the gettext builder, ~20 s)."""
    return i18n.extract(tmp_path_factory.mktemp("gettext"))


def test_every_page_of_the_book_has_a_catalog(fresh_templates: Path) -> None:
    wanted = set(i18n.templates(fresh_templates))
    assert wanted == set(PAGES), (
        f"pages without a catalog: {sorted(wanted - set(PAGES))}; "
        f"catalogs of no page: {sorted(set(PAGES) - wanted)} (run `make translations`)"
    )
    assert len(wanted) >= 50


def test_catalogs_are_complete_and_in_step(fresh_templates: Path) -> None:
    """New or changed English text, untranslated or fuzzy messages, damaged markup and
    missing glossary terms all fail here, with the page and the message named."""
    found = i18n.problems(fresh_templates)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:60])


@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_page_is_chinese(page: str) -> None:
    """The page's translated prose, code and formulas aside, is mostly Chinese characters."""
    catalog = i18n.read(page)
    headings = i18n.glossary_headings() if page == "book/glossary" else set()
    text = "\n".join(
        m.string
        for m in catalog
        if m.id and m.string and not i18n.nothing_to_translate(m.id) and m.id not in headings
    )
    if not text:
        pytest.skip("nothing to translate on this page")
    assert i18n.latin_share(text) < 0.5, f"{page}: the translation is mostly Latin script"


def test_copied_messages_hold_nothing_to_translate() -> None:
    """Only formulas, code and roles are copied as they are; prose never is."""
    assert i18n.nothing_to_translate("\nQ^* = \\sqrt{2K\\lambda/h}\n")
    assert i18n.nothing_to_translate("`crmlab.scm.inventory`")
    assert i18n.nothing_to_translate("{cite:p}`harris1913`")
    assert not i18n.nothing_to_translate("The model")
    assert not i18n.nothing_to_translate("Order $Q$ units with `eoq`.")


def test_damaged_markup_is_found() -> None:
    source = "See {ref}`scm-intro` and $Q^*$ with `eoq()`, [the data](data.md)."
    good = "见{ref}`供应链 <scm-intro>`，$Q^*$ 用 `eoq()` 计算，[数据](data.md)。"
    assert i18n.damaged(source, good) == []
    assert i18n.damaged(source, good.replace("scm-intro", "erp-intro"))
    assert i18n.damaged(source, good.replace("$Q^*$", "$Q$"))
    assert i18n.damaged(source, good.replace("`eoq()`", "eoq()"))
    assert i18n.damaged(source, good.replace("(data.md)", "(other.md)"))


def test_a_missing_glossary_term_is_found() -> None:
    terms = i18n.glossary_terms()
    catalog = Catalog(locale="zh_CN")
    catalog.add("The economic order quantity balances two costs.", "它平衡两种成本。")
    assert [t.chinese for t, _ in i18n.missing_terms(catalog, terms)] == ["经济订货批量"]
    catalog.add("Order the EOQ.", "按经济订货批量订货。")
    assert i18n.missing_terms(catalog, terms) == []


def test_latin_share_ignores_code_and_formulas() -> None:
    assert (
        i18n.latin_share("用 `crmlab.scm.inventory.eoq` 计算 $Q^* = \\sqrt{2K\\lambda/h}$。") == 0
    )
    assert i18n.latin_share("This sentence was left in English.") == 1
