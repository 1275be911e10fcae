"""Deployment tables on the forces' web pages (South Wales, Essex: the police website platform)."""

from __future__ import annotations

from lfrwatch.records.cells import cell_text
from lfrwatch.records.errors import RecordsError
from lfrwatch.records.layouts import PLATFORM_HTML, Layout, field_for_header, header_rows, map_columns
from lfrwatch.records.rows import ParsedRecords, find_as_at, finish, read_rows


def _html_table_rows(table) -> list[list[str | None]]:
    """Rows of an lxml table, colspans expanded (the spanned cells are None, as pdfplumber gives them)."""
    rows: list[list[str | None]] = []
    for tr in table.iter("tr"):
        cells: list[str | None] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            for br in cell.iter("br"):
                br.tail = "\n" + (br.tail or "")
            cells.append(cell.text_content())
            span = int(cell.get("colspan") or 1) if str(cell.get("colspan") or "1").isdigit() else 1
            cells.extend([None] * (span - 1))
        if cells:
            rows.append(cells)
    return rows


def parse_html(html: str | bytes, name: str, layout: Layout = PLATFORM_HTML,
               force: str | None = None) -> ParsedRecords:
    """Deployments from the deployment tables on a force's web page.

    Tables whose headings are not deployment columns (no Date and Location
    headings) are ignored; a deployment table whose other headings are not
    ones lfrwatch reads raises :class:`RecordsError` (page = the table's number
    on the page). A row that does not parse is kept in ``unread`` with its
    table and row; the other rows are read.
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html if isinstance(html, (bytes, str)) and html else b"<html></html>")
    except (ValueError, lxml.etree.ParserError) as exc:
        raise RecordsError(name, f"the page cannot be parsed as HTML ({exc})") from None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    parsed = ParsedRecords(name=name, format="html")
    parsed.as_at = find_as_at(" ".join(root.text_content().split()))
    totals: list = []
    number = 0
    for table in root.iter("table"):
        rows = _html_table_rows(table)
        heads = header_rows(rows, layout)
        if not heads:
            continue
        heading_fields = {field_for_header(cell_text(c)) for row in rows[:heads] for c in row}
        if not {"date", "location"} <= heading_fields:
            continue  # not a deployment table
        number += 1
        if heads > layout.max_header_rows:
            raise RecordsError(name, f"{heads} header rows (expected {layout.max_header_rows})", page=number)
        columns = map_columns(rows[:heads], layout, name, number)
        for note in table.xpath(".//caption"):
            text = cell_text(note.text_content())
            if text:
                parsed.notes.append(text)
        read_rows(parsed, rows[heads:], columns, number, heads + 1, totals)
    parsed.pages = number
    if number == 0:
        raise RecordsError(name, "no deployment table found (expected a table with Date and Location headings)")
    return finish(parsed, totals, force)
