"""The package in two languages (issue 15, points 2 and 3): one language setting; charts,
widgets and data sheets in Chinese from the package's catalog; a CJK font that draws
every character; and English exactly as before.

The chart cases are those of tests/chart_cases.py (every public chart function, drawn as
the book draws it); the widget cases build every widget of ``crmlab.widgets.__all__``.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import matplotlib
import pytest
from matplotlib.text import Text

import crmlab
from crmlab import i18n
from crmlab.i18n import _font
from crmlab.i18n._catalog import Catalog

try:  # tests/ as a package (python -m pytest from the repository) or as a folder on sys.path
    from tests.chart_cases import CASES, EXTRA_CASES
except ModuleNotFoundError:  # pragma: no cover
    from chart_cases import CASES, EXTRA_CASES

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
PO = ROOT / "src/crmlab/i18n/locale/zh_CN/LC_MESSAGES/crmlab.po"

#: Latin words a Chinese chart or widget may keep: acronyms the Chinese text uses too,
#: names of people, firms and places, variables and units written as symbols, and the
#: module paths a widget names. Codes (D100, WC50, SO-000001) are allowed by pattern.
ALLOWED_WORDS = {
    *"ABC BI BOM BPR CLV CRM EOQ ERP MILP MRP II POS RFM SCM F1 Var".split(),
    *"Alder Pine Vale Sterman Chen Orlicky Wight Silver Meal Wagner Whitin".split(),
    *"crmlab scm crm location distribution closed_loop inventory postponement value".split(),
}
WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
CODE = re.compile(r"[A-Z][A-Z0-9]*\d[A-Z0-9-]*|[A-Za-z]|[A-Z]{1,3}\d*")


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are English left untranslated (see ALLOWED_WORDS)."""
    if text.startswith("$") and text.endswith("$"):  # mathtext: tick labels like 10^2
        return []
    text = re.sub(r"<[^>]*>", " ", text)
    return [
        w
        for w in WORD.findall(text)
        if len(w) > 1 and w not in ALLOWED_WORDS and not CODE.fullmatch(w)
    ]


@pytest.fixture
def zh():
    """The package in Chinese for one test, English again afterwards."""
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


# ----- The language setting --------------------------------------------------------------


def test_language_defaults_to_english_and_accepts_aliases():
    """English unless set; "zh" and its aliases; set_language and get_language are
    re-exported from crmlab."""
    assert crmlab.get_language() == "en"
    for alias in ("zh", "zh_CN", "zh-CN", "zh-Hans", " ZH "):
        crmlab.set_language(alias)
        assert crmlab.get_language() == "zh"
        crmlab.set_language("en")
        assert crmlab.get_language() == "en"


@pytest.mark.parametrize("bad", ["fr", "", "chinese", None, 1])
def test_unknown_language_is_refused(bad):
    """Anything else raises ValueError naming lang and the allowed values; the setting
    is unchanged."""
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'zh'"):
        crmlab.set_language(bad)
    assert crmlab.get_language() == "en"


