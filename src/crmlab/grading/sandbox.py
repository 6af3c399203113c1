"""Run one submission inside a bubblewrap sandbox, with time, memory, process and file limits.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (Debian's ``bubblewrap`` package,
the ``bwrap`` command) builds the sandbox; nothing here is home-made isolation. Inside it the
submission sees:

- the operating system (``/usr`` and a few files of ``/etc``: :data:`ETC_FILES`), the
  Python installation, the virtual environment and the crmlab package, all **read-only**;
- its own scratch folder (a fresh host folder holding only its notebook) as ``HOME`` and
  working folder, under a neutral name, and a private ``/tmp``;
- no network (``--unshare-net``), its own PID namespace (``--unshare-pid``: it cannot see or
  signal the grader), a user namespace where it runs as uid 65534 with no capabilities, a
  clean environment (``--clearenv``), a new terminal session;
- nothing else of the host file system: not the submissions folder, the output folder, the
  autograder or the master notebooks (they are not mounted; any of them inside a mounted
  folder is hidden under an empty mount).

Limits, per submission:

- **time**: at the limit the whole sandbox is killed. ``bwrap --die-with-parent`` and its PID
  namespace mean that killing ``bwrap``'s process group ends every process the submission
  started, however it forked; nothing survives the run.
- **memory and processes**: with a writable cgroup hierarchy (cgroup v2, or v1 ``memory`` and
  ``pids`` controllers, which root has on many machines) each submission gets its own cgroup
  with ``memory.max``/``memory.limit_in_bytes`` and ``pids.max``. Where none is writable,
  the fallback is per-process rlimits (``RLIMIT_AS`` of the memory limit and
  ``RLIMIT_NPROC``) plus a watchdog in the grader that sums the resident memory and counts
  the processes of the sandbox every 50 ms and kills it past either limit. ``RLIMIT_NPROC``
  counts processes per real user and does not bind root, so under root the watchdog is
  what limits processes.
- **files**: ``RLIMIT_FSIZE`` caps each file the submission writes; ``/tmp`` is a tmpfs of
  that size.

The caller reads results back from the scratch folder only after the sandbox has exited, with
a size cap and without following symbolic links (:func:`read_capped`).
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crmlab._validate import flag, positive, whole

#: The working folder and HOME inside the sandbox: a neutral name, as on a JupyterHub.
SANDBOX_HOME = "/home/jovyan"
SANDBOX_UID = 65534
#: The files of /etc mounted in the sandbox (those that exist).
ETC_FILES = (
    "alternatives",
    "group",
    "hosts",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "mime.types",
    "nsswitch.conf",
    "passwd",
    "timezone",
)


class SandboxUnavailable(RuntimeError):
    """No working bubblewrap on this machine."""


#: The largest memory and file-size limits (MiB): 2**30 MiB is a pebibyte, far above any
#: machine, and still fits the kernel's limits in bytes.
MAX_MB = 2**30
#: The most processes and threads a submission may be allowed (the kernel's own ceiling
#: on process ids, 2**22).
MAX_PROCESSES = 2**22


def _checked_path(name: str, value: object, kind: str = "exists") -> Path:
    """``value`` as a :class:`~pathlib.Path`, or ``ValueError`` naming the argument ``name``.

    ``kind`` says what must be there: ``"file"`` an existing file, ``"folder"`` an existing
    folder, ``"exists"`` either, ``"output"`` a folder that is made if missing (nothing on
    the way is a file), ``"new file"`` a file to write (not a folder; its folder exists).
    """
    if not isinstance(value, (str, os.PathLike)):
        raise ValueError(f"{name} must be a path (str or pathlib.Path), got {value!r}")
    path = Path(value)
    if "\0" in str(path):
        raise ValueError(f"{name} must be a path without NUL characters, got {str(path)!r}")
    if kind == "file" and not path.is_file():
        what = "a folder" if path.is_dir() else "missing"
        raise ValueError(f"{name} must be an existing file, got {path} ({what})")
    if kind == "folder" and not path.is_dir():
        what = "a file" if path.exists() else "missing"
        raise ValueError(f"{name} must be an existing folder, got {path} ({what})")
    if kind == "exists" and not path.exists():
        raise ValueError(f"{name} must be an existing file or folder, got {path} (missing)")
    if kind == "output":
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise ValueError(f"{name} must be a folder (made if missing), but {existing} is a file")
    if kind == "new file" and (path.is_dir() or not path.parent.is_dir()):
        raise ValueError(f"{name} must be a file in an existing folder, got {path}")
    return path


def _checked_paths(name: str, values: object) -> list[Path]:
    """A sequence of paths (that need not exist) as a list, or ``ValueError`` naming ``name``."""
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise ValueError(f"{name} must be a list of paths, got {values!r}")
    return [_checked_path(f"{name} (entry {i + 1})", v, "any") for i, v in enumerate(values)]


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    timeout: float = 60.0  # wall-clock seconds
    memory_mb: int = 4096  # MiB for the whole submission
    max_processes: int = 256  # processes and threads
    file_mb: int = 256  # MiB per file written

    def __post_init__(self) -> None:
        checked = {
            "timeout": positive("timeout", self.timeout),
            "memory_mb": whole("memory_mb", self.memory_mb, minimum=256, maximum=MAX_MB),
            "max_processes": whole(
                "max_processes", self.max_processes, minimum=32, maximum=MAX_PROCESSES
            ),
            "file_mb": whole("file_mb", self.file_mb, minimum=1, maximum=MAX_MB),
        }
        for name, value in checked.items():  # e.g. 4096.0 MiB becomes 4096
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class RunOutcome:
    """How a sandboxed run ended: ``status`` is ok, timeout, memory, processes or crashed."""

    status: str
    detail: str


# ------------------------------------------------------------------------------ bubblewrap


def bwrap_path() -> str | None:
    """The ``bwrap`` executable, or None."""
    return shutil.which("bwrap")


_PROBE: dict[str, str | None] = {}


def check_sandbox() -> str:
    """The path of a working ``bwrap``; raises :class:`SandboxUnavailable` with the reason."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap is not installed (Debian/Ubuntu: `apt-get install bubblewrap`)"
        )
    if bwrap not in _PROBE:
        cmd = [bwrap, *_namespace_args(), *_mount_args(Path("/"), []), "--", "/bin/true"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
        _PROBE[bwrap] = None if proc.returncode == 0 else proc.stderr.strip() or "failed"
    if _PROBE[bwrap] is not None:
        raise SandboxUnavailable(f"bubblewrap does not work here: {_PROBE[bwrap]}")
    return bwrap


def _namespace_args() -> list[str]:
    return [
        "--die-with-parent",
        "--unshare-user",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--unshare-pid",
        "--as-pid-1",  # the command is PID 1: when it exits, the kernel kills the rest
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        "jupyter",
        "--new-session",
        "--clearenv",
    ]


def _readable_roots() -> list[Path]:
    """Folders the Python environment and crmlab need, mounted read-only."""
    import crmlab

    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(crmlab.__file__).resolve().parents[1]}
    for entry in sys.path:
        if entry and Path(entry).is_dir() and "site-packages" in entry:
            roots.add(Path(entry).resolve())
    exe = Path(sys.executable)
    roots.add(exe.resolve().parent.parent)
    ordered: list[Path] = []
    for root in sorted(roots, key=lambda p: len(p.parts)):
        if str(root).startswith("/usr") or any(root.is_relative_to(r) for r in ordered):
            continue
        ordered.append(root)
    return ordered


