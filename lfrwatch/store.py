"""The SQLite store: the one module that owns lfrwatch's schema.

Tables (see ``describe_schema()`` for every column):

- ``sources``: the sources lfrwatch knows, with their last run.
- ``documents``: one row per article (keyed by canonical URL) holding its
  current version; ``document_versions`` keeps every text a page has had, so a
  changed page never overwrites what was said before.
- ``claims``: figures and quotes extracted from one document version.
- ``people``, ``places``, ``document_places``: who and where, per document.
- ``_migrations``: the named schema migrations applied to this file, so an old
  database upgrades itself when a newer lfrwatch opens it.

Writes of one document (its row, its version) or of one version's analysis
(claims, people, places) each happen in a single transaction: a crash leaves
the previous state, never half of a document.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

# ----------------------------------------------------------------------------
# Errors


class StoreError(RuntimeError):
    """A database problem worth one clear line to the user."""


class DatabaseLockedError(StoreError):
    pass


# ----------------------------------------------------------------------------
# Helpers


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: Any, length: int = 16) -> str:
    """An id derived from the data itself, so it is the same on every run."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


# ----------------------------------------------------------------------------
# Schema and migrations

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "sources": {
        "name": "Source slug: the spider's name (e.g. met_news), or 'feed' for ad-hoc feeds",
        "kind": "police, government, parliament, campaign, press or feed",
        "publisher": "Who publishes the source",
        "base_url": "The site's base URL the spider starts from",
        "enabled": "1 when `lfrwatch crawl` with no arguments crawls it",
        "last_run_at": "When a crawl of this source last finished (UTC, ISO 8601)",
        "last_status": "ok, or errors when the last run reported errors",
        "documents_found": "Documents the last run found relevant",
        "documents_stored": "New documents or versions the last run stored",
        "errors": "Errors in the last run",
    },
    "documents": {
        "id": "Row id",
        "url": "The URL the document was first fetched from",
        "canonical_url": "The URL with tracking parameters stripped and rel=canonical honoured; one row per canonical URL",
        "source": "The source (spider) that found it",
        "kind": "police, government, parliament, campaign, press or other",
        "publisher": "The publishing organisation",
        "title": "Title of the current version",
        "published": "Publication date-time, ISO 8601 with the page's timezone where known",
        "updated": "Last update date-time the page states, ISO 8601",
        "author": "Byline",
        "text": "Article text of the current version, boilerplate removed",
        "sha256": "SHA-256 of the current version's text",
        "fetched_at": "When the current version was fetched (UTC)",
        "first_seen_at": "When lfrwatch first stored this document (UTC)",
        "last_checked_at": "When lfrwatch last fetched the page, changed or not (UTC)",
        "current_version_id": "document_versions.id of the current text",
        "analysed_version_id": "document_versions.id whose claims are stored; differs from current_version_id until `lfrwatch extract` runs",
        "warc_file": "Archive file (under the archive folder) holding the raw response of the current version",
        "warc_record_id": "WARC-Record-ID of that response",
        "warc_offset": "Byte offset of that record in the archive file",
        "raw_sha256": "SHA-256 of the response body as parsed (after content decoding)",
        "etag": "HTTP ETag of the last response",
        "last_modified": "HTTP Last-Modified of the last response",
    },
    "document_versions": {
        "id": "Row id",
        "document_id": "documents.id",
        "version": "1 for the first text seen, then 2, 3... when the page's text changed",
        "sha256": "SHA-256 of this version's text",
        "title": "Title of this version",
        "published": "Publication date-time stated by this version",
        "updated": "Update date-time stated by this version",
        "author": "Byline of this version",
        "text": "This version's article text",
        "fetched_at": "When this version was fetched (UTC)",
        "url": "The URL this version was fetched from",
        "http_status": "HTTP status of the response",
        "raw_sha256": "SHA-256 of the response body as parsed (after content decoding)",
        "warc_file": "Archive file holding the raw response",
        "warc_record_id": "WARC-Record-ID of the response record",
        "warc_offset": "Byte offset of that record in the archive file",
    },
    "claims": {
        "id": "Stable id: the same claim of the same document version has the same id on every run",
        "document_id": "documents.id",
        "version_id": "document_versions.id the claim was extracted from",
        "kind": "figure or quote",
        "metric": "For figures: arrests, charges_or_cautions, deployments, faces_scanned, alerts, false_alerts, watchlist_size, officers, staff, money, other",
        "value": "For figures: the normalised number",
        "unit": "For figures: unit of the value (GBP for money), else null",
        "qualifier": "Words qualifying the figure as written: more than, up to, over, almost...",
        "period": "The period the figure covers as written: to date, last year, per week...",
        "period_start": "Start of the period resolved against the publication date (ISO date)",
        "period_end": "End of the period resolved against the publication date (ISO date)",
        "as_of": "Date a cumulative figure holds at (ISO date)",
        "text": "The figure's phrase, or the quotation without its marks",
        "start": "Character offset of the text in the document version",
        "end": "Character offset just after the text",
        "speaker": "For quotes: the speaker's full name, or the unnamed description as written; for figures inside a quote, its speaker",
        "role": "Speaker's role",
        "org": "Speaker's organisation",
        "claimant": "Who makes the claim: the speaker, the organisation, or the publisher of its own press release",
        "person_id": "people.id of the speaker when named",
        "claimed_on": "Date the claim was made (the document's publication date)",
        "created_at": "When the claim was stored (UTC)",
    },
    "people": {
        "id": "Stable id from document and name",
        "document_id": "documents.id",
        "version_id": "document_versions.id",
        "name": "Full name without honorific",
        "honorific": "Honorific or rank as written: Sir, Dr, DCI...",
        "role": "Role from appositions and titles",
        "org": "Organisation, normalised",
    },
    "places": {
        "id": "Stable id from the place's name",
        "name": "Place name from the gazetteer",
        "kind": "borough, district, city, town, force_area...",
        "lat": "Latitude (WGS84)",
        "lon": "Longitude (WGS84)",
    },
    "document_places": {
        "document_id": "documents.id",
        "version_id": "document_versions.id",
        "place_id": "places.id",
        "name": "The place's name as first written in the document",
        "start": "Character offset of the first mention",
        "end": "Character offset after the first mention",
    },
    "_migrations": {
        "name": "Migration name",
        "applied_at": "When it was applied (UTC)",
    },
}


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "kind": str,
            "publisher": str,
            "base_url": str,
            "enabled": int,
            "last_run_at": str,
            "last_status": str,
            "documents_found": int,
            "documents_stored": int,
            "errors": int,
        },
        pk="name",
    )
    db["documents"].create(
        {
            "id": int,
            "url": str,
            "canonical_url": str,
            "source": str,
            "kind": str,
            "publisher": str,
            "title": str,
            "published": str,
            "updated": str,
            "author": str,
            "text": str,
            "sha256": str,
            "fetched_at": str,
            "first_seen_at": str,
            "last_checked_at": str,
            "current_version_id": int,
            "analysed_version_id": int,
            "warc_file": str,
            "warc_record_id": str,
            "warc_offset": int,
            "raw_sha256": str,
            "etag": str,
            "last_modified": str,
        },
        pk="id",
        not_null={"url", "canonical_url"},
    )
    db["documents"].create_index(["canonical_url"], unique=True)
    db["documents"].create_index(["url"])
    db["documents"].create_index(["published"])
    db["document_versions"].create(
        {
            "id": int,
            "document_id": int,
            "version": int,
            "sha256": str,
            "title": str,
            "published": str,
            "updated": str,
            "author": str,
            "text": str,
            "fetched_at": str,
            "url": str,
            "http_status": int,
            "raw_sha256": str,
            "warc_file": str,
            "warc_record_id": str,
            "warc_offset": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["document_versions"].create_index(["document_id", "version"], unique=True)
    db["people"].create(
        {"id": str, "document_id": int, "version_id": int, "name": str, "honorific": str, "role": str, "org": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("version_id", "document_versions", "id")],
    )
    db["people"].create_index(["name"])
    db["claims"].create(
        {
            "id": str,
            "document_id": int,
            "version_id": int,
            "kind": str,
            "metric": str,
            "value": float,
            "unit": str,
            "qualifier": str,
            "period": str,
            "period_start": str,
            "period_end": str,
            "as_of": str,
            "text": str,
            "start": int,
            "end": int,
            "speaker": str,
            "role": str,
            "org": str,
            "claimant": str,
            "person_id": str,
            "claimed_on": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("version_id", "document_versions", "id"),
            ("person_id", "people", "id"),
        ],
    )
    db["claims"].create_index(["metric", "claimed_on"])
    db["claims"].create_index(["version_id"])
    db["claims"].create_index(["document_id"])
    db["places"].create({"id": str, "name": str, "kind": str, "lat": float, "lon": float}, pk="id")
    db["document_places"].create(
        {"document_id": int, "version_id": int, "place_id": str, "name": str, "start": int, "end": int},
        pk=("version_id", "place_id"),
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("version_id", "document_versions", "id"),
            ("place_id", "places", "id"),
        ],
    )


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
]


