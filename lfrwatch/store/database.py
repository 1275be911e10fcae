"""Opening the database: the connection, its write transactions, and the errors the store raises.

:func:`open_db` creates the file if needed, sets WAL mode and the busy timeout,
and applies the migrations it has not had (:func:`lfrwatch.store.schema.migrate`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Iterator

import sqlite_utils

from lfrwatch.store.schema import migrate


class StoreError(RuntimeError):
    """A database problem worth one clear line to the user."""


class DatabaseLockedError(StoreError):
    pass


class Database(sqlite_utils.Database):
    """sqlite-utils' Database, whose transactions take the write lock as they begin (``BEGIN IMMEDIATE``).

    ``lfrwatch run`` extracts claims while its crawl stores documents: two
    writers. A plain ``BEGIN`` transaction that reads and then writes fails at
    once with "database is locked", without waiting, when the other writer
    committed in between (SQLite cannot move its snapshot forward); one that
    takes the write lock first just waits its turn, up to the busy timeout.
    On a read-only file the transaction falls back to ``BEGIN``.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator["Database"]:
        if self.conn.in_transaction:
            with super().atomic():  # a savepoint inside the open transaction
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "read-only" not in str(exc):
                raise
            self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def default_timeout() -> float:
    """How long, in seconds, a writer waits for another before giving up: ``$LFRWATCH_DB_TIMEOUT``, else 10."""
    return float(os.environ.get("LFRWATCH_DB_TIMEOUT", "10"))


def open_db(path: str | Path, *, create: bool = True, timeout: float | None = None) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the database at ``path``.

    WAL mode lets researchers read while a crawl writes; ``timeout`` is how long
    a writer waits for another before :class:`DatabaseLockedError` (default 10 s,
    or ``$LFRWATCH_DB_TIMEOUT``).
    """
    if timeout is None:
        timeout = default_timeout()
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"no database at {path} (run `lfrwatch crawl` or `lfrwatch demo` first)")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=timeout)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        # After a large transaction (a timeline refresh) the WAL file is truncated back to this size
        # at the next checkpoint, instead of keeping its high-water mark (1 GB on a 1M-claim database).
        db.execute("PRAGMA journal_size_limit = 67108864")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise _store_error(exc, path) from exc
    return db


def _store_error(exc: sqlite3.DatabaseError, path: Path | str) -> StoreError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(f"database {path} is locked by another lfrwatch run: {message}")
    return StoreError(f"database {path}: {message}")
