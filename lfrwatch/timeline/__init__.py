"""The timeline: who claimed what value of a metric, when, and where it was published.

Raw claims (one per document) become a researcher's view in three steps:

- **Repeats**: the same figure (metric, value, claimant organisation, period)
  or the same quotation published by several outlets is one *claim group* with
  many sources, a first-seen date and a count. Documents whose text is a
  near-copy of an earlier one (wire copy, syndication) are marked, so a figure
  repeated by ten papers reprinting one press release is not ten confirmations.
- **Series**: for each metric, the groups in date order per claimant
  organisation ("the Met" and "Metropolitan Police Service" are one series; a
  person maps to their organisation when it is known).
- **Conflicts**: a running total that goes down, two values for the same
  period that cannot both be true (qualifiers respected: "more than 1,000" and
  1,046 agree), and a part above its whole (charged above arrested).

A claim's *date* is when it was made (the statement's date when the text gives
one, else the document's publication date), never the period it covers: "over
500 arrests last year", said on 30 January 2025, is dated 2025-01-30.

Everything is computed from the store in memory by :func:`analyse`;
:func:`refresh_derived` writes the result into the ``claim_groups``,
``claim_group_sources`` and ``conflicts`` tables for SQL users (Datasette).
Triggers count every write the analysis depends on (``derived_state``), so
:func:`timeline` reads a metric's rows from ``timeline_rows`` by index while
the derived tables are current, and refreshes them first when they are not.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import logging
import math
import re
import sqlite3
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

try:
    import orjson  # a pinned dependency: decodes the stored timeline rows 2-3 times faster than json
except ImportError:  # pragma: no cover - the same rows, only slower
    orjson = None

from lfrwatch import records, store

logger = logging.getLogger(__name__)

#: Pure functions of a short string, called for every claim: cached (the same names and phrases recur).
_cached = functools.lru_cache(maxsize=1 << 16)

METRICS = (
    "arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts",
    "watchlist_size", "officers", "staff", "money", "other",
)

#: (part, whole): the part can never exceed the whole for one claimant and period.
PARTS_OF = (
    ("charges_or_cautions", "arrests"),
    ("false_alerts", "alerts"),
    ("alerts", "faces_scanned"),
)

CONFLICT_KINDS = {
    "cumulative_decrease": "a running total went down",
    "value_mismatch": "different values for the same period",
    "part_exceeds_whole": "a part is larger than its whole",
}

# ----------------------------------------------------------------------------
# Organisations

#: Ways of writing an organisation (lower case, no leading "the") -> one name.
ORG_ALIASES: dict[str, str] = {
    "met": "Metropolitan Police",
    "met police": "Metropolitan Police",
    "met police service": "Metropolitan Police",
    "metropolitan police": "Metropolitan Police",
    "metropolitan police service": "Metropolitan Police",
    "mps": "Metropolitan Police",
    "scotland yard": "Metropolitan Police",
    "new scotland yard": "Metropolitan Police",
    "south wales police": "South Wales Police",
    "swp": "South Wales Police",
    "essex police": "Essex Police",
    "city of london police": "City of London Police",
    "greater manchester police": "Greater Manchester Police",
    "gmp": "Greater Manchester Police",
    "home office": "Home Office",
    "gov.uk": "Home Office",
    "ico": "Information Commissioner's Office",
    "information commissioner's office": "Information Commissioner's Office",
    "information commissioner": "Information Commissioner's Office",
    "npcc": "National Police Chiefs' Council",
    "national police chiefs' council": "National Police Chiefs' Council",
    "national police chiefs council": "National Police Chiefs' Council",
    "mopac": "Mayor's Office for Policing and Crime",
    "mayor's office for policing and crime": "Mayor's Office for Policing and Crime",
    "big brother watch": "Big Brother Watch",
    "liberty": "Liberty",
    "amnesty": "Amnesty International",
    "amnesty international": "Amnesty International",
    "college of policing": "College of Policing",
}


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
    gives None: :func:`load_claims` resolves it from the rest of its document.
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


# ----------------------------------------------------------------------------
# Syndication: near-identical documents


SHINGLE = 5
SAMPLE_MOD = 4  # keep a quarter of the shingles (by hash), the same quarter in every document
MIN_SAMPLES = 6  # shorter texts are not judged
COMMON = 50  # a shingle in more documents than this is boilerplate, not evidence


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", (text or "").casefold())
    hashes = set()
    for i in range(max(len(words) - SHINGLE + 1, 0)):
        h = zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8"))
        if h % SAMPLE_MOD == 0:
            hashes.add(h)
    return hashes


def syndicated_copies(docs: Iterable[dict[str, Any]], threshold: float = 0.8) -> dict[int, int]:
    """Document id -> id of the earliest document it copies (same text, or ``threshold`` of it shared).

    ``docs`` need ``id``, ``text``, ``sha256`` and ``published``. Candidate pairs
    come from an inverted index of sampled word 5-gram hashes, so this stays
    near-linear in the number of documents.
    """
    docs = sorted(docs, key=lambda d: ((d.get("published") or "9999"), d["id"]))
    order = {d["id"]: i for i, d in enumerate(docs)}
    parent = {d["id"]: d["id"] for d in docs}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if order[ra] > order[rb]:
                ra, rb = rb, ra
            parent[rb] = ra

    by_sha: dict[str, int] = {}
    samples: dict[int, set[int]] = {}
    index: dict[int, list[int]] = defaultdict(list)
    for doc in docs:
        if doc.get("sha256"):
            if doc["sha256"] in by_sha:
                union(by_sha[doc["sha256"]], doc["id"])
                continue
            by_sha[doc["sha256"]] = doc["id"]
        sample = _shingles(doc.get("text") or "")
        if len(sample) < MIN_SAMPLES:
            continue
        samples[doc["id"]] = sample
        for h in sample:
            index[h].append(doc["id"])
    shared: Counter = Counter()
    for ids in index.values():
        if len(ids) < 2 or len(ids) > COMMON:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                shared[(a, b)] += 1
    for (a, b), n in shared.items():
        if n >= threshold * min(len(samples[a]), len(samples[b])):
            union(a, b)
    return {doc_id: find(doc_id) for doc_id in parent if find(doc_id) != doc_id}


# ----------------------------------------------------------------------------
# Analysis


@dataclass
class Analysis:
    """Claim groups (figures and quotes), conflicts, and which documents sharing a claim copy another."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    copies: dict[int, int] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)

    def figures(self, metric: str | None = None) -> list[dict[str, Any]]:
        return [g for g in self.groups if g["kind"] == "figure" and (metric is None or g["metric"] == metric)]

    def quotes(self) -> list[dict[str, Any]]:
        return [g for g in self.groups if g["kind"] == "quote"]


