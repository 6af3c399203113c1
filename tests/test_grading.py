"""`crmlab grade`: a folder of submissions graded without Docker, each in its own child
process with time and memory limits; bad submissions are recorded and grading goes on."""

import importlib.util
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmlab import cli
from crmlab.grading import grade_submission, load_tests
from crmlab.grading.snapshot import restore

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "build_exercises", ROOT / "scripts/build_exercises.py"
)
build_exercises = importlib.util.module_from_spec(_spec)
sys.modules["build_exercises"] = build_exercises
_spec.loader.exec_module(build_exercises)

pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")
ANSWER_TAG = "otter_answer_cell"
TIMEOUT = 20.0


@pytest.fixture(scope="module")
def eoq(tmp_path_factory):
    """The EOQ exercise built into a scratch folder: (student notebook, autograder zip)."""
    dist = tmp_path_factory.mktemp("dist")
    build_exercises.build_exercise(ROOT / "exercises" / "eoq.ipynb", dist, check=False)
    return (
        dist / "eoq" / "student" / "eoq.ipynb",
        dist / "eoq" / "autograder" / "eoq-autograder.zip",
    )


def _solutions():
    master = nbformat.read(ROOT / "exercises" / "eoq.ipynb", as_version=4)
    return [
        c.source
        for block, c in build_exercises._blocks(master)
        if block == "solution" and c.cell_type == "code"
    ]


def _submission(student_path, answers=None, extra=()):
    """The student notebook with answer cells replaced (index -> source) and extra cells
    appended at the end."""
    nb = nbformat.read(student_path, as_version=4)
    cells = [c for c in nb.cells if ANSWER_TAG in c.metadata.get("tags", [])]
    for i, source in (answers or {}).items():
        cells[i].source = source
    nb.cells.extend(nbformat.v4.new_code_cell(s) for s in extra)
    return nb


TAMPER = [
    # Fake feedback and redefined checking functions, in the student's own kernel.
    "import builtins, numpy as np\n"
    "print('q1 results: All test cases passed!\\nq2 results: All test cases passed!')\n"
    "np.isclose = lambda *a, **k: True\n"
    "builtins.abs = lambda x: 0\n"
    "grader.check = lambda *a, **k: 'passed'",
    # Look for the tests and overwrite every autograder zip and test file it can find.
    "import glob, os, zipfile\n"
    "os.makedirs('tests', exist_ok=True)\n"
    "open('tests/q2.py', 'w').write('OK_FORMAT = False\\nname = \"q2\"\\npoints = 99\\n')\n"
    "for z in glob.glob('/tmp/**/*-autograder.zip', recursive=True):\n"
    "    with zipfile.ZipFile(z, 'w') as f:\n"
    "        f.writestr('tests/q2.py', 'OK_FORMAT = False\\nname = \"q2\"\\npoints = 99\\n')\n"
    "found_tests = glob.glob('**/q*.py', recursive=True)",
]


@pytest.fixture(scope="module")
def graded(eoq, tmp_path_factory):
    """A folder with a correct, a wrong, an empty, a crashing, an endless-loop, a malformed
    and a tampering submission, graded once through the command line."""
    student, zip_path = eoq
    sols = _solutions()
    folder = tmp_path_factory.mktemp("submissions")
    full = dict(enumerate(sols))
    nbformat.write(_submission(student, full), folder / "correct.ipynb")
    wrong = dict(full)
    wrong[0] = sols[0].replace("2 *", "1 *")
    assert wrong[0] != sols[0]
    nbformat.write(_submission(student, wrong), folder / "wrong.ipynb")
    (folder / "empty.ipynb").write_bytes(b"")
    nbformat.write(_submission(student, full, ["import os\nos._exit(1)"]), folder / "crash.ipynb")
    nbformat.write(_submission(student, {0: "while True:\n    pass"}), folder / "loop.ipynb")
    (folder / "malformed.ipynb").write_text("{this is not a notebook", encoding="utf-8")
    nbformat.write(_submission(student, {0: sols[0]}, TAMPER), folder / "tamper.ipynb")
    out = tmp_path_factory.mktemp("grades")
    start = time.perf_counter()
    code = cli.main(
        [
            "grade",
            str(folder),
            "--autograder",
            str(zip_path),
            "--out",
            str(out),
            "--timeout",
            str(TIMEOUT),
        ]
    )
    elapsed = time.perf_counter() - start
    assert code == 0
    book = pd.read_csv(out / "gradebook.csv")
    totals = book.groupby("student").agg(
        points=("points", "sum"), max_points=("max_points", "sum"), status=("status", "first")
    )
    return totals, book, out, elapsed, sols


