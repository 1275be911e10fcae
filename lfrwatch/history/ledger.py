"""The backfill's ledger: what it has asked the archive and what became of each capture, so a run resumes.

One SQLite file beside the database (``lfrwatch.db`` -> ``lfrwatch.backfill.sqlite3``), like the HTTP cache's
files: it holds the backfill's working state, not lfrwatch's data, and deleting it costs only work done again
(documents already stored are still skipped, by URL). Two tables:

- ``listings``: each CDX query (its text is the key), the resume key of its next page while it is being paged
  through, and when it was answered whole;
- ``captures``: one row per article (its address without scheme, ``www.`` or tracking parameters), with the
  capture chosen for it (the earliest good one seen so far), and one per feed or listing capture read; each
  with its state: ``pending`` (to fetch), ``stored``, ``unchanged`` (the same text was stored already),
  ``irrelevant`` (read, not about facial recognition), ``unreadable`` (no article in it; reported once),
  ``failed`` (reported; asked again next run),
  ``read`` (a feed or listing capture whose links were taken), ``uncaptured`` (a linked article the archive
  has no good capture of in the period).

Every change is committed at once: a run killed at any point leaves each row either before or after its step.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from lfrwatch.history.cdx import Capture

#: States after which a capture is never fetched again.
DONE_STATES = ("stored", "unchanged", "irrelevant", "unreadable", "read", "uncaptured")

_SCHEMA = """
create table if not exists listings (
    query text primary key,
    resume_key text,
    complete_at text
);
create table if not exists captures (
    key text primary key,
    source text not null,
    role text not null,
    url text not null,
    timestamp text,
    archive_url text,
    digest text,
    entry text,
    state text not null,
    reason text,
    document_id integer,
    updated_at text
);
create index if not exists captures_by_state on captures (source, state, timestamp);
"""


def ledger_path(db_path: str) -> Path:
    db = Path(db_path)
    return db.with_name(db.stem + ".backfill.sqlite3")


@dataclass
class LedgerRow:
    key: str
    source: str
    role: str
    url: str
    timestamp: str | None
    archive_url: str | None
    digest: str | None
    entry: dict[str, Any]
    state: str
    reason: str | None
    document_id: int | None


class Ledger:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.conn.execute("pragma journal_mode = wal")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # -- listings -------------------------------------------------------------

    def listing(self, query: str) -> tuple[str | None, str | None]:
        """(resume key, complete_at) of a CDX query; (None, None) when never asked."""
        row = self.conn.execute("select resume_key, complete_at from listings where query = ?", [query]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def listing_page_done(self, query: str, resume_key: str | None, now: str) -> None:
        """A page of the query's answer is in the ledger; ``resume_key`` None means the answer is whole."""
        self.conn.execute(
            "insert into listings (query, resume_key, complete_at) values (?, ?, ?) "
            "on conflict (query) do update set resume_key = excluded.resume_key, complete_at = excluded.complete_at",
            [query, resume_key, None if resume_key else now])

    # -- captures -------------------------------------------------------------

    def offer(self, key: str, source: str, role: str, capture: Capture, archive_url: str, now: str,
              entry: dict[str, Any] | None = None) -> bool:
        """Note a capture for ``key``: kept when ``key`` is new, or when it is earlier than the one chosen and
        that one is not done. True when it was kept."""
        row = self.conn.execute("select timestamp, state from captures where key = ?", [key]).fetchone()
        entry_text = json.dumps(entry or {}, ensure_ascii=False, default=str)
        if row is None:
            self.conn.execute(
                "insert into captures (key, source, role, url, timestamp, archive_url, digest, entry, state, "
                "updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                [key, source, role, capture.original, capture.timestamp, archive_url, capture.digest, entry_text,
                 now])
            return True
        timestamp, state = row
        if state in DONE_STATES and state != "uncaptured":
            return False
        if timestamp is None or capture.timestamp < timestamp:
            self.conn.execute(
                "update captures set url = ?, timestamp = ?, archive_url = ?, digest = ?, state = 'pending', "
                "reason = null, updated_at = ?, entry = case when ? != '{}' then ? else entry end where key = ?",
                [capture.original, capture.timestamp, archive_url, capture.digest, now, entry_text, entry_text, key])
            return True
        return False

    def note_uncaptured(self, key: str, source: str, url: str, entry: dict[str, Any], now: str) -> None:
        self.conn.execute(
            "insert into captures (key, source, role, url, entry, state, updated_at) "
            "values (?, ?, 'article', ?, ?, 'uncaptured', ?) on conflict (key) do nothing",
            [key, source, url, json.dumps(entry, ensure_ascii=False, default=str), now])

    def known(self, key: str) -> str | None:
        """The state of ``key``, or None when the ledger has no row for it."""
        row = self.conn.execute("select state from captures where key = ?", [key]).fetchone()
        return row[0] if row else None

    def to_fetch(self, source: str, roles: tuple[str, ...]) -> Iterator[LedgerRow]:
        """Rows of ``source`` not done yet (pending, or failed last time), earliest capture first."""
        marks = ", ".join("?" * len(roles))
        rows = self.conn.execute(
            f"select key, source, role, url, timestamp, archive_url, digest, entry, state, reason, document_id "
            f"from captures where source = ? and role in ({marks}) and state in ('pending', 'failed') "
            f"order by timestamp, key", [source, *roles]).fetchall()
        for row in rows:
            yield LedgerRow(*row[:7], json.loads(row[7] or "{}"), *row[8:])

    def settle(self, key: str, state: str, now: str, *, reason: str | None = None,
               document_id: int | None = None, archive_url: str | None = None, timestamp: str | None = None,
               url: str | None = None) -> None:
        self.conn.execute(
            "update captures set state = ?, reason = ?, document_id = coalesce(?, document_id), "
            "archive_url = coalesce(?, archive_url), timestamp = coalesce(?, timestamp), url = coalesce(?, url), "
            "updated_at = ? where key = ?",
            [state, reason, document_id, archive_url, timestamp, url, now, key])

