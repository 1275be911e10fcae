"""Running crawls: `lfrwatch crawl` and the demo call :func:`run_crawl`.

Scrapy runs on a Twisted reactor that cannot be started twice in one process,
so each crawl runs in a child Python process (``python -m lfrwatch.crawl
JOBFILE``). The child writes one JSON line per source to a report file, which
:func:`run_crawl` reads back; library callers and tests can crawl as often as
they like, and the crawl's memory is returned to the system when it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lfrwatch import config
from lfrwatch.sources import get_source


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
              settings: dict[str, Any] | None = None, log_level: str = "WARNING",
              log_file: str | None = None, timeout: float | None = None) -> CrawlResult:
    """Crawl named sources and/or ad-hoc feeds into the database at ``db``.

    Raises ``UnknownSourceError`` for a source not in the registry and
    :class:`BadURLError` for a feed URL that is not http(s), before anything runs.
    """
    sources = list(sources or [])
    feeds = [check_url(f) for f in feeds or []]
    for name in sources:
        get_source(name)
    if not sources and not feeds:
        raise CrawlError("nothing to crawl: name sources or give --feed URLs")
    db = str(Path(db).resolve())
    with tempfile.TemporaryDirectory(prefix="lfrwatch-crawl-") as tmp:
        report_file = Path(tmp) / "report.jsonl"
        job = {
            "db": db,
            "sources": sources,
            "feeds": feeds,
            "report_file": str(report_file),
            "log_level": log_level,
            "log_file": log_file,
            "settings": settings or {},
        }
        job_file = Path(tmp) / "job.json"
        job_file.write_text(json.dumps(job))
        env = dict(os.environ)
        env.setdefault("SCRAPY_SETTINGS_MODULE", "lfrwatch.settings")
        try:
            completed = subprocess.run([sys.executable, "-m", "lfrwatch.crawl", str(job_file)], env=env,
                                       timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise CrawlError(f"crawl did not finish within {timeout} s") from exc
        reports = []
        if report_file.exists():
            reports = [json.loads(line) for line in report_file.read_text().splitlines() if line.strip()]
        if completed.returncode != 0 and not reports:
            raise CrawlError(f"the crawl process failed (exit code {completed.returncode}); see the log above")
        return CrawlResult(sources=reports, returncode=completed.returncode)


def _child(job_file: str) -> int:
    """Entry point of the crawl process."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    job = json.loads(Path(job_file).read_text())
    settings = Settings()
    settings.setmodule("lfrwatch.settings", priority="project")
    db = job["db"]
    settings.set("LFRWATCH_DB", db, priority="cmdline")
    settings.set("LFRWATCH_REPORT_FILE", job["report_file"], priority="cmdline")
    settings.set("HTTPCACHE_DIR", str(config.httpcache_dir(db)), priority="cmdline")
    settings.set("LFRWATCH_ARCHIVE_DIR", str(config.archive_dir(db)), priority="cmdline")
    settings.set("LOG_LEVEL", job["log_level"], priority="cmdline")
    if job.get("log_file"):
        settings.set("LOG_FILE", job["log_file"], priority="cmdline")
    for key, value in job["settings"].items():
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    for name in job["sources"]:
        process.crawl(process.spider_loader.load(name))
    if job["feeds"]:
        process.crawl(process.spider_loader.load("feed"), feeds=job["feeds"])
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
