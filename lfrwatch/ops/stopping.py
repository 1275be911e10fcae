"""Stopping a run cleanly: SIGTERM (systemd's stop or timeout, a shutdown, ``kill``) and SIGINT (Ctrl-C).

:func:`stop_on_signals` turns either signal into :class:`RunStopped`, raised
in the main thread wherever the run is. Before raising it ends the worker
processes the run forked (spaCy's ``nlp.pipe`` workers), which would
otherwise keep the run waiting for them. The runner then marks the run's row
``interrupted``, releases the run lock and the CLI says so on stderr, exiting
with 128 + the signal's number (143 for SIGTERM, 130 for SIGINT), as a shell
reports a process the signal ended.

A second signal while the run is stopping is ignored, so the cleanup is not
cut short (SIGKILL still ends everything; the next run then finds the row
still ``running`` and marks it ``interrupted``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import warnings
from typing import Iterator

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class RunStopped(BaseException):
    """A signal asked the run to stop.

    A BaseException, as KeyboardInterrupt is, so that the ``except Exception``
    clauses that keep a run going past one failure (extraction, the timeline)
    do not swallow it.
    """

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.run_id: int | None = None  # set by the runner once the run's row is marked

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def end_worker_processes() -> int:
    """Kill the multiprocessing children of this process (spaCy's workers); returns how many."""
    children = multiprocessing.active_children()
    for child in children:
        with contextlib.suppress(OSError):
            child.kill()
    for child in children:
        child.join(timeout=5)
    return len(children)


@contextlib.contextmanager
def stop_on_signals(signals: tuple[int, ...] = STOP_SIGNALS) -> Iterator[None]:
    """While inside, SIGTERM and SIGINT raise :class:`RunStopped` in this (main) thread.

    Outside the main thread signal handlers cannot be set: nothing changes there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()
    stopping: list[int] = []

    def handler(signum, frame):
        if os.getpid() != owner:
            # A process forked from the run inherited this handler: end as the signal means.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if stopping:
            return
        stopping.append(signum)
        if end_worker_processes():
            # spaCy then warns that its workers did not finish (W127): they were ended here, on purpose.
            warnings.filterwarnings("ignore", message=r"\[W127\]")
        raise RunStopped(signum)

    previous = {signum: signal.signal(signum, handler) for signum in signals}
    try:
        yield
    finally:
        for signum, earlier in previous.items():
            # Once stopping, a repeated signal is ignored to the end: the run is already on its way out, and a
            # KeyboardInterrupt in the interpreter's exit handlers would only print a traceback.
            signal.signal(signum, signal.SIG_IGN if stopping else earlier)
