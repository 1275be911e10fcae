"""Archived pages read as the live crawl reads them: by the source's own spider.

A capture from a web archive or a record from a WARC file is turned into a
Scrapy response at its original URL and handed to the spider of the source it
belongs to, so a page from 2017 is read by the same code as today's: the
spider's selectors (``article_overrides``), ``extract_article`` (trafilatura
and the page's metadata), its relevance rule, the ``rel=canonical`` check and
``make_item``; a captured feed or listing gives its article links through the
spider's own ``feed_requests`` and ``parse_listing``. A page on a domain no
source claims (``lfrwatch import-warc --all-domains``) is read by a plain
:class:`~lfrwatch.spiders.base.ArticleSpider` named :data:`UNKNOWN_SOURCE`,
which guesses the kind of publisher as an ad-hoc feed does.

Nothing here fetches or stores: the caller gives bytes and gets an article
dict (what :func:`lfrwatch.store.store_document` takes) or a reason.

A reader without the store (``PageReader(None)``: in a worker process or on a
Dask worker, which never open the database) cannot ask for the title stored
under a declared ``rel=canonical`` that its address does not vouch for; it
keeps the page under its own URL and leaves the decision open in
:attr:`ReadResult.canonical`, and the process that stores the page settles it
with :func:`settle_canonical` just before storing, as a reader with the store
would have decided it.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from typing import Any

from lfrwatch.crawl.article import ExtractionError, extract_article
from lfrwatch.crawl.canonical import believed_canonical
from lfrwatch.crawl.sources import UnknownSourceError

#: The source name of pages on domains no source claims.
UNKNOWN_SOURCE = "warc"

#: Response headers that describe the transfer, not the page: the body handed to a spider is already decoded.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


@functools.cache
def _quiet_report_class():
    from lfrwatch.crawl.pipelines import SourceReport

    class QuietReport(SourceReport):
        """Keeps errors and warnings for the caller, who reports them, instead of logging them as well."""

        def error(self, url: str, reason: str) -> None:
            self.errors.append({"url": url, "error": reason})

        def warning(self, url: str, reason: str) -> None:
            self.warnings.append({"url": url, "warning": reason})

    return QuietReport


def _quiet_report(name: str):
    """A spider's report for one page: what it finds is handed back, not logged."""
    return _quiet_report_class()(source=name)


@dataclass
class ReadResult:
    """What reading one page gave: an article dict, or the state and reason it was not one."""

    article: dict[str, Any] | None
    state: str  # "article", "irrelevant", "unreadable"
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: A canonical the reader refused without the store at hand: what :func:`settle_canonical` needs to decide it
    #: with the store ({"page_url", "declared", "asked", "title", "warning"}); None when nothing is left open.
    canonical: dict[str, Any] | None = None


def settle_canonical(db, result: ReadResult) -> None:
    """Decide, with the store ``db`` at hand, the canonical a reader without it left open (in place)."""
    check = result.canonical
    if check is None or result.article is None:
        return
    url, refusal = believed_canonical(check["page_url"], check["declared"], asked_urls=check["asked"],
                                      page_title=check["title"], db=db)
    result.article["canonical_url"] = url
    settled = f"{check['page_url']}: {refusal}" if refusal else None
    result.warnings = [settled if warning == check["warning"] else warning for warning in result.warnings]
    result.warnings = [warning for warning in result.warnings if warning is not None]
    result.canonical = None


