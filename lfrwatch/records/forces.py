"""The forces whose deployment records lfrwatch reads, and which force a claimant's name stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Force:
    key: str
    name: str
    #: Who speaks for the force: matched against a claim's claimant, org and publisher.
    pattern: re.Pattern
    #: Names of the whole force area: "in London" does not narrow a Met claim to a place.
    area: tuple[str, ...] = ()
    #: (south, north, west, east): gazetteer places outside are not this force's ("Oxford Street, Swansea").
    box: tuple[float, float, float, float] = (-90.0, 90.0, -180.0, 180.0)


FORCES: dict[str, Force] = {
    force.key: force
    for force in (
        Force("met", "Metropolitan Police",
              re.compile(r"\b(?:the\s+)?met(?:ropolitan)?(?:\s+police)?(?:\s+service)?\b(?!\s+office)|"
                         r"\bmps\b|scotland\s+yard", re.I),
              ("London", "Greater London", "the capital"), (51.28, 51.70, -0.52, 0.34)),
        Force("essex", "Essex Police", re.compile(r"\bessex\s+police\b", re.I), ("Essex",),
              (51.45, 52.10, 0.00, 1.30)),
        Force("south-wales", "South Wales Police", re.compile(r"\bsouth\s+wales\s+police\b|\bswp\b", re.I),
              ("South Wales", "Wales"), (51.35, 51.90, -4.40, -3.00)),
    )
}


def force_matching(text: str | None) -> Force | None:
    """The force a claimant, organisation or publisher name stands for, if any."""
    if not text:
        return None
    for force in FORCES.values():
        if force.pattern.search(text):
            return force
    return None


def force_key_for(force: str | None) -> str | None:
    """A force key ("met") from a key or a name ("Metropolitan Police"); ValueError for an unknown force."""
    if force is None:
        return None
    if force in FORCES:
        return force
    matched = force_matching(force)
    if matched is None:
        raise ValueError(f"unknown force {force!r} (known: {', '.join(FORCES)})")
    return matched.key
