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
- a rejected request (a 404, a query's error, a refused method) is logged as
  one line on stderr, where Datasette would print a rich traceback with every
  local variable (~46 KB, ~0.6 s each) or the query's SQL and parameters.

What a researcher gets beyond Datasette's own pages (lfrwatch's plugin,
registered by :func:`build_datasette`):

- the canned queries' ``metric`` is a choice of the known metrics
  (:data:`lfrwatch.timeline.METRICS`), and an empty or unknown one is answered
  with a one-line message naming the choices (:func:`checked_metric`), not 0 rows;
- ``claimant`` takes the spellings the command line does ("the Met", "Met"):
  the SQL function ``lfrwatch_org`` reads the NLP's alias table (:func:`org_name`);
- every claim leads to its bytes: ``/-/warc/<claim id>`` serves the claim's
  archived HTTP payload (:mod:`lfrwatch.publish.warc_records`), and the claims
  table and the canned queries link to it; a page on a loopback address (the
  demo's sample site, gone once the demo ends) is not linked, as in the report.
"""

from __future__ import annotations

import asyncio
import contextvars
import difflib
import importlib
import json
import re
import sqlite3
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from lfrwatch import config, store
from lfrwatch.publish.report import live_url, loopback_host
from lfrwatch.publish.warc_records import LOCATE_SQL, RecordError, location_from_row, read_payload
from lfrwatch.records import COVERED_METRICS
from lfrwatch.timeline import METRICS, normalise_org

DB_NAME = "lfrwatch"
HOST = "127.0.0.1"
DEFAULT_PORT = 8001

#: Who a timeline is for, as the CLI reads ``--claimant``: the organisation's one name, whichever spelling is given
#: ("the Met", "Met", "Metropolitan Police Service": :func:`lfrwatch.timeline.normalise_org`, the NLP's alias table),
#: or any claim whose claimant organisation, claimant, speaker's organisation or publisher contains the words.
CLAIMANT_MATCHES = """(:claimant = ''
       or lfrwatch_casefold(g.claimant_org) = lfrwatch_casefold(lfrwatch_org(:claimant))
       or instr(lfrwatch_casefold(g.claimant_org), lfrwatch_casefold(:claimant))
       or instr(lfrwatch_casefold(g.claimant), lfrwatch_casefold(:claimant))
       or instr(lfrwatch_casefold(g.org), lfrwatch_casefold(:claimant))
       or instr(lfrwatch_casefold(g.publisher), lfrwatch_casefold(:claimant)))"""

#: Canned queries, their SQL shown on request ("show"). ``:_metric_required``, ``:_metric_optional`` and
#: ``:_metric_recorded`` are the ``metric`` parameter checked (:func:`checked_metric`): an empty or unknown metric
#: is answered with a one-line message, not 0 rows, and the page offers the metrics to choose from.
CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "timeline": {
        "title": "Timeline of a metric",
        "description": f"Each distinct claimed value of a metric (choose one: {', '.join(METRICS)}) in the "
                       "order it was first made, by claimant organisation, with its sources and a link to the "
                       "archived copy of the first. Claimant takes any spelling the command line does (\"the Met\", "
                       "\"Met\", \"Metropolitan Police\"); leave it empty for all.",
        "params": ["metric", "claimant"],
        "hide_sql": True,
        "sql": """select g.first_seen, g.claimant_org, g.value, g.unit, g.qualifier, g.period, g.repeat_count,
       g.independent_count, g.conflict_count, g.text, g.publisher, g.document_url,
       (select json_group_array(s.document_url) from claim_group_sources s where s.group_id = g.id) as sources,
       g.id as group_id, g.claim_id
from claim_groups g
where g.kind = 'figure' and g.metric = :_metric_required
  and """ + CLAIMANT_MATCHES + """
order by g.first_seen, g.claimant_org, g.id""",
    },
    "conflicts": {
        "title": "Conflicting claims",
        "description": "Running totals that went down, two values for the same claimant and period that cannot "
                       "both hold, and parts above their whole. Leave metric empty for all.",
        "params": ["metric"],
        "hide_sql": True,
        "sql": """select other_claimed_on as flagged_on, kind, claimant_org, metric, value, qualifier, period,
       claimed_on, document_url, other_metric, other_value, other_qualifier, other_period, other_claimed_on,
       other_document_url, reason, id, claim_id, other_claim_id
from conflicts
where :_metric_optional = '' or metric = :_metric_optional or other_metric = :_metric_optional
order by other_claimed_on, kind, id""",
    },
    "quotes_by_speaker": {
        "title": "Quotes by speaker",
        "description": "Quotations whose speaker's name contains the text given, newest first, repeats merged.",
        "hide_sql": True,
        "sql": """select g.first_seen, g.speaker, g.role, g.claimant_org as speaker_org, g.text, g.repeat_count,
       g.publisher, g.document_url, g.id as group_id, g.claim_id
from claim_groups g
where g.kind = 'quote' and g.speaker like '%' || :speaker || '%'
order by g.first_seen desc, g.id""",
    },
    "claimed_vs_recorded": {
        "title": "Claimed versus recorded",
        "description": "Each figure a force claims beside what its own deployment records add up to for "
                       "the same period and place, with a verdict. Leave metric empty for all.",
        "params": ["metric"],
        "hide_sql": True,
        "sql": "select claimed_on, force, metric, qualifier, claimed, period, period_start, period_end, "
               "place, recorded, difference, verdict, reason, claimant, document_url, claim_id "
               "from record_comparisons where :_metric_recorded = '' or metric = :_metric_recorded "
               "order by claimed_on, metric",
    },
    "claim_bytes": {
        "title": "Archived copy of each claim",
        "description": "Where each claim's bytes are: the WARC file, the offset of the response record in it and "
                       "its WARC-Record-ID, with a link to the archived page as it was fetched (the "
                       "lfrwatch record CLAIM_ID command gives the same bytes). Leave claim empty for all.",
        "params": ["claim"],
        "hide_sql": True,
        "sql": """select c.id as claim_id, c.kind, c.metric, c.value, c.text, c.speaker, d.publisher,
       v.url as document_url, v.fetched_at, v.warc_file, v.warc_offset, v.warc_record_id,
       '""" + "/-/warc/" + """' || c.id as archived_copy
from claims c join documents d on d.id = c.document_id join document_versions v on v.id = c.version_id
where :claim = '' or c.id = :claim
order by v.fetched_at desc, c.id""",
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
    for table, column in NEWEST_FIRST.items():
        tables.setdefault(table, {})["sort_desc"] = column
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
#: Tables a researcher reads newest first (by this column), not in the order of their ids.
NEWEST_FIRST = {"claims": "claimed_on", "documents": "published"}

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


def org_name(name: str | None) -> str | None:
    """SQL ``lfrwatch_org(name)``: an organisation's one name for any spelling the CLI takes ("the Met", "Met",
    "Metropolitan Police Service" -> "Metropolitan Police"), from the NLP's alias table; other names as given."""
    return normalise_org(name) or name if isinstance(name, str) else None


