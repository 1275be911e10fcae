"""Which ``rel=canonical`` links to believe: one that cannot merge two different documents.

A document is stored under its canonical URL, so a page that declares another
page's URL as its canonical becomes a new version of that other document, and
its claims are credited to it. Sites get canonicals wrong (every article
pointing at the home page, a template's stale link, a hostile page naming a
police force's release), so :func:`canonical_refusal` accepts a declared
canonical only when it is an http(s) URL on the same site as the page and,
as far as the page shows, the same article:

- it is the page's own address up to tracking parameters, a trailing slash,
  ``www.``, the scheme or an ``amp`` or ``print`` variant; or
- its last path segment (the article's slug or number) is the page's; or
- the document already stored under it has the page's title.

Anything else (another site, the home page, a ``javascript:`` link, another
article) is refused with a reason; the spider keeps the page under its own
URL and reports the reason as a warning by URL. Read by
:mod:`lfrwatch.spiders.base` when it makes an item (:func:`believed_canonical`);
reads the stored document's title from the store's ``documents`` table, never
the network.
"""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from lfrwatch.crawl.addresses import FETCHED_SCHEMES, same_site
from lfrwatch.crawl.article import canonicalize_url

#: Path segments that name a rendering of an article, not an article.
_VARIANT_SEGMENTS = {"amp", "print", "mobile", "m"}
#: File names that name a folder's default page.
_INDEX = re.compile(r"^(index|default|home)(\.[a-z0-9]+)?$", re.I)
_EXTENSION = re.compile(r"\.(s?html?|php|aspx?|jsp|cfm)$", re.I)


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def _article_path(url: str) -> list[str]:
    """The path's segments without a trailing index file or rendering variant (``/a/b/amp`` -> ``a, b``)."""
    segments = _segments(url)
    while segments and (segments[-1].lower() in _VARIANT_SEGMENTS or _INDEX.match(segments[-1])):
        segments.pop()
    if segments and segments[0].lower() in _VARIANT_SEGMENTS:
        segments.pop(0)
    return segments


def _address(url: str) -> tuple[str, tuple[str, ...], str]:
    """What identifies a page's address: host without ``www.``, path without variants, query (tracking is gone)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if host.startswith(("amp.", "m.")):
        host = host.split(".", 1)[1]
    query = "&".join(p for p in parts.query.split("&") if p and p.lower() not in ("amp", "amp=1", "outputtype=amp"))
    return host, tuple(_article_path(url)), query


def _slug(url: str) -> str | None:
    """The last path segment when it names one article (has a digit, a hyphen or an underscore), else None."""
    segments = _article_path(url)
    if not segments:
        return None
    slug = _EXTENSION.sub("", segments[-1]).lower()
    if len(slug) < 4 or not re.search(r"[0-9_-]", slug):
        return None
    return slug


def is_home_page(url: str) -> bool:
    """True for a site's front page (``/``, ``/index.html``, ``/amp/``), which no article is."""
    return not _article_path(url) and not urlsplit(url).query


def _title_key(title: str | None) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title or "").lower().split())


def canonical_refusal(page_url: str, canonical: str, *, other_urls: Iterable[str] = (), page_title: str | None = None,
                      stored_title: str | None = None) -> str | None:
    """Why the page at ``page_url`` must not be stored under ``canonical``, or None when it may.

    ``other_urls`` are other addresses of the same page (the URL it was asked
    for before redirects); ``stored_title`` is the title of the document
    already stored under ``canonical``, if there is one.
    """
    addresses = [page_url, *other_urls]
    if canonical in addresses:
        return None
    scheme = urlsplit(canonical).scheme.lower()
    if scheme not in FETCHED_SCHEMES or not urlsplit(canonical).hostname:
        return f"canonical link not believed: {canonical[:200]} is not an http(s) URL"
    if not any(same_site(canonical, url) for url in addresses):
        return f"canonical link not believed: {canonical} is on another site"
    if is_home_page(canonical) and not any(is_home_page(url) for url in addresses):
        return f"canonical link not believed: {canonical} is the site's home page, not this article"
    if any(_address(canonical) == _address(url) for url in addresses):
        return None
    slug = _slug(canonical)
    if slug is not None and any(_slug(url) == slug for url in addresses):
        return None
    if stored_title is not None and _title_key(stored_title) and _title_key(stored_title) == _title_key(page_title):
        return None
    stored = (f"the document stored there is titled {stored_title!r}" if stored_title is not None
              else "no document is stored there")
    return (f"canonical link not believed: {canonical} names another page (its address does not match this one's, "
            f"and {stored})")


def stored_title(db, canonical_url: str) -> str | None:
    """The title of the document stored under ``canonical_url`` ("" if it has none); None when none is stored."""
    for row in db["documents"].rows_where("canonical_url = ?", [canonical_url], select="title", limit=1):
        return row["title"] or ""
    return None


def believed_canonical(page_url: str, declared: str | None, *, asked_urls: Iterable[str] = (),
                       page_title: str | None = None, db=None) -> tuple[str, str | None]:
    """(The URL to store a page under, and why its declared canonical was not believed, or None.)

    ``page_url`` is where the page was read, ``declared`` its canonical as
    extracted, ``asked_urls`` the URLs asked for on the way (before
    redirects), ``db`` the store (sqlite-utils) for the title already stored
    under the canonical, if any.
    """
    own = canonicalize_url(page_url)
    if not declared or declared == own:
        return own, None
    title = stored_title(db, declared) if db is not None else None
    refusal = canonical_refusal(own, declared, other_urls=[canonicalize_url(url) for url in asked_urls],
                                page_title=page_title, stored_title=title)
    return (own, refusal) if refusal else (declared, None)
