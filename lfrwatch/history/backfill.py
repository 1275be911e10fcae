"""`lfrwatch backfill`: a source's articles from a period of the past, out of a Wayback-style web archive.

For each source, in order, each step recorded in the ledger (:mod:`lfrwatch.history.ledger`) as it is done:

1. **Article addresses.** One CDX query per site the source covers (its base URL, its extra domains):
   ``matchType=prefix``, the period, ``filter=statuscode:200``, ``filter=mimetype:text/html``,
   ``collapse=urlkey``, and a filter on the address naming facial recognition (``facial-recognition``,
   ``lfr``...; the source's own relevance terms too) unless ``all_pages``: a newsroom's years of pages are
   listed, only the addresses that name the subject are fetched.
2. **Feeds and listings.** One CDX query per feed and listing page of the source (exact URL, the period,
   ``collapse=digest``: each distinct version once). Each version is fetched and read by the source's spider
   as the live crawl reads it; each relevant entry's article gets its earliest good capture in the period
   (an exact CDX query, ``limit=1``), so articles whose address does not name the subject are found too.
3. **Articles.** One capture per article (its address without scheme, ``www.``, tracking parameters or a
   trailing slash): the earliest good one (status 200, HTML) across everything listed; duplicates and
   later captures are dropped. Each is fetched raw (``<replay>/<timestamp>id_/<original>``), read by the
   spider, judged on its text, and stored when relevant.

Each stored document (its row and its version's) has its original URL (``url``), the archive URL of the
capture whose raw bytes were fetched (``archive_url``), the capture time (``captured_at``, and as its
``fetched_at``: when the bytes were fetched from the site, by the archive), and the WARC record lfrwatch wrote
of the fetch from the archive (``warc_file``/``warc_offset``/``warc_record_id``): that record's
``WARC-Target-URI`` is the archive URL, and its ``Lfrwatch-Original-URI`` and ``Lfrwatch-Capture-Date``
headers say what it is a capture of. An article already in the database (by any of its addresses or its
canonical URL) is not fetched: a backfill never puts an old text over a newer one.

Politeness is :mod:`lfrwatch.history.fetch`'s. A failure costs its URL (reported, asked again next run);
an archive that asks to wait too long stops the run, which the next one resumes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from lfrwatch import config, store
from lfrwatch.crawl.article import canonicalize_url
from lfrwatch.crawl.sources import Source, get_source
from lfrwatch.history.cdx import (DEFAULT_CDX, Capture, CdxClient, CdxError, CdxQuery, day_end, day_start,
                                  parse_replay_url, replay_base, replay_url, site_prefix, timestamp_iso)
from lfrwatch.history.fetch import ArchiveBusy, FetchError, Fetched, Politeness, PoliteClient, decoded_body
from lfrwatch.history.ledger import Ledger, LedgerRow, ledger_path
from lfrwatch.history.reading import PageReader

#: WARC headers on the record of a capture fetched from an archive: what it is a capture of, and when it was made.
ORIGINAL_URI_HEADER = "Lfrwatch-Original-URI"
CAPTURE_DATE_HEADER = "Lfrwatch-Capture-Date"

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_ACCEPT_FEED = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/html;q=0.8,*/*;q=0.5"


def article_key(url: str) -> str:
    """One article, one key: its address without scheme, ``www.``, tracking parameters or a trailing slash."""
    parts = urlsplit(canonicalize_url(url))
    host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def address_pattern(terms: tuple[str, ...]) -> str:
    """A CDX filter regex (Java and Python alike) for addresses that name one of ``terms``, as slugs spell them."""
    alternatives = []
    for term in dict.fromkeys(t.lower() for t in terms if t.strip()):
        words = [re.escape(w) for w in re.split(r"[^a-z0-9]+", term) if w]
        if not words:
            continue
        if len(words) == 1 and len(words[0]) <= 4:  # an acronym: a word of its own ("lfr", not "selfridges")
            alternatives.append(f"(?:^|[^a-z]){words[0]}(?:[^a-z]|$)")
        else:
            alternatives.append("(?:[^a-z0-9]|%20)?".join(words))
    return "(?i).*(?:" + "|".join(alternatives) + ").*"


def _good(capture: Capture, html: bool) -> bool:
    if capture.statuscode != "200":
        return False
    return not html or capture.mimetype.split(";")[0].strip().lower() in _HTML_TYPES


def _address_forms(url: str) -> list[str]:
    """The addresses a stored document of this article may be under (scheme, ``www.``, tracking parameters)."""
    canonical = canonicalize_url(url)
    forms = []
    for candidate in (url, canonical):
        parts = urlsplit(candidate)
        host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
        for scheme in ("https", "http"):
            for netloc in (host, "www." + host):
                forms.append(urlunsplit((scheme, netloc, parts.path, parts.query, "")))
    return list(dict.fromkeys([url, canonical, *forms]))


@dataclass
class BackfillReport:
    """What a backfill did, for the CLI."""

    sources: list[str]
    since: str
    until: str | None
    queries: int = 0  # CDX queries answered
    listed: int = 0  # captures listed
    fetched: int = 0  # captures fetched (feeds, listings, articles)
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    already_stored: int = 0
    irrelevant: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early (the archive asked to wait too long)

    def fail(self, url: str, reason: str) -> None:
        self.failures.append({"url": url, "error": reason})


class Backfill:
    """One backfill run over a database (see the module's docstring)."""

    def __init__(self, db_path: str, *, since: date, until: date | None = None, cdx_endpoint: str = DEFAULT_CDX,
                 replay: str | None = None, all_pages: bool = False, politeness: Politeness | None = None,
                 on_stored: Callable[[str, str], None] | None = None):
        if until is not None and until < since:
            raise ValueError(f"--until {until} is before --since {since}")
        self.db_path = config.db_path(db_path)
        self.since, self.until = since, until
        self.replay = replay or replay_base(cdx_endpoint)
        self.all_pages = all_pages
        self.on_stored = on_stored
        self.http = PoliteClient(politeness, on_response=self._archive_response)
        self.cdx = CdxClient(cdx_endpoint, self.http)
        self.cdx_endpoint = cdx_endpoint
        self._archive = None
        self.db = None
        self.ledger: Ledger | None = None
        self.reader: PageReader | None = None
        self.report: BackfillReport | None = None

    # -- the run ----------------------------------------------------------------

    def run(self, source_names: list[str]) -> BackfillReport:
        sources = [get_source(name) for name in source_names]  # an unknown name stops everything before any request
        self.report = BackfillReport([s.name for s in sources], self.since.isoformat(),
                                     self.until.isoformat() if self.until else None)
        self.db = store.open_db(self.db_path)
        self.ledger = Ledger(ledger_path(self.db_path))
        self.reader = PageReader(self.db)
        try:
            for source in sources:
                store.upsert_source(self.db, name=source.name, kind=source.kind, publisher=source.publisher,
                                    base_url=source.base_url)
                try:
                    self._backfill_source(source)
                except ArchiveBusy as exc:
                    self.report.fail(exc.url, exc.reason)
                    self.report.stopped = exc.reason
                    break
        finally:
            if self._archive is not None:
                self._archive.close()
            self.ledger.close()
            self.db.close()
        return self.report

    def _backfill_source(self, source: Source) -> None:
        spider = self.reader.spider(source.name)
        for host in source.allowed_domains:
            base = source.base_url if urlsplit(source.base_url).hostname == host else f"https://{host}/"
            filters = ["statuscode:200", "mimetype:text/html"]
            pattern = None
            if not self.all_pages:
                pattern = address_pattern(config.RELEVANCE_TERMS + tuple(source.relevance_terms))
                filters.append("original:" + pattern)
            query = CdxQuery(site_prefix(base), "prefix", day_start(self.since), self._until(), tuple(filters),
                             collapse="urlkey")
            self._list(source, query, "article", address_filter=pattern)
        starts = [(url, "feed") for url in spider.feed_urls] + [(url, "listing") for url in spider.listing_urls]
        for url, role in starts:
            query = CdxQuery(url, "exact", day_start(self.since), self._until(), ("statuscode:200",),
                             collapse="digest")
            self._list(source, query, role, start_url=url)
        for row in self.ledger.to_fetch(source.name, ("feed", "listing")):
            self._read_start(source, row)
        for row in self.ledger.to_fetch(source.name, ("article",)):
            self._fetch_article(source, row)

    def _until(self) -> str | None:
        return day_end(self.until) if self.until else None

    def _now(self) -> str:
        return store.utcnow()

    def _period_closed(self, complete_at: str) -> bool:
        """True when a query answered whole at ``complete_at`` cannot have new captures (its period had ended)."""
        return self.until is not None and self.until.isoformat() < complete_at[:10]

    # -- listing captures ---------------------------------------------------------

    def _list(self, source: Source, query: CdxQuery, role: str, start_url: str | None = None,
              address_filter: str | None = None) -> None:
        """Page through a CDX query into the ledger, from where an interrupted run left it.

        ``address_filter`` is checked here too: an archive that ignores a filter costs requests, not relevance.
        """
        key = f"{self.cdx_endpoint}?{query.key()}"
        resume_key, complete_at = self.ledger.listing(key)
        if complete_at and self._period_closed(complete_at):
            return
        url_filter = re.compile(address_filter) if address_filter else None
        try:
            for captures, next_key in self.cdx.pages(query, resume_key):
                self.report.queries += 1
                for capture in captures:
                    if not _good(capture, html=role == "article"):
                        continue
                    if url_filter is not None and not url_filter.fullmatch(capture.original):
                        continue
                    self.report.listed += 1
                    self._offer(source, capture, role, start_url)
                self.ledger.listing_page_done(key, next_key, self._now())
        except (FetchError, CdxError) as exc:
            if isinstance(exc, ArchiveBusy):
                raise
            self.report.fail(getattr(exc, "url", None) or self.cdx.query_url(query, resume_key),
                             getattr(exc, "reason", None) or str(exc))

    def _offer(self, source: Source, capture: Capture, role: str, start_url: str | None,
               entry: dict[str, Any] | None = None) -> None:
        if role == "article":
            key = article_key(capture.original)
        else:  # each distinct version of a feed or listing once
            key = f"{role}:{start_url}#{capture.digest or capture.timestamp}"
        self.ledger.offer(key, source.name, role, capture, replay_url(self.replay, capture.timestamp,
                                                                       capture.original), self._now(), entry)

    # -- feeds and listings ---------------------------------------------------------

    def _read_start(self, source: Source, row: LedgerRow) -> None:
        start_url = row.key.split(":", 1)[1].rsplit("#", 1)[0]
        fetched = self._fetch(row, _ACCEPT_FEED)
        if fetched is None:
            return
        body = self._body(row, fetched)
        if body is None:
            return
        links, problems = self.reader.links(source.name, start_url, body, fetched.headers, row.role)
        self.report.warnings += [f"{row.archive_url}: {p}" for p in problems]
        for link, entry in links:
            key = article_key(link)
            if self.ledger.known(key) is not None:
                continue
            capture = self._earliest_capture(link)
            if capture is None:
                self.ledger.note_uncaptured(key, source.name, link, entry, self._now())
            else:
                self.report.listed += 1
                self.ledger.offer(key, source.name, "article", capture,
                                  replay_url(self.replay, capture.timestamp, capture.original), self._now(), entry)
        self.ledger.settle(row.key, "read", self._now())

    def _earliest_capture(self, url: str) -> Capture | None:
        """The earliest good capture of one article in the period (None when the archive has none)."""
        for candidate in dict.fromkeys([canonicalize_url(url), url]):
            query = CdxQuery(candidate, "exact", day_start(self.since), self._until(),
                             ("statuscode:200", "mimetype:text/html"), limit=1)
            try:
                captures = [c for c in self.cdx.captures(query) if _good(c, html=True)]
            except (FetchError, CdxError) as exc:
                if isinstance(exc, ArchiveBusy):
                    raise
                self.report.fail(getattr(exc, "url", None) or self.cdx.query_url(query),
                                 getattr(exc, "reason", None) or str(exc))
                return None
            self.report.queries += 1
            if captures:
                return min(captures, key=lambda c: c.timestamp)
        return None

    # -- articles --------------------------------------------------------------------

    def _stored_as(self, *urls: str) -> dict[str, Any] | None:
        for url in urls:
            for form in _address_forms(url):
                known = store.known_document(self.db, form)
                if known:
                    return known
        return None

    def _fetch_article(self, source: Source, row: LedgerRow) -> None:
        known = self._stored_as(row.url)
        if known:
            self.report.already_stored += 1
            self.ledger.settle(row.key, "stored", self._now(), reason="already stored", document_id=known["id"])
            return
        fetched = self._fetch(row, _ACCEPT_HTML)
        if fetched is None:
            return
        body = self._body(row, fetched)
        if body is None:
            return
        timestamp, original = parse_replay_url(fetched.url, self.replay) or (row.timestamp, row.url)
        result = self.reader.article(source.name, original, body, fetched.headers, entry=row.entry,
                                     warc=fetched.where)
        self.report.warnings += result.warnings
        if result.state == "irrelevant":
            self.report.irrelevant += 1
            self.ledger.settle(row.key, "irrelevant", self._now(), reason=result.reason)
            return
        if result.article is None:
            self.report.fail(fetched.url, result.reason or "not read")
            self.ledger.settle(row.key, "unreadable", self._now(), reason=result.reason)
            return
        article = result.article
        known = self._stored_as(article["canonical_url"])
        if known:  # stored under its canonical address (a live crawl, another capture): no older text over it
            self.report.already_stored += 1
            self.ledger.settle(row.key, "stored", self._now(), reason="already stored", document_id=known["id"])
            return
        article.update(fetched_at=timestamp_iso(timestamp), captured_at=timestamp_iso(timestamp),
                       archive_url=fetched.url, http_status=200, etag=None, last_modified=None)
        stored = store.store_document(self.db, article)
        setattr(self.report, stored.status, getattr(self.report, stored.status) + 1)
        self.ledger.settle(row.key, "stored" if stored.status != "unchanged" else "unchanged", self._now(),
                           document_id=stored.document_id, archive_url=fetched.url, timestamp=timestamp,
                           url=original)
        if self.on_stored is not None:
            self.on_stored(original, stored.status)

    # -- fetching and archiving --------------------------------------------------------

    def _fetch(self, row: LedgerRow, accept: str) -> Fetched | None:
        try:
            fetched = self.http.get(row.archive_url, accept=accept)
        except ArchiveBusy:
            raise
        except FetchError as exc:
            self.report.fail(exc.url, exc.reason)
            self.ledger.settle(row.key, "failed", self._now(), reason=exc.reason)
            return None
        self.report.fetched += 1
        return fetched

    def _body(self, row: LedgerRow, fetched: Fetched) -> bytes | None:
        try:
            return decoded_body(fetched.body, fetched.header("Content-Encoding"))
        except ValueError as exc:
            self.report.fail(fetched.url, str(exc))
            self.ledger.settle(row.key, "failed", self._now(), reason=str(exc))
            return None

    def _archive_response(self, fetched: Fetched) -> dict[str, Any]:
        """Every response from the archive as WARC records, as the crawl keeps every response it fetches."""
        from lfrwatch.crawl.archive import WarcArchive

        if self._archive is None:
            self._archive = WarcArchive(config.archive_dir(self.db_path), prefix="lfrwatch-backfill")
        record_headers = {}
        replayed = parse_replay_url(fetched.url, self.replay)
        if replayed:
            record_headers = {ORIGINAL_URI_HEADER: replayed[1], CAPTURE_DATE_HEADER: timestamp_iso(replayed[0])}
        return self._archive.write_exchange(
            url=fetched.url, method="GET", request_headers=fetched.request_headers, request_body=b"",
            status=fetched.status, response_headers=fetched.headers, body=fetched.body, protocol=fetched.protocol,
            record_headers=record_headers)
