"""The derived tables rebuilt in bounded memory: the claims read from SQL in passes, grouped in temporary tables.

:func:`rebuild_derived` writes the rows :func:`~lfrwatch.timeline.derived.refresh_derived` writes (the same
rows, in the same order, byte for byte), from the same functions, without holding every claim at once:

1. each current claim is read once, a document at a time, and given its date, claimant organisation and
   counted organisation as :func:`~lfrwatch.timeline.analysis.load_claims` gives them ("the force said" is
   resolved within its document); its group key and its place among the group's claims go into a temporary
   table, with nothing else of it;
2. the documents carrying a claim that another document carries too are compared for syndication
   (:func:`~lfrwatch.timeline.syndication.copies_in_order`), streamed from SQL in the order they are judged in;
3. the claims are read again from that table, group by group (a group's first claim whole, from the store),
   and each group made (:func:`~lfrwatch.timeline.grouping.make_group`) and kept as its rows of the derived
   tables in two more temporary tables; only the figure groups that a conflict rule can compare stay in
   memory, in the few fields the rules read;
4. the conflicts are found among those (:func:`~lfrwatch.timeline.conflict_rules.find_conflicts`), the groups
   numbered in their order, and the derived tables replaced by the temporary tables' rows in one transaction
   (``insert ... select``), the rows of the groups in a conflict then given their conflicts.

Memory: one document's claims, one group's claims, the comparable figure groups' few fields, the syndication
index of the documents that share claims, and the people's organisations. SQLite's temporary tables spill to
a temporary file. Steps 1-3 read one snapshot of the file (a read transaction); the tables are marked current
as of the change counter of that snapshot, so a write made during the rebuild leaves them stale.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from itertools import groupby
from operator import itemgetter
from typing import Any, Iterator

import sqlite_utils

from lfrwatch import store
from lfrwatch.timeline.analysis import attribute_claims, conflict_kinds
from lfrwatch.timeline.claimants import COUNTED_ORG_REACH, FORCE_METRICS, person_orgs
from lfrwatch.timeline.conflict_rules import find_conflicts
from lfrwatch.timeline.derived import (CONFLICT_COLUMNS, DERIVED_TABLES, GROUP_COLUMNS, SOURCE_COLUMNS,
                                      TIMELINE_ROW_COLUMNS, _bulk_objects, _derived_state, _json, group_row,
                                      mark_built, source_rows)
from lfrwatch.timeline.grouping import group_key_json, group_order, make_group
from lfrwatch.timeline.qualifiers import comparable_period, is_cumulative
from lfrwatch.timeline.syndication import copies_in_order

logger = logging.getLogger(__name__)

_SELECT, _FROM = store.CLAIM_SELECT.split("from claims c", 1)
#: The columns of a claim, as :func:`lfrwatch.store.list_claims` gives them.
_CLAIM_COLUMNS = _SELECT.strip()[len("select"):].strip()
_JOINS = _FROM.strip()  # "join documents d on ... join document_versions v on ..."

#: Pass 1: every current claim with what its date, organisations and place in a group need, a document at a time.
_READ_BY_DOCUMENT = (
    f"select {_CLAIM_COLUMNS}, c.rowid as claim_rowid, "
    "coalesce(c.claimed_on, d.published, v.fetched_at) as listed_on, "
    "case when c.kind = 'figure' and c.metric in (select value from json_each(:force_metrics)) and c.start "
    "then substr(v.text, max(1, c.start + 1 - :reach), min(c.start, :reach)) end as words_before "
    f"from claims c {_JOINS} where c.version_id = d.current_version_id order by c.document_id"
)
_ORDER_COLUMNS = ("group_key", "member_date", "member_published", "document_id", "member_start", "listed_on",
                  "listed_start", "claim_rowid")
#: What making a group reads of its claims but the first (see :func:`_claims_by_group`).
_MEMBER_FIELDS = ("id", "kind", "document_url", "publisher", "published", "speaker", "role", "org", "claimed_on",
                  "date_basis", "claimant_org", "counted_org")
_KEY_COLUMNS = _ORDER_COLUMNS + _MEMBER_FIELDS
#: Claims' group keys; a group's claims in :func:`~lfrwatch.timeline.grouping.member_order`, ties in the order
#: :func:`lfrwatch.store.list_claims` gives them (date, document, place in the text); and what a group needs
#: of each. The index holds every column: pass 2 reads it alone, in its order.
_CREATE_KEYS = f"create temp table lfrwatch_claim_keys ({', '.join(_KEY_COLUMNS)})"
_INDEX_KEYS = f"create index temp.lfrwatch_claim_keys_order on lfrwatch_claim_keys ({', '.join(_KEY_COLUMNS)})"
#: Pass 2: the claims again, group by group, with what pass 1 gave each.
_READ_BY_GROUP = (f"select {', '.join(_KEY_COLUMNS)} from lfrwatch_claim_keys "
                  f"order by {', '.join(_ORDER_COLUMNS)}")
#: A group's first claim, whole, as :func:`lfrwatch.store.list_claims` gives it.
_READ_CLAIM = f"select {_CLAIM_COLUMNS} from claims c {_JOINS} where c.rowid = ?"
#: Pass 2 keeps each group as its rows of the derived tables: its ``claim_groups`` columns (``g_`` + name), its
#: place in the groups' order (``o_`` + the parts of group_order; ``position`` once numbered) and, for a figure,
#: its ``timeline_rows`` JSON; its sources in a table of their own, in their order.
_GROUP_TEMP_COLUMNS = ("o_first_seen", "o_kind", "o_metric", "o_claimant_org", "o_group_id", "position",
                       *(f"g_{c}" for c in GROUP_COLUMNS), "row")
_CREATE_GROUPS = f"create temp table lfrwatch_groups ({', '.join(_GROUP_TEMP_COLUMNS)})"
_GROUP_ORDER = "o_first_seen, o_kind, o_metric, o_claimant_org, o_group_id"
_CREATE_SOURCES = f"create temp table lfrwatch_sources ({', '.join(SOURCE_COLUMNS)})"
_TEMP_TABLES = ("lfrwatch_claim_keys", "lfrwatch_groups", "lfrwatch_sources", "lfrwatch_shared_documents")
#: The fields of a figure group that the conflict rules read (its text and addresses are read back for the
#: few groups in a conflict).
_CONFLICT_FIELDS = ("group_id", "id", "kind", "metric", "unit", "value", "qualifier", "period", "period_start",
                    "period_end", "as_of", "first_seen", "claimant_org", "counted_org")
_CONFLICT_TEXT_FIELDS = ("text", "document_url", "publisher")
_BATCH = 5000


def rebuild_derived(db: sqlite_utils.Database, busy_ms: int = 2000) -> list[dict[str, Any]] | None:
    """Rewrite the derived tables from the current claims in bounded memory; the conflicts written.

    None when the file cannot be written (read-only, or another writer holds it for more than ``busy_ms``),
    or SQLite cannot do the work (no room for its temporary file...): the tables are left as they were.
    """
    conn = db.conn
    owns_transaction = not conn.in_transaction
    try:
        for table in _TEMP_TABLES:
            conn.execute(f"drop table if exists temp.{table}")
        if owns_transaction:
            conn.execute("begin")  # one snapshot for every read below
        with _bulk_objects():
            return _rebuild(db, busy_ms, owns_transaction)
    except sqlite3.OperationalError as exc:  # derived data: the caller reads the claims another way
        logger.warning("derived timeline tables not rebuilt: %s", exc)
        return None
    finally:
        if owns_transaction and conn.in_transaction:
            conn.rollback()
        for table in _TEMP_TABLES:
            conn.execute(f"drop table if exists temp.{table}")


def _rebuild(db: sqlite_utils.Database, busy_ms: int, owns_transaction: bool) -> list[dict[str, Any]] | None:
    conn = db.conn
    state = _derived_state(db)
    conn.execute(_CREATE_KEYS)
    _write_claim_keys(db)
    conn.execute(_INDEX_KEYS)
    copies, urls = _copies(db)
    conn.execute(_CREATE_GROUPS)
    conn.execute(_CREATE_SOURCES)
    comparable = _write_groups(db, copies, urls)
    if owns_transaction:
        conn.commit()  # ends the read; the temporary tables stay
    conflicts = find_conflicts(sorted(comparable, key=group_order))
    comparable = None
    in_conflict = conflict_kinds(conflicts)
    _number_groups(db)
    if owns_transaction:
        conn.commit()  # the numbering of the temporary table
    _fill_conflict_texts(db, conflicts)
    if not _write_tables(db, conflicts, in_conflict, state, busy_ms):
        return None
    return conflicts


def _claims_by_document(db: sqlite_utils.Database) -> Iterator[list[dict[str, Any]]]:
    cursor = db.execute(_READ_BY_DOCUMENT, {"force_metrics": json.dumps(sorted(FORCE_METRICS)),
                                            "reach": COUNTED_ORG_REACH})
    keys = [d[0] for d in cursor.description]
    for _, rows in groupby((dict(zip(keys, row)) for row in cursor), key=itemgetter("document_id")):
        yield list(rows)


def _write_claim_keys(db: sqlite_utils.Database) -> None:
    """Pass 1: each claim's date, organisations, group key and order, a document at a time."""
    orgs = person_orgs(db)
    insert = f"insert into lfrwatch_claim_keys values ({', '.join('?' * len(_KEY_COLUMNS))})"
    batch: list[tuple] = []
    for claims in _claims_by_document(db):
        attribute_claims(claims, orgs, lambda claim: claim.pop("words_before"))
        for claim in claims:
            batch.append((group_key_json(claim), claim["claimed_on"] or "9999", claim.get("published") or "",
                          claim["document_id"], claim.get("start") or 0, claim["listed_on"], claim["start"],
                          claim["claim_rowid"], *map(claim.get, _MEMBER_FIELDS)))
        if len(batch) >= _BATCH:
            db.conn.executemany(insert, batch)
            batch = []
    db.conn.executemany(insert, batch)


def _copies(db: sqlite_utils.Database) -> tuple[dict[int, int], dict[int, str]]:
    """Syndicated copies among the documents that share a claim, and the address of each original."""
    db.execute("create temp table lfrwatch_shared_documents (id integer primary key)")
    db.execute("insert into lfrwatch_shared_documents select distinct document_id from lfrwatch_claim_keys "
               "where group_key in (select group_key from lfrwatch_claim_keys group by group_key "
               "having count(distinct document_id) > 1)")
    documents = db.execute(
        "select id, published, sha256, text from documents where id in (select id from lfrwatch_shared_documents) "
        "order by case when published is null or published = '' then '9999' else published end, id")
    keys = [d[0] for d in documents.description]
    copies = copies_in_order(dict(zip(keys, row)) for row in documents)
    originals = sorted(set(copies.values()))
    urls = dict(db.execute("select id, canonical_url from documents where id in (select value from json_each(?))",
                           [json.dumps(originals)]).fetchall()) if originals else {}
    return copies, urls


def _claims_by_group(db: sqlite_utils.Database) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each group key with its claims in order: the first whole (a group is a copy of it, and its fields are
    in the order :func:`~lfrwatch.timeline.analysis.load_claims` gives them), the others with what
    :func:`~lfrwatch.timeline.grouping.make_group` reads of them."""
    cursor = db.execute(_READ_BY_GROUP)
    start = len(_ORDER_COLUMNS)
    read_claim = db.conn.cursor()
    for group_key, rows in groupby(cursor, key=itemgetter(0)):
        rows = list(rows)
        first = read_claim.execute(_READ_CLAIM, [rows[0][_ORDER_COLUMNS.index("claim_rowid")]])
        keys = [d[0] for d in first.description]
        claim = dict(zip(keys, first.fetchone()))
        claim["claimed_on"], claim["date_basis"], claim["claimant_org"], claim["counted_org"] = rows[0][-4:]
        members = [claim]
        for row in rows[1:]:
            member = dict(zip(_MEMBER_FIELDS, row[start:]))
            member["document_id"], member["start"] = row[3], row[6]
            members.append(member)
        yield group_key, members


def _write_groups(db: sqlite_utils.Database, copies: dict[int, int],
                  urls: dict[int, str]) -> list[dict[str, Any]]:
    """Pass 2: each group made and kept as its rows; the comparable figure groups' fields for the conflict rules."""
    insert_group = f"insert into lfrwatch_groups values ({', '.join('?' * len(_GROUP_TEMP_COLUMNS))})"
    insert_source = f"insert into lfrwatch_sources values ({', '.join('?' * len(SOURCE_COLUMNS))})"
    comparable = []
    groups: list[tuple] = []
    sources: list[tuple] = []
    for group_key, members in _claims_by_group(db):
        group = make_group(group_key, members, copies, urls)
        row = group_row(group)
        groups.append((*group_order(group), None, *map(row.__getitem__, GROUP_COLUMNS),
                       _json(group) if group["kind"] == "figure" else None))
        sources += source_rows(group)
        if group["kind"] == "figure" and group.get("value") is not None and group.get("claimant_org") \
                and (is_cumulative(group) or comparable_period(group) is not None):
            slim = {k: group.get(k) for k in _CONFLICT_FIELDS}
            slim["sources"] = [{"document_id": s["document_id"]} for s in group["sources"]]
            comparable.append(slim)
        if len(groups) >= _BATCH or len(sources) >= _BATCH:
            db.conn.executemany(insert_group, groups)
            db.conn.executemany(insert_source, sources)
            groups, sources = [], []
    db.conn.executemany(insert_group, groups)
    db.conn.executemany(insert_source, sources)
    return comparable


