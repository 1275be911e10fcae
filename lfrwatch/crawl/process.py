"""Running crawls: `lfrwatch crawl` and the demo call :func:`run_crawl`.

Scrapy runs on a Twisted reactor that cannot be started twice in one process,
so each crawl runs in a child Python process (``python -m lfrwatch.crawl.process
JOBFILE``). The child writes one JSON line per source to a report file, which
:func:`run_crawl` reads back; library callers and tests can crawl as often as
they like, and the crawl's memory is returned to the system when it ends.

The child's Scrapy log file (``log_file``; ``lfrwatch run`` uses
``crawl.current.log``) is written by :class:`lfrwatch.ops.logs.LogFile`: on a
full disk the child says so once on stderr and crawls on, instead of printing
a traceback for every line it could not write.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lfrwatch import config
from lfrwatch.crawl.sources import get_source


class CrawlError(RuntimeError):
    """The crawl could not run at all (as opposed to some URLs failing)."""


class BadURLError(ValueError):
    pass


@dataclass
class CrawlResult:
    sources: list[dict[str, Any]] = field(default_factory=list)
    returncode: int = 0

    @property
    def errors(self) -> list[dict[str, str]]:
        return [dict(e, source=s["source"]) for s in self.sources for e in s.get("errors", [])]

    @property
    def warnings(self) -> list[dict[str, str]]:
        """Done, but not as the page asked (e.g. a canonical link not believed): by URL, with the reason."""
        return [dict(w, source=s["source"]) for s in self.sources for w in s.get("warnings", [])]

    def total(self, key: str) -> int:
        return sum(int(s.get(key, 0)) for s in self.sources)

    @property
    def stored(self) -> int:
        return self.total("new") + self.total("changed")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadURLError(f"bad URL {url!r}: expected http:// or https:// with a host")
    return url


def run_crawl(db: str, *, sources: list[str] | None = None, feeds: list[str] | None = None,
              refetch: list[dict[str, Any]] | None = None, settings: dict[str, Any] | None = None,
              log_level: str = "WARNING", log_file: str | None = None, timeout: float | None = None) -> CrawlResult:
    """Crawl named sources and/or ad-hoc feeds into the database at ``db``, and wait for the crawl to end.

    ``refetch`` lists stored documents' pages to fetch again past the HTTP
    cache (``{"url": ..., "source": ...}``, see ``spiders/refetch.py``);
    ``lfrwatch verify --refetch`` uses it for pages whose archived bytes are lost.

    Raises ``UnknownSourceError`` for a source not in the registry and
    :class:`BadURLError` for a feed or refetch URL that is not http(s), before anything runs.
    """
    return start_crawl(db, sources=sources, feeds=feeds, refetch=refetch, settings=settings, log_level=log_level,
                       log_file=log_file, timeout=timeout).result()


def start_crawl(db: str, *, sources: list[str] | None = None, feeds: list[str] | None = None,
                refetch: list[dict[str, Any]] | None = None, settings: dict[str, Any] | None = None,
                log_level: str = "WARNING", log_file: str | None = None,
                timeout: float | None = None) -> "RunningCrawl":
    """Start a crawl as :func:`run_crawl` does, without waiting: the caller can work while it runs
    (``lfrwatch run`` extracts the documents it has stored so far), then call ``result()``."""
    sources = list(sources or [])
    feeds = [check_url(f) for f in feeds or []]
    refetch = [dict(page, url=check_url(page["url"])) for page in refetch or []]
    for name in sources:
        get_source(name)
    if not sources and not feeds and not refetch:
        raise CrawlError("nothing to crawl: name sources or give --feed URLs")
    db = str(Path(db).resolve())
    tmp = tempfile.TemporaryDirectory(prefix="lfrwatch-crawl-")
    report_file = Path(tmp.name) / "report.jsonl"
    job = {
        "db": db,
        "sources": sources,
        "feeds": feeds,
        "refetch": refetch,
        "report_file": str(report_file),
        "log_level": log_level,
        "log_file": log_file,
        "settings": settings or {},
    }
    job_file = Path(tmp.name) / "job.json"
    job_file.write_text(json.dumps(job))
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "lfrwatch.crawl.settings")
    try:
        process = subprocess.Popen([sys.executable, "-m", "lfrwatch.crawl.process", str(job_file)], env=env)
    except OSError as exc:
        tmp.cleanup()
        raise CrawlError(f"cannot start the crawl process: {exc}") from exc
    return RunningCrawl(process, tmp, report_file, timeout)


class RunningCrawl:
    """A crawl process started by :func:`start_crawl`."""

    def __init__(self, process: subprocess.Popen, tmp: tempfile.TemporaryDirectory, report_file: Path,
                 timeout: float | None):
        self.process = process
        self._tmp = tmp
        self._report_file = report_file
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._timeout = timeout

    def running(self) -> bool:
        """True while the crawl process has not exited (and its time is not up)."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            return False
        return self.process.poll() is None

    def result(self) -> CrawlResult:
        """Wait for the crawl to end and read its per-source reports; :class:`CrawlError` when it could not run."""
        try:
            remaining = None if self._deadline is None else max(0.0, self._deadline - time.monotonic())
            try:
                returncode = self.process.wait(timeout=remaining)
            except subprocess.TimeoutExpired as exc:
                self.stop()
                raise CrawlError(f"crawl did not finish within {self._timeout} s") from exc
            except BaseException:  # interrupted while waiting: the crawl does not outlive us
                self.stop()
                raise
            reports = []
            if self._report_file.exists():
                reports = [json.loads(line) for line in self._report_file.read_text().splitlines() if line.strip()]
            if returncode != 0 and not reports:
                raise CrawlError(f"the crawl process failed (exit code {returncode}); see the log above")
            return CrawlResult(sources=reports, returncode=returncode)
        finally:
            self._tmp.cleanup()

    def stop(self) -> None:
        """Kill the crawl process if it is still running (the caller is giving up on it)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._tmp.cleanup()


def _child(job_file: str) -> int:
    """Entry point of the crawl process."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    job = json.loads(Path(job_file).read_text())
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    db = job["db"]
    settings.set("LFRWATCH_DB", db, priority="cmdline")
    settings.set("LFRWATCH_REPORT_FILE", job["report_file"], priority="cmdline")
    settings.set("HTTPCACHE_DIR", str(config.httpcache_dir(db)), priority="cmdline")
    settings.set("LFRWATCH_ARCHIVE_DIR", str(config.archive_dir(db)), priority="cmdline")
    settings.set("LOG_LEVEL", job["log_level"], priority="cmdline")
    for key, value in job["settings"].items():
        settings.set(key, value, priority="cmdline")
    if job.get("log_file"):
        # Scrapy's own handler for LOG_FILE would print a traceback per line on a full disk: ours instead.
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    if job.get("log_file"):
        install_log_file(job["log_file"], settings)
    for name in job["sources"]:
        process.crawl(process.spider_loader.load(name))
    if job["feeds"]:
        process.crawl(process.spider_loader.load("feed"), feeds=job["feeds"])
    if job.get("refetch"):
        process.crawl(process.spider_loader.load("refetch"), pages=job["refetch"])
    process.start()
    return 0


def install_log_file(path: str, settings) -> logging.Handler:
    """Send the crawl's log (every logger, as Scrapy's root handler would) to ``path``.

    Written by :class:`lfrwatch.ops.logs.LogFile`, never rotated (the parent
    copies the file into its own rotated log): a file that cannot be written
    is reported once on stderr and the crawl goes on.
    """
    from lfrwatch.ops.logs import LogFile

    handler = LogFile(Path(path), max_bytes=0, backups=0)
    if not settings.getbool("LOG_FILE_APPEND", True):
        handler.mode = "w"  # opened at the first line (delay), so this is the mode it is opened in
    handler.setFormatter(logging.Formatter(fmt=settings.get("LOG_FORMAT"), datefmt=settings.get("LOG_DATEFORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL"))
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    return handler


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
