"""Record files in the store: the period a file's name states, and storing a file's deployments as versions."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

import sqlite_utils

from lfrwatch import store
from lfrwatch.records.cells import MONTH_PATTERN, MONTHS, parse_record_date
from lfrwatch.records.layouts import FIELD_HEADERS
from lfrwatch.records.rows import ParsedRecords


_LABEL = re.compile(r"deployment[-_ ]?(?:records?|grid)[-_ ]*(?P<label>[a-z0-9\-_ ]+?)(?:\.pdf|\.html?|/)?$", re.I)
_UP_TO = re.compile(r"(20\d{2})[-_](?:to[-_]date|up[-_]to[-_](?P<until>[a-z0-9\-_]*))", re.I)


def file_period(url_or_name: str) -> tuple[str | None, str | None, str | None]:
    """(label, start, end) from a record file's name: "...-deployment-record-2024.pdf" -> 2024-01-01..2024-12-31.

    Reads a year ("2024"), years ("2020-2022", "2023-to-2024": from the first
    to the end of the last), a financial year ("2024-25"), a month and year
    ("january-2025", "2025-01"), and a period still running ("2025-to-date",
    "2025-up-to-May20-": from the start of the year; its end is the date the
    name gives in full, else unknown, and the file's rows say how far it goes).
    Another label ("latest") comes back without dates, and a name that is not
    a deployment record's or grid's gives (None, None, None).
    """
    tail = url_or_name.rstrip("/").rsplit("/", 1)[-1].lower()
    match = _LABEL.search(tail)
    if not match:
        return None, None, None
    label = match.group("label").strip("-_ ")
    m = re.fullmatch(r"(20\d{2})", label)
    if m:
        year = int(m[1])
        return label, date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    m = re.fullmatch(r"(20\d{2})[-_](\d{2})", label)
    if m and 1 <= int(m[2]) <= 12 and int(m[2]) != (int(m[1]) + 1) % 100:
        year, month = int(m[1]), int(m[2])
        last_day = calendar.monthrange(year, month)[1]
        return label, date(year, month, 1).isoformat(), date(year, month, last_day).isoformat()
    years = re.fullmatch(r"(20\d{2})[-_](?:to[-_])?(20\d{2})", label)
    if years and (int(years[2]) - int(years[1]) > 1 or "to" in label):
        return label, date(int(years[1]), 1, 1).isoformat(), date(int(years[2]), 12, 31).isoformat()
    if m or years:
        first = int(label[:4])
        return label, date(first, 4, 1).isoformat(), date(first + 1, 3, 31).isoformat()
    m = re.fullmatch(MONTH_PATTERN + r"[a-z]*[-_ ](20\d{2})", label)
    if m:
        month, year = MONTHS[m[1][:3]], int(m[2])
        last_day = calendar.monthrange(year, month)[1]
        return label, date(year, month, 1).isoformat(), date(year, month, last_day).isoformat()
    m = _UP_TO.fullmatch(label)
    if m:
        until = parse_record_date(re.sub(r"[-_]+", " ", m["until"] or "").strip())
        return label, date(int(m[1]), 1, 1).isoformat(), until.isoformat() if until else None
    return (label or None), None, None


@dataclass
class FileResult:
    status: str  # "new", "changed", "unchanged"
    file_id: int | None = None
    rows: int = 0
    new_rows: int = 0
    corrected_rows: int = 0
    unchanged_rows: int = 0
    withdrawn_rows: int = 0
    #: Rows of the file that could not be read (reported; not stored).
    unread_rows: int = 0


def _location_key(location: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", location or "").lower())


def _content_sha(force: str, row: dict[str, Any]) -> str:
    values = {f: row.get(f) for f in FIELD_HEADERS}
    values["force"] = force
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def deployment_keys(force: str, deployments: Iterable[dict[str, Any]]) -> list[str]:
    """Identity of each deployment: force, date, location, and its order among same-day rows at that location."""
    seen: Counter = Counter()
    keys = []
    for row in deployments:
        base = (force, row["date"], _location_key(row.get("location")))
        keys.append(store.stable_id("deployment", *base, seen[base]))
        seen[base] += 1
    return keys


def file_notes(parsed: ParsedRecords) -> list[str]:
    """What ``record_files.notes`` keeps: the file's notes, each row not read ("not read: page 2, row 3: ..."),
    what else did not add up ("problem: ..."), and the date it is correct to ("as at 2025-04-30")."""
    notes = list(parsed.notes)
    notes += [f"not read: {problem.in_file()}" for problem in parsed.unread]
    notes += [f"problem: {problem.in_file()}" for problem in parsed.warnings]
    if parsed.as_at:
        notes.append(f"as at {parsed.as_at}")
    return notes


def unread_rows(notes: str | None) -> int:
    """How many rows of a stored file could not be read, from its ``notes``."""
    return sum(1 for note in json.loads(notes or "[]") if note.startswith("not read: "))


def known_record_file(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The latest file read without error from ``url``: id, sha256, fetched_at."""
    rows = list(db.query("select id, sha256, fetched_at from record_files where url = ? and status = 'ok' "
                         "order by id desc limit 1", [url]))
    return rows[0] if rows else None


def latest_record_file(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The latest file fetched from ``url``, read or not: id, sha256, status, error."""
    rows = list(db.query("select id, sha256, status, error from record_files where url = ? order by id desc limit 1",
                         [url]))
    return rows[0] if rows else None


_FILE_META = ("source", "force", "url", "found_on", "link_text", "fetched_at", "http_status", "warc_file",
              "warc_record_id", "warc_offset", "sha256", "size")


def store_record_file(db: sqlite_utils.Database, meta: dict[str, Any], parsed: ParsedRecords) -> FileResult:
    """Store one parsed record file in one transaction.

    ``meta`` needs ``force``, ``url`` and ``sha256`` and may have the rest of
    ``_FILE_META``. The same bytes as the URL's last file store nothing. Rows
    already stored are counted, not duplicated; a row whose deployment (same
    key) had other values becomes its next version, the earlier one marked
    ``corrected``; a same-day row that replaces one the URL's previous file had
    under another location (a corrected location) is a version of that one;
    deployments the previous file of this URL listed and this one does not are
    marked ``withdrawn`` (never deleted).
    """
    force, url = meta["force"], meta["url"]
    now = store.utcnow()
    label, start, end = file_period(url)
    try:
        with db.atomic():
            previous = known_record_file(db, url)
            if previous and previous["sha256"] == meta["sha256"]:
                return FileResult("unchanged", previous["id"])
            file_row = {k: meta.get(k) for k in _FILE_META}
            file_row.update(label=label, period_start=start, period_end=end, format=parsed.format,
                            pages=parsed.pages, rows=len(parsed.deployments), notes=json.dumps(file_notes(parsed)),
                            status="ok", error=None, previous_id=previous["id"] if previous else None,
                            fetched_at=meta.get("fetched_at") or now)
            file_id = db["record_files"].insert(file_row).last_pk
            result = FileResult("changed" if previous else "new", file_id, rows=len(parsed.deployments),
                                unread_rows=len(parsed.unread))
            keys = deployment_keys(force, parsed.deployments)
            listed_before: dict[str, dict[str, Any]] = {}
            if previous:
                for row in db.query("select * from record_deployments where force = ? and url = ? and status = "
                                    "'current'", [force, url]):
                    listed_before[row["key"]] = row
            missing = {k: v for k, v in listed_before.items() if k not in set(keys)}
            for key, row in zip(keys, parsed.deployments):
                content = _content_sha(force, row)
                current = _current_version(db, key)
                if current is None:
                    # A same-day row under a corrected location: pair it with one the previous file had.
                    paired = next((k for k, v in missing.items() if v["date"] == row["date"]), None)
                    if paired is not None:
                        current = _current_version(db, paired)
                        del missing[paired]
                        key = paired
                if current is not None and current["content_sha256"] == content:
                    db["record_deployments"].update(current["id"], {"last_seen_file_id": file_id})
                    result.unchanged_rows += 1
                    continue
                version = 1 if current is None else current["version"] + 1
                new_id = store.stable_id("deployment-version", key, content)
                db["record_deployments"].insert({
                    "id": new_id, "key": key, "version": version, "status": "current", "force": force,
                    **{f: row.get(f) for f in FIELD_HEADERS},
                    **{f: row.get(f) for f in ("duration_minutes", "place", "place_kind", "borough", "lat", "lon")},
                    "content_sha256": content, "file_id": file_id, "url": url, "page": row["page"],
                    "row": row["row"], "warc_file": meta.get("warc_file"),
                    "warc_record_id": meta.get("warc_record_id"), "first_seen_at": now,
                    "last_seen_file_id": file_id, "superseded_by": None, "changed_at": now,
                }, replace=True)
                if current is None:
                    result.new_rows += 1
                else:
                    db["record_deployments"].update(current["id"], {"status": "corrected", "superseded_by": new_id,
                                                                    "changed_at": now})
                    result.corrected_rows += 1
            for row in missing.values():
                db["record_deployments"].update(row["id"], {"status": "withdrawn", "changed_at": now})
                result.withdrawn_rows += 1
            db["record_files"].update(file_id, {
                "new_rows": result.new_rows, "corrected_rows": result.corrected_rows,
                "unchanged_rows": result.unchanged_rows, "withdrawn_rows": result.withdrawn_rows})
            return result
    except sqlite3.DatabaseError as exc:
        raise store._store_error(exc, "the database") from exc


def _current_version(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select id, version, content_sha256 from record_deployments where key = ? and "
                         "status = 'current' order by version desc limit 1", [key]))
    return rows[0] if rows else None


def record_file_failed(db: sqlite_utils.Database, meta: dict[str, Any], error: str) -> int:
    """Keep a file that could not be read, with why; none of its rows are stored.

    The same failure again (the URL's latest file failed with the same error
    and the same bytes, or, for a download stopped as too large, no bytes)
    adds no row: the id of the one kept is returned.
    """
    label, start, end = file_period(meta["url"])
    row = {k: meta.get(k) for k in _FILE_META}
    row.update(label=label, period_start=start, period_end=end, status="error", error=error,
               format=meta.get("format"), fetched_at=meta.get("fetched_at") or store.utcnow())
    with db.atomic():
        latest = latest_record_file(db, meta["url"])
        if latest and latest["status"] == "error" and latest["error"] == error \
                and latest["sha256"] == meta.get("sha256"):
            return latest["id"]
        return db["record_files"].insert(row).last_pk
