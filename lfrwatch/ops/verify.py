"""`lfrwatch verify`: an fsck for the data, reporting one line per problem.

It reads, and changes nothing:

- **the database**: SQLite's ``PRAGMA integrity_check``;
- **every WARC file** under ``archive/``, gzip member by member to its end: a
  file cut short (a full disk, a crash) is reported with the offset of the
  record that breaks off, and the offset where its last whole record ends;
- **every document version's record** (:func:`lfrwatch.crawl.archive.read_record`):
  the version names a WARC file that exists, an offset inside it where a
  record starts, the record parses, its ``WARC-Record-ID`` is the one stored,
  its payload matches the record's own ``WARC-Payload-Digest``, and the body
  (content-decoded, as the spider read it) has the ``raw_sha256`` the version
  stored (``lfrwatch.spiders.base`` hashes ``response.body``);
- **the HTTP cache files** (``httpcache/<spider>.sqlite3``): each opens, passes
  ``PRAGMA integrity_check`` and has its ``entries`` table.

A version whose bytes are lost names its URL, so it can be fetched again:
:func:`refetch_lost` (``lfrwatch verify --refetch``) does that for every
document whose *current* version lost its bytes. Each page is fetched through
the normal crawl (:func:`lfrwatch.crawl.process.run_crawl`, the ``refetch``
spider) past the HTTP cache; a page whose text is unchanged has its version
pointed at the new record, a changed page is stored as a new version, and a
page that cannot be fetched (a 404) is said so. A WARC file cut short is then
trimmed to the end of its last whole record once no version points into the
unreadable tail. Then everything is verified again. The trim and the verify
after it reuse what an earlier reading of a WARC file found while the file's
size, modification time and inode are unchanged (:attr:`VerifyReport.scans`):
only a file trimmed, or new (the refetch's own), is read to its end again.
"""

from __future__ import annotations

import base64
import hashlib
import mmap
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lfrwatch import config