def _number_groups(db: sqlite_utils.Database) -> None:
    """Each group's position in the groups' order (:func:`~lfrwatch.timeline.grouping.group_order`)."""
    db.execute(f"create index temp.lfrwatch_groups_order on lfrwatch_groups ({_GROUP_ORDER})")
    ordered = db.execute(f"select rowid from lfrwatch_groups order by {_GROUP_ORDER}").fetchall()
    db.conn.executemany("update lfrwatch_groups set position = ? where rowid = ?",
                        ((position, rowid) for position, (rowid,) in enumerate(ordered)))
    ordered = None
    db.execute("create index temp.lfrwatch_groups_position on lfrwatch_groups (position)")
    db.execute("create index temp.lfrwatch_groups_id on lfrwatch_groups (g_id)")
    db.execute("create index temp.lfrwatch_sources_group on lfrwatch_sources (group_id)")


def _fill_conflict_texts(db: sqlite_utils.Database, conflicts: list[dict[str, Any]]) -> None:
    """The text, address and publisher of each side of each conflict, read back from its group's row."""
    for conflict in conflicts:
        for prefix in ("", "other_"):
            found = db.execute("select g_text, g_document_url, g_publisher from lfrwatch_groups where g_id = ?",
                               [conflict[f"{prefix}group_id"]]).fetchone()
            for name, value in zip(_CONFLICT_TEXT_FIELDS, found):
                conflict[f"{prefix}{name}"] = value


