"""The Guardian, through its facial recognition tag feed (theguardian.com/technology/facial-recognition/rss).

Known (a real article page, February 2024, checked with
``make real-check-sources``): article pages carry
``article:published_time``/``article:modified_time`` (UTC) and a JSON-LD
``NewsArticle``; the headline, standfirst and byline sit in
``[data-gu-name="headline"] h1``, ``[data-gu-name="standfirst"] p`` and
``aside[data-gu-name="meta"] address[data-component="meta-byline"]`` (staff
names as ``a[rel="author"]``; agency copy such as "Associated Press in
Valencia" as a plain ``span``, when JSON-LD says "Guardian staff reporter"),
the body in ``#maincontent .article-body-commercial-selector``. The printed
date is in the dateline's zone ("12.42 CET" for a story from Spain), so the
stored date comes from the UTC metadata, in London time. Inside the body,
the sign-in gate (``#sign-in-gate``, no text), rich links, videos and the
newsletter promotion (``figure[data-spacefinder-type$="NewsletterSignupBlockElement"]``)
are ``figure`` / ``aside`` blocks, which are left out.

Known from public lists (no real feed copy): every Guardian tag has an RSS
feed at ``/<tag path>/rss``; items link to articles at
``/<section>/<yyyy>/<mon>/<dd>/<slug>``. The tag feed is relevant by
construction, so every item is fetched; a page tagged "facial recognition"
that does not mention it (a phone round-up) is skipped once read.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import whole_text


class GuardianSpider(ArticleSpider):
    name = "guardian"

    def article_overrides(self, response):
        standfirst = paragraphs(response, '[data-gu-name="standfirst"]')
        body = paragraphs(response, ".article-body-commercial-selector", "#maincontent", '[data-gu-name="body"]')
        staff = [" ".join(a.split()) for a in response.css('[data-gu-name="meta"] a[rel="author"]::text').getall()]
        return {
            "title": first_text(response, '[data-gu-name="headline"] h1::text', "article h1::text"),
            # Staff bylines link to a profile; agency copy ("PA Media") is plain text in the byline.
            "author": ", ".join(dict.fromkeys(name for name in staff if name)) or whole_text(
                response, 'address[data-component="meta-byline"] span', 'address[data-component="meta-byline"]'),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The facial recognition tag feed still lists articles with links (``scrapy check guardian``).

        @url https://www.theguardian.com/technology/facial-recognition/rss
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """An article still reads: title, date, author and text.

        @url https://www.theguardian.com/technology/2024/apr/25/google-revenue-quarter-one
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
