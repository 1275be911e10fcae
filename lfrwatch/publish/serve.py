"""`lfrwatch serve`: browse and query the database in Datasette, read-only, on 127.0.0.1.

Before serving, the derived tables (claim groups, their sources, conflicts,
and the claims' comparisons with the forces' deployment records) are rebuilt
from the current claims and records so the canned queries are up to date.
Then Datasette opens the file with ``?mode=ro`` for every connection, its
write connection included, so nothing served can change the data; a crawl may
keep writing meanwhile (WAL).

The server is exposed to whatever SQL a visitor sends, so:

- every connection refuses the SQL functions that reach past the data
  (``fts3_tokenizer`` hands out a memory address, ``load_extension`` loads
  code) and caps a value's size (:data:`MAX_VALUE_BYTES`), so
  ``zeroblob(1000000000)`` is an error, not a gigabyte of JSON;
- a request that is not GET or HEAD is refused with 405 (nothing here
  writes; Datasette answered a POST to a canned query with a 500);
- a rejected request is logged as one line on stderr, where Datasette would
  print a rich traceback with every local variable (~46 KB, ~0.6 s each).
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path
from typing import Any

from lfrwatch import config, store

DB_NAME = "lfrwatch"
HOST = "127.0.0.1"
DEFAULT_PORT = 8001

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "timeline": {
        "title": "Timeline of a metric",
        "description": "Each distinct claimed value of a metric (arrests, alerts, false_alerts, deployments, "
                       "faces_scanned, charges_or_cautions, watchlist_size, officers, money...) in the order it "
                       "was first made, by claimant organisation, with its sources. Leave claimant empty for all.",
        "sql": """select g.first_seen, g.claimant_org, g.value, g.unit, g.qualifier, g.period, g.repeat_count,
       g.independent_count, g.conflict_count, g.text, g.publisher, g.document_url,
       (select json_group_array(s.document_url) from claim_group_sources s where s.group_id = g.id) as sources,
       g.id as group_id
from claim_groups g
where g.kind = 'figure' and g.metric = :metric and (:claimant = '' or g.claimant_org = :claimant)
order by g.first_seen, g.claimant_org, g.id""",
    },
    "conflicts": {
        "title": "Conflicting claims",
        "description": "Running totals that went down, two values for the same claimant and period that cannot "
                       "both hold, and parts above their whole. Leave metric empty for all.",
        "sql": """select other_claimed_on as flagged_on, kind, claimant_org, metric, value, qualifier, period,
       claimed_on, document_url, other_metric, other_value, other_qualifier, other_period, other_claimed_on,
       other_document_url, reason, id
from conflicts
where :metric = '' or metric = :metric or other_metric = :metric
order by other_claimed_on, kind, id""",
    },
    "quotes_by_speaker": {
        "title": "Quotes by speaker",
        "description": "Quotations whose speaker's name contains the text given, newest first, repeats merged.",
        "sql": """select g.first_seen, g.speaker, g.role, g.claimant_org as speaker_org, g.text, g.repeat_count,
       g.publisher, g.document_url, g.id as group_id