#: integrity_check lines reported per file (SQLite stops at 100 anyway).
INTEGRITY_LINES = 20
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class Problem:
    """One thing broken: where (a file, or a document version) and what."""

    where: str
    what: str
    version_id: int | None = None  # a document version whose archived bytes are lost or wrong

    def line(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class WarcScan:
    """What reading one WARC file to its end found: where whole records start, and where they do not."""

    size: int
    starts: set[int] = field(default_factory=set)  # offsets where a whole gzip member (a record) starts
    broken: dict[int, str] = field(default_factory=dict)  # offset -> "cut short" or "damaged (...)"
    stamp: tuple[int, int, int] | None = None  # the file's (size, mtime_ns, inode) when read: still valid if equal


@dataclass
class VerifyReport:
    db: str
    problems: list[Problem] = field(default_factory=list)
    database_ok: bool = False
    versions: int = 0
    records_ok: int = 0
    warc_files: int = 0
    cache_files: int = 0
    cache_entries: int = 0
    #: What reading each WARC file found (by the name versions store), for a later verify to reuse (see
    #: :func:`verify`'s ``known_scans``); None for a file a version names that is missing.
    scans: dict[str, WarcScan | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "all is well" if self.ok else f"{len(self.problems)} problem(s)"
        return (f"verify {self.db}: {verdict}: database {'ok' if self.database_ok else 'damaged'}; "
                f"{self.records_ok} of {self.versions} document version(s) with their archived bytes intact; "
                f"{self.warc_files} WARC file(s); {self.cache_files} HTTP cache file(s), "
                f"{self.cache_entries} entr{'y' if self.cache_entries == 1 else 'ies'}")


def _integrity(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check``'s complaints; [] when it says ok."""
    rows = [row[0] for row in conn.execute("pragma integrity_check")]
    return [] if rows == ["ok"] else rows


def _report_integrity(report: VerifyReport, where: str, complaints: list[str]) -> None:
    for complaint in complaints[:INTEGRITY_LINES]:
        report.problems.append(Problem(where, f"integrity_check: {complaint}"))
    if len(complaints) > INTEGRITY_LINES:
        report.problems.append(Problem(where, f"integrity_check: ... and {len(complaints) - INTEGRITY_LINES} more"))


def _member_end(data: mmap.mmap, start: int) -> tuple[int | None, str | None]:
    """(where the gzip member starting at ``start`` ends, None) or (None, what is wrong with it)."""
    decompressor = zlib.decompressobj(wbits=31)
    position = start
    while position < len(data):
        chunk = data[position:position + _CHUNK]
        try:
            decompressor.decompress(chunk)
        except zlib.error as exc:
            return None, f"damaged ({exc})"
        if decompressor.eof:
            return position + len(chunk) - len(decompressor.unused_data), None
        position += len(chunk)
    return None, "cut short"


def _stamp(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def scan_warc(path: Path) -> WarcScan:
    """Read a gzipped WARC file member by member (one record each) to its end.

    A damaged member is noted and reading goes on at the next gzip header, so
    the records after it are still found; a member that the file's end cuts
    short is noted with its offset.
    """
    stat = path.stat()
    scan = WarcScan(size=stat.st_size, stamp=_stamp(stat))
    if not scan.size:
        return scan
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        position = 0
        while position < scan.size:
            end, wrong = _member_end(data, position)
            if end is not None:
                scan.starts.add(position)
                position = end
                continue
            scan.broken[position] = wrong
            position = data.find(_GZIP_MAGIC, position + 1)
            if position < 0:
                break
    return scan


def _scan(name: str, path: Path, known: dict[str, WarcScan | None] | None) -> WarcScan:
    """:func:`scan_warc` of ``path``, or the scan in ``known`` (by ``name``) when the file has not changed since.

    Unchanged means the same size, modification time and inode: a file appended
    to, trimmed or replaced is read again.
    """
    scan = (known or {}).get(name)
    if scan is not None and scan.stamp is not None:
        try:
            if _stamp(path.stat()) == scan.stamp:
                return scan
        except OSError:
            pass
    return scan_warc(path)


def _decoded(body: bytes, headers: list[tuple[str, str]]) -> bytes | None:
    """The body with its Content-Encoding undone, as Scrapy hands it to the spider; None if it cannot be."""
    codings = [c.strip().lower() for name, value in headers if name.lower() == "content-encoding"
               for c in value.split(",") if c.strip()]
    for coding in reversed(codings):
        try:
            if coding in ("gzip", "x-gzip"):
                body = zlib.decompress(body, wbits=47)
            elif coding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, wbits=-15)
            elif coding == "br":
                import brotli

                body = brotli.decompress(body)
            elif coding != "identity":
                return None
        except Exception:  # noqa: BLE001 - undecodable: the digest cannot match, reported as such
            return None
    return body


def _payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()


def _versions(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    cursor = conn.execute("select id, document_id, version, url, warc_file, warc_offset, warc_record_id, raw_sha256 "
                          "from document_versions order by id")
    names = [c[0] for c in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def _check_version(version: dict[str, Any], archive: Path, scans: dict[str, WarcScan | None],
                   known: dict[str, WarcScan | None] | None = None) -> str | None:
    """What is wrong with one version's archived record; None when it is intact."""
    from lfrwatch.crawl.archive import read_record

    name, offset = version["warc_file"], version["warc_offset"]
    if not name or offset is None:
        return "no WARC record (the version does not say where its bytes are)"
    if name not in scans:
        path = archive / name
        scans[name] = _scan(name, path, known) if path.is_file() else None
    scan = scans[name]
    where = f"{name} offset {offset}"
    if scan is None:
        return f"{where}: the WARC file is missing"
    if offset >= scan.size:
        return f"{where}: past the end of the file ({scan.size} bytes; cut short?)"
    if offset in scan.broken:
        return f"{where}: the record there is {scan.broken[offset]}"
    if offset not in scan.starts:
        return f"{where}: no record starts there"
    try:
        record = read_record(archive, name, offset)
    except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
        return f"{where}: the record cannot be read ({type(exc).__name__}: {exc})"
    if version["warc_record_id"] and record["record_id"] != version["warc_record_id"]:
        return f"{where}: another record is there ({record['record_id']}, not {version['warc_record_id']})"
    stated = record["payload_digest"]
    if stated and stated != _payload_digest(record["body"]):
        return f"{where}: the record's body does not match its WARC-Payload-Digest ({stated})"
    if version["raw_sha256"]:
        digests = {hashlib.sha256(record["body"]).hexdigest()}
        decoded = _decoded(record["body"], record["headers"])
        if decoded is not None:
            digests.add(hashlib.sha256(decoded).hexdigest())
        if version["raw_sha256"] not in digests:
            return f"{where}: the body's sha256 is not the {version['raw_sha256'][:12]}… the version stored"
    return None


def _check_database(report: VerifyReport, db: Path) -> sqlite3.Connection | None:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.problems.append(Problem(str(db), f"cannot be opened: {exc}"))
        return None
    try:
        complaints = _integrity(conn)
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself stops
        report.problems.append(Problem(str(db), f"integrity_check cannot finish: {exc}"))
        return conn
    _report_integrity(report, str(db), complaints)
    report.database_ok = not complaints
    return conn


def _check_versions(report: VerifyReport, conn: sqlite3.Connection, archive: Path,
                    scans: dict[str, WarcScan | None], known: dict[str, WarcScan | None] | None) -> None:
    try:
        for version in _versions(conn):
            report.versions += 1
            wrong = _check_version(version, archive, scans, known)
            if wrong is None:
                report.records_ok += 1
            else:
                report.problems.append(Problem(
                    f"document {version['document_id']} version {version['version']} ({version['url']})", wrong,
                    version_id=version["id"]))
    except sqlite3.DatabaseError as exc:
        report.problems.append(Problem(report.db, f"cannot read every document version: {exc}"))


def _check_warc_files(report: VerifyReport, archive: Path, scans: dict[str, WarcScan | None],
                      known: dict[str, WarcScan | None] | None) -> None:
    paths = sorted(archive.glob("*.warc.gz")) if archive.is_dir() else []
    report.warc_files = len(paths)
    for path in paths:
        scan = scans[path.name] = _scan(path.name, path, known)
        for offset, wrong in sorted(scan.broken.items()):
            what = (f"breaks off at the end of the file ({scan.size} bytes)" if wrong == "cut short"
                    else "cannot be read")
            report.problems.append(Problem(str(path), f"{wrong} at offset {offset}: the record starting there {what}"))


def _check_cache_files(report: VerifyReport, folder: Path) -> None:
    paths = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
    report.cache_files = len(paths)
    for path in paths:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                complaints = _integrity(conn)
                report.cache_entries += conn.execute("select count(*) from entries").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            report.problems.append(Problem(str(path), f"HTTP cache file unreadable: {exc} (the next crawl sets it "
                                                      "aside and starts an empty cache)"))
            continue
        _report_integrity(report, str(path), complaints)


def verify(db_path: str, *, known_scans: dict[str, WarcScan | None] | None = None) -> VerifyReport:
    """Check the database, the WARC archive and the HTTP cache beside it; see the module's docstring.

    ``known_scans`` are an earlier verify's :attr:`VerifyReport.scans` of the
    same archive: a WARC file unchanged since is not read again.
    """
    db = Path(db_path).resolve()
    report = VerifyReport(db=str(db))
    archive = config.archive_dir(str(db))
    scans = report.scans
    conn = _check_database(report, db)
    _check_warc_files(report, archive, scans, known_scans)
    if conn is not None:
        try:
            _check_versions(report, conn, archive, scans, known_scans)
        finally:
            conn.close()
    _check_cache_files(report, config.httpcache_dir(str(db)))
    return report


# ----------------------------------------------------------------------------
# Repair: fetch again what lost its bytes


@dataclass
class Repair:
    """What ``--refetch`` did about one lost document version (or one WARC file cut short)."""

    where: str
    repaired: bool
    how: str

    def line(self) -> str:
        return f"{'repaired' if self.repaired else 'not repaired'}: {self.where}: {self.how}"


@dataclass
class RefetchOutcome:
    """What ``--refetch`` did, one :class:`Repair` per lost version and cut WARC file, and the verify after it."""

    repairs: list[Repair] = field(default_factory=list)
    after: VerifyReport | None = None

    @property
    def repaired(self) -> list[Repair]:
        return [r for r in self.repairs if r.repaired]

    @property
    def not_repaired(self) -> list[Repair]:
        return [r for r in self.repairs if not r.repaired]


_LOST_VERSIONS = (
    "select v.id, v.document_id, v.version, v.url, v.sha256, d.source, d.url, d.canonical_url, "
    "d.current_version_id = v.id from document_versions v join documents d on d.id = v.document_id where v.id = ?")


def _lost_versions(conn: sqlite3.Connection, report: VerifyReport) -> list[dict[str, Any]]:
    names = ["id", "document_id", "version", "url", "sha256", "source", "document_url", "canonical_url", "current"]
    lost = []
    for problem in report.problems:
        if problem.version_id is None:
            continue
        row = conn.execute(_LOST_VERSIONS, [problem.version_id]).fetchone()
        if row is not None:
            lost.append(dict(zip(names, row), where=problem.where))
    return lost


def point_version_at_record(conn: sqlite3.Connection, version_id: int, record: dict[str, Any]) -> None:
    """Point a document version (and its document, when it is the current one) at a new WARC record of its page.

    ``record`` has ``warc_file``, ``warc_offset``, ``warc_record_id`` and the
    ``raw_sha256`` of the bytes read. Only for a page whose text is the version's.
    """
    values = [record["warc_file"], record["warc_offset"], record["warc_record_id"], record["raw_sha256"]]
    with conn:
        conn.execute("update document_versions set warc_file = ?, warc_offset = ?, warc_record_id = ?, "
                     "raw_sha256 = ? where id = ?", [*values, version_id])
        conn.execute("update documents set warc_file = ?, warc_offset = ?, warc_record_id = ?, raw_sha256 = ? "
                     "where current_version_id = ?", [*values, version_id])


def _refetched_by_url(sources: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for source in sources:
        for page in source.get("refetched", []):
            for key in ("requested_url", "url", "canonical_url"):
                if page.get(key):
                    found.setdefault(page[key], page)
    return found


def _errors_by_url(result) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in result.errors:
        errors.setdefault(error["url"], error["error"])
    return errors


def _trim_cut_files(conn: sqlite3.Connection, archive: Path, scans: dict[str, WarcScan | None]) -> list[Repair]:
    """Cut a WARC file cut short back to the end of its last whole record, when no version points past that.

    ``scans`` are the files' scans so far, reused while a file is unchanged (a trimmed file is not: its size
    changed); a file read here adds its scan.
    """
    repairs = []
    for path in sorted(archive.glob("*.warc.gz")) if archive.is_dir() else []:
        scan = scans[path.name] = _scan(path.name, path, scans)
        cut = [offset for offset, wrong in scan.broken.items() if wrong == "cut short"]
        if not cut:
            continue
        end = max(cut)
        if any(start > end for start in scan.starts):  # not the file's tail after all
            continue
        pointing = conn.execute("select count(*) from document_versions where warc_file = ? and warc_offset >= ?",
                                [path.name, end]).fetchone()[0]
        if pointing:
            repairs.append(Repair(str(path), False, f"left cut short: {pointing} document version(s) still point "
                                                    f"at offset {end} or past it"))
            continue
        with open(path, "r+b") as fh:
            fh.truncate(end)
        repairs.append(Repair(str(path), True, f"trimmed from {scan.size} to {end} bytes, the end of its last whole "
                                               "record (no document version points at the unreadable tail)"))
    return repairs


def _repair(conn: sqlite3.Connection, version: dict[str, Any], refetched: dict[str, dict[str, Any]],
            errors: dict[str, str], crawl_failure: str | None) -> Repair:
    """What fetching a lost current version's page again did for it (re-pointed at the new record if the same text)."""
    from lfrwatch.crawl.article import canonicalize_url

    keys = [version["url"], canonicalize_url(version["url"]), version["document_url"], version["canonical_url"]]
    page = next((refetched[k] for k in keys if k in refetched), None)
    if page is None or not page.get("warc_record_id"):
        error = next((errors[k] for k in keys if k in errors), None)
        why = crawl_failure or (f"could not be fetched again: {error}" if error else
                                "the page was not read (not about facial recognition any more?)")
        return Repair(version["where"], False, why)
    if page["text_sha256"] == version["sha256"]:
        point_version_at_record(conn, version["id"], page)
        where = f"{page['warc_file']} offset {page['warc_offset']}"
        return Repair(version["where"], True, f"fetched again, the same text: now at {where}")
    current = conn.execute("select current_version_id from documents where id = ?", [version["document_id"]]
                           ).fetchone()[0]
    if current != version["id"]:
        new = conn.execute("select version from document_versions where id = ?", [current]).fetchone()[0]
        return Repair(version["where"], False, f"the page's text has changed: stored as version {new}; "
                                               "this version's bytes stay lost")
    return Repair(version["where"], False, "fetched again, but its text was not stored")


def refetch_lost(db_path: str, report: VerifyReport | None = None, *, settings: dict[str, Any] | None = None,
                 log_level: str = "ERROR", timeout: float | None = None) -> RefetchOutcome:
    """Fetch again every document whose current version lost its archived bytes, then verify again.

    ``report`` is a :func:`verify` report of ``db_path`` (made when not given);
    its WARC file scans are reused for the files that have not changed since.
    ``settings`` are Scrapy settings for the crawl (as ``lfrwatch crawl -s``).
    """
    from lfrwatch.crawl.process import CrawlError, run_crawl

    db = str(Path(db_path).resolve())
    report = report or verify(db)
    scans = dict(report.scans) if report.db == db else {}
    outcome = RefetchOutcome()
    conn = sqlite3.connect(db)
    try:
        lost = _lost_versions(conn, report)
        current = [v for v in lost if v["current"]]
        for version in lost:
            if not version["current"]:
                outcome.repairs.append(Repair(version["where"], False, "an earlier version: the page no longer says "
                                                                       "this, so it cannot be fetched again"))
        pages = list({v["url"]: {"url": v["url"], "source": v["source"]} for v in current}.values())
        sources: list[dict[str, Any]] = []
        errors: dict[str, str] = {}
        crawl_failure = None
        if pages:
            try:
                result = run_crawl(db, refetch=pages, settings=settings, log_level=log_level, timeout=timeout)
                sources, errors = result.sources, _errors_by_url(result)
            except CrawlError as exc:
                crawl_failure = f"the crawl failed: {exc}"
        refetched = _refetched_by_url(sources)
        for version in current:
            outcome.repairs.append(_repair(conn, version, refetched, errors, crawl_failure))
        outcome.repairs += _trim_cut_files(conn, config.archive_dir(db), scans)
    finally:
        conn.close()
    outcome.after = verify(db, known_scans=scans)
    return outcome
