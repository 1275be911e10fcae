"""Repeats: claims that say the same thing, in one document or many, merged into one claim group.

The same figure (metric, value, unit, claimant organisation and the force it
counts when its text names another, kind of qualifier, period) or the same
quotation published by several outlets is one *claim group* with many sources,
a first-seen date, a repeat count and a count of independent sources
(syndicated copies counted as their original).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from lfrwatch import store
from lfrwatch.timeline.qualifiers import _quote_key, period_key, qualifier_class


def _group_key(claim: dict[str, Any]) -> tuple:
    if claim["kind"] == "quote":
        return ("quote", _quote_key(claim.get("text")))
    key = (
        "figure", claim.get("metric"), claim.get("value"), claim.get("unit"),
        (claim.get("claimant_org") or "").casefold(), qualifier_class(claim.get("qualifier")), period_key(claim),
    )
    counted = claim.get("counted_org")
    if counted and counted.casefold() != key[4]:
        # One claimant's figures about two forces are two facts ("the Met's 60 arrests", "Essex's 60 arrests");
        # the key grows only then, so a group's id stays what it was.
        key += (counted.casefold(),)
    return key


def group_key_json(claim: dict[str, Any]) -> str:
    """A claim's group key as JSON text: the claims whose keys read the same are one group."""
    return _json_key(_group_key(claim))


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
    groups = [make_group(_json_key(key), members, copies, urls) for key, members in buckets.items()]
    groups.sort(key=group_order)
    return groups


def make_group(key_json: str, members: list[dict[str, Any]], copies: dict[int, int],
               urls: dict[int, str]) -> dict[str, Any]:
    """One claim group (see :func:`group_claims`) of ``members``, the claims of one group key (its JSON text).

    ``members`` are sorted here, earliest first; claims that sort alike keep the order they came in.
    """
    members.sort(key=member_order)
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
        "group_id": store.stable_id("group", key_json),
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
    return group


def member_order(claim: dict[str, Any]) -> tuple:
    """The order of a group's claims: the earliest made first (then published, document, place in its text)."""
    return (claim["claimed_on"] or "9999", claim.get("published") or "", claim["document_id"], claim.get("start") or 0)


def group_order(group: dict[str, Any]) -> tuple:
    """The order of claim groups: first made first, then kind, metric, claimant organisation and id."""
    return (group["first_seen"] or "9999", group["kind"], group.get("metric") or "", group.get("claimant_org") or "",
            group["group_id"])
