"""Computer Weekly (computerweekly.com), through its all-content RSS feed.

Known: the feed ``/rss/All-Computer-Weekly-content.xml``; news articles live at
``/news/<9-digit id>/<Title-With-Hyphens>``. Computer Weekly runs on
TechTarget's platform.

Assumed (not checked against the live site): article pages put the headline
in ``h1``, the subtitle in ``.main-article-subtitle``, the author in
``.main-article-author a`` and the date as printed local time in
``.main-article-author-date`` ("Published: 14 Oct 2025 16:45"), and the body
in ``#content-body`` (ads and "read more" boxes inside are left out). The feed
covers all of IT, so entries are filtered on title and summary.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs


class ComputerWeeklySpider(ArticleSpider):
    name = "computer_weekly"

    def article_overrides(self, response):
        printed = first_text(response, ".main-article-author-date::text")
        body = paragraphs(response, "#content-body", ".main-article-body")
        subtitle = first_text(response, ".main-article-subtitle::text")
        return {
            "title": first_text(response, ".main-article-header h1::text", "h1::text"),
            "author": first_text(response, ".main-article-author a::text"),
            "published": local_datetime(printed.split(":", 1)[-1]) if printed else None,
            "text": "\n".join(part for part in (subtitle, body) if part) if body else None,
        }
