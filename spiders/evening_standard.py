"""The (Evening) Standard, through its crime and London RSS feeds (standard.co.uk).

Known (two real pages, May and October 2024, checked with
``make real-check-sources``): articles live at
``/<section>/.../<slug>-b<7 digits>.html``. Pages carry
``article:published_time`` and JSON-LD ``datePublished`` in UTC; the byline
prints only a relative time ("5 hours ago"). Classes are hashed (``sc-…``) and
there is no ``itemprop``. Inside ``<article>``: a breadcrumb ``p``, the ``h1``
headline, the standfirst as the first ``div`` with text after the ``h1``, the
byline island with ``a[href^="/author/"]``, then the body, where each
paragraph (crossheads too, as ``p > strong``) sits in ``div[class] > div > div
> p``. In the body but not of it: the newsletter sign-up island
(``data-island-hydrate-component="NewsletterSignup"``, its lines marked
``data-nosnippet``), fact boxes ("... by numbers", ``p`` directly in classed
``div`` s), "Read More" cards (``p`` inside links), the registration wall
(``#piano-reg-wall``) and "MORE ABOUT" (``#article-bottom``). The newer
layout wraps the body in ``#main``; the older one does not.

Assumed: section feeds at ``/news/crime/rss`` and ``/news/london/rss`` (the
site's own feed is ``/rss``; the London one is read by another public project).
Both feeds are general, so entries are filtered on title and summary ("LFR" in
capitals counts).
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import without, whole_text

#: Boxes inside the body that are not the article.
NOT_THE_ARTICLE = ('[data-island-hydrate-component="NewsletterSignup"]', "p[data-nosnippet]", "form",
                   "#piano-reg-wall", "#regwall-success-banner", "#article-bottom", "a p")
#: Each body paragraph's wrapper: two class-less divs under a classed one.
PARAGRAPH_WRAPPER = "article div[class] > div:not([class]) > div:not([class])"


class EveningStandardSpider(ArticleSpider):
    name = "evening_standard"

    def article_overrides(self, response):
        page = without(response, *NOT_THE_ARTICLE)
        standfirst = whole_text(page, "article h1 ~ div")
        body = paragraphs(page, PARAGRAPH_WRAPPER, "#main")
        return {
            "title": first_text(page, "article h1::text"),
            "author": first_text(page, 'article a[href^="/author/"]::text'),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The crime feed still lists stories with links (``scrapy check evening_standard``).

        @url https://www.standard.co.uk/news/crime/rss
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A story still reads: title, date, author and text.

        @url https://www.standard.co.uk/sport/football/chelsea-fc-vs-tottenham-analysis-premier-league-2024-b1155186.html
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
