"""The Metropolitan Police's PDF deployment records: every table on every page into deployments.

The Met's files are Word tables exported to PDF, in three layouts so far
(2020-22, 2023-24, 2025; docs/records.md). What they do, and how it is read:

- the header wraps over several text rows, with group headings ("True
  Alerts", "Engagement Outcomes") over their columns' own ("Confirmed",
  "Arrest"): headings are read by position, word by word, over the data
  table's columns;
- the header is a table of its own above the data table, with other column
  boundaries, and a later page may start a new header whose wording differs:
  the latest header holds until the next one;
- later pages carry no header: their tables continue the columns above;
- columns merged in the header are empty (None) in every data row: dropped;
- shading shorter than its cell splits the cell: a blank row under each row;
- a location cut by a page break ends in the next page's first row, alone
  in the location column: it is joined to the row it belongs to;
- tables without dates (the purpose references) are kept as notes.

A row that cannot be read is kept in ``unread`` with its page, row and
reason, and every other row is read; a date outside any table is reported
the same way, so no deployment goes missing unnoticed.
"""

from __future__ import annotations

import io
import re
from typing import Any

from lfrwatch.records.cells import cell_text, compact, parse_record_date
from lfrwatch.records.errors import RecordsError
from lfrwatch.records.layouts import MET_PDF, ColumnMap, Layout, field_for_header, fields_for_headings
from lfrwatch.records.rows import AS_AT_PATTERN, ParsedRecords, find_as_at, finish, read_row

_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d+(?:\s+(?:of|/)\s+\d+)?", re.I)
_DATE_TEXT = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)")
Box = tuple[float, float, float, float]


def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _page_tables(page) -> list:
    """The page's tables, top to bottom; a table drawn inside another (a shaded header cell's word stack) is not one."""
    found = page.find_tables()
    kept = [t for t in found if not any(o is not t and _area(o.bbox) > _area(t.bbox) and _inside(t.bbox, o.bbox)
                                        for o in found)]
    return sorted(kept, key=lambda t: (t.bbox[1], t.bbox[0]))


def _is_date_row(cells: list[Any]) -> bool:
    return any(parse_record_date(cell_text(c)) is not None for c in cells)


def _data_columns(cell_rows: list[list[Box | None]],
                  data_rows: list[int]) -> tuple[list[int], list[tuple[float, float]]]:
    """Columns holding data in some date row (merged header columns are None in all), with their x-extents."""
    width = max(len(r) for r in cell_rows)
    kept, extents = [], []
    for column in range(width):
        boxes = [cell_rows[i][column] for i in data_rows
                 if column < len(cell_rows[i]) and cell_rows[i][column] is not None]
        if boxes:
            kept.append(column)
            extents.append((boxes[0][0], boxes[0][2]))
    return kept, extents


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words in reading order, grouped into text lines (tops within 2 pt)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _text(words: list[dict]) -> str:
    return " ".join(w["text"] for line in _lines(words) for w in line)


def headings_by_position(words: list[dict], cells: list[Box], extents: list[tuple[float, float]]) -> list[list[str]]:
    """Each data column's candidate headings from the header's words and cells, by position.

    A word belongs to the column under it, unless its header cell spans
    several columns and the word sits above the cells that divide that span
    (a group heading such as "True Alerts" over "Confirmed" and
    "Unconfirmed"): then it belongs to each column of the span. The
    candidates are the column's own words, then the group's and its own.
    """
    centres = [(a + b) / 2 for a, b in extents]

    def covered(box: Box) -> list[int]:
        return [i for i, x in enumerate(centres) if box[0] - 1 <= x <= box[2] + 1]

    def column_at(x: float) -> int | None:
        inside = [i for i, (a, b) in enumerate(extents) if a - 1 <= x <= b + 1]
        return inside[0] if inside else None

    own: list[list[dict]] = [[] for _ in extents]
    group: list[list[dict]] = [[] for _ in extents]
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        holders = [c for c in cells if c[0] - 0.5 <= x <= c[2] + 0.5 and c[1] - 0.5 <= y <= c[3] + 0.5]
        cell = min(holders, key=_area) if holders else None
        span = covered(cell) if cell else []
        if len(span) > 1:
            dividers = [c[1] for c in cells if c[1] > cell[1] + 0.5 and c[0] >= cell[0] - 1 and c[2] <= cell[2] + 1
                        and 0 < len(covered(c)) < len(span)]
            if not dividers or word["top"] < min(dividers) - 0.5:
                for column in span:
                    group[column].append(word)
                continue
        column = column_at(x)
        if column is not None:
            own[column].append(word)
    headings = []
    for mine, theirs in zip(own, group):
        candidates = [_text(mine)] if mine else []
        if theirs:
            candidates.append(_text(theirs + mine))
        headings.append(candidates or [""])
    return headings


