"""A polite HTTP client for web archives: one request at a time, a pause between them, ``Retry-After`` obeyed.

The backfill talks to one host (the archive) for hours, so it is written for
that host's sake rather than for speed: requests go out one after another with
at least :attr:`Politeness.delay` seconds between their starts; a ``429`` or
``503`` with ``Retry-After`` (seconds or an HTTP date) is waited out and asked
again, one without it is asked again after a growing pause; other ``5xx``
answers, network failures and bodies cut short (fewer bytes than the declared
``Content-Length``, a chunked body that ends early) are asked again the same
way, :attr:`Politeness.retries` times at most, then reported by URL. An archive
that asks for a longer wait than :attr:`Politeness.max_wait` stops the run
(:class:`ArchiveBusy`): the next run resumes where this one stopped.

Redirects are followed on the same host only (an archive redirects to the
nearest capture; never anywhere else). Bodies are read whole up to
:data:`MAX_BODY_BYTES` and kept as they came over the wire (de-chunked, still
content-encoded): :func:`decoded_body` undoes gzip or deflate for reading.
Every complete response is handed to ``on_response`` (the backfill archives
it as WARC records, as the crawl does).

Plain ``urllib``; a ``Retry-After`` is read as the crawl reads it
(:func:`lfrwatch.crawl.middlewares.retry_after_seconds`).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from lfrwatch import config
from lfrwatch.crawl.middlewares import retry_after_seconds

#: A capture or CDX answer larger than this is refused (no news page comes near it).
MAX_BODY_BYTES = 50 * 1024 * 1024
#: Decoded (gunzipped) bodies are cut off here: a gzip bomb costs a bounded amount of memory.
MAX_DECODED_BYTES = 100 * 1024 * 1024
#: Statuses that ask the client to come back later.
BUSY_STATUSES = (429, 503)


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` says why in one line."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class ArchiveBusy(FetchError):
    """The archive asked to wait longer than the run is willing to: stop now, resume later."""


@dataclass
class Politeness:
    """How the client treats the archive."""

    #: Seconds between the starts of two requests.
    delay: float = 2.0
    #: Times a request is asked again after a 429/5xx, a network failure or a body cut short.
    retries: int = 3
    #: First pause (seconds) before asking again when the archive gave no Retry-After; doubled each time.
    backoff: float = 10.0
    #: A Retry-After longer than this (seconds) stops the run instead of being waited out.
    max_wait: float = 900.0
    #: Seconds a connection or read may stall.
    timeout: float = 60.0


@dataclass
class Fetched:
    """One complete response."""

    url: str  # the URL finally answered (after same-host redirects)
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # as sent: de-chunked, still content-encoded
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    protocol: str = "HTTP/1.1"
    #: Where the response was archived (warc_file, warc_offset, warc_record_id), when it was.
    where: dict[str, Any] | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the host (and port) asked, refuse any other."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise FetchError(req.full_url, f"redirected away from the archive, to {newurl} (not followed)", code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _NoErrorProcessing(urllib.request.HTTPErrorProcessor):
    """Hand every status but a redirect back as a response: the client decides what a 429 or a 500 means."""

    def http_response(self, request, response):
        if response.status in (301, 302, 303, 307, 308):
            return super().http_response(request, response)  # to the redirect handler
        return response

    https_response = http_response




def decoded_body(body: bytes, content_encoding: str | None) -> bytes:
    """``body`` with its gzip or deflate content coding undone (bounded by :data:`MAX_DECODED_BYTES`).

    A body that starts with gzip's magic number is gunzipped whatever the
    header says (archives serve stored gzip without saying so). Raises
    ValueError for a coding that cannot be read.
    """
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity") and not body.startswith(b"\x1f\x8b"):
        return body
    if coding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise ValueError(f"content coding {coding!r} is not read")
    wbits = 47 if coding != "deflate" else 15  # 47: gzip or zlib header, detected
    try:
        decompressor = zlib.decompressobj(wbits)
        data = decompressor.decompress(body, MAX_DECODED_BYTES)
    except zlib.error:
        if coding == "deflate":  # raw deflate, as some servers send it
            try:
                data = zlib.decompressobj(-15).decompress(body, MAX_DECODED_BYTES)
            except zlib.error as exc:
                raise ValueError(f"damaged deflate body ({exc})") from exc
        elif coding in ("", "identity"):
            return body  # it only looked like gzip
        else:
            raise ValueError("damaged gzip body") from None
    return data


class PoliteClient:
    """GET requests to an archive, one at a time, politely (see the module's docstring)."""

    def __init__(self, politeness: Politeness | None = None, *, user_agent: str = config.USER_AGENT,
                 on_response: Callable[[Fetched], dict[str, Any] | None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.politeness = politeness or Politeness()
        self.user_agent = user_agent
        self.on_response = on_response
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.waited = 0.0  # seconds spent waiting because the archive asked
        self._last_start: float | None = None
        self._opener = urllib.request.build_opener(_SameHostRedirects, _NoErrorProcessing)

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.sleep(seconds)

    def _wait_turn(self) -> None:
        if self._last_start is not None:
            self._pause(self._last_start + self.politeness.delay - self.clock())
        self._last_start = self.clock()

    def get(self, url: str, *, accept: str = "*/*") -> Fetched:
        """The complete 2xx response for ``url``, or :class:`FetchError` (:class:`ArchiveBusy`) with the reason."""
        polite = self.politeness
        request_headers = [("User-Agent", self.user_agent), ("Accept", accept), ("Accept-Encoding", "gzip")]
        attempt = 0
        while True:
            backoff = polite.backoff * 2 ** attempt
            outcome, wait, status = self._attempt(url, request_headers, backoff)
            if isinstance(outcome, Fetched):
                return outcome
            if wait is None or attempt >= polite.retries:
                asked = f" (asked {attempt + 1} times)" if attempt else ""
                raise FetchError(url, outcome + asked, status)
            if wait > polite.max_wait:
                raise ArchiveBusy(url, f"{outcome}; the archive asked to wait {wait:.0f} s, more than "
                                       f"{polite.max_wait:.0f} s: stopped, run again later to resume", status)
            attempt += 1
            self.waited += wait
            self._pause(wait)

    def _attempt(self, url: str, request_headers: list[tuple[str, str]], backoff: float):
        """(Fetched, None, status), or (reason, seconds to wait before asking again or None for never, status)."""
        self._wait_turn()
        self.requests += 1
        request = urllib.request.Request(url, headers=dict(request_headers), method="GET")
        try:
            response = self._opener.open(request, timeout=self.politeness.timeout)
        except FetchError as exc:
            return exc.reason, None, exc.status
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            return f"network failure ({type(exc).__name__}: {reason})", backoff, None
        with response:
            status = response.status
            headers = list(response.headers.items())
            if status in BUSY_STATUSES:
                said = response.headers.get("Retry-After")
                asked = retry_after_seconds(said)
                reason = f"HTTP {status}" + (f" with Retry-After: {said}" if asked is not None else "")
                return reason, (asked if asked is not None else backoff), status
            try:
                body = _read_whole(response)
            except http.client.IncompleteRead as exc:  # a chunked body that ended early
                return f"truncated response: the chunked body ended after {len(exc.partial)} bytes", backoff, status
            except (OSError, http.client.HTTPException) as exc:
                return f"connection broke while reading ({type(exc).__name__}: {exc})", backoff, status
            except ValueError as exc:
                return str(exc), None, status
            fetched = Fetched(url=response.geturl(), status=status, headers=headers, body=body,
                              request_headers=request_headers,
                              protocol="HTTP/1.0" if getattr(response, "version", 11) == 10 else "HTTP/1.1")
        declared = fetched.header("Content-Length")
        if declared and declared.strip().isdigit() and fetched.header("Transfer-Encoding") is None \
                and int(declared) != len(body):
            return f"truncated response: got {len(body)} of {int(declared)} bytes", backoff, status
        if self.on_response is not None:
            fetched.where = self.on_response(fetched)
        if 200 <= status < 300:
            return fetched, None, status
        return f"HTTP {status}", (backoff if status >= 500 else None), status


def _read_whole(response) -> bytes:
    """The body, read in pieces; ValueError past :data:`MAX_BODY_BYTES`."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ValueError(f"response of {int(declared)} bytes, more than {MAX_BODY_BYTES}: not read")
    chunks, size = [], 0
    while True:
        chunk = response.read(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ValueError(f"response larger than {MAX_BODY_BYTES} bytes: not read")
        chunks.append(chunk)
