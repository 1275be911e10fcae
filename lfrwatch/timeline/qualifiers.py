"""Dates, periods and qualifiers: when a claim was made, what period it covers, what values it allows.

A claim's *date* is when it was made (:func:`claim_date`); a running total
("to date", "so far", "as of") is recognised by :func:`is_cumulative`; what a
qualifier allows ("more than 1,000": 1,000 and up) is :func:`value_range`; and
:func:`period_key` and :func:`comparable_period` say when two figures cover the
same period (for grouping repeats and for conflicts).
"""

from __future__ import annotations

import math
import re
from typing import Any

from lfrwatch.timeline.claimants import _cached, _clean

# ----------------------------------------------------------------------------
# Dates, periods and qualifiers


def claim_date(claim: dict[str, Any]) -> tuple[str | None, str | None]:
    """(date the claim was made, basis): "statement" when the text dates it, else "published" or "retrieved"."""
    published = (claim.get("published") or "")[:10] or None
    said = (claim.get("claimed_on") or "")[:10] or None
    if said:
        return said, ("published" if said == published else "statement")
    if published:
        return published, "published"
    fetched = (claim.get("fetched_at") or "")[:10] or None
    return fetched, ("retrieved" if fetched else None)


_CUMULATIVE = re.compile(
    r"\b(to date|so far|in total|total|totalling|since|cumulative(?:ly)?|overall|altogether|all[- ]time|"
    r"until now|up to now|to this day|in all|ever)\b",
    re.IGNORECASE,
)
_YEARISH = re.compile(r"\b(19|20)\d{2}\b")

LOWER_BOUNDS = frozenset({
    "more than", "over", "at least", "just over", "well over", "in excess of", "upwards of", "above",
    "exceeding", "greater than", "a minimum of", "over a", "more than a", "no fewer than", "no less than",
})
UPPER_BOUNDS = frozenset({
    "up to", "fewer than", "less than", "under", "at most", "no more than", "below", "as many as",
    "a maximum of", "not more than",
})
JUST_BELOW = frozenset({"almost", "nearly", "close to", "just under", "nearly a", "almost a", "approaching"})
APPROXIMATE = frozenset({
    "around", "about", "approximately", "roughly", "some", "an estimated", "estimated", "circa", "c.",
    "approx", "approx.", "of around", "of about", "or so",
})
VAGUE = frozenset({"dozens", "dozen", "scores", "hundreds", "thousands", "millions", "billions", "tens"})
EXACT = frozenset({"", "exactly", "a total of", "totalling", "in total", "only", "just", "precisely"})
INCREMENTS = frozenset({"a further", "another", "an additional", "an extra", "additional", "further"})


@_cached
def qualifier_class(qualifier: str | None) -> str:
    """exact, lower (more than), upper (up to), below (almost), approx, vague or increment."""
    q = _clean(qualifier or "").lower()
    if q in EXACT:
        return "exact"
    if q in LOWER_BOUNDS:
        return "lower"
    if q in UPPER_BOUNDS:
        return "upper"
    if q in JUST_BELOW:
        return "below"
    if q in VAGUE:
        return "vague"
    if q in INCREMENTS:
        return "increment"
    return "approx"


def value_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a claim is compatible with: "more than 1,000" -> (1000, inf); "about 50" -> (45, 55)."""
    kind = qualifier_class(qualifier)
    if kind == "lower":
        return value, math.inf
    if kind == "upper":
        return 0.0, value
    if kind == "below":
        return value * 0.9, value
    if kind == "approx":
        return value * 0.9, value * 1.1
    if kind == "vague":  # "hundreds" is stored as 100
        return value, value * 10
    return value, value


def is_cumulative(claim: dict[str, Any]) -> bool:
    """A running total: "to date", "so far", "in total", "since ...", or a figure holding as of a date."""
    if claim.get("as_of"):
        return True
    return _cumulative_words(claim.get("period"), claim.get("qualifier"))


@_cached
def _cumulative_words(period: Any, qualifier: Any) -> bool:
    return bool(_CUMULATIVE.search(" ".join(str(v or "") for v in (period, qualifier))))


@_cached
def _norm_words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", _clean(text or "").casefold()))


def period_key(claim: dict[str, Any]) -> tuple:
    """What makes two figures cover the same period, for grouping repeats."""
    if is_cumulative(claim):
        return ("cumulative", claim.get("period_start"))
    if claim.get("period_start") or claim.get("period_end"):
        return ("range", claim.get("period_start"), claim.get("period_end"))
    return ("text", _norm_words(claim.get("period")))


def comparable_period(group: dict[str, Any]) -> tuple | None:
    """When two groups' values must agree: same running-total date, same dates, or same stated period.

    Relative periods ("last week") compare only on the same day; a figure with
    no period at all is not compared (it is usually one operation's count).
    """
    if is_cumulative(group):
        return ("cumulative", group.get("period_start"), group.get("as_of") or group["first_seen"])
    if group.get("period_start") or group.get("period_end"):
        return ("range", group.get("period_start"), group.get("period_end"))
    period = _norm_words(group.get("period"))
    if not period:
        return None
    if _YEARISH.search(period):
        return ("text", period)
    return ("relative", period, group["first_seen"])


def _quote_key(text: str | None) -> str:
    return _norm_words(text)