def casefold(value: Any) -> str | None:
    """SQL ``lfrwatch_casefold(text)``: Python's casefold, as the CLI compares names (SQLite's lower() is ASCII)."""
    return None if value is None else str(value).casefold()


def add_functions(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The SQL functions the canned queries call: ``lfrwatch_org`` and ``lfrwatch_casefold``."""
    conn.create_function("lfrwatch_org", 1, org_name, deterministic=True)
    conn.create_function("lfrwatch_casefold", 1, casefold, deterministic=True)
    return conn


# -- the metric parameter ---------------------------------------------------------------------------

#: How each checked ``metric`` parameter (``:_metric_<rule>``) reads it: the metrics it takes, and what an
#: empty one means (None: it is required; else the label of the empty choice).
METRIC_RULES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "required": (METRICS, None),
    "optional": (METRICS, "all metrics"),
    "recorded": (COVERED_METRICS, "all metrics the records cover"),
}
_CHECKED_METRIC = re.compile(r":_metric_(\w+)")


def metric_problem(value: str | None, rule: str) -> str | None:
    """What is wrong with a ``metric`` parameter under ``rule`` (:data:`METRIC_RULES`), in one line; None if fine."""
    choices, empty = METRIC_RULES[rule]
    value = (value or "").strip()
    if not value:
        return None if empty else f"metric is empty: choose one of {', '.join(choices)}"
    if value in choices:
        return None
    if rule == "recorded" and value in METRICS:
        return f"the records do not cover {value!r}: choose one of {', '.join(choices)}, or none for all"
    starting = [choice for choice in choices if choice.startswith(value.lower())]  # "faces" -> faces_scanned
    close = starting if len(starting) == 1 else difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown metric {value!r}: {hint}(choose one of {', '.join(choices)})"


def checked_metric(rule: str, request) -> str:
    """Datasette magic parameter ``:_metric_<rule>``: the request's ``metric``, or an error that says what is wrong.

    The error is an ``sqlite3.OperationalError``, which Datasette shows as the query's error (HTML and JSON,
    status 400) instead of an empty result.
    """
    if rule not in METRIC_RULES:
        raise KeyError(rule)
    value = request.args.get("metric") or ""
    problem = metric_problem(value, rule)
    if problem:
        raise sqlite3.OperationalError(problem)
    return value.strip()


def metric_rule(query_name: str | None) -> str | None:
    """The rule of the canned query's checked ``metric`` parameter, if it has one."""
    query = CANNED_QUERIES.get(query_name or "")
    found = _CHECKED_METRIC.search(query["sql"]) if query else None
    return found.group(1) if found else None


