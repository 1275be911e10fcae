"""A loopback HTTP server that serves a folder as a website, for the demo, tests and benchmarks.

It only ever binds 127.0.0.1. Serving rules:

- ``/a/b`` is served from ``<root>/a/b``, else ``<root>/a/b/index.html``, else
  ``<root>/a/b.html``; anything else is a 404.
- In text files the literal ``{{BASE_URL}}`` becomes ``http://127.0.0.1:PORT``,
  so feeds and canonical links can hold real absolute URLs.
- Responses carry an ``ETag`` and ``Last-Modified``; a conditional request for
  an unchanged file gets ``304 Not Modified``, as a real site's would.
- ``routes`` can replace any path with a fixed ``(status, headers, body)``, for
  error cases a folder cannot express.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
}
TEXT_SUFFIXES = {".rss", ".atom", ".xml", ".json", ".txt", ".html", ".htm", ".csv", ""}

Route = tuple[int, dict[str, str], bytes]


@dataclass
class RequestLog:
    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, a keep-alive
    # response then waits ~40 ms for the client's delayed ACK (90 requests/s at most).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        mirror = self.server.mirror
        path = unquote(urlsplit(self.path).path)
        route = mirror.routes.get(path)
        if callable(route):
            route = route(self)
        if route is not None:
            status, headers, body = route
            self._send(status, headers, body, head)
            return
        found = mirror.resolve(path)
        if found is None:
            self._send(404, {"Content-Type": "text/html; charset=utf-8"},
                       b"<html><body><h1>404 Not Found</h1></body></html>", head)
            return
        body = found.read_bytes()
        if found.suffix.lower() in TEXT_SUFFIXES:
            body = body.replace(b"{{BASE_URL}}", mirror.base_url.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        mtime = found.stat().st_mtime
        headers = {
            "Content-Type": CONTENT_TYPES.get(found.suffix.lower(), "text/html; charset=utf-8"),
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
        }
        if self._not_modified(etag, mtime):
            self._send(304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b"", head)
            return
        self._send(200, headers, body, head)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.server.mirror.log.append(RequestLog(self.command, self.path, status, dict(self.headers.items())))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    mirror: "MirrorServer"


class MirrorServer:
    """Serve ``root`` on 127.0.0.1 (a free port unless ``port`` is given)."""

    def __init__(self, root: str | Path, *, port: int = 0,
                 routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] | None = None):
        self.root = Path(root).resolve()
        self.routes = dict(routes or {})
        self.log: list[RequestLog] = []
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.mirror = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def resolve(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        candidates = [self.root / relative, self.root / relative / "index.html",
                      self.root / (relative.rstrip("/") + ".html")]
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and (resolved == self.root or self.root in resolved.parents):
                return resolved
        return None

    def start(self) -> "MirrorServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="lfrwatch-mirror", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def requests_for(self, path: str) -> list[RequestLog]:
        return [entry for entry in self.log if urlsplit(entry.path).path == path]

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
