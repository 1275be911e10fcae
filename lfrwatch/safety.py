"""Fault handling for crawls that run unattended: each failure costs one URL and says why.

Scrapy already bounds most faults (``DOWNLOAD_TIMEOUT``, ``DOWNLOAD_MAXSIZE``,
which also caps gzip decompression, ``RETRY_TIMES``, ``REDIRECT_MAX_TIMES``).
This module adds what it lacks:

- :class:`RetryAfterMiddleware` waits as long as a 503/429 ``Retry-After`` asks
  (up to ``LFRWATCH_RETRY_AFTER_MAX`` seconds) before retrying, and gives up at
  once when the server asks for longer.
- :class:`SafeRedirectMiddleware` (and the meta-refresh one) refuse redirects
  to another domain or to a private address before any connection is made,
  and report redirect loops; Scrapy's duplicate filter would otherwise drop a
  looping redirect silently.
- :class:`MisdeclaredEncodingMiddleware` reads a page declared UTF-8 that is
  really Windows-1252 as Windows-1252, so its text stays readable.
- :class:`LoopbackOnlyMiddleware` (``LFRWATCH_LOOPBACK_ONLY``) refuses every
  host but 127.0.0.1: a safety net for tests and the demo.
- :class:`CrashSafeCacheStorage` replaces each HTTP cache entry whole or not
  at all (one SQLite row), so a killed run cannot leave a new ETag beside an
  old body.
- :class:`ParentWatchExtension` ends the crawl process when the ``lfrwatch
  run`` that started it dies, so a killed run leaves no orphan writing on.
- :func:`unsafe_xml_entities` spots feeds declaring XML entities that could
  expand (the "billion laughs"); :func:`describe_failure` words every failure
  as one line.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import pickle
import re
import shutil
import signal
import sqlite3
import struct
import time
import weakref
import zlib
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import TextResponse
from scrapy.utils.response import response_from_dict

logger = logging.getLogger(__name__)

#: Longest Retry-After (seconds) a crawl waits for before giving up on a URL.
DEFAULT_RETRY_AFTER_MAX = 60.0


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


# -- retries ---------------------------------------------------------------------


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, honouring ``Retry-After`` within ``LFRWATCH_RETRY_AFTER_MAX`` seconds."""

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("LFRWATCH_RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            request.meta["lfrwatch_retry_after_note"] = (
                f"not retried: Retry-After {wait:g} s is longer than the {self.max_wait:g} s this crawl waits")
            return response
        from scrapy.utils.response import response_status_message

        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait:
            await _sleep(wait)
        return retry


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor
    from twisted.internet.task import deferLater
    from scrapy.utils.defer import maybe_deferred_to_future

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


# -- redirects -------------------------------------------------------------------

_LOCAL_NAMES = ("localhost", "localhost.localdomain")


def _ip(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_private(address) -> bool:
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)


_extractor = None


def registrable_domain(host: str) -> str:
    """``news.met.police.uk`` -> ``met.police.uk``, from the bundled public suffix list (no network)."""
    global _extractor
    if _extractor is None:
        import tldextract

        _extractor = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    return _extractor(host).top_domain_under_public_suffix or host


def redirect_refusal(source_url: str, target_url: str, allowed_domains: list[str] | tuple[str, ...] = (), *,
                     any_domain: bool = False) -> str | None:
    """Why a redirect from ``source_url`` to ``target_url`` must not be followed, or None.

    Followed: the same host, a host of the same registered domain
    (``www.example.org`` -> ``example.org``), one of the spider's allowed
    domains, or with ``any_domain`` (a request marked ``allow_offsite``, such as
    a Google News link on its way to the publisher) any public host. Refused:
    any other domain, and any private, loopback or link-local address unless it
    is the very host the request went to.
    """
    source = (urlsplit(source_url).hostname or "").lower()
    target = (urlsplit(target_url).hostname or "").lower()
    if target == source:
        return None
    address = _ip(target)
    if address is not None or target in _LOCAL_NAMES or target.endswith(".localhost"):
        if address is None or _is_private(address):
            return f"redirect to a private address not followed: {target_url}"
        return None if any_domain else f"redirect to another host not followed: {target_url}"
    if any_domain:
        return None
    for domain in allowed_domains or ():
        domain = domain.lower()
        if target == domain or target.endswith("." + domain):
            return None
    if _ip(source) is None and registrable_domain(target) == registrable_domain(source):
        return None
    return f"redirect to another domain not followed: {target_url} (from {source or source_url})"