def _write_tables(db: sqlite_utils.Database, conflicts: list[dict[str, Any]], in_conflict: dict[str, list[str]],
                  state: tuple | None, busy_ms: int) -> bool:
    """Step 4, in one transaction: False when the file cannot be written."""
    group_names = ", ".join(f'"{c}"' for c in GROUP_COLUMNS)
    temp_names = ", ".join(f"g_{c}" for c in GROUP_COLUMNS)
    row_names = ", ".join(f'"{c}"' for c in TIMELINE_ROW_COLUMNS)
    source_names = ", ".join(f'"{c}"' for c in SOURCE_COLUMNS)
    conflict_names = ", ".join(f'"{c}"' for c in CONFLICT_COLUMNS)
    previous = db.execute("pragma busy_timeout").fetchone()[0]
    try:
        db.execute(f"pragma busy_timeout = {int(busy_ms)}")
        with db.atomic():
            for table in DERIVED_TABLES:
                db.execute(f"delete from {table}")
            db.execute(f"insert into claim_groups ({group_names}, position) select {temp_names}, position "
                       "from lfrwatch_groups order by position")
            db.execute(f"insert into timeline_rows ({row_names}) select position, g_id, g_metric, g_first_seen, "
                       "g_claimant_org, g_claimant, g_org, g_publisher, row from lfrwatch_groups "
                       "where g_kind = 'figure' order by position")
            db.execute(f"insert into claim_group_sources ({source_names}) select "
                       + ", ".join(f"s.{c}" for c in SOURCE_COLUMNS)
                       + " from lfrwatch_groups g join lfrwatch_sources s on s.group_id = g.g_id "
                       "order by g.position, s.rowid")
            db.conn.executemany(f"insert into conflicts ({conflict_names}) values "
                                f"({', '.join('?' * len(CONFLICT_COLUMNS))})",
                                (tuple(c.get(k) for k in CONFLICT_COLUMNS) for c in conflicts))
            for group_id, kinds in in_conflict.items():
                db.execute("update claim_groups set conflict_count = ? where id = ?", [len(kinds), group_id])
                position, data = db.execute("select position, row from lfrwatch_groups where g_id = ?",
                                            [group_id]).fetchone()
                if data is not None:  # a figure's row: its conflicts in its JSON too
                    group = json.loads(data)
                    group["conflicts"] = list(kinds)
                    db.execute("update timeline_rows set row = ? where position = ?", [_json(group), position])
            mark_built(db, state[0] if state else None)
    except sqlite3.OperationalError as exc:  # read-only or locked: derived data, not worth failing a read for
        logger.info("derived timeline tables not rebuilt: %s", exc)
        return False
    finally:
        db.execute(f"pragma busy_timeout = {int(previous)}")
    return True
