"""Essex Police news (essex.police.uk), on the shared police website platform.

Everything about the platform, known and assumed, is in
:mod:`lfrwatch.spiders.police_platform`; this source only fixes the force:
articles at ``/news/essex/news/news/<yyyy>/<month>/<slug>/``, listings at
``/news/essex/news/news/`` (seen) and ``/news/essex/news/`` (tried as well).
Essex Police has run live facial recognition vans since 2024, so its news
listing is filtered on card titles and summaries, not fetched page by page.
"""

from lfrwatch.spiders.contracts import article_contract, listing_contract
from lfrwatch.spiders.police_platform import PolicePlatformSpider


class EssexPoliceSpider(PolicePlatformSpider):
    name = "essex_police"
    force_from_base_url = False

    def check_listing(self, response):
        """The newsroom still lists articles (``scrapy check essex_police``).

        @url https://www.essex.police.uk/news/essex/news/
        @returns requests 1
        """
        return listing_contract(self, response)

    def check_article(self, response):
        """A release still reads: title, date and text.

        @url https://www.essex.police.uk/news/essex/news/news/2024/september/southend-live-facial-recognition-to-be-deployed-in-city/
        @returns items 1 1
        @scrapes title published text
        """
        return article_contract(self, response)
