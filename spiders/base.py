"""What every lfrwatch spider shares: feeds and listings in, relevant articles out.

A source's spider subclasses :class:`ArticleSpider`, sets ``name`` to its slug
in the registry (``lfrwatch/catalogue.py``), and overrides only what its site
needs: ``listing_links`` for HTML listings, ``article_overrides`` for selectors
where the page structure is known (trafilatura is the fallback for the rest).

Every failure is reported by URL in the spider's :class:`SourceReport` and the
crawl goes on: a broken feed, a 404 or an empty page costs that URL only.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable, Iterator

import feedparser
import scrapy
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (ConnectionRefusedError, DNSLookupError, TCPTimedOutError,
                                    TimeoutError as TwistedTimeoutError)

from lfrwatch import store
from lfrwatch.article import ExtractionError, canonicalize_url, extract_article, is_relevant, utc_now_iso
from lfrwatch.items import ArticleItem
from lfrwatch.pipelines import SourceReport
from lfrwatch.sources import UnknownSourceError, get_source

#: Publisher names that tell what kind of source a page is, for ad-hoc feeds.
_KIND_HINTS = (
    ("police", re.compile(r"\bpolice\b|constabulary|\bthe met\b|\bnpcc\b", re.I)),
    ("government", re.compile(r"gov\.uk|home office|\bdepartment\b|\bministry\b|government", re.I)),
    ("parliament", re.compile(r"parliament|hansard|house of (commons|lords)", re.I)),
    ("campaign", re.compile(r"big brother watch|liberty|privacy international|open rights|amnesty", re.I)),
)


def infer_kind(publisher: str | None) -> str:
    """police, government, parliament, campaign or press, from a publisher's name."""
    for kind, pattern in _KIND_HINTS:
        if publisher and pattern.search(publisher):
            return kind
    return "press"