# ----------------------------------------------------------------------------
# Opening


def open_db(path: str | Path, *, create: bool = True, timeout: float | None = None) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the database at ``path``.

    WAL mode lets researchers read while a crawl writes; ``timeout`` is how long
    a writer waits for another before :class:`DatabaseLockedError` (default 10 s,
    or ``$LFRWATCH_DB_TIMEOUT``).
    """
    if timeout is None:
        timeout = float(os.environ.get("LFRWATCH_DB_TIMEOUT", "10"))
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"no database at {path} (run `lfrwatch crawl` or `lfrwatch demo` first)")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=timeout)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise _store_error(exc, path) from exc
    return db


def _store_error(exc: sqlite3.DatabaseError, path: Path | str) -> StoreError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(f"database {path} is locked by another lfrwatch run: {message}")
    return StoreError(f"database {path}: {message}")


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not had yet; returns their names."""
    if not db["_migrations"].exists():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": utcnow()})
        applied.append(name)
    return applied


def describe_schema(db: sqlite_utils.Database) -> list[dict[str, str]]:
    """Every table and column of the real schema with its description."""
    rows = []
    for table in db.table_names():
        if table.startswith("sqlite_") or "_fts" in table:
            continue
        docs = COLUMN_DOCS.get(table, {})
        for column in db[table].columns:
            rows.append(
                {"table": table, "column": column.name, "type": column.type, "description": docs.get(column.name, "")}
            )
    return rows


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


