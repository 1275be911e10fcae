"""South Wales Police: live facial recognition deployments (HTML tables).

Known: South Wales Police lists its LFR deployments on its facial recognition
pages on the police forces' shared website platform, as HTML tables (date,
location, the event, watchlist size, faces seen, alerts, false alerts,
arrests), one table per year.

Assumed (not checked against the live site): the page the crawl starts from
(the catalogue's ``listings``), the headings' wording within what
:data:`lfrwatch.records.PLATFORM_HTML` reads, and that tables may also sit on
pages about deployments linked from it (followed one level down).
"""

from lfrwatch import records
from lfrwatch.spiders.records_base import RecordsSpider


class SwpLfrRecordsSpider(RecordsSpider):
    name = "swp_lfr_records"
    force = "south-wales"
    file_format = "html"
    layout = records.PLATFORM_HTML
