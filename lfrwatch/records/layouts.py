"""Record file layouts: the columns each kind of file has, the headings that name them, and header detection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lfrwatch.records.cells import cell_text, compact, parse_count, parse_record_date
from lfrwatch.records.errors import RecordsError


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


def field_for_header(header: str) -> str | None:
    letters = compact(header)
    matches = [name for name, pattern in _FIELD_PATTERNS.items() if pattern.fullmatch(letters)]
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
            current = cell_text(cell)
        groups.append(current if cell is None else cell_text(cell))
    columns, seen, problems = [], {}, []
    for index in range(width):
        sub = cell_text(rows[-1][index]) if len(rows) > 1 else ""
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
            cell_text(rows[-1][i]) if len(rows) > 1 and rows[-1][i] else groups[i] for i in range(width)))
        raise RecordsError(name, "; ".join(problems) + f" (headings found: {found})", page=page)
    return columns


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
