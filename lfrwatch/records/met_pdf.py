"""The Metropolitan Police's PDF deployment records: tables page by page into deployments."""

from __future__ import annotations

import io
import re

from lfrwatch.records.errors import RecordsError
from lfrwatch.records.layouts import MET_PDF, Layout, header_rows, map_columns
from lfrwatch.records.rows import ParsedRecords, check_totals, complete_deployment, find_as_at, read_rows


_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d+(?:\s+(?:of|/)\s+\d+)?", re.I)


def parse_pdf(data: bytes, name: str, layout: Layout = MET_PDF, force: str | None = "met") -> ParsedRecords:
    """Deployments from a PDF of record tables: one table per page, the header on the first page.

    Later pages may repeat the header or not; every page's table must have the
    first page's columns. Anything else raises :class:`RecordsError` naming the
    file, page (and row), and what was expected: nothing is half-read.
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    parsed = ParsedRecords(name=name, format="pdf")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise RecordsError(name, "not a PDF file (it does not start with %PDF)")
    totals: list = []
    columns: list[str] | None = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on a damaged file
        raise RecordsError(name, f"the PDF cannot be opened ({type(exc).__name__}: {exc})") from None
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:  # noqa: BLE001 - a damaged page tree
            raise RecordsError(name, f"the PDF's pages cannot be read ({type(exc).__name__}: {exc})") from None
        parsed.pages = len(pages)
        if not pages:
            raise RecordsError(name, "the PDF has no pages")
        for page in pages:
            number = page.page_number
            try:
                tables = page.extract_tables()
                # Text outside the tables is only needed on the first page and on pages without a table.
                page_text = page.extract_text() or "" if number == 1 or not tables else ""
            except Exception as exc:  # noqa: BLE001
                raise RecordsError(name, f"the page cannot be read ({type(exc).__name__}: {exc})",
                                   page=number) from None
            if parsed.as_at is None and number == 1:
                parsed.as_at = find_as_at(page_text)
            if not tables:
                text = "\n".join(line for line in page_text.splitlines()
                                 if line.strip() and not _PAGE_NUMBER.fullmatch(line.strip()))
                if columns is not None and not text.strip():
                    continue  # a blank page at the end
                if columns is not None and not re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", text):
                    parsed.notes.append(" ".join(text.split()))
                    continue  # a page of notes after the tables
                raise RecordsError(name, "no table found (expected one deployment table per page)", page=number)
            if len(tables) > 1:
                raise RecordsError(name, f"{len(tables)} tables found (expected one deployment table per page)",
                                   page=number)
            rows = tables[0]
            if columns is None:
                heads = header_rows(rows, layout)
                if heads == 0:
                    raise RecordsError(name, "the table has no header row (expected the column headings, e.g. "
                                             "'Deployment Location', 'Date')", page=number)
                if heads > layout.max_header_rows:
                    raise RecordsError(name, f"{heads} header rows (expected at most {layout.max_header_rows})",
                                       page=number)
                columns = map_columns(rows[:heads], layout, name, number)
            else:
                heads = header_rows(rows, layout)
                if heads:
                    repeated = map_columns(rows[:heads], layout, name, number) if heads <= layout.max_header_rows \
                        else None
                    if repeated != columns:
                        raise RecordsError(name, "this page's headings differ from the first page's", page=number)
            read_rows(parsed, rows[heads:], columns, number, heads + 1, totals)
    if not parsed.deployments:
        raise RecordsError(name, "no deployment rows found")
    check_totals(parsed, totals)
    parsed.deployments = [dict(complete_deployment(d, force), page=d["page"], row=d["row"]) for d in parsed.deployments]
    return parsed
