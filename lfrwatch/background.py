"""One thread per crawl process for the disk writes that need not hold up Scrapy's event loop.

Every page a crawl fetches is written twice before the spider sees it: as
WARC records (:mod:`lfrwatch.archive`) and as an HTTP cache entry
(:class:`lfrwatch.safety.CrashSafeCacheStorage`). Both are mostly zlib, hashing
and file I/O, which run without the GIL, so handing them to a thread lets the
event loop download and dispatch the next responses meanwhile. One thread, not
a pool: writes run in the order they were handed over, so records appended to
one WARC file by several crawlers of a process never interleave, and an entry
written twice ends as the later one.

Whoever hands over a write keeps its future and waits for it where the result
is needed (a WARC record's offset, before the document that points at it is
stored) and before closing what it writes to.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def submit(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
    """Run ``function(*args, **kwargs)`` in the process's disk-writer thread, after every write handed over before."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lfrwatch-disk")
        return _executor.submit(function, *args, **kwargs)


def wait_for(futures) -> None:
    """Wait until every one of ``futures`` is done (their errors are the submitters' to report)."""
    for future in list(futures):
        try:
            future.result()
        except Exception:  # noqa: BLE001 - reported where the future was made
            pass
