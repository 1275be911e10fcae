"""The SQLite store: the one owner of lfrwatch's schema, and the place every stage hands its results to.

What it receives:

- from the crawl (:mod:`lfrwatch.crawl` pipelines, :mod:`lfrwatch.spiders`): sources and fetched documents.
  ``documents`` holds one row per article (keyed by canonical URL) with its current version;
  ``document_versions`` keeps every text a page has had, so a changed page never overwrites what was said before;
- from the NLP (:mod:`lfrwatch.nlp`): each document version's analysis, as ``claims`` (figures and quotes),
  ``people``, ``places`` and ``document_places``;
- from :mod:`lfrwatch.records`: the forces' own deployment records and their comparison with claims
  (``record_files``, ``record_deployments``, ``record_comparisons``);
- from :mod:`lfrwatch.timeline`: the derived tables (``claim_groups``, ``claim_group_sources``, ``conflicts``,
  ``timeline_rows``), current while ``derived_state`` says so;
- from :mod:`lfrwatch.ops`: each run and each source's health in it (``runs``, ``source_runs``).

Who reads it: the NLP (what is left to analyse), the timeline and the records check (claims), the exports,
report, feed and Datasette of :mod:`lfrwatch.publish`, and the commands of :mod:`lfrwatch.cli`.

Its modules:

- ``schema``: the tables, made only by named migrations recorded in ``_migrations`` (an old database upgrades
  itself when a newer lfrwatch opens it), the derived-state and quotation triggers, ``describe_schema``;
- ``columns``: what every table and column holds, in words (``describe_schema``, docs/schema.md);
- ``database``: ``open_db``, the write transactions, the errors;
- ``documents``: sources, documents and their versions;
- ``claims``: analyses in, claim and document listings out;
- ``search``: full-text search over documents and quotes;
- ``stamps``: the time, hashes and stable ids written on rows.

Writes of one document (its row, its version) or of one version's analysis (claims, people, places) each happen
in a single transaction: a crash leaves the previous state, never half of a document.

Every name below is read as ``store.X`` somewhere; the modules above are where each is defined (and where a test
replaces it: ``migrate`` reads ``lfrwatch.store.schema.MIGRATIONS``).
"""

from __future__ import annotations

from lfrwatch.store.claims import (CLAIM_SELECT, DOCUMENT_FIELDS, analysis_jobs, counts, document_ids_to_analyse,
                                   documents_to_analyse, list_claims, list_documents, store_analysis)
from lfrwatch.store.columns import COLUMN_DOCS, TABLE_DOCS
from lfrwatch.store.database import Database, DatabaseLockedError, StoreError, _store_error, open_db
from lfrwatch.store.documents import (StoreResult, known_document, record_source_run, store_document,
                                      touch_document, upsert_source)
from lfrwatch.store.schema import (DERIVED_SOURCES, DERIVED_TRIGGER_PREFIX, MIGRATIONS, QUOTE_TEXT_TRIGGERS,
                                   derived_triggers, describe_schema, ensure_derived_state, migrate)
from lfrwatch.store.stamps import sha256_text, stable_id, utcnow

__all__ = [
    "CLAIM_SELECT", "COLUMN_DOCS", "DERIVED_SOURCES", "DERIVED_TRIGGER_PREFIX", "DOCUMENT_FIELDS", "MIGRATIONS",
    "QUOTE_TEXT_TRIGGERS", "TABLE_DOCS", "Database", "DatabaseLockedError", "StoreError", "StoreResult",
    "_store_error", "analysis_jobs", "counts", "derived_triggers", "describe_schema", "document_ids_to_analyse",
    "documents_to_analyse", "ensure_derived_state", "known_document", "list_claims", "list_documents", "migrate",
    "open_db", "record_source_run", "sha256_text", "stable_id", "store_analysis", "store_document",
    "touch_document", "upsert_source", "utcnow",
]