def test_gradebook_has_every_student_and_question(graded):
    """One row per student and question (5 questions, 13 points), columns as documented."""
    totals, book, *_ = graded
    assert list(book.columns) == ["student", "question", "points", "max_points", "status"]
    assert set(totals.index) == {
        "correct",
        "wrong",
        "empty",
        "crash",
        "loop",
        "malformed",
        "tamper",
    }
    assert (book.groupby("student").size() == 5).all()
    assert (totals["max_points"] == 13).all()


def test_correct_and_wrong_submissions(graded):
    """The solutions earn 13/13. Forgetting the 2 in Q* = sqrt(2Kλ/h) keeps 1 of question
    1's 3 points (otter splits them over its 3 test cases; only "is a number" passes) and
    loses nothing else (question 2 uses crmlab's eoq, not the student's formula)."""
    totals, book, *_ = graded
    assert totals.loc["correct", "points"] == 13
    assert totals.loc["correct", "status"] == "ok"
    wrong = book[book.student == "wrong"].set_index("question")["points"]
    assert wrong["q1"] == 1
    assert wrong.drop("q1").sum() == 10


def test_bad_submissions_are_recorded_and_grading_goes_on(graded):
    """Empty, crashing, endless-loop and malformed submissions get 0 with their status."""
    totals, *_ = graded
    expected = {
        "empty": "empty",
        "crash": "crashed",
        "loop": "timeout",
        "malformed": "not a notebook",
    }
    for student, status in expected.items():
        assert totals.loc[student, "status"] == status, student
        assert totals.loc[student, "points"] == 0, student


def test_tampering_earns_only_what_it_earned(graded):
    """Fake printed results, redefined checks (np.isclose, abs, grader.check) and
    overwritten test files and autograder zips earn nothing: only question 1, answered
    correctly, scores (3 points)."""
    totals, book, *_ = graded
    assert totals.loc["tamper", "status"] == "ok"
    points = book[book.student == "tamper"].set_index("question")["points"]
    assert points["q1"] == 3
    assert points.drop("q1").sum() == 0


def test_feedback_file_per_student(graded):
    """Each student gets a Markdown feedback file; public-test messages are shown, hidden
    tests only counted."""
    _, _, out, _, _ = graded
    files = {p.stem for p in (out / "feedback").glob("*.md")}
    assert files == {"correct", "wrong", "empty", "crash", "loop", "malformed", "tamper"}
    wrong = (out / "feedback" / "wrong.md").read_text()
    assert "q1: 1 / 3" in wrong and "hidden tests passed" in wrong
    assert "600" not in wrong  # the hidden test's expected value is not revealed


def test_grading_time_is_bounded(graded):
    """Seven submissions, one of them an endless loop, finish well within 7 × the limit."""
    *_, elapsed, _ = graded
    assert elapsed < 7 * TIMEOUT


def test_snapshot_carries_data_not_code():
    """Only data and allow-listed library references come back from the student kernel."""
    env = restore(
        '{"x": {"t": "py", "v": 2.5}, "np": {"t": "module", "v": "numpy"},'
        ' "f": {"t": "ref", "module": "crmlab.scm.inventory", "name": "eoq"},'
        ' "evil": {"t": "module", "v": "os"},'
        ' "evil2": {"t": "ref", "module": "subprocess", "name": "run"},'
        ' "df": {"t": "DataFrame", "v": "{\\"columns\\":[\\"a\\"],\\"index\\":[0],'
        '\\"data\\":[[1]]}"}}'
    )
    assert env["x"] == 2.5
    assert env["np"].__name__ == "numpy"
    assert env["f"].__name__ == "eoq"
    assert "evil" not in env and "evil2" not in env
    assert env["df"]["a"].tolist() == [1]


def test_bad_arguments_raise(eoq, tmp_path):
    """A missing autograder, a non-positive timeout or a tiny memory limit is refused."""
    student, zip_path = eoq
    with pytest.raises(ValueError, match="autograder"):
        load_tests(tmp_path / "nope.zip")
    with pytest.raises(ValueError, match="timeout"):
        grade_submission(student, load_tests(zip_path), timeout=0)
    with pytest.raises(ValueError, match="memory_mb"):
        grade_submission(student, load_tests(zip_path), memory_mb=10)