class _GuardedRedirect:
    """Checks every redirect before Scrapy schedules it (mixed into Scrapy's two redirect middlewares)."""

    def _redirect(self, redirected, request, reason):
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise RefusedRequest("redirect loop: " + " -> ".join([*chain, redirected.url]))
        spider = getattr(self.crawler, "spider", None)
        refusal = redirect_refusal(request.url, redirected.url, getattr(spider, "allowed_domains", None) or (),
                                   any_domain=bool(request.meta.get("allow_offsite")))
        if refusal:
            raise RefusedRequest(refusal)
        try:
            return super()._redirect(redirected, request, reason)
        except RefusedRequest:
            raise
        except IgnoreRequest as exc:
            raise RefusedRequest(f"too many redirects: more than {self.max_redirect_times}, last to "
                                 f"{redirected.url}") from exc


class SafeRedirectMiddleware(_GuardedRedirect, RedirectMiddleware):
    pass


class SafeMetaRefreshMiddleware(_GuardedRedirect, MetaRefreshMiddleware):
    pass


# -- encodings -------------------------------------------------------------------

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def misdeclared_utf8(body: bytes) -> bool:
    """True when a body said to be UTF-8 is not, and has no UTF-8 sequence in it at all.

    Such a page is almost always Windows-1252 (the common legacy encoding of
    English pages); a page mixing valid UTF-8 with a stray byte stays UTF-8.
    """
    try:
        body.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return _UTF8_MULTIBYTE.search(body) is None


class MisdeclaredEncodingMiddleware:
    """Read pages declared UTF-8 but written in Windows-1252 as Windows-1252 (logged)."""

    def process_response(self, request, response):
        if not isinstance(response, TextResponse) or not response.body:
            return response
        if response.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
            return response
        if not misdeclared_utf8(response.body):
            return response
        logger.warning("lfrwatch: %s: declared UTF-8 but is not; read as Windows-1252", response.url)
        return response.replace(encoding="cp1252")


# -- safety nets -------------------------------------------------------------------

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class LoopbackOnlyMiddleware:
    """With ``LFRWATCH_LOOPBACK_ONLY``, refuse every request to a host other than this machine."""

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("LFRWATCH_LOOPBACK_ONLY"):
            raise NotConfigured
        return cls()

    def process_request(self, request):
        host = (urlsplit(request.url).hostname or "").lower()
        if host not in LOOPBACK_HOSTS:
            raise RefusedRequest(f"not fetched: {request.url} is not on 127.0.0.1 (LFRWATCH_LOOPBACK_ONLY)")
        return None


