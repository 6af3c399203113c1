"""`crmlab grade`: right scores for right answers, a bubblewrap sandbox per submission that no
attack escapes, nothing lost on a crash, and the instructor's workflow.

Each attack of issue 14 is a submission graded in one run *before* an honest wrong and a
correct submission (files are graded in name order), which must keep their scores. Runs are
shared among many assertions through module-scoped fixtures to keep the suite fast.
"""

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmlab import cli
from crmlab.grading import grade_folder, load_tests
from crmlab.grading import sandbox as sb
from crmlab.grading.grade import late_penalty, match_roster, safe_cell
from crmlab.grading.snapshot import preload, restore

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "build_exercises", ROOT / "scripts/build_exercises.py"
)
build_exercises = importlib.util.module_from_spec(_spec)
sys.modules["build_exercises"] = build_exercises
_spec.loader.exec_module(build_exercises)

pytestmark = [
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop"),
    pytest.mark.skipif(sb.bwrap_path() is None, reason="bubblewrap is not installed"),
]
ANSWER_TAG = "otter_answer_cell"
TIMEOUT = 60.0
EXERCISES = ("eoq", "customer_value", "scm", "erp", "bpr")
MARKER = "crmlab-attack-marker"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """Every exercise built into a scratch folder (no solution check: grading checks it)."""
    out = tmp_path_factory.mktemp("dist")
    for name in EXERCISES:
        build_exercises.build_exercise(ROOT / "exercises" / f"{name}.ipynb", out, check=False)
    return out


def _paths(dist, name):
    return (
        dist / name / "student" / f"{name}.ipynb",
        dist / name / "autograder" / f"{name}-autograder.zip",
    )


def _solutions(name="eoq"):
    master = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    return [
        c.source
        for block, c in build_exercises._blocks(master)
        if block == "solution" and c.cell_type == "code"
    ]


def _submission(student_path, answers=None, extra=(), before=()):
    """The student notebook with answer cells replaced (index -> source), ``before`` cells
    put first and ``extra`` cells appended."""
    nb = nbformat.read(student_path, as_version=4)
    cells = [c for c in nb.cells if ANSWER_TAG in c.metadata.get("tags", [])]
    for i, source in (answers or {}).items():
        cells[i].source = source
    nb.cells[:0] = [nbformat.v4.new_code_cell(s) for s in before]
    nb.cells.extend(nbformat.v4.new_code_cell(s) for s in extra)
    return nb


def _full(name, student):
    return _submission(student, dict(enumerate(_solutions(name))))


def _totals(out):
    book = pd.read_csv(out / "gradebook.csv", dtype={"student": str}, keep_default_na=False)
    return book, book.groupby("student").agg(
        points=("points", "sum"), max_points=("max_points", "sum"), status=("status", "first")
    )


# ----------------------------------------------------------------------- 1. right scores


@pytest.fixture(scope="module")
def five(dist, attacked, tmp_path_factory):
    """The master solutions of all five exercises, each graded with ``crmlab grade`` (eoq's
    are the correct submission of the attack run)."""
    results = {"eoq": attacked["book"][1].loc["z_correct"]}
    for name in EXERCISES[1:]:
        student, zip_path = _paths(dist, name)
        folder = tmp_path_factory.mktemp(f"sub-{name}")
        nbformat.write(_full(name, student), folder / "solutions.ipynb")
        out = tmp_path_factory.mktemp(f"out-{name}")
        code = cli.main(
            ["grade", str(folder), "--autograder", str(zip_path), "--out", str(out)]
            + ["--timeout", "180"]
        )
        assert code == 0
        results[name] = _totals(out)[1].loc["solutions"]
    return results


@pytest.mark.parametrize("name", EXERCISES)
def test_master_solutions_earn_full_marks(five, name):
    """Issue 14, point 1: every exercise's solutions score full marks under crmlab grade,
    including bpr and erp, whose tests read crmlab result objects (SimulationResult,
    MatchQuality, Enterprise) that now travel as tagged data."""
    row = five[name]
    assert row["status"] == "ok"
    assert row["points"] == row["max_points"] > 0


