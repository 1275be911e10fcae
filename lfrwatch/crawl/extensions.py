"""Crawl extensions: :class:`ParentWatchExtension` ends the crawl process when the
``lfrwatch run`` that started it dies, so a killed run leaves no orphan writing on.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

from lfrwatch.ops import parentwatch

logger = logging.getLogger(__name__)

class ParentWatchExtension:
    """End the crawl process when its parent (``LFRWATCH_PARENT_PID``) is gone.

    ``lfrwatch run`` holds the run lock; if it is killed, the lock is released
    and the next run may start, so its crawl must not outlive it. On Linux the
    kernel sends SIGKILL at once (``PR_SET_PDEATHSIG``); elsewhere a check once
    a second notices (:mod:`lfrwatch.ops.parentwatch`; the check runs in the
    crawl's reactor while its engine runs). Every stored document is its own
    transaction, so dying here loses at most the page in flight.
    """

    #: Seconds between two checks that the parent is still there.
    interval = 1.0

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
        parentwatch.kill_with_parent()  # not Linux: the polling below does the job
        self.check()

    def check(self) -> None:
        parentwatch.exit_if_orphaned(self.parent_pid, parentwatch.ORPHANED_EXIT_CODE, before_exit=self._say_gone)

    def _say_gone(self) -> None:
        logger.error("lfrwatch: the run that started this crawl (pid %d) is gone; stopping", self.parent_pid)

    def start_polling(self) -> None:
        from twisted.internet.task import LoopingCall

        self._loop = LoopingCall(self.check)
        self._loop.start(self.interval, now=False)

    def stop_polling(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
