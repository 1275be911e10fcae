"""The Independent, through its facial recognition topic feed and its UK crime feed.

Known (a real article page, November 2024, checked with
``make real-check-sources``): articles live at
``/<section>/.../<slug>-b<7 digits>.html``; pages carry
``article:published_time`` and a JSON-LD ``NewsArticle`` (UTC times, the SEO
headline, the author as a ``Person``). The page header is
``header#articleHeader``: a section ``nav``, the printed ``h1``, an empty
``h2``, the standfirst as a plain ``p``, then ``a[href^="/author/"]`` and
``#article-published-date`` ("Friday 22 November 2024 08:49 GMT"). The body is
the ``p`` s of ``#main``; inside it, the newsletter sign-up
(``data-component="Newsletter"``, class ``newsletter-component``) and ad slots
(``data-mpu``, no ``p``) are left out; topics ("More about") and comments sit
outside ``#main``.

Assumed (no real feed seen): topic pages have an RSS feed at
``/topic/<topic>/rss`` and sections at ``/<section path>/rss``. The topic feed
is relevant by construction and fetched in full; the crime feed is filtered on
title and summary.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import without, whole_text


class IndependentSpider(ArticleSpider):
    name = "independent"

    def article_overrides(self, response):
        page = without(response, '[data-component="Newsletter"]', "[data-nosnippet]")
        standfirst = whole_text(page, "header#articleHeader h1 ~ p")
        body = paragraphs(page, "#main", ".article-body", '[itemprop="articleBody"]')
        return {
            "title": first_text(page, "header#articleHeader h1::text", "article h1::text"),
            "author": first_text(page, 'header#articleHeader a[href^="/author/"]::text'),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The facial recognition topic feed still lists stories with links (``scrapy check independent``).

        @url https://www.independent.co.uk/topic/facial-recognition/rss
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A story still reads: title, date, author and text.

        @url https://www.independent.co.uk/news/world/laos-methanol-poisoning-holly-bowles-death-b2651790.html
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