@pytest.mark.parametrize(("value", "expected"), [("zh_CN", "zh"), ("en", "en"), ("", "en")])
def test_language_from_the_environment(value, expected):
    """CRMLAB_LANG sets the language crmlab starts in (an empty value is English)."""
    code = "import crmlab; print(crmlab.get_language())"
    env = {"CRMLAB_LANG": value, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected


def test_unknown_language_in_the_environment_is_refused():
    """CRMLAB_LANG=fr fails at import, naming the variable and the allowed values."""
    env = {"CRMLAB_LANG": "fr", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", "import crmlab"], env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "CRMLAB_LANG must be one of 'en', 'zh'" in out.stderr


# ----- The catalog's rules ----------------------------------------------------------------

TOY = Catalog(
    {
        "Period": "期间",
        "Optimum Q* = {q:num}": "最优 Q* = {q}",
        "Load against capacity at {wc:code}": "{wc} 的负荷与能力",
        "Production: {info}": "生产：{info}",
        "POS data shared": "共享销售点数据",
        "production order": "生产订单",
        "Stock of\nmaterials": "原材料\n库存",
        "Fixed {f}": "固定成本 {f}",
    }
)


def test_catalog_exact_template_and_nested_messages():
    """An exact message; a template whose placeholder takes a number or a code (and
    nothing else); a placeholder's value translated in turn; English where nothing
    matches."""
    assert TOY.translate("Period") == "期间"
    assert TOY.translate("Optimum Q* = 1,095.5") == "最优 Q* = 1,095.5"
    assert TOY.translate("Optimum Q* = many") == "Optimum Q* = many"
    assert TOY.translate("Load against capacity at WC50") == "WC50 的负荷与能力"
    assert TOY.translate("Load against capacity at the plant") == (
        "Load against capacity at the plant"
    )
    assert TOY.translate("Production: POS data shared") == "生产：共享销售点数据"
    assert TOY.translate("Something else") == "Something else"


def test_catalog_wrapped_lines_and_separators():
    """A wrapped text matches its message unwrapped or line by line (a template never
    swallows the following lines); spaces around a text are kept; " · " separates parts;
    HTML keeps its tags."""
    assert TOY.translate("Stock of\nmaterials") == "原材料\n库存"
    assert TOY.translate("production\norder\nPR-000001") == "生产订单\nPR-000001"
    assert TOY.translate("Fixed 354,000\nPeriod") == "固定成本 354,000\n期间"
    assert TOY.translate("  Period ") == "  期间 "
    assert TOY.translate("Period · Optimum Q* = 2") == "期间 · 最优 Q* = 2"
    assert TOY.translate_html("<p><b>Period</b>: x &amp; y</p>") == "<p><b>期间</b>: x &amp; y</p>"
    assert TOY.translate("Period, POS data shared; Period") == "期间、共享销售点数据；期间"


def test_catalog_prose_sentence_by_sentence():
    """An alt text is translated sentence by sentence ("et al." ends no sentence); an
    untranslated sentence stays as it was, and translating twice changes nothing."""
    prose = "Optimum Q* = 2. Chen et al. bound holds. Period."
    once = TOY.translate_prose(prose)
    assert once == "最优 Q* = 2。Chen et al. bound holds. 期间。"
    assert TOY.translate_prose(once) == once


def test_the_word_check_catches_english():
    """The check used below flags English words and lets codes, symbols and acronyms
    through."""
    assert english_words("Order quantity Q (units)") == ["Order", "quantity", "units"]
    assert english_words("订货批量 Q（件） · D100 · WC50 · SO-000001 · EOQ · 10 %") == []
    assert english_words("$\\mathdefault{10^{2}}$") == []


# ----- Charts -----------------------------------------------------------------------------


def drawn_texts(figure) -> list[str]:
    """Every visible text of ``figure`` after drawing it (tick labels included)."""
    figure.savefig(io.BytesIO(), format="png")
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for axes in figure.axes:
        for table in axes.tables:
            texts += [c.get_text() for c in table.get_celld().values()]
    return [t.get_text() for t in texts]


def test_english_charts_are_untouched():
    """In English localize returns the same object and changes no text, no formatter and
    no font setting."""
    chart = CASES["eoq_cost_chart"]()
    fonts = dict(matplotlib.rcParams)
    before = drawn_texts(chart.figure)
    formatters = [ax.xaxis.get_major_formatter() for ax in chart.figure.axes]
    assert i18n.localize(chart) is chart
    assert drawn_texts(chart.figure) == before
    assert [ax.xaxis.get_major_formatter() for ax in chart.figure.axes] == formatters
    assert dict(matplotlib.rcParams) == fonts


@pytest.mark.parametrize("name", [*CASES, *EXTRA_CASES])
def test_chart_in_chinese_has_no_english_and_no_missing_glyph(zh, name):
    """Every text the chart draws, and its alt text, is Chinese (codes, symbols and
    acronyms aside) and drawing it warns of no missing glyph."""
    chart = i18n.localize({**CASES, **EXTRA_CASES}[name]())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        texts = drawn_texts(chart.figure)
        chart.figure.savefig(io.BytesIO(), format="png", dpi=110, bbox_inches="tight")
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert glyphs == []
    english = {t: english_words(t) for t in texts if english_words(t)}
    assert english == {}
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)
    assert english_words(chart.alt) == [], chart.alt


def test_localize_takes_figures_axes_and_sequences(zh):
    """A Figure, an Axes (also of a subfigure) and a tuple of them are translated in place
    and returned; other objects come back unchanged."""
    from matplotlib.figure import Figure

    figure = Figure()
    axes = figure.add_subplot()
    axes.set_title("Period")
    assert i18n.localize(figure) is figure and axes.get_title() == "期"
    other = Figure().subfigures(1, 2)[0].add_subplot()
    other.set_xlabel("Week")
    pair = (other,)
    assert i18n.localize(pair) is pair and other.get_xlabel() == "周"
    assert i18n.localize("Period") == "Period" and i18n.localize(3) == 3


def test_chinese_font_is_registered_only_in_chinese(zh):
    """Chinese puts the shipped CJK font first in matplotlib's sans-serif list and adds
    fallback fonts; English puts the list back."""
    before = None
    assert matplotlib.rcParams["font.sans-serif"][0] == _font.FAMILY
    assert "DejaVu Sans" in matplotlib.rcParams["font.family"]
    i18n.set_language("en")
    before = matplotlib.rcParams["font.sans-serif"]
    assert _font.FAMILY not in before
    assert _font.FAMILY not in matplotlib.rcParams["font.family"]


# ----- Widgets ----------------------------------------------------------------------------


def build_widget(name: str):
    """A widget of crmlab.widgets as a notebook builds it."""
    import crmlab.widgets as cw

    if name == "document_flow_explorer":
        from crmlab.erp import Enterprise

        enterprise = Enterprise.from_datasets()
        enterprise.create_sales_order("D100001", {"D100": 1200})
        return cw.document_flow_explorer(enterprise)
    if name == "matching_threshold_explorer":
        from crmlab import datasets
        from crmlab.crm import matching

        pairs = matching.score_pairs(datasets.load("customers"), datasets.load("erp_customers"))
        return cw.matching_threshold_explorer(pairs, datasets.load("customer_matches"))
    return getattr(cw, name)()


def widget_texts(widget) -> list[str]:
    """The texts a reader sees on a widget tree: descriptions, tooltips, option labels,
    titles, and the values of HTML and Label widgets."""
    import ipywidgets as widgets

    found = []
    for name in ("description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value.strip("\u200b").strip():
            found.append(value)
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath, widgets.Label)):
        found.append(widget.value)
    found += list(getattr(widget, "_options_labels", ()))
    found += list(getattr(widget, "titles", ()) or ())
    for child in getattr(widget, "children", ()) or ():
        found += widget_texts(child)
    return found


def _widget_names() -> list[str]:
    import crmlab.widgets as cw

    return list(cw.__all__)


@pytest.mark.parametrize("name", _widget_names())
def test_widget_in_chinese_has_no_english(zh, name):
    """Every label, option and readout of the widget is Chinese (codes aside)."""
    texts = widget_texts(build_widget(name))
    assert texts
    english = {t[:120]: english_words(t) for t in texts if english_words(t)}
    assert english == {}


def test_widget_readouts_stay_chinese_and_values_unchanged(zh):
    """A readout the widget rewrites on a redraw is translated again; translated option
    labels leave the options' values alone."""
    from crmlab.widgets import eoq_explorer, policy_explorer

    box = eoq_explorer()
    box.children[0].value = 2400.0
    summary = box.children[3].value
    assert "Q* = 309.8 件" in summary and "每年" in summary, summary
    policy = policy_explorer()
    chooser = policy.children[0]
    assert chooser.value == "base-stock" and chooser.label == "基础库存"
    chooser.value = "(s, S)"
    assert english_words(policy.children[-2].value) == []


def test_english_widgets_are_untouched():
    """In English the widgets' texts are exactly the English ones."""
    from crmlab.widgets import eoq_explorer

    texts = widget_texts(eoq_explorer())
    assert texts[0] == "Demand λ (units/year)"
    assert texts[3].startswith("<p>Q* = 219.1 units · total cost = 1,095.45 per year")


# ----- Data sheets ------------------------------------------------------------------------


def test_data_sheet_columns_in_chinese(zh):
    """In Chinese a data sheet's headings and column table are translated; the column
    names stay as in the CSV file."""
    from crmlab import datasets

    sheet = datasets.describe("products")
    assert "## 列" in sheet and "| 列名 | 类型 | 单位 / 取值 | 含义 |" in sheet
    rows = [line for line in sheet.splitlines() if line.startswith("| `")]
    assert rows and all(english_words(line.split("|")[-2]) == [] for line in rows)
    assert "| `item_id` |" in sheet


@pytest.mark.parametrize("name", ["bom", "customers", "locations", "transactions"])
def test_every_column_description_is_translated(zh, name):
    """Every column's meaning in the sheets' tables has a Chinese form."""
    from crmlab import datasets

    rows = [line for line in datasets.describe(name).splitlines() if line.startswith("| `")]
    assert rows
    for row in rows:
        meaning = row.strip("|").split("|")[-1]
        assert english_words(re.sub(r"`[^`]*`", "", meaning)) == [], row


# ----- The catalog and the font as shipped --------------------------------------------------


def po_messages():
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_catalog_is_complete_and_compiled():
    """No empty or fuzzy message; a template's placeholders are the same in both
    languages; the compiled .mo is the .po's current compilation."""
    messages = po_messages()
    assert len(messages) > 500
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []
    names = re.compile(r"\{(\w+)(?::\w+)?\}")
    for m in messages:
        assert sorted(names.findall(m.id)) == sorted(names.findall(m.string)), m.id
    script = ROOT / "scripts/compile_package_catalog.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0


def test_font_has_every_character_of_the_catalog():
    """The shipped regular and bold fonts, with the fallback font matplotlib ships
    (DejaVu Sans), have a glyph for every character the catalog's translations use."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    needed = {c for m in po_messages() for c in m.string if not c.isspace()}
    fallback = TTFont(font_manager.findfont("DejaVu Sans"), lazy=True).getBestCmap()
    for path in _font.font_paths():
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap and ord(c) not in fallback)
        assert missing == [], path
        assert Path(path).stat().st_size < 3_000_000


def test_font_and_catalog_are_in_the_wheel(tmp_path):
    """The built wheel carries the catalog (.po and .mo), both fonts and their licence.
    (Built from a copy of the sources, so that it never races the build in the work tree.)"""
    import shutil

    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-TEXT.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("crmlab-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for member in (
        "crmlab/i18n/locale/zh_CN/LC_MESSAGES/crmlab.po",
        "crmlab/i18n/locale/zh_CN/LC_MESSAGES/crmlab.mo",
        "crmlab/i18n/fonts/crmlab-NotoSansSC-Regular.otf",
        "crmlab/i18n/fonts/crmlab-NotoSansSC-Bold.otf",
        "crmlab/i18n/fonts/OFL.txt",
    ):
        assert member in names