def test_type_only_public_tests_are_worth_nothing(dist):
    """A public test that only checks a type (isinstance / hasattr) is worth 0 points in
    every exercise: an answer of the right type but the wrong value earns nothing for it."""
    import ast

    from otter.test_files import ExceptionTestFile

    checked = 0
    for name in EXERCISES:
        _, zip_path = _paths(dist, name)
        tests = load_tests(zip_path)
        for question, source in tests.items():
            tf = ExceptionTestFile.from_string(source, path=f"{question}.py")
            module = ast.parse(source)
            funcs = [f for f in module.body if isinstance(f, ast.FunctionDef)]
            assert len(funcs) == len(tf.test_cases)
            for case, func in zip(tf.test_cases, funcs, strict=True):
                if case.hidden:
                    continue
                asserts = [n.test for n in ast.walk(func) if isinstance(n, ast.Assert)]
                type_only = asserts and all(
                    isinstance(t, ast.Call)
                    and getattr(t.func, "id", "") in ("isinstance", "hasattr")
                    for t in asserts
                )
                if type_only:
                    checked += 1
                    assert case.points == 0, (name, question, case.name)
    assert checked >= 3


def test_result_objects_round_trip():
    """crmlab dataclasses, DataFrames with integer and tuple labels, Series, arrays and sets
    come back as the same types with the same values."""
    preload()
    import numpy as np

    from crmlab.erp.mrp import mrp
    from crmlab.grading.snapshot import DUMP_CELL, SNAPSHOT_FILE

    plan = mrp({"bike": [0, 0, 0, 100]}, {"bike": {"wheel": 2}}, {"bike": 1, "wheel": 1})
    frame = pd.DataFrame({0: [1.5, np.nan], 1: ["a", None]}, index=["x", "y"])
    namespace = {
        "plan": plan,
        "frame": frame,
        "series": pd.Series([1, 2], index=[("a", 1), ("b", 2)], name="s"),
        "arr": np.arange(6).reshape(2, 3),
        "tags": {1, 2},
        "inf": float("inf"),
    }
    cwd = os.getcwd()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            exec(DUMP_CELL, namespace)
            text = Path(SNAPSHOT_FILE).read_text()
        finally:
            os.chdir(cwd)
    env = restore(text)
    assert type(env["plan"]) is type(plan)
    pd.testing.assert_frame_equal(
        env["plan"].record("wheel"), plan.record("wheel"), check_dtype=False
    )
    pd.testing.assert_frame_equal(env["frame"], frame)
    assert env["series"].index.tolist() == [("a", 1), ("b", 2)]
    assert env["arr"].shape == (2, 3) and env["arr"].dtype == namespace["arr"].dtype
    assert env["tags"] == {1, 2} and env["inf"] == float("inf")


def test_snapshot_carries_data_not_code():
    """Only data and references to modules the grader imported itself come back: a module
    or function named by the submission is never imported."""
    preload()
    env = restore(
        '{"x": {"t": "py", "v": 2.5}, "np": {"t": "module", "v": "numpy"},'
        ' "f": {"t": "ref", "module": "crmlab.scm.inventory", "name": "eoq"},'
        ' "evil": {"t": "module", "v": "os"},'
        ' "evil2": {"t": "ref", "module": "subprocess", "name": "run"},'
        ' "evil3": {"t": "module", "v": "crmlab.not_a_module_h4"},'
        ' "evil4": {"t": "dataclass", "module": "crmlab.not_a_module_h4", "name": "X", "v": {}}}'
    )
    assert env["x"] == 2.5
    assert env["np"].__name__ == "numpy"
    assert env["f"].__name__ == "eoq"
    assert not {"evil", "evil2", "evil3", "evil4"} & set(env)
    assert "crmlab.not_a_module_h4" not in sys.modules


def test_deep_snapshot_is_refused_not_a_crash():
    """A snapshot nested 200,000 levels deep raises ValueError (graded as bad results)."""
    deep = '{"x": ' + '{"t": "list", "v": [' * 200_000 + "]}" * 200_000 + "}"
    with pytest.raises(ValueError, match="deep"):
        restore(deep)


