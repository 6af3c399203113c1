"""The exercise pipeline: master notebooks in otter-grader's assign format become a student
edition (no solutions, no hidden tests, instant offline feedback) and an autograder zip
(scripts/build_exercises.py). Everything runs offline, without Docker."""

import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "build_exercises", ROOT / "scripts" / "build_exercises.py"
)
build_exercises = importlib.util.module_from_spec(_spec)
sys.modules["build_exercises"] = build_exercises  # dataclasses look their module up there
_spec.loader.exec_module(build_exercises)

MASTERS = build_exercises.masters()
# otter's grader calls a pandas method that pandas deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")
EOQ = ROOT / "exercises" / "eoq.ipynb"
CHECK_CELL = re.compile(r'grader\.check\("(\w+)"\)')
ANSWER_TAG = "otter_answer_cell"


def ids(path):
    return path.stem


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """Build a master notebook into a temporary dist folder, once per module."""
    dist = tmp_path_factory.mktemp("dist")
    cache = {}

    def _build(master):
        if master not in cache:
            cache[master] = build_exercises.build_exercise(master, dist, check=False)
        return cache[master]

    return _build


def _read(path):
    return nbformat.read(path, as_version=4)


def _solution_cells(master_nb):
    """The master's code cells inside SOLUTION blocks, in order."""
    return [
        cell
        for block, cell in build_exercises._blocks(master_nb)
        if block == "solution" and cell.cell_type == "code"
    ]


def _filled(student_nb, master_nb):
    """The student edition with every blank answer cell replaced by the master's solution."""
    nb = nbformat.from_dict(student_nb)
    answers = [c for c in nb.cells if ANSWER_TAG in c.metadata.get("tags", [])]
    solutions = _solution_cells(master_nb)
    assert len(answers) == len(solutions) > 0
    for answer, solution in zip(answers, solutions, strict=True):
        answer.source = solution.source
    return nb


def _run(nb, workdir, name):
    """Execute a student notebook as the learner would (in its own folder, a fresh kernel),
    minus the export cell; return the executed notebook. The file is saved as
    ``alice-<name>.ipynb``, as a student renames it: the checks must not depend on the name."""
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if "grader.export(" not in c.source]
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"alice-{name}.ipynb"
    nbformat.write(nb, path)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def _check_outputs(nb):
    """What each `grader.check("q…")` cell showed: question -> its plain-text output."""
    shown = {}
    for cell in nb.cells:
        match = CHECK_CELL.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            shown[match.group(1)] = "".join(
                o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs
            )
    return shown


def _passed(text):
    return "All test cases passed!" in text


# ------------------------------------------------------------------------- master notebooks


def test_there_are_master_notebooks():
    """The glob finds the master notebooks, the EOQ exercise among them (so the tests below
    cannot pass vacuously), and never the build output in exercises/dist."""
    assert EOQ in MASTERS
    assert all(p.parent == ROOT / "exercises" for p in MASTERS)


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_master_is_committed_without_outputs(master):
    """Master notebooks carry no outputs or execution counts; nbval and the build run them."""
    for cell in _read(master).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_master_has_solutions_public_and_hidden_tests(master):
    """Each master holds solution lines, public tests and hidden tests: the things the build
    must separate."""
    nb = _read(master)
    assert build_exercises.solution_lines(nb)
    assert build_exercises.master_tests(nb, hidden=False)
    assert build_exercises.master_tests(nb, hidden=True)


