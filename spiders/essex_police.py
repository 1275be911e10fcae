"""Essex Police news (essex.police.uk), on the shared police website platform.

Everything about the platform, known and assumed, is in
:mod:`lfrwatch.spiders.police_platform`; this source only fixes the force:
articles at ``/news/essex/news/news/<yyyy>/<month>/<slug>/``, listings at
``/news/essex/news/news/`` (seen) and ``/news/essex/news/`` (tried as well).
Essex Police has run live facial recognition vans since 2024, so its news
listing is filtered on card titles and summaries, not fetched page by page.
"""

from lfrwatch.spiders.police_platform import PolicePlatformSpider


class EssexPoliceSpider(PolicePlatformSpider):
    name = "essex_police"
