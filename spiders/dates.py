"""Dates as UK pages print and serialise them, for the spiders: :func:`local_datetime` reads a printed or ISO
date in the page's timezone (Europe/London unless a spider says otherwise), :func:`utc_to_local` shows a UTC time
as the page prints it, and :func:`stated_date` reads the date a page states in its metadata.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lfrwatch.crawl.article import page_metadata, parse_date

#: UK sources print local (Europe/London) times; stored dates keep that offset.
LONDON = ZoneInfo("Europe/London")

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(am|pm)?\b", re.I)


def local_datetime(text: str | None, tz: ZoneInfo = LONDON) -> str | None:
    """ISO 8601 from a date as a UK page prints it, in the page's timezone.

    Reads ISO strings ("2025-07-14T10:00:00+01:00"; a naive one is taken as
    local time), "14 July 2025 10:00", "10:00 14/07/2025", "July 14, 2025,
    3.15pm". A date without a time stays a date ("2025-07-14").
    """
    if not text:
        return None
    text = " ".join(str(text).split())
    iso = re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?", text)
    if iso:
        if len(text) == 10:
            return text
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)
        return parsed.replace(microsecond=0).isoformat()
    day = None
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_NUMERIC_DATE, "num")):
        match = pattern.search(text)
        if not match:
            continue
        try:
            if order == "dmy":
                day = date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
            elif order == "mdy":
                day = date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
            else:  # UK order: day/month/year
                day = date(int(match[3]), int(match[2]), int(match[1]))
        except (KeyError, ValueError):
            continue
        rest = text[:match.start()] + " " + text[match.end():]
        break
    if day is None:
        return parse_date(text)
    clock = _TIME.search(rest)
    if not clock:
        return day.isoformat()
    hour, minute = int(clock[1]), int(clock[2])
    if clock[3]:
        hour = hour % 12 + (12 if clock[3].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return day.isoformat()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).isoformat()


def utc_to_local(iso: str | None, tz: ZoneInfo | None = LONDON) -> str | None:
    """A UTC date-time ("Z", +00:00) shown in the page's own timezone; any other offset is kept as stated.

    Sites serialise times in UTC in their metadata and feeds but print them in
    local time ("06.00 BST"); the stored date should read as the page does.
    """
    if not iso or len(iso) == 10 or tz is None:
        return iso
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0:
        return parsed.astimezone(tz).isoformat()
    return iso


def stated_date(response) -> str | None:
    """The publication date the page states in machine-readable form (meta tags, JSON-LD, <time>), if any."""
    return page_metadata(response.selector, response.url)["published"]
