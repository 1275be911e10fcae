"""Turn the words of a written number into a value: "1,000", "four", "£1.2bn", "1.4m", "one hundred and twenty",
"two-million", "one and a half million", "hundreds", "twice", the "single" of "a single"; and the fraction before
"of a million" into its share ("a quarter", "three-quarters")."""

from __future__ import annotations

import re

from .figure_words import OCCASION_WORDS
from .lexicon import SCALE_WORDS, VAGUE_NUMBERS, WORD_NUMBERS

_DIGITS = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)([a-z]*)$")


def parse_number(words: list[str]) -> tuple[float, bool] | None:
    """Value of a sequence of number words, and whether it is vague ("hundreds").

    Returns None when the words do not form one number (for instance a phone
    number "0800 555 0199", which is several digit groups side by side).
    """
    total = 0.0
    current: float | None = None
    vague = False
    digit_groups = 0
    for word in words:
        lower = word.lower()
        if len(lower) > 1 and lower.endswith("+"):
            lower = lower[:-1]  # "2m+", "2 million+": the "+" is a qualifier, "more than"
        if lower.endswith(".") and lower[:-1] in SCALE_WORDS:
            lower = lower[:-1]  # "£5m." at the end of a sentence
        if lower in ("and", ",") or (lower in ("a", "an") and current is not None):
            continue
        if lower in ("-", "‐") and current is not None:  # "seventy-five" split in three, "two-million"
            continue
        if lower == "half" and current is not None:  # "one and a half million"
            current += 0.5
            continue
        match = _DIGITS.match(lower)
        if match:
            digit_groups += 1
            if digit_groups > 1 and current is not None:
                return None
            number = float(match.group(1).replace(",", ""))
            suffix = match.group(2)
            if suffix:
                if suffix not in SCALE_WORDS:
                    return None
                number *= SCALE_WORDS[suffix]
            current = (current or 0.0) + number
            continue
        if lower == "single" and current is None:  # "a single false alert": one
            current = 1.0
            continue
        if lower == "dozen":  # "a dozen", "two dozen", "half a dozen": twelve exactly ("dozens" is vague)
            current = 12.0 if current is None else current * 12
            continue
        if lower in VAGUE_NUMBERS:
            vague = True
            if current is None:
                current = float(VAGUE_NUMBERS[lower])
            else:  # "tens of thousands": the scale multiplies
                current *= VAGUE_NUMBERS[lower]
            continue
        if lower in SCALE_WORDS:
            scale = SCALE_WORDS[lower]
            if current is None:
                current = 1.0
            if scale == 100:
                current *= scale
            else:
                total += current * scale
                current = None
            continue
        if lower in OCCASION_WORDS and len(words) == 1:  # "once a week"
            return float(OCCASION_WORDS[lower]), False
        if lower in WORD_NUMBERS:
            current = (current or 0.0) + WORD_NUMBERS[lower]
            continue
        if "-" in lower and all(part in WORD_NUMBERS for part in lower.split("-")):
            current = (current or 0.0) + sum(WORD_NUMBERS[part] for part in lower.split("-"))
            continue
        if lower == "of":  # "tens of thousands"
            continue
        return None
    if current is not None:
        total += current
    if current is None and total == 0 and not words:
        return None
    return total, vague


def tidy_value(value: float) -> int | float:
    """Integers as int; other values rounded to remove float noise."""
    if abs(value - round(value)) < 1e-6:
        return int(round(value))
    return round(value, 6)


_POINT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")


def whole_count(words: list[str], value: float) -> float | None:
    """A count of things is whole: "44.468 faces scanned" is 44,468 written with a point for the thousands comma
    (as pages translated from other languages write it); any other part of one ("0.6", "half") is a share or a
    rate, and None."""
    if value == int(value):
        return value
    if len(words) == 1 and _POINT_THOUSANDS.match(words[0]):
        return value * 1000
    return None


#: Fractions written before "of a million": "a quarter of a million", "three-quarters of a million".
_FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4}


def fraction_of(words: list[str]) -> float | None:
    """The share the words before "of" give a number: ["a", "quarter"] 0.25, ["three", "-", "quarters"] 0.75,
    ["two", "thirds"] 2/3; None when they are no fraction."""
    words = [w.lower() for w in words if w not in ("-", "‐")]
    if len(words) != 2 or words[1] not in _FRACTIONS:
        return None
    count = 1 if words[0] in ("a", "one") else WORD_NUMBERS.get(words[0])
    if not count or (count > 1) != words[1].endswith("s"):
        return None  # "a quarters", "three quarter": no fraction
    return count * _FRACTIONS[words[1]]


def fraction_before(doc, of: int) -> tuple[float | None, int]:
    """The fraction before the token "of" at ``of`` in a spaCy ``doc``, and the token where it starts: "a
    quarter", "three-quarters", "two thirds"; (None, of) when there is none."""
    for lead in (of - 2, of - 3):
        share = fraction_of([t.text for t in doc[lead:of]]) if lead >= 0 else None
        if share:
            return share, lead
    return None, of