# -------------------------------------------------------------------------- 2/5. attacks

ATTACKS = {
    # read the hidden tests or the master through /proc of the grader, or by path
    "a1_snoop_module": [
        "import glob, os, json\n"
        "found = []\n"
        "for p in glob.glob('/proc/[0-9]*'):\n"
        "    try:\n"
        "        found.append(open(p + '/cmdline').read())\n"
        "        found.append(os.readlink(p + '/cwd'))\n"
        "    except OSError: pass\n"
        "for path in [MASTER, ZIP, SUBS, OUT]:\n"
        "    try:\n"
        "        found += os.listdir(path) if os.path.isdir(path) else [open(path,'rb').read(9)]\n"
        "    except OSError: pass\n"
        "src = json.load(open(MASTER)) if os.path.exists(MASTER) else None\n"
        "if src:\n"
        "    for c in src['cells']:\n"
        "        if c['cell_type'] == 'code' and 'SOLUTION' in ''.join(c['source']):\n"
        "            exec(''.join(c['source']))\n"
        # detect grading from the folder name, HOME and the environment
        "graded = any('grad' in s for s in [os.getcwd(), os.environ.get('HOME', ''),"
        " *os.environ])\n"
        "seen = len(found)\n",
        # a module object among the variables, named like an allowed library
        "import types, sys\n"
        "open('crmlab_pwned_h4.py', 'w').write('import os; os.environ[\"PWNED_H4\"] = \"1\"')\n"
        "evil = types.ModuleType('crmlab.pwned_h4')\n"
        "evil2 = types.ModuleType('crmlab_pwned_h4')\n",
    ],
    # rewrite otter's files and drop a .pth into site-packages; overwrite a classmate's
    # submission and anything under /tmp
    "a2_tamper_kill": [
        "import os, glob, otter, site, sys\n"
        "import otter.test_files.abstract_test as a\n"
        "for f in [a.__file__, otter.__file__]:\n"
        "    try:\n"
        "        open(f, 'a').write('\\nraise SystemExit\\n')\n"
        "    except OSError as e: err = e\n"
        "for d in site.getsitepackages() + [p for p in sys.path if 'site-packages' in p]:\n"
        "    try:\n"
        "        open(os.path.join(d, 'zz_crmlab_attack.pth'), 'w').write('import os\\n')\n"
        "    except OSError as e: err = e\n"
        "for f in glob.glob(SUBS + '/*') + glob.glob('/tmp/**', recursive=True):\n"
        "    try:\n"
        "        open(f, 'w').write('{}')\n"
        "    except OSError as e: err = e\n",
        # then SIGKILL the grader: every process it can see
        "import os, signal\n"
        "for p in os.listdir('/proc'):\n"
        "    if p.isdigit() and int(p) != os.getpid():\n"
        "        try: os.kill(int(p), signal.SIGKILL)\n"
        "        except OSError: pass\n",
    ],
    # a double-forked process that outlives the run, keeps its pipes and rewrites the gradebook
    "a4_daemon": [
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.environ['X'] = '{MARKER}'\n"
        "        for _ in range(120):\n"
        "            time.sleep(0.5)\n"
        "            try:\n"
        "                open(OUT + '/gradebook.csv', 'a').write('z_wrong,q1,99,3,ok\\n')\n"
        "            except OSError: pass\n"
        "        os._exit(0)\n"
        "    os._exit(0)\n"
    ],
    # fork bomb
    "a6_forkbomb": [
        "import os, time\n"
        "kids = 0\n"
        "try:\n"
        "    for _ in range(5000):\n"
        "        if os.fork() == 0:\n"
        "            try: time.sleep(300)\n"
        "            finally: os._exit(0)\n"
        "        kids += 1\n"
        "except OSError: pass\n"
    ],
    # memory exhaustion through several children, each under the per-process limit
    "a7_memory": [
        "import os, time\n"
        "for _ in range(5):\n"
        "    if os.fork() == 0:\n"
        "        try:\n"
        "            block = bytearray(b'x') * (500 * 2**20)\n"
        "            time.sleep(300)\n"
        "        finally:\n"
        "            os._exit(0)\n"
        "time.sleep(30)\n"
    ],
    # a snapshot nested 200,000 levels deep
    "a8_deep": [
        "import json\n"
        "json.dump = lambda obj, f, **k: f.write('{\"x\": ' + '[' * 200000 + ']' * 200000 + '}')\n"
    ],
}


