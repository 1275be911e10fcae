"""Asking a Wayback-style CDX server which captures it holds, and addressing them in its replay.

The CDX server API (the Internet Archive's ``wayback-cdx-server``, and pywb's,
which follows it) answers ``GET <endpoint>?url=...`` with one line per capture;
lfrwatch asks for ``output=json``, a list of rows whose first row names the
fields (``fl=``). A query here is a :class:`CdxQuery`: ``url`` with
``matchType=exact`` or ``prefix``, ``from``/``to`` as 14-digit timestamps,
``filter=[!]field:regex`` (a Java regex the server matches against the whole
field), ``collapse=field`` (adjacent rows with the same field after the first
are dropped) and ``limit``. Long answers come in pages: with
``showResumeKey=true`` the server ends a page that was cut at ``limit`` with an
empty row and a row holding the resume key, which the next page sends back as
``resumeKey=``.

A capture's raw bytes are at ``<replay>/<timestamp>id_/<original>``: the
``id_`` flag asks for the page as it was captured, without the archive's
rewriting or banner.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterator
from urllib.parse import urlencode, urlsplit

from lfrwatch.history.fetch import PoliteClient, decoded_body

#: The Internet Archive's CDX endpoint (``lfrwatch backfill --cdx`` chooses another).
DEFAULT_CDX = "https://web.archive.org/cdx/search/cdx"
#: The fields asked for, in this order.
FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
#: Rows asked for per page of a long answer.
PAGE_SIZE = 5000

_TIMESTAMP = re.compile(r"\d{14}")
_REPLAY_URL = re.compile(r"^(?P<base>.*?/)(?P<timestamp>\d{4,14})(?:[a-z]{2}_)?/(?P<original>.+)$")


class CdxError(Exception):
    """An answer that is not CDX JSON; the message says what came instead."""


@dataclass(frozen=True)
class Capture:
    """One row of a CDX answer."""

    urlkey: str
    timestamp: str
    original: str
    mimetype: str = ""
    statuscode: str = ""
    digest: str = ""
    length: str = ""

    @property
    def captured_at(self) -> str:
        """The capture time as ISO 8601 UTC (``2019-02-10T09:30:00+00:00``)."""
        return timestamp_iso(self.timestamp)


def timestamp_iso(timestamp: str) -> str:
    """A 14-digit CDX timestamp (UTC) as ISO 8601; shorter ones are padded with the earliest time."""
    padded = (timestamp + "0101000000"[len(timestamp) - 4:]) if 4 <= len(timestamp) < 14 else timestamp
    moment = datetime.strptime(padded[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return moment.isoformat()


def day_start(day: date) -> str:
    return day.strftime("%Y%m%d") + "000000"


def day_end(day: date) -> str:
    return day.strftime("%Y%m%d") + "235959"


@dataclass(frozen=True)
class CdxQuery:
    """What to ask the CDX server (see the module's docstring for what each part means)."""

    url: str
    match_type: str = "exact"
    since: str | None = None  # 14-digit timestamp, inclusive
    until: str | None = None  # 14-digit timestamp, inclusive
    filters: tuple[str, ...] = ()
    collapse: str | None = None
    limit: int | None = None

    def params(self, *, resume_key: str | None = None, page_size: int | None = None) -> list[tuple[str, str]]:
        params = [("url", self.url), ("matchType", self.match_type)]
        if self.since:
            params.append(("from", self.since))
        if self.until:
            params.append(("to", self.until))
        params += [("output", "json"), ("fl", ",".join(FIELDS))]
        params += [("filter", f) for f in self.filters]
        if self.collapse:
            params.append(("collapse", self.collapse))
        limit = self.limit if self.limit is not None else page_size
        if limit is not None:
            params.append(("limit", str(limit)))
        if self.limit is None and page_size is not None:
            params.append(("showResumeKey", "true"))
            if resume_key:
                params.append(("resumeKey", resume_key))
        return params

    def key(self) -> str:
        """The query as one line of text, the same for the same question (the ledger keys listings by it)."""
        return urlencode(self.params())


def parse_cdx_json(body: bytes) -> tuple[list[Capture], str | None]:
    """The captures in one JSON answer, and the resume key when the server gave one."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return [], None  # an empty answer: no captures
    try:
        rows = json.loads(text)
    except ValueError:
        raise CdxError(f"not CDX JSON: the answer starts {text[:60]!r}") from None
    if not isinstance(rows, list) or any(not isinstance(row, list) for row in rows):
        raise CdxError("not CDX JSON: expected a list of rows")
    if not rows:
        return [], None
    header, rows = [str(name) for name in rows[0]], rows[1:]
    missing = [name for name in ("urlkey", "timestamp", "original") if name not in header]
    if missing:
        raise CdxError(f"not CDX JSON: the first row names no {', '.join(missing)} field")
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key = str(rows[-1][0])
        rows = rows[:-2]
    captures = []
    for row in rows:
        if len(row) != len(header):
            continue  # a blank separator, or a row the server cut short
        values = dict(zip(header, (str(value) for value in row)))
        if not _TIMESTAMP.fullmatch(values["timestamp"]):
            continue
        captures.append(Capture(**{name: values.get(name, "") for name in FIELDS}))
    return captures, resume_key


class CdxClient:
    """Pages of captures from one CDX endpoint, fetched politely through a :class:`PoliteClient`."""

    def __init__(self, endpoint: str, http: PoliteClient, *, page_size: int = PAGE_SIZE):
        self.endpoint = endpoint
        self.http = http
        self.page_size = page_size

    def query_url(self, query: CdxQuery, resume_key: str | None = None) -> str:
        return f"{self.endpoint}?{urlencode(query.params(resume_key=resume_key, page_size=self.page_size))}"

    def pages(self, query: CdxQuery, resume_key: str | None = None) -> Iterator[tuple[list[Capture], str | None]]:
        """(captures, resume key for the page after, or None when this was the last) for each page.

        Raises :class:`~lfrwatch.history.fetch.FetchError` or :class:`CdxError`.
        """
        while True:
            url = self.query_url(query, resume_key)
            fetched = self.http.get(url, accept="application/json")
            try:
                body = decoded_body(fetched.body, fetched.header("Content-Encoding"))
            except ValueError as exc:
                raise CdxError(f"{url}: {exc}") from exc
            try:
                captures, next_key = parse_cdx_json(body)
            except CdxError as exc:
                raise CdxError(f"{url}: {exc}") from None
            if query.limit is not None or next_key == resume_key:
                next_key = None
            yield captures, next_key
            if not next_key:
                return
            resume_key = next_key

    def captures(self, query: CdxQuery) -> list[Capture]:
        """Every capture the query answers (all pages)."""
        return [capture for page, _ in self.pages(query) for capture in page]


def replay_base(cdx_endpoint: str) -> str:
    """The replay prefix that goes with a CDX endpoint: ``.../cdx/search/cdx`` -> ``.../web/``, ``.../coll/cdx``
    (pywb) -> ``.../coll/``."""
    if cdx_endpoint.endswith("/cdx/search/cdx"):
        return cdx_endpoint[: -len("cdx/search/cdx")] + "web/"
    if cdx_endpoint.endswith("/cdx"):
        return cdx_endpoint[: -len("cdx")]
    if cdx_endpoint.endswith("-cdx"):
        return cdx_endpoint[: -len("-cdx")] + "/"
    raise ValueError(f"cannot tell the replay address from the CDX endpoint {cdx_endpoint!r}: give --replay")


def replay_url(base: str, timestamp: str, original: str) -> str:
    """The address of a capture's raw bytes (the ``id_`` flag: as captured, not rewritten)."""
    return f"{base.rstrip('/')}/{timestamp}id_/{original}"


def parse_replay_url(url: str, base: str) -> tuple[str, str] | None:
    """(timestamp, original) from a replay address under ``base`` (after the archive redirected to the nearest
    capture), or None when it is not one."""
    if not url.startswith(base.rstrip("/") + "/"):
        return None
    match = _REPLAY_URL.match(url[len(base.rstrip("/")) :])
    if not match or len(match["timestamp"]) != 14:
        return None
    return match["timestamp"], match["original"]


def site_prefix(url: str) -> str:
    """The CDX ``url`` for every page under a site's base URL: host and path, no scheme (``news.met.police.uk/``)."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.netloc}{path}"
