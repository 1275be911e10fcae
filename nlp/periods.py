"""Resolve a period as written ("last year", "in February", "since January
2024", "to date") into dates, given the document's publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_WORD_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24}

_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\w*,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\w*\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\w*\s+(\d{4})\b")
_MONTH_ONLY = re.compile(r"\b" + _MONTH + r"\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_FINANCIAL_YEAR = re.compile(r"\b(20\d{2})\s*[/-]\s*(\d{2,4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # UK order: day/month/year
_DAY_RANGE_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|to|-|–)\s*(?:[a-z]+day\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b"
)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\w*\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*\d)")
_MONTH_RELATIVE_YEAR = re.compile(r"\b" + _MONTH + r"\w*\s+(?:of\s+)?(last|this|next)\s+year\b")
# "the 12 months to March 2025", "the year to the end of August"
_TRAILING = re.compile(
    r"\b(?:(\d+|[a-z-]+)\s+)?(day|week|month|year)s?\s+(?:to|ending|until|till|up to)\s+(?:the\s+end\s+of\s+)?(.+)$"
)
_SPAN = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|until|till|through|-|–)\s+(.+)$")
# "the past year", "the last 12 months", "the previous six weeks"; "the previous
# year" alone points at another period and is left alone.
_LAST_N = re.compile(r"\b(?:(?:past|last)\s+(\d+|[a-z-]+)?|previous\s+(\d+|[a-z-]+))\s*(day|week|fortnight|month|year)s?\b")
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+(\d{4})\b|\bq([1-4])\s+(\d{4})\b")
_QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def as_date(value) -> date | None:
    """A date from an ISO date or datetime string (or a date); None otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _latest_month(month: int, published: date) -> int:
    """Year of the latest such month not after publication ("in February")."""
    return published.year if month <= published.month else published.year - 1


