"""Official LFR deployment records: read them, keep them, and hold claims up against them.

Forces publish what each live facial recognition deployment did: the
Metropolitan Police as PDF tables (one per period), South Wales Police and
Essex Police as HTML tables on their LFR pages. This module

- **parses** a record file into deployments (:func:`parse_pdf`,
  :func:`parse_html`), reading columns by their headers and refusing, with the
  file, page and row named, anything laid out otherwise (:class:`RecordsError`):
  a file is read whole or not at all;
- **stores** them (:func:`store_record_file`, one transaction per file): a
  deployment keeps its identity across re-published files, so a file with new
  rows adds only those, and a corrected row keeps both versions;
- **reconciles** claims with them (:func:`compare_claims`): each figure a force
  makes about a metric its records cover is compared with what the records add
  up to for the same period (and place), with a verdict and its reason;
- offers the **recorded series** (:func:`recorded_series`) and **deployments by
  place** (:func:`deployments_by_place`) for timelines, exports and maps.

docs/records.md explains the rules (periods, qualifiers, coverage) with examples.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import hashlib
import io
import json
import math
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

import sqlite_utils

from lfrwatch import store

# ----------------------------------------------------------------------------

# Errors


class RecordsError(ValueError):
    """A record file that cannot be read as laid out; the message names the file, page and row."""

    def __init__(self, name: str, message: str, *, page: int | None = None, row: int | None = None):
        self.name, self.page, self.row, self.reason = name, page, row, message
        where = name
        if page is not None:
            where += f": page {page}"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {message}")


# ----------------------------------------------------------------------------
# Forces


@dataclass(frozen=True)
class Force:
    key: str
    name: str
    #: Who speaks for the force: matched against a claim's claimant, org and publisher.
    pattern: re.Pattern
    #: Names of the whole force area: "in London" does not narrow a Met claim to a place.
    area: tuple[str, ...] = ()
    #: (south, north, west, east): gazetteer places outside are not this force's ("Oxford Street, Swansea").
    box: tuple[float, float, float, float] = (-90.0, 90.0, -180.0, 180.0)


FORCES: dict[str, Force] = {
    force.key: force
    for force in (
        Force("met", "Metropolitan Police",
              re.compile(r"\b(?:the\s+)?met(?:ropolitan)?(?:\s+police)?(?:\s+service)?\b(?!\s+office)|"
                         r"\bmps\b|scotland\s+yard", re.I),
              ("London", "Greater London", "the capital"), (51.28, 51.70, -0.52, 0.34)),
        Force("essex", "Essex Police", re.compile(r"\bessex\s+police\b", re.I), ("Essex",),
              (51.45, 52.10, 0.00, 1.30)),
        Force("south-wales", "South Wales Police", re.compile(r"\bsouth\s+wales\s+police\b|\bswp\b", re.I),
              ("South Wales", "Wales"), (51.35, 51.90, -4.40, -3.00)),
    )
}


def force_matching(text: str | None) -> Force | None:
    """The force a claimant, organisation or publisher name stands for, if any."""
    if not text:
        return None
    for force in FORCES.values():
        if force.pattern.search(text):
            return force
    return None


# ----------------------------------------------------------------------------
# Columns and layouts

#: Record fields and the headers that name them, matched on the header with
#: everything but letters removed ("Outcome -\nArrest" -> "outcomearrest").
FIELD_HEADERS: dict[str, str] = {
    "location": r"(deployment)?(location|venue|site)",
    "date": r"(deployment)?date",
    "duration": r"duration|times?|hours|deploymenttimes?",
    "use_case": r"(lfr)?usecase|purpose|event|operation",
    "watchlist_size": r"watchlist(size)?|sizeofwatchlist",
    "threshold": r"(min(imum)?)?threshold(setting)?",
    "total_alerts": r"(total)?alerts|totalalerts?generated",
    "true_alerts": r"truealerts?|truematch(es)?",
    "true_alerts_confirmed": r"truealerts?confirmed",
    "true_alerts_unconfirmed": r"truealerts?unconfirmed",
    "false_alerts": r"falsealerts?|falsematch(es)?|falsepositives?",
    "false_alerts_confirmed": r"falsealerts?confirmed",
    "false_alerts_unconfirmed": r"falsealerts?unconfirmed",
    "false_alert_rate": r"falsealertrate|falsepositiverate",
    "arrests": r"(outcomes?)?arrests?(made)?",
    "other_outcomes": r"(outcomes?)?others?(outcomes?)?",
    "no_action": r"(outcomes?)?noaction(taken)?",
    "faces_seen": r"(estimated)?(faces|people)(seen|scanned|passed)?(estimated?)?",
}
_FIELD_PATTERNS = {name: re.compile(rf"(?:{pattern})") for name, pattern in FIELD_HEADERS.items()}

INT_FIELDS = ("watchlist_size", "total_alerts", "true_alerts", "true_alerts_confirmed", "true_alerts_unconfirmed",
              "false_alerts", "false_alerts_confirmed", "false_alerts_unconfirmed", "arrests", "other_outcomes",
              "no_action", "faces_seen")
TEXT_FIELDS = ("location", "duration", "use_case", "false_alert_rate")


@dataclass(frozen=True)
class Layout:
    """The columns a kind of record file must have (and may have)."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Header rows on the first page (the Met's PDFs group columns under "Alerts" and "Outcomes").
    max_header_rows: int = 2


#: The Met's PDF deployment records: every column, in any order.
MET_PDF = Layout("met_pdf", required=(
    "location", "date", "duration", "use_case", "watchlist_size", "threshold", "total_alerts",
    "true_alerts_confirmed", "true_alerts_unconfirmed", "false_alerts_confirmed", "false_alerts_unconfirmed",
    "false_alert_rate", "arrests", "other_outcomes", "no_action", "faces_seen"))

#: Deployment tables on the police forces' shared website platform (South Wales, Essex).
PLATFORM_HTML = Layout("platform_html", required=("date", "location", "arrests"), optional=(
    "duration", "use_case", "watchlist_size", "threshold", "total_alerts", "true_alerts", "false_alerts",
    "false_alert_rate", "other_outcomes", "no_action", "faces_seen"), max_header_rows=1)

LAYOUTS = {layout.name: layout for layout in (MET_PDF, PLATFORM_HTML)}


def _compact(text: str | None) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKC", text or "").lower())


def _cell_text(value: Any) -> str:
    """A cell as one line: line breaks inside a cell are layout, not content."""
    return " ".join(str(value).split()) if value is not None else ""


def field_for_header(header: str) -> str | None:
    compact = _compact(header)
    matches = [name for name, pattern in _FIELD_PATTERNS.items() if pattern.fullmatch(compact)]
    return matches[0] if len(matches) == 1 else None


