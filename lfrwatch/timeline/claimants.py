"""Who a claim speaks for: organisation names, people's organisations and generic claimants.

"The Met's", "Metropolitan Police Service" and "Scotland Yard" are one
organisation: :func:`normalise_org` gives each one spelling, from the alias
table the NLP's word lists hold (``ORG_ALIASES`` in ``nlp/lexicon.py``), so the
NLP and the timeline cannot disagree on a name. A person's claim is credited
to their organisation (:func:`person_orgs`), and "the force said" to the
organisation its document names (:func:`claimant_org`, then
:func:`lfrwatch.timeline.analysis.load_claims`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter, defaultdict
from typing import Any

import sqlite_utils

# Ways of writing an organisation (lower case, no leading "the") -> one name: the table the NLP names
# organisations with, so the two stages cannot disagree on a name.
from lfrwatch.nlp.lexicon import ORG_ALIASES

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


def person_orgs(db: sqlite_utils.Database) -> dict[str, str]:
    """Person name (casefolded) -> their most often stated organisation, from people and quotes."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in db.query("select name, org from people where org is not null and org != ''"):
        counts[_name_key(row["name"])][normalise_org(row["org"])] += 1
    for row in db.query(
        "select speaker, org from claims where speaker is not null and org is not null and org != ''"
    ):
        counts[_name_key(row["speaker"])][normalise_org(row["org"])] += 1
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for name, c in counts.items() if name}


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
    """
    claimant = claim.get("claimant")
    speaker = claim.get("speaker")
    key = _name_key(claimant)
    if claimant and is_generic(claimant):
        return None
    if claimant:
        if key and key == _name_key(speaker):
            return normalise_org(claim.get("org")) or orgs_of_people.get(key) or _clean(claimant)
        if key in orgs_of_people:
            return orgs_of_people[key]
        return normalise_org(claimant)
    return normalise_org(claim.get("org")) or normalise_org(claim.get("publisher"))
