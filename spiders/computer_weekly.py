"""Computer Weekly (computerweekly.com), through its all-content RSS feed.

Known (public feed lists; the stored text of one real article, December 2025):
the feed ``/rss/All-Computer-Weekly-content.xml``; news articles live at
``/news/<9-digit id>/<Title-With-Hyphens>``; a page's text opens with the
lead image's credit ("... - stock.adobe.com"), then the headline and the
standfirst. Computer Weekly runs on TechTarget's platform, where a public
scraper reads ``#content-body`` and ``#contributors-block .main-article-author a``.

Assumed (not checked against the live site): article pages put the headline
in ``h1``, the subtitle in ``.main-article-subtitle``, the author in
``.main-article-author a`` and the date as printed local time in
``.main-article-author-date`` ("Published: 14 Oct 2025 16:45"), and the body
in ``#content-body`` (ads and "read more" boxes inside are left out). The feed
covers all of IT, so entries are filtered on title and summary.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract


class ComputerWeeklySpider(ArticleSpider):
    name = "computer_weekly"

    def article_overrides(self, response):
        printed = first_text(response, ".main-article-author-date::text")
        body = paragraphs(response, "#content-body", ".main-article-body")
        subtitle = first_text(response, ".main-article-subtitle::text")
        return {
            "title": first_text(response, ".main-article-header h1::text", "h1::text"),
            "author": first_text(response, ".main-article-author a::text"),
            "published": local_datetime(printed.split(":", 1)[-1]) if printed else None,
            "text": "\n".join(part for part in (subtitle, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The all-content feed still lists articles with links (``scrapy check computer_weekly``).

        @url https://www.computerweekly.com/rss/All-Computer-Weekly-content.xml
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """An article still reads: title, date, author and text.

        @url https://www.computerweekly.com/news/366635529/Home-Office-launches-police-facial-recognition-consultation
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
