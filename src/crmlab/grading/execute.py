"""Run one submission: ``python -m crmlab.grading.execute NOTEBOOK`` (inside the sandbox).

The notebook is executed in its own folder with the grader's snapshot cell appended; errors
in cells do not stop it, so later answers still count. The sandbox around this process
(:mod:`crmlab.grading.sandbox`) sets the limits. Exit codes: 0 ran, 3 the kernel died.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from crmlab.grading.snapshot import DUMP_CELL

KERNEL_DIED = 3


def main(path: str) -> int:
    """Execute the notebook at ``path`` in its folder and write the snapshot there."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = Path(path)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP_CELL))
    client = NotebookClient(
        nb,
        timeout=None,  # the sandbox enforces the time limit on the whole run
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except DeadKernelError:
        return KERNEL_DIED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
