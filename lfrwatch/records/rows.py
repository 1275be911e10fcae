"""Table rows into deployments, shared by the PDF and HTML readers: data, note and total rows, derived columns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lfrwatch.records.cells import cell_text, compact, duration_minutes, parse_count, parse_record_date, \
    parse_threshold
from lfrwatch.records.errors import RecordsError
from lfrwatch.records.layouts import FIELD_HEADERS, INT_FIELDS, UNSTORED_HEADERS
from lfrwatch.records.places import locate

_NOTE_MARKERS = ("*", "†", "‡", "note", "notes", "source", "nb", "please note", "figures")


@dataclass
class ParsedRecords:
    """What one record file holds: its deployments (in file order), notes and the date it is correct to.

    ``unread`` holds a :class:`RecordsError` (file, page, row, reason) for every
    row that looks like a deployment but could not be read; ``warnings`` what
    else did not add up (a column left out, a total that differs from the rows).
    The readable rows are kept either way.
    """

    name: str
    format: str
    pages: int = 0
    deployments: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_at: str | None = None
    unread: list[RecordsError] = field(default_factory=list)
    warnings: list[RecordsError] = field(default_factory=list)

    @property
    def rows_in_file(self) -> int:
        """Deployment rows the file holds: those read and those that could not be."""
        return len(self.deployments) + len(self.unread)

    def problems(self) -> list[RecordsError]:
        """Everything to report about the file, in page order."""
        return sorted(self.unread + self.warnings, key=lambda e: (e.page or 0, e.row or 0))

    def to_plain(self) -> dict[str, Any]:
        """Plain data (dicts, lists, strings, numbers) that :meth:`from_plain` turns back into the same records:
        what a child process that read the file hands back."""
        return {"name": self.name, "format": self.format, "pages": self.pages, "deployments": self.deployments,
                "notes": self.notes, "as_at": self.as_at, "unread": [e.to_plain() for e in self.unread],
                "warnings": [e.to_plain() for e in self.warnings]}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> "ParsedRecords":
        return cls(name=data["name"], format=data["format"], pages=data["pages"], deployments=data["deployments"],
                   notes=data["notes"], as_at=data["as_at"],
                   unread=[RecordsError.from_plain(e) for e in data["unread"]],
                   warnings=[RecordsError.from_plain(e) for e in data["warnings"]])


AS_AT_PATTERN = re.compile(r"\b(?:last\s+updated|updated|correct\s+as\s+(?:at|of)|as\s+(?:at|of)|records?\s+to|"
                    r"up\s+to(?:\s+and\s+including)?|page\s+updated)\s*:?\s*((?:[a-z]+,?\s+)?\d{1,2}(?:st|nd|rd|th)?"
                    r"\s+[a-z]+\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})", re.I)


def find_as_at(text: str | None) -> str | None:
    """The date a page says its records are correct to ("Updated: 31 July 2025"), as an ISO date."""
    for match in AS_AT_PATTERN.finditer(text or ""):
        day = parse_record_date(match.group(1))
        if day:
            return day.isoformat()
    return None


def _is_note(cells: list[Any], columns: list[str]) -> str | None:
    """A footnote row: text in the first cell, the rest merged into it or empty, or a note marker."""
    texts = [cell_text(c) for c in cells]
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
        if not fieldname:
            continue  # a column the layout leaves out
        text = cell_text(cell)
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


def complete_deployment(values: dict[str, Any], force: str | None) -> dict[str, Any]:
    """Derived columns: true/false alert totals, total alerts, minutes, place; read-only columns kept after them."""
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
    row.update({f: values[f] for f in UNSTORED_HEADERS if f in values})
    return row


_TOTAL_ROW = {"total", "totals", "grandtotal", "totalforyear", "total(s)"}


def check_totals(parsed: ParsedRecords, totals: list[tuple[int, int, dict[str, Any]]]) -> None:
    """A "Total" row should equal the sum of the rows above it, column by column; a warning says where not."""
    for page, row, values in totals:
        for fieldname, stated in values.items():
            if fieldname not in INT_FIELDS or stated is None or fieldname == "watchlist_size":
                continue
            summed = sum(d.get(fieldname) or 0 for d in parsed.deployments)
            if summed != stated:
                parsed.warnings.append(RecordsError(
                    parsed.name, f"the total row gives {fieldname} {stated:,} but the rows read add up to "
                                 f"{summed:,}", page=page, row=row))


def read_row(parsed: ParsedRecords, cells: list[Any], columns: list[str], page: int, number: int,
             totals: list) -> dict[str, Any] | None:
    """One table row: a deployment (appended and returned), a note, a total, nothing (blank), or an unread row."""
    cells = list(cells)
    if not any(cell_text(c) for c in cells):
        return None
    if len(cells) != len(columns):
        parsed.unread.append(RecordsError(parsed.name, f"{len(cells)} cells where the header has {len(columns)} "
                                                       "columns", page=page, row=number))
        return None
    note = _is_note(cells, columns)
    if note is not None:
        parsed.notes.append(note)
        return None
    if compact(cell_text(cells[columns.index("location")] if "location" in columns else cells[0])) in _TOTAL_ROW:
        counts = {}
        for fieldname, cell in zip(columns, cells):
            if fieldname in INT_FIELDS:
                try:
                    counts[fieldname] = parse_count(cell)
                except ValueError as exc:
                    parsed.warnings.append(RecordsError(parsed.name, f"total row, column {fieldname}: {exc}",
                                                        page=page, row=number))
        totals.append((page, number, counts))
        return None
    try:
        values = _row_values(cells, columns, parsed.name, page, number)
    except RecordsError as exc:
        parsed.unread.append(exc)
        return None
    values.update(page=page, row=number)
    parsed.deployments.append(values)
    return values


def read_rows(parsed: ParsedRecords, rows: list[list[Any]], columns: list[str], page: int, first_row: int,
              totals: list) -> None:
    for offset, cells in enumerate(rows):
        read_row(parsed, cells, columns, page, first_row + offset, totals)


def finish(parsed: ParsedRecords, totals: list, force: str | None) -> ParsedRecords:
    """Check the totals and complete every deployment; a file with no readable row raises its first problem."""
    if not parsed.deployments:
        problems = parsed.problems()
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise RecordsError(parsed.name, first.reason + more, page=first.page, row=first.row)
        raise RecordsError(parsed.name, "no deployment rows found")
    check_totals(parsed, totals)
    parsed.deployments = [dict(complete_deployment(d, force), page=d["page"], row=d["row"])
                          for d in parsed.deployments]
    return parsed