#: Turns a canned query's ``metric`` text box into a choice of the metrics it takes (the page works without it:
#: the description lists them, and a wrong one is answered with the list).
METRIC_CHOICE_SCRIPT = """(function (spec) {
  var input = document.querySelector('form.sql input[name="metric"]');
  if (input) {
    var select = document.createElement("select");
    select.name = "metric"; select.id = input.id; select.style.cssText = "font-size: 1rem; padding: 0.2rem;";
    var options = [["", spec.empty]].concat(spec.choices.map(function (m) { return [m, m]; }));
    if (input.value && spec.choices.indexOf(input.value) < 0) {
      options.push([input.value, input.value + " (unknown)"]);
    }
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0]; option.textContent = o[1]; option.selected = o[0] === input.value;
      select.appendChild(option);
    });
    input.replaceWith(select);
  }
  var claimant = document.querySelector('form.sql input[name="claimant"]');
  if (claimant) { claimant.placeholder = "any (e.g. the Met, Essex Police)"; }
})(%s);"""


#: A table's column descriptions folded under one line (the rows come first), and each shown on its header.
COLUMN_NOTES_SCRIPT = """(function () {
  var list = document.querySelector("dl.column-descriptions");
  if (list) {
    var box = document.createElement("details"), label = document.createElement("summary");
    label.textContent = "What each column holds";
    list.parentNode.insertBefore(box, list);
    box.appendChild(label);
    box.appendChild(list);
  }
  document.querySelectorAll("th[data-column-description]").forEach(function (th) {
    th.title = th.getAttribute("data-column-description");
  });
})();"""


def metric_choice_script(query_name: str | None) -> str | None:
    """The :data:`METRIC_CHOICE_SCRIPT` of a canned query with a checked ``metric``, with its choices; else None."""
    rule = metric_rule(query_name)
    if rule is None:
        return None
    choices, empty = METRIC_RULES[rule]
    spec = {"choices": list(choices), "empty": empty or "choose a metric…"}
    return METRIC_CHOICE_SCRIPT % json.dumps(spec).replace("<", "\\u003c")


# -- links: every claim to its archived bytes -------------------------------------------------------

#: The page serving a claim's archived response (its HTTP payload, from the WARC record).
WARC_ROUTE = r"^/-/warc/(?P<claim_id>[^/]+)$"
#: Columns holding the URL of the page a claim was read from -> the column of the same row with that claim's id.
URL_CLAIM_COLUMNS = {"document_url": "claim_id", "other_document_url": "other_claim_id"}


def warc_url(datasette, claim_id: str) -> str:
    return datasette.urls.path("/-/warc/" + quote(str(claim_id), safe=""))


def _cell(row, column: str):
    try:
        return row[column]
    except (IndexError, KeyError):
        return None


def _page_link(url: str) -> Markup:
    """A page's URL as a link, or as text when it is a loopback address (the demo's site, gone once it stops)."""
    link = live_url(url)
    if link:
        return Markup('<a href="{0}" rel="noopener noreferrer">{1}</a>').format(link, url)
    return Markup('<span class="gone" title="a local address, gone once its server stopped">{0}</span>').format(url)


