"""Checks that hold the corrections of a specialist read of the book against the course
text and its sources (issue 11), so that the errors cannot come back."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _page(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _cells(path: str, kind: str | None = None) -> list[str]:
    cells = json.loads(_page(path))["cells"]
    return ["".join(c["source"]) for c in cells if kind is None or c["cell_type"] == kind]


def _markdown(path: str) -> str:
    return "\n".join(_cells(path, "markdown"))


def test_privacy_page_cites_the_laws_exactly():
    """GDPR Art. 4(1) defines personal data by a "natural person", not a living one; the
    PIPL's rule of separate consent for sensitive personal information is Art. 29 (Art. 28
    defines the category). The synthetic demand has promotions (crmlab.datasets.supply)."""
    text = _page("book/crm/privacy.md")
    assert "identifiable natural person" in text and "living person" not in text
    assert "separate consent (Art. 29)" in text
    assert not re.search(r"no\s+promotions", text)


def test_notation_table_is_followed_on_the_inventory_pages():
    """book/index.md holds one notation table (λ demand rate, K fixed order cost, h holding
    cost, τ protection interval); the inventory pages and exercise use λ for demand, not μ
    (μ is kept for the service rate in queueing), lot sizing writes K for the set-up cost,
    and the beer game's demand signal is D_t, since L is the lead time everywhere else."""
    index = _page("book/index.md")
    assert "(notation-table)=" in index
    for symbol in (r"$\lambda$", "$K$", "$h$", r"$\tau$", "$L$"):
        assert f"| {symbol}" in index, symbol
    for path in ("notebooks/scm/04_inventory_policies.ipynb", "exercises/scm.ipynb"):
        assert r"\mu" not in _markdown(path), path
    assert "setup cost $S$" not in _markdown("notebooks/erp/04_lot_sizing.ipynb")
    beer = _markdown("notebooks/scm/09_beer_game.ipynb")
    assert not re.search(r"(?<![S\\])L_t|hat L", beer) and r"\hat D_t" in beer


def test_one_safety_stock_convention():
    """Safety stock is zσ√(L+1) for a policy reviewed every period and zσ√L under
    continuous review (Snyder & Shen 2019, ch. 4); the summary must not write zσ√L for
    "lead time + 1", and the bullwhip page says how Chen et al.'s L relates to it."""
    summary = _page("book/scm/summary.md")
    assert r"z\sigma\sqrt{L+1}" in summary and r"z\sigma\sqrt{L}" in summary
    assert "protection interval" in _markdown("notebooks/scm/08_bullwhip.ipynb")
    assert r"\tau = L + 1" in _markdown("notebooks/scm/04_inventory_policies.ipynb")


def test_erp_stages_example_is_feasible():
    """The bicycle factory of notebooks/erp/02 must be feasible in time: no planned release
    falls before period 1 (no past-due exception), in the MRP plan and in the closed-loop
    plan that MRP II values. The notebook's own code cells are run."""
    namespace: dict = {}
    for source in _cells("notebooks/erp/02_from_mrp_to_erp.ipynb", "code"):
        if "%pip" in source or "plots." in source:
            continue
        exec(compile(source, "erp-02", "exec"), namespace)  # noqa: S102
        if "loop = closed_loop(" in source:
            break
    assert namespace["plan"].exceptions == []
    assert namespace["loop"].plan.exceptions == []
    assert namespace["loop"].message == "no work centre is overloaded"


def test_key_issues_map_and_table_agree():
    """notebooks/scm/02 has one list of the seven key issues (its table); the tour's list in
    the package names the same issues, each with a page of that issue's row, and the page
    prints no internal labels."""
    from crmlab.widgets import scm

    text = _markdown("notebooks/scm/02_key_issues_and_trends.ipynb")
    rows = re.findall(r"^\| (\d)\. ([^|]+?) \|[^|]+\|([^|]+)\|$", text, flags=re.MULTILINE)
    assert len(rows) == 7
    for (_, issue, pages), (name, _, label) in zip(rows, scm.KEY_ISSUES, strict=True):
        assert issue == name
        assert f"{{ref}}`{label}`" in pages, (issue, label)
    code = "\n".join(_cells("notebooks/scm/02_key_issues_and_trends.ipynb", "code"))
    assert "KEY_ISSUES" not in code


@pytest.mark.parametrize(
    "path",
    ["notebooks/erp/01_erp_defined.ipynb", "book/erp/summary.md", "book/erp/intro.md"],
)
def test_erp_modules_in_the_course_texts_four_groups(path):
    """The course text groups ERP's modules in four: production planning and control (the
    core), logistics, finance and human resources."""
    text = _markdown(path) if path.endswith(".ipynb") else _page(path)
    text = " ".join(text.split())
    assert "production planning and control" in text
    for group in ("logistics", "finance", "human resources"):
        assert group in text.lower(), group


def test_words_that_were_wrong():
    """Single phrases the read found wrong: MRP comes before notebooks/erp/06, offered load
    is λ·E[S] in Erlangs, ERP's aim is social wealth, CRM is not only computerising the
    firm's management, and both senses of information islands are taught."""
    assert "next notebooks" not in _markdown("notebooks/erp/06_erp_database.ipynb")
    bpr03 = _markdown("notebooks/bpr/03_simulating_as_is.ipynb")
    assert r"a = \lambda \times E[S]" in bpr03 and "Erlang C" in bpr03
    assert "social wealth" in _page("book/erp/intro.md")
    assert "computerising the firm's management" in _page("book/scm/intro.md")
    islands = " ".join(_markdown("notebooks/erp/07_information_islands.ipynb").split())
    assert "*between* firms" in _page("book/erp/intro.md")
    assert "whole firms" in islands


def test_no_page_calls_the_deprecated_offered_load():
    """Process.offered_load returned utilisation under the wrong name and is deprecated; the
    notebooks and exercises use Process.offered_erlangs (a) and Process.utilization (ρ)."""
    pages = sorted(ROOT.glob("notebooks/**/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))
    assert pages
    for page in pages:
        code = "\n".join(_cells(str(page.relative_to(ROOT)), "code"))
        assert ".offered_load(" not in code, page.name


def test_past_due_exceptions_are_shown_without_a_period_before_1():
    """Periods are numbered from 1 (book/index.md); a past-due MRP exception's ``period``
    field counts back from 1 (0, −1, ...), so the MRP page shows its message, which says
    "past due by n periods", and not that field."""
    cells = _cells("notebooks/erp/03_bom_and_mrp.ipynb", "code")
    shown = [c for c in cells if "exceptions" in c and ".head(" in c]
    assert shown and all('[["item", "kind", "message"]]' in c for c in shown)
