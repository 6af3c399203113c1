"""The exercises in Chinese (issue 15, point 6): `make exercises` writes, beside each English
student edition and autograder, a Chinese one into `exercises/dist/<name>/zh/`, and
`crmlab grade` grades either.

The Chinese master is the English master with its prose translated from the book's catalog of
the exercise page and its tests' messages from `locales/zh_CN/LC_MESSAGES/exercise-feedback/`:
the same questions, names, points and checks, so the solutions score the same and a wrong
answer meets the same check, in Chinese.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "build_exercises", ROOT / "scripts/build_exercises.py"
)
build_exercises = importlib.util.module_from_spec(_spec)
sys.modules["build_exercises"] = build_exercises
_spec.loader.exec_module(build_exercises)

I18N = build_exercises._i18n()
EXERCISES = ("eoq", "customer_value", "scm", "erp", "bpr")
CJK = re.compile(r"[\u4e00-\u9fff]")
ANSWER_TAG = "otter_answer_cell"
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each exercise's Chinese edition built afresh, its solutions graded by otter."""
    out = tmp_path_factory.mktemp("dist")
    return {
        name: build_exercises.build_chinese(ROOT / "exercises" / f"{name}.ipynb", out)
        for name in EXERCISES
    }


@pytest.mark.parametrize("name", EXERCISES)
def test_chinese_edition_is_complete_and_scores_full_marks(built, name):
    result, missing = built[name]
    assert not missing, f"{name}: English left in the Chinese edition: {missing[:5]}"
    assert result.score == result.possible > 0
    student = nbformat.read(result.student_notebook, as_version=4)
    prose = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert len(CJK.findall(prose)) > 500
    assert any('crmlab.set_language("zh")' in c.source for c in student.cells)


@pytest.mark.parametrize("name", EXERCISES)
def test_public_test_messages_are_chinese(built, name):
    """What a student reads when an answer fails a check is Chinese."""
    student = nbformat.read(built[name][0].student_notebook, as_version=4)
    init = next(c.source for c in student.cells if c.source.startswith("# Initialize Otter"))
    tests = ast.literal_eval(init.split("_PUBLIC_TESTS = ", 1)[1].split("\n\n\n", 1)[0])
    messages = [m for source in tests.values() for _, m in I18N.feedback_messages(source)]
    assert messages
    kept = I18N.lookup_table(I18N.read(f"exercise-feedback/{name}"))  # formulas stay as they are
    english = [m for m in messages if not CJK.search(m) and kept.get(m) != m]
    assert not english, f"{name}: feedback still in English: {english}"


def test_translating_feedback_keeps_the_code() -> None:
    i18n = I18N
    source = 'def t(x, name="x"):\n    assert x > 0, "x should be positive"\n' \
        '    assert x < 9, f"{name} is too big"\n'  # fmt: skip
    table = {"x should be positive": "x 应为正数", 'f"{name} is too big"': 'f"{name} 太大"'}
    out, missing = i18n.translate_feedback(source, table)
    assert missing == []
    assert "'x 应为正数'" in out and 'f"{name} 太大"' in out
    ast.parse(out)
    assert (
        out.replace("'x 应为正数'", '"x should be positive"').replace(
            'f"{name} 太大"', 'f"{name} is too big"'
        )
        == source
    )


def test_crmlab_grade_grades_a_chinese_submission(built, tmp_path):
    """The master solutions pasted into the Chinese student notebook earn full marks under
    `crmlab grade` with the Chinese autograder, and a wrong answer reads Chinese feedback."""
    from crmlab import cli
    from crmlab.grading import sandbox

    if sandbox.bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    result = built["eoq"][0]
    master = nbformat.read(ROOT / "exercises" / "eoq.ipynb", as_version=4)
    solutions = [
        c.source
        for block, c in build_exercises._blocks(master)
        if block == "solution" and c.cell_type == "code"
    ]
    (tmp_path / "in").mkdir()
    for student, answers in (("li", solutions), ("wang", ["q_star = 1.0\nq_star"])):
        nb = nbformat.read(result.student_notebook, as_version=4)
        cells = [c for c in nb.cells if ANSWER_TAG in c.metadata.get("tags", [])]
        for cell, source in zip(cells, answers, strict=False):
            cell.source = source
        nbformat.write(nb, tmp_path / "in" / f"{student}.ipynb")
    out = tmp_path / "out"
    code = cli.main(
        ["grade", str(tmp_path / "in"), "--autograder", str(result.autograder_zip)]
        + ["--out", str(out), "--timeout", "180"]
    )
    assert code == 0
    book = pd.read_csv(out / "gradebook.csv", dtype={"student": str}, keep_default_na=False)
    totals = book.groupby("student")[["points", "max_points"]].sum()
    assert totals.loc["li", "points"] == totals.loc["li", "max_points"] == result.possible
    assert totals.loc["wang", "points"] < result.possible
