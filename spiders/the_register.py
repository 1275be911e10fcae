"""The Register (theregister.com), through its headlines Atom feed.

Known: the feed is ``/headlines.atom``; entries link through
``go.theregister.com/feed/www.theregister.com/<yyyy>/<mm>/<dd>/<slug>/``,
which redirects to the article; the spider rewrites such links to the article
URL itself (no redirect to follow, one URL per story). Pages print the time
in UTC ("Tue 21 Oct 2025 // 09:14 UTC"), so dates are stored in UTC as the
page states them.

Assumed (not checked against the live site): the headline is in
``.header_right h1``, the subtitle in ``.header_right h2``, the byline in
``a.byline``, the dateline in ``.dateline`` (used when the page has no
machine-readable date) and the body in ``#body`` (``adun`` ad slots inside
are left out). The feed is all of IT, so entries are filtered on
title and summary.
"""

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from lfrwatch.spiders.base import ArticleSpider, first_text, paragraphs, stated_date

_DATELINE = re.compile(r"(\d{1,2} \w{3} \d{4})\s*//\s*(\d{1,2}:\d{2})\s*UTC")


class TheRegisterSpider(ArticleSpider):
    name = "the_register"
    timezone = None  # the page's own timezone is UTC

    def entry_link(self, entry, response):
        link = entry.get("link")
        parts = urlsplit(link or "")
        if parts.hostname == "go.theregister.com" and parts.path.startswith("/feed/"):
            return f"https://{parts.path[len('/feed/'):]}"
        return link

    def article_overrides(self, response):
        published = None
        match = _DATELINE.search(first_text(response, ".dateline::text") or "")
        if match and not stated_date(response):
            published = datetime.strptime(f"{match[1]} {match[2]}", "%d %b %Y %H:%M").replace(
                tzinfo=timezone.utc).isoformat()
        subtitle = first_text(response, ".header_right h2::text")
        body = paragraphs(response, "#body", skip=("adun",))
        return {
            "title": first_text(response, ".header_right h1::text", "h1::text"),
            "author": first_text(response, "a.byline::text"),
            "published": published,
            "text": "\n".join(part for part in (subtitle, body) if part) if body else None,
        }
