"""The Register (theregister.com), through its headlines Atom feed.

Known (a real copy of the feed, June 2023, 50 entries, checked with
``make real-check-sources``): the feed is ``/headlines.atom``, Atom with
``published`` and ``updated`` in UTC with two-digit fractions
("2023-06-25T09:27:14.00Z"), ``author`` (name and a search URI) and a
``summary`` whose ``<h4>`` is the standfirst. Every entry links through
``go.theregister.com/feed/www.theregister.com/<yyyy>/<mm>/<dd>/<slug>/``,
which redirects to the article; the spider rewrites such links to the article
URL on the source's own site (no redirect to follow, one URL per story, and a
rebased source stays on its mirror). Dates are stored in UTC as the page
states them ("Tue 21 Oct 2025 // 09:14 UTC", assumed, below).

Assumed (no real article page seen): the headline is in
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
from lfrwatch.spiders.contracts import feed_contract

_SITE_HOST = "www.theregister.com"
_DATELINE = re.compile(r"(\d{1,2} \w{3} \d{4})\s*//\s*(\d{1,2}:\d{2})\s*UTC")


class TheRegisterSpider(ArticleSpider):
    name = "the_register"
    timezone = None  # the page's own timezone is UTC

    def entry_link(self, entry, response):
        link = entry.get("link")
        parts = urlsplit(link or "")
        if parts.hostname == "go.theregister.com" and parts.path.startswith("/feed/"):
            host, _, path = parts.path[len("/feed/"):].partition("/")
            if self.source is not None and host == _SITE_HOST:
                return self.source.url("/" + path)  # the article on this source's site (a mirror, when rebased)
            return f"https://{host}/{path}"
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

    def check_feed(self, response):
        """The headlines feed still lists stories with go.theregister.com links (``scrapy check the_register``).

        @url https://www.theregister.com/headlines.atom
        @returns requests 1
        """
        return feed_contract(self, response)
