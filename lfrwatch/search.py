"""`lfrwatch search`: SQLite full-text search (FTS5) over documents and quotes.

The ``documents_fts`` and ``claims_fts`` indexes are created by the store's
``002_timeline`` migration and kept in sync by triggers on every write, with
Porter stemming ("arrest" finds "arrests").
"""

from __future__ import annotations

import re
from typing import Any

import click
import sqlite_utils

from lfrwatch.timeline import _cli, db_option, emit_rows, format_option

KINDS = ("document", "quote")


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person types: words must all match; "quoted phrases" stay phrases."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        tokens = re.findall(r"\w+", phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens) + '"')
    if not terms:
        raise click.BadParameter("give at least one word to search for", param_hint="TEXT")
    return " ".join(terms)


def search(db: sqlite_utils.Database, text: str, *, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Documents and quotes matching ``text``, best match first within each kind (documents, then quotes)."""
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
        rows += db.query(
            """select 'quote' as type, c.document_id, c.id as claim_id, d.title,
                      snippet(claims_fts, 0, '[', ']', '…', 24) as snippet, c.speaker,
                      d.canonical_url as url, d.published, d.publisher, claims_fts.rank as rank
               from claims_fts join claims c on c.rowid = claims_fts.rowid
               join documents d on d.id = c.document_id
               where claims_fts match :q and c.kind = 'quote' and c.version_id = d.current_version_id
               order by claims_fts.rank limit :limit""",
            {"q": query, "limit": limit},
        )
    return rows


@click.command("search")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), help="Only documents or only quotes.")
@click.option("--limit", default=50, show_default=True, help="Most results of each kind.")
@format_option
@db_option
@_cli
def search_command(text, kind, limit, fmt, db_path):
    """Full-text search of document titles and texts and of quotes (and their speakers).

    Words must all match, in any form ("arrest" finds "arrests"); put a phrase
    in double quotes. Matches are shown [in brackets] in the snippet.

    Example: lfrwatch search '"watchlist" bias' --kind quote
    """
    from lfrwatch.cliutils import open_database

    rows = search(open_database(db_path), text, kind=kind, limit=limit)
    emit_rows(rows, fmt, ["type", "published", "publisher", "speaker", "snippet", "url"])
