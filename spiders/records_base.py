"""What the official-records spiders share: a force's LFR pages in, record files out.

A records spider starts from the force's facial recognition pages (the
catalogue entry's ``listings``), follows links to record files (PDFs whose
address or link text says "deployment record" or "deployment grid") and to pages about deployments
one level down, and reads every row of each record file with :mod:`lfrwatch.records`.
A page that itself holds a deployment table (the police website platform's
way) is a record file too.

Fetching is incremental: the HTTP cache revalidates every file (an unchanged
one costs a 304), and a file whose bytes equal the last stored version of its
URL is not parsed again. A file of which nothing can be read is reported by URL
with the page and row, kept in ``record_files`` with status ``error``, and none
of its rows are stored. A file with some rows that cannot be read has its
readable rows stored and each unread row reported by URL, page and row (and
kept in the file's ``notes``). The archive middleware keeps every fetched file
in the WARC, and each stored deployment points at that record.

Record files come from sites nobody here controls, so each is bounded
(:mod:`lfrwatch.records.limits`): its download by ``LFRWATCH_RECORD_MAXSIZE``,
and a PDF is read in a process of its own, within a page count, a memory and a
time limit, so a file that goes over one (a deflate bomb, thousands of pages)
costs that file only: it is reported by URL with the limit, kept with status
``error``, and the crawl goes on. The same bytes that failed on a limit are not
read again under the same limits (the next run reports ``record file skipped:
failed before (...)``); a changed file is read.

Items go to :class:`RecordsPipeline` (set in the spiders' ``custom_settings``),
not to the article pipelines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredSemaphore
from twisted.internet.threads import deferToThread

from lfrwatch import records, store
from lfrwatch.crawl.article import utc_now_iso
from lfrwatch.crawl.pipelines import StorePipeline, report_for
from lfrwatch.records import limits
from lfrwatch.records.files import latest_record_file
from lfrwatch.spiders.base import ArticleSpider, describe_failure

#: Links to follow from an LFR page to a page about deployments (one level down).
DEPLOYMENT_PAGE = re.compile(r"deployment", re.I)


@dataclass
class RecordFileItem:
    """One fetched record file: where it came from, and its deployments or why it could not be read."""

    source: str
    force: str
    url: str
    format: str
    sha256: str | None  # None for a file whose download was stopped (too large)
    size: int | None
    fetched_at: str
    http_status: int | None
    found_on: str | None = None
    link_text: str | None = None
    warc_file: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    parsed: records.ParsedRecords | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class RecordsSpider(ArticleSpider):
    """Base spider for a force's official deployment records."""

    #: Force key in lfrwatch.records.FORCES (the catalogue's ``records_force`` option overrides it).
    force: str = ""
    #: How the force's record files are laid out.
    file_format: str = "pdf"
    layout: records.Layout = records.MET_PDF
    #: A link is a record file when its URL matches this (or its text says "deployment record" or "deployment grid").
    file_link: re.Pattern = re.compile(r"deployment[-_]?(?:records?|grid).*\.pdf$", re.I)
    custom_settings = {
        "ITEM_PIPELINES": {"lfrwatch.spiders.records_base.RecordsPipeline": 300},
        # Record files are PDFs, often larger than a news page.
        "DOWNLOAD_WARNSIZE": 8 * 1024 * 1024,
    }

    #: Record PDFs read at once by this crawl process (in child processes; each may use the memory limit).
    readers = DeferredSemaphore(limits.READERS_AT_ONCE)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.force = self.options.get("records_force", self.force)
        if self.force not in records.FORCES:
            raise ValueError(f"spider {self.name}: unknown force {self.force!r}")

    @property
    def read_limits(self) -> limits.ReadLimits:
        """How far reading one record PDF may go (the crawl's ``LFRWATCH_RECORD_*`` settings)."""
        return limits.ReadLimits.from_settings(getattr(self, "settings", None))

    @property
    def record_maxsize(self) -> int:
        """The largest record file downloaded, in bytes (``LFRWATCH_RECORD_MAXSIZE``)."""
        settings = getattr(self, "settings", None)
        return settings.getint("LFRWATCH_RECORD_MAXSIZE", limits.RECORD_MAXSIZE) if settings is not None \
            else limits.RECORD_MAXSIZE

    # -- pages ---------------------------------------------------------------

    def start_requests_list(self) -> list[scrapy.Request]:
        return [self.start_request(url, self.parse_records_page, "listing") for url in self.listing_urls]

    def parse_records_page(self, response) -> Iterator[Any]:
        """An LFR page: its own deployment tables (HTML records), and links to record files and deployment pages."""
        self.start_worked(response)
        if not isinstance(response, TextResponse):
            self.report.error(response.url, "not an HTML page")
            return
        if self.file_format == "html" and self.has_deployment_table(response):
            yield from self.record_file(response, found_on=response.meta.get("lfrwatch_found_on"),
                                        link_text=response.meta.get("lfrwatch_link_text"))
        depth = int(response.meta.get("lfrwatch_depth", 0))
        host = urlsplit(response.url).hostname
        for anchor in response.css("a[href]"):
            href = response.urljoin(anchor.attrib["href"].strip())
            text = " ".join(" ".join(anchor.css("::text").getall()).split())
            if urlsplit(href).scheme not in ("http", "https"):
                continue
            if self.is_record_file(href, text):
                yield scrapy.Request(href, callback=self.parse_record_file, errback=self.on_record_file_error,
                                     meta={"lfrwatch_role": "record_file", "lfrwatch_found_on": response.url,
                                           "lfrwatch_link_text": text, "download_maxsize": self.record_maxsize})
            elif depth < 1 and urlsplit(href).hostname == host and DEPLOYMENT_PAGE.search(f"{href} {text}") \
                    and not re.search(r"\.(pdf|docx?|xlsx?|csv|zip)$", href, re.I):
                yield scrapy.Request(href, callback=self.parse_records_page, errback=self.on_error,
                                     meta={"lfrwatch_role": "listing", "lfrwatch_depth": depth + 1,
                                           "lfrwatch_found_on": response.url, "lfrwatch_link_text": text})

    def is_record_file(self, url: str, text: str) -> bool:
        path = urlsplit(url).path
        if self.file_format == "pdf":
            return bool(self.file_link.search(path)) or (
                path.lower().endswith(".pdf") and re.search(r"deployment\s+(?:record|grid)", text, re.I) is not None)
        return False

    def has_deployment_table(self, response) -> bool:
        for table in response.css("table"):
            headings = [" ".join(" ".join(c.css("::text").getall()).split())
                        for c in table.css("tr")[:1].css("th, td")]
            fields = {records.field_for_header(h) for h in headings}
            if {"date", "location"} <= fields:
                return True
        return False

    # -- record files --------------------------------------------------------

    async def parse_record_file(self, response):
        """A linked record file: parsed in a worker thread (a PDF in a child process that thread waits for), so the
        crawl's other downloads go on meanwhile; at most ``readers`` at once."""
        item = self.new_record_file(response, found_on=response.meta.get("lfrwatch_found_on"),
                                    link_text=response.meta.get("lfrwatch_link_text"))
        if item is None:
            return
        await maybe_deferred_to_future(self.readers.run(deferToThread, self.read_record_file, item, response.body))
        self.report_item(item)
        yield item

    def on_record_file_error(self, failure) -> list[RecordFileItem] | None:
        """A record file not fetched. Over ``LFRWATCH_RECORD_MAXSIZE``, it is a file that failed: reported so and
        kept in ``record_files`` with status ``error``; any other failure is reported as for any link."""
        if not describe_failure(failure).startswith("too large"):
            self.on_error(failure)
            return None
        request = failure.request
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        reason = limits.record_too_large(request.meta.get("download_maxsize") or self.record_maxsize)
        self.report.error(url, f"record file not read: {reason}")
        return [RecordFileItem(source=self.name, force=self.force, url=url, format=self.file_format, sha256=None,
                               size=None, fetched_at=utc_now_iso(), http_status=None,
                               found_on=request.meta.get("lfrwatch_found_on"),
                               link_text=request.meta.get("lfrwatch_link_text"),
                               error=str(records.RecordsError(url, reason)))]

    def record_file(self, response, *, found_on: str | None, link_text: str | None) -> Iterator[RecordFileItem]:
        """The same, all in this thread (HTML pages, and tests without a reactor)."""
        item = self.new_record_file(response, found_on=found_on, link_text=link_text)
        if item is None:
            return
        self.read_record_file(item, response.body)
        self.report_item(item)
        yield item

    def new_record_file(self, response, *, found_on: str | None, link_text: str | None) -> RecordFileItem | None:
        """An item for a fetched record file, or None when its bytes are those already stored for its URL."""
        body = response.body
        sha = hashlib.sha256(body).hexdigest()
        if self.store_db is not None:
            failed = latest_record_file(self.store_db, response.url)
            if failed and failed["status"] == "error" and failed["sha256"] == sha:
                reason = (failed["error"] or "").removeprefix(f"{response.url}: ")
                if limits.failed_on_a_bound(reason, self.read_limits):
                    self.report.error(response.url, f"record file skipped: failed before ({reason})")
                    return None
        known = records.known_record_file(self.store_db, response.url) if self.store_db is not None else None
        if known and known["sha256"] == sha:
            self.report.not_reparsed += 1  # a 304 or the same bytes: nothing new
            return None
        warc = response.meta.get("lfrwatch_warc") or {}
        return RecordFileItem(
            source=self.name, force=self.force, url=response.url, format=self.file_format, sha256=sha,
            size=len(body), fetched_at=utc_now_iso(), http_status=response.status, found_on=found_on,
            link_text=link_text, warc_file=warc.get("warc_file"), warc_record_id=warc.get("warc_record_id"),
            warc_offset=warc.get("warc_offset"))

    def read_record_file(self, item: RecordFileItem, body: bytes) -> RecordFileItem:
        """Parse the file into ``item.parsed`` (rows it cannot read in ``parsed.unread``), or say in ``item.error``
        why nothing in it can be read (no database here)."""
        try:
            if item.format == "pdf":
                item.parsed = limits.parse_pdf_bounded(body, item.url, self.layout, force=self.force,
                                                       limits=self.read_limits)
            else:
                item.parsed = records.parse_html(body, item.url, self.layout, force=self.force)
        except records.RecordsError as exc:
            item.error = str(exc)
            item.extra["where"] = (exc.reason + (f" (page {exc.page}" + (f", row {exc.row}" if exc.row else "") + ")"
                                                 if exc.page else ""))
        return item

    def report_item(self, item: RecordFileItem) -> None:
        if item.error is not None:
            self.report.error(item.url, f"record file not read: {item.extra['where']}")
            return
        self.report.found += 1
        for problem in item.parsed.problems():
            where = f" ({problem.where})" if problem.where else ""
            kind = "record row not read" if problem in item.parsed.unread else "record file"
            self.report.error(item.url, f"{kind}: {problem.reason}{where}")


