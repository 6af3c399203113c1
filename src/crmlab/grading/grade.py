"""Grade submissions against an otter autograder zip, each in a bubblewrap sandbox."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from crmlab._validate import finite, flag, whole, within
from crmlab.grading.sandbox import (
    SANDBOX_HOME,
    Limits,
    _checked_path,
    _checked_paths,
    read_capped,
    run_sandboxed,
)
from crmlab.grading.snapshot import MAX_SNAPSHOT_BYTES, SNAPSHOT_FILE, preload, restore

#: Columns of ``gradebook.csv`` (one row per submission and question).
COLUMNS = [
    "student",
    "question",
    "points",
    "max_points",
    "status",
    "late_penalty",
    "submission",
    "key",
]
#: Largest notebook accepted (bytes), also inside a zip.
MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
NOTEBOOK_SUFFIXES = (".ipynb", ".zip")


@dataclass(frozen=True)
class GradeResult:
    """The grade of one submission."""

    student: str
    status: str  # ok, timeout, memory, processes, crashed, empty, not a notebook, refused
    points: dict[str, float]  # question -> points earned
    max_points: dict[str, float]  # question -> points possible
    feedback: str  # Markdown for the student
    detail: str = ""
    messages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """Points earned over all questions."""
        return sum(self.points.values())


@dataclass(frozen=True)
class Submission:
    """One student's submission, found in the submissions folder."""

    student: str
    path: Path  # the file or folder as found
    notebook: bytes | None  # the notebook's bytes, None when there is none
    problem: str = ""  # why there is no notebook (status), e.g. "refused"
    detail: str = ""
    submitted: float = 0.0  # POSIX time: the file's modification time


@dataclass
class Report:
    """What was found in the submissions folder besides gradable submissions."""

    skipped: list[str] = field(default_factory=list)  # hidden files, symlinks
    duplicates: list[str] = field(default_factory=list)  # extra files for one student
    unmatched: list[str] = field(default_factory=list)  # not on the roster
    missing: list[str] = field(default_factory=list)  # on the roster, no submission
    resumed: list[str] = field(default_factory=list)  # already graded, unchanged

    def lines(self) -> list[str]:
        """The report as text lines (empty when there is nothing to report)."""
        out = []
        for title, items in (
            ("skipped", self.skipped),
            ("duplicates (not graded; the newest file was)", self.duplicates),
            ("not on the roster", self.unmatched),
            ("missing (on the roster, no submission)", self.missing),
            ("already graded, unchanged (kept)", self.resumed),
        ):
            if items:
                out.append(f"{title}: {len(items)}")
                out += [f"  {item}" for item in items]
        return out


# --------------------------------------------------------------------------------- the tests


