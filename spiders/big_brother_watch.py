"""Big Brother Watch (bigbrotherwatch.org.uk), a WordPress site.

Known (stored text of four real press releases; the feed address from public
feed lists): WordPress, so the RSS is ``/feed/`` with full
``content:encoded``; press releases live under ``/press-releases/<slug>/``
(older ones also at ``/<yyyy>/<mm>/<slug>/``) and videos under
``/videos/<slug>/``. A release is bylined "Big Brother Watch Team / August 30,
2023" (month first, no time) and ends with boilerplate that is not the
release: "Spokespeople are available for interview(s) ..." with the press
line, a "NOTES:" heading (the numbered notes themselves are kept: they give
the figures' sources) and "You can find more information regarding (live)
facial recognition on Big Brother Watch's website."; videos end with "If you
want to support our work ... join us" and "DONATE TO BIG BROTHER WATCH". Those
lines are left out. The feed covers all of the group's campaigns (digital ID,
online safety, ...), so entries are judged on title, summary, categories and
content before anything is fetched.

Assumed (no HTML or feed body seen): posts also live under ``/blog/<slug>/``;
the theme is either a classic one (``entry-*`` classes) or a block theme
(``wp-block-post-*``), with Yoast's Open Graph and JSON-LD in the head; see
:class:`~lfrwatch.spiders.base.WordPressSpider`. Pages without either fall
back to trafilatura.
"""

import re

from lfrwatch.spiders.base import WordPressSpider
from lfrwatch.spiders.contracts import article_contract, feed_contract
from lfrwatch.spiders.page_text import without_lines

#: The press office's lines at the end of every release and video: not the release.
PRESS_BOILERPLATE = re.compile(
    r"^spokespeople are available for interview|^notes:?$|more information regarding (?:live )?facial recognition on"
    r" big brother watch|^if you want to support our work\b|^donate to big brother watch$", re.I)


class BigBrotherWatchSpider(WordPressSpider):
    name = "big_brother_watch"

    def article_overrides(self, response):
        overrides = super().article_overrides(response)
        if overrides.get("text"):
            overrides["text"] = without_lines(overrides["text"], PRESS_BOILERPLATE)
        return overrides

    def check_feed(self, response):
        """The feed still lists posts with links (``scrapy check big_brother_watch``).

        @url https://bigbrotherwatch.org.uk/feed/
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A press release still reads: title, date and text.

        @url https://bigbrotherwatch.org.uk/press-releases/uk-governments-plan-to-ramp-up-facial-recognition/
        @returns items 1 1
        @scrapes title published text
        """
        return article_contract(self, response)
