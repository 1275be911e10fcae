"""Metropolitan Police newsroom (news.met.police.uk), a Mynewsdesk newsroom.

Known: press releases live at ``/news/<slug>-<numeric id>``; the newsroom's RSS
has been seen at both ``/feeds/rss`` and ``/feed/``, so both are fetched and one
failing is tolerated (the catalogue marks them as alternatives). Feed links
carry ``utm_*`` parameters, which are stripped. Quotes are written
``Name, role, said: "..."``.

Assumed (not checked against the live site): the page marks its parts with
schema.org microdata (``itemprop="headline"``, ``datePublished``,
``description`` for the summary, ``articleBody``) or Mynewsdesk's
``pressrelease__*`` classes. When neither is there, the page's Open Graph tags
and trafilatura are used instead. The feed is the whole newsroom, so entries
are filtered on title and summary before anything is fetched.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs


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
