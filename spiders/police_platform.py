"""Any police force on the shared police website platform: its news feed first, the platform's news search if not.

Most forces in England and Wales publish news on one shared platform (the
national "Single Online Home", built for the Police Digital Service; assets
under ``/SysSiteAssets/``), under ``/news/<force>/news/...`` on their own host.
The catalogue has one row per force on it (``lfrwatch sources``), each with its
own spider that only names the force, all reading pages with this class;
``police_platform`` itself is the row to point at any other force::

    scrapy crawl police_platform -a base_url=https://www.hampshire.police.uk \\
        -a force=hampshire -a publisher="Hampshire and Isle of Wight Constabulary"

Attested by code that ran against the live sites (no copy of a platform page or
feed has been seen; docs/sources.md names the projects):

- a force's newsroom ``/news/<force>/news/`` has an RSS 2.0 feed at
  ``/news/<force>/news/GetNewsRss/`` (Greater Manchester, West Midlands,
  Gloucestershire and Merseyside, read by four unrelated projects with
  feedparser or ElementTree: ``item`` ``title``, ``link``, ``description``,
  ``pubDate`` in RFC 822). The feed is crawled first: its entries are judged on
  title and summary, and only those about facial recognition are fetched;
- the platform's news search ``/news/news-search/?q=<terms>`` (its later pages:
  ``/news/news-search/GetPaginatedResults/?q=<terms>&page=<n>``, an HTML
  fragment) lists result cards, each with an image link and a title link to the
  article, a summary paragraph after the title and "Published: HH:MM
  DD/MM/YYYY" (London time) in the card. When the feed fails (refused,
  unreadable, not a feed), the search for "facial recognition" is read instead:
  a link with text counts as a result when the nearest element above it
  holding a "Published:" line (at most five up, as the attesting scraper
  looks) holds just one; every result is fetched and judged on its page (a
  search is relevant by construction, as GOV.UK's search feed is); pages are
  followed while they list results, up to the source's ``max_pages``;
- article URLs are ``/news/<force>/news/<yyyy>/<month>/<slug>/`` (South Wales)
  or carry a category segment (``/news/essex/news/news/...``,
  ``/news/northants/news/in-court/...``; URLs cited in public code and notes).

Seen in the stored text of three real pages (text only, no markup): pages open
with a quick-exit control ("... exit this site ..." / "Leave this site"), a
cookie banner with its confirmation and error lines, and a beta banner ("This
site is a beta ..."), then the summary and the body; none of these is the
article, and they are left out by line when the body is read from ``main``.

Assumed: the feed of Kent (whose newsroom is ``/news/kent/latest/``) is that
page's ``GetNewsRss/`` too, as for the four forces where it is attested; the
feed's channel elements and ``pubDate`` zone; the classes of article pages (the
date as "Published: 14:02 13/10/2025" or "13 October 2025 at 14:02" or in
``<time datetime>``, the body in a ``c-article__body`` / ``article-body`` /
rich-text block, else ``main``): what they miss, Open Graph and trafilatura
fill in. The Essex and South Wales rows still read their newsroom listings
(option ``listing_fallback`` off): a card there is an ancestor ``li``,
``article`` or ``div.card`` of the link, and the next page a ``rel="next"`` or
``pagination`` link, none of it attested.

Option ``listing_fallback`` (the catalogue's force rows): the listings are only
requested once every feed has failed; a feed's failure is then a warning when
the search was read, an error when it failed too.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import scrapy

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import feed_contract, listing_contract
from lfrwatch.spiders.page_text import without_lines

_DATE_TEXT = re.compile(r"(published|posted|updated|last updated|date)\s*:?\s*(.+)", re.I)
_DATE_LINE = re.compile(r"^(published|updated|last updated)\s*:\s*(.+)$", re.I)
#: Lines of the platform's page furniture (quick exit, cookie banner, beta banner, printed dates): never the article.
PLATFORM_FURNITURE = re.compile(
    r"\bexit this site\b|^leave this site$|^we use (?:some )?(?:essential )?cookies\b"
    r"|\bcookie (?:preferences|settings)\b|^sorry, there was a technical problem\b|^this site is a beta\b"
    r"|^(?:published|updated|last updated)\s*:", re.I)
#: A news search page of the platform: the first (``/news/news-search/``) or a later one (its ``GetPaginatedResults/``).
SEARCH_PAGE = re.compile(r"/news/news-search/(?:GetPaginatedResults/?)?$", re.I)
#: "Published: 10:45 03/10/2025" on a search result card (time, then day/month/year, London time).
CARD_PUBLISHED = re.compile(r"Published:\s*(\d{1,2}:\d{2})\s*(\d{1,2}/\d{1,2}/\d{4})")
#: How many elements above a result's title link its card's "Published:" line may be.
CARD_DEPTH = 5
_SEARCH_RESULTS = "lfrwatch_search_results"




def force_from_host(url: str) -> str | None:
    """The force segment guessed from a host: www.kent.police.uk -> kent."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host.split(".")[0] if host.endswith(".police.uk") else None


