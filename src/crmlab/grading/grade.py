"""Grade submissions against an otter autograder zip, without Docker."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from crmlab.grading.execute import run_limited
from crmlab.grading.snapshot import SNAPSHOT_FILE, restore


@dataclass(frozen=True)
class GradeResult:
    """The grade of one submission."""

    student: str
    status: str  # ok, timeout, crashed, empty, not a notebook
    points: dict[str, float]  # question -> points earned
    max_points: dict[str, float]  # question -> points possible
    feedback: str  # Markdown for the student
    detail: str = ""
    messages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.points.values())


def load_tests(autograder: Path) -> dict[str, str]:
    """The test files of an otter autograder zip, as source text by question name."""
    autograder = Path(autograder)
    if not autograder.is_file():
        raise ValueError(f"autograder must be an existing otter zip file, got {autograder}")
    with zipfile.ZipFile(autograder) as zf:
        tests = {
            Path(name).stem: zf.read(name).decode("utf-8")
            for name in sorted(zf.namelist())
            if name.startswith("tests/") and name.endswith(".py")
        }
    if not tests:
        raise ValueError(f"autograder {autograder} holds no tests/*.py files")
    return tests


def _test_files(tests: dict[str, str]):
    from otter.test_files import ExceptionTestFile

    return {q: ExceptionTestFile.from_string(src, path=f"{q}.py") for q, src in tests.items()}


def _zero(student: str, status: str, detail: str, tests: dict[str, str]) -> GradeResult:
    files = _test_files(tests)
    possible = {q: float(tf.possible) for q, tf in files.items()}
    feedback = f"# Feedback for {student}\n\nNot graded: {status}. {detail}\n"
    return GradeResult(student, status, dict.fromkeys(possible, 0.0), possible, feedback, detail)


def _read_notebook(path: Path) -> nbformat.NotebookNode | None:
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception:
        return None
    return nb


def grade_submission(
    path: Path, tests: dict[str, str], *, timeout: float = 60.0, memory_mb: int = 4096
) -> GradeResult:
    """Grade one notebook: run it alone in a scratch folder, then test its variables here.

    Args:
        path: the student's notebook.
        tests: question -> test file source, from :func:`load_tests` (read before any
            student code runs).
        timeout: wall-clock seconds the whole notebook may take (> 0).
        memory_mb: address-space limit for the student's code, in MiB (>= 256).
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    if memory_mb < 256:
        raise ValueError(f"memory_mb must be >= 256, got {memory_mb!r}")
    path = Path(path)
    student = path.stem
    if path.stat().st_size == 0:
        return _zero(student, "empty", "The file is empty.", tests)
    nb = _read_notebook(path)
    if nb is None:
        return _zero(student, "not a notebook", "The file is not a valid Jupyter notebook.", tests)
    if not any(c.cell_type == "code" and c.source.strip() for c in nb.cells):
        return _zero(student, "empty", "The notebook has no code.", tests)

    with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as scratch:
        work = Path(scratch) / path.name
        nbformat.write(nb, work)
        outcome = run_limited(work, timeout=timeout, memory_mb=memory_mb)
        snapshot = Path(scratch) / SNAPSHOT_FILE
        text = snapshot.read_text(encoding="utf-8") if snapshot.is_file() else "{}"
    if outcome.status != "ok":
        return _zero(student, outcome.status, outcome.detail, tests)
    try:
        env = restore(text)
    except (ValueError, json.JSONDecodeError):
        env = {}

    points: dict[str, float] = {}
    possible: dict[str, float] = {}
    messages: dict[str, list[str]] = {}
    lines = [f"# Feedback for {student}", ""]
    for question, tf in _test_files(tests).items():
        tf.run(env)
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
            lines.append("")
            lines.append("```")
            lines.append(message.strip())
            lines.append("```")
        lines.append("")
    total, best = sum(points.values()), sum(possible.values())
    lines.insert(2, f"Total: {total:g} / {best:g}\n")
    return GradeResult(student, "ok", points, possible, "\n".join(lines), "", messages)


def grade_folder(
    submissions: Path,
    autograder: Path,
    out: Path,
    *,
    timeout: float = 60.0,
    memory_mb: int = 4096,
    progress: Callable[[int, int, GradeResult], None] | None = None,
) -> pd.DataFrame:
    """Grade every file in ``submissions``; write ``gradebook.csv`` and ``feedback/``.

    Every file in the folder is a submission (its stem names the student), so a file that
    is not a notebook is recorded as such rather than skipped. Returns the gradebook: one
    row per student and question with ``student, question, points, max_points, status``.
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise ValueError(f"submissions must be an existing folder, got {submissions}")
    tests = load_tests(Path(autograder))  # read before any student code runs
    files = sorted(p for p in submissions.iterdir() if p.is_file() and not p.name.startswith("."))
    out = Path(out)
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, path in enumerate(files, start=1):
        result = grade_submission(path, tests, timeout=timeout, memory_mb=memory_mb)
        for question in result.max_points:
            rows.append(
                {
                    "student": result.student,
                    "question": question,
                    "points": result.points[question],
                    "max_points": result.max_points[question],
                    "status": result.status,
                }
            )
        (feedback_dir / f"{result.student}.md").write_text(result.feedback, encoding="utf-8")
        if progress is not None:
            progress(i, len(files), result)
    gradebook = pd.DataFrame(
        rows, columns=["student", "question", "points", "max_points", "status"]
    )
    gradebook.to_csv(out / "gradebook.csv", index=False)
    return gradebook