def map_columns(header_rows: list[list[Any]], layout: Layout, name: str, page: int) -> list[str]:
    """Field name per column from one or two header rows; a RecordsError names what does not fit.

    With two rows, the first holds group headings over merged cells ("Alerts",
    "Outcomes": None in the cells they span) and column headings that span both
    rows; the second holds the grouped columns' own headings.
    """
    width = max(len(r) for r in header_rows)
    rows = [list(r) + [None] * (width - len(r)) for r in header_rows]
    top = rows[0]
    groups: list[str] = []
    current = ""
    for cell in top:  # a merged group heading spans the None cells after it
        if cell is not None:
            current = _cell_text(cell)
        groups.append(current if cell is None else _cell_text(cell))
    columns, seen, problems = [], {}, []
    for index in range(width):
        sub = _cell_text(rows[-1][index]) if len(rows) > 1 else ""
        heading = sub or groups[index]
        candidates = [heading]
        if sub and groups[index]:
            candidates.append(f"{groups[index]} {sub}")
        fieldname = next((f for f in map(field_for_header, candidates) if f), None)
        if not heading:
            problems.append(f"column {index + 1} has no heading")
        elif fieldname is None or fieldname not in layout.required + layout.optional:
            problems.append(f"column {index + 1} heading {heading!r} is not a column lfrwatch reads")
        elif fieldname in seen:
            problems.append(f"columns {seen[fieldname] + 1} and {index + 1} are both {fieldname}")
        else:
            seen[fieldname] = index
        columns.append(fieldname or "")
    missing = [f for f in layout.required if f not in seen]
    if missing:
        problems.append("expected column(s) " + ", ".join(missing) + " not found")
    if problems:
        found = " | ".join(h or "?" for h in (
            _cell_text(rows[-1][i]) if len(rows) > 1 and rows[-1][i] else groups[i] for i in range(width)))
        raise RecordsError(name, "; ".join(problems) + f" (headings found: {found})", page=page)
    return columns


# ----------------------------------------------------------------------------
# Cells

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
            r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WORD_DATE = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s\-]+" + _MONTH_RE + r"[a-z]*\.?,?[\s\-]+(\d{2}|\d{4})$")
_BLANK = {"", "-", "–", "—", "n/a", "na", "n.a.", "nil return", "not recorded", "not known", "unknown", "tbc"}
_NOTE_MARKERS = ("*", "†", "‡", "note", "notes", "source", "nb", "please note", "figures")


def parse_record_date(text: str | None) -> date | None:
    """A deployment date as forces write it: 12/03/2024, 12.03.24, 12-Mar-24, Tuesday 12 March 2024, 2024-03-12."""
    raw = " ".join((text or "").split()).strip(" *†‡").lower()
    if not raw:
        return None
    try:
        match = _ISO_DATE.match(raw)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _NUMERIC_DATE.match(raw)
        if match:
            year = int(match[3])
            return date(year + 2000 if year < 100 else year, int(match[2]), int(match[1]))
        match = _WORD_DATE.match(raw)
        if match:
            year = int(match[3])
            return date(year + 2000 if year < 100 else year, _MONTHS[match[2][:3]], int(match[1]))
    except (ValueError, KeyError):
        return None
    return None


def parse_count(text: str | None) -> int | None:
    """A whole number as written ("11,820", "6 400"); None for a blank or a dash. ValueError otherwise."""
    raw = _cell_text(text).strip(" *†‡").lower()
    if raw in _BLANK:
        return None
    raw = raw.replace(",", "").replace(" ", "").lstrip("c~").rstrip("+")
    if not re.fullmatch(r"\d+(\.0+)?", raw):
        raise ValueError(f"{_cell_text(text)!r} is not a whole number")
    return int(float(raw))


def parse_threshold(text: str | None) -> float | None:
    raw = _cell_text(text).strip(" *").lower()
    if raw in _BLANK:
        return None
    try:
        return float(raw.rstrip("%"))
    except ValueError:
        raise ValueError(f"{_cell_text(text)!r} is not a threshold setting") from None


_DURATION_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:hrs?|h)?\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})")
_DURATION_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\s*(?:-|–|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)")
_DURATION_PARTS = re.compile(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)\b")


def duration_minutes(text: str | None) -> int | None:
    """Minutes from "10:00 - 16:00", "10am to 4pm", "6 hrs 30 mins", "4.5 hours" or "06:30"; None when unreadable."""
    raw = _cell_text(text).lower()
    if not raw:
        return None
    match = _DURATION_RANGE.search(raw)
    if match:
        start = int(match[1]) * 60 + int(match[2])
        end = int(match[3]) * 60 + int(match[4])
        return (end - start) % (24 * 60) or None
    match = _DURATION_CLOCK.search(raw)
    if match:
        def minutes(hour: str, minute: str | None, half: str) -> int:
            return (int(hour) % 12 + (12 if half == "pm" else 0)) * 60 + int(minute or 0)

        return (minutes(match[4], match[5], match[6]) - minutes(match[1], match[2], match[3])) % (24 * 60) or None
    parts = _DURATION_PARTS.findall(raw)
    if parts:
        return round(sum(float(n) * (60 if unit.startswith("h") else 1) for n, unit in parts)) or None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if match:
        return int(match[1]) * 60 + int(match[2]) or None
    return None


# ----------------------------------------------------------------------------
# Places


@functools.lru_cache(maxsize=1)
def _gazetteer() -> list[tuple[re.Pattern, dict]]:
    """(pattern, row) for every gazetteer name and alias, longest first (the NLP's places gazetteer)."""
    from lfrwatch.nlp.places import load_gazetteer

    entries = []
    for row in load_gazetteer():
        for name in [row["name"], *row["aliases"]]:
            entries.append((len(name), re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I), row))
    entries.sort(key=lambda e: -e[0])
    return [(pattern, row) for _, pattern, row in entries]


#: Most specific first: a district names the spot, a borough the area around it.
_KIND_ORDER = {"district": 0, "town": 1, "borough": 2, "city": 3, "police_force_area": 4, "region": 5,
               "country": 6}


def locate(location: str | None, force: str | None = None) -> dict[str, Any]:
    """place, place_kind, borough, lat, lon for a location as written ("Croydon High Street (North End)").

    With a force, places outside its area are ignored: "Oxford Street, Swansea"
    is in Swansea, not London's Oxford Street.
    """
    south, north, west, east = FORCES[force].box if force in FORCES else (-90.0, 90.0, -180.0, 180.0)
    found = {"place": None, "place_kind": None, "borough": None, "lat": None, "lon": None}
    text = (location or "").replace("*", " ")
    if not text.strip():
        return found
    hits = []
    taken: list[tuple[int, int]] = []
    for pattern, row in _gazetteer():
        if not (south <= row["lat"] <= north and west <= row["lon"] <= east):
            continue
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # inside a longer name already found ("Westfield Stratford" holds "Stratford")
            taken.append(match.span())
            hits.append((match.start(), row))
    if not hits:
        return found
    boroughs = [row for _, row in sorted(hits, key=lambda h: h[0]) if row["kind"] == "borough"]
    best = sorted(hits, key=lambda h: (_KIND_ORDER.get(h[1]["kind"], 9), h[0]))[0][1]
    found.update(place=best["name"], place_kind=best["kind"], lat=best["lat"], lon=best["lon"],
                 borough=boroughs[0]["name"] if boroughs else None)
    return found


