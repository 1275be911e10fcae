"""What every lfrwatch command shares: one-line errors with exit codes, the --db and
--format options, and table/JSON/CSV output.

It lives apart from ``cli.py`` so that modules defining their own commands
(timeline, runner, records...) can import it at the top without importing the
CLI that registers them.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sqlite3
from typing import Any, Callable, Iterable, Iterator

import click

from lfrwatch import config

try:
    import orjson  # a pinned dependency (see lfrwatch.timeline); json stays the fallback
except ImportError:  # pragma: no cover - an install without it still prints JSON
    orjson = None

EXIT_ERROR = 1
EXIT_PARTIAL = 3
EXIT_LOCKED = 4


class Failure(click.ClickException):
    """An error that ends the command with a one-line reason and an exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def translate_errors(func: Callable) -> Callable:
    """Turn the library's exceptions into one-line errors with the right exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from lfrwatch.crawl.process import BadURLError, CrawlError
        from lfrwatch.crawl.sources import ConfigError, UnknownSourceError
        from lfrwatch.store import DatabaseLockedError, StoreError

        try:
            return func(*args, **kwargs)
        except DatabaseLockedError as exc:
            raise Failure(str(exc), EXIT_LOCKED) from exc
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise Failure(f"the database is locked by another lfrwatch run ({exc})", EXIT_LOCKED) from exc
            raise Failure(f"database error: {exc}") from exc
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in lfrwatch, not a state of the file: its traceback is what to report
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed", "file is not a database"...
            raise Failure(f"database error: {exc} (damaged file? `lfrwatch verify` checks it)") from exc
        except (StoreError, ConfigError, BadURLError, CrawlError) as exc:
            raise Failure(str(exc)) from exc
        except UnknownSourceError as exc:
            raise Failure(str(exc)) from exc
        except RuntimeError as exc:
            if type(exc).__name__ == "ModelNotFoundError":
                raise Failure(str(exc)) from exc
            raise

    return wrapper


#: A day on the command line (``--since``, ``--until``): YYYY-MM-DD, anything else a usage error.
DATE = click.DateTime(formats=["%Y-%m-%d"])


def connect_scheduler(address: str):
    """A Dask client of the scheduler at ``address``, or a one-line :class:`Failure` naming it. Called before
    the database is opened, so an unreachable scheduler writes nothing."""
    from lfrwatch.history.cluster import ClusterUnreachable, connect

    try:
        return connect(address)
    except ClusterUnreachable as exc:
        raise Failure(str(exc)) from exc


def db_option(default: str | None = None, help_text: str | None = None):
    return click.option(
        "--db", "db_path", metavar="PATH", default=default,
        help=help_text or f"SQLite database (default {config.DEFAULT_DB}, or $LFRWATCH_DB).",
    )


def format_option(choices: Iterable[str] = ("table", "json", "csv"), default: str = "table"):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format: a table for people, JSON or CSV for programs.")


def open_database(db_path: str | None, *, create: bool = False):
    from lfrwatch import store

    return store.open_db(config.db_path(db_path), create=create)


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def json_text(rows: Any) -> bytes:
    """``rows`` as indented UTF-8 JSON: orjson (about ten times faster than json on a large timeline),
    json for what orjson refuses (an integer beyond 64 bits, a key that is not a string)."""
    if orjson is not None:
        try:
            return orjson.dumps(rows, option=orjson.OPT_INDENT_2)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")


def emit(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    """Print rows as a table (chosen columns), a JSON array or CSV (every field)."""
    if fmt == "json":
        click.echo(json_text(rows))  # the whole list is here: json_chunks is for rows that stream
    elif fmt == "csv":
        write_chunks(csv_chunks(rows, columns), binary=False)
    else:
        from tabulate import tabulate

        if not rows:
            click.echo("(nothing)")
            return
        click.echo(tabulate([[_cell(r.get(c)) for c in columns] for r in rows], headers=columns, tablefmt="simple"))


#: Bytes (JSON) or characters (CSV) gathered before they are written.
CHUNK = 1 << 16


def write_chunks(chunks: Iterable, *, binary: bool) -> None:
    """Print ``chunks`` (bytes, or text), gathered into writes of at least :data:`CHUNK` but the last."""
    pending, size = [], 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= CHUNK:
            click.echo((b"" if binary else "").join(pending), nl=False)
            pending, size = [], 0
    click.echo((b"" if binary else "").join(pending), nl=False)


def json_chunks(batches: Iterable[list[Any]]) -> Iterator[bytes]:
    """The rows of every batch as one JSON array and a newline, a batch at a time: one batch gives
    ``json_text(rows)`` and a newline, as :func:`emit` prints it.

    Each batch is encoded by :func:`json_text` and its brackets replaced by what joins it to its neighbours (a
    comma and a newline). Batches give the bytes one batch would when each is encoded alike: orjson encodes any
    row read from SQLite (its integers are 64-bit, its keys text), so a batch a row gives the same bytes.
    """
    opened = False
    for batch in batches:
        if not batch:
            continue
        text = json_text(batch)  # "[", a newline, the rows, a newline, "]"
        yield b",\n" + text[2:-2] if opened else text[:-2]
        opened = True
    yield b"\n]\n" if opened else b"[]\n"


def csv_chunks(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """CSV of ``rows``, a row at a time: the first row's fields are the header (``columns`` when there is no
    row), fields not in it left out."""
    buffer = io.StringIO()
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row.keys()), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if writer is None:
        csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore").writeheader()
        yield buffer.getvalue()


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="-s")
        key, value = pair.split("=", 1)
        settings[key.strip()] = value
    return settings


#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder for every call.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with lists and dicts as JSON text, for CSV."""
    return [{k: _json_text(v) if isinstance(v, (list, dict)) else v for k, v in r.items()} for r in rows]


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    """The CLI's emit, with list fields as JSON text in CSV and as comma-separated words in a table.

    A table shows ``columns`` alone, so only those are turned into text (not,
    say, every row's list of sources).
    """
    if fmt == "table":
        rows = [{k: ", ".join(map(str, v)) if isinstance(v, list) else v for k in columns for v in (r.get(k),)}
                for r in rows]
    emit(flat(rows) if fmt == "csv" else rows, fmt, columns)