# ---------------------------------------------------------------------------- the build


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_build_layout(master, build):
    """The build writes dist/<name>/student/<name>.ipynb (the page the book shows) and the
    autograder (solutions notebook and a stably named zip) under dist/<name>/autograder."""
    built = build(master)
    name = master.stem
    out = built.student_notebook.parents[1]
    assert out.name == name
    assert built.student_notebook == out / "student" / f"{name}.ipynb"
    assert [p.name for p in (out / "student").iterdir()] == [f"{name}.ipynb"]
    assert built.autograder_notebook == out / "autograder" / f"{name}.ipynb"
    assert built.autograder_zip == out / "autograder" / f"{name}-autograder.zip"
    assert zipfile.is_zipfile(built.autograder_zip)


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_student_edition_opens_with_the_setup_cell_then_otter(master, build):
    """The first code cell of the student edition is the project's Colab set-up cell; otter's
    init cell (which creates `grader`) comes right after it."""
    setup = next(c for c in _read(master).cells if c.cell_type == "code")
    assert setup.source.startswith("# Set-up: on Colab, install crmlab")
    code = [c for c in _read(build(master).student_notebook).cells if c.cell_type == "code"]
    assert code[0].source == setup.source
    assert "otter.Notebook(" in code[1].source and "\ngrader, " in code[1].source


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_setup_cell_installs_what_the_checks_need(master):
    """The set-up cell installs otter-grader, as well as crmlab, where it cannot be imported
    (on Colab, or in an environment with crmlab alone)."""
    setup = next(c for c in _read(master).cells if c.cell_type == "code").source
    assert "try:\n    import otter" in setup
    assert '%pip install --quiet "otter-grader>=' in setup


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_init_cell_carries_the_public_tests_not_the_file_name(master, build):
    """The student edition's init cell holds every public test itself (what otter put in the
    metadata) and names no notebook file, so `grader.check` works under any file name, in any
    folder, on Colab; it holds no hidden test."""
    import ast

    built = build(master)
    nb = _read(built.student_notebook)
    init = next(c for c in nb.cells if c.source.startswith("# Initialize Otter"))
    assert not re.search(r"[\w-]+\.ipynb", init.source), "the init cell names a notebook file"
    literal = init.source.split("_PUBLIC_TESTS = ", 1)[1].split("\n}\n", 1)[0] + "\n}"
    assert ast.literal_eval(literal) == dict(nb.metadata["otter"]["tests"])
    for name in build_exercises.master_tests(_read(master), hidden=False):
        assert f"def {name}(" in init.source
    for name in build_exercises.master_tests(_read(master), hidden=True):
        assert name not in init.source


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_student_edition_holds_no_solution_code(master, build):
    """No solution line of the master, and no otter marker, is left in the student edition's
    code; every answer cell holds a `...` blank instead."""
    built = build(master)
    student = _read(built.student_notebook)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    lines = build_exercises.solution_lines(_read(master))
    assert lines
    for line in lines:
        assert line not in code
    for marker in ("SOLUTION", "BEGIN TESTS", "# HIDDEN"):
        assert marker not in code
    answers = [c for c in student.cells if ANSWER_TAG in c.metadata.get("tags", [])]
    assert answers and all("..." in c.source for c in answers)
    assert build_exercises.leaks(master, built.student_notebook.parent) == []


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_hidden_tests_only_in_the_autograder(master, build):
    """Hidden test code is absent from every file of the student folder and present in the
    autograder zip and the autograder notebook; public tests are in both."""
    built = build(master)
    nb = _read(master)
    hidden = build_exercises.master_tests(nb, hidden=True)
    public = build_exercises.master_tests(nb, hidden=False)
    student_text = "\n".join(
        p.read_text(encoding="utf-8") for p in built.student_notebook.parent.rglob("*")
    )
    with zipfile.ZipFile(built.autograder_zip) as z:
        zip_tests = "\n".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("tests/")
        )
    autograder_nb = built.autograder_notebook.read_text(encoding="utf-8")
    for name in hidden:
        assert not re.search(rf"\b{name}\b", student_text)
        assert f"def {name}(" in zip_tests
        assert f"def {name}(" in autograder_nb
    for name in public:
        assert f"def {name}(" in student_text
        assert f"def {name}(" in zip_tests


def test_eoq_hidden_values_stay_out_of_the_student_edition(build):
    """The EOQ's hidden tests pin the exact answers (Q* = 600, TC* = 1,200, 13/12); those
    checks travel only in the autograder."""
    built = build(EOQ)
    student = built.student_notebook.read_text(encoding="utf-8")
    assert "np.sqrt(2 * order_cost * demand_rate / holding_cost)" not in student
    for check in ("q_star - 600.0", "total_cost - 1200.0", "cost_ratio - 13 / 12"):
        assert check not in student
    with zipfile.ZipFile(built.autograder_zip) as z:
        tests = "\n".join(z.read(n).decode() for n in z.namelist() if n.startswith("tests/"))
    for check in ("q_star - 600.0", "total_cost - 1200.0", "cost_ratio - 13 / 12"):
        assert check in tests


