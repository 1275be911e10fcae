"""The days a claim covers: its period resolved against the date it was made."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lfrwatch.nlp.periods import is_running_total, rate_unit_days, resolve_period
from lfrwatch.records.cells import MONTH_PATTERN, MONTHS, WEEKDAYS


@dataclass
class ClaimPeriod:
    kind: str | None  # cumulative, range, days, day, rate; None when it cannot be worked out
    start: date | None = None  # None: from the first record
    end: date | None = None
    unit_days: int | None = None  # for rates
    problem: str | None = None
    #: For "days": only these days count ("on 19 and 21 March"); start and end are the first and last.
    days: tuple[date, ...] | None = None


_ORDINAL = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(\d{1,2})(?:st|nd|rd|th)?"
#: "between 19 and 21 March", "from 19 to 21 March 2024", "between 28 February and 2 March", "19-21 March",
#: "between Monday 8 and Saturday 13 September".
_DAY_RANGE = re.compile(rf"\b(?:(?:between|from)\s+{_ORDINAL}(?:\s+(?:of\s+)?{MONTH_PATTERN}[a-z]*)?\s+(?:and|to|until)"
                        rf"|{_ORDINAL}\s*(?:-|–|to))\s*{_ORDINAL}\s+(?:of\s+)?{MONTH_PATTERN}[a-z]*(?:,?\s+(\d{{4}}))?")
#: "on 19 and 21 March", "19, 20 and 21 March 2024".
_DAY_LIST = re.compile(rf"\b((?:\d{{1,2}}(?:st|nd|rd|th)?\s*(?:,|and|&)\s*)+){_ORDINAL}\s+(?:of\s+)?"
                       rf"{MONTH_PATTERN}[a-z]*(?:,?\s+(\d{{4}}))?")


def _year_for(month: int, day: int, year: str | None, said: date) -> int:
    """The year of a day named without one: the latest such day not after the claim."""
    if year:
        return int(year)
    try:
        return said.year if date(said.year, month, day) <= said else said.year - 1
    except ValueError:
        return said.year


def _days_named(text: str, said: date) -> ClaimPeriod | None:
    """A span or a list of days a period names: "between 19 and 21 March" (range), "on 19 and 21 March" (days)."""
    match = _DAY_RANGE.search(text)
    if match:
        first_day = match.group(1) or match.group(3)
        first_month = match.group(2)
        last_day, last_month, year = match.group(4), match.group(5), match.group(6)
        month = MONTHS[last_month[:3]]
        start_month = MONTHS[first_month[:3]] if first_month else month
        try:
            end = date(_year_for(month, int(last_day), year, said), month, int(last_day))
            start = date(end.year if start_month <= month else end.year - 1, start_month, int(first_day))
        except ValueError:
            return None
        return ClaimPeriod("range", start=start, end=end) if start <= end else None
    match = _DAY_LIST.search(text)
    if match:
        numbers = [int(n) for n in re.findall(r"\d{1,2}", match.group(1))] + [int(match.group(2))]
        month = MONTHS[match.group(3)[:3]]
        try:
            year = _year_for(month, max(numbers), match.group(4), said)
            days = tuple(sorted({date(year, month, n) for n in numbers}))
        except ValueError:
            return None
        return ClaimPeriod("days", start=days[0], end=days[-1], days=days)
    return None


def _day_named(text: str, said: date) -> date | None:
    """The one day a period names: "on Tuesday", "yesterday", "9 April", "9 April 2025"."""
    if re.search(r"\btoday\b|\bthis (morning|afternoon|evening)\b", text):
        return said
    if re.search(r"\byesterday\b|\blast night\b", text):
        return said - timedelta(days=1)
    for index, weekday in enumerate(WEEKDAYS):
        if re.search(rf"\b(?:on\s+|last\s+)?{weekday}\b", text) and not re.search(r"\bweek\b", text):
            back = (said.weekday() - index) % 7
            return said - timedelta(days=back or (7 if "last" in text else 0))
    match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_PATTERN + r"\b(?:\s+(\d{4}))?", text) or \
        re.search(r"\b" + MONTH_PATTERN + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", text)
    if match:
        groups = match.groups()
        if groups[0].isdigit():
            day, month_name, year = int(groups[0]), groups[1], groups[2]
        else:
            month_name, day, year = groups[0], int(groups[1]), groups[2]
        month = MONTHS[month_name[:3]]
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
    the date the claim was made ("to date", "last year", "since January", "this week", "on Tuesday"). A span
    or list of days the text names ("between 19 and 21 March", "on 19 and 21 March") is read from the text
    either way: the NLP gives a list of days only as the span around them.

    The NLP's dates win over the words of the period: a start and an as-of date make a running total from
    the start, and a start and an end a closed span, even when the words alone ("in that time", "in total",
    "the year") would say otherwise, because it read them from the text around the figure."""
    said = _iso(claim.get("claimed_on")) or _iso(claim.get("published"))
    text = " ".join((claim.get("period") or "").lower().split())
    start, end, as_of = _iso(claim.get("period_start")), _iso(claim.get("period_end")), _iso(claim.get("as_of"))
    if said is None:
        return ClaimPeriod(None, problem="the claim has no date")
    if not text and not (start or end or as_of):
        return ClaimPeriod(None, problem="the claim states no period")
    unit = rate_unit_days(text)
    if unit is not None:
        return ClaimPeriod("rate", end=as_of or said, unit_days=unit)
    resolved_by_nlp = bool(start or end or as_of)
    if text and not resolved_by_nlp:
        resolved = resolve_period(text, said.isoformat())
        start, end, as_of = (_iso(resolved["period_start"]), _iso(resolved["period_end"]), _iso(resolved["as_of"]))
    if resolved_by_nlp and start and as_of and not end:
        # From a date to the day the figure holds: "since January 2024", or "in that time" read back to it.
        return ClaimPeriod("cumulative", start=start, end=as_of)
    # Dates the NLP read from the text around a total ("1,046 alerts in total" in a report on 2024) bound it.
    closed_by_nlp = resolved_by_nlp and start is not None and end is not None and as_of is None
    if (is_running_total(text) and not closed_by_nlp) or (not text and as_of):
        if text.startswith(("since ", "from ")) and start is None:
            return ClaimPeriod(None, problem=f"the start of {text!r} could not be worked out")
        begin = start if text.startswith(("since ", "from ")) else None
        return ClaimPeriod("cumulative", start=begin, end=as_of or end or said)
    named = _days_named(text, said) if text else None
    if named is not None:
        return named
    day = _day_named(text, said) if text else None
    if day is not None and not (resolved_by_nlp and start and end and start != end):
        return ClaimPeriod("day", start=day, end=day)
    if start and end:
        return ClaimPeriod("range" if start != end else "day", start=start, end=end)
    if as_of:
        return ClaimPeriod("day", start=as_of, end=as_of)
    return ClaimPeriod(None, problem=f"the period {text!r} could not be worked out")