class ParentWatchExtension:
    """End the crawl process when its parent (``LFRWATCH_PARENT_PID``) is gone.

    ``lfrwatch run`` holds the run lock; if it is killed, the lock is released
    and the next run may start, so its crawl must not outlive it. On Linux the
    kernel sends SIGKILL at once (``PR_SET_PDEATHSIG``); elsewhere a check once
    a second notices. Every stored document is its own transaction, so dying
    here loses at most the page in flight.
    """

    def __init__(self, parent_pid: int):
        self.parent_pid = parent_pid
        self._loop = None

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        parent = crawler.settings.getint("LFRWATCH_PARENT_PID")
        if not parent:
            raise NotConfigured
        extension = cls(parent)
        extension.arm()
        crawler.signals.connect(extension.start_polling, signal=signals.engine_started)
        crawler.signals.connect(extension.stop_polling, signal=signals.engine_stopped)
        return extension

    def arm(self) -> None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # not Linux: the polling below does the job
        self.check()

    def check(self) -> None:
        if os.getppid() != self.parent_pid:
            logger.error("lfrwatch: the run that started this crawl (pid %d) is gone; stopping", self.parent_pid)
            os._exit(70)

    def start_polling(self) -> None:
        from twisted.internet.task import LoopingCall

        self._loop = LoopingCall(self.check)
        self._loop.start(1.0, now=False)

    def stop_polling(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()


# -- the HTTP cache ------------------------------------------------------------------


class CrashSafeCacheStorage(FilesystemCacheStorage):
    """Scrapy's HTTP cache, each entry replaced whole or not at all, in one SQLite file per spider.

    Scrapy's filesystem storage writes an entry as several files, one after
    the other, over the old ones. A run killed in between can leave the new
    headers (and ETag) beside the old body: the next run would revalidate with
    the new ETag, get a 304, and never see the page's new text. Here an entry
    is one row of ``<HTTPCACHE_DIR>/<spider>.sqlite3`` (metadata, headers and
    body, with checksums), replaced in one transaction. An entry that is
    short, corrupt or from another format reads as a cache miss.

    A row rather than a file per entry (the format before this one): creating
    and renaming a file for every page cost the crawl process about 0.9 ms of
    kernel time a page on ext4, its largest cost after Scrapy itself (see
    benchmarks/RESULTS.md); a row costs a fraction of that. The file runs with
    ``synchronous=OFF``: a crawl killed at any point loses no committed entry
    (the operating system holds the pages), and after a power cut a damaged
    file is set aside (``.damaged-<time>``) and the cache starts empty. A
    miss costs a full fetch, never a wrong page: stored pages that come back
    with the same bytes are still not parsed again.

    A 304 hands back the cached response with refreshed headers; its body is
    rewritten from the compressed bytes read, without compressing it again.
    Caches in the earlier formats (a file per entry, or Scrapy's folder per
    entry, under ``<HTTPCACHE_DIR>/<spider>/``) are still read, and an entry
    is removed from there once it is stored here; the folders it leaves empty
    go when the spider closes, and the spider's folder with the last of them.
    """

    #: zlib level for HTTPCACHE_GZIP. On the benchmark's 24 KB pages: 6.7 KB in ~0.21 ms, against
    #: 6.2 KB in ~0.38 ms at level 9 (gzip.open's default, which Scrapy's storage used).
    compresslevel = 3

    def __init__(self, settings):
        super().__init__(settings)
        # response -> (its body, flags, the body as stored, its crc): what a 304 re-store reuses.
        self._stored_bodies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._db: sqlite3.Connection | None = None
        self._db_path: str | None = None
        self._legacy = False  # the spider has a cache folder in an earlier format

    # -- the file --------------------------------------------------------------------------

    def open_spider(self, spider) -> None:
        super().open_spider(spider)
        self._legacy = os.path.isdir(os.path.join(self.cachedir, spider.name))
        self._db_path = os.path.join(self.cachedir, f"{spider.name}.sqlite3")
        try:
            self._db = self._connect()
        except (OSError, sqlite3.OperationalError) as exc:  # cannot open it at all: a crawl without a cache
            logger.error("HTTP cache %s cannot be opened, crawling without it: %s", self._db_path, exc)
            self._db = None

    def close_spider(self, spider) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._legacy:
            self._prune_legacy_folder(os.path.join(self.cachedir, spider.name))

    @staticmethod
    def _prune_legacy_folder(root: str) -> None:
        """Remove the emptied folders of the earlier formats, the spider's own folder too once nothing is left in it.

        Entries are moved out of ``<spider>/`` one by one as they are stored
        again; the folders they leave would keep every later cache miss looking
        there (a failed ``open`` and a ``stat`` a page) for as long as they stay.
        Only empty folders go: an entry not yet fetched again is kept, and read.
        """
        for folder, _, _ in os.walk(root, topdown=False):
            with contextlib.suppress(OSError):  # not empty (an entry still to move), or not ours to remove
                os.rmdir(folder)
        if not os.path.isdir(root):
            logger.info("HTTP cache: every entry of the earlier format in %s has moved into the cache file; "
                        "the folder is removed", root)

    def _connect(self) -> sqlite3.Connection:
        """The cache file, opened (made if need be); a damaged one is set aside and an empty one made."""
        try:
            return self._open_file()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._set_aside(exc)
            return self._open_file()

    def _open_file(self) -> sqlite3.Connection:
        os.makedirs(self.cachedir, exist_ok=True)
        db = sqlite3.connect(self._db_path, isolation_level=None)  # autocommit: one statement, one transaction
        try:
            db.execute("pragma busy_timeout = 10000")
            db.execute("pragma journal_mode = wal")
            db.execute("pragma synchronous = off")
            db.execute("create table if not exists entries "
                       "(fingerprint text primary key, stored_at real not null, entry blob not null)")
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self, exc: Exception) -> None:
        """Move the damaged cache file (and its WAL) aside, kept for inspection."""
        damaged = f"{self._db_path}.damaged-{int(time.time())}"
        logger.warning("HTTP cache %s is damaged (%s): moved to %s, the cache starts empty",
                       self._db_path, exc, damaged)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(self._db_path + suffix, damaged + suffix)

    def _run(self, sql: str, params: tuple) -> sqlite3.Cursor | None:
        """``sql`` on the cache file; a damaged file is set aside and the statement run on a new one."""
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._set_aside(exc)
            self._db = self._connect()
            return self._db.execute(sql, params)

    def _expired(self, stored_at: float) -> bool:
        return 0 < self.expiration_secs < time.time() - stored_at

    def _fingerprint(self, request) -> str:
        return self._fingerprinter.fingerprint(request).hex()

    # -- entries ---------------------------------------------------------------------------

    def retrieve_response(self, spider, request):
        fingerprint = self._fingerprint(request)
        try:
            cursor = self._run("select stored_at, entry from entries where fingerprint = ?", (fingerprint,))
            row = cursor.fetchone() if cursor is not None else None
        except sqlite3.Error as exc:
            logger.debug("HTTP cache %s unreadable, treated as a miss: %s", self._db_path, exc)
            return None
        if row is None:
            return self._retrieve_legacy(spider, request) if self._legacy else None
        stored_at, data = row
        if self._expired(stored_at):
            return None
        return self._response_from_entry(data, request, f"HTTP cache entry {fingerprint} in {self._db_path}")

    def _response_from_entry(self, data: bytes, request, name: str):
        try:
            meta, body, stored = _decode_cache_entry(data)
            response = response_from_dict({**meta["response"], "body": body})
        except Exception as exc:  # noqa: BLE001 - any damage is a miss, never a crawl error
            logger.debug("%s unreadable, treated as a miss: %s", name, exc)
            return None
        self._stored_bodies[response] = (response.body, *stored)
        request.meta["cache_timestamp"] = meta["timestamp"]
        return response

    def _legacy_entry_path(self, spider, request) -> str:
        """Where the format before this one kept the entry: one file beside Scrapy's folder."""
        return super()._get_request_path(spider, request) + _ENTRY_SUFFIX

    def _retrieve_legacy(self, spider, request):
        """The entry in an earlier format (a file per entry, or Scrapy's folder); None if absent or damaged."""
        path = self._legacy_entry_path(spider, request)
        try:
            with open(path, "rb") as f:
                if self._expired(os.fstat(f.fileno()).st_mtime):
                    return None
                data = f.read()
        except FileNotFoundError:
            return self._retrieve_folder_entry(spider, request)
        except OSError as exc:
            logger.debug("HTTP cache entry %s unreadable, treated as a miss: %s", path, exc)
            return None
        return self._response_from_entry(data, request, f"HTTP cache entry {path}")

    def _retrieve_folder_entry(self, spider, request):
        """An entry in Scrapy's folder format, as earlier versions wrote it; None if absent or damaged."""
        folder = super()._get_request_path(spider, request)
        if not os.path.isdir(folder):
            return None
        try:
            return super().retrieve_response(spider, request)
        except Exception as exc:  # noqa: BLE001
            logger.debug("HTTP cache folder %s unreadable, treated as a miss: %s", folder, exc)
            return None

    def store_response(self, spider, request, response) -> None:
        body = response.body
        reused = self._stored_bodies.get(response)
        if reused is not None and reused[0] is body:  # a 304: the very body read from the cache
            _, flags, blob, blob_crc = reused
        elif self.use_gzip:
            flags, blob = _GZIPPED, zlib.compress(body, self.compresslevel, wbits=31)
            blob_crc = zlib.crc32(blob)
        else:
            flags, blob, blob_crc = 0, body, zlib.crc32(body)
        fields = response.to_dict()
        for key in ("body", "request", "certificate"):
            fields.pop(key, None)
        if "cached" in fields.get("flags", ()):
            fields["flags"] = [flag for flag in fields["flags"] if flag != "cached"]
        now = time.time()
        meta = pickle.dumps({
            "url": request.url,
            "method": request.method,
            "status": response.status,
            "response_url": response.url,
            "timestamp": now,
            "response": fields,
        }, protocol=pickle.HIGHEST_PROTOCOL)
        head = _ENTRY_HEAD.pack(_ENTRY_MAGIC, flags, len(meta), len(blob), zlib.crc32(meta), blob_crc)
        self._run("insert or replace into entries (fingerprint, stored_at, entry) values (?, ?, ?)",
                  (self._fingerprint(request), now, b"".join((head, meta, blob))))
        if self._legacy:  # the same entry in an earlier format: superseded
            folder = super()._get_request_path(spider, request)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder + _ENTRY_SUFFIX)
            if os.path.isdir(folder):
                shutil.rmtree(folder, ignore_errors=True)


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """True for a damaged or foreign file ("malformed", "not a database"), not for a lock or a full disk."""
    return not isinstance(exc, sqlite3.OperationalError)


