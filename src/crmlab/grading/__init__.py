"""Grading folders of student notebooks without Docker (``crmlab grade``).

How a submission is graded, and why each step is there:

1. The autograder's tests are read into memory from otter's zip *before* any student code
   runs, so nothing a submission does to files can change them.
2. The submission is copied alone into an empty temporary folder and executed there, in a
   child process with a time limit and a memory limit (:mod:`crmlab.grading.execute`). The
   tests are never present where the student's code runs.
3. The last cell, appended by the grader, writes the notebook's variables as plain JSON
   data: numbers, strings, lists, arrays, data frames, and references to functions of a few
   known libraries (:mod:`crmlab.grading.snapshot`). Nothing executable comes back.
4. The tests run in the grading process on those values, against freshly imported
   libraries. Redefining ``grader.check``, ``np.isclose`` or printing "all tests passed"
   in the submission therefore changes nothing. Whatever the student's code does to that
   last cell, it can only decide which values come back, which is what assigning its
   answers does anyway.

Known limit (no container): the student's code runs as the grading user and could read
files that user can read, e.g. a master notebook elsewhere on disk. Grade on an account or
machine that does not hold the masters when that matters.
"""

from crmlab.grading.grade import GradeResult, grade_folder, grade_submission, load_tests

__all__ = ["GradeResult", "grade_folder", "grade_submission", "load_tests"]
