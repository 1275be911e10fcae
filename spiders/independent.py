"""The Independent, through its facial recognition topic feed and its UK crime feed.

Known: articles live at ``/<section>/.../<slug>-b<7 digits>.html``; pages carry
``article:published_time`` and a JSON-LD ``NewsArticle`` (UTC times).

Assumed (not checked against the live site): topic pages have an RSS feed at
``/topic/<topic>/rss`` and sections at ``/<section path>/rss``; the headline
is ``h1#articleHeader``, the standfirst ``#articleSubHeader`` and the body
``#main`` / ``.article-body`` (newsletter boxes and "Read more" promos inside
are left out). The topic feed is relevant by construction and fetched in
full; the crime feed is filtered on title and summary. What the selectors
miss, JSON-LD and trafilatura fill in.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs


class IndependentSpider(ArticleSpider):
    name = "independent"

    def article_overrides(self, response):
        standfirst = first_text(response, "#articleSubHeader::text")
        body = paragraphs(response, "#main", ".article-body", '[itemprop="articleBody"]')
        return {
            "title": first_text(response, "h1#articleHeader::text", "article h1::text"),
            "author": first_text(response, ".article-byline .author::text"),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }
