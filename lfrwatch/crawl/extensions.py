"""Crawl extensions: :class:`ParentWatchExtension` ends the crawl process when the
``lfrwatch run`` that started it dies, so a killed run leaves no orphan writing on.
"""

from __future__ import annotations

import logging
import os
import signal

from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

class ParentWatchExtension:
    """End the crawl process when its parent (``LFRWATCH_PARENT_PID``) is gone.

    ``lfrwatch run`` holds the run lock; if it is killed, the lock is released
    and the next run may start, so its crawl must not outlive it. On Linux the
    kernel sends SIGKILL at once (``PR_SET_PDEATHSIG``); elsewhere a check once
    a second notices. Every stored document is its own transaction, so dying
    here loses at most the page in flight.
    """

    def __init__(self, parent_pid: int):
        self.parent_pid = parent_pid
        self._loop = None

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        parent = crawler.settings.getint("LFRWATCH_PARENT_PID")
        if not parent:
            raise NotConfigured
        extension = cls(parent)
        extension.arm()
        crawler.signals.connect(extension.start_polling, signal=signals.engine_started)
        crawler.signals.connect(extension.stop_polling, signal=signals.engine_stopped)
        return extension

    def arm(self) -> None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # not Linux: the polling below does the job
        self.check()

    def check(self) -> None:
        if os.getppid() != self.parent_pid:
            logger.error("lfrwatch: the run that started this crawl (pid %d) is gone; stopping", self.parent_pid)
            os._exit(70)

    def start_polling(self) -> None:
        from twisted.internet.task import LoopingCall

        self._loop = LoopingCall(self.check)
        self._loop.start(1.0, now=False)

    def stop_polling(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
