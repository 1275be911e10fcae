"""A loopback web archive for the backfill's tests: a Wayback-style CDX server and an ``id_`` replay, on 127.0.0.1.

It serves the captures listed in ``tests/fixtures/history/captures.json`` (pages written for these tests) the
way the Internet Archive's documented APIs do:

- ``GET /cdx/search/cdx``: ``url`` (a trailing ``*`` means a prefix), ``matchType`` (exact, prefix),
  ``from``/``to`` (timestamps of 1 to 14 digits, padded), ``filter=[!]field:regex`` (repeatable; the regex
  must match the whole field), ``collapse=field[:N]`` (adjacent rows with the same value after the first are
  dropped, after filtering), ``fl``, ``limit``, ``showResumeKey``/``resumeKey``, ``output=json`` (a list of
  rows, the field names first; a page cut at ``limit`` ends with ``[]`` and ``[resume key]``). Rows come in
  ``urlkey`` then ``timestamp`` order; ``urlkey`` is the capture's SURT (host reversed, ``www.``, scheme and
  default port dropped).
- ``GET /web/<timestamp>id_/<original>``: the capture's bytes as captured; another timestamp of the same
  ``urlkey`` is answered with a 302 to the nearest capture, as the Wayback Machine does.

Faults are set per capture (``faults[(timestamp, original)]``) or for CDX queries whose path holds a text
(``cdx_faults[text]``; ``""`` for every query):
``("busy", n, retry_after)`` answers 429 with ``Retry-After`` the first n times, ``("error", status)`` always
answers that status, ``("truncate",)`` declares the whole length and sends half, ``("hold",)`` waits until
:meth:`ArchiveServer.release` (so a test can kill its client mid-run). Every request is logged with its time
(:attr:`ArchiveServer.log`, when answered; :attr:`ArchiveServer.started`, as it comes in).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "history"
FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
_REPLAY = re.compile(r"^/web/(\d{1,14})id_/(.+)$")


def surt(url: str) -> str:
    """The SURT form of a URL, as CDX ``urlkey``: ``uk,police,met,news)/news/abc``."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = (parts.path or "/").lower()
    query = "&".join(sorted(parts.query.lower().split("&"))) if parts.query else ""
    return ",".join(reversed(host.split("."))) + ")" + path + (f"?{query}" if query else "")


@dataclass
class StoredCapture:
    urlkey: str
    timestamp: str
    original: str
    mimetype: str
    statuscode: str
    digest: str
    length: str
    body: bytes
    location: str | None = None

    def field(self, name: str) -> str:
        return getattr(self, name)


