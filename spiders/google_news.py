"""Google News search (news.google.com/rss/search), as a discovery source.

Known: ``/rss/search?q=...&hl=en-GB&gl=GB&ceid=GB:en`` is an RSS 2.0 feed of
search results; each item's ``<link>`` is a Google URL
(``/rss/articles/<token>?oc=5``), its title ends with " - <publisher>" and its
``<source url="...">`` names the publisher. The token is base64: older tokens
hold the publisher's URL itself (protobuf field 4 after ``08 13 22``), and are
decoded without any request; newer ones ("AU_yqL...") only hold an id.

Resolution, in order: decode the token; else fetch the Google URL and follow
its HTTP redirect to the publisher; else, when Google answers with its
interstitial page (``c-wiz > div[jscontroller]`` with ``data-n-a-id``,
``data-n-a-ts`` and ``data-n-a-sg``), ask ``/_/DotsSplashUi/data/batchexecute``
for the URL (the ``Fbv4je`` / ``garturlreq`` call public decoders make; its
shape is Google's and can change without notice), or take a meta refresh or
an outgoing link on that page (never one to Google's own hosts). A link none
of these resolves is reported, and so is a redirect that ends on Google itself
(its cookie consent page at ``consent.google.com``, which Google shows to
visitors from the EEA and the UK instead of the redirect).

Checked against a real copy of a live search feed (September 2026, trimmed by
its keeper): ``NFE/5.0`` generator, items with ``title`` ("<headline> -
<publisher>"), ``link`` (``/rss/articles/<token>?oc=5``), ``guid``
(the token), ``pubDate`` in GMT, ``description`` (Google's link block, not a
summary, so entries are in effect filtered on their headline) and ``source``.

The stored document is the publisher's page at the publisher's canonical URL,
so an article found here and through its own feed is one document. When a
catalogue source covers the publisher, that source's spider reads the page
(same selectors, same text, so no spurious new version) and the document is
credited to it; otherwise the publisher comes from the page or the item's
``<source>``, and the kind is guessed from the publisher's name. Items are
filtered on title and summary before anything is fetched.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

from scrapy import FormRequest, Request

from lfrwatch.crawl.sources import all_sources, spider_loader
from lfrwatch.spiders.base import ArticleSpider
from lfrwatch.spiders.contracts import feed_contract

_GOOGLE_ARTICLE_PATHS = ("/rss/articles/", "/__i/rss/rd/articles/", "/articles/", "/read/")


def _varint(raw: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while i < len(raw):
        byte = raw[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if not byte & 0x80:
            return value, i
        shift += 7
    raise ValueError("truncated varint")


def decode_article_url(link: str | None) -> str | None:
    """The publisher's URL held in an old-style Google News token, or None."""
    if not link:
        return None
    segments = urlsplit(link).path.rstrip("/").split("/")
    if len(segments) < 2 or segments[-2] not in ("articles", "read"):
        return None
    token = segments[-1]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        i = 0
        if raw[i] != 0x08:
            return None
        _, i = _varint(raw, i + 1)
        if raw[i] != 0x22:
            return None
        length, i = _varint(raw, i + 1)
        url = raw[i:i + length].decode("utf-8")
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return url if re.match(r"https?://", url) else None


def batchexecute_url(text: str) -> str | None:
    """The publisher's URL in a batchexecute answer, or None."""
    start = text.find("[[")
    if start < 0:
        return None
    try:
        envelopes, _ = json.JSONDecoder().raw_decode(text[start:])
    except ValueError:
        return None
    for envelope in envelopes:
        if isinstance(envelope, list) and len(envelope) > 2 and envelope[:2] == ["wrb.fr", "Fbv4je"]:
            try:
                payload = json.loads(envelope[2])
            except (TypeError, ValueError):
                continue
            if isinstance(payload, list) and len(payload) > 1 and isinstance(payload[1], str) \
                    and payload[1].startswith(("http://", "https://")):
                return payload[1]
    return None


def is_google_host(host: str | None) -> bool:
    """True for Google's own hosts (news, consent, policies, support, accounts...), never a publisher."""
    host = (host or "").lower()
    return bool(re.search(r"(^|\.)(google\.[a-z]{2,3}(\.[a-z]{2})?|gstatic\.com|googleusercontent\.com)$", host))


