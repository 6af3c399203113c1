"""Grading folders of student notebooks without Docker (``crmlab grade``).

How a submission is graded, and why each step is there:

1. The autograder's tests are read into memory from otter's zip *before* any student code
   runs.
2. The submission's notebook runs alone in a bubblewrap sandbox
   (:mod:`crmlab.grading.sandbox`): read-only Python environment, a private scratch folder
   and ``/tmp``, no network, its own PID namespace, nothing of the submissions, the output,
   the autograder or the masters in view, and time, memory, process and file-size limits.
   At the time limit the whole sandbox dies.
3. The last cell, appended by the grader, writes the notebook's variables as tagged JSON
   data (:mod:`crmlab.grading.snapshot`), including crmlab's result objects field by field.
   Nothing executable and nothing pickled comes back.
4. After the sandbox has exited, the grader reads that file (size-capped, no symbolic
   links) and runs the tests on the rebuilt values. Redefining ``grader.check`` or
   printing "all tests passed" in the submission therefore changes nothing.
5. Each submission's rows are appended to ``gradebook.csv`` and synced to disk as soon as it
   is graded; a re-run skips submissions already graded and unchanged.
"""

try:
    from crmlab.grading.grade import (
        GradeResult,
        grade_folder,
        grade_notebook,
        grade_submission,
        load_tests,
    )
except ModuleNotFoundError as error:  # the optional extra "grading" is not installed
    if (error.name or "").split(".")[0] not in {"nbformat", "nbclient", "otter"}:
        raise
    raise ModuleNotFoundError(
        f"crmlab.grading needs the package {error.name!r}, which is not installed: "
        'pip install "crmlab[grading]"',
        name=error.name,
    ) from error

__all__ = ["GradeResult", "grade_folder", "grade_notebook", "grade_submission", "load_tests"]
