"""Who a claim speaks for: organisation names, people's organisations and generic claimants.

"The Met's", "Metropolitan Police Service" and "Scotland Yard" are one
organisation: :func:`normalise_org` gives each one spelling, from the alias
table the NLP's word lists hold (``ORG_ALIASES`` in ``nlp/lexicon.py``), so the
NLP and the timeline cannot disagree on a name. A person's claim is credited
to their organisation (:func:`person_orgs`), and "the force said" to the
organisation its document names (:func:`claimant_org`, then
:func:`lfrwatch.timeline.analysis.load_claims`).

Who says a figure and whose figure it is can differ: the Home Office saying
"the Metropolitan Police's use of the technology has resulted in more than 1,100
arrests" counts the Met's arrests. :func:`counted_org` reads the force a figure
counts from the words before it in its sentence.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import sqlite_utils

# Ways of writing an organisation (lower case, no leading "the") -> one name: the table the NLP names
# organisations with, so the two stages cannot disagree on a name.
from lfrwatch.nlp.lexicon import ORG_ALIASES
from lfrwatch.nlp.lexicon import __file__ as lexicon_file

#: Pure functions of a short string, called for every claim: cached (the same names and phrases recur).
_cached = functools.lru_cache(maxsize=1 << 16)


@_cached
def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).strip(" ,.;:")


@_cached
def normalise_org(name: str | None) -> str | None:
    """One spelling per organisation: "the Met's" and "Metropolitan Police Service" -> "Metropolitan Police"."""
    if not name or not name.strip():
        return None
    cleaned = _clean(name)
    for suffix in ("'s", "'"):
        if cleaned.lower().endswith(suffix) and len(cleaned) > len(suffix) + 1:
            cleaned = cleaned[: -len(suffix)]
            break
    lower = cleaned.lower()
    if lower.startswith("the "):
        if lower[4:] in ORG_ALIASES:
            return ORG_ALIASES[lower[4:]]
        if cleaned.startswith("the "):  # "the Kent Police Service"; but "The Daily Register" is a name
            cleaned, lower = cleaned[4:], lower[4:]
    if lower in ORG_ALIASES:
        return ORG_ALIASES[lower]
    # "Kent Police Service" -> "Kent Police" (but keep "Police Service of Northern Ireland").
    if lower.endswith(" police service"):
        return cleaned[: -len(" service")]
    return cleaned or None


@_cached
def _name_key(name: str | None) -> str:
    return _clean(name).casefold() if name else ""


#: The organisation of a person who speaks for none ("Marcus Ellery, who runs a phone repair shop"): empty, not
#: their own name, and not None (which asks the caller to credit a generic claimant from its document).
NO_ORGANISATION = ""


def person_orgs(db: sqlite_utils.Database) -> dict[str, str]:
    """Person name (casefolded) -> their most often stated organisation, from people and quotes; a person the
    NLP found but never with an organisation -> :data:`NO_ORGANISATION`."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in db.query("select name, org from people where org is not null and org != ''"):
        counts[_name_key(row["name"])][normalise_org(row["org"])] += 1
    for row in db.query(
        "select speaker, org from claims where speaker is not null and org is not null and org != ''"
    ):
        counts[_name_key(row["speaker"])][normalise_org(row["org"])] += 1
    orgs = {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for name, c in counts.items() if name}
    for row in db.query("select distinct name from people where org is null or org = ''"):
        orgs.setdefault(_name_key(row["name"]), NO_ORGANISATION)
    orgs.pop("", None)
    return orgs


#: Claimants that only point back at an organisation named elsewhere ("the force said").
GENERIC_CLAIMANTS = frozenset({
    "force", "police", "police force", "service", "police service", "department", "organisation", "organization",
    "group", "charity", "campaign group", "government", "ministry", "figures", "data", "statistics", "officers",
    "it", "they", "spokesperson", "a spokesperson", "spokesman", "spokeswoman",
})


@_cached
def is_generic(claimant: str | None) -> bool:
    key = _name_key(claimant)
    return (key[4:] if key.startswith("the ") else key) in GENERIC_CLAIMANTS


def claimant_org(claim: dict[str, Any], orgs_of_people: dict[str, str]) -> str | None:
    """The organisation a claim speaks for: a person's organisation when known, else the claimant itself.

    Falls back to the speaker's organisation, then the publisher (whose own
    unattributed figures are its claims). A generic claimant ("the force")
    gives None: :func:`lfrwatch.timeline.analysis.load_claims` resolves it from the rest of its document.
    A person who speaks for no organisation gives :data:`NO_ORGANISATION`, never their own name.
    """
    claimant = claim.get("claimant")
    speaker = claim.get("speaker")
    key = _name_key(claimant)
    if claimant and is_generic(claimant):
        return None
    if claimant:
        if key and key == _name_key(speaker):
            return normalise_org(claim.get("org")) or orgs_of_people.get(key) or (
                NO_ORGANISATION if key in orgs_of_people else _clean(claimant))
        if key in orgs_of_people:
            return orgs_of_people[key]
        return normalise_org(claimant)
    return normalise_org(claim.get("org")) or normalise_org(claim.get("publisher"))


#: Figures that count something a police force does or holds: whose they are matters ("the Met's arrests").
FORCE_METRICS = frozenset({"arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts",
                           "false_alerts", "watchlist_size", "officers", "staff"})
_FORCE_ALIASES = sorted((alias for alias, name in ORG_ALIASES.items()
                         if name.endswith(("Police", "Constabulary")) or name == "Metropolitan Police"),
                        key=len, reverse=True)
#: How far back from a figure its counted organisation is looked for.
COUNTED_ORG_REACH = 200
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]\s")


@functools.lru_cache(maxsize=1)
def _force_name() -> re.Pattern:
    """A police force named in a text: a listed alias ("the Met", "Scotland Yard"; a one-word alias only as a
    capitalised name), or a police force area of the NLP's gazetteer followed by "Police" or "Constabulary"
    ("Kent Police", "Avon and Somerset Constabulary"). Read from the CSV itself: the gazetteer's module loads
    spaCy, which the timeline never needs."""
    with open(Path(lexicon_file).with_name("gazetteer.csv"), newline="", encoding="utf-8") as handle:
        areas = sorted((row["name"] for row in csv.DictReader(handle) if row["kind"] == "police_force_area"),
                       key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:(?P<alias>(?i:" + "|".join(re.escape(a) for a in _FORCE_ALIASES) + r"))"
        r"|(?P<named>(?:" + "|".join(re.escape(a) for a in areas) + r")\s+(?:[Pp]olice(?:\s+[Ss]ervice)?|"
        r"[Cc]onstabulary)))(?:['’]s?)?(?![\w-])")


@_cached
def counted_org(words_before: str | None) -> str | None:
    """The police force whose figure it is, when its sentence names one before it: "The Metropolitan Police's
    use of the technology has resulted in " -> "Metropolitan Police"; the nearest such name wins ("the Met's
    1,100, and Essex Police has made " -> "Essex Police"). None when the sentence names no force."""
    if not words_before:
        return None
    breaks = list(_SENTENCE_BREAK.finditer(words_before))
    sentence = words_before[breaks[-1].end():] if breaks else words_before
    found = None
    for match in _force_name().finditer(sentence):
        name = match.group("alias") or match.group("named")
        if match.group("alias") and " " not in name and not (name.isupper() or name == "Met"):
            continue  # "met" the verb, "MPs" the members of parliament
        found = name
    return normalise_org(found) if found else None