def render_cell(row, value, column: str, table: str | None, database: str, datasette) -> Markup | None:
    """Links to archived copies: a claim's ``version_id`` and page URL lead to ``/-/warc/<claim id>``; a loopback
    URL is not a link (the report does the same)."""
    if database != DB_NAME:
        return None
    if table == "claims" and column == "version_id" and value is not None:
        if isinstance(value, dict):  # the table page expands a foreign key to {"value", "label"}
            value = value.get("value")
        version = datasette.urls.table(DB_NAME, "document_versions") + "/" + quote(str(value), safe="")
        return Markup('<a href="{0}">{1}</a><br><a class="archived-copy" href="{2}">archived bytes</a>').format(
            version, value, warc_url(datasette, _cell(row, "id")))
    if column == "archived_copy" and isinstance(value, str) and value.startswith("/-/warc/"):
        return Markup('<a class="archived-copy" href="{0}">archived bytes</a>').format(
            datasette.urls.path(value))
    if column in URL_CLAIM_COLUMNS and isinstance(value, str) and value:
        claim_id = _cell(row, URL_CLAIM_COLUMNS[column])
        if not claim_id or _cell(row, "archived_copy"):
            return _page_link(value) if loopback_host(value) else None
        return _page_link(value) + Markup('<br><a class="archived-copy" href="{0}">archived copy</a>').format(
            warc_url(datasette, claim_id))
    if isinstance(value, str) and value.startswith(("http://", "https://")) and loopback_host(value):
        return _page_link(value)
    return None


def _header_value(text: str) -> str:
    """A header-safe value: no line breaks, non-ASCII percent-encoded."""
    return quote(" ".join(str(text).split()), safe=" !\"#$%&'()*+,-./:;<=>?@[]^_`{|}~")


async def warc_record_page(request, datasette):
    """``/-/warc/<claim id>``: the claim's archived HTTP payload, as the page was served when it was fetched.

    Served with the archived content type, in a sandbox (no script runs, no resource is fetched); the
    ``X-WARC-*`` headers name the file, offset and record. A claim, record or file that is missing is a 404
    with one line saying which.
    """
    from datasette.utils.asgi import Response

    claim_id = request.url_vars["claim_id"]
    database = datasette.get_database(DB_NAME)
    try:
        found = (await database.execute(LOCATE_SQL, [claim_id])).first()
        location = location_from_row(claim_id, dict(found) if found else None, config.archive_dir(database.path))
        payload = await asyncio.to_thread(read_payload, location)
    except RecordError as exc:
        _log_status(exc.status, request.method, request.path, str(exc))
        return Response.text(f"{exc}\n", status=exc.status)
    headers = {"content-security-policy": ARCHIVED_PAGE_POLICY, "x-content-type-options": "nosniff",
               "referrer-policy": "no-referrer", "x-warc-file": _header_value(location.warc_file),
               "x-warc-offset": str(location.warc_offset),
               "x-warc-record-id": _header_value(location.warc_record_id or ""),
               "x-archived-url": _header_value(payload.target_uri or location.url or ""),
               "x-archived-date": _header_value(payload.date or "")}
    return Response(payload.body, status=200, headers=headers,
                    content_type=_header_value(payload.content_type or "application/octet-stream"))


#: An archived page is shown as it was, but nothing in it runs or loads (it is scraped, untrusted HTML).
ARCHIVED_PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# -- one line per rejected request ------------------------------------------------------------------

#: The request being answered: whether its line is on stderr yet, and the reason a query of it failed (a dict,
#: so a hook or the database can set it in place).
_REQUEST: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("lfrwatch_serve_request",
                                                                               default=None)