def _nearest_year(month: int, day: int, published: date) -> int:
    """Year of the date closest to publication ("on Saturday 18 October" in a
    release of 16 October is this year's, "on 28 December" in one of 2 January last year's)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append((abs((date(year, month, day) - published).days), year))
        except ValueError:
            continue
    return min(options)[1] if options else published.year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _interval(text: str, published: date | None) -> tuple[date, date] | None:
    """The stretch of time a date expression names, when it can be worked out."""
    match = _TRAILING.search(text)
    if match:
        end = _interval(match.group(3), published)
        count_text = match.group(1) or "one"
        count = int(count_text) if count_text.isdigit() else _WORD_COUNTS.get(count_text, 1 if count_text in ("the", "one") else None)
        if end is not None and count:
            unit, last = match.group(2), end[1]
            if unit == "month":
                first_month = last.year * 12 + last.month - 1 - (count - 1)
                return date(first_month // 12, first_month % 12 + 1, 1), last
            if unit == "year":
                return last.replace(year=last.year - count) + timedelta(days=1), last
            return last - timedelta(days=count * _UNIT_DAYS[unit] - 1), last
    match = _QUARTER.search(text)
    if match:
        quarter = _QUARTER_NUMBERS[match.group(1)] if match.group(1) else int(match.group(3))
        year = int(match.group(2) or match.group(4))
        return date(year, quarter * 3 - 2, 1), _month_bounds(year, quarter * 3)[1]
    match = _NUMERIC_DATE.search(text)
    if match:
        day = _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day:
            return day, day
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        day = date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        return day, day
    match = _MONTH_DAY_YEAR.search(text)
    if match:
        day = date(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
        return day, day
    match = _FINANCIAL_YEAR.search(text)
    if match and ("/" in match.group(0) or "financial" in text or "fiscal" in text):
        first = int(match.group(1))
        return date(first, 4, 1), date(first + 1, 3, 31)
    match = _MONTH_YEAR.search(text)
    if match:
        return _month_bounds(int(match.group(2)), MONTHS[match.group(1)])
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if published is None:
        return None
    match = _MONTH_RELATIVE_YEAR.search(text)
    if match:
        year = published.year + {"last": -1, "this": 0, "next": 1}[match.group(2)]
        return _month_bounds(year, MONTHS[match.group(1)])
    match = _DAY_RANGE_MONTH.search(text)
    if match:
        month = MONTHS[match.group(3)]
        year = _nearest_year(month, int(match.group(2)), published)
        first, last = _safe_date(year, month, int(match.group(1))), _safe_date(year, month, int(match.group(2)))
        if first and last and first <= last:
            return first, last
    match = _DAY_MONTH.search(text) or _MONTH_DAY.search(text)
    if match:
        day_text, month_text = (match.group(1), match.group(2)) if match.re is _DAY_MONTH else (match.group(2), match.group(1))
        month, day_number = MONTHS[month_text], int(day_text)
        day = _safe_date(_nearest_year(month, day_number, published), month, day_number)
        if day:
            return day, day
    if re.search(r"\blast year\b", text) and not re.search(r"\bthe (?:last|past) year\b", text):
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
    if "this year" in text:
        return date(published.year, 1, 1), published
    if "last month" in text:
        previous = published.replace(day=1) - timedelta(days=1)
        return _month_bounds(previous.year, previous.month)
    if "this month" in text:
        return published.replace(day=1), published
    if "last week" in text:
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if "this week" in text:
        return published - timedelta(days=published.weekday()), published
    if "yesterday" in text:
        day = published - timedelta(days=1)
        return day, day
    if "today" in text:
        return published, published
    match = _LAST_N.search(text)
    if match:
        count_text = match.group(1) or match.group(2) or "one"
        count = int(count_text) if count_text.isdigit() else _WORD_COUNTS.get(count_text, 1)
        unit = match.group(3)
        if unit in ("month", "year"):
            # Calendar months: "the past 12 months" from 1 May 2024 starts on 1 May 2023.
            months = count * (12 if unit == "year" else 1)
            index = published.year * 12 + published.month - 1 - months
            year, month = index // 12, index % 12 + 1
            return date(year, month, min(published.day, calendar.monthrange(year, month)[1])), published
        return published - timedelta(days=count * _UNIT_DAYS[unit]), published
    match = _MONTH_ONLY.search(text)
    if match:
        month = MONTHS[match.group(1)]
        return _month_bounds(_latest_month(month, published), month)
    return None


def _span_bounds(first: str, second: str, published: date | None) -> tuple[date, date] | None:
    """Dates of "between FIRST and SECOND": a month without a year takes the
    year of the other end ("between January and November 2025", "between
    January and November last year"), placed so the span runs forwards."""
    b = _interval(second, published)
    if b is None:
        return None
    only_month = _MONTH_ONLY.fullmatch(first.strip())
    if only_month:
        month = MONTHS[only_month.group(1)]
        a = _month_bounds(b[1].year, month)
        if a[0] > b[1]:
            a = _month_bounds(b[1].year - 1, month)
        return a[0], b[1]
    a = _interval(first, published)
    if a is None:
        return None
    if b[1] < a[0] and not _YEAR.search(second):
        try:
            b = (b[0].replace(year=b[0].year + 1), b[1].replace(year=b[1].year + 1))
        except ValueError:
            return None
    return a[0], b[1]


#: Words that make a figure a running total: it counts everything up to a date ("to date", "so far",
#: "in total", "since January", "as of March"). Read in the period and the qualifier.
RUNNING_TOTAL = re.compile(
    r"\b(to date|so far|in total|total|totalling|overall|altogether|until now|up to now|to this day|ever|"
    r"all[- ]time|since|by|as of|as at|until|till|cumulative(?:ly)?|in all|currently|now|at present)\b",
    re.IGNORECASE,
)
#: A rate: "a week", "per day", "each month", "every night", "weekly".
_RATE = re.compile(r"^(?:a|an|per|each|every|one)\s+(day|night|week|fortnight|month|year)\b|"
                   r"^(daily|nightly|weekly|fortnightly|monthly|yearly|annually)$")
_RELATIVE_POINT = re.compile(r"\b(?:earlier|ago|later|before|previously)$")
RATE_UNIT_DAYS = {"day": 1, "night": 1, "daily": 1, "nightly": 1, "week": 7, "weekly": 7, "fortnight": 14,
                  "fortnightly": 14, "month": 30, "monthly": 30, "year": 365, "yearly": 365, "annually": 365}


def is_running_total(period: str | None, qualifier: str | None = None) -> bool:
    """Whether a figure's period (or qualifier) makes it a running total: "to date", "so far", "since ..."."""
    return bool(RUNNING_TOTAL.search(" ".join(str(v or "") for v in (period, qualifier))))


def rate_unit_days(period: str | None) -> int | None:
    """Days in a rate's unit: "a week" 7, "per day" 1, "monthly" 30; None when the period is not a rate."""
    text = " ".join((period or "").lower().split())
    if _RELATIVE_POINT.search(text):
        return None  # "a year ago", "a week earlier": a point relative to another, not a rate
    match = _RATE.search(text)
    return RATE_UNIT_DAYS[match.group(1) or match.group(2)] if match else None


def resolve_period(period: str | None, published) -> dict:
    """``{"period_start", "period_end", "as_of"}`` as ISO strings or None."""
    result = {"period_start": None, "period_end": None, "as_of": None}
    if not period:
        return result
    published = as_date(published)
    text = " ".join(period.lower().split())
    if _RELATIVE_POINT.search(text):
        return result  # "a year earlier": a point relative to another, not a rate
    if text in ("to date", "so far", "as of now", "currently", "now") or rate_unit_days(text) is not None:
        if published:
            result["as_of"] = published.isoformat()
        return result
    span = _SPAN.match(text)
    if span:
        bounds = _span_bounds(span.group(1), span.group(2), published)
        if bounds:
            result["period_start"], result["period_end"] = bounds[0].isoformat(), bounds[1].isoformat()
        return result
    interval = _interval(text, published)
    if interval is None:
        return result
    start, end = interval
    if text.startswith(("since ", "from ")):
        # A running total: it starts at the date and holds as of publication.
        result["period_start"] = start.isoformat()
        if published:
            result["as_of"] = published.isoformat()
    elif text.startswith(("by ", "until ", "till ", "as of ", "before ")):
        result["as_of"] = end.isoformat()
    elif start == end:
        result["as_of"] = start.isoformat()
    else:
        result["period_start"], result["period_end"] = start.isoformat(), end.isoformat()
    return result