class RecordsPipeline(StorePipeline):
    """Stores record files (see lfrwatch.records.store_record_file); the source's run is recorded as for articles."""

    def process_item(self, item):
        report = report_for(self.crawler.spider)
        if not isinstance(item, RecordFileItem):
            return item
        meta = {k: getattr(item, k) for k in ("source", "force", "url", "found_on", "link_text", "fetched_at",
                                              "http_status", "warc_file", "warc_record_id", "warc_offset",
                                              "sha256", "size", "format")}
        try:
            if item.error is not None:
                records.record_file_failed(self.db, meta, item.error)
                return item
            result = records.store_record_file(self.db, meta, item.parsed)
        except store.StoreError as exc:
            report.error(item.url, f"not stored: {exc}")
            return item
        if result.status == "new":
            report.new += 1
            report.stored_urls.append(item.url)
        elif result.status == "changed":
            report.changed += 1
            report.stored_urls.append(item.url)
        else:
            report.unchanged += 1
        self.crawler.spider.logger.info(
            "lfrwatch: %s: %d rows (%d new, %d corrected, %d already stored, %d withdrawn; %d not read)", item.url,
            result.rows, result.new_rows, result.corrected_rows, result.unchanged_rows, result.withdrawn_rows,
            result.unread_rows)
        return item
