"""Record file layouts: the columns each kind of file has, the headings that name them, and header detection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lfrwatch.records.cells import cell_text, compact, parse_count, parse_record_date
from lfrwatch.records.errors import RecordsError


#: Record fields and the headers that name them, matched on the header with
#: everything but letters removed ("Outcome -\nArrest" -> "outcomearrest"). The
#: Met's files word them differently from year to year: "Date (DD/MM/YY)",
#: "Duration of Deployment", "LFR Purpose Reference / LFR Purpose", "Arrests /
#: Disposals" (2020-22), "Engagement Outcomes" over "Arrest", "Other Disposal", "No Action".
FIELD_HEADERS: dict[str, str] = {
    "location": r"(deployment)?(location|venue|site)|deployment",
    "date": r"(deployment)?date(ddmmyy(yy)?)?",
    "duration": r"duration(ofdeployment)?|times?|hours|deploymenttimes?|deploymentduration",
    "use_case": r"(lfr)?usecase|(lfr)?purpose(references?)?(lfrpurpose)?|event|operation",
    "watchlist_size": r"watchlist(size)?|sizeofwatchlist",
    "threshold": r"(min(imum)?)?threshold(setting)?",
    "total_alerts": r"(total)?alerts|totalalerts?generated",
    "true_alerts": r"truealerts?|truematch(es)?",
    "true_alerts_confirmed": r"truealerts?confirmed",
    "true_alerts_unconfirmed": r"truealerts?unconfirmed",
    "false_alerts": r"falsealerts?|falsematch(es)?|falsepositives?",
    "false_alerts_confirmed": r"falsealerts?confirmed|falsealertconfirmedfalsealerts?|confirmedfalsealerts?",
    "false_alerts_unconfirmed": r"falsealerts?unconfirmed",
    "false_alert_rate": r"falsealertrate|falsepositiverate",
    "arrests": r"(engagement)?(outcomes?)?arrests?(made)?|arrests?disposals?",
    "other_outcomes": r"(engagement)?(outcomes?)?others?(outcomes?|disposals?)?",
    "no_action": r"(engagement)?(outcomes?)?noaction(taken)?",
    "faces_seen": r"(estimated)?(faces|people)(seen|scanned|passed)?(estimated?)?",
}
#: Columns that are read (so a row with a bad value in them is reported) but not stored: the
#: store has no column for them. The Met's 2020-22 grid counts the alerts officers acted on.
UNSTORED_HEADERS: dict[str, str] = {
    "true_alert_engagements": r"truealertengagements?",
    "false_alert_engagements": r"falsealerts?(confirmed)?falsealertengagements?|falsealertengagements?",
}
_FIELD_PATTERNS = {name: re.compile(rf"(?:{pattern})") for name, pattern in {**FIELD_HEADERS,
                                                                             **UNSTORED_HEADERS}.items()}

INT_FIELDS = ("watchlist_size", "total_alerts", "true_alerts", "true_alerts_confirmed", "true_alerts_unconfirmed",
              "false_alerts", "false_alerts_confirmed", "false_alerts_unconfirmed", "arrests", "other_outcomes",
              "no_action", "faces_seen", *UNSTORED_HEADERS)
TEXT_FIELDS = ("location", "duration", "use_case", "false_alert_rate")


@dataclass(frozen=True)
class Layout:
    """The columns a kind of record file must have (and may have)."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Header rows above an HTML table's data (a PDF's header may wrap over more rows, or be a table of its own).
    max_header_rows: int = 2
    #: Whether a column whose heading lfrwatch does not read is only reported (its values left out) rather
    #: than refusing the table.
    skip_unknown_columns: bool = False


#: The Met's PDF deployment records, in any of their layouts: the 2020-22 grid (no duration or threshold;
#: "Arrests / Disposals"), the 2023-24 grid and the 2025 record (16 columns). Columns in any order.
MET_PDF = Layout("met_pdf", required=("location", "date", "watchlist_size", "total_alerts", "arrests", "faces_seen"),
                 optional=("duration", "use_case", "threshold", "true_alerts", "true_alerts_confirmed",
                           "true_alerts_unconfirmed", "false_alerts", "false_alerts_confirmed",
                           "false_alerts_unconfirmed", "false_alert_rate", "other_outcomes", "no_action",
                           *UNSTORED_HEADERS), skip_unknown_columns=True)

