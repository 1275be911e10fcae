"""Ad-hoc feeds: `lfrwatch crawl --feed URL` crawls any RSS or Atom feed.

Every entry's page is fetched (the user chose the feed), and only pages about
facial recognition are kept. The publisher comes from the page (Open Graph or
JSON-LD) or the feed's title, and the kind of source is guessed from it.
"""

from lfrwatch.spiders.base import ArticleSpider


class FeedSpider(ArticleSpider):
    name = "feed"
    filter_feed_entries = False

    def __init__(self, *args, feeds=None, **kwargs):
        super().__init__(*args, feeds=feeds, **kwargs)
        if not self.feed_urls:
            raise ValueError("the feed spider needs feeds: scrapy crawl feed -a feeds=URL[,URL...]")
