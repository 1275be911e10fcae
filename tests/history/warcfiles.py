"""WARC files written for the import tests with warcio's writer, whole or damaged on purpose.

:func:`record_bytes` makes one record's bytes (uncompressed); :func:`write_warc` joins records into a
``.warc.gz`` (one gzip member per record, as crawlers write them) or a plain ``.warc``, and returns each
record's offset in the file. Damage is made to the bytes afterwards: a wrong ``Content-Length``
(:func:`with_content_length`), a file cut short, a flipped byte.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FILLER = ("<p>The council's planning committee met on Tuesday to discuss the new cycle lanes on the high street, "
          "and residents asked about parking, deliveries and the timetable for the works.</p>\n")


def page(title: str, paragraph: str, *, repeat: int = 3) -> str:
    """An article page in the shape news sites use: title, date, body paragraphs, furniture."""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:title' content='{title}'>"
            f"<meta property='article:published_time' content='2019-07-02T09:00:00+01:00'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
            f"<p>{paragraph}</p>" + FILLER * repeat + "</article><footer>All rights reserved.</footer></body></html>")


RELEVANT_TEXT = ("Officers used live facial recognition cameras in Ilford on Saturday and arrested four people "
                 "who were wanted for robbery, burglary and failing to appear at court.")
OTHER_TEXT = "Officers arrested four people in Ilford on Saturday after a series of burglaries at garden sheds."


@dataclass
class Rec:
    """What one record is: a response by default."""

    url: str
    html: str = ""
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    rec_type: str = "response"
    date: str = "2019-07-02T10:15:00Z"


def record_bytes(rec: Rec) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    if rec.rec_type == "warcinfo":
        record = writer.create_warcinfo_record("test.warc", {"software": "lfrwatch tests"})
    elif rec.rec_type == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        record = writer.create_warc_record(rec.url, "request", payload=io.BytesIO(b""), http_headers=http)
    else:
        http = StatusAndHeaders(rec.status, [("Content-Type", rec.content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(rec.url, rec.rec_type, payload=io.BytesIO(rec.html.encode()),
                                           http_headers=http, warc_headers_dict={"WARC-Date": rec.date})
    writer.write_record(record)
    return buffer.getvalue()


def with_content_length(raw: bytes, delta: int) -> bytes:
    """A record whose WARC header declares ``delta`` bytes more (or fewer) than it holds."""
    return re.sub(rb"Content-Length: (\d+)", lambda m: b"Content-Length: " + str(int(m[1]) + delta).encode(), raw,
                  count=1)


def record_id(raw: bytes) -> str:
    return re.search(rb"WARC-Record-ID: (<[^>]+>)", raw)[1].decode()


def write_warc(path: Path, records: list[bytes], *, gz: bool = True) -> list[int]:
    """Write the records; the offset of each (of its gzip member in a .warc.gz)."""
    offsets, position = [], 0
    with open(path, "wb") as fh:
        for raw in records:
            data = zlib.compress(raw, 6, wbits=31) if gz else raw
            offsets.append(position)
            fh.write(data)
            position += len(data)
    return offsets
