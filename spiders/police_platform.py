"""Any police force on the shared police website platform, configured by URL.

Most forces in England and Wales publish news on one shared platform (the
national "Single Online Home", built for the Police Digital Service; assets
under ``/SysSiteAssets/``), under ``/news/<force>/news/...`` on their own host.
The catalogue has one row per force on it (``lfrwatch sources``), each with its
own spider module that only names the force, all reading pages with this
class; ``police_platform`` itself is the row to point at any other force::

    scrapy crawl police_platform -a base_url=https://www.hampshire.police.uk \\
        -a force=hampshire -a publisher="Hampshire and Isle of Wight Constabulary"

Known (official lists of the forces on the platform: HL13532, 2021, and
HL1777, 2024; newsroom addresses from a public crawler's list of verified
listings; article URLs and the stored text of three real pages): each force's
newsroom listing is ``/news/<force>/news/`` (Kent: ``/news/kent/latest/``);
the ``<force>`` segment is not always the host's first label
(leics.police.uk uses ``leicestershire``, gmp.police.uk
``greater-manchester``), so each row names it. Articles live at
``/news/<force>/news/<yyyy>/<month>/<slug>/`` (South Wales) or with a second
``news`` segment (Essex: ``/news/essex/news/news/2024/august/<slug>/``). Pages
open with a quick-exit control ("... exit this site ..." / "Leave this site"),
a cookie banner with its confirmation and error lines, and a beta banner
("This site is a beta ..."), then the summary and the body; none of these is
the article, and they are left out by line when the body is read from
``main``.

Assumed (no HTML of any platform page has been seen, so the per-force rows are
off by default until a live ``scrapy check <force>`` passes): listing cards put
the link in a heading with a date and a summary in the same card; the next
page is a ``rel="next"`` or ``pagination`` link; article pages print the date
as local time ("Published: 14:02 13/10/2025" or "13 October 2025 at 14:02") or
in ``<time datetime>``, and the body is in a ``c-article__body`` /
``article-body`` / rich-text block, else in ``main``. Any link whose path
matches the article shape is taken, whatever its markup; what the selectors
miss, Open Graph and trafilatura fill in.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import urlsplit

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import listing_contract

_DATE_TEXT = re.compile(r"(published|posted|updated|last updated|date)\s*:?\s*(.+)", re.I)
_DATE_LINE = re.compile(r"^(published|updated|last updated)\s*:\s*(.+)$", re.I)
#: Lines of the platform's page furniture (quick exit, cookie banner, beta banner, printed dates): never the article.
PLATFORM_FURNITURE = re.compile(
    r"\bexit this site\b|^leave this site$|^we use (?:some )?(?:essential )?cookies\b"
    r"|\bcookie (?:preferences|settings)\b|^sorry, there was a technical problem\b|^this site is a beta\b"
    r"|^(?:published|updated|last updated)\s*:", re.I)


def without_furniture(text: str | None) -> str | None:
    """The text without the platform's furniture lines; None when nothing else is left."""
    lines = [line for line in (text or "").splitlines() if not PLATFORM_FURNITURE.search(line.strip())]
    return "\n".join(lines) or None


def force_from_host(url: str) -> str | None:
    """The force segment guessed from a host: www.kent.police.uk -> kent."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host.split(".")[0] if host.endswith(".police.uk") else None


class PolicePlatformSpider(ArticleSpider):
    name = "police_platform"
    #: ``-a base_url=`` names another force (its host's first label); a force's own row keeps its segment.
    force_from_base_url = True

    def __init__(self, *args: Any, force: str | None = None, publisher: str | None = None,
                 base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, base_url=base_url, **kwargs)
        guessed = force_from_host(base_url) if base_url and self.force_from_base_url else None
        self.force = force or guessed or self.options.get("force")
        if not self.force:
            raise ValueError(f"{self.name}: give the force's path segment, e.g. -a force=kent")
        if self.force != self.options.get("force"):  # another force than the catalogue row's: its usual listings
            self.listing_urls = [self.source.url(f"/news/{self.force}/news/news/"),
                                 self.source.url(f"/news/{self.force}/news/")]
        if publisher:
            self.publisher = publisher
        self.article_path = re.compile(
            rf"/news/{re.escape(self.force)}/news/(?:news/)?\d{{4}}/[a-z]+/[^/?#]+/?$", re.I)

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        seen = set()
        for anchor in response.css("a[href]"):
            href = response.urljoin(anchor.attrib["href"])
            if not self.article_path.search(urlsplit(href).path) or href in seen:
                continue
            seen.add(href)
            title = " ".join(" ".join(anchor.css("::text").getall()).split())
            card = anchor.xpath("ancestor::*[self::li or self::article or (self::div and contains(@class, 'card'))][1]")
            summary = " ".join(" ".join(card.css("::text").getall()).split()) if card else ""
            entry = {"title": title, "summary": summary}
            if self.entry_is_relevant(entry):
                yield href, entry
            else:
                self.report.skipped_irrelevant += 1

    def next_listing_page(self, response) -> str | None:
        return response.css('a[rel="next"]::attr(href), .pagination__next a::attr(href), '
                            'a.c-pagination__link--next::attr(href), li.next a::attr(href)').get()

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
            "text": without_furniture(paragraphs(response, ".c-article__body", ".article-body", "[class*='rich-text']",
                                                 "article .content", "main")),
        }

    def check_listing(self, response):
        """The default force's newsroom still lists articles (``scrapy check police_platform``).

        @url https://www.northants.police.uk/news/northants/news/
        @returns requests 1
        """
        return listing_contract(self, response)
