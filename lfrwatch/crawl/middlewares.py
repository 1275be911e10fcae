"""Downloader middlewares: what lfrwatch adds to Scrapy's for crawls that run unattended.

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
- :class:`HttpOnlyMiddleware` refuses every scheme but http and https
  (``file:``, ``data:``, ``ftp:``...), whatever led to the request.
- :class:`PublicAddressMiddleware` refuses private, loopback, link-local and
  reserved addresses by the address a host resolves to (numeric spellings such
  as ``2852039166`` or ``127.1`` included), for every request.
- :class:`LoopbackOnlyMiddleware` (``LFRWATCH_LOOPBACK_ONLY``) refuses every
  host but 127.0.0.1: a safety net for tests, which also lets
  :class:`PublicAddressMiddleware` allow loopback addresses.
- :class:`WireStatusMiddleware` counts responses by status as sent, 304s included.
"""

from __future__ import annotations

import logging
import re
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse

from lfrwatch.crawl.addresses import (address_kind, address_refusal, host_address, host_and_port, is_local_name,
                                      registrable_domain, scheme_refusal)
from lfrwatch.crawl.failures import RefusedRequest

logger = logging.getLogger(__name__)


#: Longest Retry-After (seconds) a crawl waits for before giving up on a URL.
DEFAULT_RETRY_AFTER_MAX = 60.0

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
    address = host_address(target)
    if address is not None or is_local_name(target):
        if address is None or address_kind(address) is not None:
            return f"redirect to a private address not followed: {target_url}"
        return None if any_domain else f"redirect to another host not followed: {target_url}"
    if any_domain:
        return None
    for domain in allowed_domains or ():
        domain = domain.lower()
        if target == domain or target.endswith("." + domain):
            return None
    if host_address(source) is None and registrable_domain(target) == registrable_domain(source):
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


class HttpOnlyMiddleware:
    """Refuse every request whose scheme is not http or https, before any download handler sees it.

    Scrapy would read ``file:``, ``data:``, ``ftp:`` and ``s3:`` URLs too; a
    feed, listing, redirect or page must never make a crawl read local files.
    """

    def process_request(self, request):
        refusal = scheme_refusal(request.url)
        if refusal:
            raise RefusedRequest(refusal)
        return None


class PublicAddressMiddleware:
    """Refuse requests to private, loopback, link-local and reserved addresses, by the address the host resolves to.

    Every request is checked before any connection: a host that spells an
    address (in any numeric form, ``2852039166`` or ``127.1`` included) by that
    address, a name by what the crawl's resolver gives for it. The resolver is
    the one the download then uses, and it caches the answer
    (``DNSCACHE_ENABLED``), so the connection goes to the address checked. A
    name that does not resolve is let through: the download fails with a DNS
    error, or a proxy resolves it.

    The hosts the operator named (feeds, listings, base URLs, ``--feed``) are
    checked like any link found in what they serve: a feed on an intranet
    address is refused too. With ``LFRWATCH_LOOPBACK_ONLY`` (tests, the demo,
    a mirror on this machine: ``-s LFRWATCH_LOOPBACK_ONLY=True``), loopback
    addresses are allowed and :class:`LoopbackOnlyMiddleware` refuses every
    other host.
    """

    def __init__(self, crawler, allow_loopback: bool):
        self.crawler = crawler
        self.allow_loopback = allow_loopback

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getbool("LFRWATCH_LOOPBACK_ONLY"))

    async def process_request(self, request):
        where = host_and_port(request.url)
        if where is None:
            return None
        host = where[0]
        address = host_address(host)
        if address is None:
            if host.endswith(".localhost"):  # this machine by definition (RFC 6761), never sent to DNS
                address = host_address("127.0.0.1")
            else:
                address = await self.resolve(host)
                if address is None:
                    return None
        refusal = address_refusal(host, address, allow_loopback=self.allow_loopback)
        if refusal:
            raise RefusedRequest(refusal)
        return None

    async def resolve(self, host: str):
        """The address the crawl's resolver (the reactor's, as the download uses) gives for ``host``, or None."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        try:
            found = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # noqa: BLE001 - no answer: the download reports the DNS failure itself
            return None
        return host_address(found) if isinstance(found, str) else None


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
