"""`lfrwatch search`: SQLite full-text search (FTS5) over documents and quotes.

The ``documents_fts`` index (store migration ``002_timeline``) and
``quote_texts_fts`` (``021_quote_search``: each distinct quotation, words and
speaker, once) are kept in sync by triggers on every write, with Porter
stemming ("arrest" finds "arrests").

Quotes are ranked by quotation, not by copy: a quote syndicated to a hundred
outlets is scored once (BM25 over distinct quotations), and its copies follow
one another in the order they were stored. Only as many quotations are read
as it takes to fill ``limit`` rows.
"""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils


KINDS = ("document", "quote")


class SearchError(ValueError):
    """A search text with nothing to search for."""


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person types: words must all match; "quoted phrases" stay phrases."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        tokens = re.findall(r"\w+", phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens) + '"')
    if not terms:
        raise SearchError("give at least one word to search for")
    return " ".join(terms)


def search(db: sqlite_utils.Database, text: str, *, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Documents and quotes matching ``text``, best match first within each kind (documents, then quotes).

    Quotes: the best-matching quotations first, each followed by its current
    copies (one row per quote claim) in the order stored.
    """
    query = fts_query(text)
    rows: list[dict[str, Any]] = []
    if kind in (None, "document"):
        rows += db.query(
            """select 'document' as type, d.id as document_id, null as claim_id, d.title,
                      snippet(documents_fts, 1, '[', ']', '…', 16) as snippet, null as speaker,
                      d.canonical_url as url, d.published, d.publisher, documents_fts.rank as rank
               from documents_fts join documents d on d.rowid = documents_fts.rowid
               where documents_fts match :q order by documents_fts.rank limit :limit""",
            {"q": query, "limit": limit},
        )
    if kind in (None, "quote"):
        rows += quote_matches(db, query, limit)
    return rows


QUOTE_COPIES = """
    select c.document_id, c.id as claim_id, d.title, c.speaker, d.canonical_url as url, d.published, d.publisher
    from quote_text_claims m join claims c on c.id = m.claim_id join documents d on d.id = c.document_id
    where m.text_id = ? and c.kind = 'quote' and c.version_id = d.current_version_id
    order by c.rowid limit ?
"""


def quote_matches(db: sqlite_utils.Database, query: str, limit: int) -> list[dict[str, Any]]:
    """Current quote claims whose quotation matches the FTS5 ``query``: quotations by rank, copies in stored order."""
    rows: list[dict[str, Any]] = []
    if limit <= 0:
        return rows
    ranked = db.execute("select rowid, rank from quote_texts_fts where quote_texts_fts match ? order by rank", [query])
    try:
        for text_id, rank in ranked:
            copies = db.execute(QUOTE_COPIES, [text_id, limit - len(rows)]).fetchall()
            if not copies:  # every claim with these words is of an old version
                continue
            snippet = db.execute("select snippet(quote_texts_fts, 0, '[', ']', '…', 24) from quote_texts_fts "
                                 "where quote_texts_fts match ? and rowid = ?", [query, text_id]).fetchone()[0]
            for document_id, claim_id, title, speaker, url, published, publisher in copies:
                rows.append({"type": "quote", "document_id": document_id, "claim_id": claim_id, "title": title,
                             "snippet": snippet, "speaker": speaker, "url": url, "published": published,
                             "publisher": publisher, "rank": rank})
            if len(rows) >= limit:
                break
    finally:
        ranked.close()
    return rows
