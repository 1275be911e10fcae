"""`lfrwatch export`: the dataset as CSV, JSON lines, Parquet or a Frictionless Data Package.

Tables: documents, claims (figures), quotes, people, places, document_places,
claim_groups (repeats merged), claim_group_sources, conflicts, and from the
forces' own deployment records record_deployments (the current version of each
deployment) and record_comparisons (each force's claims set beside its
records). Every id is derived from the data (a document's from its canonical
URL, a claim's from its document, text and position, a deployment's from its
force, date, location and values, a comparison's from its claim), so exporting
the same data twice gives the same bytes, and rebuilding the database from the
same pages and record files gives the same ids.

Every claim and quote names the archived bytes it was read from (``warc_file``,
``warc_offset``, ``warc_record_id``: the response record in the archive folder
beside the database; a new crawl writes new records, so these, like
``fetched_at``, differ in a database rebuilt by crawling again). Dates are typed: in Parquet, dates (``claimed_on``,
``period_start``...) are ``date32`` and date-times (``published``,
``fetched_at``...) UTC timestamps (:func:`parquet_timestamp`); in a data
package, dates are ``date`` fields.

Document texts are left out unless asked for (``--include-text``): lfrwatch's
own work (the extracted figures, dates, attributions) is published under
:data:`DATA_LICENSE`, while articles remain their publishers' copyright.

:func:`schema_markdown` renders docs/schema.md from the real schema.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlite_utils

from lfrwatch import config, records, store
from lfrwatch.timeline import Analysis, analyse, group_row

FORMATS = ("csv", "jsonl", "parquet", "datapackage")

DATA_LICENSE = {
    "name": "ODC-BY-1.0",
    "path": "https://opendatacommons.org/licenses/by/1-0/",
    "title": "Open Data Commons Attribution License v1.0",
}

PARQUET_HINT = ("Parquet export needs pyarrow, an optional dependency: "
                "pip install 'lfrwatch[parquet]' (or pip install pyarrow==26.0.1)")


class ExportError(RuntimeError):
    pass


def default_out(db_path: str | None, fmt: str) -> Path:
    """Where ``lfrwatch export`` writes without ``--out``: ``export/FORMAT/`` beside the database."""
    return config.data_dir(config.db_path(db_path)) / "export" / fmt


#: Descriptions of exported columns that are not columns of the database table of the same name.
EXTRA_DOCS = {
    "documents": {
        "id": "Stable document id: a hash of the canonical URL",
        "version": "Number of the document's current version (1, 2... as its text changed)",
    },
    "claims": {
        "document_id": "documents.id (stable) of the document the figure was published in",
        "claimant_org": "The organisation the claim speaks for, normalised ('the Met' -> 'Metropolitan Police'); "
                        "a person maps to their organisation when known",
        "date_basis": "What claimed_on comes from: statement (the text dates the statement), published, or retrieved",
        "group_id": "claim_groups.id: the same claim published by several outlets shares it",
        "document_url": "Canonical URL of the document",
        "publisher": "Publisher of the document",
        "published": "Publication date-time of the document (ISO 8601)",
        "warc_file": "Archive file (in the archive folder beside the database) holding the raw response the claim "
                     "was read from",
        "warc_offset": "Byte offset of that response record in the archive file",
        "warc_record_id": "WARC-Record-ID of that response record",
    },
    "people": {"document_id": "documents.id (stable) of the document naming the person"},
    "document_places": {"document_id": "documents.id (stable)"},
    "claim_group_sources": {"document_id": "documents.id (stable) of the source"},
    "record_deployments": {
        "url": "URL of the record file (PDF) or page (HTML) this version was first read from",
        "page": "Page (PDF) or table (HTML) number of that file the row is on, from 1",
    },
    "record_comparisons": {
        "claim_id": "claims.id of the figure compared",
    },
}
EXTRA_DOCS["quotes"] = {**EXTRA_DOCS["claims"],
                        "document_id": "documents.id (stable) of the document the quote was published in",
                        "speaker_org": "The organisation the speaker speaks for, normalised, when known"}

NUMBERS = {"value", "lat", "lon", "other_value", "threshold", "claimed", "recorded", "recorded_min", "recorded_max",
           "difference"}
INTEGERS = {"start", "end", "version", "warc_offset", "repeat_count", "independent_count", "conflict_count",
            "duration_minutes", "watchlist_size", "total_alerts", "true_alerts", "true_alerts_confirmed",
            "true_alerts_unconfirmed", "false_alerts", "false_alerts_confirmed", "false_alerts_unconfirmed",
            "arrests", "other_outcomes", "no_action", "faces_seen", "page", "row", "deployments"}
#: Calendar dates (YYYY-MM-DD): date32 in Parquet, date in a data package.
DATES = {"period_start", "period_end", "as_of", "claimed_on", "other_claimed_on", "first_seen", "last_seen", "date",
         "records_from", "records_to"}
#: Date-times (ISO 8601, with the offset the source gave): UTC timestamps in Parquet (:func:`parquet_timestamp`),
#: strings in a data package (a page may give only a date, or a time without its offset).
TIMESTAMPS = {"published", "updated", "fetched_at", "first_seen_at", "captured_at"}
#: A date-time given without an offset, or only a date, is read as UK time, as the spiders store them.
LOCAL_TIME = ZoneInfo("Europe/London")

TABLE_TITLES = {
    "documents": "Documents",
    "claims": "Figures claimed",
    "quotes": "Quotations",
    "people": "People named",
    "places": "Places",
    "document_places": "Places mentioned per document",
    "claim_groups": "Distinct claims (repeats merged)",
    "claim_group_sources": "Sources of each distinct claim",
    "conflicts": "Conflicting claims",
    "record_files": "Deployment record files",
    "record_deployments": "Deployment records",
    "record_comparisons": "Claimed versus recorded",
}
TABLE_DESCRIPTIONS = {
    **store.TABLE_DOCS,
    "documents": "One row per article (its current version), keyed by a hash of its canonical URL",
    "claims": "Figures (metric, value, qualifier, period) with who claims them, when, and where they were published",
    "quotes": "Quotations with speaker, role and organisation, when and where they were published",
    "claim_groups": "One row per distinct claim: the same figure or quote published by several outlets is one row "
                    "with its first-seen date and counts",
    "record_deployments": "One row per deployment in the forces' own published records (its current version: "
                          "corrected and withdrawn versions are left out), with the record file, page and row, and "
                          "the archive record, it was read from",
    "record_comparisons": "Each figure a force claims about a metric its records cover, beside what its records add "
                          "up to for the same period and place, with a verdict and its reason (computed at export; "
                          "see docs/records.md)",
}


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    primary_key: list[str]
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (column, table, column)
    docs_from: str | None = None  # the database table whose COLUMN_DOCS describe the columns

    def field_type(self, column: str) -> str:
        """integer, number, date, datetime or string."""
        if column in INTEGERS:
            return "integer"
        if column in NUMBERS:
            return "number"
        return "date" if column in DATES else "datetime" if column in TIMESTAMPS else "string"

    def description(self, column: str) -> str:
        extra = EXTRA_DOCS.get(self.name, {})
        if column in extra:
            return extra[column]
        return store.COLUMN_DOCS.get(self.docs_from or self.name, {}).get(column, "")


DOCUMENT_COLUMNS = ["id", "canonical_url", "url", "title", "published", "updated", "author", "publisher", "kind",
                    "source", "version", "sha256", "fetched_at", "first_seen_at", "warc_file", "warc_offset",
                    "warc_record_id", "archive_url", "captured_at"]
CLAIM_COLUMNS = ["id", "document_id", "metric", "value", "unit", "qualifier", "period", "period_start", "period_end",
                 "as_of", "text", "start", "end", "speaker", "role", "org", "claimant", "claimant_org", "person_id",
                 "claimed_on", "date_basis", "group_id", "document_url", "publisher", "published", "warc_file",
                 "warc_offset", "warc_record_id"]
QUOTE_COLUMNS = ["id", "document_id", "text", "start", "end", "speaker", "role", "org", "speaker_org", "person_id",
                 "claimed_on", "date_basis", "group_id", "document_url", "publisher", "published", "warc_file",
                 "warc_offset", "warc_record_id"]
#: record_deployments columns left out of the export: always the same for current rows (status,
#: superseded_by), or local row numbers that change when a database is rebuilt (file ids).
DEPLOYMENT_EXCLUDED = {"status", "superseded_by", "changed_at", "file_id", "last_seen_file_id"}
COMPARISON_EXCLUDED = {"computed_at"}


def document_key(canonical_url: str) -> str:
    return store.stable_id("document", canonical_url)


def dataset(db: sqlite_utils.Database, *, include_text: bool = False,
            analysis: Analysis | None = None) -> list[Table]:
    """Every exported table, rows in a stable order."""
    analysis = analysis or analyse(db)
    docs = list(db.query(
        """select d.*, v.version from documents d left join document_versions v on v.id = d.current_version_id
           order by coalesce(d.published, ''), d.canonical_url"""
    ))
    key_of = {d["id"]: document_key(d["canonical_url"]) for d in docs}
    doc_columns = DOCUMENT_COLUMNS + (["text"] if include_text else [])
    documents = [{**{c: d.get(c) for c in doc_columns}, "id": key_of[d["id"]]} for d in docs]

    group_of = {cid: g["group_id"] for g in analysis.groups for cid in g["claim_ids"]}
    claims, quotes = [], []
    in_order = sorted(analysis.claims,
                      key=lambda c: (c["claimed_on"] or "", c["document_url"], c["start"] or 0, c["id"]))
    for c in in_order:
        row = {**c, "document_id": key_of[c["document_id"]], "group_id": group_of[c["id"]],
               "person_id": None}
        if c["kind"] == "figure":
            claims.append(row)
        else:
            quotes.append({**row, "speaker_org": c.get("claimant_org")})
    # The person (the archived response's file, offset and record id come with each claim from the store).
    person_of = {r["id"]: r["person_id"] for r in db.query(
        "select c.id, c.person_id from claims c join documents d on d.id = c.document_id "
        "where c.version_id = d.current_version_id")}
    for row in claims + quotes:
        row["person_id"] = person_of.get(row["id"])

    people = [{**p, "document_id": key_of[p["document_id"]]} for p in db.query(
        """select p.id, p.document_id, p.name, p.honorific, p.role, p.org from people p
           join documents d on d.id = p.document_id and p.version_id = d.current_version_id
           order by p.name, p.id""")]
    document_places = [{**p, "document_id": key_of[p["document_id"]]} for p in db.query(
        """select dp.document_id, dp.place_id, dp.name, dp.start, dp."end" from document_places dp
           join documents d on d.id = dp.document_id and dp.version_id = d.current_version_id
           order by dp.place_id, dp.document_id""")]
    document_places.sort(key=lambda p: (p["document_id"], p["place_id"]))
    places = list(db.query("select id, name, kind, lat, lon from places order by name, id"))

    group_columns = [c for c in group_row(analysis.groups[0]).keys()] if analysis.groups else \
        ["id", "kind", "metric", "value", "claim_id"]
    groups = [group_row(g) for g in analysis.groups]
    sources = [
        {"group_id": g["group_id"], "claim_id": s["claim_id"], "document_id": key_of[s["document_id"]],
         "document_url": s["url"], "publisher": s["publisher"], "published": s["published"],
         "claimed_on": s["claimed_on"], "syndicated_from": s["syndicated_from"]}
        for g in analysis.groups for s in g["sources"]
    ]
    conflict_columns = list(db["conflicts"].columns_dict)
    conflicts = [{k: c.get(k) for k in conflict_columns} for c in analysis.conflicts]
    deployment_columns = [c for c in db["record_deployments"].columns_dict if c not in DEPLOYMENT_EXCLUDED]
    deployments = sorted(records.current_deployments(db), key=lambda d: (d["date"], d["force"], d["key"], d["id"]))
    comparison_columns = [c for c in db["record_comparisons"].columns_dict if c not in COMPARISON_EXCLUDED]
    comparisons = sorted(records.compare_claims(db), key=lambda c: (c["claimed_on"] or "", c["metric"], c["id"]))

    doc_fk = ("document_id", "documents", "id")
    return [
        Table("documents", doc_columns, documents, ["id"]),
        Table("claims", CLAIM_COLUMNS, claims, ["id"],
              [doc_fk, ("group_id", "claim_groups", "id"), ("person_id", "people", "id")]),
        Table("quotes", QUOTE_COLUMNS, quotes, ["id"],
              [doc_fk, ("group_id", "claim_groups", "id"), ("person_id", "people", "id")], docs_from="claims"),
        Table("people", ["id", "document_id", "name", "honorific", "role", "org"], people, ["id"], [doc_fk]),
        Table("places", ["id", "name", "kind", "lat", "lon"], places, ["id"]),
        Table("document_places", ["document_id", "place_id", "name", "start", "end"], document_places,
              ["document_id", "place_id"], [doc_fk, ("place_id", "places", "id")]),
        Table("claim_groups", group_columns, groups, ["id"]),
        Table("claim_group_sources", ["group_id", "claim_id", "document_id", "document_url", "publisher", "published",
                                      "claimed_on", "syndicated_from"], sources, ["group_id", "claim_id"],
              [("group_id", "claim_groups", "id"), doc_fk]),
        Table("conflicts", conflict_columns, conflicts, ["id"],
              [("group_id", "claim_groups", "id"), ("other_group_id", "claim_groups", "id")]),
        Table("record_deployments", deployment_columns, deployments, ["id"]),
        Table("record_comparisons", comparison_columns, comparisons, ["id"], [("claim_id", "claims", "id")]),
    ]


# ----------------------------------------------------------------------------
# Writers


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=table.columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in table.rows:
            writer.writerow({c: _cell(row.get(c)) for c in table.columns})


def write_jsonl(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in table.rows:
            out.write(json.dumps({c: row.get(c) for c in table.columns}, ensure_ascii=False) + "\n")


def parquet_timestamp(text: str) -> datetime:
    """An ISO 8601 date-time as UTC; without an offset it is UK time, and a date alone is its start in the UK."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        moment = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TIME)
    else:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=LOCAL_TIME)
    return moment.astimezone(timezone.utc)