@pytest.fixture(scope="module")
def attacked(dist, tmp_path_factory):
    """Every attack, then an honest wrong and a correct submission, graded in one run with
    -j 2 (files are taken in name order, so the honest ones start last)."""
    student, zip_path = _paths(dist, "eoq")
    sols = _solutions()
    folder = tmp_path_factory.mktemp("attack-subs")
    out = tmp_path_factory.mktemp("attack-out")
    consts = (
        f"MASTER = {str(ROOT / 'exercises' / 'eoq.ipynb')!r}\nZIP = {str(zip_path)!r}\n"
        f"SUBS = {str(folder)!r}\nOUT = {str(out)!r}\n"
    )
    for name, cells in ATTACKS.items():
        answers = {0: sols[0]} if name == "a1_snoop_module" else {}
        nb = _submission(student, answers, [consts, *cells])
        nbformat.write(nb, folder / f"{name}.ipynb")
    (folder / "a9_symlink.ipynb").symlink_to(ROOT / "exercises" / "eoq.ipynb")
    wrong = dict(enumerate(sols))
    wrong[0] = sols[0].replace("2 *", "1 *")
    assert wrong[0] != sols[0]
    nbformat.write(_submission(student, wrong), folder / "y_wrong.ipynb")
    nbformat.write(_full("eoq", student), folder / "z_correct.ipynb")

    import otter.test_files.abstract_test as abstract

    watched = [Path(abstract.__file__), Path(sys.modules["otter"].__file__)]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched}
    start = time.perf_counter()
    code = cli.main(
        ["grade", str(folder), "--autograder", str(zip_path), "--out", str(out)]
        + ["--timeout", str(TIMEOUT), "--memory-mb", "2048", "-j", "2"]
    )
    elapsed = time.perf_counter() - start
    assert code == 0
    gradebook_after = (out / "gradebook.csv").read_text()
    time.sleep(2)  # a surviving daemon would write within 0.5 s
    return {
        "out": out,
        "book": _totals(out),
        "elapsed": elapsed,
        "gradebook_after": gradebook_after,
        "before": before,
        "watched": watched,
    }


def test_honest_submissions_keep_their_scores_after_every_attack(attacked):
    """The correct submission earns 13/13 and the wrong one 10 (forgetting the 2 in
    Q* = sqrt(2Kλ/h) fails question 1's two value tests; its "is a number" test is worth 0),
    graded after every attack had started (two at a time, in name order)."""
    _, totals = attacked["book"]
    assert totals.loc["z_correct", "points"] == 13
    assert totals.loc["y_wrong", "points"] == 10


@pytest.mark.parametrize(
    "attack", ["a2_tamper_kill", "a4_daemon", "a6_forkbomb", "a7_memory", "a8_deep"]
)
def test_attacks_earn_nothing(attacked, attack):
    """Tampering with otter, site-packages, classmates' files or /tmp, then killing every
    process in sight; daemons; fork bombs; memory exhaustion; a deep snapshot: all earn 0
    (their notebooks answer nothing themselves)."""
    _, totals = attacked["book"]
    assert totals.loc[attack, "points"] == 0


def test_module_among_variables_is_not_imported(attacked):
    """Reading the grader through /proc, the masters, the autograder, the submissions or the
    output folder finds nothing to copy, and a module object named like crmlab's is dropped,
    never imported: the submission earns only its own correct answer to question 1 (3)."""
    book, totals = attacked["book"]
    assert "crmlab.pwned_h4" not in sys.modules and "crmlab_pwned_h4" not in sys.modules
    assert "PWNED_H4" not in os.environ
    assert totals.loc["a1_snoop_module", "points"] == 3


def test_installed_files_are_untouched(attacked):
    """otter's files are unchanged and no .pth file was added (the environment is mounted
    read-only in the sandbox)."""
    for path, digest in attacked["before"].items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    site = Path(attacked["watched"][1]).parents[1]
    assert not list(site.glob("zz_crmlab_attack.pth"))


def test_nothing_survives_the_sandbox(attacked):
    """No process of any submission is left after grading, and the gradebook did not change
    after the grader returned."""
    assert (attacked["out"] / "gradebook.csv").read_text() == attacked["gradebook_after"]
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "time.sleep(300)" not in ps


def test_limits_and_refusals_are_recorded(attacked):
    """The memory attack is stopped by the memory limit, the deep snapshot is refused
    without crashing the grader, the symlink to the solutions is refused."""
    _, totals = attacked["book"]
    assert totals.loc["a7_memory", "status"] == "memory"
    assert totals.loc["a8_deep", "status"] == "bad results"
    assert totals.loc["a9_symlink", "status"] == "refused"
    assert totals.loc["a9_symlink", "points"] == 0
    report = (attacked["out"] / "report.txt").read_text()
    assert "a9_symlink.ipynb (symbolic link: refused)" in report


def test_grading_time_is_bounded(attacked):
    """Nine submissions, seven of them hostile, finish well within the time limits."""
    assert attacked["elapsed"] < 6 * TIMEOUT


# --------------------------------------------------------- the sandbox itself, directly


def _run(tmp_path, script, limits, **kw):
    (tmp_path / "s.py").write_text(script)
    start = time.perf_counter()
    outcome = sb.run_sandboxed(
        [sys.executable, f"{sb.SANDBOX_HOME}/s.py"], tmp_path, limits, log=tmp_path / "log", **kw
    )
    return outcome, time.perf_counter() - start


FORK_MEMORY = (
    "import os, time\n"
    "for _ in range(3):\n"
    "    if os.fork() == 0:\n"
    "        block = bytearray(b'x') * (200 * 2**20)\n"
    "        time.sleep(60); os._exit(0)\n"
    "time.sleep(60)\n"
)


@pytest.mark.parametrize("cgroups", [False, pytest.param(True, id="cgroups")])
def test_memory_limit_covers_all_children(tmp_path, cgroups):
    """Three children of 200 MiB each pass a 400 MiB per-process limit; the per-submission
    limit stops them: a cgroup where the machine allows it, otherwise the rlimit fallback
    with the grader's watchdog over the sandbox's processes."""
    if cgroups and not sb.cgroups_available():
        pytest.skip("no writable cgroup hierarchy on this machine")
    outcome, seconds = _run(
        tmp_path, FORK_MEMORY, sb.Limits(timeout=30, memory_mb=400), use_cgroups=cgroups
    )
    assert outcome.status == "memory", outcome
    assert seconds < 20


@pytest.mark.parametrize("cgroups", [False, pytest.param(True, id="cgroups")])
def test_fork_bomb_is_contained(tmp_path, cgroups):
    """A fork bomb is stopped by the process limit and leaves no process behind."""
    if cgroups and not sb.cgroups_available():
        pytest.skip("no writable cgroup hierarchy on this machine")
    bomb = (
        "import os, time\n"
        "n = 0\n"
        "try:\n"
        "    while n < 3000:\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(301); os._exit(0)\n"
        "        n += 1\n"
        "except OSError: pass\n"
        "print('forked', n)\n"
    )
    outcome, seconds = _run(
        tmp_path, bomb, sb.Limits(timeout=20, max_processes=64), use_cgroups=cgroups
    )
    assert outcome.status in ("processes", "ok"), outcome
    assert seconds < 15
    log = (tmp_path / "log").read_text()
    if "forked" in log:
        assert int(log.split("forked")[1].split()[0]) < 64
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "time.sleep(301)" not in ps


def test_open_pipes_do_not_outlive_the_time_limit(tmp_path):
    """A daemon that keeps stdout open does not keep the run alive: the run ends when the
    submission's main process does, and the daemon dies with the sandbox."""
    script = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(302)\n"
        "    os._exit(0)\n"
        "print('bye')\n"
    )
    outcome, seconds = _run(tmp_path, script, sb.Limits(timeout=30))
    assert outcome.status == "ok" and seconds < 10
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "time.sleep(302)" not in ps


