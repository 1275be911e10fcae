"""Metropolitan Police: live facial recognition deployment records (PDF).

Known (checked against the Met's real files, as kept in the public repository
jared-krauss/ALHFRS, data/source-pdfs/; docs/records.md): the Met publishes its
deployments as PDF tables ("LFR Deployment Grid"), one file per period, under
``.../advice/lfr/deployment-records/`` or ``.../advice/lfr/new/``, named
``lfr-deployment-grid-2020-2022.pdf``, ``lfr-deployment-grid-2023-to-2024.pdf``,
``lfr-deployment-grid-2025-up-to-May20-.pdf`` and
``live-facial-recognition---deployment-record-2025-to-date.pdf``; a running
period's file is re-published as the period goes on. Three layouts so far
(2020-22, 2023-24, 2025), all read by :func:`lfrwatch.records.parse_pdf`.

Assumed (not checked against the live site): the LFR page the crawl starts
from (the catalogue's ``listings``) and that it links the files by those
names. A row that cannot be read is reported with the file, page and row; the
file's other rows are stored.
"""

import re

from lfrwatch import records
from lfrwatch.spiders.records_base import RecordsSpider


class MetLfrRecordsSpider(RecordsSpider):
    name = "met_lfr_records"
    force = "met"
    file_format = "pdf"
    layout = records.MET_PDF
    file_link = re.compile(r"/(?:lfr/)?deployment-records?/[^/]+\.pdf$|/lfr/new/[^/]*deployment[^/]*\.pdf$|"
                           r"deployment-(?:records?|grid)[^/]*\.pdf$", re.I)
