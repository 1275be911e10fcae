"""The crawl's peer: the Scrapy spider a user would write for the job, trafilatura to read, sqlite-utils to store.

Issue #23 restates the crawl target against this spider: it fetches the same
feeds and article pages as `lfrwatch crawl`, reads each page with
trafilatura (``bare_extraction(response.text, url=..., with_metadata=True)``:
the body text with its title, date, author and site name, trafilatura's own
defaults otherwise) and stores each page as one row with sqlite-utils
(``insert(..., pk="url", replace=True)`` on a database in WAL mode, the
library's documented one-liner for a file that is written while read). Every
page is read in the crawl process, as a spider's callback does.

It does none of what lfrwatch adds: no WARC archive, no HTTP cache (off, as
in Scrapy's defaults), no versions, no full-text index, no relevance filter,
no validation. Its Scrapy settings are lfrwatch's where they shape the
traffic (User-Agent, robots.txt, concurrency, timeouts, retries, request
headers) plus the benchmark's (AutoThrottle off, no download delay), so both
crawlers ask the site for the same pages at the same pace.

``fast=True`` runs trafilatura in its documented faster mode (``fast=True``:
the main extractor alone, no fallback; tables and comments left out), the
options lfrwatch reads article text with: a stricter reference.

Run as ``python -m benchmarks.peer_spider ARGS_FILE RESULT_FILE`` with
``{"db", "feeds", "settings", "fast"}`` (see :func:`benchmarks.common.run_child`).
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.bare_spider import BareSpider
from benchmarks.common import child_main

#: lfrwatch's Scrapy settings that shape what is asked of the site and how fast (lfrwatch/crawl/settings.py).
SHARED_SETTINGS = ("USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
                   "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE", "RETRY_ENABLED", "RETRY_TIMES",
                   "RETRY_HTTP_CODES", "REDIRECT_MAX_TIMES", "DEFAULT_REQUEST_HEADERS", "AUTOTHROTTLE_ENABLED",
                   "DOWNLOAD_DELAY")


def read_page(html: str, url: str, *, fast: bool = False) -> dict[str, Any] | None:
    """The page as the row the peer stores, or None when trafilatura finds no text in it."""
    import trafilatura

    options = {"fast": True, "include_comments": False, "include_tables": False} if fast else {}
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
    if document is None or not document.text:
        return None
    return {"url": url, "title": document.title, "date": document.date, "author": document.author,
            "sitename": document.sitename, "text": document.text}


class PeerSpider(BareSpider):
    """The bare spider's crawl (feeds, then their links), each page read and stored."""

    name = "peer"

    def __init__(self, *args, feeds: list[str] = (), fast: bool = False, **kwargs):
        super().__init__(*args, feeds=feeds, **kwargs)
        self.fast = fast

    def parse_page(self, response):
        row = read_page(response.text, response.url, fast=self.fast)
        if row is not None:
            yield row


class SqliteUtilsPipeline:
    """Each page one row of ``pages`` (the URL its key), written as it comes."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("PEER_DB"))

    def open_spider(self, spider=None):
        import sqlite_utils

        self.db = sqlite_utils.Database(self.db_path)
        self.db.enable_wal()

    def close_spider(self, spider=None):
        self.db.close()

    def process_item(self, item, spider=None):
        self.db["pages"].insert(dict(item), pk="url", replace=True)
        return item


def crawl(db: str, feeds: list[str], settings: dict[str, Any], fast: bool = False) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from lfrwatch.crawl import settings as lfr_settings

    base = {name: getattr(lfr_settings, name) for name in SHARED_SETTINGS}
    base.update({"LOG_LEVEL": "WARNING", "HTTPCACHE_ENABLED": False, "PEER_DB": db,
                 "ITEM_PIPELINES": {"benchmarks.peer_spider.SqliteUtilsPipeline": 300}})
    base.update(settings)
    process = CrawlerProcess(base)
    crawler = process.create_crawler(PeerSpider)
    started = time.perf_counter()
    process.crawl(crawler, feeds=feeds, fast=fast)
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats()
    import sqlite_utils

    pages = sqlite_utils.Database(db)["pages"]
    stored = pages.count if pages.exists() else 0
    return {
        "seconds": seconds,
        "items": stats.get("item_scraped_count", 0),
        "stored": stored,
        "responses": stats.get("response_received_count", 0),
        "errors": stats.get("log_count/ERROR", 0),
    }


if __name__ == "__main__":
    child_main(crawl)
