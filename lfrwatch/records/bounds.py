"""How a claim's qualifier bounds the true value, and the period words and windows comparisons use.

Kept in one module because the timeline reads claims with the same words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


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
