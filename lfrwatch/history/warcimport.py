"""`lfrwatch import-warc`: relevant pages out of WARC files (a library's crawl, Common Crawl's news crawl...).

Each file is read as a stream (:mod:`lfrwatch.history.warcstream`), and each record passes a cheap pre-filter
before anything parses it, cheapest test first:

1. a ``response`` record with HTTP status 200 (request, metadata and revisit records are passed over);
2. its ``WARC-Target-URI`` on a domain a source covers (``Source.allowed_domains`` and their subdomains),
   or any domain with ``all_domains``;
3. not already stored from this file (its record id is on a stored version whose ``warc_file`` is this file);
4. HTML, by its ``Content-Type`` (or, without one, by how its payload starts);
5. the subject named in the raw payload: one of ``config.RELEVANCE_TERMS``, the source's own relevance terms,
   or what :func:`lfrwatch.crawl.article.is_relevant` accepts, its words split by spaces, hyphens or
   ``&nbsp;`` (:class:`RelevanceBytes`). Plain scans for words (``recogni``, ``FR`` for the acronyms...)
   run before any pattern.

A page that passes is read by its source's spider (:mod:`lfrwatch.history.reading`: the same selectors,
extraction and relevance rule as a live crawl) and stored with :func:`lfrwatch.store.store_document`. Its
provenance is the original file's: ``warc_file`` is the file's absolute path (or the URL it was read from),
``warc_offset`` the record's offset in it (of its gzip member in a ``.warc.gz``: where
``lfrwatch.crawl.archive.read_record`` seeks), ``warc_record_id`` its ``WARC-Record-ID``, and ``fetched_at``
its ``WARC-Date``. Nothing is copied: the file stays the archive of record.

A re-run stores nothing twice: records already stored from the same file are passed over at step 3, and a page
whose text is stored already (from another file, a crawl) is ``unchanged``. A damaged record is reported with
file and offset and costs that record; a file that is not a WARC, or that cannot be read, is reported by name
and costs that file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from lfrwatch import config, store
from lfrwatch.crawl.article import ACRONYM_PATTERN, parse_date
from lfrwatch.crawl.sources import Source, all_sources
from lfrwatch.history.reading import PageReader
from lfrwatch.history.warcstream import WarcInput, WarcRecords, WarcUnreadable

#: A payload larger than this is not an article page: passed over unread.
MAX_PAGE_BYTES = 10 * 1024 * 1024
#: What may stand between two words of a term in raw HTML.
_SEPARATOR = rb"(?:[\s\-_]|&nbsp;|&#160;|&#xa0;)+"
#: What :func:`lfrwatch.crawl.article.is_relevant` accepts (its ``RELEVANCE_PATTERN``), over lowercased bytes,
#: each pattern opening with a literal so that a search is a fast scan.
_SUBJECT = (rb"fac(?:ial|e)" + _SEPARATOR + rb"(?:recogni|matching)", rb"biometric" + _SEPARATOR + rb"surveillance")
#: Its acronyms (``ACRONYM_PATTERN``), in capitals only.
_ACRONYMS = tuple(re.findall(r"[A-Z]{3,}", ACRONYM_PATTERN.pattern))
#: Words one of which a payload that names the subject holds (lowercased): each pattern needs one of them.
_GATE_WORDS = ("recogni", "matching", "biometric")


class RelevanceBytes:
    """The pre-filter's last step: does a raw payload name the subject? (see the module's docstring)

    Accepts whatever ``is_relevant`` would accept in the page's text (test:
    tests/history/test_import_warc.py), plus ``config.RELEVANCE_TERMS`` and a
    source's own terms; a term's words may be split by spaces, hyphens or
    ``&nbsp;`` in the HTML. An acronym counts in capitals only ("LFR", not
    "selfridges").

    Cost on a 23 KB page that does not name the subject: one lowercased copy
    and a plain scan for each word of :data:`_GATE_WORDS` and for each
    acronym's last two letters (~75 us); the patterns run only where one of
    those is found.
    """

    def __init__(self, extra_terms: tuple[str, ...] = ()):
        lowered, acronyms, gate = list(_SUBJECT), list(_ACRONYMS), list(_GATE_WORDS)
        for term in config.RELEVANCE_TERMS + tuple(extra_terms):
            words = [w for w in re.split(r"[^a-z0-9]+", term.lower()) if w]
            if not words:
                continue
            if len(words) == 1 and len(words[0]) <= 4:
                acronyms.append(words[0].upper())
                continue
            lowered.append(_SEPARATOR.join(re.escape(w.encode()) for w in words))
            if not any(word in term.lower() for word in gate):
                gate.append(max(words, key=len))
        self.lowered = [re.compile(p) for p in dict.fromkeys(lowered)]
        self.gate = tuple(word.encode() for word in dict.fromkeys(gate))
        #: (last two letters, [(acronym, its pattern)]): one scan for the letters before any acronym is looked for.
        by_tail: dict[bytes, list] = {}
        for acronym in dict.fromkeys(acronyms):
            literal = acronym.encode()
            by_tail.setdefault(literal[-2:], []).append((literal, re.compile(rb"\b" + re.escape(literal) + rb"\b")))
        self.acronyms = list(by_tail.items())

    def __call__(self, payload: bytes) -> bool:
        for tail, acronyms in self.acronyms:
            if tail in payload:
                for literal, pattern in acronyms:
                    if literal in payload and pattern.search(payload):
                        return True
        lowered = payload.lower()
        if not any(word in lowered for word in self.gate):
            return False
        return any(pattern.search(lowered) for pattern in self.lowered)


class DomainIndex:
    """Which source a host belongs to: its own domains, and their subdomains."""

    def __init__(self, sources: list[Source]):
        self.by_host: dict[str, Source] = {}
        for source in sources:
            for host in source.allowed_domains:
                self.by_host.setdefault(host.lower().removeprefix("www."), source)

    def source_for(self, host: str | None) -> Source | None:
        if not host:
            return None
        host = host.lower().rstrip(".").removeprefix("www.")
        while True:
            source = self.by_host.get(host)
            if source is not None or "." not in host:
                return source
            host = host.split(".", 1)[1]


@dataclass
class ImportReport:
    """What an import did, for the CLI."""

    files: int = 0  # inputs read (whole or in part)
    records: int = 0
    candidates: int = 0  # records that passed the pre-filter and were parsed
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    already_stored: int = 0  # passed over: stored from this file before
    irrelevant: int = 0
    unreadable: int = 0
    damaged: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)  # {"path", "error"}
    warnings: list[str] = field(default_factory=list)

    def fail(self, path: str, reason: str) -> None:
        self.failures.append({"path": path, "error": reason})


def host_of(uri: str) -> str | None:
    """The host of an http(s) URI, lowercased; None when it has none. (``urlsplit`` does more, at a cost felt
    over millions of records.)"""
    start = uri.find("://")
    if start <= 0:
        return None
    start += 3
    end = len(uri)
    for separator in "/?#":
        found = uri.find(separator, start, end)
        if found != -1:
            end = found
    host = uri[start:end].rpartition("@")[2]
    if host.startswith("["):  # an IPv6 address: no source's domain
        return None
    return host.partition(":")[0].lower() or None


def _header(record, name: str) -> str | None:
    return record.rec_headers.get_header(name)


def _is_html(http_headers, payload: bytes) -> bool:
    content_type = (http_headers.get_header("Content-Type") or "").lower()
    if content_type:
        return "html" in content_type
    start = payload[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


class WarcImport:
    """One import run over a database (see the module's docstring)."""

    def __init__(self, db_path: str, *, all_domains: bool = False,
                 on_stored: Callable[[str, str], None] | None = None):
        self.db_path = config.db_path(db_path)
        self.all_domains = all_domains
        self.on_stored = on_stored
        self.domains = DomainIndex(all_sources())
        self._relevance: dict[str, RelevanceBytes] = {}
        self.report = ImportReport()
        self.db = None
        self.reader: PageReader | None = None

    def relevance_for(self, source: Source | None) -> RelevanceBytes:
        terms = tuple(source.relevance_terms) if source is not None else ()
        test = self._relevance.get(terms)
        if test is None:
            test = self._relevance[terms] = RelevanceBytes(terms)
        return test

    def run(self, locations: list[str]) -> ImportReport:
        self.db = store.open_db(self.db_path)
        self.reader = PageReader(self.db)
        try:
            for location in locations:
                self.import_one(WarcInput(location))
        finally:
            self.db.close()
        return self.report

    def import_one(self, source: WarcInput) -> None:
        report = self.report

        def damaged(offset: int, reason: str) -> None:
            report.damaged += 1
            report.fail(f"{source.name} at offset {offset}", reason)

        try:
            records = WarcRecords(source, damaged)
        except WarcUnreadable as exc:
            report.fail(source.name, str(exc))
            return
        stored_ids = {row[0] for row in self.db.execute(
            "select warc_record_id from document_versions where warc_file = ?", [source.name])}
        report.files += 1
        try:
            for entry in records:
                report.records += 1
                self._consider(source, entry, stored_ids)
        except WarcUnreadable as exc:
            report.fail(source.name, f"{exc}; the records before it were read")

    def _consider(self, warc: WarcInput, entry, stored_ids: set[str]) -> None:
        record = entry.record
        if record.rec_type != "response" or record.http_headers is None:
            return
        if record.http_headers.get_statuscode() != "200":
            return
        uri = _header(record, "WARC-Target-URI") or ""
        source = self.domains.source_for(host_of(uri))
        if source is None and not self.all_domains:
            return
        record_id = _header(record, "WARC-Record-ID")
        if record_id in stored_ids:
            self.report.already_stored += 1
            return
        content_type = record.http_headers.get_header("Content-Type")
        if content_type and "html" not in content_type.lower():
            return
        try:
            payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - a payload whose content coding is broken costs that record
            if entry.finish() is None:
                self.report.unreadable += 1
                self.report.fail(f"{warc.name} at offset {entry.offset}",
                                 f"{uri}: payload cannot be decoded ({type(exc).__name__}: {exc})")
            return
        if len(payload) > MAX_PAGE_BYTES or not _is_html(record.http_headers, payload):
            return
        if not self.relevance_for(source)(payload):
            return
        if entry.finish() is not None:
            return  # damaged: reported with its offset, not stored
        self.report.candidates += 1
        self._store(warc, entry, source, uri, record_id, payload)

    def _store(self, warc: WarcInput, entry, source: Source | None, uri: str, record_id: str | None,
               payload: bytes) -> None:
        record = entry.record
        where = {"warc_file": warc.name, "warc_offset": entry.offset, "warc_record_id": record_id}
        result = self.reader.article(source.name if source else None, uri, payload,
                                     list(record.http_headers.headers), warc=where)
        self.report.warnings += result.warnings
        if result.state == "irrelevant":
            self.report.irrelevant += 1
            return
        if result.article is None:
            self.report.unreadable += 1
            self.report.warnings.append(f"{warc.name} at offset {entry.offset}: {uri}: {result.reason}")
            return
        article: dict[str, Any] = result.article
        article["fetched_at"] = parse_date(_header(record, "WARC-Date")) or article.get("fetched_at")
        stored = store.store_document(self.db, article)
        setattr(self.report, stored.status, getattr(self.report, stored.status) + 1)
        if self.on_stored is not None:
            self.on_stored(uri, stored.status)
