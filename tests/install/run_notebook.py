"""Execute one notebook in place: ``python run_notebook.py NOTEBOOK``.

Run by the *fresh* environment's Python (tests/install/test_wheel_install.py), so the kernel
is that environment's: it needs only nbclient and ipykernel, as on Colab. The notebook's
folder is the working directory. The executed notebook is written back, also when a cell
fails (the error then ends this script with a traceback and exit status 1).

Two guards against stalls seen on the shared 2-core machine, where a run now and then sat
with both the kernel and this client idle until the cell's time-out (the reply had come, but
the client's wait never woke; cf. jupyter/nbclient#312):

- every wait for a kernel message is cut into one-second slices, so a missed wake-up costs a
  second, not the cell's time-out;
- the kernel talks over Unix sockets at a private path (``transport = "ipc"``), not TCP
  ports picked while other runs pick theirs;
- should a cell still get no answer within ``CELL_TIMEOUT`` seconds, the notebook is run once
  more, from the start, in a new kernel (a note on stderr says so; the test shows it).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets.config import Config

CELL_TIMEOUT = 180  # seconds; the slowest cell takes about 10 s on the 2-core machine
SLICE = 1.0  # seconds: the longest single wait for a kernel message


def _wait_in_slices(channel: Any) -> None:
    """Make ``channel.get_msg(timeout)`` wait in slices of at most SLICE seconds."""
    get_msg = channel.get_msg

    async def get_msg_in_slices(timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            left = SLICE if deadline is None else max(0.0, deadline - monotonic())
            try:
                return await get_msg(timeout=min(SLICE, left))
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg_in_slices


class Client(NotebookClient):
    """nbclient's NotebookClient, its kernel messages read in slices."""

    async def async_start_new_kernel_client(self) -> Any:
        kc = await super().async_start_new_kernel_client()
        _wait_in_slices(kc.shell_channel)
        _wait_in_slices(kc.iopub_channel)
        return kc


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        # an absolute socket path: the kernel runs in the notebook's folder, this script not
        config.KernelManager.ip = str(Path(sockets) / "ipc")
        client = Client(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            config=config,
        )
        try:
            client.execute()
        finally:
            nbformat.write(nb, path)


def main(path: Path) -> None:
    original = path.read_bytes()
    try:
        run(path)
    except (CellTimeoutError, DeadKernelError) as error:
        print(f"retrying {path.name} once in a new kernel after: {error!r}", file=sys.stderr)
        path.write_bytes(original)
        run(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
