"""One spider per force on the shared police website platform, made from the catalogue's table.

Every force in :data:`lfrwatch.crawl.catalogue.POLICE_PLATFORM_FORCES` (its
slug, publisher, host, force segment and newsroom listing) shares
:class:`~lfrwatch.spiders.police_platform.PolicePlatformSpider`, which reads the
newsroom's RSS feed (the listing's ``GetNewsRss/``) and, when it fails, the
platform's news search. This module only gives each force its spider name (the
slug, so ``scrapy crawl kent_police`` and ``lfrwatch crawl kent_police`` work)
and Scrapy contracts on its own feed and news search, so that ``scrapy check
<slug>`` on a connected machine says whether the force's site still matches
what code run against the live platform attests. The newsroom addresses come
from a public crawler's list of verified listings; no page or feed of these
forces has been checked, so their sources stay disabled until their check
passes (docs/sources.md).
"""

from __future__ import annotations

from lfrwatch.crawl.catalogue import POLICE_PLATFORM_FORCES
from lfrwatch.spiders.contracts import feed_contract, listing_contract
from lfrwatch.spiders.police_platform import PolicePlatformSpider


def force_spider(slug: str, publisher: str, host: str, listing: str) -> type[PolicePlatformSpider]:
    """The platform spider named for one force, with contracts on the force's feed and news search."""

    def check_feed(self, response):
        return [r for r in feed_contract(self, response) if r.meta.get("lfrwatch_role") == "article"]

    def check_listing(self, response):
        return listing_contract(self, response)

    check_feed.__doc__ = f"""The newsroom's feed still lists releases with links.

        @url https://{host}{listing}GetNewsRss/
        @returns requests 1
        """
    check_listing.__doc__ = f"""The news search still lists result cards (title link, "Published: HH:MM DD/MM/YYYY").

        @url https://{host}/news/news-search/?q=police
        @returns requests 1
        """
    class_name = "".join(part.capitalize() for part in slug.split("_")) + "Spider"
    check_feed.__qualname__ = f"{class_name}.check_feed"
    check_listing.__qualname__ = f"{class_name}.check_listing"
    return type(class_name, (PolicePlatformSpider,), {
        "__module__": __name__,
        "__doc__": f"{publisher} news ({host}{listing}), on the shared police website platform; off by default.",
        "name": slug,
        "force_from_base_url": False,
        "check_feed": check_feed,
        "check_listing": check_listing,
    })


globals().update({spider.__name__: spider for spider in (
    force_spider(slug, publisher, host, listing) for slug, publisher, host, _force, listing in POLICE_PLATFORM_FORCES)})
