"""The (Evening) Standard, through its crime and London RSS feeds (standard.co.uk).

Known: articles live at ``/news/<section>/<slug>-b<7 digits>.html``; pages
carry ``article:published_time`` (UTC) and Open Graph tags.

Assumed (not checked against the live site): section feeds at
``/news/crime/rss`` and ``/news/london/rss``; the page marks headline,
standfirst, author and body with schema.org microdata (``itemprop``), with
``#main`` / ``.article-body`` as fallbacks. Both feeds are general, so
entries are filtered on title and summary ("LFR" in capitals counts).
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs


class EveningStandardSpider(ArticleSpider):
    name = "evening_standard"

    def article_overrides(self, response):
        standfirst = first_text(response, '[itemprop="description"]::text', ".standfirst::text")
        body = paragraphs(response, '[itemprop="articleBody"]', "#main", ".article-body")
        return {
            "title": first_text(response, 'h1[itemprop="headline"]::text', "article h1::text"),
            "author": first_text(response, '[itemprop="author"]::text', ".byline a::text"),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }
