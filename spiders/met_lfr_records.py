"""Metropolitan Police: live facial recognition deployment records (PDF).

Known: the Met publishes one PDF per period, linked from its facial
recognition pages, at ``.../lfr/deployment-records/live-facial-recognition---
deployment-record-<period>.pdf``; each page holds one table, the first page
two header rows (the columns, with "Alerts" and "Outcomes" grouped over their
columns), location cells wrap over lines, and a period's file is re-published
as the period goes on.

Assumed (not checked against the live site): the LFR page the crawl starts
from (the catalogue's ``listings``), and that every column of
:data:`lfrwatch.records.MET_PDF` is there. Any other layout is reported with
the file and page, and nothing from that file is stored.
"""

import re

from lfrwatch import records
from lfrwatch.spiders.records_base import RecordsSpider


class MetLfrRecordsSpider(RecordsSpider):
    name = "met_lfr_records"
    force = "met"
    file_format = "pdf"
    layout = records.MET_PDF
    file_link = re.compile(r"/(?:lfr/)?deployment-records?/[^/]+\.pdf$|deployment-record[^/]*\.pdf$", re.I)
