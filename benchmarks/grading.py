"""Time `crmlab grade` on a class of submissions of one exercise, with and without -j 2.

Builds the EOQ exercise into a temporary folder, writes N copies of its solved student
notebook (default 30), grades them once with one job and once with two, each in a bubblewrap
sandbox, and prints the wall times (``name | value | target`` rows, see README.md)::

    .venv/bin/python benchmarks/grading.py          # 30 submissions
    .venv/bin/python benchmarks/grading.py 10       # 10 submissions
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from crmlab.grading import grade_folder

ROOT = Path(__file__).resolve().parents[1]


def main(n: int = 30) -> int:
    """Grade ``n`` solved EOQ notebooks with -j 1 and -j 2 and print the times."""
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_exercises.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules["build"] = build
    spec.loader.exec_module(build)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        built = build.build_exercise(ROOT / "exercises" / "eoq.ipynb", tmp / "dist", check=False)
        master = nbformat.read(ROOT / "exercises" / "eoq.ipynb", as_version=4)
        solutions = [
            c.source
            for block, c in build._blocks(master)
            if block == "solution" and c.cell_type == "code"
        ]
        nb = nbformat.read(built.student_notebook, as_version=4)
        answers = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
        for cell, source in zip(answers, solutions, strict=False):
            cell.source = source
        subs = tmp / "subs"
        subs.mkdir()
        for i in range(n):
            nbformat.write(nb, subs / f"student{i:03d}.ipynb")
        for jobs in (1, 2):
            start = time.perf_counter()
            book = grade_folder(subs, built.autograder_zip, tmp / f"out{jobs}", jobs=jobs)
            seconds = time.perf_counter() - start
            full = int((book.groupby("student")["points"].sum() == 13).sum())
            print(f"crmlab grade, {n} eoq submissions, -j {jobs} | {seconds:.1f} s | -")
            print(f"  ({full} of {n} at full marks; {seconds / n:.2f} s per submission)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:2])))
