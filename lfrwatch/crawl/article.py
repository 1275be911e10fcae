"""Article pages to clean records: text, title, dates, byline, publisher, canonical URL.

The body text comes from trafilatura (boilerplate removal is its job, not
ours); dates come from the page's own metadata first (Open Graph, JSON-LD,
``<time>``) because those keep the page's timezone, then from the feed entry,
then from htmldate's heuristics. Spiders for sites whose structure is known may
pass their own selectors' results in ``overrides``.

A page is parsed once: the same lxml tree is read for its metadata (parsel)
and handed to trafilatura (which works on its own copy). trafilatura runs its
main extractor alone first (``fast=True``); its full cascade, which also runs
readability and jusText and keeps whichever looks better, is run only when
that first result looks like one the cascade would replace (see
:func:`_needs_full_cascade`). trafilatura's own metadata search (title, byline,
site name) runs only when the page's metadata, the feed and the spider's
selectors left one of those fields empty.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import courlan
import htmldate
import trafilatura
from lxml.html import HtmlElement
from parsel import Selector
from trafilatura.settings import DEFAULT_CONFIG

from lfrwatch.ops.parentwatch import die_with_parent

# Query parameters that only track a click; dropping them makes one article one URL.
TRACKING_PARAMS = {
    "cmp", "cmpid", "ito", "ocid", "at_medium", "at_campaign", "at_link_id", "at_link_type", "at_ptr_name",
    "at_format", "at_link_origin", "at_bbc_team", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "mc_cid", "mc_eid", "fbclid", "gclid", "dclid", "msclkid", "igshid", "_ga", "ref", "ref_src",
    "share", "smid", "sr_share", "xtor", "guccounter", "oc", "s_cid", "intcmp", "int_source", "int_medium",
}

RELEVANCE_PATTERN = re.compile(
    r"\b(?:live|retrospective|operator[- ]initiated)?\s*fac(?:ial|e)[- ]recognition\b"
    r"|\bface[- ]matching\b|\bfacial[- ]matching\b|\bbiometric surveillance\b",
    re.IGNORECASE,
)
#: "LFR" only counts in capitals, so "lfr" inside other words or codes does not.
ACRONYM_PATTERN = re.compile(r"\b(?:LFR|RFR|OIFR)\b")


#: Fewer words than this is a page without an article (a redesign, an error page), not a short story.
MIN_ARTICLE_WORDS = 15

#: trafilatura's own threshold (characters) under which its cascade looks for a better extraction.
_MIN_EXTRACTED_SIZE = DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
#: The options lfrwatch extracts body text with (tables, images and comments are not article text).
_TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": False, "include_images": False,
                        "deduplicate": False, "with_metadata": False}


class ExtractionError(ValueError):
    """The page gave no usable article; the message says why."""


class ExtractionWorkerDied(ExtractionError):
    """The worker process reading this page died (a crash in a parser, the memory killer)."""


@dataclass
class Article:
    url: str
    canonical_url: str
    text: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    publisher: str | None = None
    language: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def is_relevant(*texts: str | None, terms: tuple[str, ...] | None = None) -> bool:
    """True when any text is about facial recognition (or names one of ``terms``)."""
    for text in texts:
        if not text:
            continue
        if RELEVANCE_PATTERN.search(text) or ACRONYM_PATTERN.search(text):
            return True
        if terms:
            lowered = text.lower()
            if any(term.lower() in lowered for term in terms):
                return True
    return False


def canonicalize_url(url: str, base: str | None = None) -> str:
    """Absolute URL with tracking parameters, fragment and default port removed."""
    if base:
        url = urljoin(base, url)
    try:
        normalized = courlan.normalize_url(url, strict=True)
    except Exception:  # courlan rejects some odd but valid URLs; keep ours then
        normalized = url
    parts = urlsplit(normalized)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def parse_date(value: Any) -> str | None:
    """An ISO 8601 string from an ISO string, an RFC 822 date or a datetime; None when unreadable.

    A timezone the source states is kept; a date without a time stays a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()  # rejects 2025-13-45
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return None