def store_document(db: sqlite_utils.Database, article: dict[str, Any]) -> StoreResult:
    """Store one fetched article: new document, new version, or nothing new.

    ``article`` needs ``url``, ``canonical_url``, ``text``; may have ``title``,
    ``published``, ``updated``, ``author``, ``publisher``, ``kind``, ``source``,
    ``fetched_at``, ``http_status``, ``raw_sha256``, ``warc_file``,
    ``warc_record_id``, ``etag``, ``last_modified``.
    """
    text = article["text"]
    digest = sha256_text(text)
    now = utcnow()
    fetched_at = article.get("fetched_at") or now
    try:
        with db.atomic():
            row = db.execute(
                "select id, sha256, current_version_id from documents where canonical_url = ? or url = ? "
                "order by canonical_url = ? desc limit 1",
                [article["canonical_url"], article["url"], article["canonical_url"]],
            ).fetchone()
            if row and row[1] == digest:
                db["documents"].update(
                    row[0],
                    {"last_checked_at": now, "etag": article.get("etag"), "last_modified": article.get("last_modified")},
                )
                return StoreResult("unchanged", row[0], row[2])
            version_row = {
                "sha256": digest,
                "title": article.get("title"),
                "published": article.get("published"),
                "updated": article.get("updated"),
                "author": article.get("author"),
                "text": text,
                "fetched_at": fetched_at,
                "url": article["url"],
                "http_status": article.get("http_status"),
                "raw_sha256": article.get("raw_sha256"),
                "warc_file": article.get("warc_file"),
                "warc_record_id": article.get("warc_record_id"),
                "warc_offset": article.get("warc_offset"),
            }
            doc_fields = {
                "title": article.get("title"),
                "published": article.get("published"),
                "updated": article.get("updated"),
                "author": article.get("author"),
                "text": text,
                "sha256": digest,
                "fetched_at": fetched_at,
                "last_checked_at": now,
                "warc_file": article.get("warc_file"),
                "warc_record_id": article.get("warc_record_id"),
                "warc_offset": article.get("warc_offset"),
                "raw_sha256": article.get("raw_sha256"),
                "etag": article.get("etag"),
                "last_modified": article.get("last_modified"),
            }
            if row is None:
                document_id = db["documents"].insert(
                    {
                        "url": article["url"],
                        "canonical_url": article["canonical_url"],
                        "source": article.get("source"),
                        "kind": article.get("kind"),
                        "publisher": article.get("publisher"),
                        "first_seen_at": now,
                        **doc_fields,
                    }
                ).last_pk
                version = 1
                status = "new"
            else:
                document_id = row[0]
                version = db.execute(
                    "select coalesce(max(version), 0) + 1 from document_versions where document_id = ?", [document_id]
                ).fetchone()[0]
                status = "changed"
            version_id = db["document_versions"].insert(
                {"document_id": document_id, "version": version, **version_row}
            ).last_pk
            db["documents"].update(document_id, {**doc_fields, "current_version_id": version_id})
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
        db["documents"].update(document_id, {"last_checked_at": utcnow()})


# ----------------------------------------------------------------------------
# Analysis results


def documents_to_analyse(db: sqlite_utils.Database, *, everything: bool = False) -> Iterator[dict[str, Any]]:
    """Current versions not analysed yet (all current versions with ``everything``)."""
    where = "" if everything else "where d.analysed_version_id is null or d.analysed_version_id != d.current_version_id"
    sql = f"""
        select d.id as document_id, d.current_version_id as version_id, v.text, d.published, d.publisher,
               d.kind, d.canonical_url, v.sha256
        from documents d join document_versions v on v.id = d.current_version_id
        {where}
        order by d.id
    """
    yield from db.query(sql)


def _date_part(value: str | None) -> str | None:
    return value[:10] if value else None


def store_analysis(db: sqlite_utils.Database, job: dict[str, Any], result: dict[str, Any]) -> int:
    """Replace one document version's claims, people and places in one transaction.

    ``job`` is a row from :func:`documents_to_analyse`; ``result`` is the NLP's
    output for its text. Returns the number of claims stored.
    """
    document_id, version_id = job["document_id"], job["version_id"]
    claimed_on = _date_part(job.get("published"))
    now = utcnow()
    version_key = job["sha256"]
    people_rows = {}
    for person in result.get("people", []):
        pid = stable_id(version_key, "person", person["name"])
        people_rows[person["name"]] = {
            "id": pid,
            "document_id": document_id,
            "version_id": version_id,
            "name": person["name"],
            "honorific": person.get("honorific"),
            "role": person.get("role"),
            "org": person.get("org"),
        }

    def person_id(name: str | None) -> str | None:
        return people_rows[name]["id"] if name in people_rows else None

    claim_rows = []
    for fig in result.get("figures", []):
        claim_rows.append(
            {
                "id": stable_id(version_key, "figure", fig["start"], fig["end"], fig["metric"], fig["value"]),
                "kind": "figure",
                "metric": fig["metric"],
                "value": fig["value"],
                "unit": fig.get("unit"),
                "qualifier": fig.get("qualifier"),
                "period": fig.get("period"),
                "period_start": fig.get("period_start"),
                "period_end": fig.get("period_end"),
                "as_of": fig.get("as_of"),
                "text": fig["text"],
                "start": fig["start"],
                "end": fig["end"],
                "speaker": fig.get("speaker"),
                "role": fig.get("role"),
                "org": fig.get("org"),
                "claimant": fig.get("claimant"),
                "person_id": person_id(fig.get("speaker") or fig.get("claimant")),
            }
        )
    for quote in result.get("quotes", []):
        claim_rows.append(
            {
                "id": stable_id(version_key, "quote", quote["start"], quote["end"]),
                "kind": "quote",
                "text": quote["text"],
                "start": quote["start"],
                "end": quote["end"],
                "speaker": quote.get("speaker"),
                "role": quote.get("role"),
                "org": quote.get("org"),
                "claimant": quote.get("speaker"),
                "person_id": person_id(quote.get("speaker")),
            }
        )
    for row in claim_rows:
        row.update({"document_id": document_id, "version_id": version_id, "claimed_on": claimed_on, "created_at": now})

    with db.atomic():
        db.execute("delete from claims where version_id = ?", [version_id])
        db.execute("delete from document_places where version_id = ?", [version_id])
        db.execute("delete from people where version_id = ?", [version_id])
        if people_rows:
            db["people"].insert_all(people_rows.values(), pk="id", replace=True)
        if claim_rows:
            db["claims"].insert_all(claim_rows, pk="id", replace=True, alter=False)
        for place in result.get("places", []):
            place_id = stable_id("place", place["name"].lower(), length=12)
            db["places"].insert(
                {"id": place_id, "name": place["name"], "kind": place.get("kind"), "lat": place.get("lat"),
                 "lon": place.get("lon")},
                pk="id",
                ignore=True,
            )
            db["document_places"].insert(
                {"document_id": document_id, "version_id": version_id, "place_id": place_id, "name": place["name"],
                 "start": place.get("start"), "end": place.get("end")},
                pk=("version_id", "place_id"),
                ignore=True,
            )
        db["documents"].update(document_id, {"analysed_version_id": version_id})
    return len(claim_rows)


