"""The ``crmlab`` command. ``crmlab grade SUBMISSIONS_DIR --exercise eoq`` grades a folder.

The command line is the package's one place that prints: progress and a summary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmlab.grading import GradeResult, grade_folder


def _progress_bar(i: int, n: int, result: GradeResult) -> None:
    width = 24
    filled = round(width * i / n)
    bar = "#" * filled + "-" * (width - filled)
    score = f"{result.total:g}/{sum(result.max_points.values()):g}"
    note = "" if result.status == "ok" else f" ({result.status})"
    sys.stderr.write(f"[{bar}] {i}/{n}  {result.student}: {score}{note}\n")
    sys.stderr.flush()


def _autograder(args: argparse.Namespace) -> Path:
    if args.autograder:
        return Path(args.autograder)
    name = args.exercise
    return Path("exercises") / "dist" / name / "autograder" / f"{name}-autograder.zip"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crmlab", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser(
        "grade",
        help="grade a folder of student notebooks",
        description="Grade every file in SUBMISSIONS_DIR against an otter autograder zip, "
        "each submission alone in a child process with time and memory limits. Writes "
        "gradebook.csv (student, question, points, max_points, status) and one feedback "
        "file per student.",
    )
    grade.add_argument("submissions", help="folder of student notebooks, one file each")
    which = grade.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--exercise",
        help="exercise name: uses exercises/dist/NAME/autograder/"
        "NAME-autograder.zip (run `make exercises` first)",
    )
    which.add_argument("--autograder", help="path to an otter autograder zip")
    grade.add_argument("--out", default="grades", help="output folder (default: grades)")
    grade.add_argument(
        "--timeout", type=float, default=60.0, help="seconds each submission may run (default: 60)"
    )
    grade.add_argument(
        "--memory-mb",
        type=int,
        default=4096,
        help="memory limit per submission in MiB (default: 4096)",
    )
    args = parser.parse_args(argv)

    try:
        gradebook = grade_folder(
            Path(args.submissions),
            _autograder(args),
            Path(args.out),
            timeout=args.timeout,
            memory_mb=args.memory_mb,
            progress=_progress_bar,
        )
    except ValueError as error:
        parser.error(str(error))
    totals = gradebook.groupby("student")[["points", "max_points"]].sum()
    sys.stdout.write(totals.to_string() + "\n")
    sys.stdout.write(
        f"wrote {Path(args.out) / 'gradebook.csv'} and {Path(args.out) / 'feedback'}/\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