def _parquet_cell(table: Table, column: str, kind: str, value: Any) -> Any:
    if value is None or value == "" or kind not in ("date", "datetime"):
        return _cell(value)
    try:
        return date.fromisoformat(value) if kind == "date" else parquet_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"{table.name}.{column} holds {value!r}, which is not an ISO 8601 "
                          f"{'date' if kind == 'date' else 'date-time'}; export as csv or jsonl to keep it as text") \
            from exc


def parquet_table(table: Table):
    """The table as a pyarrow Table with typed columns; ExportError for a date that is not one."""
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise ExportError(PARQUET_HINT) from exc
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(),
             "datetime": pa.timestamp("us", tz="UTC")}
    schema = pa.schema([
        pa.field(c, types[table.field_type(c)], metadata={"description": table.description(c)})
        for c in table.columns
    ], metadata={"description": TABLE_DESCRIPTIONS.get(table.name, "")})
    data = {c: [_parquet_cell(table, c, table.field_type(c), r.get(c)) for r in table.rows] for c in table.columns}
    return pa.Table.from_pydict(data, schema=schema)


def write_parquet(table: Table, path: Path, arrow_table: Any = None) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table if arrow_table is not None else parquet_table(table), path)


def table_schema(table: Table) -> dict[str, Any]:
    """A Frictionless Table Schema: typed fields with descriptions, keys."""
    # Date-times stay strings here: a page may give a date alone, or a time without its offset.
    schema: dict[str, Any] = {
        "fields": [{"name": c, "type": "string" if table.field_type(c) == "datetime" else table.field_type(c),
                    "description": table.description(c)}
                   for c in table.columns],
        "primaryKey": table.primary_key,
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": col, "reference": {"resource": ref, "fields": ref_col}}
                                 for col, ref, ref_col in table.foreign_keys]
    return schema


