"""Item pipelines: validate each article, then store it; and a per-source run report.

The validation pipeline counts missing fields per source (a redesign shows up
as a number, not a silent gap), replaces text that cannot be stored (lone
surrogate escapes from a page's JSON) and refuses an article without the
archived record of its bytes; the store pipeline writes each document in its
own transaction, so a crash loses at most the page in flight. Whatever fails
on the way (a spider callback, a pipeline) is reported by URL, never only
logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem

from lfrwatch import store
from lfrwatch.crawl.items import EXPECTED_FIELDS, REQUIRED_FIELDS

logger = logging.getLogger(__name__)


@dataclass
class SourceReport:
    """What one spider run did, for the CLI, the sources table and the logs."""

    source: str
    found: int = 0  # relevant articles parsed
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped_irrelevant: int = 0
    not_reparsed: int = 0  # answered 304 or the same bytes: no parsing needed
    errors: list[dict[str, str]] = field(default_factory=list)
    missing_fields: dict[str, int] = field(default_factory=dict)
    stored_urls: list[str] = field(default_factory=list)
    #: Done, but not as the page asked (a canonical link not believed, text repaired): by URL, with the reason.
    warnings: list[dict[str, str]] = field(default_factory=list)

    def error(self, url: str, reason: str) -> None:
        self.errors.append({"url": url, "error": reason})
        logger.warning("lfrwatch: %s: %s", url, reason)

    def warning(self, url: str, reason: str) -> None:
        self.warnings.append({"url": url, "warning": reason})
        logger.warning("lfrwatch: %s: %s", url, reason)

    @property
    def stored(self) -> int:
        return self.new + self.changed


def report_for(spider) -> SourceReport:
    """The spider's report, created on first use (so any spider can be given one)."""
    report = getattr(spider, "report", None)
    if report is None:
        report = SourceReport(source=spider.name)
        spider.report = report
    return report


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with every lone surrogate (unstorable in UTF-8) replaced by U+FFFD, and how many there were.

    JSON allows ``"\\ud800"``, so a page's JSON-LD or an API can hand Python a
    string that no UTF-8 database, file or log accepts. Strings in dicts and
    lists are repaired too.
    """
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value) if _SURROGATE.search(value) else (value, 0)
    if isinstance(value, dict):
        pairs = [(without_surrogates(k), without_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, sum(a + b for (_, a), (_, b) in pairs)
    if isinstance(value, (list, tuple)):
        cleaned = [without_surrogates(v) for v in value]
        return type(value)(v for v, _ in cleaned), sum(n for _, n in cleaned)
    return value, 0


class ValidationPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self._archiving: bool | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def archiving(self) -> bool:
        """True when this crawl archives its responses (so every stored version must point at its record)."""
        if self._archiving is None:
            from lfrwatch.crawl.archive import WarcArchiveMiddleware

            self._archiving = WarcArchiveMiddleware.for_crawler(self.crawler) is not None
        return self._archiving

    def process_item(self, item):
        adapter = ItemAdapter(item)
        report = report_for(self.crawler.spider)
        repaired = 0
        for name in adapter.field_names():
            value, count = without_surrogates(adapter.get(name))
            if count:
                adapter[name] = value
                repaired += count
        url = adapter.get("url") or "?"
        if repaired:
            report.warning(url, f"text repaired: {repaired} lone surrogate escape(s) (such as \\ud800 in the "
                                "page's JSON) replaced with U+FFFD")
        missing = [name for name in REQUIRED_FIELDS if not adapter.get(name)]
        for name in list(missing) + [n for n in EXPECTED_FIELDS if not adapter.get(n)]:
            report.missing_fields[name] = report.missing_fields.get(name, 0) + 1
        if missing:
            report.error(url, "invalid article: missing " + ", ".join(missing))
            raise DropItem(f"missing {', '.join(missing)}")
        if not adapter.get("warc_record_id") and self.archiving():
            report.error(url, "not stored: no archived record of the bytes it was read from")
            raise DropItem("no WARC record")
        return item


class StorePipeline:
    """Writes articles into the SQLite store (see lfrwatch.store), in a writer thread of its own.

    Storing a page (its version, its full-text index entries, the commit) is
    the crawl process's largest cost after Scrapy itself. SQLite lets other
    threads run while it works, so the writes go to one thread with its own
    connection, in the order the items come, while the event loop goes on
    downloading; each item still waits for its write, so a page is reported
    stored only once it is committed. The spider's own lookups (is this page
    stored?) use ``spider.store_db``, the main thread's connection.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("LFRWATCH_DB")
        self.db = None
        self._writer: ThreadPoolExecutor | None = None
        self._writer_db = None  # opened by the writer thread, used only there

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        self.db = store.open_db(self.db_path)
        spider.store_db = self.db
        source = getattr(spider, "source", None)
        store.upsert_source(
            self.db,
            name=spider.name,
            kind=getattr(spider, "source_kind", None) or "other",
            publisher=getattr(spider, "publisher", None),
            base_url=getattr(source, "base_url", None) if source else None,
        )
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"lfrwatch-store-{spider.name}")

    def _store(self, article: dict[str, Any]) -> store.StoreResult:
        """In the writer thread."""
        if self._writer_db is None:
            self._writer_db = store.open_db(self.db_path)
        return store.store_document(self._writer_db, article)

    def _close_writer_db(self) -> None:
        """In the writer thread."""
        if self._writer_db is not None:
            self._writer_db.close()
            self._writer_db = None

    async def process_item(self, item):
        report = report_for(self.crawler.spider)
        article = ItemAdapter(item).asdict()
        try:
            result = await asyncio.wrap_future(self._writer.submit(self._store, article))
        except store.StoreError as exc:
            report.error(article["url"], f"not stored: {exc}")
            raise DropItem(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - any other failure costs this page, reported, never only logged
            logger.debug("lfrwatch: %s: storing failed", article["url"], exc_info=True)
            report.error(article["url"], f"not stored: {type(exc).__name__}: {exc}")
            raise DropItem(f"{type(exc).__name__}: {exc}") from exc
        if result.status == "new":
            report.new += 1
            report.stored_urls.append(article["canonical_url"])
        elif result.status == "changed":
            report.changed += 1
            report.stored_urls.append(article["canonical_url"])
        else:
            report.unchanged += 1
        return item

    def close_spider(self):
        spider = self.crawler.spider
        report = report_for(spider)
        if self._writer is not None:
            self._writer.submit(self._close_writer_db).result()  # after every write queued before it
            self._writer.shutdown(wait=True)
            self._writer = None
        if self.db is not None:
            store.record_source_run(self.db, spider.name, found=report.found, stored=report.stored,
                                    errors=len(report.errors))
            self.db.close()
            self.db = None


def request_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """Requests, responses by HTTP status, retries and network failures, from Scrapy's stats (for source health)."""
    # lfrwatch.crawl.middlewares.WireStatusMiddleware counts before the HTTP cache turns a 304 into a 200.
    prefix = "lfrwatch/wire_status/"
    if not any(key.startswith(prefix) for key in stats):
        prefix = "downloader/response_status_count/"
    failures = "downloader/exception_type_count/"
    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": {key[len(prefix):]: int(value) for key, value in sorted(stats.items()) if key.startswith(prefix)},
        "retries": int(stats.get("retry/count", 0)),
        "network_failures": {key[len(failures):].rsplit(".", 1)[-1]: int(value)
                             for key, value in sorted(stats.items()) if key.startswith(failures)},
    }


