"""Sky News, through its UK and technology RSS feeds (feeds.skynews.com).

Known: feeds at ``/feeds/rss/uk.xml`` and ``/feeds/rss/technology.xml``;
items link to ``news.sky.com/story/<slug>-<id>`` and also to
``news.sky.com/video/...`` pages. Article pages use the ``sdc-article-*``
classes: ``sdc-article-header__long-title`` (title),
``sdc-article-header__sub-title`` (standfirst), ``sdc-article-author__name``
(byline), ``sdc-article-date__date-time`` (printed as "Monday 20 October 2025
11:14, UK") and ``sdc-article-body`` (body, with "Read more" boxes inside).

Assumed: JSON-LD ``NewsArticle`` dates are used when present; otherwise the
printed date is read as London time. Both feeds are general, so entries are
filtered on title and summary; video pages are fetched only if robots.txt
allows them (the mirror's does not, which tests rely on).
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs, stated_date


class SkyNewsSpider(ArticleSpider):
    name = "sky_news"

    def article_overrides(self, response):
        standfirst = first_text(response, ".sdc-article-header__sub-title ::text")
        body = paragraphs(response, ".sdc-article-body")
        printed = first_text(response, ".sdc-article-date__date-time::text")
        return {
            "title": first_text(response, ".sdc-article-header__long-title::text", "h1::text"),
            "author": first_text(response, ".sdc-article-author__name a::text", ".sdc-article-author__name::text"),
            "published": None if stated_date(response) else local_datetime(printed),
            "text": "\n".join(part for part in (standfirst, body) if part) if body else None,
        }
