"""Home Office in the media (homeofficemedia.blog.gov.uk), a WordPress blog on blog.gov.uk.

Known: it is WordPress, so the RSS is at ``/feed/`` with each post's full
``content:encoded``; posts live at ``/<yyyy>/<mm>/<dd>/<slug>/``. Most posts
are rebuttals of press coverage and factsheets; entries are judged on title,
summary, categories and full content before a page is fetched.

Known (the blog.gov.uk theme's own templates, dxw/govuk-blogs at its July 2026
commit, and the stored text of one real post): a post is
``article.post-<id>`` with a print-only permalink (``.visible-print``), then
``header > h1.govuk-heading-xl`` and a ``div.govuk-body-s`` line "Posted by:
<author link, rel=author>, Posted on: <time class="updated"> - Categories:
...", whose ``time.updated`` carries the *publication* time in ISO 8601 with
the offset (WordPress's ``get_the_time('c')``) despite its class, and prints
only the day ("29 October 2023"). The post is ``div.entry-content``; related
posts, tags, pagination, sharing and the history banner ("This blog post was
published under the 2015-2024 Conservative Administration") sit outside it.
None of WordPress's ``entry-title`` / ``entry-meta`` / ``time.entry-date``
classes exist, so the generic WordPress selectors are used only as fallbacks.
"""

from lfrwatch.spiders.base import WordPressSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_parts import without


class HomeOfficeMediaSpider(WordPressSpider):
    name = "home_office_media"

    def article_overrides(self, response):
        overrides = super().article_overrides(response)
        page = without(response, ".visible-print")
        posted = first_text(page, "article header time.updated::attr(datetime)")
        if posted:  # the theme's "updated" time is when the post was published
            overrides["published"] = local_datetime(posted)
            overrides["updated"] = local_datetime(first_text(
                page, 'meta[property="article:modified_time"]::attr(content)'))
        overrides["title"] = first_text(page, "article header h1.govuk-heading-xl::text") or overrides.get("title")
        overrides["author"] = ", ".join(dict.fromkeys(
            " ".join(a.split()) for a in page.css('article header .govuk-body-s a[rel="author"]::text, '
                                                  'article header .govuk-body-s a[href*="/author/"]::text').getall()
            if a.strip())) or overrides.get("author")
        overrides["text"] = paragraphs(page, "article .entry-content") or overrides.get("text")
        return overrides

    def check_feed(self, response):
        """The blog's feed still lists posts with links (``scrapy check home_office_media``).

        @url https://homeofficemedia.blog.gov.uk/feed/
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A post still reads: title, date, author and text.

        @url https://homeofficemedia.blog.gov.uk/2023/10/29/police-use-of-facial-recognition-factsheet/
        @returns items 1 1
        @scrapes title published author text
        """
        return article_contract(self, response)
