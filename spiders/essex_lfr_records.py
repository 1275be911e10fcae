"""Essex Police: live facial recognition deployments (HTML table).

Known: Essex Police publishes where and when its LFR vans were deployed, and
with what results, on its LFR page on the police forces' shared website
platform.

Assumed (not checked against the live site): the page the crawl starts from
(the catalogue's ``listings``) and a deployment table with Date and Location
headings among the columns :data:`lfrwatch.records.PLATFORM_HTML` reads.
"""

from lfrwatch import records
from lfrwatch.spiders.records_base import RecordsSpider


class EssexLfrRecordsSpider(RecordsSpider):
    name = "essex_lfr_records"
    force = "essex"
    file_format = "html"
    layout = records.PLATFORM_HTML
