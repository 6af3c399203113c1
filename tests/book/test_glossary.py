"""The glossary is generated from book/glossary.yml and every term is taught where it says."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("glossary", ROOT / "book/_glossary.py")
glossary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glossary)

#: Terms of the course text (chapter 2) that the glossary must hold, Chinese -> English.
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


def _entry(term: str) -> dict:
    (match,) = [e for e in glossary.load_entries() if e["term"] == term]
    return match


def test_bureaucratism_and_bureaucracy_are_separate_terms():
    """官僚主义 is bureaucratism (red tape), the vice; 科层制 is bureaucracy, Weber's
    organisational form (Weber 1978, Economy and Society): two entries, not one."""
    assert _entry("bureaucratism")["zh"] == "官僚主义"
    assert "red tape" in _entry("bureaucratism")["definition"].lower()
    assert _entry("bureaucracy")["zh"] == "科层制"
    assert "weber" in _entry("bureaucracy")["definition"].lower()


def test_offered_load_is_not_utilisation():
    """Offered load is λ·E[S] in Erlangs; utilisation is offered load over the workers c
    (Kleinrock 1975). The definition must not make them the same."""
    definition = _entry("offered load")["definition"]
    assert "λ·E[S]" in definition and "Erlang" in definition
    assert "divided by its number of workers" not in definition
    assert "Erlang C" in {e["term"] for e in glossary.load_entries()}


def test_bottleneck_is_the_capacity_constraint():
    """A bottleneck is the resource that limits capacity; long waits are its symptom."""
    definition = _entry("bottleneck")["definition"]
    assert "capacity" in definition and "symptom" in definition


def test_safety_stock_names_both_protection_intervals():
    """Periodic review every period protects L + 1 periods, continuous review L."""
    definition = _entry("safety stock")["definition"]
    assert "sqrt(L + 1)" in definition and "sqrt(L)" in definition


#: Mainland usages that Taiwan writes otherwise (data, information, network, planning,
#: level, transaction, user, software, quality, simulation, strategy).
MAINLAND_ONLY = (
    "數據",
    "信息",
    "網絡",
    "計劃",
    "水平",
    "事務",
    "用戶",
    "軟件",
    "質量",
    "仿真",
    "戰略",
)
#: Names of the PRC's law, kept as the law writes them.
LAW_NAMES = ("Personal Information Protection Law", "sensitive personal information")


def test_traditional_column_follows_taiwan_usage():
    """The bracketed traditional-Chinese terms follow one standard, Taiwan usage (as the
    glossary page says): no mainland-only word in them, except in the names of laws."""
    for e in glossary.load_entries():
        if e["term"] in LAW_NAMES:
            continue
        hant = e.get("zh_hant", "")
        assert not [w for w in MAINLAND_ONLY if w in hant], (e["term"], hant)
    assert "Taiwan" in (ROOT / "book/glossary.md").read_text(encoding="utf-8")