# ----------------------------------------------------------------------------
# Parsing


@dataclass
class ParsedRecords:
    """What one record file holds: its deployments (in file order), notes and the date it is correct to."""

    name: str
    format: str
    pages: int = 0
    deployments: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_at: str | None = None


_AS_AT = re.compile(r"\b(?:last\s+updated|updated|correct\s+as\s+(?:at|of)|as\s+(?:at|of)|records?\s+to|"
                    r"up\s+to(?:\s+and\s+including)?|page\s+updated)\s*:?\s*((?:[a-z]+,?\s+)?\d{1,2}(?:st|nd|rd|th)?"
                    r"\s+[a-z]+\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})", re.I)


def find_as_at(text: str | None) -> str | None:
    """The date a page says its records are correct to ("Updated: 31 July 2025"), as an ISO date."""
    for match in _AS_AT.finditer(text or ""):
        day = parse_record_date(match.group(1))
        if day:
            return day.isoformat()
    return None


def _is_note(cells: list[Any], columns: list[str]) -> str | None:
    """A footnote row: text in the first cell, the rest merged into it or empty, or a note marker."""
    texts = [_cell_text(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) != 1:
        return None
    text = filled[0]
    spanning = all(c is None for c in cells[1:])
    marked = text.lower().startswith(_NOTE_MARKERS)
    date_col = columns.index("date") if "date" in columns else 0
    if (spanning or marked) and parse_record_date(texts[date_col]) is None:
        return text
    return None


def _row_values(cells: list[Any], columns: list[str], name: str, page: int, row: int) -> dict[str, Any]:
    """One data row as a deployment dict; a RecordsError names the cell that cannot be read."""
    values: dict[str, Any] = {}
    for fieldname, cell in zip(columns, cells):
        text = _cell_text(cell)
        try:
            if fieldname == "date":
                day = parse_record_date(text)
                if day is None:
                    raise ValueError(f"{text!r} is not a date" if text else "the date is blank")
                values["date"] = day.isoformat()
            elif fieldname in INT_FIELDS:
                values[fieldname] = parse_count(text)
            elif fieldname == "threshold":
                values[fieldname] = parse_threshold(text)
            else:
                values[fieldname] = text or None
        except ValueError as exc:
            raise RecordsError(name, f"column {fieldname}: {exc}", page=page, row=row) from None
    if not values.get("location"):
        raise RecordsError(name, "the location is blank", page=page, row=row)
    return values


def _complete(values: dict[str, Any], force: str | None) -> dict[str, Any]:
    """Derived columns: true/false alert totals, total alerts, minutes, place."""
    row = {f: values.get(f) for f in FIELD_HEADERS}

    def total(*names: str) -> int | None:
        parts = [row[n] for n in names if row[n] is not None]
        return sum(parts) if parts else None

    if row["true_alerts"] is None:
        row["true_alerts"] = total("true_alerts_confirmed", "true_alerts_unconfirmed")
    if row["false_alerts"] is None:
        row["false_alerts"] = total("false_alerts_confirmed", "false_alerts_unconfirmed")
    if row["total_alerts"] is None:
        row["total_alerts"] = total("true_alerts", "false_alerts")
    row["duration_minutes"] = duration_minutes(row["duration"])
    row.update(locate(row["location"], force))
    return row


_TOTAL_ROW = {"total", "totals", "grandtotal", "totalforyear", "total(s)"}


def _check_totals(parsed: ParsedRecords, totals: list[tuple[int, int, dict[str, Any]]]) -> None:
    """A "Total" row must equal the sum of the rows above it, column by column."""
    for page, row, values in totals:
        for fieldname, stated in values.items():
            if fieldname not in INT_FIELDS or stated is None or fieldname == "watchlist_size":
                continue
            summed = sum(d[fieldname] or 0 for d in parsed.deployments)
            if summed != stated:
                raise RecordsError(parsed.name, f"the total row gives {fieldname} {stated:,} but the rows add up "
                                                f"to {summed:,}", page=page, row=row)


def _read_rows(parsed: ParsedRecords, rows: list[list[Any]], columns: list[str], page: int, first_row: int,
               totals: list) -> None:
    for offset, cells in enumerate(rows):
        number = first_row + offset
        cells = list(cells)
        if len(cells) != len(columns):
            raise RecordsError(parsed.name, f"{len(cells)} cells where the header has {len(columns)} columns",
                               page=page, row=number)
        if not any(_cell_text(c) for c in cells):
            continue
        note = _is_note(cells, columns)
        if note is not None:
            parsed.notes.append(note)
            continue
        if _compact(_cell_text(cells[columns.index("location")] if "location" in columns else cells[0])) \
                in _TOTAL_ROW:
            counts = {}
            for fieldname, cell in zip(columns, cells):
                if fieldname in INT_FIELDS:
                    try:
                        counts[fieldname] = parse_count(cell)
                    except ValueError as exc:
                        raise RecordsError(parsed.name, f"total row, column {fieldname}: {exc}", page=page,
                                           row=number) from None
            totals.append((page, number, counts))
            continue
        values = _row_values(cells, columns, parsed.name, page, number)
        values.update(page=page, row=number)
        parsed.deployments.append(values)


def _is_header_row(cells: list[Any]) -> bool:
    """A row of headings: no cell reads as a date or a number."""
    for cell in cells:
        text = _cell_text(cell)
        if not text:
            continue
        if parse_record_date(text) is not None:
            return False
        try:
            if parse_count(text) is not None:
                return False
        except ValueError:
            pass
    return any(_cell_text(c) for c in cells)


def _header_rows(rows: list[list[Any]], layout: Layout) -> int:
    count = 0
    while count < len(rows) and _is_header_row(rows[count]):
        count += 1
    return count


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
                heads = _header_rows(rows, layout)
                if heads == 0:
                    raise RecordsError(name, "the table has no header row (expected the column headings, e.g. "
                                             "'Deployment Location', 'Date')", page=number)
                if heads > layout.max_header_rows:
                    raise RecordsError(name, f"{heads} header rows (expected at most {layout.max_header_rows})",
                                       page=number)
                columns = map_columns(rows[:heads], layout, name, number)
            else:
                heads = _header_rows(rows, layout)
                if heads:
                    repeated = map_columns(rows[:heads], layout, name, number) if heads <= layout.max_header_rows \
                        else None
                    if repeated != columns:
                        raise RecordsError(name, "this page's headings differ from the first page's", page=number)
            _read_rows(parsed, rows[heads:], columns, number, heads + 1, totals)
    if not parsed.deployments:
        raise RecordsError(name, "no deployment rows found")
    _check_totals(parsed, totals)
    parsed.deployments = [dict(_complete(d, force), page=d["page"], row=d["row"]) for d in parsed.deployments]
    return parsed


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
    ones lfrwatch reads, or whose rows do not parse, raises :class:`RecordsError`
    (page = the table's number on the page).
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
        heads = _header_rows(rows, layout)
        if not heads:
            continue
        heading_fields = {field_for_header(_cell_text(c)) for row in rows[:heads] for c in row}
        if not {"date", "location"} <= heading_fields:
            continue  # not a deployment table
        number += 1
        if heads > layout.max_header_rows:
            raise RecordsError(name, f"{heads} header rows (expected {layout.max_header_rows})", page=number)
        columns = map_columns(rows[:heads], layout, name, number)
        for note in table.xpath(".//caption"):
            text = _cell_text(note.text_content())
            if text:
                parsed.notes.append(text)
        _read_rows(parsed, rows[heads:], columns, number, heads + 1, totals)
    parsed.pages = number
    if number == 0:
        raise RecordsError(name, "no deployment table found (expected a table with Date and Location headings)")
    if not parsed.deployments:
        raise RecordsError(name, "no deployment rows found")
    _check_totals(parsed, totals)
    parsed.deployments = [dict(_complete(d, force), page=d["page"], row=d["row"]) for d in parsed.deployments]
    return parsed


# ----------------------------------------------------------------------------
# File names: the period a record file covers

_LABEL = re.compile(r"deployment[-_ ]?records?[-_ ]*(?P<label>[a-z0-9\-_ ]+?)(?:\.pdf|\.html?|/)?$", re.I)


def file_period(url_or_name: str) -> tuple[str | None, str | None, str | None]:
    """(label, start, end) from a record file's name: "...-deployment-record-2024.pdf" -> 2024-01-01..2024-12-31.

    Reads a year ("2024"), a financial year ("2024-25"), a month and year
    ("january-2025", "2025-01"); another label ("latest") comes back without
    dates, and a name that is not a deployment record's gives (None, None, None).
    """
    tail = url_or_name.rstrip("/").rsplit("/", 1)[-1].lower()
    match = _LABEL.search(tail)
    if not match:
        return None, None, None
    label = match.group("label").strip("-_ ")
    m = re.fullmatch(r"(20\d{2})", label)
    if m:
        year = int(m[1])
        return label, date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    m = re.fullmatch(r"(20\d{2})[-_](\d{2})", label)
    if m and 1 <= int(m[2]) <= 12 and int(m[2]) != (int(m[1]) + 1) % 100:
        year, month = int(m[1]), int(m[2])
        return label, date(year, month, 1).isoformat(), date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    if m or re.fullmatch(r"(20\d{2})[-_](20\d{2})", label):
        first = int(label[:4])
        return label, date(first, 4, 1).isoformat(), date(first + 1, 3, 31).isoformat()
    m = re.fullmatch(_MONTH_RE + r"[a-z]*[-_ ](20\d{2})", label)
    if m:
        month, year = _MONTHS[m[1][:3]], int(m[2])
        return label, date(year, month, 1).isoformat(), date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    return (label or None), None, None


# ----------------------------------------------------------------------------
# Storage


@dataclass
class FileResult:
    status: str  # "new", "changed", "unchanged"
    file_id: int | None = None
    rows: int = 0
    new_rows: int = 0
    corrected_rows: int = 0
    unchanged_rows: int = 0
    withdrawn_rows: int = 0


def _location_key(location: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", location or "").lower())


def _content_sha(force: str, row: dict[str, Any]) -> str:
    values = {f: row.get(f) for f in FIELD_HEADERS}
    values["force"] = force
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def deployment_keys(force: str, deployments: Iterable[dict[str, Any]]) -> list[str]:
    """Identity of each deployment: force, date, location, and its order among same-day rows at that location."""
    seen: Counter = Counter()
    keys = []
    for row in deployments:
        base = (force, row["date"], _location_key(row.get("location")))
        keys.append(store.stable_id("deployment", *base, seen[base]))
        seen[base] += 1
    return keys


def known_record_file(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The latest file read without error from ``url``: id, sha256, fetched_at."""
    rows = list(db.query("select id, sha256, fetched_at from record_files where url = ? and status = 'ok' "
                         "order by id desc limit 1", [url]))
    return rows[0] if rows else None


_FILE_META = ("source", "force", "url", "found_on", "link_text", "fetched_at", "http_status", "warc_file",
              "warc_record_id", "warc_offset", "sha256", "size")


def store_record_file(db: sqlite_utils.Database, meta: dict[str, Any], parsed: ParsedRecords) -> FileResult:
    """Store one parsed record file in one transaction.

    ``meta`` needs ``force``, ``url`` and ``sha256`` and may have the rest of
    ``_FILE_META``. The same bytes as the URL's last file store nothing. Rows
    already stored are counted, not duplicated; a row whose deployment (same
    key) had other values becomes its next version, the earlier one marked
    ``corrected``; a same-day row that replaces one the URL's previous file had
    under another location (a corrected location) is a version of that one;
    deployments the previous file of this URL listed and this one does not are
    marked ``withdrawn`` (never deleted).
    """
    force, url = meta["force"], meta["url"]
    now = store.utcnow()
    label, start, end = file_period(url)
    try:
        with db.atomic():
            previous = known_record_file(db, url)
            if previous and previous["sha256"] == meta["sha256"]:
                return FileResult("unchanged", previous["id"])
            file_row = {k: meta.get(k) for k in _FILE_META}
            file_row.update(label=label, period_start=start, period_end=end, format=parsed.format,
                            pages=parsed.pages, rows=len(parsed.deployments), notes=json.dumps(parsed.notes),
                            status="ok", error=None, previous_id=previous["id"] if previous else None,
                            fetched_at=meta.get("fetched_at") or now)
            if parsed.as_at:
                file_row["notes"] = json.dumps(parsed.notes + [f"as at {parsed.as_at}"])
            file_id = db["record_files"].insert(file_row).last_pk
            result = FileResult("changed" if previous else "new", file_id, rows=len(parsed.deployments))
            keys = deployment_keys(force, parsed.deployments)
            listed_before: dict[str, dict[str, Any]] = {}
            if previous:
                for row in db.query("select * from record_deployments where force = ? and url = ? and status = "
                                    "'current'", [force, url]):
                    listed_before[row["key"]] = row
            missing = {k: v for k, v in listed_before.items() if k not in set(keys)}
            for key, row in zip(keys, parsed.deployments):
                content = _content_sha(force, row)
                current = _current_version(db, key)
                if current is None:
                    # A same-day row under a corrected location: pair it with one the previous file had.
                    paired = next((k for k, v in missing.items() if v["date"] == row["date"]), None)
                    if paired is not None:
                        current = _current_version(db, paired)
                        del missing[paired]
                        key = paired
                if current is not None and current["content_sha256"] == content:
                    db["record_deployments"].update(current["id"], {"last_seen_file_id": file_id})
                    result.unchanged_rows += 1
                    continue
                version = 1 if current is None else current["version"] + 1
                new_id = store.stable_id("deployment-version", key, content)
                db["record_deployments"].insert({
                    "id": new_id, "key": key, "version": version, "status": "current", "force": force,
                    **{f: row.get(f) for f in FIELD_HEADERS},
                    **{f: row.get(f) for f in ("duration_minutes", "place", "place_kind", "borough", "lat", "lon")},
                    "content_sha256": content, "file_id": file_id, "url": url, "page": row["page"],
                    "row": row["row"], "warc_file": meta.get("warc_file"),
                    "warc_record_id": meta.get("warc_record_id"), "first_seen_at": now,
                    "last_seen_file_id": file_id, "superseded_by": None, "changed_at": now,
                }, replace=True)
                if current is None:
                    result.new_rows += 1
                else:
                    db["record_deployments"].update(current["id"], {"status": "corrected", "superseded_by": new_id,
                                                                    "changed_at": now})
                    result.corrected_rows += 1
            for row in missing.values():
                db["record_deployments"].update(row["id"], {"status": "withdrawn", "changed_at": now})
                result.withdrawn_rows += 1
            db["record_files"].update(file_id, {
                "new_rows": result.new_rows, "corrected_rows": result.corrected_rows,
                "unchanged_rows": result.unchanged_rows, "withdrawn_rows": result.withdrawn_rows})
            return result
    except store.sqlite3.DatabaseError as exc:
        raise store._store_error(exc, "the database") from exc


def _current_version(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select id, version, content_sha256 from record_deployments where key = ? and "
                         "status = 'current' order by version desc limit 1", [key]))
    return rows[0] if rows else None


def record_file_failed(db: sqlite_utils.Database, meta: dict[str, Any], error: str) -> int:
    """Keep a file that could not be read, with why; none of its rows are stored."""
    label, start, end = file_period(meta["url"])
    row = {k: meta.get(k) for k in _FILE_META}
    row.update(label=label, period_start=start, period_end=end, status="error", error=error,
               format=meta.get("format"), fetched_at=meta.get("fetched_at") or store.utcnow())
    with db.atomic():
        return db["record_files"].insert(row).last_pk


# ----------------------------------------------------------------------------
# Reading the records back

COVERED_METRICS = ("arrests", "alerts", "false_alerts", "faces_scanned", "deployments", "watchlist_size")
#: Claim metric -> the deployment column it adds up (deployments counts rows).
METRIC_COLUMNS = {"arrests": "arrests", "alerts": "total_alerts", "false_alerts": "false_alerts",
                  "faces_scanned": "faces_seen", "watchlist_size": "watchlist_size", "deployments": None}


def _force_key(force: str | None) -> str | None:
    if force is None:
        return None
    if force in FORCES:
        return force
    matched = force_matching(force)
    if matched is None:
        raise ValueError(f"unknown force {force!r} (known: {', '.join(FORCES)})")
    return matched.key


def current_deployments(db: sqlite_utils.Database, force: str | None = None) -> list[dict[str, Any]]:
    """Every current deployment (corrected and withdrawn versions left out), by date."""
    where, params = "status = 'current'", []
    if force:
        where += " and force = ?"
        params.append(_force_key(force))
    return list(db.query(f"select * from record_deployments where {where} order by date, file_id, page, row",
                         params))


def coverage(db: sqlite_utils.Database, force: str) -> list[tuple[str, str]]:
    """The stretches of days a force's records cover, merged: [(first, last)] as ISO dates.

    A file covers from the start of the period its name states (else its first
    row) to the earliest of: the end of that period, the date it says it is
    correct to, and - while the period is still running when fetched - its
    last row. A stated "as at" date extends coverage past the last row.
    """
    spans = []
    latest_per_url = db.query(
        "select f.*, min(d.date) as first_row, max(d.date) as last_row from record_files f "
        "join record_deployments d on d.last_seen_file_id = f.id "
        "where f.force = ? and f.status = 'ok' and f.id in (select max(id) from record_files where status = 'ok' "
        "group by url) group by f.id", [_force_key(force)])
    for row in latest_per_url:
        notes = json.loads(row["notes"] or "[]")
        as_at = next((n[6:] for n in notes if n.startswith("as at ")), None)
        start = row["period_start"] or row["first_row"]
        fetched = (row["fetched_at"] or "")[:10]
        if as_at:  # the file says what it is correct to
            end = min(as_at, row["period_end"]) if row["period_end"] else as_at
        elif row["period_end"] and row["period_end"] < fetched:
            end = row["period_end"]  # the period was over when fetched: the file covers all of it
        else:
            end = row["last_row"]
        end = max(end, row["last_row"])
        spans.append((min(start, row["first_row"]), end))
    merged: list[list[str]] = []
    for start, end in sorted(spans):
        if merged and date.fromisoformat(start) <= date.fromisoformat(merged[-1][1]) + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _metric_value(row: dict[str, Any], metric: str) -> int | None:
    column = METRIC_COLUMNS[metric]
    return 1 if column is None else row.get(column)


def recorded_series(db: sqlite_utils.Database, metric: str, *, force: str | None = None) -> list[dict[str, Any]]:
    """What the records say for a metric, day by day: ``[{force, date, value, cumulative, deployments}]``.

    ``value`` is the day's total (for watchlist_size, the day's largest
    watchlist, and ``cumulative`` is None); ``cumulative`` the running total
    from the force's first record. For plotting beside the claimed series.
    """
    if metric not in COVERED_METRICS:
        raise ValueError(f"the records do not cover {metric!r} (they cover {', '.join(COVERED_METRICS)})")
    days: dict[tuple[str, str], dict[str, Any]] = {}
    for row in current_deployments(db, force):
        entry = days.setdefault((row["force"], row["date"]),
                                {"force": row["force"], "date": row["date"], "value": 0, "deployments": 0,
                                 "missing": 0})
        entry["deployments"] += 1
        value = _metric_value(row, metric)
        if value is None:
            entry["missing"] += 1
        elif metric == "watchlist_size":
            entry["value"] = max(entry["value"], value)
        else:
            entry["value"] += value
    series = []
    totals: Counter = Counter()
    for (force_key, _), entry in sorted(days.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if metric == "watchlist_size":
            entry["cumulative"] = None
        else:
            totals[force_key] += entry["value"]
            entry["cumulative"] = totals[force_key]
        series.append(entry)
    return series


def deployments_by_place(db: sqlite_utils.Database, *, force: str | None = None, since: str | None = None,
                         until: str | None = None) -> list[dict[str, Any]]:
    """Deployments per place with coordinates and totals, for a map; places the gazetteer lacks have no lat/lon.

    A total is None when none of the place's deployments recorded that count.
    """
    places: dict[tuple, dict[str, Any]] = {}
    for row in current_deployments(db, force):
        if (since and row["date"] < since) or (until and row["date"] > until):
            continue
        key = (row["force"], row["place"] or row["location"])
        entry = places.setdefault(key, {
            "force": row["force"], "place": row["place"], "place_kind": row["place_kind"],
            "borough": row["borough"], "lat": row["lat"], "lon": row["lon"],
            "locations": [], "deployments": 0, "arrests": None, "alerts": None, "false_alerts": None,
            "faces_seen": None, "first_date": row["date"], "last_date": row["date"]})
        entry["deployments"] += 1
        for metric, column in (("arrests", "arrests"), ("alerts", "total_alerts"), ("false_alerts", "false_alerts"),
                               ("faces_seen", "faces_seen")):
            # A count the records leave blank stays unknown (None) rather than becoming 0.
            if row[column] is not None:
                entry[metric] = (entry[metric] or 0) + row[column]
        entry["last_date"] = max(entry["last_date"], row["date"])
        if row["location"] not in entry["locations"]:
            entry["locations"].append(row["location"])
    return sorted(places.values(), key=lambda e: (-e["deployments"], e["force"], e["place"] or ""))


def list_files(db: sqlite_utils.Database, *, force: str | None = None) -> list[dict[str, Any]]:
    where, params = "", []
    if force:
        where, params = "where force = ?", [_force_key(force)]
    return list(db.query(f"select * from record_files {where} order by id", params))


# ----------------------------------------------------------------------------
# Reconciliation: claims against records

#: How qualifiers bound the true value ("more than 1,000" -> above 1,000).
LOWER_STRICT = {"more than", "over", "in excess of", "upwards of", "above", "exceeding", "greater than", "just over",
                "well over", "passes", "passed", "past", "surpassed", "topped", "beyond", "more than a", "over a"}
LOWER_INCLUSIVE = {"at least", "a minimum of", "no fewer than", "no less than", "a record", "reached"}
UPPER_INCLUSIVE = {"up to", "at most", "no more than", "a maximum of", "as many as", "not more than"}
UPPER_STRICT = {"fewer than", "less than", "under", "below"}
JUST_BELOW = {"almost", "nearly", "close to", "just under", "approaching", "nearly a", "almost a"}
APPROXIMATE = {"around", "about", "approximately", "roughly", "some", "an estimated", "estimated", "circa", "c.",
               "approx", "approx.", "or so", "of around", "of about", "average", "an average of", "on average",
               "averaging", "typically"}
VAGUE = {"dozens", "dozen", "scores", "hundreds", "thousands", "millions", "tens of thousands"}
INCREMENTS = {"a further", "another", "an additional", "an extra", "additional", "further"}
EXACT = {"", "exactly", "a total of", "totalling", "in total", "only", "just", "precisely", "a", "the"}

#: An unqualified round figure ("1,000 arrests") is read as rounded: within this share of the records.
ROUNDING = 0.05


@dataclass(frozen=True)
class Bounds:
    low: float
    high: float
    low_strict: bool = False
    high_strict: bool = False
    reading: str = "exactly"

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_strict else value >= self.low - 1e-9
        below = value < self.high if self.high_strict else value <= self.high + 1e-9
        return above and below

    def below_low(self, value: float) -> bool:
        return value <= self.low if self.low_strict else value < self.low - 1e-9

    def above_high(self, value: float) -> bool:
        return value >= self.high if self.high_strict else value > self.high + 1e-9


def _is_round(value: float) -> bool:
    return value >= 100 and float(value).is_integer() and int(value) % 100 == 0


def claim_bounds(value: float, qualifier: str | None, *, rate: bool = False) -> Bounds | None:
    """The values a claim allows, by its qualifier; None for an increment ("a further 12")."""
    q = " ".join((qualifier or "").lower().replace("’", "'").split()).strip(" ,.")
    v = float(value)
    if q in INCREMENTS:
        return None
    if q in LOWER_STRICT:
        return Bounds(v, math.inf, low_strict=True, reading=f"above {v:,.0f}")
    if q in LOWER_INCLUSIVE:
        return Bounds(v, math.inf, reading=f"{v:,.0f} or more")
    if q in UPPER_INCLUSIVE:
        return Bounds(0, v, reading=f"{v:,.0f} or fewer")
    if q in UPPER_STRICT:
        return Bounds(0, v, high_strict=True, reading=f"below {v:,.0f}")
    if q in JUST_BELOW:
        return Bounds(v * 0.9, v, high_strict=True, reading=f"just below {v:,.0f} (within 10%)")
    if q in VAGUE:
        return Bounds(v, v * 10, high_strict=True, reading=f"{q} ({v:,.0f} to {v * 10:,.0f})")
    if q in APPROXIMATE or (q and q not in EXACT):
        return Bounds(v * 0.9, v * 1.1, reading=f"about {v:,.0f} (within 10%)")
    if rate:
        return Bounds(v - 0.5, v + 0.5, high_strict=True, reading=f"{v:g} when rounded")
    if _is_round(v):
        return Bounds(v * (1 - ROUNDING), v * (1 + ROUNDING),
                      reading=f"{v:,.0f} as a rounded figure (within {ROUNDING:.0%})")
    return Bounds(v, v, reading=f"exactly {v:,.0f}")


@dataclass
class ClaimPeriod:
    kind: str | None  # cumulative, range, day, rate; None when it cannot be worked out
    start: date | None = None  # None: from the first record
    end: date | None = None
    unit_days: int | None = None  # for rates
    problem: str | None = None


_RATE = re.compile(r"^(?:a|an|per|each|every|one)\s+(day|night|week|fortnight|month|year)\b|^(daily|nightly|weekly|"
                   r"monthly|yearly|annually)$")
_CUMULATIVE_WORDS = re.compile(r"\b(to date|so far|in total|total|overall|altogether|until now|up to now|ever|"
                               r"since|by|as of|as at|until|till|cumulative(?:ly)?|in all|currently|now|"
                               r"at present)\b")
_RATE_UNITS = {"day": 1, "night": 1, "daily": 1, "nightly": 1, "week": 7, "weekly": 7, "fortnight": 14,
               "month": 30, "monthly": 30, "year": 365, "yearly": 365, "annually": 365}
#: A rate is compared with the average over this many days before the claim.
RATE_WINDOW = {1: 91, 7: 91, 14: 91, 30: 182, 365: 365}
#: A watchlist size "to date" is compared with the deployments of the month before.
WATCHLIST_WINDOW = 31


def _day_named(text: str, said: date) -> date | None:
    """The one day a period names: "on Tuesday", "yesterday", "9 April", "9 April 2025"."""
    if re.search(r"\btoday\b|\bthis (morning|afternoon|evening)\b", text):
        return said
    if re.search(r"\byesterday\b|\blast night\b", text):
        return said - timedelta(days=1)
    for index, weekday in enumerate(_WEEKDAYS):
        if re.search(rf"\b(?:on\s+|last\s+)?{weekday}\b", text) and not re.search(r"\bweek\b", text):
            back = (said.weekday() - index) % 7
            return said - timedelta(days=back or (7 if "last" in text else 0))
    match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"\b(?:\s+(\d{4}))?", text) or \
        re.search(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", text)
    if match:
        groups = match.groups()
        if groups[0].isdigit():
            day, month_name, year = int(groups[0]), groups[1], groups[2]
        else:
            month_name, day, year = groups[0], int(groups[1]), groups[2]
        month = _MONTHS[month_name[:3]]
        try:
            if year:
                return date(int(year), month, day)
            candidate = date(said.year, month, day)
            return candidate if candidate <= said else date(said.year - 1, month, day)
        except ValueError:
            return None
    return None


def _iso(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def resolve_claim_period(claim: dict[str, Any]) -> ClaimPeriod:
    """The days a claim covers: the NLP's resolved dates when it has them, else its period resolved against
    the date the claim was made ("to date", "last year", "since January", "this week", "on Tuesday")."""
    said = _iso(claim.get("claimed_on")) or _iso(claim.get("published"))
    text = " ".join((claim.get("period") or "").lower().split())
    start, end, as_of = _iso(claim.get("period_start")), _iso(claim.get("period_end")), _iso(claim.get("as_of"))
    if said is None:
        return ClaimPeriod(None, problem="the claim has no date")
    if not text and not (start or end or as_of):
        return ClaimPeriod(None, problem="the claim states no period")
    rate = _RATE.search(text)
    if rate:
        unit = _RATE_UNITS[rate.group(1) or rate.group(2)]
        return ClaimPeriod("rate", end=as_of or said, unit_days=unit)
    resolved_by_nlp = bool(start or end or as_of)
    if text and not resolved_by_nlp:
        from lfrwatch.nlp.periods import resolve_period

        resolved = resolve_period(text, said.isoformat())
        start, end, as_of = (_iso(resolved["period_start"]), _iso(resolved["period_end"]), _iso(resolved["as_of"]))
    if _CUMULATIVE_WORDS.search(text) or (not text and as_of):
        if text.startswith(("since ", "from ")) and start is None:
            return ClaimPeriod(None, problem=f"the start of {text!r} could not be worked out")
        begin = start if text.startswith(("since ", "from ")) else None
        return ClaimPeriod("cumulative", start=begin, end=as_of or end or said)
    day = _day_named(text, said) if text else None
    if day is not None and not (resolved_by_nlp and start and end and start != end):
        return ClaimPeriod("day", start=day, end=day)
    if start and end:
        return ClaimPeriod("range" if start != end else "day", start=start, end=end)
    if as_of:
        return ClaimPeriod("day", start=as_of, end=as_of)
    return ClaimPeriod(None, problem=f"the period {text!r} could not be worked out")


_PLACE_AFTER = re.compile(r"^[^.;:\n]{0,25}?\b(?:in|at|across|around)\s+(?:the\s+)?([A-Z][\w'&-]*(?:[ -](?:and |on |upon |"
                          r"[A-Z])[\w'&-]*)*)")
_PLACE_BEFORE = re.compile(r"\b(?:In|in|At|at)\s+(?:the\s+)?([A-Z][\w'&-]*(?:[ -](?:and |on |upon |[A-Z])[\w'&-]*)*)"
                           r"\s*,?\s*(?:[a-z]+\s+){0,3}$")


def claim_place(claim: dict[str, Any], text: str | None, force: Force) -> str | None:
    """The place a figure is about when the text says so beside it ("137 arrests in Croydon")."""
    if not text or claim.get("start") is None or claim.get("end") is None:
        return None
    after = text[claim["end"]:claim["end"] + 80]
    before = text[max(0, claim["start"] - 60):claim["start"]]
    before = re.split(r"[.;:\n]", before)[-1]
    for match in (_PLACE_AFTER.match(after), _PLACE_BEFORE.search(before)):
        if not match:
            continue
        words = match.group(1).split()
        for size in range(len(words), 0, -1):  # "Croydon alone" -> "Croydon"
            candidate = " ".join(words[:size]).strip(",'")
            found = locate(candidate, force.key)
            if found["place"] and _compact(found["place"]) in {_compact(candidate)} | {
                    _compact(a) for a in _aliases(found["place"])}:
                if found["place"] in force.area or any(_compact(found["place"]) == _compact(a) for a in force.area):
                    return None
                return found["place"]
    return None


@functools.lru_cache(maxsize=None)
def _aliases(place: str) -> tuple[str, ...]:
    from lfrwatch.nlp.places import load_gazetteer

    for row in load_gazetteer():
        if row["name"] == place:
            return tuple(row["aliases"])
    return ()


def _people_orgs(db: sqlite_utils.Database) -> dict[str, str]:
    orgs: dict[str, str] = {}
    for row in db.query("select name, org from people where org is not null and org != ''"):
        orgs.setdefault(row["name"].casefold(), row["org"])
    return orgs


def claim_force(claim: dict[str, Any], people_orgs: dict[str, str]) -> Force | None:
    """The force a claim speaks for: its claimant, the claimant's organisation, or (unattributed) its publisher.

    A claimant that is neither a force, nor a person, nor a proper name ("figures",
    "the force") falls back to the publisher of a police press release.
    """
    claimant = (claim.get("claimant") or "").strip()
    if not claimant:
        return force_matching(claim.get("org")) or force_matching(claim.get("publisher"))
    force = force_matching(claimant)
    if force:
        return force
    is_speaker = (claim.get("speaker") or "").casefold() == claimant.casefold()
    org = (claim.get("org") if is_speaker else None) or people_orgs.get(claimant.casefold())
    if org or is_speaker or claimant.casefold() in people_orgs:
        return force_matching(org)
    if claimant == claimant.lower() and claim.get("document_kind") == "police":
        return force_matching(claim.get("publisher"))
    return None


def _in_place(row: dict[str, Any], place: str | None) -> bool:
    if not place:
        return True
    if place in (row["place"], row["borough"]):
        return True
    return re.search(r"(?<!\w)" + re.escape(place) + r"(?!\w)", row["location"] or "", re.I) is not None


def _covered(spans: list[tuple[str, str]], start: date, end: date) -> bool:
    return any(date.fromisoformat(a) <= start and end <= date.fromisoformat(b) for a, b in spans)


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def compare_claim(claim: dict[str, Any], force: Force, deployments: list[dict[str, Any]],
                  spans: list[tuple[str, str]], *, place: str | None = None) -> dict[str, Any]:
    """One comparison row: the claim, what the records say for the same period and place, and a verdict."""
    metric = claim["metric"]
    out: dict[str, Any] = {
        "id": store.stable_id("comparison", claim["id"]), "claim_id": claim["id"], "force": force.key,
        "metric": metric, "claimed_on": claim.get("claimed_on"), "claimant": claim.get("claimant"),
        "claim_text": claim.get("text"), "document_url": claim.get("document_url"), "claimed": claim["value"],
        "qualifier": claim.get("qualifier"), "period": claim.get("period"), "period_kind": None,
        "period_start": None, "period_end": None, "place": place, "recorded": None, "recorded_min": None,
        "recorded_max": None, "deployments": None, "difference": None, "verdict": "not_comparable", "reason": "",
        "records_from": spans[0][0] if spans else None, "records_to": spans[-1][1] if spans else None,
    }

    def not_comparable(reason: str) -> dict[str, Any]:
        out["reason"] = reason
        return out

    if not spans:
        return not_comparable(f"no {force.name} records are stored")
    if claim_bounds(claim["value"], claim.get("qualifier")) is None:
        return not_comparable(f"{claim.get('qualifier')!r} adds to an earlier figure the claim does not state")
    period = resolve_claim_period(claim)
    out["period_kind"] = period.kind
    if period.kind is None:
        return not_comparable(period.problem or "no period")
    bounds = claim_bounds(claim["value"], claim.get("qualifier"), rate=period.kind == "rate")
    first_record = date.fromisoformat(spans[0][0])
    if period.kind == "rate":
        window = RATE_WINDOW.get(period.unit_days, 91)
        start, end = period.end - timedelta(days=window - 1), period.end
    elif period.kind == "cumulative" and metric == "watchlist_size":
        start, end = period.end - timedelta(days=WATCHLIST_WINDOW - 1), period.end
    else:
        start, end = period.start or first_record, period.end
    if end < first_record:
        return not_comparable(f"the records start on {first_record.isoformat()}, after the period the claim covers")
    out["period_start"], out["period_end"] = start.isoformat(), end.isoformat()
    if period.kind == "cumulative" and period.start is None and metric != "watchlist_size":
        covered = _covered(spans, first_record, end)
        coverage_note = f"counted from the first record ({first_record.isoformat()})"
    else:
        covered = _covered(spans, start, end)
        coverage_note = ""
    rows = [r for r in deployments if start.isoformat() <= r["date"] <= end.isoformat() and _in_place(r, place)]
    values = [_metric_value(r, metric) for r in rows]
    missing = sum(v is None for v in values)
    known = [v for v in values if v is not None]
    out["deployments"] = len(rows)
    where = f" in {place}" if place else ""
    span_text = f"{start.isoformat()} to {end.isoformat()}" if start != end else start.isoformat()
    if metric == "watchlist_size":
        if not known:
            return not_comparable(f"no deployments{where} with a watchlist size from {span_text}")
        out["recorded_min"], out["recorded_max"] = min(known), max(known)
        out["recorded"] = round(sum(known) / len(known))
        out["difference"] = claim["value"] - out["recorded"]
        recorded_text = (f"watchlists of {_fmt(min(known))} to {_fmt(max(known))} (mean {_fmt(out['recorded'])}) "
                         f"at {len(known)} deployment(s){where}, {span_text}")
        if bounds.below_low(out["recorded_max"]):
            verdict = "higher"  # even the largest watchlist is below what the claim allows
        elif bounds.above_high(out["recorded_min"]):
            verdict = "lower"
        else:
            verdict = "consistent"
        out["verdict"] = verdict
        out["reason"] = f"claim read as {bounds.reading}; records: {recorded_text}"
        return out
    total = float(sum(known))
    if period.kind == "rate":
        per = period.unit_days
        recorded = round(total / (window / per), 1)
        unit_name = {1: "day", 7: "week", 14: "fortnight", 30: "month", 365: "year"}.get(per, f"{per} days")
        recorded_text = f"{_fmt(total)} in the {window} days to {end.isoformat()}{where}, {recorded:g} a {unit_name}"
    else:
        recorded = total
        recorded_text = f"{_fmt(total)} from {len(rows)} deployment(s){where}, {span_text}"
        if coverage_note:
            recorded_text += f", {coverage_note}"
    out["recorded"] = recorded
    out["difference"] = round(claim["value"] - recorded, 1)
    floor_only = (not covered) or missing > 0
    gaps = []
    if not covered:
        gaps.append(f"the records cover {', '.join(a + ' to ' + b for a, b in spans)}, not all of {span_text}")
    if missing:
        gaps.append(f"{missing} deployment(s) have no {METRIC_COLUMNS[metric] or metric} value")
    base = f"claim read as {bounds.reading}; records: {recorded_text}"
    if bounds.above_high(recorded):
        out["verdict"] = "lower"
        out["reason"] = base + ("; even with " + " and ".join(gaps) + ", the records already exceed the claim"
                                if gaps else "")
    elif not floor_only:
        out["verdict"] = "consistent" if bounds.contains(recorded) else "higher"
        out["reason"] = base
    elif bounds.contains(recorded) and math.isinf(bounds.high):
        out["verdict"] = "consistent"
        out["reason"] = base + "; " + " and ".join(gaps) + ", but the records already reach the claim"
    else:
        out["reason"] = base + "; " + " and ".join(gaps) + ", so the records give only a lower bound"
    return out


def compare_claims(db: sqlite_utils.Database, *, metric: str | None = None,
                   force: str | None = None) -> list[dict[str, Any]]:
    """Every figure claim a force makes about a metric its records cover, compared with those records.

    Claims of each document's current version only; claims by others (a
    campaign group's count of the Met's false alerts) are not compared.
    """
    if metric is not None and metric not in COVERED_METRICS:
        raise ValueError(f"the records do not cover {metric!r} (they cover {', '.join(COVERED_METRICS)})")
    force_key = _force_key(force)
    people = _people_orgs(db)
    claims = [c for c in store.list_claims(db, kind="figure")
              if c["metric"] in COVERED_METRICS and (metric is None or c["metric"] == metric)]
    texts: dict[int, str] = {}
    records: dict[str, tuple[list, list]] = {}
    rows = []
    for claim in claims:
        who = claim_force(claim, people)
        if who is None or (force_key and who.key != force_key):
            continue
        if who.key not in records:
            records[who.key] = (current_deployments(db, who.key), coverage(db, who.key))
        deployments, spans = records[who.key]
        if claim["version_id"] not in texts:
            found = db.execute("select text from document_versions where id = ?", [claim["version_id"]]).fetchone()
            texts[claim["version_id"]] = found[0] if found else ""
        place = claim_place(claim, texts[claim["version_id"]], who)
        rows.append(compare_claim(claim, who, deployments, spans, place=place))
    return rows


def refresh_comparisons(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Recompute every comparison and replace the ``record_comparisons`` table's rows in one transaction."""
    rows = compare_claims(db)
    now = store.utcnow()
    with db.atomic():
        db.execute("delete from record_comparisons")
        if rows:
            db["record_comparisons"].insert_all([dict(r, computed_at=now) for r in rows], pk="id", replace=True)
    return rows


# ----------------------------------------------------------------------------
# The demo

#: Records sources the demo crawls, and where data/sample serves them (data/sample/records/README.md).
DEMO_SOURCES = {"met_lfr_records": "records/met", "essex_lfr_records": "records/essex"}
DEMO_COLUMNS = ["claimed_on", "force", "metric", "qualifier", "claimed", "period", "recorded", "verdict", "reason"]


@contextlib.contextmanager
def demo_record_sources(base_url: str):
    """Point the records sources at the sample site (their base-URL overrides) for the demo's crawl.

    Yields the source names to crawl; the environment is restored afterwards.
    """
    names = {f"LFRWATCH_BASE_URL_{name.upper()}": f"{base_url.rstrip('/')}/{path}"
             for name, path in DEMO_SOURCES.items()}
    saved = {key: os.environ.get(key) for key in names}
    os.environ.update(names)
    try:
        yield list(DEMO_SOURCES)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
