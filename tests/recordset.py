"""Deployment records to set beside the claim set (tests/claimset.py), stored through lfrwatch.records itself.

- Met: version 2 of the tests' 2025 PDF (tests/fixtures/records/README.md): 24
  deployments, 7 January to 29 April 2025, 58 arrests, correct as at 30 April 2025.
- Essex: a police-platform HTML table written here, 4 deployments from 1 August
  2024 to 18 September 2025 adding up to 70 arrests (Chelmsford 2 deployments and
  30 arrests, Colchester 1 and 15, Southend-on-Sea 1 and 25), "Page updated: 18
  September 2025". The claim set's Essex "63 arrests since August 2024" (made on
  18 September 2025) is therefore below its records: verdict lower, difference -7.

Against the Met record, the claim set's Met figures (made after April 2025, or
about 2024) are not comparable: the records cover only January to April 2025.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from lfrwatch import records

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "records"
MET_PDF = FIXTURES / "met" / "live-facial-recognition---deployment-record-2025-v2.pdf"
MET_URL = ("https://www.met.police.uk/SysSiteAssets/media/downloads/force-content/met/advice/lfr/deployment-records/"
           "live-facial-recognition---deployment-record-2025.pdf")
ESSEX_URL = ("https://www.essex.police.uk/police-forces/essex-police/areas/essex-police/about-us/"
             "live-facial-recognition/")

#: (date, location, arrests)
ESSEX_ROWS = [
    ("01/08/2024", "Chelmsford High Street", 20),
    ("14/02/2025", "Colchester town centre", 15),
    ("03/06/2025", "Southend-on-Sea seafront", 25),
    ("18/09/2025", "Chelmsford bus station", 10),
]


def essex_page(extra: str = "") -> str:
    """The Essex records page; ``extra`` is appended to the Southend location (markup, to test escaping)."""
    rows = "".join(
        f"<tr><td>{escape(day)}</td><td>{escape(place + (extra if 'Southend' in place else ''))}</td>"
        f"<td>{arrests}</td></tr>"
        for day, place, arrests in ESSEX_ROWS)
    return (f"<html><body><h1>Live facial recognition</h1><table><thead><tr><th>Date</th><th>Location</th>"
            f"<th>Arrests</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>Page updated: 18 September 2025</p></body></html>")


def add_records(db, *, essex_extra: str = "") -> None:
    """Store the Met PDF and the Essex page as a crawl would (one record file each)."""
    data = MET_PDF.read_bytes()
    records.store_record_file(db, {"force": "met", "url": MET_URL, "sha256": hashlib.sha256(data).hexdigest(),
                                   "fetched_at": "2025-06-20T09:00:00+00:00", "source": "met_lfr_records"},
                              records.parse_pdf(data, MET_PDF.name))
    page = essex_page(essex_extra).encode()
    records.store_record_file(db, {"force": "essex", "url": ESSEX_URL, "sha256": hashlib.sha256(page).hexdigest(),
                                   "fetched_at": "2025-09-20T09:00:00+00:00", "source": "essex_lfr_records"},
                              records.parse_html(page, "live-facial-recognition.html", force="essex"))
