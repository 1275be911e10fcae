"""Liberty (libertyhumanrights.org.uk): its facial recognition campaign page, news and explainer.

Known (stored text of three real posts and of the campaign page): news, advice
and campaign posts live at ``/issue/<slug>/``; the facial recognition campaign
is ``/campaign/resist-facial-recognition/`` (its petition at
``/resist-facial-recognition``) and the explainer
``/fundamental/facial-recognition``. A post reads: a topic trail ("Facial
recognition / Policing / Privacy and mass surveillance"), the title, "Posted
on 23 Aug 2021" (two-digit day, three-letter month, no time), an optional list
of key points, the body, then boxes that are not the post: "I'm looking for
advice on this", "Did you know Liberty offers free human rights legal
advice?", "What are my rights on this?", "Find out more about your rights
...", "Did you find this content useful?", "Help us make our content even
better ...", "Need advice or information?". Those lines are left out.

Assumed (no HTML seen; the site has no feed lfrwatch relies on): the campaign
page and the explainer link to the posts they cover, and every post they link
is fetched and judged on its text; ``/news/`` (not attested) is a listing of
cards with a title and an excerpt, filtered on both. All three listings are
alternatives (one failing is tolerated). Posts put the title in an ``h1``
(``.hero__title`` tried first) and the body in a ``.wysiwyg`` block or
WordPress's ``entry-content``, else in the ``article``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import urlsplit

from lfrwatch.spiders.base import WordPressSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, listing_contract
from lfrwatch.spiders.page_text import without_lines

POSTED_ON = re.compile(r"\bPosted on (\d{1,2} [A-Za-z]{3,9} \d{4})")
#: The boxes under every post (advice, rights, feedback, contact): not the post.
LIBERTY_BOXES = re.compile(
    r"^i'?m looking for advice\b|^did you know liberty\b|^what are my rights\b|^find out more about your rights\b"
    r"|^did you find this (?:content|page) useful\?|^help us make our content\b|^need advice or information\?", re.I)


class LibertySpider(WordPressSpider):
    name = "liberty"

    def listing_links(self, response) -> Iterable[tuple[str, dict[str, Any]]]:
        campaign_page = any(part in urlsplit(response.url).path for part in ("/fundamental/", "/campaign/"))
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
        posted = first_text(response, ".hero__date::text", ".post-date::text")
        if not posted:  # "Posted on 23 Aug 2021", wherever the theme puts it
            match = POSTED_ON.search(" ".join(" ".join(response.css("main ::text, article ::text").getall()).split()))
            posted = match[1] if match else None
        overrides["published"] = overrides.get("published") or local_datetime(posted)
        overrides["text"] = without_lines(paragraphs(response, ".wysiwyg", ".entry-content", ".article__content",
                                                     "main article", "article"), LIBERTY_BOXES) or overrides.get("text")
        return overrides

    def check_listing(self, response):
        """The campaign page still links to posts (``scrapy check liberty``).

        @url https://www.libertyhumanrights.org.uk/campaign/resist-facial-recognition/
        @returns requests 1
        """
        return listing_contract(self, response)

    def check_article(self, response):
        """A post still reads: title, date and text.

        @url https://www.libertyhumanrights.org.uk/issue/liberty-responds-to-release-of-research-into-facial-recognition-technology/
        @returns items 1 1
        @scrapes title published text
        """
        return article_contract(self, response)


