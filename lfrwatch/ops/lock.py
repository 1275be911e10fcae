"""The run lock: one `lfrwatch run` per database, judged by whether the run holding it is alive.

The lock is a POSIX record lock (``fcntl.lockf``) on ``<database>.lock``.
Such a lock belongs to the process that took it: the kernel drops it when
that process ends, however it ends, and a child forked from it does not
inherit it. A run's spaCy workers (forked by ``nlp.pipe``) and its crawl
process can therefore never hold the lock after the run has died; an
``flock``, which a forked child shares, could be kept by an orphaned worker
and block every later run.

The file names its holder: PID, the process's start time as the kernel
counts it (so a PID reused by another process is not taken for the run) and
the time the lock was taken. A clean release empties the file; a file still
naming a holder when the lock is free was left by a run that was killed.
A holder that is alive, started when the file says, but does not hold the
record lock is a run of an earlier lfrwatch (which used ``flock``): it is
respected as busy.

A POSIX lock is dropped when its process closes *any* descriptor of the
file, so this module opens the lock file once per process and keeps a
registry of the locks this process holds; a second :class:`RunLock` on the
same database in the same process is refused as busy.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from lfrwatch import store


class RunBusyError(RuntimeError):
    """Another run holds the lock on this database."""


class LockFileError(RuntimeError):
    """The lock file cannot be created or opened."""


#: Lock files this process holds: resolved path -> descriptor.
_HELD: dict[str, int] = {}


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (Linux); None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def process_start_ticks(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux); None when unknown or gone."""
    fields = _stat_fields(pid)
    if fields is None or len(fields) < 20:
        return None
    return int(fields[19])


def _boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        pass
    return None


def process_started_at(pid: int) -> float | None:
    """When process ``pid`` started, as a Unix time (Linux); None when unknown or gone."""
    ticks, boot = process_start_ticks(pid), _boot_time()
    if ticks is None or boot is None:
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists and is not a zombie."""
    fields = _stat_fields(pid)
    if fields is not None:
        return fields[0] != "Z"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder_alive(holder: dict[str, Any]) -> bool:
    """True when the process a lock file names is still the one that wrote it (not gone, not a reused PID)."""
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0 or not pid_alive(pid):
        return False
    recorded = holder.get("pid_start_ticks")
    if isinstance(recorded, int):
        current = process_start_ticks(pid)
        return current is None or current == recorded
    # A lock file written without the start ticks (an earlier lfrwatch): the process must have
    # started before it took the lock.
    started = process_started_at(pid)
    taken = _parse_time(holder.get("started_at"))
    return started is None or taken is None or started <= taken + 2.0


def _parse_time(value: Any) -> float | None:
    from datetime import datetime

    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        return None


def _describe(holder: dict[str, Any]) -> str:
    if not holder:
        return "pid unknown"
    return f"pid {holder.get('pid', '?')}, started {holder.get('started_at', '?')}"


class RunLock:
    """The run lock of one database (see the module's docstring)."""

    def __init__(self, db: str):
        self.db = str(Path(db).resolve())
        self.path = Path(self.db + ".lock")
        self.fd: int | None = None

    def _busy(self, holder: dict[str, Any]) -> RunBusyError:
        return RunBusyError(f"another lfrwatch run ({_describe(holder)}) is using {self.db}; "
                            f"lock file {self.path}. Not starting a second one.")

    def acquire(self) -> str | None:
        """Take the lock, or raise :class:`RunBusyError`; returns a note when a stale lock was taken over."""
        key = str(self.path)
        if key in _HELD:  # this process holds it already: never open (and close) the file a second time
            raise self._busy(self._read(_HELD[key]))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise LockFileError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from exc
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._read(fd)
            os.close(fd)
            raise self._busy(holder) from None
        previous = self._read(fd)
        if previous and previous.get("pid") != os.getpid() and holder_alive(previous):
            # Alive, and the one that wrote the file, yet not holding the record lock: an earlier lfrwatch's run.
            fcntl.lockf(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise self._busy(previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "pid_start_ticks": process_start_ticks(os.getpid()),
                                  "started_at": store.utcnow(), "db": self.db}).encode(), 0)
        self.fd = fd
        _HELD[key] = fd
        if not previous:
            return None
        return (f"took over a stale lock: the run with pid {previous.get('pid')} "
                f"(started {previous.get('started_at', '?')}) ended without releasing {self.path} "
                "(no longer running; killed?)")

    @staticmethod
    def _read(fd: int) -> dict[str, Any]:
        try:
            data = os.pread(fd, 4096, 0)
            return json.loads(data) if data.strip() else {}
        except (OSError, ValueError):
            return {"pid": "?"}

    def release(self) -> None:
        """Empty the file and drop the lock (the file stays: deleting it would let two runs lock two files)."""
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            fcntl.lockf(self.fd, fcntl.LOCK_UN)
        finally:
            _HELD.pop(str(self.path), None)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

