"""Failures in words: one line per failed request, for the crawl report and cron mail.

:func:`describe_failure` words every Scrapy and Twisted failure a crawl meets;
:class:`RefusedRequest` is a request lfrwatch chose not to make, its message
the whole reason; :func:`unsafe_xml_entities` spots feeds declaring XML
entities that could expand (the "billion laughs").
"""

from __future__ import annotations

import logging
import re

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

class RefusedRequest(IgnoreRequest):
    """A request lfrwatch chose not to make; the message is the whole reason, for the report."""


# -- wording -------------------------------------------------------------------


def _retries(request) -> str:
    count = (request.meta.get("retry_times") or 0) if request is not None else 0
    return f"gave up after {count} {'retry' if count == 1 else 'retries'}" if count else ""


def describe_failure(failure) -> str:
    """One line saying why a request failed, in words a reader of a cron mail understands."""
    from scrapy import exceptions as sx
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as tx

    request = getattr(failure, "request", None)
    value = failure.value
    if failure.check(HttpError):
        response = value.response
        notes = [n for n in (_retries(response.request or request),
                             response.request.meta.get("lfrwatch_retry_after_note") if response.request else None) if n]
        retry_after = response.headers.get(b"Retry-After")
        if retry_after and not any("Retry-After" in n for n in notes):
            notes.append(f"Retry-After: {retry_after.decode('latin-1')}")
        return f"HTTP {response.status}" + (f" ({'; '.join(notes)})" if notes else "")
    if failure.check(RefusedRequest):
        return str(value)
    retried = _retries(request)
    suffix = f" ({retried})" if retried else ""
    if failure.check(sx.DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError):
        timeout = request.meta.get("download_timeout") if request is not None else None
        return (f"timed out: no complete answer within {timeout:g} s" if timeout else "timed out") + suffix
    if failure.check(sx.DownloadCancelledError):
        message = str(value)
        match = re.search(r"(\d+) bytes which is larger than download max size \((\d+)\)", message)
        if match:
            return f"too large: over the {_size(int(match.group(2)))} limit (DOWNLOAD_MAXSIZE)"
        if not message:  # Scrapy cancels a body that outgrows the limit while arriving, without a message
            return "too large: stopped at the size limit (DOWNLOAD_MAXSIZE) while arriving"
        return f"download cancelled: {message}"
    if failure.check(sx.DownloadFailedError, sx.ResponseDataLossError, tx.ConnectionLost, tx.ConnectionDone):
        return "connection lost: the server closed or reset the connection before a full answer" + suffix
    if failure.check(sx.DownloadConnectionRefusedError, tx.ConnectionRefusedError):
        return "connection refused" + suffix
    if failure.check(sx.CannotResolveHostError, tx.DNSLookupError):
        return "DNS lookup failed" + suffix
    if failure.check(IgnoreRequest):
        message = str(value)
        lowered = message.lower()
        if "robots.txt" in lowered:
            return "not fetched: forbidden by robots.txt"
        if "during decompression" in lowered:
            limit = re.search(r"DOWNLOAD_MAXSIZE \((\d+) B\)", message)
            size = f"the {_size(int(limit.group(1)))} limit" if limit else "the size limit"
            return f"too large: over {size} once decompressed (a compression bomb?); not stored"
        if "max redirections" in lowered:
            return "too many redirects: gave up"
        return f"not fetched: {message or 'ignored'}"
    return f"{failure.type.__name__}: {value}" + suffix


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"


# -- feeds -----------------------------------------------------------------------

_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s>]+)\s+(SYSTEM|PUBLIC|\"([^\"]*)\"|'([^']*)')", re.I)
_CHAR_REF = re.compile(rb"^&#(\d+|x[0-9a-fA-F]+);$")


def unsafe_xml_entities(body: bytes) -> str | None:
    """Why a feed's entity declarations are unsafe, or None.

    A declaration whose value is one character reference (``&#160;``) is
    harmless; anything else (nested entities, long text, SYSTEM/PUBLIC files)
    can expand a small feed into gigabytes. feedparser 6 strips such DOCTYPEs
    itself, but lfrwatch refuses the feed outright so a hostile feed is reported,
    not half-read. Declarations must come before the root element, so only the
    head of the body is searched.
    """
    head = body[:65536]
    if b"<!ENTITY" not in head.upper():
        return None
    for match in _ENTITY_DECL.finditer(head):
        kind = match.group(3).upper()
        value = match.group(4) if match.group(4) is not None else match.group(5)
        name = match.group(2).decode("latin-1", "replace")
        if kind in (b"SYSTEM", b"PUBLIC"):
            return f"declares an external XML entity ({name})"
        if value is None or not _CHAR_REF.match(value):
            return f"declares an XML entity ({name}) that could expand (entity-expansion attack?)"
    return None
