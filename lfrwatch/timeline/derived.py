"""The derived tables: the analysis stored for SQL users (Datasette) and for reading a timeline by index.

:func:`refresh_derived` writes an :class:`~lfrwatch.timeline.analysis.Analysis`
into ``claim_groups``, ``claim_group_sources``, ``conflicts`` and
``timeline_rows`` in one transaction. Triggers count every write the analysis
depends on (``derived_state``, kept by :mod:`lfrwatch.store`), and the tables
record which count and which code (:func:`code_fingerprint`) they were built
from, so :func:`derived_current` knows when they can be read as they are:
:func:`iter_stored_figures` then reads a metric's rows from ``timeline_rows`` by
index, the same rows the analysis gives.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

try:
    import orjson  # a pinned dependency: decodes the stored timeline rows 2-3 times faster than json
except ImportError:  # pragma: no cover - the same rows, only slower
    orjson = None

from lfrwatch import store
from lfrwatch.nlp import lexicon
from lfrwatch.timeline.analysis import Analysis, analyse
from lfrwatch.timeline.claimants import normalise_org


GROUP_COLUMNS = (
    "id", "kind", "metric", "value", "unit", "qualifier", "period", "period_start", "period_end", "as_of", "text",
    "speaker", "role", "org", "claimant", "claimant_org", "first_seen", "last_seen", "date_basis", "repeat_count",
    "independent_count", "claim_id", "document_url", "publisher", "conflict_count",
)


def group_row(group: dict[str, Any]) -> dict[str, Any]:
    """A claim group as a flat ``claim_groups`` row."""
    row = {k: group.get(k) for k in GROUP_COLUMNS}
    row.update({"id": group["group_id"], "claim_id": group["id"], "conflict_count": len(group["conflicts"])})
    return row


TIMELINE_ROW_COLUMNS = ("position", "group_id", "metric", "first_seen", "claimant_org", "claimant", "org", "publisher",
                        "row")
SOURCE_COLUMNS = ("group_id", "claim_id", "document_url", "publisher", "published", "claimed_on", "syndicated_from")


def source_rows(group: dict[str, Any]) -> list[tuple]:
    """A claim group's sources, in their order, as ``claim_group_sources`` rows (:data:`SOURCE_COLUMNS`)."""
    return [(group["group_id"], source["claim_id"], source["url"], source["publisher"], source["published"],
             source["claimed_on"], source["syndicated_from"]) for source in group["sources"]]


CONFLICT_COLUMNS = ("id", "kind", "metric", "other_metric", "claimant_org", "reason") + tuple(
    f"{prefix}{name}" for prefix in ("", "other_") for name in (
        "group_id", "claim_id", "claimed_on", "value", "qualifier", "period", "text", "document_url", "publisher"))


