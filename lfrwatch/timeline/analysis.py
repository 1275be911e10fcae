"""The analysis of the store's current claims: dated, credited, grouped into repeats, with their conflicts.

:func:`analyse` reads every current claim (:func:`load_claims`: its date and
claimant organisation), compares the texts of the documents that share a claim
(:mod:`lfrwatch.timeline.syndication`), merges repeats into claim groups
(:mod:`lfrwatch.timeline.grouping`) and flags conflicts between them
(:mod:`lfrwatch.timeline.conflict_rules`). Everything is computed in memory;
:mod:`lfrwatch.timeline.derived` stores the result.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import sqlite_utils

from lfrwatch import store
from lfrwatch.timeline.claimants import (COUNTED_ORG_REACH, FORCE_METRICS, claimant_org, counted_org, normalise_org,
                                         person_orgs)
from lfrwatch.timeline.conflict_rules import find_conflicts
from lfrwatch.timeline.grouping import claim_buckets, group_claims
from lfrwatch.timeline.qualifiers import claim_date
from lfrwatch.timeline.syndication import syndicated_copies


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


def words_before_figures(db: sqlite_utils.Database, claims: list[dict[str, Any]]) -> dict[str, str]:
    """Claim id -> the text just before each figure about a force's counts, from its document version."""
    ids = [c["id"] for c in claims if c["kind"] == "figure" and c.get("metric") in FORCE_METRICS and c.get("start")]
    before: dict[str, str] = {}
    for offset in range(0, len(ids), 50_000):
        before.update(db.execute(
            "select c.id, substr(v.text, max(1, c.start + 1 - ?), min(c.start, ?)) from claims c "
            "join document_versions v on v.id = c.version_id where c.id in (select value from json_each(?))",
            [COUNTED_ORG_REACH, COUNTED_ORG_REACH, json.dumps(ids[offset:offset + 50_000])]).fetchall())
    return before


def load_claims(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Current claims with their date (``claimed_on``, ``date_basis``), ``claimant_org`` and, for a figure
    whose sentence names the force it counts, ``counted_org`` (:func:`~lfrwatch.timeline.claimants.counted_org`)."""
    claims = store.list_claims(db)
    before = words_before_figures(db, claims)
    attribute_claims(claims, person_orgs(db), lambda claim: before.get(claim["id"]))
    return claims


def attribute_claims(claims: list[dict[str, Any]], orgs_of_people: dict[str, str],
                     words_before: Callable[[dict[str, Any]], str | None]) -> None:
    """Set each claim's date (``claimed_on``, ``date_basis``), ``claimant_org`` and ``counted_org`` (from
    ``words_before(claim)``, the text just before a figure). A generic claimant ("the force said") speaks for
    the organisation its document's other claims name most, else the publisher. :func:`load_claims` and the
    bounded rebuild (:mod:`lfrwatch.timeline.rebuild`, a document at a time) both call it, so their rows agree."""
    named_in: dict[int, Counter] = defaultdict(Counter)
    for claim in claims:
        claim["claimed_on"], claim["date_basis"] = claim_date(claim)
        claim["claimant_org"] = claimant_org(claim, orgs_of_people)
        claim["counted_org"] = counted_org(words_before(claim))
        if claim["claimant_org"] and (claim.get("claimant") or claim.get("org")):  # named, not the publisher
            named_in[claim["document_id"]][claim["claimant_org"]] += 1
    for claim in claims:
        if claim["claimant_org"] is None:
            named = sorted(named_in[claim["document_id"]].items(), key=lambda kv: (-kv[1], kv[0]))
            claim["claimant_org"] = named[0][0] if named else normalise_org(claim.get("publisher"))


def document_copies(db: sqlite_utils.Database, document_ids: Iterable[int]) -> dict[int, int]:
    """:func:`syndicated_copies` among the given documents (their current texts)."""
    ids, docs = sorted(set(document_ids)), []
    for offset in range(0, len(ids), 500):
        chunk = ids[offset:offset + 500]
        docs += db.query("select id, published, sha256, text from documents "
                         f"where id in ({','.join('?' * len(chunk))})", chunk)
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
    for group_id, kinds in conflict_kinds(conflicts).items():
        by_id[group_id]["conflicts"].extend(kinds)  # a group is made with no conflicts
    return Analysis(groups=groups, conflicts=conflicts, copies=copies, claims=claims)


def conflict_kinds(conflicts: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Group id -> the kinds of the conflicts it is on either side of, each kind once, in the order found.

    :func:`analyse` and the bounded rebuild (:mod:`lfrwatch.timeline.rebuild`) both give each group these."""
    kinds_of: dict[str, list[str]] = {}
    for conflict in conflicts:
        for key in ("group_id", "other_group_id"):
            kinds = kinds_of.setdefault(conflict[key], [])
            if conflict["kind"] not in kinds:
                kinds.append(conflict["kind"])
    return kinds_of