def package_sources(db: sqlite_utils.Database) -> list[dict[str, str]]:
    """One source note per publisher, with its site, and one per force whose deployment records are exported."""
    sites: dict[str, str] = {}
    for row in db.query("select publisher, canonical_url from documents where publisher is not null "
                        "order by publisher, canonical_url"):
        parts = urlsplit(row["canonical_url"])
        sites.setdefault(row["publisher"], f"{parts.scheme}://{parts.netloc}/")
    for row in db.query("select distinct force, url from record_deployments where status = 'current' "
                        "order by force, url"):
        force = records.FORCES.get(row["force"])
        parts = urlsplit(row["url"] or "")
        if parts.netloc:
            sites.setdefault(f"{force.name if force else row['force']} deployment records",
                             f"{parts.scheme}://{parts.netloc}/")
    return [{"title": publisher, "path": site} for publisher, site in sorted(sites.items())]


def descriptor(db: sqlite_utils.Database, tables: list[Table]) -> dict[str, Any]:
    from lfrwatch import __version__ as version

    return {
        "profile": "tabular-data-package",
        "name": "lfrwatch",
        "title": "lfrwatch: claims about live facial recognition in the UK",
        "description": (
            "Figures and quotations about live facial recognition published by UK police forces, government, "
            "parliament, campaign groups and the press, extracted by lfrwatch with who made each claim, when "
            "(the date it was made, not the period it covers) and where it was published. Repeats across outlets "
            "are merged in claim_groups; contradictions are listed in conflicts. The forces' own deployment records "
            "are in record_deployments, and each force's figures set beside them in record_comparisons. Every claim "
            "links to its source document's canonical URL, every deployment to its record file; verify a claim "
            "there before citing it. Quoted words and document texts "
            "remain the copyright of their publishers. Extraction is automatic and can be wrong."
        ),
        "version": version,
        "homepage": "https://github.com/lfrwatch/lfrwatch",
        "keywords": ["facial recognition", "policing", "United Kingdom", "surveillance", "claims"],
        "licenses": [DATA_LICENSE],
        "sources": package_sources(db),
        "resources": [
            {
                "name": t.name,
                "path": f"data/{t.name}.csv",
                "profile": "tabular-data-resource",
                "title": TABLE_TITLES.get(t.name, t.name),
                "description": TABLE_DESCRIPTIONS.get(t.name, ""),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(t),
            }
            for t in tables
        ],
    }


