"""BBC News, through its technology and UK RSS feeds (feeds.bbci.co.uk).

Known: feeds at ``/news/technology/rss.xml`` and ``/news/uk/rss.xml`` on
feeds.bbci.co.uk; their links point to ``www.bbc.co.uk/news/articles/<id>``
(or bbc.com) with ``at_medium``/``at_campaign`` tracking parameters, which are
stripped, so a story in both feeds is fetched once. Article pages carry a
JSON-LD ``ReportageNewsArticle`` (headline, ``datePublished`` in UTC, authors)
and split the body into ``[data-component="text-block"]`` blocks, with
``subheadline-block`` for crossheads; captions, related links and tags sit in
other blocks.

Assumed: the byline's first contributor name is the author when JSON-LD has
none. Both feeds carry every kind of news, so entries are filtered on title
and summary.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs


class BbcNewsSpider(ArticleSpider):
    name = "bbc_news"

    def article_overrides(self, response):
        return {
            "title": first_text(response, "h1#main-heading::text", "article h1::text"),
            "author": first_text(response, '[data-testid="byline-new-contributors"] > div:first-child span::text'),
            "text": paragraphs(response, '[data-component="text-block"], [data-component="subheadline-block"]'),
        }