def test_sandbox_sees_no_network_no_grader_and_no_host_files(tmp_path):
    """Inside: PID 1 is the sandbox's own, no network interface but loopback, uid 65534,
    a neutral HOME, the repository's exercises and the tests folder and /etc/shadow
    invisible, site-packages read-only, file size limited."""
    script = (
        "import os, socket, sys, json, site\n"
        "r = {'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()),\n"
        "     'uid': os.getuid(), 'home': os.environ['HOME'], 'cwd': os.getcwd(),\n"
        f"     'exercises': os.path.exists({str(ROOT / 'exercises')!r}),\n"
        f"     'tests': os.path.exists({str(ROOT / 'tests')!r}),\n"
        "     'shadow': os.path.exists('/etc/shadow'),\n"
        "     'env': sorted(os.environ)}\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 80), timeout=3); r['net'] = True\n"
        "except OSError: r['net'] = False\n"
        "try:\n"
        "    open(site.getsitepackages()[0] + '/x.pth', 'w'); r['ro'] = False\n"
        "except OSError: r['ro'] = True\n"
        "try:\n"
        "    open('big', 'wb').write(b'x' * (3 * 2**20)); r['fsize'] = False\n"
        "except OSError: r['fsize'] = True\n"
        "open('r.json', 'w').write(json.dumps(r))\n"
    )
    outcome, _ = _run(tmp_path, script, sb.Limits(timeout=30, file_mb=2))
    assert outcome.status == "ok", outcome
    r = json.loads((tmp_path / "r.json").read_text())
    assert max(r["pids"]) < 10 and r["uid"] == 65534
    assert r["home"] == r["cwd"] == sb.SANDBOX_HOME and "grad" not in r["home"]
    assert not r["exercises"] and not r["tests"] and not r["net"] and not r["shadow"]
    assert r["ro"] and r["fsize"]
    assert not [v for v in r["env"] if "GRAD" in v.upper() or "CRMLAB" in v.upper()]


# ----------------------------------------------------------------------- 3/4. workflow


@pytest.fixture(scope="module")
def workflow(dist, tmp_path_factory):
    """A class folder in every accepted shape, with a roster and a deadline, graded with
    -j 2 from a folder outside the repository; then graded again (resume)."""
    student, zip_path = _paths(dist, "eoq")
    sols = _solutions()
    folder = tmp_path_factory.mktemp("class")
    full = _full("eoq", student)
    # s1: the zip the export cell makes, with an answer to a manually graded question
    with_manual = nbformat.reads(nbformat.writes(full), as_version=4)
    with_manual.cells += [
        nbformat.v4.new_markdown_cell("<!-- BEGIN QUESTION -->\n\n**Question 6.** Why?"),
        nbformat.v4.new_markdown_cell("Because the cost curve is flat."),
        nbformat.v4.new_markdown_cell("<!-- END QUESTION -->"),
    ]
    with zipfile.ZipFile(folder / "s1.zip", "w") as zf:
        zf.writestr("eoq.ipynb", nbformat.writes(with_manual))
        zf.writestr("eoq.pdf", b"%PDF")
    # s2: a folder per student (LMS layout), with a stray file inside
    (folder / "s2").mkdir()
    nbformat.write(_submission(student, {0: sols[0]}), folder / "s2" / "eoq.ipynb")
    (folder / "s2" / "notes.txt").write_text("hello")
    # a student whose id looks like a formula; a late submission
    (folder / "=2+3.ipynb").write_bytes(b"")  # graded "empty" without running anything
    nbformat.write(full, folder / "s4.ipynb")
    # duplicates: two files with one stem; the newer notebook is graded
    (folder / "s5.ipynb").write_text("{not json")  # "not a notebook", nothing runs
    (folder / "s5.txt").write_text("not a notebook")
    os.utime(folder / "s5.txt", (time.time() - 3600, time.time() - 3600))
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "stranger.ipynb").write_bytes(b"")
    deadline = datetime.now().astimezone() - timedelta(days=1)
    for name in ["s1.zip", "s2/eoq.ipynb", "=2+3.ipynb", "s5.ipynb", "s5.txt"]:
        old = (deadline - timedelta(hours=1)).timestamp()
        os.utime(folder / name, (old, old))
    late = (deadline + timedelta(hours=30)).timestamp()  # 2 started days late
    os.utime(folder / "s4.ipynb", (late, late))
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_text("student_id,name\ns1,Ann\ns2,Bo\n=2+3,@Eve\ns4,Di\ns5,Ed\ns6,Flo\n")
    out = tmp_path_factory.mktemp("wf-out")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        autograder = cli.find_autograder("eoq")
        args = ["grade", str(folder), "--autograder", str(zip_path), "--out", str(out)]
        args += ["-j", "2", "--roster", str(roster), "--deadline", deadline.isoformat()]
        args += ["--late-penalty", "0.1", "--timeout", str(TIMEOUT)]
        code = cli.main(args)
        first = (out / "gradebook.csv").read_text()
        manual_first = (out / "manual.csv").read_text()
        # the instructor marks the manual question, then runs the same command again
        marked = pd.read_csv(out / "manual.csv", dtype=str, keep_default_na=False)
        marked.loc[marked.student == "s1", ["points", "max_points"]] = ["4", "5"]
        marked.to_csv(out / "manual.csv", index=False)
        code2 = cli.main(args)
    finally:
        os.chdir(cwd)
    return {
        "out": out,
        "code": (code, code2),
        "first": first,
        "manual_first": manual_first,
        "autograder": autograder,
        "wide": pd.read_csv(out / "grades_wide.csv", dtype=str, keep_default_na=False),
        "report": (out / "report.txt").read_text(),
    }


