"""Metropolitan Police newsroom (news.met.police.uk), a Mynewsdesk newsroom.

Known (stored copies of both real feeds, items of April-May 2026, and of the
same feed served from mynewsdesk.com; public code that reads the site): the
newsroom's RSS 2.0 feeds are ``/rss/current_news/66871`` ("Current News") and
``/rss/source/60923/news`` ("news", which even declares ``<language>sv``); both
are fetched, and one failing is tolerated (the catalogue marks them as
alternatives). Items carry ``title`` (sometimes ending in spaces), ``pubDate``
(RFC 822 with the London offset, "Tue, 14 Oct 2025 09:30:00 +0100"),
``description`` (the release's one-line summary), ``guid`` and ``link`` (the
same release URL with ``utm_*`` parameters, ``utm_content`` naming the feed;
stripped, so a release listed by both feeds is fetched once), ``dc:creator``
and an image ``enclosure``. Releases live at ``/news/<slug>-<6-digit id>``; the
archive ``/latest_news`` pages on with a cursor (``?after=<epoch ms>_<id>--News``),
which lfrwatch does not need. The page footer ("Media enquiries only - ...") is
outside the release.

Assumed (no release page has been seen): the page marks its parts with
schema.org microdata (``itemprop="headline"``, ``datePublished``,
``description`` for the summary, ``articleBody``) or Mynewsdesk's
``pressrelease__*`` classes. When neither is there, the page's Open Graph tags
and trafilatura are used instead. The feed is the whole newsroom, so entries
are filtered on title and summary before anything is fetched.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract


class MetNewsSpider(ArticleSpider):
    name = "met_news"

    def article_overrides(self, response):
        summary = paragraphs(response, '[itemprop="description"]', ".pressrelease__summary", ".summary")
        body = paragraphs(response, '[itemprop="articleBody"]', ".pressrelease__body", ".panel__body",
                          ".article-body")
        return {
            "title": first_text(response, '[itemprop="headline"]::text', "h1.pressrelease__title::text",
                                "article h1::text"),
            "published": local_datetime(first_text(
                response, '[itemprop="datePublished"]::attr(datetime)', '[itemprop="datePublished"]::attr(content)',
                ".pressrelease__date time::attr(datetime)")),
            "updated": local_datetime(first_text(
                response, '[itemprop="dateModified"]::attr(datetime)', '[itemprop="dateModified"]::attr(content)')),
            # The summary is the release's opening paragraph; it belongs to the text.
            "text": "\n".join(part for part in (summary, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The newsroom's current-news RSS still lists releases with links (``scrapy check met_news``).

        @url https://news.met.police.uk/rss/current_news/66871
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A release still reads: title, date and text.

        @url https://news.met.police.uk/news/met-makes-one-arrest-every-35-minutes-during-live-facial-recognition-pilot-509256
        @returns items 1 1
        @scrapes title published text
        """
        return article_contract(self, response)
