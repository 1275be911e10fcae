"""A claim's archived bytes: the WARC record its document version was read from, found and read back.

Every claim points at the document version it was read from, and every version at
the response record that holds the bytes fetched (``warc_file``, ``warc_offset``,
``warc_record_id`` in ``document_versions``). :func:`locate` finds that record for a
claim id; :func:`read_payload` reads it with warcio at its offset, checks that it is
the record stored (its WARC-Record-ID) and gives the HTTP payload as it was served
(chunking and content encoding undone), with the page's URL, capture date, status and
content type. :func:`claim_payload` does both.

Read by ``lfrwatch record CLAIM_ID`` (:mod:`lfrwatch.cli.publish`) and by the page
``/-/warc/<claim id>`` of ``lfrwatch serve`` (:mod:`lfrwatch.publish.serve`). Every
failure is a :class:`RecordError` with one line naming the claim and the reason.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The claim's document version and where its bytes are (one row, or none for an unknown claim id).
LOCATE_SQL = """select c.id as claim_id, v.id as version_id, v.url, v.warc_file, v.warc_offset, v.warc_record_id
from claims c left join document_versions v on v.id = c.version_id
where c.id = ?"""
#: The largest payload read back (the crawl stores pages of at most 10 MB; an imported WARC may hold more).
MAX_PAYLOAD_BYTES = 32 * 1024 * 1024


class RecordError(LookupError):
    """A claim's archived record cannot be given: one line naming the claim and why.

    ``status`` is the HTTP status a server answers with: 404 when the claim, its
    record or the WARC file is missing, 500 when the record is there but cannot be read.
    """

    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RecordLocation:
    """Where a claim's bytes are: its document version's WARC file, offset and record id."""

    claim_id: str
    version_id: int
    url: str | None
    warc_file: str
    warc_offset: int
    warc_record_id: str | None
    path: Path | None  # None: the file is named by a URL (imported from one), not on this machine

    @property
    def label(self) -> str:
        """``file@offset``, as the report names an archived copy."""
        return f"{self.warc_file}@{self.warc_offset}"


@dataclass(frozen=True)
class ArchivedPayload:
    """A claim's archived response: the HTTP payload and what the record says about it."""

    location: RecordLocation
    target_uri: str | None
    date: str | None
    status: int | None
    content_type: str | None
    body: bytes


def warc_path(archive_dir: str | Path, warc_file: str) -> Path | None:
    """The file a stored ``warc_file`` names: a plain name is in the archive folder, an absolute path (a file
    imported by ``lfrwatch import-warc``) is itself; None for a URL (imported from the web: not on this machine)."""
    if "://" in warc_file:
        return None
    path = Path(warc_file)
    if path.is_absolute():
        return path
    if path.name != warc_file or warc_file in (".", ".."):
        raise RecordError(f"WARC file name {warc_file!r} is not a file in the archive folder")
    return Path(archive_dir) / warc_file


def location_from_row(claim_id: str, row: dict[str, Any] | None, archive_dir: str | Path) -> RecordLocation:
    """The :class:`RecordLocation` of a :data:`LOCATE_SQL` row (None: no such claim)."""
    if row is None:
        raise RecordError(f"no claim with id {claim_id!r}")
    if row["version_id"] is None:
        raise RecordError(f"claim {claim_id!r}: its document version is not stored")
    if not row["warc_file"] or row["warc_offset"] is None:
        raise RecordError(f"claim {claim_id!r}: its document version names no WARC record")
    try:
        path = warc_path(archive_dir, row["warc_file"])
    except RecordError as exc:
        raise RecordError(f"claim {claim_id!r}: {exc}") from None
    return RecordLocation(claim_id=claim_id, version_id=row["version_id"], url=row["url"],
                          warc_file=row["warc_file"], warc_offset=int(row["warc_offset"]),
                          warc_record_id=row["warc_record_id"], path=path)


def locate(conn: sqlite3.Connection, claim_id: str, archive_dir: str | Path) -> RecordLocation:
    """Where claim ``claim_id``'s bytes are (``conn``: the database, sqlite3 or sqlite-utils)."""
    cursor = conn.execute(LOCATE_SQL, [claim_id])
    names = [c[0] for c in cursor.description]
    found = cursor.fetchone()
    return location_from_row(claim_id, dict(zip(names, found)) if found else None, archive_dir)


def _header(headers, name: str) -> str | None:
    return headers.get_header(name) if headers is not None else None


def read_payload(location: RecordLocation) -> ArchivedPayload:
    """The record at ``location`` read with warcio (:func:`lfrwatch.crawl.archive.record_at`): the HTTP payload,
    decoded as the browser got it, up to :data:`MAX_PAYLOAD_BYTES`."""
    from lfrwatch.crawl.archive import record_at

    where = f"claim {location.claim_id!r}: {location.label}"
    if location.path is None:
        raise RecordError(f"{where}: the WARC file is on the web, not on this machine ({location.warc_file})")
    if not location.path.is_file():
        raise RecordError(f"{where}: the WARC file is missing ({location.path})")
    try:
        with open(location.path, "rb") as handle:
            if location.warc_offset >= location.path.stat().st_size:
                raise RecordError(f"{where}: past the end of the file (cut short?)")
            record = record_at(handle, location.warc_offset)
            if record is None:
                raise RecordError(f"{where}: no record starts there")
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            if location.warc_record_id and record_id != location.warc_record_id:
                raise RecordError(f"{where}: another record is there ({record_id}, not {location.warc_record_id})")
            body = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
            http = record.http_headers
            status = http.get_statuscode() if http is not None else None
            payload = ArchivedPayload(
                location=location, target_uri=record.rec_headers.get_header("WARC-Target-URI"),
                date=record.rec_headers.get_header("WARC-Date"), status=int(status) if status else None,
                content_type=_header(http, "Content-Type") or (
                    None if http is not None else record.rec_headers.get_header("Content-Type")),
                body=body)
    except RecordError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file or record: the reason is the finding
        message = " ".join(str(exc).split())[:200]
        raise RecordError(f"{where}: the record cannot be read ({type(exc).__name__}: {message})", 500) from None
    if len(payload.body) > MAX_PAYLOAD_BYTES:
        raise RecordError(f"{where}: the payload is larger than {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB", 500)
    return payload


def claim_payload(conn: sqlite3.Connection, claim_id: str, archive_dir: str | Path) -> ArchivedPayload:
    """Claim ``claim_id``'s archived response (:func:`locate`, then :func:`read_payload`)."""
    return read_payload(locate(conn, claim_id, archive_dir))