class PageReader:
    """Reads archived pages with the spiders of their sources (one spider instance per source, reused)."""

    def __init__(self, store_db=None):
        self.store_db = store_db
        self._spiders: dict[str, Any] = {}

    def spider(self, source_name: str | None):
        """The spider that reads pages of ``source_name`` (None or an unknown name: the plain article spider)."""
        name = source_name or UNKNOWN_SOURCE
        spider = self._spiders.get(name)
        if spider is None:
            spider = self._make_spider(name)
            spider.store_db = self.store_db
            self._spiders[name] = spider
        return spider

    def spider_loader(self):
        """Scrapy's loader of the sources' spiders (:func:`lfrwatch.crawl.sources.spider_loader`)."""
        from lfrwatch.crawl.sources import spider_loader

        return spider_loader()

    def _make_spider(self, name: str):
        from lfrwatch.spiders.base import ArticleSpider

        if name != UNKNOWN_SOURCE:
            try:
                spider_class = self.spider_loader().load(name)
            except KeyError:
                raise UnknownSourceError(name) from None
            return spider_class()
        return ArticleSpider(name=UNKNOWN_SOURCE)

    @staticmethod
    def response(url: str, body: bytes, headers: list[tuple[str, str]], status: int = 200,
                 meta: dict[str, Any] | None = None):
        """A Scrapy response for ``body`` (already decoded) at ``url``, of the class its headers call for."""
        from scrapy.http import Headers, Request
        from scrapy.responsetypes import responsetypes

        kept = Headers([(k, v) for k, v in headers if k.lower() not in _TRANSFER_HEADERS])
        response_class = responsetypes.from_args(headers=kept, url=url, body=body)
        return response_class(url=url, status=status, headers=kept, body=body, request=Request(url, meta=meta or {}))

    def article(self, source_name: str | None, url: str, body: bytes, headers: list[tuple[str, str]], *,
                status: int = 200, entry: dict[str, Any] | None = None,
                warc: dict[str, Any] | None = None) -> ReadResult:
        """Read one article page: its article dict (provenance from ``warc``), or why there is none."""
        from scrapy.http import TextResponse

        spider = self.spider(source_name)
        spider.report = _quiet_report(spider.name)
        response = self.response(url, body, headers, status, {"feed_entry": entry or {}, "lfrwatch_warc": warc or {}})
        if not body.strip():
            return ReadResult(None, "unreadable", "empty page")
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"?").decode("latin-1")
            return ReadResult(None, "unreadable", f"not a text page ({content_type})")
        try:
            owner = spider.extraction_spider_for(response)
            overrides = owner.article_overrides(response)
            article = extract_article(response.text, response.url, feed_entry=entry or {}, overrides=overrides)
        except ExtractionError as exc:
            return ReadResult(None, "unreadable", str(exc))
        except Exception as exc:  # noqa: BLE001 - a page a spider's selectors choke on costs that page, reported
            return ReadResult(None, "unreadable", f"could not be read ({type(exc).__name__}: {exc})")
        if not owner.article_is_relevant(article):
            return ReadResult(None, "irrelevant", "not about facial recognition")
        item = asdict(spider.make_item(response, article, entry or {}, owner=owner))
        warnings = [f"{w['url']}: {w['warning']}" for w in spider.report.warnings]
        return ReadResult(item, "article", warnings=warnings, canonical=self._left_open(spider, article, url, item))

    @staticmethod
    def _left_open(spider, article, url: str, item: dict[str, Any]) -> dict[str, Any] | None:
        """The canonical decision a reader without the store could not make (see the module's docstring)."""
        if spider.store_db is not None or not article.canonical_url or item["canonical_url"] == article.canonical_url:
            return None
        _own, refusal = believed_canonical(article.url, article.canonical_url, asked_urls=[url],
                                           page_title=article.title)
        return {"page_url": article.url, "declared": article.canonical_url, "asked": [url], "title": article.title,
                "warning": f"{article.url}: {refusal}" if refusal else None}

    def links(self, source_name: str, url: str, body: bytes, headers: list[tuple[str, str]],
              role: str) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
        """The relevant article links of a captured feed (``role="feed"``) or listing page, as the live crawl
        would follow them: [(url, feed entry)], and the problems met (one line each)."""
        spider = self.spider(source_name)
        spider.report = _quiet_report(spider.name)
        response = self.response(url, body, headers, 200, {"lfrwatch_role": role})
        try:
            if role == "feed":
                requests = list(spider.feed_requests(response, spider.feed_entries(response)))
            else:
                requests = list(spider.parse_listing(response))
        except Exception as exc:  # noqa: BLE001 - reported by URL, the rest goes on
            return [], [f"{url}: could not be read as a {role} ({type(exc).__name__}: {exc})"]
        links = [(request.url, dict(request.meta.get("feed_entry") or {})) for request in requests
                 if request.meta.get("lfrwatch_role") == "article"]
        problems = [f"{e['url']}: {e['error']}" for e in spider.report.errors]
        return links, problems
