"""The glossary is generated from book/glossary.yml and every term is taught where it says."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("glossary", ROOT / "book/_glossary.py")
glossary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glossary)

#: The terms ../shared/CONTENT.md asks the glossary to hold (English and Chinese).
REQUIRED = {
    "供应链管理": "SCM",
    "企业资源计划": "ERP",
    "物料需求计划": "MRP",
    "制造资源计划": "MRP II",
    "业务流程再造": "BPR",
    "客户关系管理": "CRM",
    "直接转运": "cross-docking",
    "信息孤岛": "information islands",
    "科层制": "hierarchy",
    "流层制": "flow",
    "商业智能": "BI",
}


def test_glossary_page_is_up_to_date():
    """book/glossary.md is exactly what book/_glossary.py renders from glossary.yml."""
    assert (ROOT / "book/glossary.md").read_text(encoding="utf-8") == glossary.render(
        glossary.load_entries()
    )


def test_every_term_appears_where_it_is_taught():
    """Each entry's label exists and its English term appears in that page's source."""
    assert glossary.validate(glossary.load_entries()) == []


def test_glossary_holds_the_course_terms():
    """Every term CONTENT.md lists is in the glossary, Chinese and English."""
    entries = glossary.load_entries()
    for zh, en in REQUIRED.items():
        match = [e for e in entries if e["zh"] == zh]
        assert match, zh
        text = " ".join(str(match[0].get(k, "")) for k in ("term", "abbr")).lower()
        assert en.lower() in text, (zh, en, text)