def export(db: sqlite_utils.Database, out: str | Path, fmt: str, *, include_text: bool = False) -> list[Path]:
    """Write every table to ``out`` in ``fmt``; returns the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise ExportError(PARQUET_HINT) from exc
    out = Path(out)
    tables = dataset(db, include_text=include_text)
    # Typed first, so a value that is not a date stops the export before anything is written.
    arrow_tables = {t.name: parquet_table(t) for t in tables} if fmt == "parquet" else {}
    folder = out / "data" if fmt == "datapackage" else out
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        if fmt in ("csv", "datapackage"):
            path = folder / f"{table.name}.csv"
            write_csv(table, path)
        elif fmt == "jsonl":
            path = folder / f"{table.name}.jsonl"
            write_jsonl(table, path)
        else:
            path = folder / f"{table.name}.parquet"
            write_parquet(table, path, arrow_tables[table.name])
        written.append(path)
    if fmt == "datapackage":
        path = out / "datapackage.json"
        path.write_text(json.dumps(descriptor(db, tables), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.insert(0, path)
    return written


# ----------------------------------------------------------------------------
# docs/schema.md

SCHEMA_INTRO = """\
# The lfrwatch database

<!-- Generated from the real schema by:
     lfrwatch schema --format markdown --db :memory: > docs/schema.md
     tests/store/test_schema_docs.py fails when this file is out of date. -->