class CrawlReportExtension:
    """At spider close, log the run's summary and append it to LFRWATCH_REPORT_FILE."""

    def __init__(self, report_file: str | None, stats=None):
        self.report_file = report_file
        self.stats = stats
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.settings.get("LFRWATCH_REPORT_FILE"), crawler.stats)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.spider_error, signal=signals.spider_error)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        return extension

    def spider_opened(self, spider):
        self.started = time.monotonic()

    def spider_error(self, failure, response, spider):
        """A spider callback raised: what it had not yielded yet is lost, so the page is reported, not only logged."""
        url = getattr(response, "url", None) or "?"
        report_for(spider).error(url, f"not read whole: the spider failed on this page "
                                      f"({failure.type.__name__}: {failure.value})")

    def item_error(self, item, response, spider, failure):
        """A pipeline raised (other than dropping the item, which reports itself)."""
        url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
        report_for(spider).error(url or getattr(response, "url", None) or "?",
                                 f"not stored: {failure.type.__name__}: {failure.value}")

    def spider_closed(self, spider, reason):
        report = report_for(spider)
        logger.info(
            "lfrwatch: %s finished (%s): %d relevant, %d new, %d changed, %d unchanged, %d skipped, %d errors",
            report.source, reason, report.found, report.new, report.changed, report.unchanged,
            report.skipped_irrelevant, len(report.errors),
        )
        if self.report_file:
            data: dict[str, Any] = asdict(report)
            data["close_reason"] = reason
            data.update(request_counts(self.stats.get_stats() if self.stats is not None else {}))
            data["duration_s"] = round(time.monotonic() - self.started, 3)
            with open(Path(self.report_file), "a", encoding="utf-8") as fh:
                fh.write(json.dumps(data) + "\n")