def _json_ld_objects(selector: Selector) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for raw in selector.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                if "@graph" in item and isinstance(item["@graph"], list):
                    stack.extend(item["@graph"])
                objects.append(item)
    return objects


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        names = [n for n in names if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return value.get("name")
    if isinstance(value, str):
        return value
    return None


def page_metadata(selector: Selector, url: str) -> dict[str, Any]:
    """Metadata the page states about itself (Open Graph, article:*, JSON-LD, <time>)."""

    def meta(*names: str) -> str | None:
        for name in names:
            value = selector.xpath(
                f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
            ).get()
            if value and value.strip():
                return value.strip()
        return None

    found: dict[str, Any] = {
        "canonical": selector.xpath('//link[@rel="canonical"]/@href').get(),
        "title": meta("og:title", "twitter:title", "dc.title"),
        "published": meta("article:published_time", "datePublished", "dc.date", "dcterms.created",
                          "govuk:first-published-at", "DC.date.issued"),
        "updated": meta("article:modified_time", "dateModified", "og:updated_time", "govuk:updated-at",
                        "dcterms.modified"),
        "author": meta("author", "article:author", "byl"),
        "publisher": meta("og:site_name", "application-name", "dc.publisher"),
        "description": meta("og:description", "description"),
        "language": selector.xpath("/html/@lang").get(),
    }
    for obj in _json_ld_objects(selector):
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(k in {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage", "PressRelease"}
                   for k in kinds):
            continue
        found["published"] = found["published"] or obj.get("datePublished")
        found["updated"] = found["updated"] or obj.get("dateModified")
        found["title"] = found["title"] or obj.get("headline")
        found["author"] = found["author"] or _ld_name(obj.get("author"))
        found["publisher"] = found["publisher"] or _ld_name(obj.get("publisher"))
    if not found["published"]:
        found["published"] = selector.css("article time::attr(datetime), time[datetime]::attr(datetime)").get()
    if not found["title"]:
        found["title"] = (selector.css("h1 ::text").get() or selector.css("title::text").get() or "").strip() or None
    return found


def extract_article(body: bytes | str, url: str, *, feed_entry: dict[str, Any] | None = None,
                    overrides: dict[str, Any] | None = None) -> Article:
    """Turn one fetched page into an :class:`Article`, or raise :class:`ExtractionError`."""
    if isinstance(body, bytes):
        html = body.decode("utf-8", errors="replace")
    else:
        html = body
    if not html.strip():
        raise ExtractionError("empty page")
    # One parse for everything: trafilatura's loader (comments and processing instructions dropped, as
    # trafilatura expects), read by parsel for the metadata. None: not HTML trafilatura can read.
    tree = trafilatura.load_html(html)
    selector = Selector(root=tree, type="html") if tree is not None else Selector(text=html)
    meta = page_metadata(selector, url)
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    feed_entry = feed_entry or {}

    text = overrides.get("text")
    if not text and tree is not None:
        text = body_text(tree, url)
    if not text or not text.strip():
        raise ExtractionError("no article text found")
    text = _tidy_text(text)
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        raise ExtractionError(f"no article text found (only {words} words outside the page furniture)")

    published = parse_date(overrides.get("published") or meta["published"] or feed_entry.get("published"))
    if not published:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=True)
        published = parse_date(found)
    updated = parse_date(overrides.get("updated") or meta["updated"] or feed_entry.get("updated"))
    if updated == published:
        updated = None

    canonical_source = overrides.get("canonical") or meta["canonical"]
    canonical = canonicalize_url(canonical_source, base=url) if canonical_source else canonicalize_url(url)
    title = overrides.get("title") or meta["title"] or feed_entry.get("title")
    author = overrides.get("author") or meta["author"] or feed_entry.get("author")
    publisher = overrides.get("publisher") or meta["publisher"] or feed_entry.get("publisher")
    if tree is not None and not (title and author and publisher):
        # Last resort, and the costliest: trafilatura's metadata search (bylines, site name, domain).
        # It may prune the tree it reads, so it runs after everything else that reads this one.
        found_meta = trafilatura.extract_metadata(tree, url)
        title = title or found_meta.title
        author = author or found_meta.author
        publisher = publisher or found_meta.sitename
    return Article(
        url=url,
        canonical_url=canonical,
        text=text,
        title=_clean(title),
        published=published,
        updated=updated,
        author=_clean(author),
        publisher=_clean(publisher),
        language=meta["language"],
        description=_clean(meta["description"] or feed_entry.get("summary")),
    )


def body_text(tree: HtmlElement, url: str) -> str | None:
    """The article's text as trafilatura extracts it from a parsed page (the tree is not changed).

    trafilatura's main extractor runs alone first; its full cascade (which
    compares the result with readability's and jusText's and keeps the better)
    runs only when :func:`_needs_full_cascade` says the first result is one the
    cascade would look past. On lfrwatch's test pages the two give the same
    text; the cascade costs about twice the main extractor.
    """
    document = trafilatura.bare_extraction(tree, url=url, fast=True, **_TRAFILATURA_OPTIONS)
    if document is None or _needs_full_cascade(document, tree):
        document = trafilatura.bare_extraction(tree, url=url, fast=False, **_TRAFILATURA_OPTIONS)
    return document.text if document is not None else None


def _needs_full_cascade(document: Any, tree: HtmlElement) -> bool:
    """True when trafilatura's main extractor gave a result its full cascade would try to better.

    The cascade replaces a result that is short (under trafilatura's
    MIN_EXTRACTED_SIZE, when it tries jusText), that has no paragraph text or
    more tables than paragraphs (when it prefers readability), or that
    readability doubles: here, one with less than half the text of the page's
    paragraphs.
    """
    text = document.text or ""
    if len(text) < _MIN_EXTRACTED_SIZE:
        return True
    body = document.body
    if body is None or not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return True
    page_paragraphs = sum(len(t) for t in tree.xpath("//p//text()"))
    return 2 * len(text) < page_paragraphs


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", str(value)).strip()
    return value or None


def _tidy_text(text: str) -> str:
    """One paragraph per line, runs of spaces folded, no empty lines."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_extract_workers() -> int:
    """Worker processes for article extraction: the cores this process may use, less the one the crawl uses."""
    return max(1, usable_cores() - 1)


class ExtractionPool:
    """Article extraction (HTML to :class:`Article`, the CPU-heavy part of a crawl) in worker processes.

    (Spiders also read their feeds here: :meth:`run` takes any module-level function.)

    The crawl's event loop awaits :meth:`extract` while the page is read in a
    worker, so downloading, archiving and storing go on beside it on another
    core. Workers are started with ``spawn`` (the crawl process runs threads,
    which ``fork`` would copy mid-flight).

    A worker that dies takes the pages it was given with it: those are read
    again one at a time in a one-worker pool of their own, so the page that
    kills that one too is the one reported (:class:`ExtractionWorkerDied`) and
    every other page is read as usual. The main pool is replaced and the crawl
    goes on.

    One pool serves every spider of a crawl process (:meth:`acquire` /
    :meth:`release`); it is shut down when the last one lets it go.
    """

    _shared: "ExtractionPool | None" = None
    _shared_users = 0
    _shared_lock = threading.Lock()

    def __init__(self, workers: int, function: Callable[..., Article] | None = None):
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, not {workers}")
        self.workers = workers
        self.function = function or extract_article
        self._context = multiprocessing.get_context("spawn")
        self._executor: ProcessPoolExecutor | None = self._new_executor(workers)
        self._isolation: ProcessPoolExecutor | None = None
        self._isolation_lock: asyncio.Lock | None = None

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=self._context, initializer=_leave_with_parent,
                                   initargs=(os.getpid(),))

    @classmethod
    def acquire(cls, workers: int) -> "ExtractionPool":
        """The crawl process's pool (started by the first spider that asks)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls(workers)
            cls._shared_users += 1
            return cls._shared

    @classmethod
    def release(cls, pool: "ExtractionPool") -> None:
        with cls._shared_lock:
            if pool is not cls._shared:
                pool.shutdown()
                return
            cls._shared_users -= 1
            if cls._shared_users > 0:
                return
            cls._shared = None
        pool.shutdown()

    async def extract(self, body: bytes | str, url: str, *, feed_entry: dict[str, Any] | None = None,
                      overrides: dict[str, Any] | None = None) -> Article:
        """:func:`extract_article` in a worker; raises what it raises, or :class:`ExtractionWorkerDied`."""
        return await self.run(self.function, body, url, feed_entry=feed_entry, overrides=overrides)

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` in a worker (a module-level function, arguments that pickle)."""
        if self._executor is None:
            raise RuntimeError("the extraction pool is shut down")
        executor = self._executor
        try:
            return await asyncio.wrap_future(executor.submit(function, *args, **kwargs))
        except BrokenProcessPool:
            if self._executor is executor:  # the first to notice replaces it
                self._executor = self._new_executor(self.workers)
                executor.shutdown(wait=False, cancel_futures=True)
        return await self._run_alone(function, args, kwargs)

    async def _run_alone(self, function: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
        """A page whose worker died, read again with no other page beside it."""
        if self._isolation_lock is None:
            self._isolation_lock = asyncio.Lock()
        async with self._isolation_lock:
            if self._isolation is None:
                self._isolation = self._new_executor(1)
            try:
                return await asyncio.wrap_future(self._isolation.submit(function, *args, **kwargs))
            except BrokenProcessPool:
                self._isolation.shutdown(wait=False, cancel_futures=True)
                self._isolation = None
                raise ExtractionWorkerDied("the extraction worker process died while reading this page") from None

    def shutdown(self) -> None:
        """Stop the workers (waiting for them, so their CPU time is accounted to this process)."""
        for executor in (self._executor, self._isolation):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._isolation = None


def _leave_with_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Pool worker start-up: exit (with 0) when the crawl process is gone.

    A crawl killed outright (a timeout, ``kill -9``) never shuts its pool
    down, and a worker waiting for work would wait for ever. A thread watches
    (:func:`lfrwatch.ops.parentwatch.die_with_parent`, without the kernel's
    signal).
    """
    die_with_parent(parent_pid, interval=interval, exit_code=0, kernel=False)


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