# ------------------------------------------------------------- instant feedback, offline


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_checks_pass_with_the_right_answers(master, build, tmp_path):
    """With every blank filled by the solution, each `grader.check` cell of the student
    edition reports that all its tests pass."""
    built = build(master)
    nb = _filled(_read(built.student_notebook), _read(master))
    shown = _check_outputs(_run(nb, tmp_path, master.stem))
    assert shown and all(_passed(text) for text in shown.values()), shown


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_checks_fail_with_the_blanks_left(master, build, tmp_path):
    """Run as handed out (blanks `...` left), every `grader.check` cell reports a failure."""
    built = build(master)
    shown = _check_outputs(_run(_read(built.student_notebook), tmp_path, master.stem))
    assert shown and not any(_passed(text) for text in shown.values()), shown


def test_eoq_check_catches_a_forgotten_two(build, tmp_path):
    """Q* = sqrt(K·λ/h) (the 2 forgotten) fails question 1's public check, with a message that
    points at the 2, while the other questions, answered right, still pass."""
    built = build(EOQ)
    nb = _filled(_read(built.student_notebook), _read(EOQ))
    for cell in nb.cells:
        cell.source = cell.source.replace("np.sqrt(2 * order_cost", "np.sqrt(order_cost")
    shown = _check_outputs(_run(nb, tmp_path, "eoq"))
    assert not _passed(shown["q1"])
    assert "check the 2" in shown["q1"]
    assert all(_passed(shown[q]) for q in ("q2", "q3", "q4", "q5"))


# ------------------------------------------------------------------------ the autograder


@pytest.mark.parametrize("master", MASTERS, ids=ids)
def test_autograder_gives_the_solutions_full_marks(master, build):
    """Otter's local grader (no Docker: otter.api.grade_submission) gives the solutions
    notebook full marks with the autograder zip."""
    from otter.api import grade_submission

    built = build(master)
    results = grade_submission(
        str(built.autograder_notebook), str(built.autograder_zip), quiet=True
    )
    assert results.possible > 0
    assert results.total == results.possible


def test_eoq_hidden_tests_count_in_grading(build, tmp_path):
    """A submission that changes the data (λ = 5,000) passes every public check, yet the
    hidden tests, which pin the answers for λ = 4,800, cost it marks: 13 points possible."""
    from otter.api import grade_submission

    built = build(EOQ)
    nb = _filled(_read(built.student_notebook), _read(EOQ))
    for cell in nb.cells:
        cell.source = cell.source.replace("demand_rate = 4_800", "demand_rate = 5_000")
    shown = _check_outputs(_run(nb, tmp_path, "eoq"))
    assert all(_passed(text) for text in shown.values()), shown
    submission = tmp_path / "alice-eoq.ipynb"
    results = grade_submission(str(submission), str(built.autograder_zip), quiet=True)
    assert results.possible == 13
    assert 0 < results.total < results.possible


def test_command_line_builds_and_checks(tmp_path, capsys):
    """`python scripts/build_exercises.py eoq` builds, grades the solutions and reports the
    score; an unknown name is refused."""
    assert build_exercises.main(["eoq", "--dist", str(tmp_path)]) == 0
    assert "solutions 13/13" in capsys.readouterr().out
    assert (tmp_path / "eoq" / "student" / "eoq.ipynb").is_file()
    with pytest.raises(SystemExit):
        build_exercises.main(["no-such-exercise", "--dist", str(tmp_path)])


def test_build_refuses_a_master_whose_solution_fails_its_tests(tmp_path):
    """A master whose solution is wrong (Q* without the 2) does not build: the solutions must
    score full marks with the autograder before anything is handed out."""
    master = tmp_path / "eoq.ipynb"
    text = EOQ.read_text(encoding="utf-8")
    assert "np.sqrt(2 * order_cost" in text
    master.write_text(text.replace("np.sqrt(2 * order_cost", "np.sqrt(order_cost"), "utf-8")
    with pytest.raises(build_exercises.BuildError, match="score"):
        build_exercises.build_exercise(master, tmp_path / "dist")
