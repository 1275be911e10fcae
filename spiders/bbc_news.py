"""BBC News, through its technology and UK RSS feeds (feeds.bbci.co.uk).

Known (two real article pages, 2024 and 2026, checked with
``make real-check-sources``): article pages carry a JSON-LD
``ReportageNewsArticle`` (headline, ``datePublished`` and ``dateModified`` in
UTC with milliseconds, authors as ``Person`` or the ``NewsMediaOrganization``
when there is no byline) and a ``rel=canonical`` on www.bbc.com. Everything in
``<article>`` sits in ``div[data-component]`` blocks: ``headline-block`` (the
``h1``, no id), ``byline-block`` (a ``<time>`` that is the *modified* time,
printed relative, and ``[data-testid="byline-contributors"]`` with one
``byline-contributors-contributor-<n>`` per name), ``text-block`` (one or more
paragraphs; an explainer's first one is a bold summary), ``subheadline-block``
(crossheads), and ``image-block``, ``links-block``, ``tag-list-block``,
``ad-slot`` beside them. A ``text-block`` can hold a list whose items are only
links to other stories: those are left out.

Known from several public projects' fixtures (no real feed copy): feed items
link to ``www.bbc.com/news/articles/<id>`` (earlier bbc.co.uk) with
``at_medium``/``at_campaign`` tracking parameters, which are stripped, so a
story in both feeds is fetched once. Both feeds carry every kind of news, so
entries are filtered on title and summary.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import without

#: A list item that is nothing but a link to another story.
LINK_ONLY_ITEM = "//li[a][normalize-space(.) = normalize-space(a)]"
#: One name in the byline.
CONTRIBUTOR = '[data-testid="byline-contributors"] [data-testid^="byline-contributors-contributor-"]'


class BbcNewsSpider(ArticleSpider):
    name = "bbc_news"

    def article_overrides(self, response):
        page = without(response, xpaths=(LINK_ONLY_ITEM,))
        names = []
        for contributor in page.css(CONTRIBUTOR):
            name = first_text(contributor, "span::text")
            if name:
                names.append(name)
        return {
            "title": first_text(page, '[data-component="headline-block"] h1::text', "article h1::text"),
            "author": ", ".join(dict.fromkeys(names)) or None,
            "text": paragraphs(page, '[data-component="text-block"], [data-component="subheadline-block"]'),
        }

    def check_feed(self, response):
        """The UK feed still lists stories with links (``scrapy check bbc_news``).

        @url https://feeds.bbci.co.uk/news/uk/rss.xml
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A story still reads: title, date, author and text.

        @url https://www.bbc.com/news/articles/clymn8zyrp9o
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
