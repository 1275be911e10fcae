"""The store's schema: its tables, made and changed only by named migrations.

Each migration (``_m001_initial`` ... ``_m032_archive_provenance``) is recorded in
``_migrations`` when applied, so an old database upgrades itself when a newer
lfrwatch opens it (:func:`migrate`). Also here: the triggers that keep derived
state honest (``derived_triggers``: a change counter the timeline reads to know
whether its tables are current; ``QUOTE_TEXT_TRIGGERS``: the distinct quotations
behind ``lfrwatch search``), and :func:`describe_schema`, every column of the
real schema with its words from :mod:`lfrwatch.store.columns`.
"""

from __future__ import annotations

from typing import Callable

import sqlite_utils

from lfrwatch.store.columns import COLUMN_DOCS
from lfrwatch.store.stamps import utcnow


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


def _m002_timeline(db: sqlite_utils.Database) -> None:
    """Full-text search over documents and claims (kept in sync by triggers), and the derived timeline tables."""
    db["documents"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    db["claims"].enable_fts(["text", "speaker"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    db["claim_groups"].create(
        {
            "id": str, "kind": str, "metric": str, "value": float, "unit": str, "qualifier": str, "period": str,
            "period_start": str, "period_end": str, "as_of": str, "text": str, "speaker": str, "role": str,
            "org": str, "claimant": str, "claimant_org": str, "first_seen": str, "last_seen": str,
            "date_basis": str, "repeat_count": int, "independent_count": int, "claim_id": str,
            "document_url": str, "publisher": str, "conflict_count": int,
        },
        pk="id",
    )
    db["claim_groups"].create_index(["metric", "claimant_org", "first_seen"])
    db["claim_group_sources"].create(
        {"group_id": str, "claim_id": str, "document_url": str, "publisher": str, "published": str,
         "claimed_on": str, "syndicated_from": str},
        pk=("group_id", "claim_id"),
        foreign_keys=[("group_id", "claim_groups", "id")],
    )
    columns = {"id": str, "kind": str, "metric": str, "other_metric": str, "claimant_org": str, "reason": str}
    for prefix in ("", "other_"):
        columns.update({f"{prefix}group_id": str, f"{prefix}claim_id": str, f"{prefix}claimed_on": str,
                        f"{prefix}value": float, f"{prefix}qualifier": str, f"{prefix}period": str,
                        f"{prefix}text": str, f"{prefix}document_url": str, f"{prefix}publisher": str})
    db["conflicts"].create(columns, pk="id")
    db["conflicts"].create_index(["metric"])


def _m003_run_health(db: sqlite_utils.Database) -> None:
    """Run history and per-source health for `lfrwatch run` (see lfrwatch/ops/health.py)."""
    db["runs"].create(
        {
            "id": int, "started_at": str, "finished_at": str, "pid": int, "status": str, "exit_code": int,
            "sources": str, "feeds": str, "new_documents": int, "changed_documents": int, "new_claims": int,
            "new_conflicts": int, "errors": int, "broken_sources": int, "message": str,
        },
        pk="id",
    )
    db["source_runs"].create(
        {
            "id": int, "run_id": int, "source": str, "started_at": str, "finished_at": str, "duration_s": float,
            "requests": int, "responses": str, "retries": int, "items_seen": int, "documents_found": int,
            "documents_stored": int, "documents_unchanged": int, "fetch_errors": int, "parse_errors": int,
            "validation_errors": int, "errors": str, "missing_fields": str, "close_reason": str, "status": str,
            "broken": int, "broken_reason": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["source_runs"].create_index(["source", "id"])


def _m010_records(db: sqlite_utils.Database) -> None:
    """Official deployment records and their comparison with claims (see lfrwatch/records/)."""
    db["record_files"].create(
        {
            "id": int, "source": str, "force": str, "url": str, "label": str, "period_start": str,
            "period_end": str, "format": str, "sha256": str, "size": int, "pages": int, "rows": int,
            "new_rows": int, "corrected_rows": int, "unchanged_rows": int, "withdrawn_rows": int, "notes": str,
            "found_on": str, "link_text": str, "fetched_at": str, "http_status": int, "warc_file": str,
            "warc_record_id": str, "warc_offset": int, "status": str, "error": str, "previous_id": int,
        },
        pk="id",
    )
    db["record_files"].create_index(["url", "id"])
    db["record_deployments"].create(
        {
            "id": str, "key": str, "version": int, "status": str, "force": str, "date": str, "location": str,
            "place": str, "place_kind": str, "borough": str, "lat": float, "lon": float, "duration": str,
            "duration_minutes": int, "use_case": str, "watchlist_size": int, "threshold": float,
            "total_alerts": int, "true_alerts": int, "true_alerts_confirmed": int, "true_alerts_unconfirmed": int,
            "false_alerts": int, "false_alerts_confirmed": int, "false_alerts_unconfirmed": int,
            "false_alert_rate": str, "arrests": int, "other_outcomes": int, "no_action": int, "faces_seen": int,
            "content_sha256": str, "file_id": int, "url": str, "page": int, "row": int, "warc_file": str,
            "warc_record_id": str, "first_seen_at": str, "last_seen_file_id": int, "superseded_by": str,
            "changed_at": str,
        },
        pk="id",
        foreign_keys=[("file_id", "record_files", "id")],
    )
    db["record_deployments"].create_index(["force", "status", "date"])
    db["record_deployments"].create_index(["key", "version"])
    db["record_comparisons"].create(
        {
            "id": str, "claim_id": str, "force": str, "metric": str, "claimed_on": str, "claimant": str,
            "claim_text": str, "document_url": str, "claimed": float, "qualifier": str, "period": str,
            "period_kind": str, "period_start": str, "period_end": str, "place": str, "recorded": float,
            "recorded_min": float, "recorded_max": float, "deployments": int, "difference": float, "verdict": str,
            "reason": str, "records_from": str, "records_to": str, "computed_at": str,
        },
        pk="id",
    )
    db["record_comparisons"].create_index(["metric", "claimed_on"])


#: What the derived timeline tables are computed from: a write to any of these makes them stale. A document
#: or version row only matters once claims point at it (claims inserted first, or orphaned by a delete).
#: Columns of documents and versions that the analysis reads (crawls update others, such as last_checked_at).
DERIVED_SOURCES: dict[str, tuple[str, ...] | None] = {
    "claims": None,  # every column
    "people": None,
    "documents": ("canonical_url", "title", "published", "publisher", "kind", "text", "sha256", "current_version_id"),
    "document_versions": ("document_id", "version", "fetched_at", "warc_file", "warc_record_id"),
}
DERIVED_TRIGGER_PREFIX = "derived_stale_"


def derived_triggers() -> dict[str, str]:
    """Trigger name -> SQL: raise ``derived_state.data_version`` on every write the timeline analysis depends on."""
    bump = "update derived_state set data_version = data_version + 1 where name = 'timeline';"
    referenced = {"documents": "document_id", "document_versions": "version_id"}
    out = {}
    for table, columns in DERIVED_SOURCES.items():
        of = f" of {', '.join(columns)}" if columns else ""
        for event, row in (("insert", "new"), ("delete", "old"), ("update", "new")):
            when = ""
            if table in referenced:  # a document (or version) no claim points at changes nothing
                when = f" when exists (select 1 from claims where {referenced[table]} = {row}.id)"
            name = f"{DERIVED_TRIGGER_PREFIX}{table}_{event}"
            out[name] = (f"create trigger if not exists {name} after {event}{of if event == 'update' else ''}"
                         f" on {table}{when} begin {bump} end")
    return out


def ensure_derived_state(db: sqlite_utils.Database) -> None:
    """The ``derived_state`` row and its triggers (re-created if a table rebuild dropped them)."""
    db.execute("insert or ignore into derived_state (name, data_version) values ('timeline', 0)")
    for sql in derived_triggers().values():
        db.execute(sql)


def _m020_derived_state(db: sqlite_utils.Database) -> None:
    """Know when the derived timeline tables are current, and read a metric's timeline from them by index."""
    db["derived_state"].create(
        {"name": str, "data_version": int, "built_version": int, "built_code": str, "built_at": str},
        pk="name", not_null={"data_version"}, defaults={"data_version": 0},
    )
    ensure_derived_state(db)
    db["claim_groups"].add_column("position", int)
    db["claim_groups"].add_column("timeline_row", str)
    db["claim_groups"].create_index(["kind", "metric", "position"])


#: Keep quote_texts and quote_text_claims in step with the quotes in claims (a text no claim has any more goes).
#: No "or ignore"/"or replace" in these bodies: the writing statement's own conflict clause would override them
#: (store_analysis inserts with "insert or replace", which would replace, and so renumber, a shared text).
_QUOTE_TEXT_ADD = """
            insert into quote_texts (text, speaker) select new.text, coalesce(new.speaker, '')
                where new.kind = 'quote' and new.text is not null and not exists (
                    select 1 from quote_texts where text = new.text and speaker = coalesce(new.speaker, ''));
            delete from quote_text_claims where claim_id = new.id;
            insert into quote_text_claims (claim_id, text_id)
                select new.id, id from quote_texts
                where new.kind = 'quote' and text = new.text and speaker = coalesce(new.speaker, '');"""
_QUOTE_TEXT_DROP = """
            delete from quote_text_claims where claim_id = old.id;
            delete from quote_texts where old.kind = 'quote' and text = old.text
                and speaker = coalesce(old.speaker, '')
                and not exists (select 1 from quote_text_claims m where m.text_id = quote_texts.id);"""
QUOTE_TEXT_TRIGGERS = {
    "quote_texts_claims_insert": "create trigger if not exists quote_texts_claims_insert after insert on claims "
                                 f"when new.kind = 'quote' begin {_QUOTE_TEXT_ADD}\n        end",
    "quote_texts_claims_delete": "create trigger if not exists quote_texts_claims_delete after delete on claims "
                                 f"when old.kind = 'quote' begin {_QUOTE_TEXT_DROP}\n        end",
    "quote_texts_claims_update": "create trigger if not exists quote_texts_claims_update after update of id, kind, "
                                 "text, speaker on claims when old.kind = 'quote' or new.kind = 'quote' begin "
                                 f"{_QUOTE_TEXT_DROP}{_QUOTE_TEXT_ADD}\n        end",
}


def _m021_quote_search(db: sqlite_utils.Database) -> None:
    """Full-text search over distinct quotations: a quote printed by many outlets is ranked once, not once per copy."""
    db["quote_texts"].create({"id": int, "text": str, "speaker": str}, pk="id", not_null={"text", "speaker"})
    db["quote_texts"].create_index(["text", "speaker"], unique=True)
    db["quote_text_claims"].create({"claim_id": str, "text_id": int}, pk="claim_id")
    db["quote_text_claims"].create_index(["text_id", "claim_id"])
    db.execute("insert or ignore into quote_texts (text, speaker) select text, coalesce(speaker, '') from claims "
               "where kind = 'quote' and text is not null order by rowid")
    db.execute("insert into quote_text_claims (claim_id, text_id) select c.id, t.id from claims c "
               "join quote_texts t on t.text = c.text and t.speaker = coalesce(c.speaker, '') where c.kind = 'quote'")
    db["quote_texts"].enable_fts(["text", "speaker"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    for sql in QUOTE_TEXT_TRIGGERS.values():
        db.execute(sql)


def _m030_crawl_indexes(db: sqlite_utils.Database) -> None:
    """Keep the documents' search index up to date only when a document's title or text changes.

    sqlite-utils' trigger re-indexed a document's whole text on every update of
    its row, and a crawl updates every page it checks (``last_checked_at``,
    validators, the current version). The index holds title and text alone.
    """
    if not db.execute("select 1 from sqlite_master where type = 'trigger' and name = 'documents_au'").fetchone():
        return  # no search index on this database
    db.execute("drop trigger documents_au")
    db.execute(
        'create trigger "documents_au" after update of "title", "text" on "documents" begin\n'
        '  insert into "documents_fts" ("documents_fts", rowid, "title", "text") '
        "values('delete', old.rowid, old.\"title\", old.\"text\");\n"
        '  insert into "documents_fts" (rowid, "title", "text") values (new.rowid, new."title", new."text");\n'
        "end")


def _m031_timeline_rows(db: sqlite_utils.Database) -> None:
    """The stored timeline rows in a table of their own, so claim_groups stays narrow for SQL users."""
    db.execute("alter table claim_groups drop column timeline_row")
    db["timeline_rows"].create(
        {"position": int, "group_id": str, "metric": str, "first_seen": str, "claimant_org": str, "claimant": str,
         "org": str, "publisher": str, "row": str},
        pk="position", not_null={"group_id", "row"},
    )
    db["timeline_rows"].create_index(["metric", "position"])
    db.execute("update derived_state set built_version = null where name = 'timeline'")  # to be built


def _m032_archive_provenance(db: sqlite_utils.Database) -> None:
    """Where an archived capture came from: the archive's address of it and when the archive made it.

    ``lfrwatch backfill`` stores pages fetched from a web archive; their ``url`` is the page's own address and
    ``fetched_at`` the capture time, and these two columns (on the version, and on the document for its
    current version) say which archive capture the text is. Added in place: every row keeps what it had, and
    the pages fetched from the sites themselves have them empty.
    """
    for table in ("documents", "document_versions"):
        for column in ("archive_url", "captured_at"):
            if column not in db[table].columns_dict:
                db[table].add_column(column, str)


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_timeline", _m002_timeline),
    ("003_run_health", _m003_run_health),
    ("010_records", _m010_records),
    ("020_derived_state", _m020_derived_state),
    ("021_quote_search", _m021_quote_search),
    ("030_crawl_indexes", _m030_crawl_indexes),
    ("031_timeline_rows", _m031_timeline_rows),
    ("032_archive_provenance", _m032_archive_provenance),
]


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
