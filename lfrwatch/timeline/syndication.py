"""Syndication: documents whose text is a near-copy of an earlier one (wire copy, reprinted press releases).

A figure repeated by ten papers reprinting one press release is not ten
confirmations: :func:`syndicated_copies` says which document copies which, so
a claim group counts its independent sources
(:func:`lfrwatch.timeline.grouping.group_claims`).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from typing import Any, Iterable

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
    return copies_in_order(sorted(docs, key=document_order), threshold)


def document_order(doc: dict[str, Any]) -> tuple:
    """The order documents are judged in: the earliest published first (no date: last), then by id."""
    return ((doc.get("published") or "9999"), doc["id"])


def copies_in_order(docs: Iterable[dict[str, Any]], threshold: float = 0.8) -> dict[int, int]:
    """:func:`syndicated_copies` of ``docs`` already in :func:`document_order`, read once, one at a time.

    No text is kept once its shingles are sampled (a stream of documents from SQL costs its index, not its texts).
    """
    order: dict[int, int] = {}
    parent: dict[int, int] = {}

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
    sizes: dict[int, int] = {}  # how many shingles each judged document has
    index: dict[int, list[int]] = defaultdict(list)
    for doc in docs:
        doc_id = doc["id"]
        order[doc_id] = len(order)
        parent[doc_id] = doc_id
        if doc.get("sha256"):
            if doc["sha256"] in by_sha:
                union(by_sha[doc["sha256"]], doc_id)
                continue
            by_sha[doc["sha256"]] = doc_id
        sample = _shingles(doc.get("text") or "")
        if len(sample) < MIN_SAMPLES:
            continue
        sizes[doc_id] = len(sample)
        for h in sample:
            index[h].append(doc_id)
    shared: Counter = Counter()
    for ids in index.values():
        if len(ids) < 2 or len(ids) > COMMON:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                shared[(a, b)] += 1
    for (a, b), n in shared.items():
        if n >= threshold * min(sizes[a], sizes[b]):
            union(a, b)
    return {doc_id: find(doc_id) for doc_id in parent if find(doc_id) != doc_id}