def _mount_args(scratch: Path, hidden: list[Path]) -> list[str]:
    args: list[str] = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        p = Path(top)
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), top]
        elif p.is_dir():
            args += ["--ro-bind", top, top]
    for name in ETC_FILES:  # a few files of /etc, not all of it (no shadow, no keys)
        if Path("/etc", name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # the private /tmp first: the environment may itself live under /tmp (a CI clone), and a
    # later bind is mounted over the tmpfs, an earlier one would be hidden by it
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/var/tmp"]
    roots = _readable_roots()
    for root in roots:
        args += ["--ro-bind", str(root), str(root)]
    if scratch != Path("/"):
        args += ["--bind", str(scratch), SANDBOX_HOME]
    else:
        args += ["--dir", SANDBOX_HOME]
    # whatever the caller must keep out of sight but lies inside a mounted folder is covered
    for path in hidden:
        path = path.resolve()
        if not any(path.is_relative_to(r) for r in [Path("/usr"), Path("/etc"), *roots]):
            continue
        if path.is_dir():
            args += ["--tmpfs", str(path)]
        elif path.exists():
            args += ["--ro-bind", "/dev/null", str(path)]
    return args


# ----------------------------------------------------------------------------------- cgroups


class _Cgroup:
    """A per-submission cgroup (v2, or v1 memory + pids), when the machine lets us make one."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.dirs: list[Path] = []
        memory = limits.memory_mb * 1024 * 1024
        v2 = Path("/sys/fs/cgroup")
        if (v2 / "cgroup.controllers").is_file():
            base = v2 / "crmlab-grade"
            base.mkdir(exist_ok=True)
            with contextlib.suppress(OSError):
                (v2 / "cgroup.subtree_control").write_text("+memory +pids")
            with contextlib.suppress(OSError):
                (base / "cgroup.subtree_control").write_text("+memory +pids")
            _remove_stale(base)
            group = base / name
            group.mkdir()
            self.dirs.append(group)
            (group / "memory.max").write_text(str(memory))
            with contextlib.suppress(OSError):
                (group / "memory.swap.max").write_text("0")
            (group / "pids.max").write_text(str(limits.max_processes))
            return
        mem_root = _v1_own("memory")
        pids_root = _v1_own("pids")
        if mem_root is None or pids_root is None:
            raise OSError("no writable cgroup hierarchy")
        for root in (mem_root, pids_root):
            _remove_stale(root)
        for root, settings in (
            (mem_root, {"memory.limit_in_bytes": str(memory)}),
            (pids_root, {"pids.max": str(limits.max_processes)}),
        ):
            group = root / f"crmlab-grade-{name}"
            group.mkdir()
            self.dirs.append(group)
            for key, value in settings.items():
                (group / key).write_text(value)
        with contextlib.suppress(OSError):
            (self.dirs[0] / "memory.memsw.limit_in_bytes").write_text(str(memory))

    def join(self) -> None:
        """Put the calling process in the group (runs in the child before exec)."""
        for group in self.dirs:
            (group / "cgroup.procs").write_text(str(os.getpid()))

    def oom(self) -> bool:
        """Whether the memory limit was hit (an OOM kill, or the group held at its limit)."""
        for group in self.dirs:
            events = group / "memory.events"
            if events.is_file():
                for line in events.read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key in ("oom", "oom_kill", "max") and value.strip() != "0":
                        return True
            control = group / "memory.oom_control"
            if control.is_file() and "under_oom 1" in control.read_text():
                return True
            failcnt = group / "memory.failcnt"
            if failcnt.is_file() and failcnt.read_text().strip() not in ("", "0"):
                return True
            peak, limit = group / "memory.max_usage_in_bytes", group / "memory.limit_in_bytes"
            if peak.is_file() and limit.is_file():
                if int(peak.read_text()) >= int(limit.read_text()) - 4 * 1024 * 1024:
                    return True
        return False

    def kill_and_remove(self) -> None:
        """Kill what is left in the group and remove it."""
        for group in self.dirs:
            for _ in range(50):
                try:
                    pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.02)
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)


def _remove_stale(root: Path) -> None:
    """Remove the cgroups a grader that was killed left behind (their names hold the
    grader's process id, which no longer runs)."""
    for group in root.glob("*"):
        parts = group.name.split("-")
        if not group.is_dir() or len(parts) < 5 or not parts[-3].isdigit():
            continue
        if group.parent.name != "crmlab-grade" and not group.name.startswith("crmlab-grade-"):
            continue
        if not Path("/proc", parts[-3]).exists():
            stale = _Cgroup.__new__(_Cgroup)
            stale.dirs = [group]
            stale.kill_and_remove()


def _v1_own(controller: str) -> Path | None:
    """The writable v1 cgroup folder this process sits in for ``controller``, or None."""
    root = Path("/sys/fs/cgroup") / controller
    if not root.is_dir():
        return None
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, names, path = line.split(":", 2)
            if controller in names.split(","):
                own = root / path.lstrip("/")
                return own if os.access(own, os.W_OK) else None
    except OSError:
        return None
    return None


def cgroups_available() -> bool:
    """Whether per-submission cgroups can be made here (else the rlimit fallback is used)."""
    try:
        group = _Cgroup(f"probe-{os.getpid()}", Limits())
    except OSError:
        return False
    group.kill_and_remove()
    return True


# ------------------------------------------------------------------------------- the watchdog


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _user_tasks() -> int:
    """The number of processes and threads of this process's real user."""
    uid, count = str(os.getuid()), 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        if fields.get("Uid", "").split()[:1] == [uid]:
            count += int(fields.get("Threads", "1").strip() or 1)
    return count


def _usage(pids: list[int]) -> tuple[int, int]:
    """(resident bytes, threads) summed over ``pids``."""
    rss = threads = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        threads += int(stat[17])
        rss += int(stat[21]) * page
    return rss, threads


# ----------------------------------------------------------------------------------- running


def run_sandboxed(
    argv: list[str],
    scratch: Path,
    limits: Limits,
    *,
    hidden: list[Path] = (),  # type: ignore[assignment]
    log: Path | None = None,
    sandbox: bool = True,
    use_cgroups: bool | None = None,
    name: str = "run",
) -> RunOutcome:
    """Run ``argv`` in a sandbox whose HOME and working folder is ``scratch``.

    Args:
        argv: the command, run inside the sandbox (paths as seen inside).
        scratch: host folder mounted read-write as :data:`SANDBOX_HOME`.
        limits: time, memory, process and file-size limits.
        hidden: host paths that must stay invisible even if inside a mounted folder.
        log: host file for the command's stdout and stderr (capped by the file-size limit).
        sandbox: False runs without bubblewrap (only rlimits and the watchdog; unsafe).
        use_cgroups: force (True) or forbid (False) cgroups; None uses them when available.
        name: a label for the cgroup.
    """
    if (
        isinstance(argv, (str, bytes, Mapping))
        or not isinstance(argv, (list, tuple))
        or not argv
        or not all(isinstance(a, (str, os.PathLike)) for a in argv)
    ):
        raise ValueError(f"argv must be a non-empty list of strings (the command), got {argv!r}")
    scratch = _checked_path("scratch", scratch, "folder")
    if not isinstance(limits, Limits):
        raise ValueError(f"limits must be a crmlab.grading.sandbox.Limits, got {limits!r}")
    hidden = _checked_paths("hidden", hidden)
    if log is not None:
        log = _checked_path("log", log, "new file")
    sandbox = flag("sandbox", sandbox)
    if use_cgroups is not None:
        use_cgroups = flag("use_cgroups", use_cgroups)
    if not isinstance(name, str):
        raise ValueError(f"name must be a string (a label), got {name!r}")
    env = {
        "HOME": SANDBOX_HOME if sandbox else str(scratch),
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "USER": "jovyan",
    }
    if sandbox:
        bwrap = check_sandbox()
        setenv = [a for k, v in env.items() for a in ("--setenv", k, v)]
        cmd = [
            bwrap,
            *_namespace_args(),
            *setenv,
            *_mount_args(scratch, list(hidden)),
            "--chdir",
            SANDBOX_HOME,
            "--",
            *argv,
        ]
    else:
        cmd = list(argv)

    group = None
    if use_cgroups or use_cgroups is None:
        try:
            label = "".join(c for c in name if c.isalnum())[:40]
            group = _Cgroup(
                f"{label}-{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}", limits
            )
        except OSError:
            if use_cgroups:
                raise
            group = None

    memory = limits.memory_mb * 1024 * 1024
    file_size = limits.file_mb * 1024 * 1024

    # RLIMIT_NPROC counts every process and thread of the real user: allow the user's own
    # (an instructor's desktop) plus the submission's share. It does not bind root.
    nproc = limits.max_processes + (_user_tasks() if os.getuid() != 0 else 0)

    def prepare() -> None:  # in the child, before exec
        if group is not None:
            group.join()
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=scratch,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            preexec_fn=prepare,
            start_new_session=True,
            close_fds=True,
        )
    finally:
        if log is not None:
            out.close()  # type: ignore[union-attr]

    status, detail = "ok", ""
    deadline = time.monotonic() + limits.timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                status, detail = "timeout", f"did not finish within {limits.timeout:g} s"
                break
            if group is not None and group.oom():
                status, detail = "memory", f"used more than {limits.memory_mb} MiB"
                break
            if group is None:
                rss, threads = _usage(_descendants(proc.pid))
                if rss > memory:
                    status = "memory"
                    detail = f"used more than {limits.memory_mb} MiB"
                    break
                if threads > limits.max_processes:
                    status = "processes"
                    detail = f"started more than {limits.max_processes} processes or threads"
                    break
            time.sleep(0.05)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if not sandbox:
            # without a PID namespace, processes that left the group survive: kill the tree
            for pid in _descendants(proc.pid)[1:]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if group is not None:
            oom = group.oom()
            group.kill_and_remove()
            if status == "ok" and oom:
                status, detail = "memory", f"used more than {limits.memory_mb} MiB"
    if status != "ok":
        return RunOutcome(status, detail)
    if proc.returncode == 0:
        return RunOutcome("ok", "")
    tail = ""
    if log is not None:
        tail = " / ".join(
            read_capped(log, 64_000).decode("utf-8", "replace").strip().splitlines()[-3:]
        )
    return RunOutcome("crashed", tail or f"exit code {proc.returncode}")


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of ``path``, refusing symbolic links, non-regular files and more than ``cap``
    bytes (raises ``ValueError``; ``cap`` is a whole number >= 0)."""
    path = _checked_path("path", path, "any")
    cap = whole("cap", cap, minimum=0, maximum=2**62)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        reason = "a symbolic link" if os.path.islink(path) else error.strerror
        raise ValueError(f"path {path.name} cannot be read: {reason}") from None
    try:
        st = os.fstat(fd)
        import stat as _stat

        if not _stat.S_ISREG(st.st_mode):
            raise ValueError(f"path {path.name} is not a regular file")
        if st.st_size > cap:
            raise ValueError(f"path {path.name} is larger than {cap} bytes")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(cap + 1)
    finally:
        os.close(fd)
    if len(data) > cap:
        raise ValueError(f"path {path.name} is larger than {cap} bytes")
    return data
