"""The Guardian, through its facial recognition tag feed (theguardian.com/technology/facial-recognition/rss).

Known: every Guardian tag has an RSS feed at ``/<tag path>/rss``; items link
to articles at ``/<section>/<yyyy>/<mon>/<dd>/<slug>``. Article pages carry
``article:published_time``/``article:modified_time`` (UTC) and a JSON-LD
``NewsArticle``; the headline, standfirst and byline sit in
``[data-gu-name="headline"]``, ``[data-gu-name="standfirst"]`` and
``a[rel="author"]``, the body in ``#maincontent`` / ``.article-body-commercial-selector``.
The page prints times in UK time ("06.00 BST"), so UTC times are stored in
London time.

The tag feed is relevant by construction, so every item is fetched; a page
tagged "facial recognition" that does not mention it (a phone round-up) is
skipped once read. Rich links and share tools inside the body are left out.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs


class GuardianSpider(ArticleSpider):
    name = "guardian"

    def article_overrides(self, response):
        standfirst = paragraphs(response, '[data-gu-name="standfirst"]')
        body = paragraphs(response, ".article-body-commercial-selector", "#maincontent", '[data-gu-name="body"]')
        return {
            "title": first_text(response, '[data-gu-name="headline"] h1::text', "article h1::text"),
            "author": ", ".join(dict.fromkeys(
                " ".join(a.split()) for a in response.css('[data-gu-name="meta"] a[rel="author"]::text').getall()
            )) or None,
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }
