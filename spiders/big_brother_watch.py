"""Big Brother Watch (bigbrotherwatch.org.uk), a WordPress site.

Known: WordPress, so the RSS is ``/feed/`` with full ``content:encoded``;
press releases live under ``/press-releases/<slug>/`` and posts under
``/blog/<slug>/``. The feed covers all of the group's campaigns (digital ID,
online safety, ...), so entries are judged on title, summary, categories and
content before anything is fetched.

Assumed: the theme is either a classic one (``entry-*`` classes) or a block
theme (``wp-block-post-*``), with Yoast's Open Graph and JSON-LD in the head;
see :class:`~lfrwatch.spiders.base.WordPressSpider`. Pages without either
fall back to trafilatura.
"""

from lfrwatch.spiders.base import WordPressSpider


class BigBrotherWatchSpider(WordPressSpider):
    name = "big_brother_watch"