class GoogleNewsSpider(ArticleSpider):
    name = "google_news"
    publisher_from_page = True
    kind_from_publisher = True

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._delegates: dict[str, ArticleSpider] = {}
        self._edition = "GB:en"
        for url in self.feed_urls:
            self._edition = (parse_qs(urlsplit(url).query).get("ceid") or [self._edition])[0]

    # -- links -------------------------------------------------------------------

    def is_google_link(self, url: str) -> bool:
        base = self.source.base_url.rstrip("/") if self.source else "https://news.google.com"
        return any(url.startswith(base + path) for path in _GOOGLE_ARTICLE_PATHS)

    def entry_link(self, entry: dict[str, Any], response) -> str | None:
        link = entry.get("link")
        return decode_article_url(link) or link

    def article_request(self, url: str, entry: dict[str, Any] | None = None, **meta: Any) -> Request:
        request = super().article_request(url, entry, allow_offsite=True, **meta)
        # Google's own link is kept as given (its parameters are not tracking); publisher links lose theirs.
        return request.replace(url=url) if self.is_google_link(url) else request

    # -- pages -------------------------------------------------------------------

    def parse_article(self, response) -> Iterator[Any]:
        if self.is_google_link(response.url):
            yield from self.resolve_google_page(response)
            return
        if is_google_host(urlsplit(response.url).hostname):
            # A redirect ended on Google itself (its cookie consent page, consent.google.com): no publisher here.
            self.report.error((response.meta.get("redirect_urls") or [response.url])[0],
                              f"Google News link not resolved: Google answered with its own page ({response.url})")
            return
        yield from super().parse_article(response)

    def resolve_google_page(self, response) -> Iterator[Request]:
        """Google answered with a page instead of a redirect: find the publisher's URL on it."""
        entry = response.meta.get("feed_entry") or {}
        data = response.css("c-wiz > div[jscontroller][data-n-a-sg]")
        if data and data.attrib.get("data-n-a-ts"):
            token = data.attrib.get("data-n-a-id") or urlsplit(response.url).path.rstrip("/").split("/")[-1]
            request = ["garturlreq",
                       [["X", "X", ["X", "X"], None, None, 1, 1, self._edition, None, 1, None, None, None, None, None,
                         0, 1], "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0],
                       token, int(data.attrib["data-n-a-ts"]), data.attrib["data-n-a-sg"]]
            freq = json.dumps([[["Fbv4je", json.dumps(request, separators=(",", ":")), None, "generic"]]],
                              separators=(",", ":"))
            yield FormRequest(self.source.url("/_/DotsSplashUi/data/batchexecute"), formdata={"f.req": freq},
                              callback=self.parse_batchexecute, errback=self.on_error, dont_filter=True,
                              meta={"lfrwatch_role": "resolve", "feed_entry": entry, "google_url": response.url})
            return
        refresh = response.css('meta[http-equiv="refresh" i]::attr(content)').get() or ""
        match = re.search(r"url\s*=\s*['\"]?([^'\";]+)", refresh, re.I)
        target = match[1].strip() if match else None
        if not target:
            for href in response.css("a[href]::attr(href)").getall():
                href = response.urljoin(href)
                if href.startswith("http") and not href.startswith(self.source.base_url.rstrip("/") + "/") \
                        and not is_google_host(urlsplit(href).hostname):
                    target = href
                    break
        if target:
            yield self.article_request(response.urljoin(target), entry)
        else:
            self.report.error(response.url, "Google News link not resolved to a publisher's page")

    def parse_batchexecute(self, response) -> Iterator[Request]:
        url = batchexecute_url(response.text)
        if not url:
            self.report.error(response.meta.get("google_url", response.url),
                              "Google News link not resolved: batchexecute gave no URL")
            return
        yield self.article_request(url, response.meta.get("feed_entry"))

    # -- handing over to the publisher's own spider -----------------------------------

    def extraction_spider_for(self, response) -> ArticleSpider:
        url = response.url
        host = (urlsplit(url).hostname or "").lower()
        for source in all_sources():
            if source.name == self.name:
                continue
            base = source.base_url.rstrip("/") + "/"
            if url.startswith(base) or any(host == d or host.endswith("." + d) for d in source.extra_domains):
                return self._delegate(source.name)
        return self

    def _delegate(self, name: str) -> ArticleSpider:
        if name not in self._delegates:  # by the registry's loader: a police force's spider has no module of its own
            self._delegates[name] = spider_loader().load(name)()
        return self._delegates[name]

    def check_feed(self, response):
        """The search feed still lists results with Google links (``scrapy check google_news``).

        @url https://news.google.com/rss/search?q=%22facial+recognition%22+police&hl=en-GB&gl=GB&ceid=GB:en
        @returns requests 1
        """
        return feed_contract(self, response)