def _log(line: str) -> None:
    try:
        sys.stderr.write(f"lfrwatch serve: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _log_status(status: int, method: str, path: str, reason: str) -> None:
    """The one line of a rejected request; marks the request as logged."""
    request = _REQUEST.get()
    if request is not None:
        if request["logged"]:
            return
        request["logged"] = True
    _log(f"{status} {method} {path}: {reason}")


def _note_query_error(exception: Exception) -> None:
    """Keep a failed query's reason for the request's one line (Datasette would print the SQL and parameters)."""
    request = _REQUEST.get()
    if request is not None and request["reason"] is None:
        message = " ".join(str(exception).split())[:300]
        request["reason"] = f"{type(exception).__name__}: {message}"


def _log_error(request, exception) -> None:
    status = getattr(exception, "status", 500)
    message = " ".join(str(getattr(exception, "message", None) or exception).split())[:300]
    _log_status(status, request.method, request.path, f"{type(exception).__name__}: {message}")


def _install_datasette_hooks() -> None:
    """lfrwatch's Datasette plugin: one stderr line per request that ends in an error (Datasette still renders
    its error page), the checked ``metric`` parameter and its choice, links to archived copies, and the
    ``/-/warc/<claim id>`` page."""
    from datasette import hookimpl
    from datasette.plugins import pm

    # Datasette's own handler prints a rich traceback with every local variable when `rich` is importable
    # (it is, through another dependency): tens of KB and most of a second per rejected query.
    handler_module = importlib.import_module("datasette.handle_exception")
    if getattr(handler_module, "rich", None) is not None:
        handler_module.rich = None

    class LfrwatchServe:  # a plugin is registered as a class (Datasette lists plugins by __name__)
        @staticmethod
        @hookimpl
        def handle_exception(datasette, request, exception):
            _log_error(request, exception)

        @staticmethod
        @hookimpl
        def register_magic_parameters(datasette):
            return [("metric", checked_metric)]

        @staticmethod
        @hookimpl
        def extra_body_script(template, database, table, columns, view_name, request, datasette):
            if database != DB_NAME or request is None:
                return None
            return metric_choice_script(request.url_vars.get("table")) or (
                COLUMN_NOTES_SCRIPT if view_name == "table" else None)

        @staticmethod
        @hookimpl
        def render_cell(row, value, column, table, database, datasette):
            return render_cell(row, value, column, table, database, datasette)

        @staticmethod
        @hookimpl
        def register_routes(datasette):
            return [(WARC_ROUTE, warc_record_page)]

    name = "lfrwatch-serve"
    if pm.get_plugin(name) is None:
        pm.register(LfrwatchServe, name=name)


def read_only_app(app):
    """The ASGI app, refusing with 405 every HTTP method but GET and HEAD, and logging one line for every
    answer of 400 or more that no hook has logged (a missing static file, a query's error)."""
    body = b'{"ok": false, "error": "Method Not Allowed: this server is read-only", "status": 405}'

    async def asgi(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope["method"] not in READ_METHODS:
            _log(f"405 {scope['method']} {scope.get('path', '')}: refused (read-only server)")
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                    (b"allow", ", ".join(READ_METHODS).encode()),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        request, status = {"logged": False, "reason": None}, []
        token = _REQUEST.set(request)

        async def noting_send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await app(scope, receive, noting_send)
        finally:
            _REQUEST.reset(token)
        if status and status[0] >= 400 and not request["logged"]:
            _log(f"{status[0]} {scope['method']} {scope.get('path', '')}: "
                 f"{request['reason'] or HTTPStatus(status[0]).phrase}")

    return asgi


def build_datasette(db_path: str | Path):
    """A Datasette instance serving ``db_path`` read-only under the name ``lfrwatch``."""
    from datasette.app import Datasette
    from datasette.database import Database

    class ReadOnlyDatabase(Database):
        def connect(self, write: bool = False):
            # ?mode=ro, even for Datasette's write connection; no function that reaches past the data.
            return add_functions(harden_connection(super().connect(write=False)))

        async def execute(self, sql, params=None, truncate=False, custom_time_limit=None, page_size=None,
                          log_sql_errors=True):
            # A failed query's reason goes into the request's one stderr line, not a dump of its SQL and parameters.
            try:
                return await super().execute(sql, params, truncate=truncate, custom_time_limit=custom_time_limit,
                                             page_size=page_size, log_sql_errors=False)
            except sqlite3.DatabaseError as exc:
                _note_query_error(exc)
                raise

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
    from lfrwatch.timeline import rebuild_derived

    db = store.open_db(db_path, create=False)
    if refresh:
        rebuild_derived(db)  # in bounded memory, whatever the number of claims
        records.refresh_comparisons(db)
    db.close()
    uvicorn.run(read_only_app(build_datasette(db_path).app()), host=HOST, port=port, log_level="warning",
                lifespan="on")
