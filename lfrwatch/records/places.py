"""Where a deployment was: a location as written looked up in the NLP's places gazetteer, with its borough."""

from __future__ import annotations

import functools
import re
from typing import Any

from lfrwatch.records.boroughs import NAME_BOROUGH, PLACE_BOROUGH, expand_abbreviations
from lfrwatch.records.forces import FORCES


@functools.lru_cache(maxsize=1)
def _gazetteer() -> list[tuple[re.Pattern, dict]]:
    """(pattern, row) for every gazetteer name and alias, longest first (the NLP's places gazetteer)."""
    from lfrwatch.nlp.places import load_gazetteer

    entries = []
    for row in load_gazetteer():
        for name in [row["name"], *row["aliases"]]:
            entries.append((len(name), re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I), row))
    entries.sort(key=lambda e: -e[0])
    return [(pattern, row) for _, pattern, row in entries]


#: Most specific first: a district names the spot, a street or station the spot where no district is named,
#: a borough the area around it.
_KIND_ORDER = {"district": 0, "street": 0.5, "station": 0.5, "town": 1, "borough": 2, "city": 3,
               "police_force_area": 4, "region": 5, "country": 6}
#: A place name followed by one of these names a street ("Uxbridge Rd, Shepherd's Bush" is not in Uxbridge).
_STREET_AFTER = re.compile(r"\s+(?:High\s+)?(?:Road|Street|Lane|Avenue)\b", re.I)
_NAME_BOROUGH = [(re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I), borough)
                 for name, borough in NAME_BOROUGH.items()]


def locate(location: str | None, force: str | None = None) -> dict[str, Any]:
    """place, place_kind, borough, lat, lon for a location as written ("Croydon High Street (North End)").

    With a force, places outside its area are ignored: "Oxford Street, Swansea"
    is in Swansea, not London's Oxford Street. Abbreviations are read as the
    names they shorten ("Bond St Stn"); a place whose name begins a street's
    ("Uxbridge Rd") counts only when the location names no other place. The
    borough is the one the location names, else the named place's.
    """
    south, north, west, east = FORCES[force].box if force in FORCES else (-90.0, 90.0, -180.0, 180.0)
    found = {"place": None, "place_kind": None, "borough": None, "lat": None, "lon": None}
    text = expand_abbreviations((location or "").replace("*", " "))
    if not text.strip():
        return found
    hits, street_names = [], []
    taken: list[tuple[int, int]] = []
    for pattern, row in _gazetteer():
        if not (south <= row["lat"] <= north and west <= row["lon"] <= east):
            continue
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # inside a longer name already found ("Westfield Stratford" holds "Stratford")
            taken.append(match.span())
            named_street = _STREET_AFTER.match(text, match.end()) is not None and row["kind"] != "borough"
            (street_names if named_street else hits).append((match.start(), row))
    hits = hits or street_names
    if not hits:
        named = next((borough for pattern, borough in _NAME_BOROUGH if pattern.search(text)), None)
        found["borough"] = named if force in (None, "met") else None
        return found
    boroughs = [row["name"] for _, row in sorted(hits, key=lambda h: h[0]) if row["kind"] == "borough"]
    best = sorted(hits, key=lambda h: (_KIND_ORDER.get(h[1]["kind"], 9), h[0]))[0][1]
    if not boroughs:
        boroughs = [PLACE_BOROUGH[row["name"]] for _, row in sorted(hits, key=lambda h: (h[1] is not best, h[0]))
                    if row["name"] in PLACE_BOROUGH]
    found.update(place=best["name"], place_kind=best["kind"], lat=best["lat"], lon=best["lon"],
                 borough=boroughs[0] if boroughs else None)
    return found


@functools.lru_cache(maxsize=None)
def aliases_of(place: str) -> tuple[str, ...]:
    from lfrwatch.nlp.places import load_gazetteer

    for row in load_gazetteer():
        if row["name"] == place:
            return tuple(row["aliases"])
    return ()
