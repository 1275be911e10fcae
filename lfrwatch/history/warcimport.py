"""`lfrwatch import-warc`: relevant pages out of WARC files (a library's crawl, Common Crawl's news crawl...).

Each file is read as a stream (:mod:`lfrwatch.history.warcstream`), and each record passes a cheap pre-filter
before anything parses it, cheapest test first:

1. a ``response`` record (request, metadata and revisit records are passed over) whose ``WARC-Target-URI``
   is on a domain a source covers (``Source.allowed_domains`` and their subdomains), or any domain with
   ``all_domains``: read from its WARC headers alone;
2. HTTP status 200 (its HTTP headers are parsed here, for the records that passed step 1 only);
3. not already stored from this file (its record id is on a stored version whose ``warc_file`` is this file);
4. HTML, by its ``Content-Type`` (or, without one, by how its payload starts);
5. the subject named in the raw payload: one of ``config.RELEVANCE_TERMS``, the source's own relevance terms,
   or what :func:`lfrwatch.crawl.article.is_relevant` accepts, its words split by spaces, hyphens or
   ``&nbsp;`` (:class:`RelevanceBytes`). Plain scans for words (``recogni``, ``FR`` for the acronyms...)
   run before any pattern.

Steps 1-4 read only the record's headers; warcio decompresses the payload of every record anyway (it must, to
find the next one), and reading it at step 5 costs no more than letting warcio skip it. Step 5 runs here, in
the process that iterates: handing the payloads on to the reading processes for it cost more than the scan
(pickling, pipes; benchmarks/warc_bench.py).

A page that passes (a :class:`Candidate`) is read by its source's spider (:mod:`lfrwatch.history.reading`: the
same selectors, extraction and relevance rule as a live crawl) and stored with
:func:`lfrwatch.store.store_document`. Where it is read:

- by default in worker processes (:mod:`lfrwatch.history.pagepool`), started in the background at the import's
  first candidate (an import without one starts none), so this process iterates, pre-filters and stores; the
  candidates go to them through a bounded queue and come back in the order of the records;
- with ``processes=0``, in this process;
- with a Dask client (``lfrwatch import-warc --scheduler``), on the cluster's workers, one task per file
  (:func:`lfrwatch.history.cluster.import_on_cluster`): each worker pre-filters and reads a whole file and
  hands back the kept pages with their provenance.

Wherever they are read, this process is the only one that opens the database, and it stores the pages in the
order of the files and of their records. A stored page's provenance is the original file's: ``warc_file`` is
the file's absolute path (or the URL it was read from), ``warc_offset`` the record's offset in it (of its gzip
member in a ``.warc.gz``: where ``lfrwatch.crawl.archive.read_record`` seeks), ``warc_record_id`` its
``WARC-Record-ID``, and ``fetched_at`` its ``WARC-Date``. Nothing is copied: the file stays the archive of
record.

A re-run stores nothing twice: records already stored from the same file are passed over at step 3, and a page
whose text is stored already (from another file, a crawl) is ``unchanged``. A damaged record is reported with
file and offset and costs that record, and so does a page whose reading process died (:data:`READER_DIED`); a
file that is not a WARC, or that cannot be read, is reported by name and costs that file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterator

from lfrwatch import config, store
from lfrwatch.crawl.article import ACRONYM_PATTERN, parse_date
from lfrwatch.crawl.sources import Source, all_sources
from lfrwatch.history.reading import PageReader, ReadResult, settle_canonical
from lfrwatch.history.warcstream import WarcInput, WarcRecords, WarcUnreadable

#: Why a page is not stored when the process reading it died (a parser crash, the memory killer): an error,
#: reported with file and offset, the page left for a re-run.
READER_DIED = "the reading process died while reading this page"
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
    and a plain scan for each word of :data:`_GATE_WORDS` (~15-20 us each on
    the benchmark's machine), and for each acronym's last two letters a hop
    from one occurrence of the first (a capital, rare in HTML: ``memchr``) to
    the next (:func:`_holds_pair`, a few us where a plain scan for two bytes
    takes ~40); the patterns run only where one of those is found.
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
            if _holds_pair(payload, tail):
                for literal, pattern in acronyms:
                    if literal in payload and pattern.search(payload):
                        return True
        lowered = payload.lower()
        if not any(word in lowered for word in self.gate):
            return False
        return any(pattern.search(lowered) for pattern in self.lowered)


def _holds_pair(payload: bytes, pair: bytes, hops: int = 64) -> bool:
    """Whether ``pair`` (two bytes) is in ``payload``: from one occurrence of its first byte to the next, or, after
    ``hops`` of them (a page full of that byte), one plain scan of the rest."""
    first = pair[:1]
    found = payload.find(first)
    while found != -1:
        if payload.startswith(pair, found):
            return True
        hops -= 1
        if not hops:
            return payload.find(pair, found) != -1
        found = payload.find(first, found + 1)
    return False


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

    def add(self, other: "ImportReport") -> None:
        """Count in what another report (one file's, from a worker) says."""
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Candidate:
    """A record that passed the pre-filter: what reading it needs, and its provenance."""

    source: str | None  # the source whose spider reads it (None: a domain no source claims)
    uri: str
    payload: bytes
    headers: list[tuple[str, str]]
    where: dict[str, Any]  # warc_file, warc_offset, warc_record_id
    warc_date: str | None


@dataclass
class ReadPage:
    """What reading one candidate gave, handed from wherever it was read to the process that stores it."""

    uri: str
    where: dict[str, Any]
    result: ReadResult


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


def _looks_like_html(payload: bytes) -> bool:
    """A payload served without a Content-Type that starts as an HTML page."""
    start = payload[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


@functools.lru_cache(maxsize=None)
def relevance_test(terms: tuple[str, ...]) -> RelevanceBytes:
    """The raw-bytes test for a source's relevance terms, made once per process."""
    return RelevanceBytes(terms)


class PreFilter:
    """The records of one file that are worth reading (see the module's docstring), counted into a report."""

    def __init__(self, *, all_domains: bool = False):
        self.all_domains = all_domains
        self.domains = DomainIndex(all_sources())

    def candidates(self, warc: WarcInput, stored_ids: set[str] | frozenset[str],
                   report: ImportReport) -> Iterator[Candidate]:
        """The candidates of ``warc`` in record order; a file that cannot be read is reported by name."""

        def damaged(offset: int, reason: str) -> None:
            report.damaged += 1
            report.fail(f"{warc.name} at offset {offset}", reason)

        try:
            records = WarcRecords(warc, damaged)
        except WarcUnreadable as exc:
            report.fail(warc.name, str(exc))
            return
        report.files += 1
        try:
            for entry in records:
                report.records += 1
                candidate = self._consider(warc, entry, stored_ids, report)
                if candidate is not None:
                    report.candidates += 1
                    yield candidate
        except WarcUnreadable as exc:
            report.fail(warc.name, f"{exc}; the records before it were read")

    def _consider(self, warc: WarcInput, entry, stored_ids, report: ImportReport) -> Candidate | None:
        record = entry.record
        if record.rec_type != "response":
            return None
        uri = entry.target_uri or ""
        source = self.domains.source_for(host_of(uri))
        if source is None and not self.all_domains:
            return None  # passed over on its WARC headers: its HTTP headers are never parsed
        http = entry.http_headers()
        if http is None or http.get_statuscode() != "200":
            return None
        record_id = _header(record, "WARC-Record-ID")
        if record_id in stored_ids:
            report.already_stored += 1
            return None
        content_type = http.get_header("Content-Type")
        if content_type and "html" not in content_type.lower():
            return None
        try:
            payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - a payload whose content coding is broken costs that record
            if entry.finish() is None:
                report.unreadable += 1
                report.fail(f"{warc.name} at offset {entry.offset}",
                            f"{uri}: payload cannot be decoded ({type(exc).__name__}: {exc})")
            return None
        if len(payload) > MAX_PAGE_BYTES or not (content_type or _looks_like_html(payload)):
            return None
        if not relevance_test(tuple(source.relevance_terms) if source is not None else ())(payload):
            return None
        if entry.finish() is not None:
            return None  # damaged: reported with its offset, not stored
        return Candidate(source.name if source else None, uri, payload, list(http.headers),
                         {"warc_file": warc.name, "warc_offset": entry.offset, "warc_record_id": record_id},
                         _header(record, "WARC-Date"))


def read_candidate(reader: PageReader, candidate: Candidate) -> ReadPage:
    """Read one candidate with ``reader`` (here, in a pool worker or on a Dask worker): its article or why not."""
    result = reader.article(candidate.source, candidate.uri, candidate.payload, candidate.headers,
                            warc=candidate.where)
    if result.article is not None:
        result.article["fetched_at"] = parse_date(candidate.warc_date) or result.article.get("fetched_at")
    return ReadPage(candidate.uri, candidate.where, result)


def stored_record_ids(db, warc_name: str) -> set[str]:
    """The record ids of ``warc_name`` stored already (a re-run passes over them unread)."""
    return {row[0] for row in db.execute(
        "select warc_record_id from document_versions where warc_file = ?", [warc_name])}


class _ReadHere:
    """Candidates read in this process, one at a time (``processes=0``)."""

    def __init__(self):
        self.reader = PageReader(None)

    def submit(self, candidate: Candidate) -> list[ReadPage]:
        return [read_candidate(self.reader, candidate)]

    def drain(self) -> list[ReadPage]:
        return []

    def shutdown(self) -> None:
        pass


class _PoolWhenNeeded:
    """Candidates read in worker processes (:class:`~lfrwatch.history.pagepool.PagePool`), started at the first
    candidate: a file with none starts no process."""

    def __init__(self, processes: int | None):
        self.processes = processes
        self.pool = None
        self.cpu_seconds = 0.0

    def submit(self, candidate: Candidate) -> list[ReadPage]:
        if self.pool is None:
            from lfrwatch.history.pagepool import PagePool

            self.pool = PagePool(self.processes)
        return self.pool.submit(candidate)

    def drain(self) -> list[ReadPage]:
        return self.pool.drain() if self.pool is not None else []

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.cpu_seconds = self.pool.cpu_seconds


class WarcImport:
    """One import run over a database (see the module's docstring); this process is its only writer."""

    def __init__(self, db_path: str, *, all_domains: bool = False, processes: int | None = None,
                 on_stored: Callable[[str, str], None] | None = None):
        self.db_path = config.db_path(db_path)
        self.all_domains = all_domains
        #: Worker processes that read kept pages (None: the cores less one, at least one; 0: this process).
        self.processes = processes
        self.on_stored = on_stored
        self.prefilter = PreFilter(all_domains=all_domains)
        self.report = ImportReport()
        self.db = None
        #: CPU seconds the worker processes used (this process's own are ``time.process_time()``'s).
        self.reader_cpu_seconds = 0.0

    def run(self, locations: list[str], *, client=None) -> ImportReport:
        """Import ``locations`` in order; with a Dask ``client``, each file is read on the cluster."""
        self.db = store.open_db(self.db_path)
        try:
            if client is not None:
                from lfrwatch.history.cluster import import_on_cluster

                import_on_cluster(self, client, locations)
            else:
                self._run_here(locations)
        finally:
            self.db.close()
        return self.report

    def _run_here(self, locations: list[str]) -> None:
        readers = _ReadHere() if self.processes == 0 else _PoolWhenNeeded(self.processes)
        try:
            for location in locations:
                warc = WarcInput(location)
                for candidate in self.prefilter.candidates(warc, stored_record_ids(self.db, warc.name), self.report):
                    for page in readers.submit(candidate):
                        self.store_page(page)
                for page in readers.drain():  # stored before the next file asks what is stored from it
                    self.store_page(page)
        finally:
            readers.shutdown()
            self.reader_cpu_seconds += getattr(readers, "cpu_seconds", 0.0)

    def store_page(self, page: ReadPage) -> None:
        """Store what reading one kept record gave (the one place an import writes)."""
        result = page.result
        settle_canonical(self.db, result)
        self.report.warnings += result.warnings
        if result.state == "irrelevant":
            self.report.irrelevant += 1
            return
        if result.article is None:
            self.report.unreadable += 1
            where = f"{page.where['warc_file']} at offset {page.where['warc_offset']}"
            if result.reason == READER_DIED:
                self.report.fail(where, f"{page.uri}: {result.reason}")
            else:
                self.report.warnings.append(f"{where}: {page.uri}: {result.reason}")
            return
        stored = store.store_document(self.db, result.article)
        setattr(self.report, stored.status, getattr(self.report, stored.status) + 1)
        if self.on_stored is not None:
            self.on_stored(page.uri, stored.status)