def describe_failure(failure) -> str:
    """One line saying why a request failed."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"HTTP {response.status}"
    if failure.check(DNSLookupError):
        return "DNS lookup failed"
    if failure.check(TwistedTimeoutError, TCPTimedOutError):
        return "timed out"
    if failure.check(ConnectionRefusedError):
        return "connection refused"
    from scrapy.exceptions import IgnoreRequest

    if failure.check(IgnoreRequest):
        message = str(failure.value) or "ignored"
        if "robots" in message.lower() or not str(failure.value):
            return "not fetched: forbidden by robots.txt" if "robots" in message.lower() else f"not fetched: {message}"
        return f"not fetched: {message}"
    return f"{failure.type.__name__}: {failure.value}"


class ArticleSpider(scrapy.Spider):
    """Base spider: feeds (RSS/Atom) and listings lead to article pages."""

    #: Kind and publisher, taken from the registry entry of the same name.
    source_kind: str = "press"
    publisher: str | None = None
    #: Skip feed entries whose title/summary/tags do not mention facial recognition
    #: (a police newsroom's feed is mostly other news; this saves fetching it).
    filter_feed_entries: bool = True
    relevance_terms: tuple[str, ...] = ()

    def __init__(self, *args: Any, feeds: str | Iterable[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.report = SourceReport(source=self.name)
        self.store_db = None  # set by StorePipeline.open_spider
        self.source = None
        try:
            self.source = get_source(self.name)
        except UnknownSourceError:
            pass
        self.feed_urls: list[str] = []
        self.listing_urls: list[str] = []
        if self.source is not None:
            self.source_kind = self.source.kind
            self.publisher = self.source.publisher
            self.feed_urls = self.source.feed_urls
            self.listing_urls = self.source.listing_urls
            self.allowed_domains = self.source.allowed_domains
            self.relevance_terms = tuple(self.source.relevance_terms)
        if feeds:
            self.feed_urls = [f for f in (feeds.split(",") if isinstance(feeds, str) else feeds) if f]

    # -- start ---------------------------------------------------------------

    async def start(self):
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        requests = [scrapy.Request(url, callback=self.parse_feed, errback=self.on_error,
                                   meta={"lfrwatch_role": "feed"}, dont_filter=True)
                    for url in self.feed_urls]
        requests += [scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                                    meta={"lfrwatch_role": "listing"}, dont_filter=True)
                     for url in self.listing_urls]
        return requests

    # -- feeds and listings --------------------------------------------------

    def parse_feed(self, response) -> Iterator[scrapy.Request]:
        entries = self.feed_entries(response)
        if entries is None:
            return
        for entry in entries:
            if self.filter_feed_entries and not self.entry_is_relevant(entry):
                self.report.skipped_irrelevant += 1
                continue
            link = entry.get("link")
            if not link:
                self.report.error(response.url, f"feed entry without a link: {entry.get('title')!r}")
                continue
            yield self.article_request(response.urljoin(link), entry)

    def feed_entries(self, response) -> list[dict[str, Any]] | None:
        """The feed's entries as plain dicts, or None (reported) when it cannot be read."""
        if not response.body.strip():
            self.report.error(response.url, "empty feed")
            return None
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        parsed = feedparser.parse(response.body, response_headers={"content-type": content_type})
        if not parsed.entries:
            if parsed.bozo:
                reason = getattr(parsed, "bozo_exception", None) or "not RSS or Atom"
                self.report.error(response.url, f"malformed feed: {reason}")
            elif not parsed.feed:
                self.report.error(response.url, "malformed feed: not RSS or Atom")
            else:
                self.logger.info("feed %s has no entries", response.url)
            return None if (parsed.bozo or not parsed.feed) else []
        feed_title = parsed.feed.get("title")
        entries = []
        for entry in parsed.entries:
            entries.append({
                "link": entry.get("link"),
                "title": entry.get("title"),
                "summary": entry.get("summary"),
                "published": entry.get("published") or entry.get("created"),
                "updated": entry.get("updated"),
                "author": entry.get("author"),
                "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
                "feed_title": feed_title,
            })
        return entries

    def entry_is_relevant(self, entry: dict[str, Any]) -> bool:
        return is_relevant(entry.get("title"), entry.get("summary"), " ".join(entry.get("tags") or []),
                           terms=self.relevance_terms)

    def parse_listing(self, response) -> Iterator[scrapy.Request]:
        for link, entry in self.listing_links(response):
            yield self.article_request(response.urljoin(link), entry)

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        """(link, entry) pairs from an HTML listing; sources with listings override this."""
        for anchor in response.css("article a[href], h2 a[href], h3 a[href]"):
            title = " ".join(anchor.css("::text").getall()).strip()
            entry = {"title": title}
            if not self.filter_feed_entries or self.entry_is_relevant(entry):
                yield anchor.attrib["href"], entry
            else:
                self.report.skipped_irrelevant += 1

    # -- articles ------------------------------------------------------------

    def article_request(self, url: str, entry: dict[str, Any] | None = None) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"lfrwatch_role": "article", "feed_entry": entry or {}})

    def known_document(self, url: str) -> dict[str, Any] | None:
        if self.store_db is None:
            return None
        return store.known_document(self.store_db, canonicalize_url(url)) or store.known_document(self.store_db, url)

    def parse_article(self, response) -> Iterator[ArticleItem]:
        request_url = response.request.url if response.request is not None else response.url
        known = self.known_document(request_url) or self.known_document(response.url)
        raw_sha256 = hashlib.sha256(response.body).hexdigest()
        if known and ("cached" in response.flags or known.get("raw_sha256") == raw_sha256):
            # 304 Not Modified (the cache answered) or the very same bytes: nothing to re-parse.
            self.report.not_reparsed += 1
            store.touch_document(self.store_db, known["id"])
            return
        if not response.body.strip():
            self.report.error(response.url, "empty page")
            return
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"?").decode("latin-1")
            self.report.error(response.url, f"not a text page ({content_type})")
            return
        entry = response.meta.get("feed_entry") or {}
        try:
            article = extract_article(response.text, response.url, feed_entry=entry,
                                      overrides=self.article_overrides(response))
        except ExtractionError as exc:
            self.report.error(response.url, str(exc))
            return
        if not self.article_is_relevant(article):
            self.report.skipped_irrelevant += 1
            self.logger.debug("not about facial recognition, skipped: %s", response.url)
            return
        self.report.found += 1
        warc = response.meta.get("lfrwatch_warc") or {}
        headers = response.headers
        publisher = self.publisher or article.publisher or entry.get("feed_title")
        yield ArticleItem(
            url=response.url,
            canonical_url=article.canonical_url,
            text=article.text,
            title=article.title,
            source=self.name,
            kind=self.source_kind if self.source is not None else infer_kind(publisher),
            publisher=publisher,
            published=article.published,
            updated=article.updated,
            author=article.author,
            language=article.language,
            fetched_at=utc_now_iso(),
            http_status=response.status,
            raw_sha256=raw_sha256,
            warc_file=warc.get("warc_file"),
            warc_record_id=warc.get("warc_record_id"),
            warc_offset=warc.get("warc_offset"),
            etag=(headers.get(b"ETag") or b"").decode("latin-1") or None,
            last_modified=(headers.get(b"Last-Modified") or b"").decode("latin-1") or None,
        )

    def article_overrides(self, response) -> dict[str, Any]:
        """Fields read with the site's own selectors; empty means trafilatura decides."""
        return {}

    def article_is_relevant(self, article) -> bool:
        return is_relevant(article.title, article.text, terms=self.relevance_terms)

    def on_error(self, failure) -> None:
        self.report.error(failure.request.url, describe_failure(failure))
