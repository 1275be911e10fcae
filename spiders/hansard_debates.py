"""Debates in both Houses, from Hansard (hansard.parliament.uk).

Known (public scrapers of the search page, and the stored text of one real
``GetDebateAsText`` answer): the site search for debates is
``/search/Debates?searchTerm=...`` with ``startDate``/``endDate``
(``yyyy-mm-dd``), ``house``, ``page=N`` and ``partial=true`` (the results
fragment only); it lists 20 debates a page, each as
``a.no-underline[href][title="<Title> [House of Commons]"]``, and
``div.result-text`` says "... page X of Y". A debate's page is
``/<Commons|Lords>/<yyyy-mm-dd>/debates/<GUID>/<TitleInCamelCase>`` and its
whole text is downloadable as plain text from ``/debates/GetDebateAsText/<GUID>``:
the title first, then "[<Chair> in the Chair]", time stamps ("14:30:00") and
speaker lines "Name (Constituency) (Party)"; no sitting date.
The site puts a bot check in front of plain fetches, so a live crawl (and
``scrapy check``) may be refused.

Each debate becomes one document at its page's URL, with the plain text as
body, the sitting date (from the URL) as publication date, and the first line
of the text (or the search result's title) as title. A search hit that does
not actually use the phrase (a debate on facial fillers that mentions
"recognition") is skipped once its text is read.

Assumed: any link to a debate page is a result (whatever its markup); the
next page of results is ``a[title="Go to next page"]`` (reported, not seen in
any copy), else a ``rel="next"`` or ``.pagination .next`` link;
GetDebateAsText answers plain text (an HTML answer is read with trafilatura
instead).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Iterable, Iterator
from urllib.parse import quote, urlencode

from scrapy import Request
from scrapy.http import TextResponse

from lfrwatch.crawl.article import Article, ExtractionError, canonicalize_url, extract_article
from lfrwatch.spiders.base import ArticleSpider
from lfrwatch.spiders.contracts import listing_contract

DEBATE_PATH = re.compile(
    r"/(?P<house>Commons|Lords)/(?P<day>\d{4}-\d{2}-\d{2})/debates/(?P<guid>[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27})/"
    r"(?P<slug>[^/?#]*)")
HOUSE_SUFFIX = re.compile(r"\s*\[House of (?:Commons|Lords)\]$")


class HansardDebatesSpider(ArticleSpider):
    name = "hansard_debates"

    def start_requests_list(self) -> list[Request]:
        today = date.today()
        query = urlencode({
            "searchTerm": self.options.get("search_term", '"facial recognition"'),
            "startDate": (today - timedelta(days=int(self.options.get("since_days", 365)))).isoformat(),
            "endDate": today.isoformat(),
        }, quote_via=quote)
        return [self.start_request(f"{url}?{query}", self.parse_listing, "listing") for url in self.listing_urls]

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        """Links to debate pages; the request made for each is its plain-text download."""
        seen = set()
        for anchor in response.css("a[href]"):
            href = response.urljoin(anchor.attrib["href"])
            match = DEBATE_PATH.search(href)
            if not match or match["guid"].upper() in seen:
                continue
            seen.add(match["guid"].upper())
            # Result links carry the title in their title attribute: "<Title> [House of Commons]".
            title = HOUSE_SUFFIX.sub("", " ".join((anchor.attrib.get("title") or "").split())) or \
                " ".join(" ".join(anchor.css(".primary-info ::text").getall()).split()) or \
                " ".join(" ".join(anchor.css("::text").getall()).split())
            yield href, {"title": title, "house": match["house"], "published": match["day"], "guid": match["guid"]}

    def next_listing_page(self, response) -> str | None:
        return response.css('a[title="Go to next page"]::attr(href), a[rel="next"]::attr(href), '
                            '.pagination .next a::attr(href)').get()

    def article_request(self, url: str, entry: dict[str, Any] | None = None, **meta: Any) -> Request:
        entry = entry or {}
        text_url = self.source.url(f"/debates/GetDebateAsText/{entry['guid']}")
        return Request(text_url, callback=self.parse_debate, errback=self.on_error,
                       meta={"lfrwatch_role": "article", "feed_entry": entry, "debate_url": url, **meta})

    def parse_debate(self, response) -> Iterator[Any]:
        debate_url = response.meta["debate_url"]
        entry = response.meta.get("feed_entry") or {}
        if self.already_stored(response, debate_url):
            return
        if not isinstance(response, TextResponse) or not response.body.strip():
            self.report.error(response.url, "empty or unreadable debate text")
            return
        body = response.text
        if re.search(r"<html|<body", body[:2000], re.I):
            try:
                text = extract_article(body, debate_url, feed_entry=entry).text
            except ExtractionError as exc:
                self.report.error(response.url, str(exc))
                return
        else:
            text = "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())
        title = text.splitlines()[0] if text else entry.get("title")
        article = Article(url=debate_url, canonical_url=canonicalize_url(debate_url), text=text,
                          title=title or entry.get("title"), published=entry.get("published"),
                          publisher=self.publisher, language="en",
                          extra={"house": entry.get("house"), "guid": entry.get("guid")})
        if not self.article_is_relevant(article):
            self.report.skipped_irrelevant += 1
            return
        yield self.make_item(response, article)

    def check_listing(self, response):
        """The search still lists debates (``scrapy check hansard_debates``; the bot check may refuse it).

        @url https://hansard.parliament.uk/search/Debates?searchTerm=%22facial%20recognition%22
        @returns requests 1
        """
        return listing_contract(self, response)