def test_zip_folder_and_notebook_submissions_are_graded(workflow):
    """The export cell's zip earns full marks, a folder per student is graded, and the
    wide gradebook has one row per student, one column per question and a total."""
    wide = workflow["wide"].set_index("Student ID")
    questions = ["q1", "q2", "q3", "q4", "q5", "manual1"]
    assert list(wide.columns) == ["Name", *questions, "Late penalty", "Total", "Status"]
    assert float(wide.loc["s1", "q1"]) + float(wide.loc["s1", "q5"]) == 6
    assert float(wide.loc["s2", "q1"]) == 3 and wide.loc["s2", "Name"] == "Bo"
    assert workflow["code"] == (0, 0)


def test_manual_questions_exported_and_merged_back(workflow):
    """A manually graded answer is exported for marking (manual/s1.md, a blank row in
    manual.csv); the instructor's mark is merged into the wide gradebook on the next run."""
    out = workflow["out"]
    assert "Because the cost curve is flat." in (out / "manual" / "s1.md").read_text()
    assert workflow["manual_first"].splitlines() == [
        "student,question,points,max_points,comment",
        "s1,manual1,,,",
    ]
    wide = workflow["wide"].set_index("Student ID")
    assert float(wide.loc["s1", "manual1"]) == 4
    assert float(wide.loc["s1", "Total"]) == 13 + 4
    assert wide.loc["s2", "manual1"] == ""


def test_late_penalty_from_file_time(workflow):
    """s4 was modified 30 hours after the deadline: 2 started days at 10 % = 20 % off."""
    wide = workflow["wide"].set_index("Student ID")
    assert float(wide.loc["s4", "Late penalty"]) == pytest.approx(0.2)
    assert float(wide.loc["s4", "Total"]) == pytest.approx(13 * 0.8)
    assert float(wide.loc["s1", "Late penalty"]) == 0


def test_csv_cells_are_formula_safe(workflow):
    """A student id or name starting with = or @ is written with a leading apostrophe."""
    wide = workflow["wide"]
    assert "'=2+3" in set(wide["Student ID"]) and "'@Eve" in set(wide["Name"])
    text = (workflow["out"] / "gradebook.csv").read_text()
    assert "\n=2+3," not in text and "\n'=2+3," in text