def news_feed_path(force: str) -> str:
    """The RSS feed of a force's newsroom ``/news/<force>/news/``: that page's ``GetNewsRss/``."""
    return f"/news/{force}/news/GetNewsRss/"


def is_search_page(url: str) -> bool:
    return bool(SEARCH_PAGE.search(urlsplit(url).path))


def next_search_page(url: str, page: int) -> str:
    """A search's ``page``-th page (2 and on): ``.../news/news-search/GetPaginatedResults/?q=...&page=N``."""
    parts = urlsplit(url)
    start = parts.path.lower().rindex("/news/news-search/")
    path = parts.path[:start] + "/news/news-search/GetPaginatedResults/"
    terms = (parse_qs(parts.query).get("q") or [""])[0]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({"q": terms, "page": page}), ""))


def _text(selector) -> str:
    return " ".join(" ".join(selector.css("::text").getall()).split())


class PolicePlatformSpider(ArticleSpider):
    name = "police_platform"
    #: ``-a base_url=`` names another force (its host's first label); a force's own row keeps its segment.
    force_from_base_url = True

    def __init_subclass__(cls, **kwargs: Any):
        """A subclass that gives no feed contract of its own (Essex, South Wales: listings only) has none."""
        super().__init_subclass__(**kwargs)
        if "check_feed" not in cls.__dict__:
            cls.check_feed = None

    def __init__(self, *args: Any, force: str | None = None, publisher: str | None = None,
                 base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, base_url=base_url, **kwargs)
        guessed = force_from_host(base_url) if base_url and self.force_from_base_url else None
        self.force = force or guessed or self.options.get("force")
        if not self.force:
            raise ValueError(f"{self.name}: give the force's path segment, e.g. -a force=kent")
        #: The listings (the news search) are read only when every feed failed.
        self.listing_fallback = bool(self.options.get("listing_fallback"))
        if self.force != self.options.get("force"):  # another force than the catalogue row's: its own newsroom
            if self.listing_fallback:
                self.feed_urls = [self.source.url(news_feed_path(self.force))]
            else:
                self.listing_urls = [self.source.url(f"/news/{self.force}/news/news/"),
                                     self.source.url(f"/news/{self.force}/news/")]
        if publisher:
            self.publisher = publisher
        self.article_path = re.compile(
            rf"/news/{re.escape(self.force)}/news/(?:[a-z][a-z-]*/)?\d{{4}}/[a-z]+/[^/?#]+/?$", re.I)
        self._feeds_pending = 0
        self._feed_worked = False
        self._feed_failures: list[tuple[str, str]] = []
        self._fallback_due = False

    # -- the feed first, the news search when it fails ----------------------------------------------------------

    def start_requests_list(self) -> list[scrapy.Request]:
        if not (self.listing_fallback and self.feed_urls):
            return super().start_requests_list()
        self._feeds_pending = len(self.feed_urls)
        return [self.start_request(url, self.feed_callback(), "feed", lfrwatch_fallback=True)
                for url in self.feed_urls]

    def feed_callback(self):
        """parse_feed, or its pooled twin when pages are read in workers (both add the fallback's requests)."""
        return self.parse_feed_pooled if self.extract_workers() > 0 else self.parse_feed

    def parse_feed(self, response) -> Iterator[scrapy.Request]:
        yield from super().parse_feed(response)
        yield from self.fallback_requests()

    async def parse_feed_pooled(self, response):
        async for request in super().parse_feed_pooled(response):
            yield request
        for request in self.fallback_requests():
            yield request

    def on_error(self, failure) -> list[scrapy.Request]:
        super().on_error(failure)
        return self.fallback_requests()

    def fallback_requests(self) -> list[scrapy.Request]:
        """The news search's requests, once every feed has failed (and only once)."""
        if not self._fallback_due:
            return []
        self._fallback_due = False
        return [self.start_request(url, self.parse_listing, "listing", lfrwatch_fallback=True)
                for url in self.listing_urls]

    @staticmethod
    def _in_fallback_chain(meta: dict[str, Any] | None) -> bool:
        return bool(meta and meta.get("lfrwatch_start") and meta.get("lfrwatch_fallback"))

    def start_worked(self, response) -> None:
        if not self._in_fallback_chain(response.meta):
            return super().start_worked(response)
        if response.meta.get("lfrwatch_role") == "feed":
            self._feed_done(response.url, None)
        else:
            self._fallback_done(response.url, None)

    def start_failed(self, url: str, reason: str, meta: dict[str, Any] | None = None) -> None:
        if not self._in_fallback_chain(meta):
            return super().start_failed(url, reason, meta)
        if meta.get("lfrwatch_role") == "feed":
            self._feed_done(url, reason)
        else:
            self._fallback_done(url, reason)

    def _feed_done(self, url: str, failure: str | None) -> None:
        self._feeds_pending -= 1
        if failure is None:
            self._feed_worked = True
        else:
            self._feed_failures.append((url, failure))
        if self._feeds_pending > 0:
            return
        if not self._feed_worked and self.listing_urls:
            self._fallback_due = True
            self.logger.info("%s: no feed could be read; reading the news search instead", self.name)
            return
        failures, self._feed_failures = self._feed_failures, []
        for failed_url, reason in failures:  # another feed worked, or there is nothing to fall back on
            self.report.error(failed_url, reason)

    def _fallback_done(self, url: str, failure: str | None) -> None:
        failures, self._feed_failures = self._feed_failures, []
        for failed_url, reason in failures:
            if failure is None:
                self.report.warning(failed_url, f"{reason}; the news search was read instead")
            else:
                self.report.error(failed_url, reason)
        if failure is not None:
            self.report.error(url, failure)

    # -- listings: the news search's result cards, or a newsroom listing ----------------------------------------
    # (a search page's cards are read once: listing_links keeps them in the response's meta under _SEARCH_RESULTS
    # for next_listing_page)

    def search_results(self, response) -> list[tuple[str, dict[str, Any]]]:
        """(article URL, entry) for each result card of a news search page, in page order.

        A link is a result when its path has the article shape, it has text
        (the card's image link has none) and the nearest element above it that
        holds "Published: HH:MM DD/MM/YYYY", at most :data:`CARD_DEPTH` up,
        holds it once (a card, not the list of cards a side link sits beside);
        the summary is the first paragraph after the link inside that card.
        """
        results: list[tuple[str, dict[str, Any]]] = []
        seen = set()
        for anchor in response.css("a[href]"):
            href = response.urljoin(anchor.attrib["href"])
            title = _text(anchor)
            if not title or href in seen or not self.article_path.search(urlsplit(href).path):
                continue
            card, published = None, []
            for ancestor in reversed(anchor.xpath(f"ancestor::*[position() <= {CARD_DEPTH}]")):
                published = CARD_PUBLISHED.findall(_text(ancestor))
                if published:
                    card = ancestor if len(published) == 1 else None  # one card, not the list of them
                    break
            if card is None:
                continue  # a menu, "most read" or footer link: not a result
            seen.add(href)
            in_card = set(card.root.iter("p"))
            summary = next((text for p in anchor.xpath("following::p[position() <= 3]")
                            if p.root in in_card and (text := _text(p)) and not CARD_PUBLISHED.search(text)), "")
            results.append((href, {"title": title, "summary": summary,
                                   "published": local_datetime(" ".join(published[0]))}))
        return results

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        if is_search_page(response.url):
            results = response.meta[_SEARCH_RESULTS] = self.search_results(response)  # next_listing_page reads it
            if not results:
                self.logger.info("no result cards on the news search page %s", response.url)
            yield from results  # a search is relevant by construction: each page is judged on its text
            return
        seen = set()
        for anchor in response.css("a[href]"):
            href = response.urljoin(anchor.attrib["href"])
            if not self.article_path.search(urlsplit(href).path) or href in seen:
                continue
            seen.add(href)
            title = _text(anchor)
            card = anchor.xpath("ancestor::*[self::li or self::article or (self::div and contains(@class, 'card'))][1]")
            summary = _text(card) if card else ""
            entry = {"title": title, "summary": summary}
            if self.entry_is_relevant(entry):
                yield href, entry
            else:
                self.report.skipped_irrelevant += 1

    def next_listing_page(self, response) -> str | None:
        if is_search_page(response.url):  # the next page while this one lists results
            results = response.meta.get(_SEARCH_RESULTS)
            if not (results if results is not None else self.search_results(response)):
                return None
            return next_search_page(response.url, int(response.meta.get("lfrwatch_page", 1)) + 1)
        return response.css('a[rel="next"]::attr(href), .pagination__next a::attr(href), '
                            'a.c-pagination__link--next::attr(href), li.next a::attr(href)').get()

    # -- articles ------------------------------------------------------------------------------------------------

    def article_overrides(self, response) -> dict[str, Any]:
        published = first_text(response, "time[itemprop=datePublished]::attr(datetime)",
                               ".c-article__published time::attr(datetime)",
                               ".c-article__meta time::attr(datetime)")
        updated = first_text(response, ".c-article__updated time::attr(datetime)",
                             "time[itemprop=dateModified]::attr(datetime)")
        lines = [(_DATE_TEXT, line) for line in
                 response.css(".c-article__meta ::text, .article-meta ::text, [class*='date'] ::text").getall()]
        lines += [(_DATE_LINE, line) for line in response.css("main p::text").getall()]  # "Published: ..." alone
        for pattern, line in lines:
            match = pattern.search(" ".join(line.split()))
            if not match:
                continue
            if match[1].lower().endswith("updated"):
                updated = updated or match[2]
            else:
                published = published or match[2]
        return {
            "title": first_text(response, "h1.c-article__title::text", "article h1::text", "main h1::text"),
            "published": local_datetime(published),
            "updated": local_datetime(updated),
            "text": without_lines(paragraphs(response, ".c-article__body", ".article-body", "[class*='rich-text']",
                                                 "article .content", "main"), PLATFORM_FURNITURE),
        }

    # -- `scrapy check police_platform` ------------------------------------------------------------------------

    def check_feed(self, response):
        """The default force's news feed still lists releases with links (``scrapy check police_platform``).

        @url https://www.northants.police.uk/news/northants/news/GetNewsRss/
        @returns requests 1
        """
        return [r for r in feed_contract(self, response) if r.meta.get("lfrwatch_role") == "article"]

    def check_listing(self, response):
        """The platform's news search still lists result cards (title link, "Published: HH:MM DD/MM/YYYY").

        @url https://www.northants.police.uk/news/news-search/?q=police
        @returns requests 1
        """
        return listing_contract(self, response)