def load_captures(path: Path = FIXTURES / "captures.json") -> list[StoredCapture]:
    captures = []
    for spec in json.loads(path.read_text())["captures"]:
        body = (FIXTURES / "pages" / spec["page"]).read_bytes() if "page" in spec else spec.get("body", "").encode()
        digest = base64.b32encode(hashlib.sha1(body).digest()).decode()
        captures.append(StoredCapture(
            urlkey=surt(spec["original"]), timestamp=spec["timestamp"], original=spec["original"],
            mimetype=spec.get("mimetype", "text/html"), statuscode=spec.get("status", "200"), digest=digest,
            length=str(len(body) // 3 + 200), body=body, location=spec.get("location")))
    return captures


@dataclass
class Logged:
    at: float
    path: str
    status: int


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):  # noqa: N802 - the base class's name
        archive = self.server.archive
        archive.started.append(self.path)
        try:
            if self.path.startswith("/cdx/search/cdx"):
                status = archive.answer_cdx(self)
            else:
                match = _REPLAY.match(self.path)
                status = archive.answer_replay(self, match[1], match[2]) if match else self._send(404, b"no such page")
        except (BrokenPipeError, ConnectionResetError):
            status = 0
        archive.log.append(Logged(time.monotonic(), self.path, status))

    def _send(self, status: int, body: bytes, content_type: str = "text/plain", headers: dict | None = None) -> int:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        return status


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    archive: "ArchiveServer"


class ArchiveServer:
    def __init__(self, captures: list[StoredCapture] | None = None):
        self.captures = sorted(captures if captures is not None else load_captures(),
                               key=lambda c: (c.urlkey, c.timestamp))
        self.faults: dict[tuple[str, str], tuple] = {}
        self.cdx_faults: dict[str, tuple] = {}
        self.log: list[Logged] = []
        self.started: list[str] = []  # paths as each request came in (a held one is here, not yet in the log)
        self._held = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.archive = self
        self._counts: dict[object, int] = {}
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def cdx_url(self) -> str:
        return self.base_url + "/cdx/search/cdx"

    def start(self) -> "ArchiveServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def release(self) -> None:
        self._held.set()

    def stop(self) -> None:
        self.release()
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- what was asked -----------------------------------------------------------

    def replays(self) -> list[str]:
        """The replay paths asked for, in order (each attempt once)."""
        return [entry.path for entry in self.log if entry.path.startswith("/web/")]

    def cdx_queries(self) -> list[dict[str, list[str]]]:
        queries = []
        for entry in self.log:
            if entry.path.startswith("/cdx/"):
                query: dict[str, list[str]] = {}
                for key, value in parse_qsl(urlsplit(entry.path).query, keep_blank_values=True):
                    query.setdefault(key, []).append(value)
                queries.append(query)
        return queries

    # -- faults -----------------------------------------------------------------------

    def _fault(self, key: object, fault: tuple | None, handler: _Handler) -> int | None:
        """Answer with the fault if it applies now; the status sent, or None to answer as usual."""
        if not fault:
            return None
        kind = fault[0]
        if kind == "busy":
            count = self._counts.get(key, 0)
            self._counts[key] = count + 1
            if count < fault[1]:
                return handler._send(429, b"slow down", headers={"Retry-After": str(fault[2])})
            return None
        if kind == "error":
            return handler._send(fault[1], b"the archive failed")
        if kind == "hold":
            self._held.wait(30)
            return None
        return None

    # -- CDX ----------------------------------------------------------------------------

    def answer_cdx(self, handler: _Handler) -> int:
        for text, fault in self.cdx_faults.items():
            if text in handler.path:
                faulted = self._fault(("cdx", text), fault, handler)
                if faulted is not None:
                    return faulted
        params = parse_qsl(urlsplit(handler.path).query, keep_blank_values=True)
        single = dict(params)
        url = single.get("url", "")
        match_type = single.get("matchType", "exact")
        if url.endswith("*"):
            url, match_type = url[:-1], "prefix"
        key = surt(url)
        if match_type == "prefix":
            rows = [c for c in self.captures if c.urlkey.startswith(key)]
        else:
            rows = [c for c in self.captures if c.urlkey == key]
        since = single.get("from", "").ljust(14, "0")
        until = single.get("to", "").ljust(14, "9") if single.get("to") else "9" * 14
        rows = [c for c in rows if since <= c.timestamp <= until]
        for name, value in params:
            if name != "filter":
                continue
            invert = value.startswith("!")
            field, regex = value.lstrip("!").split(":", 1)
            pattern = re.compile(regex)
            rows = [c for c in rows if bool(pattern.fullmatch(c.field(field))) != invert]
        for name, value in params:
            if name != "collapse":
                continue
            field, _, width = value.partition(":")
            kept, last = [], None
            for capture in rows:
                seen = capture.field(field)[: int(width)] if width else capture.field(field)
                if seen != last:
                    kept.append(capture)
                last = seen
            rows = kept
        start = int(base64.urlsafe_b64decode(single["resumeKey"]).decode()) if single.get("resumeKey") else 0
        rows = rows[start:]
        limit = int(single["limit"]) if single.get("limit") else None
        resume = None
        if limit is not None and len(rows) > limit:
            rows = rows[:limit]
            if single.get("showResumeKey") == "true":
                resume = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
        fields = single.get("fl", ",".join(FIELDS)).split(",")
        table = [[capture.field(f) for f in fields] for capture in rows]
        if single.get("output") == "json":
            answer = [fields, *table] + ([[], [resume]] if resume else []) if table else []
            return handler._send(200, json.dumps(answer).encode(), "application/json")
        lines = [" ".join(row) for row in table] + (["", resume] if resume else [])
        return handler._send(200, "".join(line + "\n" for line in lines).encode())

    # -- replay ---------------------------------------------------------------------------

    def answer_replay(self, handler: _Handler, timestamp: str, original: str) -> int:
        key = surt(original)
        same = [c for c in self.captures if c.urlkey == key]
        if not same:
            return handler._send(404, b"not in the archive")
        exact = [c for c in same if c.timestamp == timestamp and c.original == original] or \
                [c for c in same if c.timestamp == timestamp]
        if not exact:
            nearest = min(same, key=lambda c: abs(int(c.timestamp) - int(timestamp.ljust(14, "0"))))
            return handler._send(302, b"", headers={"Location": f"/web/{nearest.timestamp}id_/{nearest.original}"})
        capture = exact[0]
        faulted = self._fault((capture.timestamp, capture.original),
                              self.faults.get((capture.timestamp, capture.original)), handler)
        if faulted is not None:
            return faulted
        fault = self.faults.get((capture.timestamp, capture.original))
        if capture.statuscode.startswith("3"):
            return handler._send(int(capture.statuscode), b"", headers={"Location": capture.location or "/"})
        content_type = capture.mimetype + ("; charset=utf-8" if capture.mimetype.startswith("text/") else "")
        headers = {"Memento-Datetime": capture.timestamp, "X-Archive-Src": "loopback-archive.warc.gz"}
        if fault and fault[0] == "truncate":
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(capture.body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(capture.body[: len(capture.body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return 200
        return handler._send(200, capture.body, content_type, headers)
