"""Dates, periods and qualifiers: when a claim was made, what period it covers, what values it allows.

A claim's *date* is when it was made (:func:`claim_date`); a running total
("to date", "so far", "as of") is recognised by :func:`is_cumulative`; what a
qualifier allows ("more than 1,000": above 1,000) is :func:`value_range` and
:func:`figure_bounds`, read by :mod:`lfrwatch.nlp.qualifiers` as the records'
check reads it; and
:func:`period_key` and :func:`comparable_period` say when two figures cover the
same period (for grouping repeats and for conflicts).
"""

from __future__ import annotations

import re
from typing import Any

from lfrwatch.nlp.periods import is_running_total
from lfrwatch.nlp.qualifiers import Bounds, claim_bounds, qualifier_class  # noqa: F401 - qualifier_class re-exported
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


_YEARISH = re.compile(r"\b(19|20)\d{2}\b")


def value_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a claim is compatible with: "more than 1,000" -> (1000, inf); "about 50" -> (45, 55).

    The ends of :func:`claim_bounds` for the value as stated (no rounding); an
    increment ("a further 12") is its own value.
    """
    bounds = claim_bounds(value, qualifier, rounded=False)
    return (value, value) if bounds is None else (bounds.low, bounds.high)


def figure_bounds(claim: dict[str, Any]) -> Bounds | None:
    """What a figure claim allows, read as the records' check reads it (see :mod:`lfrwatch.nlp.qualifiers`)."""
    return claim_bounds(claim["value"], claim.get("qualifier"), rounded=False)


def is_cumulative(claim: dict[str, Any]) -> bool:
    """A running total: "to date", "so far", "in total", "since ...", or a figure holding as of a date.

    Not a figure the NLP dated to a closed span: "1,046 alerts in total" in a report on 2024 is 2024's total.
    """
    if claim.get("as_of"):
        return True
    if claim.get("period_start") and claim.get("period_end"):
        return False
    return _running_total(claim.get("period"), claim.get("qualifier"))


@_cached
def _running_total(period: Any, qualifier: Any) -> bool:
    return is_running_total(period, qualifier)


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
