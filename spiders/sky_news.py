"""Sky News, through its UK and technology RSS feeds (feeds.skynews.com).

Known (a real article page, November 2019, and the article-extraction
benchmark's text of it, checked with ``make real-check-sources``): pages use
``sdc-*`` components. The headline is in
``.sdc-article-header h1.sdc-site-component-header--h1`` (its text inside a
``span[data-role="short-text-target"]``), the standfirst in
``h2.sdc-site-component-header--h2`` (often one of the body's own sentences),
the byline in ``.sdc-article-author__name a``, and the body in
``.sdc-article-body``. Inside the body but not of it: Outbrain and ad slots
(``.sdc-site-outbrain``, ``.sdc-site-au``), related stories
(``.sdc-article-related-stories``), image widgets with captions, and embedded
tweets (``.sdc-article-tweet`` > ``blockquote.twitter-tweet``), which are left
out. The JSON-LD ``NewsArticle`` states ``datePublished``/``dateModified`` as
naive London times ("2019-11-20T06:37:00"), which are stored with the London
offset; the printed date ("Wednesday 20 November 2019 11:42, UK") is the
*modified* time and is used only when there is no JSON-LD.

Known from public feed evidence (no real feed copy): feeds at
``/feeds/rss/uk.xml`` and ``/feeds/rss/technology.xml``; items link to
``news.sky.com/story/<slug>-<id>`` and also to ``news.sky.com/video/...``
pages. Both feeds are general, so entries are filtered on title and summary;
video pages are fetched only if robots.txt allows them (the mirror's does not,
which tests rely on).
"""

import json

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import whole_text, without

#: Blocks inside the body that are not the story.
NOT_THE_STORY = (".sdc-article-tweet", "blockquote.twitter-tweet", ".sdc-site-outbrain", ".sdc-site-au",
                 ".sdc-article-related-stories", ".sdc-article-image")


class SkyNewsSpider(ArticleSpider):
    name = "sky_news"

    def article_overrides(self, response):
        page = without(response, *NOT_THE_STORY)
        standfirst = whole_text(page, ".sdc-article-header h2.sdc-site-component-header--h2",
                                "h2.sdc-site-component-header--h2")
        body = paragraphs(page, ".sdc-article-body")
        if standfirst and body and standfirst in body.splitlines():
            standfirst = None  # the standfirst repeats a sentence of the body: read it once
        stated = _json_ld_dates(page)
        printed = first_text(page, ".sdc-article-date__date-time::text")
        return {
            "title": whole_text(page, ".sdc-article-header h1", "h1"),
            "author": first_text(page, ".sdc-article-author__name a::text", ".sdc-article-author__name::text"),
            # Naive JSON-LD times are London time; the printed date is the last change, a fallback only.
            "published": local_datetime(stated.get("datePublished")) or local_datetime(printed),
            "updated": local_datetime(stated.get("dateModified")),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The UK feed still lists stories with links (``scrapy check sky_news``).

        @url https://feeds.skynews.com/feeds/rss/uk.xml
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A story still reads: title, date, author and text.

        @url https://news.sky.com/story/jose-mourinho-agrees-deal-to-replace-mauricio-pochettino-as-tottenham-manager-11865382
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)


def _json_ld_dates(page) -> dict[str, str]:
    """datePublished and dateModified of the page's JSON-LD article, as written (blocks that do not parse skipped)."""
    for raw in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return {key: item[key] for key in ("datePublished", "dateModified") if isinstance(item.get(key), str)}
    return {}