def _group_key(claim: dict[str, Any]) -> tuple:
    if claim["kind"] == "quote":
        return ("quote", _quote_key(claim.get("text")))
    return (
        "figure", claim.get("metric"), claim.get("value"), claim.get("unit"),
        (claim.get("claimant_org") or "").casefold(), qualifier_class(claim.get("qualifier")), period_key(claim),
    )


def _json_key(key: tuple) -> str:
    return json.dumps(key, default=str, ensure_ascii=False)


def claim_buckets(claims: list[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    """Claims that say the same thing (see :func:`group_claims`), by their group key."""
    buckets: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        buckets[_group_key(claim)].append(claim)
    return buckets


def group_claims(claims: list[dict[str, Any]], copies: dict[int, int],
                 urls: dict[int, str] | None = None, *,
                 buckets: dict[tuple, list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """Merge claims that say the same thing into groups, earliest first.

    A group row keeps every field of its earliest claim (so ``id``,
    ``document_url``, ``published``... are the first source's) and adds
    ``group_id``, ``claimant_org``, ``first_seen``, ``last_seen``,
    ``repeat_count`` (distinct documents), ``independent_count`` (distinct
    documents once syndicated copies count as their original) and ``sources``.
    ``buckets`` is :func:`claim_buckets` of ``claims`` when the caller has it.
    """
    urls = urls or {}
    if buckets is None:
        buckets = claim_buckets(claims)
    groups = []
    for key, members in buckets.items():
        members.sort(key=lambda c: (c["claimed_on"] or "9999", c.get("published") or "", c["document_id"], c.get("start") or 0))
        first = members[0]
        sources, seen_docs = [], set()
        for claim in members:
            if claim["document_id"] in seen_docs:
                continue
            seen_docs.add(claim["document_id"])
            original = copies.get(claim["document_id"])
            sources.append({
                "claim_id": claim["id"],
                "document_id": claim["document_id"],
                "url": claim.get("document_url"),
                "publisher": claim.get("publisher"),
                "published": claim.get("published"),
                "claimed_on": claim["claimed_on"],
                "syndicated_from": urls.get(original) if original else None,
            })
        roots = {copies.get(doc_id, doc_id) for doc_id in seen_docs}
        dates = [c["claimed_on"] for c in members if c["claimed_on"]]
        group = dict(first)
        group.update({
            "group_id": store.stable_id("group", _json_key(key)),
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "repeat_count": len(seen_docs),
            "independent_count": len(roots),
            "sources": sources,
            "claim_ids": [c["id"] for c in members],
            "conflicts": [],
        })
        if first["kind"] == "quote":
            # Outlets may disagree on who said it: keep the most common attribution.
            speakers = Counter(c.get("speaker") for c in members if c.get("speaker"))
            if speakers:
                best = sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                pick = next(c for c in members if c.get("speaker") == best)
                group.update({k: pick.get(k) for k in ("speaker", "role", "org", "claimant_org")})
        groups.append(group)
    groups.sort(key=lambda g: (g["first_seen"] or "9999", g["kind"], g.get("metric") or "",
                               g.get("claimant_org") or "", g["group_id"]))
    return groups


def _describe(group: dict[str, Any]) -> str:
    value = group.get("value")
    number = f"{value:,.0f}" if isinstance(value, (int, float)) and float(value).is_integer() else f"{value:,}"
    parts = [group.get("qualifier"), number, group.get("metric")]
    if group.get("period"):
        parts.append(f"({group['period']})")
    return " ".join(str(p) for p in parts if p) + f" on {group.get('first_seen')}"


def _conflict(kind: str, a: dict[str, Any], b: dict[str, Any], reason: str) -> dict[str, Any]:
    row = {
        "id": store.stable_id("conflict", kind, a["group_id"], b["group_id"]),
        "kind": kind,
        "metric": a.get("metric"),
        "other_metric": b.get("metric"),
        "claimant_org": a.get("claimant_org"),
        "reason": reason,
    }
    for prefix, group in (("", a), ("other_", b)):
        row.update({
            f"{prefix}group_id": group["group_id"],
            f"{prefix}claim_id": group["id"],
            f"{prefix}claimed_on": group["first_seen"],
            f"{prefix}value": group.get("value"),
            f"{prefix}qualifier": group.get("qualifier"),
            f"{prefix}period": group.get("period"),
            f"{prefix}text": group.get("text"),
            f"{prefix}document_url": group.get("document_url"),
            f"{prefix}publisher": group.get("publisher"),
        })
    return row


def _shares_document(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool({s["document_id"] for s in a["sources"]} & {s["document_id"] for s in b["sources"]})


EPSILON = 1e-9


def find_conflicts(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag contradictions between figure groups of one claimant organisation; see the module docstring."""
    figures = [g for g in groups if g["kind"] == "figure" and g.get("value") is not None
               and g.get("claimant_org") and qualifier_class(g.get("qualifier")) != "increment"]
    by_org_metric: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for g in figures:
        by_org_metric[(g["claimant_org"].casefold(), g["metric"], g.get("unit"))].append(g)
    conflicts = []

    # 1. A running total that goes down.
    for (_, metric, _), items in sorted(by_org_metric.items()):
        runs: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for g in items:
            if is_cumulative(g) and g["first_seen"]:
                runs[g.get("period_start")].append(g)
        for run in runs.values():
            run.sort(key=lambda g: (g.get("as_of") or g["first_seen"], g["first_seen"], g["group_id"]))
            highest = None
            for g in run:
                low, high = value_range(g["value"], g.get("qualifier"))
                if highest is not None:
                    h_low = value_range(highest["value"], highest.get("qualifier"))[0]
                    later = (g.get("as_of") or g["first_seen"]) > (highest.get("as_of") or highest["first_seen"])
                    # A later "more than 1,100" after "more than 1,300": judge the figure stated.
                    stated_top = g["value"] if qualifier_class(g.get("qualifier")) in ("lower", "exact") else high
                    if later and stated_top < h_low - EPSILON:
                        conflicts.append(_conflict(
                            "cumulative_decrease", highest, g,
                            f"{g['claimant_org']}'s running total of {metric} went down: "
                            f"{_describe(highest)}, then {_describe(g)}",
                        ))
                if highest is None or low > value_range(highest["value"], highest.get("qualifier"))[0]:
                    highest = g

    # 2. Two values for the same period that cannot both be true.
    for (_, metric, _), items in sorted(by_org_metric.items()):
        periods: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for g in items:
            key = comparable_period(g)
            if key is not None:
                periods[key].append(g)
        for same in periods.values():
            same.sort(key=lambda g: (g["first_seen"], g["group_id"]))
            for i, a in enumerate(same):
                a_low, a_high = value_range(a["value"], a.get("qualifier"))
                for b in same[i + 1:]:
                    b_low, b_high = value_range(b["value"], b.get("qualifier"))
                    if a_low <= b_high + EPSILON and b_low <= a_high + EPSILON:
                        continue
                    if _shares_document(a, b):
                        continue  # a breakdown within one text, not two versions of one fact
                    conflicts.append(_conflict(
                        "value_mismatch", a, b,
                        f"{a['claimant_org']} gave different {metric} for the same period: "
                        f"{_describe(a)} vs {_describe(b)}",
                    ))

    # 3. A part larger than its whole.
    for part_metric, whole_metric in PARTS_OF:
        wholes: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for g in figures:
            if g["metric"] == whole_metric and (key := comparable_period(g)) is not None:
                wholes[(g["claimant_org"].casefold(), g.get("unit"), key)].append(g)
        for part in figures:
            if part["metric"] != part_metric or (key := comparable_period(part)) is None:
                continue
            for whole in wholes.get((part["claimant_org"].casefold(), part.get("unit"), key), []):
                part_low = value_range(part["value"], part.get("qualifier"))[0]
                whole_high = value_range(whole["value"], whole.get("qualifier"))[1]
                if part_low > whole_high + EPSILON:
                    conflicts.append(_conflict(
                        "part_exceeds_whole", part, whole,
                        f"{part['claimant_org']}: {_describe(part)} is more than {_describe(whole)}",
                    ))
    conflicts.sort(key=lambda c: (c["other_claimed_on"] or "", c["kind"], c["metric"] or "", c["id"]))
    return conflicts


def load_claims(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Current claims with their date (``claimed_on``, ``date_basis``) and ``claimant_org``."""
    claims = store.list_claims(db)
    orgs = person_orgs(db)
    named_in: dict[int, Counter] = defaultdict(Counter)
    for claim in claims:
        claim["claimed_on"], claim["date_basis"] = claim_date(claim)
        claim["claimant_org"] = claimant_org(claim, orgs)
        if claim["claimant_org"] and (claim.get("claimant") or claim.get("org")):  # named, not the publisher
            named_in[claim["document_id"]][claim["claimant_org"]] += 1
    for claim in claims:
        if claim["claimant_org"] is None:
            # "The force said": the organisation its document's other claims speak for, else the publisher.
            named = sorted(named_in[claim["document_id"]].items(), key=lambda kv: (-kv[1], kv[0]))
            claim["claimant_org"] = named[0][0] if named else normalise_org(claim.get("publisher"))
    return claims


def document_copies(db: sqlite_utils.Database, document_ids: Iterable[int]) -> dict[int, int]:
    """:func:`syndicated_copies` among the given documents (their current texts)."""
    ids, docs = sorted(set(document_ids)), []
    for offset in range(0, len(ids), 500):
        chunk = ids[offset:offset + 500]
        docs += db.query(f"select id, published, sha256, text from documents where id in ({','.join('?' * len(chunk))})",
                         chunk)
    return syndicated_copies(docs)


def analyse(db: sqlite_utils.Database) -> Analysis:
    """Group every current claim, find conflicts and attach them to their groups.

    Syndication only matters between documents that carry the same claim, so
    only those documents' texts are compared.
    """
    claims = load_claims(db)
    urls = {c["document_id"]: c["document_url"] for c in claims}
    buckets = claim_buckets(claims)
    shared: set[int] = set()  # the documents of every claim carried by more than one document
    for members in buckets.values():
        documents = {c["document_id"] for c in members}
        if len(documents) > 1:
            shared |= documents
    copies = document_copies(db, shared)
    groups = group_claims(claims, copies, urls, buckets=buckets)
    conflicts = find_conflicts(groups)
    by_id = {g["group_id"]: g for g in groups}
    for conflict in conflicts:
        for key in ("group_id", "other_group_id"):
            if conflict["kind"] not in by_id[conflict[key]]["conflicts"]:
                by_id[conflict[key]]["conflicts"].append(conflict["kind"])
    return Analysis(groups=groups, conflicts=conflicts, copies=copies, claims=claims)


def _matches_org(group: dict[str, Any], claimant: str) -> bool:
    wanted = normalise_org(claimant) or claimant
    if (group.get("claimant_org") or "").casefold() == wanted.casefold():
        return True
    needle = claimant.casefold()
    return any(needle in str(group.get(k) or "").casefold() for k in ("claimant_org", "claimant", "org", "publisher"))


def timeline(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
             since: str | None = None, analysis: Analysis | None = None,
             limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The series for ``metric``: one row per distinct claim, in the order first made, with its sources.

    ``claimant`` matches the normalised claimant organisation (or, as a
    substring, the claimant, speaker's organisation or publisher); ``since``
    keeps claims first made on or after that date. ``offset`` and ``limit``
    page through the (filtered) series: the rows from ``offset`` (0: the
    first), at most ``limit`` of them (None: all); from the stored tables the
    page is read by index, so a page of a long series costs what its rows do.

    Without ``analysis``, the rows come from the stored ``claim_groups`` when
    they are current (:func:`derived_current`); otherwise the claims are
    analysed and the derived tables rewritten first (when the file can be
    written). Both give the same rows.

    Each row also has ``recorded``, ``verdict`` and ``verdict_reason``: when
    the claim is a force's figure about a metric its stored deployment
    records cover, what those records add up to for the claim's period and
    place, and how the claim compares (:func:`lfrwatch.records.compare_claims`,
    for the group's earliest claim); None otherwise.
    """
    limit, offset = _page(limit, offset)
    if analysis is None and derived_current(db):
        rows = stored_figures(db, metric, claimant=claimant, since=since, limit=limit, offset=offset)
    else:
        analysis = analysis or refresh_for_reading(db)
        rows = analysis.figures(metric)
        if claimant:
            rows = [g for g in rows if _matches_org(g, claimant)]
        if since:
            rows = [g for g in rows if (g["first_seen"] or "") >= since]
        rows = rows[offset:] if limit is None else rows[offset:offset + limit]
    compared = record_comparisons(db, metric) if rows else {}
    if analysis is None and not compared:  # stored rows are fresh objects: no copy, nothing to look up
        for row in rows:
            row.update(recorded=None, verdict=None, verdict_reason=None)
        return rows
    out = []
    for group in rows:
        found = next((compared[i] for i in [group["id"], *group["claim_ids"]] if i in compared), None) \
            if compared else None
        row = group if analysis is None else dict(group)  # stored rows are fresh; the analysis' are kept as they are
        row.update(recorded=found["recorded"] if found else None, verdict=found["verdict"] if found else None,
                   verdict_reason=found["reason"] if found else None)
        out.append(row)
    return out


def _page(limit: int | None, offset: int | None) -> tuple[int | None, int]:
    """(limit, offset) checked: whole numbers, not negative; an offset of None is 0."""
    offset = 0 if offset is None else offset
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"{name} must be a whole number, 0 or more (got {value!r})")
    return limit, offset


def record_comparisons(db: sqlite_utils.Database, metric: str) -> dict[str, dict[str, Any]]:
    """Claim id -> its comparison with the records of the force that made it, for forces with records stored."""
    if metric not in records.COVERED_METRICS or not _records_cover_any_days(db):
        return {}
    return {c["claim_id"]: c for c in records.compare_claims(db, metric=metric) if c["records_from"] is not None}


def _records_cover_any_days(db: sqlite_utils.Database) -> bool:
    """False when no force's records cover a day (:func:`lfrwatch.records.coverage` is empty for every force).

    Coverage comes from deployments still listed by a file read without error;
    with none, every comparison has ``records_from`` None, so the claims need
    not be compared at all (which reads every figure claim).
    """
    if not db["record_files"].exists() or not db["record_deployments"].exists():
        return False
    return db.execute("select exists (select 1 from record_files f join record_deployments d "
                      "on d.last_seen_file_id = f.id where f.status = 'ok')").fetchone()[0] == 1


def series(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Timeline rows by claimant organisation, each in date order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row.get("claimant_org") or "(unknown)"].append(row)
    return dict(out)


def conflicts(db: sqlite_utils.Database, *, metric: str | None = None,
              analysis: Analysis | None = None) -> list[dict[str, Any]]:
    """Conflict flags, optionally for one metric (either side of a part/whole pair)."""
    analysis = analysis or analyse(db)
    return [c for c in analysis.conflicts if metric is None or metric in (c["metric"], c["other_metric"])]


def quotes(db: sqlite_utils.Database, *, speaker: str | None = None, since: str | None = None,
           analysis: Analysis | None = None) -> list[dict[str, Any]]:
    """Distinct quotations (repeats merged) in the order first published; ``speaker`` matches part of a name."""
    analysis = analysis or analyse(db)
    rows = analysis.quotes()
    if speaker:
        needle = speaker.casefold()
        rows = [q for q in rows if needle in (q.get("speaker") or "").casefold()]
    if since:
        rows = [q for q in rows if (q["first_seen"] or "") >= since]
    return rows


# ----------------------------------------------------------------------------
# Derived tables, for SQL users


GROUP_COLUMNS = (
    "id", "kind", "metric", "value", "unit", "qualifier", "period", "period_start", "period_end", "as_of", "text",
    "speaker", "role", "org", "claimant", "claimant_org", "first_seen", "last_seen", "date_basis", "repeat_count",
    "independent_count", "claim_id", "document_url", "publisher", "conflict_count",
)


def group_row(group: dict[str, Any]) -> dict[str, Any]:
    """A claim group as a flat ``claim_groups`` row."""
    row = {k: group.get(k) for k in GROUP_COLUMNS}
    row.update({"id": group["group_id"], "claim_id": group["id"], "conflict_count": len(group["conflicts"])})
    return row


TIMELINE_ROW_COLUMNS = ("position", "group_id", "metric", "first_seen", "claimant_org", "claimant", "org", "publisher",
                        "row")
SOURCE_COLUMNS = ("group_id", "claim_id", "document_url", "publisher", "published", "claimed_on", "syndicated_from")
CONFLICT_COLUMNS = ("id", "kind", "metric", "other_metric", "claimant_org", "reason") + tuple(
    f"{prefix}{name}" for prefix in ("", "other_") for name in (
        "group_id", "claim_id", "claimed_on", "value", "qualifier", "period", "text", "document_url", "publisher"))


@contextlib.contextmanager
def _bulk_objects():
    """No cyclic garbage collection while many acyclic dicts and lists are made (it would walk them again and again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code the derived tables are computed by (this module and the store's queries)."""
    digest = hashlib.sha1()
    for module_file in (__file__, store.__file__):
        try:
            digest.update(Path(module_file).read_bytes())
        except OSError:
            digest.update(str(module_file).encode())
    return digest.hexdigest()[:16]


def _derived_state(db: sqlite_utils.Database) -> tuple[int, int | None, str | None] | None:
    """(data_version, built_version, built_code) with every counting trigger in place, else None (unknown)."""
    try:
        row = db.execute("select data_version, built_version, built_code from derived_state "
                         "where name = 'timeline'").fetchone()
        triggers = store.derived_triggers()
        found = db.execute(f"select count(*) from sqlite_master where type = 'trigger' and name in "
                           f"({', '.join('?' * len(triggers))})", list(triggers)).fetchone()[0]
    except sqlite3.OperationalError:  # no derived_state table: a database not migrated by this lfrwatch
        return None
    if row is None or found != len(triggers):
        return None
    return row[0], row[1], row[2]


def derived_current(db: sqlite_utils.Database) -> bool:
    """Whether the derived tables were computed, by this code, from the claims as they are now."""
    state = _derived_state(db)
    return state is not None and state[1] is not None and state[0] == state[1] and state[2] == code_fingerprint()


def refresh_derived(db: sqlite_utils.Database, analysis: Analysis | None = None) -> Analysis:
    """Rewrite ``claim_groups``, ``claim_group_sources`` and ``conflicts`` from the current claims, atomically.

    The tables are marked current as of the change counter read before the
    claims were (a write during the analysis leaves them stale); an
    ``analysis`` passed in is of unknown age, so its tables are not.
    """
    state = _derived_state(db) if analysis is None else None
    with _bulk_objects():
        analysis = analysis or analyse(db)
        write_derived(db, analysis, built_version=state[0] if state else None)
    return analysis


def refresh_for_reading(db: sqlite_utils.Database, busy_ms: int = 2000) -> Analysis:
    """The analysis of the current claims, stored as the derived tables when the file can be written.

    A read-only file, or one another writer holds for more than ``busy_ms``,
    keeps its derived tables as they are: the analysis is still returned.
    """
    state = _derived_state(db)
    with _bulk_objects():
        analysis = analyse(db)
    previous = db.execute("pragma busy_timeout").fetchone()[0]
    try:
        db.execute(f"pragma busy_timeout = {int(busy_ms)}")
        with _bulk_objects():
            write_derived(db, analysis, built_version=state[0] if state else None)
    except sqlite3.OperationalError as exc:  # read-only or locked: derived data, not worth failing a read for
        logger.info("derived timeline tables not updated: %s", exc)
    finally:
        db.execute(f"pragma busy_timeout = {int(previous)}")
    return analysis


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def write_derived(db: sqlite_utils.Database, analysis: Analysis, *, built_version: int | None) -> None:
    """Replace the derived tables' rows with ``analysis`` in one transaction and record what they were built from.

    ``timeline_rows`` holds each figure group exactly as :meth:`Analysis.figures`
    gives it, so :func:`stored_figures` returns the same rows.
    """
    group_columns = GROUP_COLUMNS + ("position",)
    group_rows = ((*map(row.__getitem__, GROUP_COLUMNS), position)
                  for position, group in enumerate(analysis.groups) for row in (group_row(group),))
    # Generators: one figure's JSON at a time, not all of them at once.
    timeline_rows = (
        (position, group["group_id"], group.get("metric"), group["first_seen"], group.get("claimant_org"),
         group.get("claimant"), group.get("org"), group.get("publisher"), _json(group))
        for position, group in enumerate(analysis.groups) if group["kind"] == "figure"
    )
    source_rows = (
        (group["group_id"], source["claim_id"], source["url"], source["publisher"], source["published"],
         source["claimed_on"], source["syndicated_from"])
        for group in analysis.groups for source in group["sources"]
    )
    conflict_rows = (tuple(c.get(k) for k in CONFLICT_COLUMNS) for c in analysis.conflicts)

    def insert(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        db.conn.executemany(f"insert into {table} ({names}) values ({', '.join('?' * len(columns))})", rows)

    with db.atomic():
        for table in ("claim_group_sources", "claim_groups", "conflicts", "timeline_rows"):
            db.execute(f"delete from {table}")
        insert("claim_groups", group_columns, group_rows)
        insert("timeline_rows", TIMELINE_ROW_COLUMNS, timeline_rows)
        insert("claim_group_sources", SOURCE_COLUMNS, source_rows)
        insert("conflicts", CONFLICT_COLUMNS, conflict_rows)
        if db["derived_state"].exists():
            store.ensure_derived_state(db)
            db.execute("update derived_state set built_version = ?, built_code = ?, built_at = ? "
                       "where name = 'timeline'", [built_version, code_fingerprint(), store.utcnow()])


def _casefold(value: Any) -> str:
    return str(value or "").casefold()


def stored_figures(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
                   since: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """:meth:`Analysis.figures` for ``metric``, filtered and paged as :func:`timeline` does, from ``timeline_rows``.

    Only meaningful while :func:`derived_current`. ``timeline_rows`` is read
    by its ``(metric, position)`` index (the page too: ``limit``/``offset`` in
    SQL); ``claimant`` matches as :func:`_matches_org` does (Python's
    casefold, registered as a function). Each row's JSON is read as UTF-8
    bytes and decoded by orjson when it is installed (json otherwise, and for
    what orjson refuses, such as the ``NaN`` json writes for a float NaN).
    """
    where, params = ["metric = :metric"], {"metric": metric}
    if since:
        where.append("first_seen >= :since")
        params["since"] = since
    if claimant:
        db.conn.create_function("lfrwatch_casefold", 1, _casefold, deterministic=True)
        params["wanted"] = (normalise_org(claimant) or claimant).casefold()
        params["needle"] = claimant.casefold()
        where.append("(lfrwatch_casefold(claimant_org) = :wanted or " + " or ".join(
            f"instr(lfrwatch_casefold({column}), :needle) > 0"
            for column in ("claimant_org", "claimant", "org", "publisher")) + ")")
    sql = f"select cast(row as blob) from timeline_rows where {' and '.join(where)} order by position"
    if limit is not None or offset:
        sql += " limit :limit offset :offset"
        params.update(limit=-1 if limit is None else limit, offset=offset)
    with _bulk_objects():
        return _decode_rows(db.execute(sql, params))


def _decode_rows(cursor: Iterable[tuple[bytes]]) -> list[dict[str, Any]]:
    """Each stored row's JSON (UTF-8 bytes) as a dict.

    orjson gives what json does for what :func:`write_derived` writes, but
    for one thing it cannot: an integer beyond 64 bits, which orjson reads as
    a float. Every integer in a row comes from SQLite, whose integers are 64-bit.
    """
    if orjson is None:
        return [json.loads(data) for (data,) in cursor]
    loads, refused = orjson.loads, orjson.JSONDecodeError
    out = []
    append = out.append
    for (data,) in cursor:
        try:
            append(loads(data))
        except refused:  # NaN or Infinity: json writes them for a float NaN or infinity, orjson refuses them
            append(json.loads(data))
    return out