def _header_fields(rows: list[list[Any]]) -> set[str | None]:
    return {field_for_header(cell_text(c)) for row in rows for c in row}


def _map_header(words: list[dict], cells: list[Box], extents, layout: Layout, name: str,
                page: int) -> tuple[ColumnMap, list[list[str]]] | None:
    """Fields of the data columns from a header, None when the words are not a deployment header (no Date
    and Location headings); RecordsError when they are one that does not fit the layout."""
    region = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    inside = [w for w in words if _inside(((w["x0"] + w["x1"]) / 2, w["top"], (w["x0"] + w["x1"]) / 2, w["bottom"]),
                                          region, 1.5)]
    headings = headings_by_position(inside, cells, extents)
    found = {field_for_header(c) for candidates in headings for c in candidates}
    if not {"date", "location"} <= found:
        return None
    return fields_for_headings(headings, layout, name, page), headings


def _outside_dates(parsed: ParsedRecords, words: list[dict], tables: list, page: int) -> None:
    """A text line with a date outside every table may be a deployment row no table holds: reported as unread."""
    outside = [w for w in words
               if not any(_inside((w["x0"], w["top"], w["x1"], w["bottom"]), t.bbox) for t in tables)]
    for line in _lines(outside):
        text = " ".join(w["text"] for w in line)
        if _DATE_TEXT.search(text) and not AS_AT_PATTERN.search(text):
            parsed.unread.append(RecordsError(parsed.name, f"a line with a date outside any table: {text!r}",
                                              page=page))


class _Reader:
    """The state carried from page to page: the columns the latest header gave, or why there are none."""

    def __init__(self, parsed: ParsedRecords, layout: Layout):
        self.parsed, self.layout = parsed, layout
        self.columns: list[str] | None = None
        self.no_columns = "no column headings above this table"
        #: A table of headings only, waiting for the data table it heads (on this page or the next).
        self.pending_header: Any = None
        self.totals: list = []

    def use_header(self, words, cells: list[Box], extents, page: int) -> bool:
        """Take the header's columns; False when the cells hold no deployment header."""
        try:
            mapped = _map_header(words, cells, extents, self.layout, self.parsed.name, page)
        except RecordsError as exc:
            self.columns, self.no_columns = None, f"the headings above could not be read ({exc.reason})"
            self.parsed.warnings.append(exc)
            return True
        if mapped is None:
            return False
        columns, headings = mapped
        self.columns = columns.fields
        for reason in columns.skipped:
            self.parsed.warnings.append(RecordsError(self.parsed.name, reason + " (its values are left out)",
                                                     page=page))
        for fieldname, candidates in zip(columns.fields, headings):
            if fieldname == "arrests" and "disposal" in compact(candidates[-1]):
                note = (f"the arrests column is headed {candidates[-1]!r}: it counts arrests and other disposals "
                        "together")
                if note not in self.parsed.notes:
                    self.parsed.notes.append(note)
        return True

    def read_page(self, page, tables: list) -> None:
        number = page.page_number
        words = page.extract_words()
        _outside_dates(self.parsed, words, tables, number)
        read_on_page = 0
        for table in tables:
            rows = table.extract()
            if not any(cell_text(c) for row in rows for c in row):
                continue
            dated = [i for i, row in enumerate(rows) if _is_date_row(row)]
            if not dated:
                if {"date", "location"} <= _header_fields(rows):
                    self.pending_header = table
                else:  # the purpose references, or another table of words
                    self.parsed.notes.extend(" | ".join(cell_text(c) for c in row if cell_text(c))
                                             for row in rows if any(cell_text(c) for c in row))
                continue
            cell_rows = [row.cells for row in table.rows]  # Table.rows is worked out again on every access
            kept, extents = _data_columns(cell_rows, dated)
            above = [i for i in range(dated[0]) if any(cell_text(c) for c in rows[i])]
            header: list[int] = []
            if above and self.use_header(words, [c for i in above for c in cell_rows[i] if c is not None],
                                         extents, number):
                header = list(range(dated[0]))
            elif self.pending_header is not None:
                header_table = self.pending_header
                cells = [c for row in header_table.rows for c in row.cells if c is not None]
                self.use_header(words if header_table.page is page else header_table.page.extract_words(), cells,
                                extents, number)
            self.pending_header = None
            for index, raw in enumerate(rows):
                if index in header:
                    continue
                cells = [raw[k] if k < len(raw) else None for k in kept]
                if not any(cell_text(c) for c in cells):
                    continue  # blank, or the lower part of a cell split by its shading
                if self.columns is None:
                    self.parsed.unread.append(RecordsError(self.parsed.name, self.no_columns, page=number,
                                                           row=index + 1))
                    continue
                if read_on_page == 0 and index < dated[0] and self.continues_location(cells, number):
                    continue
                if read_row(self.parsed, cells, self.columns, number, index + 1, self.totals) is not None:
                    read_on_page += 1

    def continues_location(self, cells: list[Any], page: int) -> bool:
        """A page's first row with text in the location column only ends the previous page's last location."""
        if "location" not in self.columns or len(cells) != len(self.columns) or not self.parsed.deployments:
            return False
        where = self.columns.index("location")
        if any(cell_text(c) for i, c in enumerate(cells) if i != where) or not cell_text(cells[where]):
            return False
        previous = self.parsed.deployments[-1]
        if previous["page"] >= page:
            return False
        previous["location"] = f"{previous['location']} {cell_text(cells[where])}"
        return True