Everything lfrwatch collects is in one SQLite file (default `data/lfrwatch.db`,
or `--db PATH`, or `$LFRWATCH_DB`). Open it with the `sqlite3` shell, any
SQLite library, or Datasette (`lfrwatch serve`). The schema upgrades itself
through named migrations recorded in `_migrations`.

How the tables fit together: a **document** (one per canonical URL) has
**document_versions** (every text the page has had); **claims** (figures and
quotes), **people** and **document_places** belong to one version; only the
current version's claims are "current". The derived tables
**claim_groups**, **claim_group_sources** and **conflicts** are rebuilt from the
current claims by `lfrwatch serve` (and computed afresh by `lfrwatch timeline`,
`conflicts`, `quotes`, `report` and `export`).

A claim's date (`claims.claimed_on`, `claim_groups.first_seen`) is when the claim
was made; the period it covers is `period`, `period_start`, `period_end` and
`as_of`.

Full-text search: `documents_fts` (title, text) and `claims_fts` (text, speaker)
are FTS5 indexes with Porter stemming, kept in sync by triggers. Use
`lfrwatch search`, or SQL such as
`select title from documents_fts where documents_fts match 'watchlist'`.

"""


def schema_markdown(db: sqlite_utils.Database) -> str:
    """docs/schema.md: every table and column of the real schema, with keys and descriptions."""
    rows = store.describe_schema(db)
    tables = list(dict.fromkeys(r["table"] for r in rows))
    lines = [SCHEMA_INTRO.rstrip("\n"), "", "## Tables", ""]
    for table in tables:
        lines.append(f"- [`{table}`](#{table}): {store.TABLE_DOCS.get(table, '')}")
    for table in tables:
        pks = set(db[table].pks)
        fks = {fk.column: f"{fk.other_table}.{fk.other_column}" for fk in db[table].foreign_keys}
        lines += ["", f"### `{table}`", "", store.TABLE_DOCS.get(table, ""), "",
                  "| column | type | key | description |", "| --- | --- | --- | --- |"]
        for row in (r for r in rows if r["table"] == table):
            key = "primary key" if row["column"] in pks else ""
            if row["column"] in fks:
                key = (key + ", " if key else "") + f"→ `{fks[row['column']]}`"
            description = row["description"].replace("|", "\\|")
            lines.append(f"| `{row['column']}` | {row['type']} | {key} | {description} |")
    return "\n".join(lines) + "\n"