def load_tests(autograder: Path) -> dict[str, str]:
    """The test files of an otter autograder zip, as source text by question name."""
    autograder = _checked_path("autograder", autograder)
    if not autograder.is_file():
        raise ValueError(f"autograder must be an existing otter zip file, got {autograder}")
    try:
        with zipfile.ZipFile(autograder) as zf:
            tests = {
                Path(name).stem: zf.read(name).decode("utf-8")
                for name in sorted(zf.namelist())
                if name.startswith("tests/") and name.endswith(".py")
            }
    except (zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise ValueError(
            f"autograder {autograder} is not an otter autograder zip file: {error}"
        ) from None
    if not tests:
        raise ValueError(f"autograder {autograder} holds no tests/*.py files")
    return tests


def _test_files(tests: dict[str, str]):
    from otter.test_files import ExceptionTestFile

    return {q: ExceptionTestFile.from_string(src, path=f"{q}.py") for q, src in tests.items()}


def _checked_tests(tests: object) -> dict[str, str]:
    """``tests`` if it maps question names to otter test files that load, else ValueError."""
    if not isinstance(tests, Mapping):
        raise ValueError(f"tests must map question names to test-file source, got {tests!r}")
    for question, source in tests.items():
        if not isinstance(question, str) or not isinstance(source, str):
            raise ValueError(
                f"tests must map question names (str) to test-file source (str), got "
                f"{question!r}: {type(source).__name__}"
            )
        try:
            _test_files({question: source})
        except Exception as error:  # noqa: BLE001 (any failure of otter's loader)
            raise ValueError(
                f"tests[{question!r}] is not an otter test file: {type(error).__name__}: {error}"
            ) from None
    return dict(tests)


def _plain_name(name: str, value: object) -> str:
    """A name that becomes part of a file name: text, no folder, not '.' or '..'."""
    if (
        not isinstance(value, str)
        or not value
        or value in (".", "..")
        or any(c in value for c in "/\\\0")
    ):
        raise ValueError(f"{name} must be a plain name (no folders), got {value!r}")
    return value


def _zero(student: str, status: str, detail: str, tests: dict[str, str]) -> GradeResult:
    files = _test_files(tests)
    possible = {q: float(tf.possible) for q, tf in files.items()}
    feedback = f"# Feedback for {student}\n\nNot graded: {status}. {detail}\n"
    return GradeResult(student, status, dict.fromkeys(possible, 0.0), possible, feedback, detail)


# ----------------------------------------------------------------------- finding submissions


def _notebook_from_zip(data: bytes, exercise: str) -> bytes:
    """The notebook inside the zip the export cell makes (raises ValueError)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ValueError("the zip file is damaged") from error
    with zf:
        names = [
            i
            for i in zf.infolist()
            if i.filename.endswith(".ipynb")
            and not i.is_dir()
            and "__MACOSX" not in i.filename
            and not Path(i.filename).name.startswith(".")
        ]
        if not names:
            raise ValueError("the zip file holds no notebook")
        names.sort(key=lambda i: (Path(i.filename).stem != exercise, i.filename))
        info = names[0]
        if info.file_size > MAX_NOTEBOOK_BYTES:
            raise ValueError("the notebook in the zip file is too large")
        with zf.open(info) as f:
            out = f.read(MAX_NOTEBOOK_BYTES + 1)
    if len(out) > MAX_NOTEBOOK_BYTES:
        raise ValueError("the notebook in the zip file is too large")
    return out


def _read_submission_file(path: Path, exercise: str) -> tuple[bytes | None, str, str]:
    """(notebook bytes, problem, detail) for one regular file."""
    try:
        data = read_capped(path, MAX_NOTEBOOK_BYTES)
    except ValueError as error:
        return None, "not a notebook", str(error)
    if path.suffix.lower() == ".zip":
        try:
            return _notebook_from_zip(data, exercise), "", ""
        except ValueError as error:
            return None, "not a notebook", str(error)
    return data, "", ""


def _preference(path: Path) -> tuple[int, float]:
    """Sort key: notebooks and zips before other files, then the newest first."""
    return (0 if path.suffix.lower() in NOTEBOOK_SUFFIXES else 1, -path.lstat().st_mtime)


def find_submissions(folder: Path, exercise: str, report: Report) -> list[Submission]:
    """The submissions in ``folder``: a notebook, a zip from the export cell, or a folder
    per student (its name names the student). Hidden files are skipped and symbolic links
    refused; both are reported. When one student has several files, the newest notebook or
    zip is graded and the others are reported as duplicates."""
    folder = _checked_path("folder", folder, "folder")
    if not isinstance(exercise, str):
        raise ValueError(f"exercise must be a string (the exercise name), got {exercise!r}")
    if not isinstance(report, Report):
        raise ValueError(f"report must be a crmlab.grading.grade.Report, got {report!r}")
    by_student: dict[str, list[Path]] = {}
    refused: list[Submission] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            report.skipped.append(f"{entry.name} (hidden file)")
            continue
        if entry.is_symlink():
            report.skipped.append(f"{entry.name} (symbolic link: refused)")
            refused.append(
                Submission(entry.stem, entry, None, "refused", "a symbolic link is not graded")
            )
            continue
        if entry.is_dir():
            inner = []
            for p in sorted(entry.rglob("*")):
                rel = p.relative_to(folder).as_posix()
                if any(part.startswith(".") for part in p.relative_to(entry).parts):
                    report.skipped.append(f"{rel} (hidden file)")
                elif p.is_symlink():
                    report.skipped.append(f"{rel} (symbolic link: refused)")
                elif p.is_file() and p.suffix.lower() in NOTEBOOK_SUFFIXES:
                    inner.append(p)
                elif p.is_file():
                    report.skipped.append(f"{rel} (not a notebook or zip)")
            if not inner:
                refused.append(
                    Submission(
                        entry.name, entry, None, "not a notebook", "no notebook in the folder"
                    )
                )
                continue
            by_student.setdefault(entry.name, []).extend(inner)
        elif entry.is_file():
            by_student.setdefault(entry.stem, []).append(entry)
        else:
            report.skipped.append(f"{entry.name} (not a regular file)")
    found = list(refused)
    for student, paths in sorted(by_student.items()):
        paths.sort(key=_preference)
        chosen = paths[0]
        report.duplicates += [
            f"{p.relative_to(folder).as_posix()} (student {student}; graded "
            f"{chosen.relative_to(folder).as_posix()})"
            for p in paths[1:]
        ]
        data, problem, detail = _read_submission_file(chosen, exercise)
        found.append(Submission(student, chosen, data, problem, detail, chosen.lstat().st_mtime))
    return sorted(found, key=lambda s: s.student)


# ------------------------------------------------------------------------ manual questions

MANUAL_BEGIN = "<!-- BEGIN QUESTION -->"
MANUAL_END = "<!-- END QUESTION -->"
MANUAL_COLUMNS = ["student", "question", "points", "max_points", "comment"]


def manual_answers(notebook: bytes) -> dict[str, str]:
    """The answers to manually graded questions in a submission, as Markdown by question.

    otter assign marks each ``manual: true`` question in the student notebook with
    ``<!-- BEGIN QUESTION -->`` and ``<!-- END QUESTION -->`` in Markdown cells; the questions
    are named ``manual1``, ``manual2``, ... in notebook order. Nothing is executed."""
    if not isinstance(notebook, (bytes, bytearray)):
        raise ValueError(f"notebook must be the notebook file's bytes, got {notebook!r:.80}")
    try:
        nb = nbformat.reads(notebook.decode("utf-8"), as_version=4)
    except Exception:
        return {}
    answers: dict[str, str] = {}
    current: list[str] | None = None
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown" and MANUAL_BEGIN in source:
            current = []
            answers[f"manual{len(answers) + 1}"] = ""
        if current is not None:
            fence = "```python\n{}\n```" if cell.cell_type == "code" else "{}"
            current.append(fence.format(source.replace(MANUAL_BEGIN, "").replace(MANUAL_END, "")))
            answers[list(answers)[-1]] = "\n\n".join(current).strip()
        if cell.cell_type == "markdown" and MANUAL_END in source:
            current = None
    return answers


def _export_manual(out: Path, student: str, answers: dict[str, str], lock: threading.Lock) -> None:
    """Write the answers for marking and add blank rows to ``manual.csv`` (rows already
    there, with the instructor's marks, are kept)."""
    if not answers:
        return
    folder = out / "manual"
    folder.mkdir(exist_ok=True)
    text = f"# Manually graded answers of {student}\n\n" + "\n\n".join(
        f"## {q}\n\n{a}" for q, a in answers.items()
    )
    _atomic_write(folder / f"{_file_name(student)}.md", text + "\n")
    path = out / "manual.csv"
    with lock:
        marks = read_manual(path)
        new = [q for q in answers if (student, q) not in marks]
        if not new:
            return
        exists = path.is_file()
        with open(path, "a", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            if not exists:
                writer.writerow(MANUAL_COLUMNS)
            for q in new:
                writer.writerow([safe_cell(student), q, "", "", ""])


def read_manual(path: Path) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    """The marks in ``manual.csv``: (student, question) -> (points, max points); a blank
    cell is None (not marked yet). A missing file holds no marks yet."""
    path = _checked_path("path", path, "any")
    if not path.is_file():
        return {}
    marks = {}
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except UnicodeDecodeError:
        raise ValueError(f"path {path} is not a CSV file in UTF-8 (manual marks)") from None

    def number(text: str | None) -> float | None:
        text = (text or "").strip()
        if not text:
            return None
        try:
            return finite("points", float(text))
        except ValueError:
            raise ValueError(f"path {path}: {text!r} is not a number of points") from None

    for row in rows:
        key = (unsafe_cell(row.get("student") or ""), row.get("question") or "")
        marks[key] = (number(row.get("points")), number(row.get("max_points")))
    return marks


# ---------------------------------------------------------------------------------- roster


def read_roster(path: Path) -> dict[str, str]:
    """A roster CSV: the first column is the student id, the second (optional) the name.
    A header row is recognised by a first cell such as ``id`` or ``student_id``."""
    path = _checked_path("path", path, "file")
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except UnicodeDecodeError:
        raise ValueError(f"path {path} is not a roster CSV file in UTF-8") from None
    if (
        rows
        and rows[0]
        and rows[0][0].strip().lower().replace(" ", "_")
        in (
            "id",
            "student_id",
            "sis_user_id",
            "username",
            "student",
        )
    ):
        rows = rows[1:]
    roster = {}
    for row in rows:
        if row and row[0].strip():
            roster[row[0].strip()] = row[1].strip() if len(row) > 1 else ""
    if not roster:
        raise ValueError(f"path {path} is a roster that lists no students")
    return roster


def match_roster(student: str, roster: dict[str, str]) -> str | None:
    """The roster id a submission's name belongs to: equal to the id (ignoring case), or
    holding it as one of its parts (LMS downloads name files like ``smith_12345_eoq``)."""
    if not isinstance(student, str):
        raise ValueError(f"student must be a string (a submission's name), got {student!r}")
    _checked_names("roster", roster)
    lowered = {sid.lower(): sid for sid in roster}
    if student.lower() in lowered:
        return lowered[student.lower()]
    parts = [p for p in "".join(c if c.isalnum() else " " for c in student.lower()).split() if p]
    hits = {lowered[p] for p in parts if p in lowered}
    return hits.pop() if len(hits) == 1 else None


def _checked_names(name: str, names: object) -> dict[str, str]:
    """A roster mapping (student id -> name, both text), or ValueError naming ``name``."""
    if not isinstance(names, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in names.items()
    ):
        raise ValueError(f"{name} must map student ids (str) to names (str), got {names!r:.80}")
    return dict(names)


def _checked_deadline(name: str, deadline: object) -> datetime | None:
    if deadline is not None and not isinstance(deadline, datetime):
        raise ValueError(f"{name} must be a datetime.datetime or None, got {deadline!r}")
    return deadline


# ------------------------------------------------------------------------------- CSV safety


def safe_cell(value: object) -> object:
    """A CSV cell that spreadsheets will not run as a formula: text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's
    advice on CSV injection). Numbers pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """The text :func:`safe_cell` protected, as it was."""
    if not isinstance(value, str):
        raise ValueError(f"value must be a string (a CSV cell), got {value!r}")
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    safe = frame.map(safe_cell) if hasattr(frame, "map") else frame.applymap(safe_cell)
    safe.columns = [safe_cell(c) for c in frame.columns]
    tmp = path.with_suffix(".tmp")
    safe.to_csv(tmp, index=False)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------- grading


def grade_notebook(
    student: str,
    notebook: bytes,
    tests: dict[str, str],
    limits: Limits,
    *,
    exercise: str = "notebook",
    hidden: list[Path] = (),  # type: ignore[assignment]
    sandbox: bool = True,
    use_cgroups: bool | None = None,
    lock: threading.Lock | None = None,
) -> GradeResult:
    """Grade one notebook: run it in a sandbox, then test its variables here."""
    if not isinstance(student, str):
        raise ValueError(f"student must be a string (the student's name), got {student!r}")
    if not isinstance(notebook, (bytes, bytearray)):
        raise ValueError(f"notebook must be the notebook file's bytes, got {notebook!r:.80}")
    tests = _checked_tests(tests)
    if not isinstance(limits, Limits):
        raise ValueError(f"limits must be a crmlab.grading.sandbox.Limits, got {limits!r}")
    exercise = _plain_name("exercise", exercise)
    hidden = _checked_paths("hidden", hidden)
    sandbox = flag("sandbox", sandbox)
    if use_cgroups is not None:
        use_cgroups = flag("use_cgroups", use_cgroups)
    if lock is not None and not (hasattr(lock, "__enter__") and hasattr(lock, "__exit__")):
        raise ValueError(f"lock must be a threading.Lock or None, got {lock!r}")
    if not notebook.strip():
        return _zero(student, "empty", "The file is empty.", tests)
    try:
        nb = nbformat.reads(notebook.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception:
        return _zero(student, "not a notebook", "The file is not a valid Jupyter notebook.", tests)
    if not any(c.cell_type == "code" and c.source.strip() for c in nb.cells):
        return _zero(student, "empty", "The notebook has no code.", tests)

    scratch = Path(tempfile.mkdtemp(prefix="crmlab-"))
    try:
        home = scratch / "home"
        home.mkdir()
        name = f"{exercise}.ipynb"
        nbformat.write(nb, home / name)
        inside = f"{SANDBOX_HOME}/{name}" if sandbox else str(home / name)
        import sys

        outcome = run_sandboxed(
            [sys.executable, "-m", "crmlab.grading.execute", inside],
            home,
            limits,
            hidden=list(hidden) + [scratch / "log"],
            log=scratch / "log",
            sandbox=sandbox,
            use_cgroups=use_cgroups,
            name=student,
        )
        text, snapshot_problem = "{}", ""
        snapshot_file = home / SNAPSHOT_FILE
        if outcome.status == "ok" and os.path.lexists(snapshot_file):  # none: no variables
            try:
                text = read_capped(snapshot_file, MAX_SNAPSHOT_BYTES).decode("utf-8")
            except (ValueError, OSError, UnicodeDecodeError) as error:
                snapshot_problem = str(error)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if outcome.status != "ok":
        return _zero(student, outcome.status, outcome.detail, tests)
    try:
        env = restore(text)
    except ValueError as error:
        env, snapshot_problem = {}, str(error)
    if snapshot_problem:
        return _zero(
            student, "bad results", f"Its results could not be read: {snapshot_problem}", tests
        )

    with lock or contextlib.nullcontext():
        return _run_tests(student, env, tests)


def _run_tests(student: str, env: dict, tests: dict[str, str]) -> GradeResult:
    points: dict[str, float] = {}
    possible: dict[str, float] = {}
    messages: dict[str, list[str]] = {}
    lines = [f"# Feedback for {student}", ""]
    for question, tf in _test_files(tests).items():
        tf.run(dict(env))
        points[question] = float(tf.score)
        possible[question] = float(tf.possible)
        public = [r for r in tf.test_case_results if not r.test_case.hidden]
        hidden = [r for r in tf.test_case_results if r.test_case.hidden]
        messages[question] = [r.message for r in public if not r.passed]
        lines.append(f"## {question}: {points[question]:g} / {possible[question]:g}")
        lines.append("")
        lines.append(f"- public tests passed: {sum(r.passed for r in public)} of {len(public)}")
        if hidden:
            lines.append(f"- hidden tests passed: {sum(r.passed for r in hidden)} of {len(hidden)}")
        for message in messages[question]:
            lines += ["", "```", str(message).strip(), "```"]
        lines.append("")
    total, best = sum(points.values()), sum(possible.values())
    lines.insert(2, f"Total: {total:g} / {best:g}\n")
    return GradeResult(student, "ok", points, possible, "\n".join(lines), "", messages)


def grade_submission(
    path: Path,
    tests: dict[str, str],
    *,
    timeout: float = 60.0,
    memory_mb: int = 4096,
    sandbox: bool = True,
) -> GradeResult:
    """Grade one notebook file (its stem names the student) in a sandbox.

    Args:
        path: the student's notebook.
        tests: question -> test file source, from :func:`load_tests` (read before any
            student code runs).
        timeout: wall-clock seconds the whole notebook may take (> 0).
        memory_mb: memory limit for the student's code, in MiB (>= 256).
        sandbox: False runs without bubblewrap (unsafe; for machines without it).
    """
    path = _checked_path("path", path, "exists")
    tests = _checked_tests(tests)
    limits = Limits(timeout=timeout, memory_mb=memory_mb)
    sandbox = flag("sandbox", sandbox)
    preload()
    data, problem, detail = _read_submission_file(path, path.stem)
    if data is None:
        return _zero(path.stem, problem, detail, tests)
    return grade_notebook(path.stem, data, tests, limits, sandbox=sandbox)


# ----------------------------------------------------------------------------- the gradebook


class _Gradebook:
    """``gradebook.csv``, appended to and synced to disk as each submission finishes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.done: dict[str, str] = {}  # key -> student, for resuming
        self.rows: list[dict] = []
        if path.is_file() and path.stat().st_size:
            old = pd.read_csv(path, dtype={"student": str, "key": str}, keep_default_na=False)
            if list(old.columns) != COLUMNS:
                raise ValueError(
                    f"{path} was not written by this version of crmlab grade; "
                    "choose another --out folder"
                )
            old["student"] = old["student"].map(unsafe_cell)
            self.rows = old.to_dict("records")
            for row in self.rows:
                self.done[str(row["key"])] = str(row["student"])
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerow(COLUMNS)
                f.flush()
                os.fsync(f.fileno())

    def append(self, rows: list[dict]) -> None:
        with self.lock, open(self.path, "a", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            for row in rows:
                writer.writerow([safe_cell(row[c]) for c in COLUMNS])
            f.flush()
            os.fsync(f.fileno())
            self.rows += rows


def _key(tests: dict[str, str], sub: Submission, penalty: float) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(tests, sort_keys=True).encode())
    h.update(sub.student.encode() + b"\0" + (sub.problem or "").encode() + b"\0")
    h.update(sub.notebook or b"")
    h.update(f"{penalty:.6f}".encode())
    return h.hexdigest()[:32]


def late_penalty(submitted: float, deadline: datetime | None, per_day: float) -> float:
    """The share of points lost: ``per_day`` for each started day after ``deadline``
    (at most 1). ``submitted`` is a POSIX time; ``per_day`` lies in [0, 1]."""
    submitted = finite("submitted", submitted)
    deadline = _checked_deadline("deadline", deadline)
    per_day = within("per_day", per_day, 0.0, 1.0)
    if deadline is None or per_day <= 0:
        return 0.0
    late = submitted - deadline.timestamp()
    if late <= 0:
        return 0.0
    days = int(late // 86400) + (1 if late % 86400 else 0)
    return min(1.0, per_day * days)


def grade_folder(
    submissions: Path,
    autograder: Path,
    out: Path,
    *,
    timeout: float = 60.0,
    memory_mb: int = 4096,
    max_processes: int = 256,
    jobs: int = 1,
    roster: Path | None = None,
    deadline: datetime | None = None,
    penalty_per_day: float = 0.0,
    sandbox: bool = True,
    use_cgroups: bool | None = None,
    hidden: list[Path] = (),  # type: ignore[assignment]
    progress: Callable[[int, int, GradeResult], None] | None = None,
) -> pd.DataFrame:
    """Grade every submission in ``submissions``; write the gradebooks and feedback.

    Writes into ``out``: ``gradebook.csv`` (one row per student and question, appended and
    synced as each submission finishes, so a crash loses nothing graded before it; a re-run
    skips submissions already graded and unchanged), ``grades_wide.csv`` (one row per
    student, one column per question and the total: the layout Canvas and Moodle import),
    ``feedback/<student>.md`` and ``report.txt``.

    Returns the gradebook (one row per student and question, each student's latest
    grading), with the :class:`Report` of skipped, duplicate, unmatched, missing and resumed
    submissions in ``gradebook.attrs["report"]``.
    """
    submissions = _checked_path("submissions", submissions, "folder")
    jobs = whole("jobs", jobs, minimum=1)
    penalty_per_day = within("penalty_per_day", penalty_per_day, 0.0, 1.0)
    limits = Limits(timeout=timeout, memory_mb=memory_mb, max_processes=max_processes)
    autograder = _checked_path("autograder", autograder)
    out = _checked_path("out", out, "output")
    if roster is not None:
        roster = _checked_path("roster", roster, "file")
    deadline = _checked_deadline("deadline", deadline)
    sandbox = flag("sandbox", sandbox)
    if use_cgroups is not None:
        use_cgroups = flag("use_cgroups", use_cgroups)
    hidden = _checked_paths("hidden", hidden)
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be a function or None, got {progress!r}")
    tests = load_tests(autograder)  # read before any student code runs
    preload()
    exercise = autograder.name.removesuffix(".zip").removesuffix("-autograder") or "notebook"
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    report = Report()
    found = find_submissions(submissions, exercise, report)
    names: dict[str, str] = {}
    if roster is not None:
        names = read_roster(roster)  # its errors name the roster file
        matched: dict[str, Submission] = {}
        for sub in found:
            sid = match_roster(sub.student, names)
            if sid is None:
                report.unmatched.append(sub.path.name)
            elif sid in matched:
                report.duplicates.append(
                    f"{sub.path.name} (student {sid}; also {matched[sid].path.name})"
                )
            else:
                matched[sid] = Submission(
                    sid, sub.path, sub.notebook, sub.problem, sub.detail, sub.submitted
                )
        found = [matched[s] for s in sorted(matched)]
        report.missing = [f"{sid} {names[sid]}".strip() for sid in names if sid not in matched]

    book = _Gradebook(out / "gradebook.csv")
    hide = [submissions, out, autograder, autograder.parent, *hidden]
    todo = []
    for sub in found:
        penalty = late_penalty(sub.submitted, deadline, penalty_per_day)
        key = _key(tests, sub, penalty)
        if book.done.get(key) == sub.student:
            report.resumed.append(sub.student)
        else:
            todo.append((sub, penalty, key))

    test_lock = threading.Lock()
    manual_lock = threading.Lock()
    count = [0]

    def one(item: tuple[Submission, float, str]) -> GradeResult:
        sub, penalty, key = item
        if sub.notebook is None:
            result = _zero(sub.student, sub.problem, sub.detail, tests)
        else:
            result = grade_notebook(
                sub.student,
                sub.notebook,
                tests,
                limits,
                exercise=exercise,
                hidden=hide,
                sandbox=sandbox,
                use_cgroups=use_cgroups,
                lock=test_lock,
            )
        if sub.notebook is not None:
            _export_manual(out, result.student, manual_answers(sub.notebook), manual_lock)
        feedback = result.feedback
        if penalty:
            feedback += f"\nLate: {penalty:.0%} of the points deducted.\n"
        _atomic_write(feedback_dir / f"{_file_name(result.student)}.md", feedback)
        book.append(
            [
                {
                    "student": result.student,
                    "question": q,
                    "points": result.points[q],
                    "max_points": result.max_points[q],
                    "status": result.status,
                    "late_penalty": penalty,
                    "submission": sub.path.relative_to(submissions).as_posix(),
                    "key": key,
                }
                for q in result.max_points
            ]
        )
        with book.lock:
            count[0] += 1
            if progress is not None:
                progress(count[0], len(todo), result)
        return result

    if jobs == 1:
        for item in todo:
            one(item)
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, todo))

    gradebook = _latest(pd.DataFrame(book.rows, columns=COLUMNS), found)
    manual = read_manual(out / "manual.csv")
    _write_csv(out / "grades_wide.csv", wide_gradebook(gradebook, names, manual))
    (out / "report.txt").write_text("\n".join(report.lines()) + "\n", encoding="utf-8")
    gradebook.attrs["report"] = report
    return gradebook


def _latest(book: pd.DataFrame, found: list[Submission]) -> pd.DataFrame:
    """Each student's most recent grading (a re-run after a change appends new rows)."""
    if book.empty:
        return book
    last_key = book.groupby("student")["key"].last()
    current = {s.student for s in found}
    keep = book["key"] == book["student"].map(last_key)
    if current:
        keep &= book["student"].isin(current)
    return book[keep].reset_index(drop=True)


def wide_gradebook(
    book: pd.DataFrame,
    names: dict[str, str] | None = None,
    manual: dict[tuple[str, str], tuple[float | None, float | None]] | None = None,
) -> pd.DataFrame:
    """One row per student: ``Student ID``, ``Name``, one column per question (manually
    marked ones from ``manual.csv`` too, blank until marked), ``Late penalty`` (share) and
    ``Total`` (after the penalty), as LMS grade imports expect."""
    book = _checked_book(book)
    names = _checked_names("names", names) if names is not None else {}
    manual = _checked_marks(manual) if manual is not None else {}
    questions = list(dict.fromkeys(book["question"])) if not book.empty else []
    manual_questions = sorted({q for _, q in manual})
    rows = []
    for student, group in book.groupby("student", sort=True):
        points = dict(zip(group["question"], group["points"], strict=True))
        marked = {q: manual.get((student, q), (None, None))[0] for q in manual_questions}
        penalty = float(group["late_penalty"].iloc[0])
        raw = sum(points.values()) + sum(v for v in marked.values() if v is not None)
        rows.append(
            {
                "Student ID": student,
                "Name": names.get(student, ""),
                **{q: points.get(q, 0.0) for q in questions},
                **{q: ("" if v is None else v) for q, v in marked.items()},
                "Late penalty": penalty,
                "Total": round(raw * (1 - penalty), 6),
                "Status": group["status"].iloc[0],
            }
        )
    columns = ["Student ID", "Name", *questions, *manual_questions, "Late penalty", "Total"]
    return pd.DataFrame(rows, columns=[*columns, "Status"])


def _checked_book(book: object) -> pd.DataFrame:
    """A gradebook of :data:`COLUMNS` (those :func:`wide_gradebook` reads), checked."""
    if not isinstance(book, pd.DataFrame):
        raise ValueError(f"book must be a pandas DataFrame (the gradebook), got {book!r:.80}")
    for column in ("student", "question", "points", "status", "late_penalty"):
        if column not in book.columns:
            raise ValueError(f"book has no column {column!r}; it needs {COLUMNS}")
    for column in ("student", "question"):
        if book[column].isna().any():
            raise ValueError(f"book column {column!r} has empty cells")
    for column, high in (("points", math.inf), ("late_penalty", 1.0)):
        values = pd.to_numeric(book[column], errors="coerce")
        bad = values.isna() | ~values.between(0.0, high) | ~np.isfinite(values)
        if bad.any():
            where = book.index[bad.to_numpy()][0]
            raise ValueError(
                f"book column {column!r} must hold finite numbers in [0, {high}], got "
                f"{book[column].loc[where]!r} in row {where!r}"
            )
    return book


def _checked_marks(manual: object) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    """Manual marks as :func:`read_manual` returns them, checked."""
    if not isinstance(manual, Mapping):
        raise ValueError(f"manual must map (student, question) to marks, got {manual!r:.80}")
    for key, marks in manual.items():
        ok = isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)
        ok = ok and isinstance(marks, tuple) and len(marks) == 2
        ok = ok and all(
            m is None
            or (isinstance(m, (int, float)) and not isinstance(m, bool) and math.isfinite(m))
            for m in marks
        )
        if not ok:
            raise ValueError(
                "manual must map (student, question) to (points, max points), each a finite "
                f"number or None; got {key!r}: {marks!r}"
            )
    return dict(manual)


def _file_name(student: str) -> str:
    return "".join(c if c.isalnum() or c in "-_.=+@ " else "_" for c in student).lstrip(".") or "_"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
