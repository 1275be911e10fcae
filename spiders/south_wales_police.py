"""South Wales Police news (south-wales.police.uk), on the shared police website platform.

Everything about the platform, known and assumed, is in
:mod:`lfrwatch.spiders.police_platform`; this source only fixes the force:
articles under ``/news/south-wales/news/``, listings at
``/news/south-wales/news/news/`` and ``/news/south-wales/news/`` (one failing
is tolerated). South Wales Police was the force in the Bridges judgment and
has deployed live facial recognition at events in Cardiff since.
"""

from lfrwatch.spiders.contracts import listing_contract
from lfrwatch.spiders.police_platform import PolicePlatformSpider


class SouthWalesPoliceSpider(PolicePlatformSpider):
    name = "south_wales_police"
    force_from_base_url = False

    def check_listing(self, response):
        """The newsroom still lists articles (``scrapy check south_wales_police``).

        @url https://www.south-wales.police.uk/news/south-wales/news/
        @returns requests 1
        """
        return listing_contract(self, response)
