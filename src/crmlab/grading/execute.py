"""Run one submission in a child process: ``python -m crmlab.grading.execute NOTEBOOK``.

The notebook is executed in its own folder (which holds nothing else) with the grader's
snapshot cell appended; errors in cells do not stop it, so later answers still count. The
parent process sets the time and memory limits (:func:`run_limited`). Exit codes: 0 ran,
3 the kernel died.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from crmlab.grading.snapshot import DUMP_CELL

KERNEL_DIED = 3


def main(path: str) -> int:
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = Path(path)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP_CELL))
    client = NotebookClient(
        nb,
        timeout=None,  # the parent enforces the time limit on the whole run
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except DeadKernelError:
        return KERNEL_DIED
    return 0


@dataclass(frozen=True)
class RunOutcome:
    """How a child run ended: ``status`` is ok, timeout or crashed."""

    status: str
    detail: str


def run_limited(notebook: Path, timeout: float, memory_mb: int) -> RunOutcome:
    """Execute ``notebook`` in a child process limited to ``timeout`` seconds of wall time
    and ``memory_mb`` MiB of address space (the kernel inherits the limit)."""

    def limit() -> None:  # runs in the child before exec
        limit_bytes = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    env = {
        **os.environ,
        "HOME": str(notebook.parent),
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "crmlab.grading.execute", str(notebook)],
        cwd=notebook.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
        start_new_session=True,  # one process group: the kernel dies with it on timeout
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return RunOutcome("timeout", f"did not finish within {timeout:g} s")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # any kernel left behind
        except ProcessLookupError:
            pass
    if proc.returncode == 0:
        return RunOutcome("ok", "")
    tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
    return RunOutcome("crashed", " / ".join(tail) or f"exit code {proc.returncode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