def test_report_lists_skipped_duplicates_unmatched_and_missing(workflow):
    """Dotfiles, the stray file, the duplicate, the student not on the roster and the one
    who submitted nothing are all reported."""
    report = workflow["report"]
    assert ".DS_Store (hidden file)" in report
    assert "s2/notes.txt (not a notebook or zip)" in report
    assert "s5.txt (student s5; graded s5.ipynb)" in report
    assert "not on the roster: 1" in report and "stranger.ipynb" in report
    assert "missing (on the roster, no submission): 1" in report and "s6 Flo" in report


def test_rerun_resumes_without_regrading(workflow):
    """A second run over the same folder grades nothing again: the gradebook is unchanged
    and the report lists every student as already graded."""
    assert (workflow["out"] / "gradebook.csv").read_text() == workflow["first"]
    assert "already graded, unchanged (kept): 5" in workflow["report"]


def test_exercise_found_from_any_folder(workflow, dist):
    """``--exercise`` finds the autograder from outside the repository (through the
    repository crmlab runs from) when it was built there."""
    found = workflow["autograder"]
    assert found.name == "eoq-autograder.zip" and found.is_file()


def test_crash_of_the_grader_keeps_earlier_results(dist, tmp_path):
    """The gradebook is appended and synced per submission: when the grader dies after the
    first submission, that result is on disk, and a re-run grades only the rest."""
    student, zip_path = _paths(dist, "eoq")
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(b"")  # graded without running anything
    (folder / "b.ipynb").write_text("{not json")

    class Crash(Exception):
        pass

    def die(i, n, result):
        raise Crash

    out = tmp_path / "out"
    with pytest.raises(Crash):
        grade_folder(folder, zip_path, out, progress=die)
    book = pd.read_csv(out / "gradebook.csv")
    assert set(book["student"]) == {"a"}
    book = grade_folder(folder, zip_path, out)
    assert book.attrs["report"].resumed == ["a"]
    assert set(book["student"]) == {"a", "b"}
    assert len(pd.read_csv(out / "gradebook.csv")) == 10


def test_refuses_without_sandbox_unless_asked(dist, tmp_path, monkeypatch, capsys):
    """Without bubblewrap crmlab grade exits with code 2; --no-sandbox grades with a
    warning on every run."""
    student, zip_path = _paths(dist, "eoq")
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(b"")
    monkeypatch.setattr(sb, "bwrap_path", lambda: None)
    monkeypatch.setattr(sb, "_PROBE", {})
    args = ["grade", str(folder), "--autograder", str(zip_path), "--out", str(tmp_path / "o")]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    assert exit_info.value.code == 2
    assert "refusing to grade without a sandbox" in capsys.readouterr().err
    assert cli.main([*args, "--no-sandbox"]) == 0
    assert "WARNING: grading without a sandbox" in capsys.readouterr().err


def test_small_helpers():
    """Roster matching, formula-safe cells and the late penalty."""
    roster = {"12345": "Ann", "bo": "Bo"}
    assert match_roster("smith_12345_eoq", roster) == "12345"
    assert match_roster("BO", roster) == "bo"
    assert match_roster("nobody", roster) is None
    assert [safe_cell(v) for v in ["=1", "+1", "-1", "@x", "\tx", "\rx", "ok", 3]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        3,
    ]
    deadline = datetime(2026, 1, 1).astimezone()
    assert late_penalty(deadline.timestamp() - 1, deadline, 0.1) == 0
    assert late_penalty(deadline.timestamp() + 1, deadline, 0.1) == pytest.approx(0.1)
    assert late_penalty(deadline.timestamp() + 86400 * 20, deadline, 0.1) == 1


def test_bad_arguments_raise(dist, tmp_path):
    """A missing autograder, a non-positive timeout or a tiny memory limit is refused."""
    _, zip_path = _paths(dist, "eoq")
    with pytest.raises(ValueError, match="autograder"):
        load_tests(tmp_path / "nope.zip")
    with pytest.raises(ValueError, match="timeout"):
        sb.Limits(timeout=0)
    with pytest.raises(ValueError, match="memory_mb"):
        sb.Limits(memory_mb=10)
    with pytest.raises(ValueError, match="jobs"):
        grade_folder(tmp_path, zip_path, tmp_path / "o", jobs=0)