#: Deployment tables on the police forces' shared website platform (South Wales, Essex).
PLATFORM_HTML = Layout("platform_html", required=("date", "location", "arrests"), optional=(
    "duration", "use_case", "watchlist_size", "threshold", "total_alerts", "true_alerts", "false_alerts",
    "false_alert_rate", "other_outcomes", "no_action", "faces_seen"), max_header_rows=1)

LAYOUTS = {layout.name: layout for layout in (MET_PDF, PLATFORM_HTML)}


def field_for_header(header: str) -> str | None:
    letters = compact(header)
    matches = [name for name, pattern in _FIELD_PATTERNS.items() if pattern.fullmatch(letters)]
    return matches[0] if len(matches) == 1 else None


def headings_from_rows(header_rows: list[list[Any]]) -> list[list[str]]:
    """The headings each column may go by, from one or two header rows of cell texts.

    With two rows, the first holds group headings over merged cells ("Alerts",
    "Outcomes": None in the cells they span) and column headings that span both
    rows; the second holds the grouped columns' own headings. A column's own
    heading comes first, then the group's and its own together ("Alerts Total").
    """
    width = max(len(r) for r in header_rows)
    rows = [list(r) + [None] * (width - len(r)) for r in header_rows]
    groups: list[str] = []
    current = ""
    for cell in rows[0]:  # a merged group heading spans the None cells after it
        if cell is not None:
            current = cell_text(cell)
        groups.append(current if cell is None else cell_text(cell))
    headings = []
    for index in range(width):
        sub = cell_text(rows[-1][index]) if len(rows) > 1 else ""
        candidates = [sub or groups[index]]
        if sub and groups[index]:
            candidates.append(f"{groups[index]} {sub}")
        headings.append(candidates)
    return headings


@dataclass
class ColumnMap:
    """Field per column ("" for a column left out) and what was reported about the headings."""

    fields: list[str]
    skipped: list[str]


def fields_for_headings(headings: list[list[str]], layout: Layout, name: str, page: int) -> ColumnMap:
    """Field name per column from each column's candidate headings; a RecordsError names what does not fit.

    A heading lfrwatch does not read refuses the table, unless the layout
    skips unknown columns (then it is reported in ``skipped``); a missing
    required column or a column named twice always refuses it.
    """
    columns, seen, problems, unknown = [], {}, [], []
    allowed = layout.required + layout.optional
    for index, candidates in enumerate(headings):
        heading = next((c for c in candidates if c), "")
        fieldname = next((f for f in map(field_for_header, candidates) if f), None)
        if not heading:
            problems.append(f"column {index + 1} has no heading")
        elif fieldname is None or fieldname not in allowed:
            unknown.append(f"column {index + 1} heading {heading!r} is not a column lfrwatch reads")
            fieldname = None
        elif fieldname in seen:
            problems.append(f"columns {seen[fieldname] + 1} and {index + 1} are both {fieldname}")
        else:
            seen[fieldname] = index
        columns.append(fieldname or "")
    missing = [f for f in layout.required if f not in seen]
    if missing:
        problems.append("expected column(s) " + ", ".join(missing) + " not found")
    if problems or (unknown and not layout.skip_unknown_columns):
        found = " | ".join(next((c for c in candidates if c), "?") for candidates in headings)
        raise RecordsError(name, "; ".join(unknown + problems) + f" (headings found: {found})", page=page)
    return ColumnMap(columns, unknown)


def map_columns(header_rows: list[list[Any]], layout: Layout, name: str, page: int) -> list[str]:
    """Field name per column from one or two header rows of cell texts (see :func:`headings_from_rows`)."""
    return fields_for_headings(headings_from_rows(header_rows), layout, name, page).fields


def is_header_row(cells: list[Any]) -> bool:
    """A row of headings: no cell reads as a date or a number."""
    for cell in cells:
        text = cell_text(cell)
        if not text:
            continue
        if parse_record_date(text) is not None:
            return False
        try:
            if parse_count(text) is not None:
                return False
        except ValueError:
            pass
    return any(cell_text(c) for c in cells)


def header_rows(rows: list[list[Any]], layout: Layout) -> int:
    count = 0
    while count < len(rows) and is_header_row(rows[count]):
        count += 1
    return count
