"""What a figure's qualifier says its value allows: one vocabulary and one reading for every stage.

The NLP writes a qualifier beside each figure ("more than", "up to", "about",
"passes", "a further"); the timeline's conflict check and the records'
``lfrwatch check`` both read it through :func:`claim_bounds`, so "passes
1,000" means "above 1,000" to both, and the tolerances below are written once.

- ``lower`` ("more than", "passed", "at least", "reached"): the value is a floor,
  strict or inclusive;
- ``upper`` ("up to", "fewer than"): a ceiling, inclusive or strict;
- ``below`` ("almost", "nearly"): just under the value, within
  :data:`JUST_BELOW_SHARE`;
- ``approx`` ("about", "an average of", and any qualifier not known here):
  within :data:`APPROXIMATE_SHARE` either side;
- ``vague`` ("hundreds" is stored as 100): from the value to
  :data:`VAGUE_FACTOR` times it;
- ``increment`` ("a further 12"): a change, not a level; nothing to compare;
- ``exact`` (no qualifier, "exactly", "a total of"): the value itself, or when
  ``rounded`` and the value is a round figure (:data:`ROUND_FIGURE`) within
  :data:`ROUNDING` of it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

LOWER_STRICT = frozenset({
    "more than", "over", "in excess of", "upwards of", "above", "exceeding", "greater than", "just over",
    "well over", "passes", "passed", "past", "surpassed", "topped", "beyond", "more than a", "over a",
})
LOWER_INCLUSIVE = frozenset({"at least", "a minimum of", "no fewer than", "no less than", "a record", "reached"})
UPPER_INCLUSIVE = frozenset({"up to", "at most", "no more than", "a maximum of", "as many as", "not more than"})
UPPER_STRICT = frozenset({"fewer than", "less than", "under", "below"})
JUST_BELOW = frozenset({"almost", "nearly", "close to", "just under", "approaching", "nearly a", "almost a"})
APPROXIMATE = frozenset({
    "around", "about", "approximately", "roughly", "some", "an estimated", "estimated", "circa", "c.",
    "approx", "approx.", "or so", "of around", "of about", "average", "an average of", "on average",
    "averaging", "typically",
})
VAGUE = frozenset({"dozens", "dozen", "scores", "hundreds", "thousands", "millions", "billions", "tens",
                   "tens of thousands"})
INCREMENTS = frozenset({"a further", "another", "an additional", "an extra", "additional", "further"})
EXACT = frozenset({"", "exactly", "a total of", "totalling", "in total", "only", "just", "precisely", "a", "the"})

#: "about 50" allows 45 to 55.
APPROXIMATE_SHARE = 0.10
#: "almost 50" allows 45 up to (not including) 50.
JUST_BELOW_SHARE = 0.10
#: "hundreds" (stored as 100) allows 100 up to (not including) 1,000.
VAGUE_FACTOR = 10
#: An unqualified figure at or above this, and a multiple of it, reads as rounded ("1,000 arrests")...
ROUND_FIGURE = 100
#: ... within this share of its value, where the reader asks for rounding (the records' check does).
ROUNDING = 0.05
#: Floating-point slack when a bound is inclusive.
EPSILON = 1e-9


def normalise_qualifier(qualifier: str | None) -> str:
    """Lower case, single spaces, curly apostrophes straightened, outer punctuation dropped."""
    return " ".join((qualifier or "").lower().replace("’", "'").split()).strip(" ,.")


@functools.lru_cache(maxsize=4096)
def qualifier_class(qualifier: str | None) -> str:
    """exact, lower (more than), upper (up to), below (almost), approx, vague or increment."""
    q = normalise_qualifier(qualifier)
    if q in EXACT:
        return "exact"
    if q in LOWER_STRICT or q in LOWER_INCLUSIVE:
        return "lower"
    if q in UPPER_STRICT or q in UPPER_INCLUSIVE:
        return "upper"
    if q in JUST_BELOW:
        return "below"
    if q in VAGUE:
        return "vague"
    if q in INCREMENTS:
        return "increment"
    return "approx"


@dataclass(frozen=True)
class Bounds:
    """The values a claim allows: from ``low`` to ``high``, each end inclusive unless marked strict."""

    low: float
    high: float
    low_strict: bool = False
    high_strict: bool = False
    reading: str = "exactly"

    def contains(self, value: float) -> bool:
        return not self.below_low(value) and not self.above_high(value)

    def below_low(self, value: float) -> bool:
        return value <= self.low if self.low_strict else value < self.low - EPSILON

    def above_high(self, value: float) -> bool:
        return value >= self.high if self.high_strict else value > self.high + EPSILON

    def overlaps(self, other: Bounds) -> bool:
        """Whether some value satisfies both claims."""
        if self.high < other.low - EPSILON or other.high < self.low - EPSILON:
            return False
        if abs(self.high - other.low) <= EPSILON and (self.high_strict or other.low_strict):
            return False
        if abs(other.high - self.low) <= EPSILON and (other.high_strict or self.low_strict):
            return False
        return True


def is_round(value: float) -> bool:
    """A round figure: at least :data:`ROUND_FIGURE` and a multiple of it."""
    return value >= ROUND_FIGURE and float(value).is_integer() and int(value) % ROUND_FIGURE == 0


def claim_bounds(value: float, qualifier: str | None, *, rate: bool = False, rounded: bool = True) -> Bounds | None:
    """The values a claim allows, by its qualifier; None for an increment ("a further 12").

    ``rate``: an unqualified rate ("four a week") is read to the nearest whole
    number. ``rounded``: an unqualified round figure is read as rounded (the
    records' check); the conflict check between two claims compares the values
    as stated.
    """
    q = normalise_qualifier(qualifier)
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
        return Bounds(v * (1 - JUST_BELOW_SHARE), v, high_strict=True,
                      reading=f"just below {v:,.0f} (within {JUST_BELOW_SHARE:.0%})")
    if q in VAGUE:
        return Bounds(v, v * VAGUE_FACTOR, high_strict=True, reading=f"{q} ({v:,.0f} to {v * VAGUE_FACTOR:,.0f})")
    if q not in EXACT:  # "about", and any qualifier not known here
        return Bounds(v * (1 - APPROXIMATE_SHARE), v * (1 + APPROXIMATE_SHARE),
                      reading=f"about {v:,.0f} (within {APPROXIMATE_SHARE:.0%})")
    if rate:
        return Bounds(v - 0.5, v + 0.5, high_strict=True, reading=f"{v:g} when rounded")
    if rounded and is_round(v):
        return Bounds(v * (1 - ROUNDING), v * (1 + ROUNDING),
                      reading=f"{v:,.0f} as a rounded figure (within {ROUNDING:.0%})")
    return Bounds(v, v, reading=f"exactly {v:,.0f}")