_ENTRY_SUFFIX = ".entry"
_ENTRY_MAGIC = b"LFRWHC1\n"
#: magic, flags, metadata length, body length, metadata crc32, body crc32
_ENTRY_HEAD = struct.Struct(">8sBIIII")
_GZIPPED = 1


def _decode_cache_entry(data: bytes) -> tuple[dict, bytes, tuple[int, bytes, int]]:
    """(metadata, body, (flags, body as stored, its crc32)) of one entry file; ValueError if damaged."""
    if len(data) < _ENTRY_HEAD.size:
        raise ValueError("truncated header")
    magic, flags, meta_len, blob_len, meta_crc, blob_crc = _ENTRY_HEAD.unpack_from(data)
    if magic != _ENTRY_MAGIC:
        raise ValueError("not an lfrwatch cache entry")
    start = _ENTRY_HEAD.size
    if len(data) != start + meta_len + blob_len:
        raise ValueError(f"{len(data)} bytes, expected {start + meta_len + blob_len}")
    meta_bytes, blob = data[start:start + meta_len], data[start + meta_len:]
    if zlib.crc32(meta_bytes) != meta_crc or zlib.crc32(blob) != blob_crc:
        raise ValueError("checksum mismatch")
    meta = pickle.loads(meta_bytes)  # noqa: S301 - our own cache folder, as Scrapy's storage trusts it
    body = zlib.decompress(blob, wbits=31) if flags & _GZIPPED else blob
    return meta, body, (flags, blob, blob_crc)


# -- statistics ------------------------------------------------------------------------


class WireStatusMiddleware:
    """Count responses by HTTP status as they came over the wire, for source health.

    Scrapy's own counts come after the HTTP cache has turned a 304 into the
    cached 200; these keep the 304s, which show that revalidation works.
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response):
        if "cached" not in response.flags:
            self.stats.inc_value(f"lfrwatch/wire_status/{response.status}")
        return response
