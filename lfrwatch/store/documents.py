"""Sources and documents: what the crawl hands the store.

``upsert_source`` and ``record_source_run`` keep the ``sources`` table;
``store_document`` keeps one row per article (by canonical URL) and a new row
in ``document_versions`` whenever its text changes, so a changed page never
overwrites what was said before. ``known_document`` and ``touch_document`` let
a spider ask for a page conditionally and note that it was unchanged.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from lfrwatch.store.database import _store_error
from lfrwatch.store.stamps import sha256_text, utcnow

# ----------------------------------------------------------------------------
# Sources


def upsert_source(db: sqlite_utils.Database, *, name: str, kind: str, publisher: str | None, base_url: str | None,
                  enabled: bool = True) -> None:
    existing = db["sources"].get(name) if db["sources"].count_where("name = ?", [name]) else None
    row = {"name": name, "kind": kind, "publisher": publisher, "base_url": base_url}
    if existing is None:
        row["enabled"] = int(enabled)
    db["sources"].upsert(row, pk="name")


def record_source_run(db: sqlite_utils.Database, name: str, *, found: int, stored: int, errors: int) -> None:
    with db.atomic():
        db["sources"].upsert(
            {
                "name": name,
                "last_run_at": utcnow(),
                "last_status": "ok" if errors == 0 else "errors",
                "documents_found": found,
                "documents_stored": stored,
                "errors": errors,
            },
            pk="name",
        )


# ----------------------------------------------------------------------------
# Documents


@dataclass
class StoreResult:
    """What storing one fetched page did."""

    status: str  # "new", "changed", "unchanged"
    document_id: int
    version_id: int


#: What a fetch sets on the document row (the version row takes them too, but not last_checked_at and the validators).
_DOCUMENT_FETCH_FIELDS = ("title", "published", "updated", "author", "text", "sha256", "fetched_at", "warc_file",
                          "warc_record_id", "warc_offset", "raw_sha256", "last_checked_at", "etag", "last_modified",
                          "archive_url", "captured_at")
_VERSION_FIELDS = ("document_id", "version", "sha256", "title", "published", "updated", "author", "text",
                   "fetched_at", "url", "http_status", "raw_sha256", "warc_file", "warc_record_id", "warc_offset",
                   "archive_url", "captured_at")
#: A capture's place in a web archive (migration 032_archive_provenance).
_ARCHIVE_FIELDS = ("archive_url", "captured_at")


@dataclass(frozen=True)
class _Writes:
    """The statements that store a fetch, for the columns a file has."""

    document_fields: tuple[str, ...]
    version_fields: tuple[str, ...]

    @functools.cached_property
    def insert_document(self) -> str:
        return ("insert into documents (url, canonical_url, source, kind, publisher, first_seen_at, "
                + ", ".join(self.document_fields) + ") values ("
                + ", ".join("?" * (6 + len(self.document_fields))) + ")")

    @functools.cached_property
    def update_document(self) -> str:
        return ("update documents set " + ", ".join(f"{name} = ?" for name in self.document_fields)
                + ", current_version_id = ? where id = ?")

    @functools.cached_property
    def insert_version(self) -> str:
        return ("insert into document_versions (" + ", ".join(self.version_fields) + ") values ("
                + ", ".join("?" * len(self.version_fields)) + ")")


_WRITES = _Writes(_DOCUMENT_FETCH_FIELDS, _VERSION_FIELDS)
#: For a file whose schema is older than the archive columns (one opened with fewer migrations, as tests of
#: upgrades make): everything else is stored as before.
_WRITES_BEFORE_ARCHIVE = _Writes(tuple(f for f in _DOCUMENT_FETCH_FIELDS if f not in _ARCHIVE_FIELDS),
                                 tuple(f for f in _VERSION_FIELDS if f not in _ARCHIVE_FIELDS))


def _writes(db: sqlite_utils.Database) -> _Writes:
    """The statements for ``db``'s schema, looked up once per connection."""
    found = getattr(db, "_lfrwatch_writes", None)
    if found is None:
        columns = {row[1] for row in db.execute("pragma table_info(documents)")}
        found = _WRITES if set(_ARCHIVE_FIELDS) <= columns else _WRITES_BEFORE_ARCHIVE
        db._lfrwatch_writes = found
    return found