@contextlib.contextmanager
def _bulk_objects():
    """No cyclic garbage collection while many acyclic dicts and lists are made (it would walk them again and again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def code_files() -> list[Path]:
    """The source files the derived tables are computed by: every timeline and store module, and the aliases.

    The timeline's modules, the store's (its queries, triggers and ids) and the
    organisation alias table (``nlp/lexicon.py``, read by
    :func:`~lfrwatch.timeline.claimants.normalise_org`).
    """
    timeline_files = sorted(Path(__file__).parent.glob("*.py"))
    store_files = sorted(Path(store.__file__).parent.glob("*.py"))
    return [*timeline_files, *store_files, Path(lexicon.__file__)]


@functools.cache
def code_fingerprint() -> str:
    """A hash of :func:`code_files`: a change to any of them makes the stored tables stale (:func:`derived_current`)."""
    digest = hashlib.sha1()
    for module_file in code_files():
        digest.update(module_file.name.encode())
        try:
            digest.update(module_file.read_bytes())
        except OSError:
            digest.update(str(module_file).encode())
    return digest.hexdigest()[:16]


def _derived_state(db: sqlite_utils.Database) -> tuple[int, int | None, str | None] | None:
    """(data_version, built_version, built_code) with every counting trigger in place, else None (unknown)."""
    try:
        row = db.execute("select data_version, built_version, built_code from derived_state "
                         "where name = 'timeline'").fetchone()
        triggers = store.derived_triggers()
        found = db.execute(f"select count(*) from sqlite_master where type = 'trigger' and name in "
                           f"({', '.join('?' * len(triggers))})", list(triggers)).fetchone()[0]
    except sqlite3.OperationalError:  # no derived_state table: a database not migrated by this lfrwatch
        return None
    if row is None or found != len(triggers):
        return None
    return row[0], row[1], row[2]


def derived_current(db: sqlite_utils.Database) -> bool:
    """Whether the derived tables were computed, by this code, from the claims as they are now."""
    state = _derived_state(db)
    return state is not None and state[1] is not None and state[0] == state[1] and state[2] == code_fingerprint()


def refresh_derived(db: sqlite_utils.Database, analysis: Analysis | None = None) -> Analysis:
    """Rewrite ``claim_groups``, ``claim_group_sources`` and ``conflicts`` from the current claims, atomically.

    The tables are marked current as of the change counter read before the
    claims were (a write during the analysis leaves them stale); an
    ``analysis`` passed in is of unknown age, so its tables are not.
    """
    state = _derived_state(db) if analysis is None else None
    with _bulk_objects():
        analysis = analysis or analyse(db)
        write_derived(db, analysis, built_version=state[0] if state else None)
    return analysis


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def write_derived(db: sqlite_utils.Database, analysis: Analysis, *, built_version: int | None) -> None:
    """Replace the derived tables' rows with ``analysis`` in one transaction and record what they were built from.

    ``timeline_rows`` holds each figure group exactly as :meth:`Analysis.figures`
    gives it, so :func:`iter_stored_figures` gives the same rows.
    """
    group_columns = GROUP_COLUMNS + ("position",)
    group_rows = ((*map(row.__getitem__, GROUP_COLUMNS), position)
                  for position, group in enumerate(analysis.groups) for row in (group_row(group),))
    # Generators: one figure's JSON at a time, not all of them at once.
    timeline_rows = (
        (position, group["group_id"], group.get("metric"), group["first_seen"], group.get("claimant_org"),
         group.get("claimant"), group.get("org"), group.get("publisher"), _json(group))
        for position, group in enumerate(analysis.groups) if group["kind"] == "figure"
    )
    sources = (row for group in analysis.groups for row in source_rows(group))
    conflict_rows = (tuple(c.get(k) for k in CONFLICT_COLUMNS) for c in analysis.conflicts)

    def insert(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        db.conn.executemany(f"insert into {table} ({names}) values ({', '.join('?' * len(columns))})", rows)

    with db.atomic():
        for table in DERIVED_TABLES:
            db.execute(f"delete from {table}")
        insert("claim_groups", group_columns, group_rows)
        insert("timeline_rows", TIMELINE_ROW_COLUMNS, timeline_rows)
        insert("claim_group_sources", SOURCE_COLUMNS, sources)
        insert("conflicts", CONFLICT_COLUMNS, conflict_rows)
        mark_built(db, built_version)


#: The tables :func:`write_derived` replaces (emptied in this order).
DERIVED_TABLES = ("claim_group_sources", "claim_groups", "conflicts", "timeline_rows")


def mark_built(db: sqlite_utils.Database, built_version: int | None) -> None:
    """Record, in the transaction that wrote the derived tables, which change count and code they were built from."""
    if db["derived_state"].exists():
        store.ensure_derived_state(db)
        db.execute("update derived_state set built_version = ?, built_code = ?, built_at = ? "
                   "where name = 'timeline'", [built_version, code_fingerprint(), store.utcnow()])


def _casefold(value: Any) -> str:
    return str(value or "").casefold()


def iter_stored_figures(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
                        since: str | None = None, limit: int | None = None,
                        offset: int = 0) -> Iterator[dict[str, Any]]:
    """:meth:`Analysis.figures` for ``metric``, filtered and paged as :func:`~lfrwatch.timeline.queries.timeline`
    does, from ``timeline_rows``.

    Only meaningful while :func:`derived_current`. ``timeline_rows`` is read
    by its ``(metric, position)`` index (the page too: ``limit``/``offset`` in
    SQL); ``claimant`` matches as :func:`~lfrwatch.timeline.queries._matches_org`
    does (Python's casefold, registered as a function). Each row's JSON is read as UTF-8
    bytes and decoded by orjson when it is installed (json otherwise, and for
    what orjson refuses, such as the ``NaN`` json writes for a float NaN).
    """
    where, params = ["metric = :metric"], {"metric": metric}
    if since:
        where.append("first_seen >= :since")
        params["since"] = since
    if claimant:
        db.conn.create_function("lfrwatch_casefold", 1, _casefold, deterministic=True)
        params["wanted"] = (normalise_org(claimant) or claimant).casefold()
        params["needle"] = claimant.casefold()
        where.append("(lfrwatch_casefold(claimant_org) = :wanted or " + " or ".join(
            f"instr(lfrwatch_casefold({column}), :needle) > 0"
            for column in ("claimant_org", "claimant", "org", "publisher")) + ")")
    sql = f"select cast(row as blob) from timeline_rows where {' and '.join(where)} order by position"
    if limit is not None or offset:
        sql += " limit :limit offset :offset"
        params.update(limit=-1 if limit is None else limit, offset=offset)
    yield from _decoded(db.execute(sql, params))


def _decode_rows(cursor: Iterable[tuple[bytes]]) -> list[dict[str, Any]]:
    """Each stored row's JSON (UTF-8 bytes) as a dict (see :func:`_decoded`)."""
    return list(_decoded(cursor))


def _decoded(cursor: Iterable[tuple[bytes]]) -> Iterator[dict[str, Any]]:
    """Each stored row's JSON (UTF-8 bytes) as a dict, one at a time.

    orjson gives what json does for what :func:`write_derived` writes, but
    for one thing it cannot: an integer beyond 64 bits, which orjson reads as
    a float. Every integer in a row comes from SQLite, whose integers are 64-bit.
    """
    if orjson is None:
        for (data,) in cursor:
            yield json.loads(data)
        return
    loads, refused = orjson.loads, orjson.JSONDecodeError
    for (data,) in cursor:
        try:
            yield loads(data)
        except refused:  # NaN or Infinity: json writes them for a float NaN or infinity, orjson refuses them
            yield json.loads(data)
