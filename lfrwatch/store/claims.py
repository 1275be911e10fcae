"""Claims: the NLP's analyses of document versions in, the listings researchers read out.

``documents_to_analyse`` gives the current versions the NLP has not analysed
yet; ``store_analysis`` replaces one version's claims, people and places in a
single transaction. ``list_claims`` (each claim with its document and version,
``CLAIM_SELECT``), ``list_documents`` and ``counts`` are what the timeline, the
records check, the exports and the CLI read.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable, Iterator

import sqlite_utils

from lfrwatch.store.stamps import stable_id, utcnow

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


def analysis_jobs(db: sqlite_utils.Database, ids: list[int], *, chunk: int = 256) -> Iterator[dict[str, Any]]:
    """The current versions of documents ``ids``, in order: what the NLP reads (the text, and ``published``,
    ``publisher``, ``kind``, ``author``) and what :func:`store_analysis` needs.

    Read ``chunk`` documents at a time, each chunk materialised: the caller stores analyses on the same
    connection while it reads.
    """
    for offset in range(0, len(ids), chunk):
        part = ids[offset:offset + chunk]
        marks = ",".join("?" * len(part))
        yield from list(db.query(
            f"""select d.id as document_id, d.current_version_id as version_id, v.text, d.published,
                       d.publisher, d.kind, d.author, v.sha256
                from documents d join document_versions v on v.id = d.current_version_id
                where d.id in ({marks}) order by d.id""",
            part,
        ))


def document_ids_to_analyse(db: sqlite_utils.Database, *, everything: bool = False,
                            limit: int | None = None) -> list[int]:
    """The ids :func:`documents_to_analyse` would give, in the same order, without reading any text."""
    where = "current_version_id is not null"
    if not everything:
        where += " and (analysed_version_id is null or analysed_version_id != current_version_id)"
    sql = f"select id from documents where {where} order by id"
    if limit is not None:
        sql += f" limit {int(limit)}"
    return [row[0] for row in db.execute(sql)]


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
    # The text's hash plus the URL: two outlets printing the same wire text are
    # two documents whose claims must not overwrite each other.
    canonical_url = job.get("canonical_url") or db.execute(
        "select canonical_url from documents where id = ?", [document_id]).fetchone()[0]
    version_key = f"{job['sha256']}\x1f{canonical_url}"
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
                "claimed_on": fig.get("claimed_on"),
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
                "claimed_on": quote.get("claimed_on"),
            }
        )
    for row in claim_rows:
        # A statement's own date ("said on 3 March") when the NLP found one, else the publication date.
        row.update({"document_id": document_id, "version_id": version_id,
                    "claimed_on": _date_part(row.get("claimed_on")) or claimed_on, "created_at": now})

    place_rows, document_place_rows = [], []
    for place in result.get("places", []):
        place_id = stable_id("place", place["name"].lower(), length=12)
        place_rows.append((place_id, place["name"], place.get("kind"), place.get("lat"), place.get("lon")))
        document_place_rows.append((document_id, version_id, place_id, place["name"], place.get("start"),
                                    place.get("end")))

    # Plain executemany: this runs once per analysed document, and sqlite-utils'
    # insert helpers re-read the table's schema on every call.
    conn = db.conn
    with db.atomic():
        conn.execute("delete from claims where version_id = ?", [version_id])
        conn.execute("delete from document_places where version_id = ?", [version_id])
        conn.execute("delete from people where version_id = ?", [version_id])
        _insert_rows(conn, "people", list(people_rows.values()), "insert or replace")
        _insert_rows(conn, "claims", claim_rows, "insert or replace")
        conn.executemany("insert or ignore into places (id, name, kind, lat, lon) values (?, ?, ?, ?, ?)",
                         place_rows)
        conn.executemany("insert or ignore into document_places "
                         '(document_id, version_id, place_id, name, start, "end") values (?, ?, ?, ?, ?, ?)',
                         document_place_rows)
        conn.execute("update documents set analysed_version_id = ? where id = ?", [version_id, document_id])
    return len(claim_rows)


def _insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], verb: str) -> None:
    """Insert dict rows (keys may differ between rows; a missing key is NULL) with one executemany."""
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"{verb} into {table} ({names}) values ({marks})",
                     [tuple(row.get(c) for c in columns) for row in rows])


# ----------------------------------------------------------------------------
# Queries

DOCUMENT_FIELDS = (
    "id", "url", "canonical_url", "title", "published", "updated", "author", "publisher", "kind", "source",
    "fetched_at", "sha256", "current_version_id", "warc_file", "warc_record_id", "archive_url", "captured_at",
)

CLAIM_SELECT = """
    select c.id, c.kind, c.metric, c.value, c.unit, c.qualifier, c.period, c.period_start, c.period_end, c.as_of,
           c.text, c.speaker, c.role, c.org, c.claimant, c.claimed_on, c.start, c."end",
           d.canonical_url as document_url, d.title as document_title, d.published, d.publisher,
           d.kind as document_kind,
           c.document_id, c.version_id, v.version as document_version, v.fetched_at, v.warc_file, v.warc_offset,
           v.warc_record_id
    from claims c
    join documents d on d.id = c.document_id
    join document_versions v on v.id = c.version_id
"""


def list_documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    cols = ", ".join(DOCUMENT_FIELDS)
    return list(db.query(f"select {cols} from documents order by coalesce(published, fetched_at), id"))


def list_claims(db: sqlite_utils.Database, *, metric: str | None = None, kind: str | None = None,
                all_versions: bool = False, since: str | None = None,
                document_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Claims with their document; by default only those of each document's current version;
    only those of ``document_ids`` when given."""
    where, params = [], []
    if not all_versions:
        where.append("c.version_id = d.current_version_id")
    if document_ids is not None:
        where.append("d.id in (select value from json_each(?))")
        params.append(json.dumps(sorted(set(document_ids))))
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
    cursor = db.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row)) for row in cursor]


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        "documents": db["documents"].count,
        "versions": db["document_versions"].count,
        "claims": db["claims"].count,
        "people": db["people"].count,
        "places": db["places"].count,
    }
