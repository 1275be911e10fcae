"""A misbehaving web server on 127.0.0.1, for fault-injection tests.

Serves files from one or more folders (``{{BASE_URL}}`` replaced, as
``lfrwatch.crawl.mirror`` does) and, on chosen paths, misbehaves: error statuses,
Retry-After, connection resets, stalls, redirect loops, redirects away, huge
bodies, gzip bombs. Every misbehaviour is bounded: a stall waits at most
``STALL_LIMIT`` seconds (less once :meth:`FaultServer.release` is called), a
huge body stops when the client hangs up. It records every request (path and
time, and the whole URL asked for in :attr:`FaultServer.targets`) and every POST
body, so tests can assert what was, and was not, fetched.

It also answers as an HTTP proxy (a request line with an absolute URL, as a
client sends to ``http_proxy``): a crawl pointed at it through ``http_proxy``
connects to 127.0.0.1 only, whatever hosts its URLs name, and
:attr:`FaultServer.targets` shows every host it tried to reach.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from xml.sax.saxutils import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from lfrwatch.crawl.mirror import CONTENT_TYPES, TEXT_SUFFIXES

STALL_LIMIT = 20.0
Behaviour = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def target(self) -> str:
        """The whole URL asked for: the request line's, when sent to a proxy; else this server's, by Host."""
        if "://" in self.path:
            return self.path
        return f"http://{self.headers.get('Host', '')}{self.path}"

    def do_GET(self):
        faults = self.server.faults
        path = unquote(urlsplit(self.path).path)
        faults.record(path, self.target())
        behaviour = faults.routes.get(path)
        if behaviour is not None:
            behaviour(self)
        else:
            faults.serve_file(self, path)

    def do_POST(self):
        faults = self.server.faults
        path = unquote(urlsplit(self.path).path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1_000_000))
        faults.record(path, self.target())
        faults.posts.append({"path": path, "headers": dict(self.headers.items()), "body": body})
        behaviour = faults.routes.get(path)
        if behaviour is not None:
            behaviour(self)
        else:
            send(self, 204, {}, b"")


def send(handler: Handler, status: int, headers: dict[str, str], body: bytes) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    faults: "FaultServer"

    def handle_error(self, request, client_address):
        pass  # resets and hang-ups are the point here, not noise


class FaultServer:
    """Serve ``roots`` on 127.0.0.1 with ``routes`` (path -> behaviour) taking precedence."""

    def __init__(self, *roots: str | Path, routes: dict[str, Behaviour] | None = None):
        self.roots = [Path(r).resolve() for r in roots]
        self.routes: dict[str, Behaviour] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.targets: list[str] = []  # every URL asked for, host included
        self.posts: list[dict] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.faults = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def record(self, path: str, target: str = "") -> None:
        with self._lock:
            self.hits[path] += 1
            self.times.setdefault(path, []).append(time.monotonic())
            self.targets.append(target)

    def resolve(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        for root in self.roots:
            for candidate in (root / relative, root / relative / "index.html", root / (relative.rstrip("/") + ".html")):
                resolved = candidate.resolve()
                if resolved.is_file() and root in resolved.parents:
                    return resolved
        return None

    def serve_file(self, handler: Handler, path: str, content_type: str | None = None) -> None:
        found = self.resolve(path)
        if found is None:
            send(handler, 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>404</body></html>")
            return
        body = found.read_bytes()
        if found.suffix.lower() in TEXT_SUFFIXES:
            body = body.replace(b"{{BASE_URL}}", self.base_url.encode())
        kind = content_type or CONTENT_TYPES.get(found.suffix.lower(), "text/html; charset=utf-8")
        send(handler, 200, {"Content-Type": kind}, body)

    def release(self) -> None:
        """Let every stalled request go on (they also give up by themselves after STALL_LIMIT)."""
        self.released.set()

    def start(self) -> "FaultServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="faultserver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# -- behaviours ----------------------------------------------------------------------------


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Behaviour:
    return lambda handler: send(handler, code, {"Content-Type": "text/html", **(headers or {})}, body)


def redirect(location: str, code: int = 302) -> Behaviour:
    """Redirect to ``location``; ``{base}`` in it becomes the server's base URL."""
    return lambda handler: send(handler, code, {"Location": location.replace("{base}", handler.server.faults.base_url)},
                                b"")


def reset(handler: Handler) -> None:
    """Read the request, then abort the connection with a TCP RST (SO_LINGER 0)."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def stall(handler: Handler) -> None:
    """Never answer: hold the connection until released or STALL_LIMIT, then hang up."""
    handler.server.faults.released.wait(STALL_LIMIT)
    reset(handler)


def stall_then_serve(handler: Handler) -> None:
    """Hold the request until released (or STALL_LIMIT), then serve the file as usual."""
    faults = handler.server.faults
    faults.released.wait(STALL_LIMIT)
    faults.serve_file(handler, unquote(urlsplit(handler.path).path))


def huge(size: int, *, with_length: bool = True) -> Behaviour:
    """A ``size``-byte HTML page, streamed until the client hangs up."""

    def behaviour(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if with_length:
            handler.send_header("Content-Length", str(size))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        chunk = b"<p>facial recognition " + b"x" * 65000 + b"</p>\n"
        sent = 0
        try:
            while sent < size:
                piece = chunk[: size - sent]
                handler.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass  # the client gave up, as it should

    return behaviour


_BOMB: bytes | None = None


def gzip_bomb(handler: Handler) -> None:
    """64 MB of zeros gzipped to ~64 KB, sent as Content-Encoding: gzip."""
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    send(handler, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, _BOMB)


def as_content_type(path: str, content_type: str) -> Behaviour:
    """Serve a file with a Content-Type of our choosing (e.g. a Windows-1252 page declared UTF-8)."""
    return lambda handler: handler.server.faults.serve_file(handler, path, content_type)


def rss(base: str, links: list[str], title: str = "Fault feed") -> bytes:
    """A small RSS 2.0 feed whose items link to ``links``: paths on ``base``, or URLs with a scheme as they are."""
    items = "".join(
        f"<item><title>Facial recognition item {n}</title>"
        f"<link>{escape(link if ':' in link.split('/', 1)[0] else base + link)}</link>"
        f"<pubDate>Mon, 14 Jul 2025 10:00:00 +0100</pubDate></item>"
        for n, link in enumerate(links, 1)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link><description>faults</description>{items}</channel></rss>").encode()


def feed_of(links: list[str]) -> Behaviour:
    """An RSS feed route listing ``links`` on this server."""
    return lambda handler: send(handler, 200, {"Content-Type": "application/rss+xml; charset=utf-8"},
                                rss(handler.server.faults.base_url, links))
