"""Liberty (libertyhumanrights.org.uk): news and the facial recognition campaign page.

Known: Liberty's news, advice and campaign posts live at ``/issue/<slug>/``;
its campaign on facial recognition has its own page,
``/fundamental/facial-recognition/``, listing related posts.

Assumed (the site has no feed lfrwatch relies on, and its markup was not
checked): the news listing is ``/news/``, with cards holding a title and an
excerpt; posts put the title in ``.hero__title`` or ``h1`` and the date as
text ("22 October 2025", a date without a time) in ``.hero__date``, and the
body in a ``.wysiwyg`` block or WordPress's ``entry-content``. Both listings
are alternatives (one failing is tolerated). Cards on the news listing are
filtered on title and excerpt; every post linked from the campaign page is
fetched and judged on its text.
"""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlsplit

from lfrwatch.spiders.base import WordPressSpider, first_text, local_datetime, paragraphs


class LibertySpider(WordPressSpider):
    name = "liberty"

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        campaign_page = "/fundamental/" in urlsplit(response.url).path
        issues = urlsplit(self.source.base_url).path.rstrip("/") + "/issue/"
        seen = set()
        for anchor in response.css("main a[href], #main a[href]"):
            href = response.urljoin(anchor.attrib["href"])
            if not urlsplit(href).path.startswith(issues) or href in seen:
                continue
            seen.add(href)
            card = anchor.xpath("ancestor::*[self::article or self::li][1]")
            title = " ".join(" ".join(anchor.css("::text").getall()).split())
            summary = " ".join(" ".join(card.css(".card__excerpt ::text, p ::text").getall()).split()) if card else ""
            entry = {"title": title, "summary": summary}
            if campaign_page or self.entry_is_relevant(entry):
                yield href, entry
            else:
                self.report.skipped_irrelevant += 1

    def article_overrides(self, response) -> dict[str, Any]:
        overrides = super().article_overrides(response)
        overrides["title"] = first_text(response, ".hero__title::text") or overrides.get("title")
        overrides["published"] = overrides.get("published") or local_datetime(
            first_text(response, ".hero__date::text", ".post-date::text"))
        overrides["text"] = paragraphs(response, ".wysiwyg", ".entry-content", ".article__content") \
            or overrides.get("text")
        return overrides
