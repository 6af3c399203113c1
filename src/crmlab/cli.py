"""The ``crmlab`` command. ``crmlab grade SUBMISSIONS --exercise eoq`` grades a folder.

The command line is the package's one place that prints: progress (to stderr) and a summary.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crmlab.classroom import cli as classroom_cli

if TYPE_CHECKING:
    from crmlab.grading import GradeResult


class _Progress:
    """A progress bar on stderr: redrawn in place on a terminal, one line per submission
    otherwise (logs, CI)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, i: int, n: int, result: GradeResult) -> None:
        width = 24
        filled = round(width * i / max(n, 1))
        bar = "#" * filled + "-" * (width - filled)
        score = f"{result.total:g}/{sum(result.max_points.values()):g}"
        note = "" if result.status == "ok" else f" ({result.status})"
        line = f"[{bar}] {i}/{n}  {result.student}: {score}{note}"
        if self.tty:
            self.stream.write("\r\x1b[K" + line + ("\n" if i == n else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def repository_root() -> Path | None:
    """The crmlab repository this package runs from (an editable install), or None."""
    import crmlab

    root = Path(crmlab.__file__).resolve().parents[2]
    return root if (root / "exercises").is_dir() and (root / "pyproject.toml").is_file() else None


def find_autograder(name: str, cwd: Path | None = None) -> Path:
    """The autograder zip of exercise ``name``: ``exercises/dist/NAME/autograder/`` under the
    current folder or any folder above it, else in the repository crmlab runs from.

    The autograders are not shipped inside the package on purpose: they hold the hidden
    tests, and students install the same package."""
    if (
        not isinstance(name, str)
        or not name
        or name in (".", "..")
        or any(c in name for c in "/\\\0")
    ):
        raise ValueError(f"name must be an exercise name such as 'eoq' (no folders), got {name!r}")
    if cwd is not None and (
        not isinstance(cwd, (str, os.PathLike)) or "\0" in str(cwd) or not Path(cwd).is_dir()
    ):
        raise ValueError(f"cwd must be an existing folder or None, got {cwd!r}")
    rel = Path("exercises") / "dist" / name / "autograder" / f"{name}-autograder.zip"
    cwd = Path(cwd or Path.cwd()).resolve()
    places = [cwd, *cwd.parents]
    root = repository_root()
    if root is not None:
        places.append(root)
    for place in places:
        if (place / rel).is_file():
            return place / rel
    hint = f" (run `make exercises` in {root})" if root else ""
    raise ValueError(
        f"no autograder for the exercise name {name!r} found in exercises/dist/{name}/ under "
        f"cwd ({cwd}), a folder above it or the crmlab repository{hint}; pass --autograder "
        "PATH instead"
    )


def _deadline(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"deadline must be an ISO date-time such as 2026-03-01T23:59, got {text!r}"
        ) from error
    return value if value.tzinfo else value.astimezone()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="crmlab", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser(
        "grade",
        help="grade a folder of student submissions",
        description="Grade every submission in SUBMISSIONS (a notebook, the zip the "
        "notebook's export cell makes, or a folder per student) against an otter "
        "autograder zip. Each submission runs alone in a bubblewrap sandbox with time, "
        "memory, process and file-size limits; the tests run afterwards, outside it.",
    )
    grade.add_argument("submissions", help="folder of submissions, one file or folder each")
    which = grade.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--exercise",
        help="exercise name: finds exercises/dist/NAME/autograder/NAME-autograder.zip here, "
        "in a folder above, or in the crmlab repository (run `make exercises` first)",
    )
    which.add_argument("--autograder", help="path to an otter autograder zip")
    grade.add_argument(
        "--out", default="grades", help="output folder (default: ./grades; git-ignored)"
    )
    grade.add_argument(
        "--timeout", type=float, default=60.0, help="seconds each submission may run (60)"
    )
    grade.add_argument(
        "--memory-mb", type=int, default=4096, help="memory per submission in MiB (4096)"
    )
    grade.add_argument(
        "--max-processes",
        type=int,
        default=256,
        help="processes and threads per submission (256)",
    )
    grade.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded at once")
    grade.add_argument("--roster", help="CSV of student id and name: lists who is missing")
    grade.add_argument("--deadline", type=_deadline, help="ISO date-time; later files lose points")
    grade.add_argument(
        "--late-penalty",
        type=float,
        default=0.1,
        help="share of the points lost per started day late (0.1)",
    )
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="grade without bubblewrap (UNSAFE: a submission can change scores)",
    )
    classroom_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "classroom":
        return classroom_cli.run(args, parser)
    return _grade(args, parser)


def _grade(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``crmlab grade``: imported here, so the other commands work without the extra
    ``grading`` (otter-grader, nbclient) installed."""
    try:
        from crmlab.grading import grade_folder
        from crmlab.grading.sandbox import SandboxUnavailable, check_sandbox
    except ModuleNotFoundError as error:
        parser.exit(2, f"crmlab grade: {error}\n")

    if args.no_sandbox:
        sys.stderr.write(
            "WARNING: grading without a sandbox (--no-sandbox). Student code runs with your "
            "permissions and can read the tests, other submissions and the gradebook, and "
            "change scores. Use this only for trusted notebooks.\n"
        )
    else:
        try:
            check_sandbox()
        except SandboxUnavailable as error:
            parser.exit(
                2,
                f"crmlab grade: refusing to grade without a sandbox: {error}.\n"
                "Install bubblewrap, or pass --no-sandbox to grade unsafely.\n",
            )
    try:
        autograder = Path(args.autograder) if args.autograder else find_autograder(args.exercise)
        gradebook = grade_folder(
            Path(args.submissions),
            autograder,
            Path(args.out),
            timeout=args.timeout,
            memory_mb=args.memory_mb,
            max_processes=args.max_processes,
            jobs=args.jobs,
            roster=Path(args.roster) if args.roster else None,
            deadline=args.deadline,
            penalty_per_day=args.late_penalty if args.deadline else 0.0,
            sandbox=not args.no_sandbox,
            progress=_Progress(),
        )
    except ValueError as error:
        parser.error(str(error))
    report = gradebook.attrs["report"]
    if not gradebook.empty:
        totals = gradebook.groupby("student")[["points", "max_points"]].sum()
        sys.stdout.write(totals.to_string() + "\n")
    for line in report.lines():
        sys.stdout.write(line + "\n")
    out = Path(args.out)
    sys.stdout.write(
        f"wrote {out / 'gradebook.csv'}, {out / 'grades_wide.csv'}, {out / 'report.txt'} "
        f"and {out / 'feedback'}/\n"
    )
    if gradebook.empty and not report.resumed:
        sys.stderr.write("crmlab grade: no submissions found\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
