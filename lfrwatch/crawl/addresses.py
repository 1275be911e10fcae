"""What a crawl may fetch: http and https URLs on public addresses, and which site a URL belongs to.

Read by the downloader middlewares (``middlewares``: every request is checked
before any connection), by the redirect guard, by the spiders (feed entry and
listing links) and by the canonical-link check (``canonical``).

- :func:`scheme_refusal`: only ``http`` and ``https`` are fetched (never
  ``file:``, ``ftp:``, ``data:``, ``javascript:``...).
- :func:`host_address`: the address a host names by itself, in every form a
  resolver accepts (``10.1.2.3``, ``[::1]``, and the ``inet_aton`` forms
  ``2852039166``, ``0xa9fea9fe``, ``169.254.43518``, ``0251.0376.0251.0376``,
  ``127.1``).
- :func:`address_refusal`: why an address is not fetched (loopback, private,
  link-local, reserved...), or None for a public one.
- :func:`registrable_domain`, :func:`same_site`: ``news.met.police.uk`` and
  ``www.met.police.uk`` are one site.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

#: The only URL schemes a crawl fetches.
FETCHED_SCHEMES = ("http", "https")

#: Names that are this machine whatever DNS says (RFC 6761), never looked up.
LOCAL_NAMES = ("localhost", "localhost.localdomain")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_INET_ATON_FORM = re.compile(r"[0-9a-fA-FxX.]+")


def scheme_refusal(url: str) -> str | None:
    """Why ``url`` is not fetched for its scheme (or lack of a host), or None for an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # a malformed host ("http://[::1/")
        return f"not fetched: not a valid URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in FETCHED_SCHEMES:
        named = f"a {scheme}: URL" if scheme else "a URL without a scheme"
        return f"not fetched: only http and https URLs are fetched, and this is {named}"
    if not host:
        return "not fetched: the URL has no host"
    return None


def host_address(host: str) -> Address | None:
    """The IP address ``host`` spells by itself, or None for a name.

    Accepts what resolvers accept, so that no spelling of a private address
    passes for a name: dotted quads, IPv6 (bracketed or not), and the
    ``inet_aton`` forms (one to four parts, each decimal, octal with a leading
    ``0`` or hex with ``0x``).
    """
    host = host.strip().strip("[]").rstrip(".")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not _INET_ATON_FORM.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def is_local_name(host: str) -> bool:
    """``localhost`` and the names under ``.localhost``: this machine, by definition."""
    host = host.lower().rstrip(".")
    return host in LOCAL_NAMES or host.endswith(".localhost")


def _unmapped(address: Address) -> Address:
    """``::ffff:10.1.2.3`` is ``10.1.2.3``."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def address_kind(address: Address) -> str | None:
    """What kind of non-public address this is ("loopback", "link-local", "private"...), or None when public."""
    address = _unmapped(address)
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


def is_loopback(address: Address) -> bool:
    return _unmapped(address).is_loopback


def address_refusal(host: str, address: Address, *, allow_loopback: bool = False) -> str | None:
    """Why ``host`` (at ``address``) is not fetched, or None when the address is public.

    With ``allow_loopback`` (``LFRWATCH_LOOPBACK_ONLY``: tests and the demo),
    loopback addresses are fetched too.
    """
    kind = address_kind(address)
    if kind is None or (allow_loopback and is_loopback(address)):
        return None
    spelled, plain = host.strip("[]"), str(_unmapped(address))
    where = plain if spelled == plain else f"{spelled} is {plain}"
    return f"not fetched: a private address ({where}, {kind}); only public addresses are fetched"


_extractor = None


def registrable_domain(host: str) -> str:
    """``news.met.police.uk`` -> ``met.police.uk``, from the bundled public suffix list (no network)."""
    global _extractor
    if _extractor is None:
        import tldextract

        _extractor = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    return _extractor(host).top_domain_under_public_suffix or host


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site: the same registrable domain, or for addresses the same host and port."""
    a, b = urlsplit(url), urlsplit(other)
    host_a, host_b = (a.hostname or "").lower(), (b.hostname or "").lower()
    if not host_a or not host_b:
        return False
    if host_address(host_a) is not None or host_address(host_b) is not None or is_local_name(host_a):
        return (host_a, _port(a)) == (host_b, _port(b))
    return registrable_domain(host_a) == registrable_domain(host_b)


def _port(parts) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None


def host_and_port(url: str) -> tuple[str, int | None] | None:
    """(host, port) of an http(s) URL, the scheme's default port filled in; None without a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    return (host.lower(), _port(parts)) if host else None