from claim_groups g
where g.kind = 'quote' and g.speaker like '%' || :speaker || '%'
order by g.first_seen desc, g.id""",
    },
    "claimed_vs_recorded": {
        "title": "Claimed versus recorded",
        "description": "Each figure a force claims beside what its own deployment records add up to for "
                       "the same period and place, with a verdict. Leave metric empty for all.",
        "sql": "select claimed_on, force, metric, qualifier, claimed, period, period_start, period_end, "
               "place, recorded, difference, verdict, reason, claimant, document_url, claim_id "
               "from record_comparisons where :metric = '' or metric = :metric order by claimed_on, metric",
    },
}


def metadata() -> dict[str, Any]:
    """Datasette metadata: titles, licence and source notes, table and column descriptions, canned queries."""
    from lfrwatch.publish.export import DATA_LICENSE, TABLE_TITLES

    tables = {
        table: {"title": SERVED_TITLES.get(table) or TABLE_TITLES.get(table, table),
                "description": store.TABLE_DOCS.get(table, ""), "columns": columns}
        for table, columns in store.COLUMN_DOCS.items()
    }
    for table in INTERNAL_TABLES:  # the index opens on the researcher's tables and canned queries
        tables.setdefault(table, {})["hidden"] = True
    return {
        "title": "lfrwatch: claims about live facial recognition in the UK",
        "description": "What UK police forces, government, parliament, campaign groups and the press say about "
                       "live facial recognition: figures and quotes, with who claimed them, when, and where. "
                       "Every claim links to its source; check it there before citing it.",
        "license": DATA_LICENSE["name"],
        "license_url": DATA_LICENSE["path"],
        "source": "Public web pages crawled by lfrwatch (see the documents table for each source URL)",
        "source_url": config.PROJECT_URL,
        "about": "lfrwatch",
        "about_url": config.PROJECT_URL,
        "databases": {
            DB_NAME: {
                "title": "lfrwatch database",
                "description": "Documents, their versions, claims, people and places; derived claim groups and "
                               "conflicts; the forces' deployment records and the claims compared with "
                               "them. See docs/schema.md and docs/records.md.",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }


#: Tables that keep lfrwatch's own state, or copies the canned queries read for speed: not listed on the index.
INTERNAL_TABLES = ("_migrations", "derived_state", "timeline_rows", "quote_texts", "quote_text_claims", "runs",
                   "source_runs")
#: Titles where the database table holds more than the export's table of that name (claims: figures and quotes).
SERVED_TITLES = {"claims": "Claims: figures and quotes"}

#: SQL functions no query may call: they expose the process (a pointer, code loading), not the data.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "fts5", "load_extension", "readfile", "writefile", "edit"})
#: The largest string or blob a query may make or read (SQLITE_LIMIT_LENGTH): above any stored page
#: (DOWNLOAD_MAXSIZE, 10 MB), far below what would exhaust the server's memory.
MAX_VALUE_BYTES = 32 * 1024 * 1024
#: Methods served; anything else is answered 405.
READ_METHODS = ("GET", "HEAD")


def _authorize(action: int, arg1, arg2, database, source) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def harden_connection(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Refuse :data:`DENIED_FUNCTIONS` and cap value sizes on a connection that runs visitors' SQL."""
    conn.set_authorizer(_authorize)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    return conn


def _log(line: str) -> None:
    try:
        sys.stderr.write(f"lfrwatch serve: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _log_error(request, exception) -> None:
    status = getattr(exception, "status", 500)
    message = " ".join(str(getattr(exception, "message", None) or exception).split())[:300]
    _log(f"{status} {request.method} {request.path}: {type(exception).__name__}: {message}")


def _install_datasette_hooks() -> None:
    """One stderr line per request that ends in an error (Datasette still renders its error page)."""
    from datasette import hookimpl
    from datasette.plugins import pm

    # Datasette's own handler prints a rich traceback with every local variable when `rich` is importable
    # (it is, through another dependency): tens of KB and most of a second per rejected query.
    handler_module = importlib.import_module("datasette.handle_exception")
    if getattr(handler_module, "rich", None) is not None:
        handler_module.rich = None

    class LfrwatchOneLineErrors:  # a plugin is registered as a class (Datasette lists plugins by __name__)
        @staticmethod
        @hookimpl
        def handle_exception(datasette, request, exception):
            _log_error(request, exception)

    name = "lfrwatch-one-line-errors"
    if pm.get_plugin(name) is None:
        pm.register(LfrwatchOneLineErrors, name=name)


def read_only_app(app):
    """The ASGI app, refusing with 405 every HTTP method but GET and HEAD."""
    body = b'{"ok": false, "error": "Method Not Allowed: this server is read-only", "status": 405}'

    async def asgi(scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            _log(f"405 {scope['method']} {scope.get('path', '')}: refused (read-only server)")
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                    (b"allow", ", ".join(READ_METHODS).encode()),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return asgi


def build_datasette(db_path: str | Path):
    """A Datasette instance serving ``db_path`` read-only under the name ``lfrwatch``."""
    from datasette.app import Datasette
    from datasette.database import Database

    class ReadOnlyDatabase(Database):
        def connect(self, write: bool = False):
            # ?mode=ro, even for Datasette's write connection; no function that reaches past the data.
            return harden_connection(super().connect(write=False))

    _install_datasette_hooks()
    ds = Datasette([], metadata=metadata(), settings={"sql_time_limit_ms": 3000, "default_page_size": 100})
    if "_memory" in ds.databases:
        ds.remove_database("_memory")
    ds.add_database(ReadOnlyDatabase(ds, path=str(Path(db_path).resolve()), is_mutable=True), name=DB_NAME)
    return ds


def serve(db_path: str | Path, port: int = DEFAULT_PORT, *, refresh: bool = True) -> None:
    """Rebuild the derived tables and record comparisons (unless ``refresh`` is False), then serve until interrupted."""
    import uvicorn

    from lfrwatch import records
    from lfrwatch.timeline import refresh_derived

    db = store.open_db(db_path, create=False)
    if refresh:
        refresh_derived(db)
        records.refresh_comparisons(db)
    db.close()
    uvicorn.run(read_only_app(build_datasette(db_path).app()), host=HOST, port=port, log_level="warning",
                lifespan="on")