def _out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is a MemoryError, or an error raised while handling one (pdfplumber wraps pdfminer's
    errors in its own)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__ or next((a for a in exc.args if isinstance(a, BaseException)), None)
    return False


def too_many_pages(max_pages: int) -> str:
    """The reason given for a PDF with more pages than ``max_pages``."""
    return f"too large: more than {max_pages:,} pages (LFRWATCH_RECORD_MAX_PAGES)"


def _count_pages(pdf, up_to: int) -> int:
    """The PDF's pages, counted from its page tree without reading them, stopping at ``up_to``."""
    from itertools import islice

    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), up_to))


def parse_pdf(data: bytes, name: str, layout: Layout = MET_PDF, force: str | None = "met",
              max_pages: int | None = None) -> ParsedRecords:
    """Deployments from a PDF of deployment tables (module docstring: the layouts read).

    Raises :class:`RecordsError` naming the file (and page) when nothing can
    be read: not a PDF, damaged, no table, headings that do not fit, more
    pages than ``max_pages`` (counted before any page is read). Rows that
    cannot be read are in ``unread`` with their page, row and reason. A
    ``MemoryError`` is raised as it is, never taken for a damaged page: the
    caller decides what running out of memory means
    (:mod:`lfrwatch.records.limits` reads each file in a process of its own).
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    parsed = ParsedRecords(name=name, format="pdf")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise RecordsError(name, "not a PDF file (it does not start with %PDF)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on a damaged file
        if _out_of_memory(exc):
            raise MemoryError(f"{name}: opening the PDF") from exc
        raise RecordsError(name, f"the PDF cannot be opened ({type(exc).__name__}: {exc})") from None
    reader = _Reader(parsed, layout)
    with pdf:
        try:
            if max_pages is not None and _count_pages(pdf, max_pages + 1) > max_pages:
                raise RecordsError(name, too_many_pages(max_pages))
            pages = list(pdf.pages)
        except RecordsError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged page tree
            if _out_of_memory(exc):
                raise MemoryError(f"{name}: reading the page tree") from exc
            raise RecordsError(name, f"the PDF's pages cannot be read ({type(exc).__name__}: {exc})") from None
        parsed.pages = len(pages)
        if not pages:
            raise RecordsError(name, "the PDF has no pages")
        for page in pages:
            number = page.page_number
            try:
                tables = _page_tables(page)
                page_text = page.extract_text() or "" if number == 1 or not tables else ""
                if parsed.as_at is None and number == 1:
                    parsed.as_at = find_as_at(page_text)
                if tables:
                    reader.read_page(page, tables)
                    continue
            except Exception as exc:  # noqa: BLE001
                if _out_of_memory(exc):
                    raise MemoryError(f"{name}: page {number}") from exc
                parsed.warnings.append(RecordsError(name, f"the page cannot be read ({type(exc).__name__}: {exc})",
                                                    page=number))
                continue
            text = "\n".join(line for line in page_text.splitlines()
                             if line.strip() and not _PAGE_NUMBER.fullmatch(line.strip()))
            if not text.strip():
                continue  # a blank page
            dated = [line for line in text.splitlines() if _DATE_TEXT.search(line) and not AS_AT_PATTERN.search(line)]
            for line in dated:
                parsed.unread.append(RecordsError(name, f"a line with a date outside any table: {line.strip()!r}",
                                                  page=number))
            if reader.columns is None and not parsed.deployments and not dated:
                parsed.warnings.append(RecordsError(name, "no table found (expected one deployment table per page)",
                                                    page=number))
            if not dated:
                parsed.notes.append(" ".join(text.split()))
    return finish(parsed, reader.totals, force)