# ----------------------------------------------------------------------------
# Queries

DOCUMENT_FIELDS = (
    "id", "url", "canonical_url", "title", "published", "updated", "author", "publisher", "kind", "source",
    "fetched_at", "sha256", "current_version_id", "warc_file", "warc_record_id",
)

CLAIM_SELECT = """
    select c.id, c.kind, c.metric, c.value, c.unit, c.qualifier, c.period, c.period_start, c.period_end, c.as_of,
           c.text, c.speaker, c.role, c.org, c.claimant, c.claimed_on, c.start, c."end",
           d.canonical_url as document_url, d.title as document_title, d.published, d.publisher, d.kind as document_kind,
           c.document_id, c.version_id, v.version as document_version, v.fetched_at, v.warc_file, v.warc_record_id
    from claims c
    join documents d on d.id = c.document_id
    join document_versions v on v.id = c.version_id
"""


def list_documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    cols = ", ".join(DOCUMENT_FIELDS)
    return list(db.query(f"select {cols} from documents order by coalesce(published, fetched_at), id"))


def list_claims(db: sqlite_utils.Database, *, metric: str | None = None, kind: str | None = None,
                all_versions: bool = False, since: str | None = None) -> list[dict[str, Any]]:
    """Claims with their document; by default only those of each document's current version."""
    where, params = [], []
    if not all_versions:
        where.append("c.version_id = d.current_version_id")
    if metric:
        where.append("c.metric = ?")
        params.append(metric)
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    if since:
        where.append("coalesce(c.claimed_on, substr(d.published, 1, 10)) >= ?")
        params.append(since)
    sql = CLAIM_SELECT + (" where " + " and ".join(where) if where else "")
    sql += " order by coalesce(c.claimed_on, d.published, v.fetched_at), d.id, c.start"
    return list(db.query(sql, params))


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        "documents": db["documents"].count,
        "versions": db["document_versions"].count,
        "claims": db["claims"].count,
        "people": db["people"].count,
        "places": db["places"].count,
    }


def rows_to_json(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=1)
