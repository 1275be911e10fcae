"""Reading single table cells as forces write them: dates, counts, threshold settings and durations."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from typing import Any


def compact(text: str | None) -> str:
    """Only the letters, lower-cased: how headings and total rows are compared ("Outcome - Arrest" ->
    "outcomearrest")."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKC", text or "").lower())


def cell_text(value: Any) -> str:
    """A cell as one line: line breaks inside a cell are layout, not content."""
    return " ".join(str(value).split()) if value is not None else ""


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_PATTERN = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
            r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WORD_DATE = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s\-]+" + MONTH_PATTERN
                        + r"[a-z]*\.?,?[\s\-]+(\d{2}|\d{4})$")
_BLANK = {"", "-", "–", "—", "n/a", "na", "n.a.", "nil return", "not recorded", "not known", "unknown", "tbc"}


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
            return date(year + 2000 if year < 100 else year, MONTHS[match[2][:3]], int(match[1]))
    except (ValueError, KeyError):
        return None
    return None


def parse_count(text: str | None) -> int | None:
    """A whole number as written ("11,820", "6 400"); None for a blank or a dash. ValueError otherwise."""
    raw = cell_text(text).strip(" *†‡").lower()
    if raw in _BLANK:
        return None
    raw = raw.replace(",", "").replace(" ", "").lstrip("c~").rstrip("+")
    if not re.fullmatch(r"\d+(\.0+)?", raw):
        raise ValueError(f"{cell_text(text)!r} is not a whole number")
    return int(float(raw))


def parse_threshold(text: str | None) -> float | None:
    raw = cell_text(text).strip(" *").lower()
    if raw in _BLANK:
        return None
    try:
        return float(raw.rstrip("%"))
    except ValueError:
        raise ValueError(f"{cell_text(text)!r} is not a threshold setting") from None


_DURATION_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:hrs?|h)?\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})")
_DURATION_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\s*(?:-|–|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)")
_DURATION_PARTS = re.compile(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)\b")
#: Hours and minutes run together, as the Met writes them: "5h03m", "8h0m", "5h40", "4hr 47m", "6h 07m".
_DURATION_HOURS_MINUTES = re.compile(r"(\d{1,2})\s*h(?:rs?|ours?)?\s*(\d{1,2})\s*(?:m(?:ins?|inutes?)?)?")


def duration_minutes(text: str | None) -> int | None:
    """Minutes from "10:00 - 16:00", "10am to 4pm", "6 hrs 30 mins", "5h03m", "5h40", "4.5 hours" or "06:30";
    None when unreadable."""
    raw = cell_text(text).lower()
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
    match = _DURATION_HOURS_MINUTES.fullmatch(raw)
    if match:
        return int(match[1]) * 60 + int(match[2]) or None
    parts = _DURATION_PARTS.findall(raw)
    if parts:
        return round(sum(float(n) * (60 if unit.startswith("h") else 1) for n, unit in parts)) or None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if match:
        return int(match[1]) * 60 + int(match[2]) or None
    return None