def store_document(db: sqlite_utils.Database, article: dict[str, Any]) -> StoreResult:
    """Store one fetched article: new document, new version, or nothing new.

    ``article`` needs ``url``, ``canonical_url``, ``text``; may have ``title``,
    ``published``, ``updated``, ``author``, ``publisher``, ``kind``, ``source``,
    ``fetched_at``, ``http_status``, ``raw_sha256``, ``warc_file``,
    ``warc_record_id``, ``etag``, ``last_modified``; and, for a capture
    fetched from a web archive, ``archive_url`` and ``captured_at``.

    One document is one transaction (a savepoint inside a caller's): a crash
    never leaves a document without its version. Plain SQL on the fixed
    columns: this runs once per page of a crawl.
    """
    text = article["text"]
    digest = sha256_text(text)
    now = utcnow()
    fetched_at = article.get("fetched_at") or now
    get = article.get
    writes = _writes(db)
    try:
        with db.atomic():
            row = db.execute(
                "select id, sha256, current_version_id from documents where canonical_url = ? or url = ? "
                "order by canonical_url = ? desc limit 1",
                [article["canonical_url"], article["url"], article["canonical_url"]],
            ).fetchone()
            if row and row[1] == digest:
                db.execute("update documents set last_checked_at = ?, etag = ?, last_modified = ? where id = ?",
                           [now, get("etag"), get("last_modified"), row[0]])
                return StoreResult("unchanged", row[0], row[2])
            fetch = {"title": get("title"), "published": get("published"), "updated": get("updated"),
                     "author": get("author"), "text": text, "sha256": digest, "fetched_at": fetched_at,
                     "warc_file": get("warc_file"), "warc_record_id": get("warc_record_id"),
                     "warc_offset": get("warc_offset"), "raw_sha256": get("raw_sha256"), "last_checked_at": now,
                     "etag": get("etag"), "last_modified": get("last_modified"),
                     "archive_url": get("archive_url"), "captured_at": get("captured_at")}
            if row is None:
                document_id = db.execute(writes.insert_document, [
                    article["url"], article["canonical_url"], get("source"), get("kind"), get("publisher"), now,
                    *(fetch[name] for name in writes.document_fields)]).lastrowid
                version = 1
                status = "new"
            else:
                document_id = row[0]
                version = db.execute(
                    "select coalesce(max(version), 0) + 1 from document_versions where document_id = ?", [document_id]
                ).fetchone()[0]
                status = "changed"
            version_row = {**fetch, "document_id": document_id, "version": version, "url": article["url"],
                           "http_status": get("http_status")}
            version_id = db.execute(writes.insert_version,
                                    [version_row[name] for name in writes.version_fields]).lastrowid
            if status == "new":
                db.execute("update documents set current_version_id = ? where id = ?", [version_id, document_id])
            else:
                db.execute(writes.update_document,
                           [*(fetch[name] for name in writes.document_fields), version_id, document_id])
            return StoreResult(status, document_id, version_id)
    except sqlite3.DatabaseError as exc:
        raise _store_error(exc, db.conn.execute("pragma database_list").fetchone()[2]) from exc


def known_document(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The stored document for a URL (original or canonical), with its HTTP validators."""
    row = db.execute(
        "select id, url, canonical_url, sha256, etag, last_modified, raw_sha256 from documents "
        "where url = ? or canonical_url = ? limit 1",
        [url, url],
    ).fetchone()
    if not row:
        return None
    keys = ["id", "url", "canonical_url", "sha256", "etag", "last_modified", "raw_sha256"]
    return dict(zip(keys, row))


def touch_document(db: sqlite_utils.Database, document_id: int) -> None:
    """Record that a page was checked and found unchanged (a 304 or the same bytes)."""
    with db.atomic():
        db.execute("update documents set last_checked_at = ? where id = ?", [utcnow(), document_id])
