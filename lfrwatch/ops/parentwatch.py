"""A child process dies with its parent: the one rule for every process lfrwatch starts beside itself.

A parent killed outright (``kill -9``, a timeout) cannot end its children, and a
child left behind goes on writing, holds a pipe nobody reads, or waits for work
for ever. So each child watches the process that started it, and ends itself
(``os._exit``, at once) when its parent is no longer there: on Linux the kernel
kills it with SIGKILL as the parent dies (``PR_SET_PDEATHSIG``); otherwise a
check every few seconds notices. Its users differ only in how often they check,
with which exit code, and whether they ask the kernel:

- spaCy's forked workers (:func:`lfrwatch.nlp.extract.workers_die_with_this_process`):
  the kernel, else a watching thread every second; exit code 70;
- the crawl process of ``lfrwatch run`` (:class:`lfrwatch.crawl.extensions.ParentWatchExtension`):
  the kernel, and a check in the crawl's reactor every second that logs why; exit code 70;
- the crawl's article extraction workers (:class:`lfrwatch.crawl.article.ExtractionPool`):
  a watching thread every half second; exit code 0.

It imports nothing of lfrwatch, so the crawl, the NLP and the ops can all use it.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from typing import Any, Callable

#: The exit code of a child that ends because its parent is gone (EX_SOFTWARE).
ORPHANED_EXIT_CODE = 70
#: Linux's prctl option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


@functools.cache
def load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, or None where there is none (not Linux).

    Looked up once: a parent calls this before it forks, so that a child just
    forked finds it at hand.
    """
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: a watching check does the job
        return None


def kill_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where it cannot (not Linux)."""
    prctl = load_prctl()
    return prctl is not None and prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def exit_if_orphaned(parent_pid: int, exit_code: int, *, before_exit: Callable[[], Any] | None = None) -> None:
    """End this process at once with ``exit_code`` if ``parent_pid`` is no longer its parent.

    ``before_exit`` is called first (to log why, say).
    """
    if os.getppid() != parent_pid:
        if before_exit is not None:
            before_exit()
        os._exit(exit_code)


def watch_parent(parent_pid: int, *, interval: float, exit_code: int) -> threading.Thread:
    """A daemon thread that checks every ``interval`` seconds (the first time at once) and ends this process
    with ``exit_code`` once ``parent_pid`` is no longer its parent."""
    def watch() -> None:
        while True:
            exit_if_orphaned(parent_pid, exit_code)
            time.sleep(interval)

    thread = threading.Thread(target=watch, name="lfrwatch-parent-watch", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent_pid: int, *, interval: float, exit_code: int, kernel: bool = True) -> None:
    """Make this process end when ``parent_pid``, the process that started it, is gone.

    With ``kernel``, Linux kills it with SIGKILL as the parent dies, and where
    it cannot (or without ``kernel``) a thread checks every ``interval`` seconds
    and exits with ``exit_code``. Then it is checked once now: a parent that
    died before this took effect is noticed too.
    """
    if not (kernel and kill_with_parent()):
        watch_parent(parent_pid, interval=interval, exit_code=exit_code)
    exit_if_orphaned(parent_pid, exit_code)
