"""The SQLite store: the one module that owns lfrwatch's schema.

Tables (see ``describe_schema()`` for every column):

- ``sources``: the sources lfrwatch knows, with their last run.
- ``documents``: one row per article (keyed by canonical URL) holding its
  current version; ``document_versions`` keeps every text a page has had, so a
  changed page never overwrites what was said before.
- ``claims``: figures and quotes extracted from one document version.
- ``people``, ``places``, ``document_places``: who and where, per document.
- ``_migrations``: the named schema migrations applied to this file, so an old
  database upgrades itself when a newer lfrwatch opens it.

Writes of one document (its row, its version) or of one version's analysis
(claims, people, places) each happen in a single transaction: a crash leaves
the previous state, never half of a document.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

# ----------------------------------------------------------------------------
# Errors


class StoreError(RuntimeError):
    """A database problem worth one clear line to the user."""


class DatabaseLockedError(StoreError):
    pass


# ----------------------------------------------------------------------------
# Helpers


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: Any, length: int = 16) -> str:
    """An id derived from the data itself, so it is the same on every run."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


# ----------------------------------------------------------------------------
# Schema and migrations

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "sources": {
        "name": "Source slug: the spider's name (e.g. met_news), or 'feed' for ad-hoc feeds",
        "kind": "police, government, parliament, campaign, press or feed",
        "publisher": "Who publishes the source",
        "base_url": "The site's base URL the spider starts from",
        "enabled": "1 when `lfrwatch crawl` with no arguments crawls it",
        "last_run_at": "When a crawl of this source last finished (UTC, ISO 8601)",
        "last_status": "ok, or errors when the last run reported errors",
        "documents_found": "Documents the last run found relevant",
        "documents_stored": "New documents or versions the last run stored",
        "errors": "Errors in the last run",
    },
    "documents": {
        "id": "Row id",
        "url": "The URL the document was first fetched from",
        "canonical_url": "The URL with tracking parameters stripped and rel=canonical honoured; one row per canonical URL",
        "source": "The source (spider) that found it",
        "kind": "police, government, parliament, campaign, press or other",
        "publisher": "The publishing organisation",
        "title": "Title of the current version",
        "published": "Publication date-time, ISO 8601 with the page's timezone where known",
        "updated": "Last update date-time the page states, ISO 8601",
        "author": "Byline",
        "text": "Article text of the current version, boilerplate removed",
        "sha256": "SHA-256 of the current version's text",
        "fetched_at": "When the current version was fetched (UTC)",
        "first_seen_at": "When lfrwatch first stored this document (UTC)",
        "last_checked_at": "When lfrwatch last fetched the page, changed or not (UTC)",
        "current_version_id": "document_versions.id of the current text",
        "analysed_version_id": "document_versions.id whose claims are stored; differs from current_version_id until `lfrwatch extract` runs",
        "warc_file": "Archive file (under the archive folder) holding the raw response of the current version",
        "warc_record_id": "WARC-Record-ID of that response",
        "warc_offset": "Byte offset of that record in the archive file",
        "raw_sha256": "SHA-256 of the response body as parsed (after content decoding)",
        "etag": "HTTP ETag of the last response",
        "last_modified": "HTTP Last-Modified of the last response",
    },
    "document_versions": {
        "id": "Row id",
        "document_id": "documents.id",
        "version": "1 for the first text seen, then 2, 3... when the page's text changed",
        "sha256": "SHA-256 of this version's text",
        "title": "Title of this version",
        "published": "Publication date-time stated by this version",
        "updated": "Update date-time stated by this version",
        "author": "Byline of this version",
        "text": "This version's article text",
        "fetched_at": "When this version was fetched (UTC)",
        "url": "The URL this version was fetched from",
        "http_status": "HTTP status of the response",
        "raw_sha256": "SHA-256 of the response body as parsed (after content decoding)",
        "warc_file": "Archive file holding the raw response",
        "warc_record_id": "WARC-Record-ID of the response record",
        "warc_offset": "Byte offset of that record in the archive file",
    },
    "claims": {
        "id": "Stable id: the same claim of the same document version has the same id on every run",
        "document_id": "documents.id",
        "version_id": "document_versions.id the claim was extracted from",
        "kind": "figure or quote",
        "metric": "For figures: arrests, charges_or_cautions, deployments, faces_scanned, alerts, false_alerts, watchlist_size, officers, staff, money, other",
        "value": "For figures: the normalised number",
        "unit": "For figures: unit of the value (GBP for money), else null",
        "qualifier": "Words qualifying the figure as written: more than, up to, over, almost...",
        "period": "The period the figure covers as written: to date, last year, per week...",
        "period_start": "Start of the period resolved against the publication date (ISO date)",
        "period_end": "End of the period resolved against the publication date (ISO date)",
        "as_of": "Date a cumulative figure holds at (ISO date)",
        "text": "The figure's phrase, or the quotation without its marks",
        "start": "Character offset of the text in the document version",
        "end": "Character offset just after the text",
        "speaker": "For quotes: the speaker's full name, or the unnamed description as written; for figures inside a quote, its speaker",
        "role": "Speaker's role",
        "org": "Speaker's organisation",
        "claimant": "Who makes the claim: the speaker, the organisation, or the publisher of its own press release",
        "person_id": "people.id of the speaker when named",
        "claimed_on": "Date the claim was made: the statement's date when the NLP finds one in the text, else the document's publication date",
        "created_at": "When the claim was stored (UTC)",
    },
    "people": {
        "id": "Stable id from document and name",
        "document_id": "documents.id",
        "version_id": "document_versions.id",
        "name": "Full name without honorific",
        "honorific": "Honorific or rank as written: Sir, Dr, DCI...",
        "role": "Role from appositions and titles",
        "org": "Organisation, normalised",
    },
    "places": {
        "id": "Stable id from the place's name",
        "name": "Place name from the gazetteer",
        "kind": "borough, district, city, town, force_area...",
        "lat": "Latitude (WGS84)",
        "lon": "Longitude (WGS84)",
    },
    "document_places": {
        "document_id": "documents.id",
        "version_id": "document_versions.id",
        "place_id": "places.id",
        "name": "The place's name as first written in the document",
        "start": "Character offset of the first mention",
        "end": "Character offset after the first mention",
    },
    "_migrations": {
        "name": "Migration name",
        "applied_at": "When it was applied (UTC)",
    },
    # Official deployment records (lfrwatch/records/__init__.py, docs/records.md).
    "record_files": {
        "id": "Row id: one row per distinct file fetched (a re-published file with other bytes is a new row)",
        "source": "The records source (spider) that fetched it, e.g. met_lfr_records",
        "force": "Force key: met, essex, south-wales",
        "url": "URL of the record file (PDF) or records page (HTML)",
        "label": "The period the file's name states (2024, 2025-07...), as written",
        "period_start": "Start of that period (ISO date), when the name states one",
        "period_end": "End of that period (ISO date)",
        "format": "pdf or html",
        "sha256": "SHA-256 of the fetched bytes",
        "size": "Size in bytes",
        "pages": "Pages (PDF) or tables (HTML) read",
        "rows": "Deployment rows read from the file",
        "new_rows": "Rows not seen in any earlier file",
        "corrected_rows": "Rows that replace an earlier version of the same deployment (both are kept)",
        "unchanged_rows": "Rows already stored from an earlier file",
        "withdrawn_rows": "Deployments an earlier version of this URL listed and this one no longer does",
        "notes": "JSON list of footnote rows and other notes in the file",
        "found_on": "The page the file was linked from",
        "link_text": "The link's text on that page",
        "fetched_at": "When the file was fetched (UTC)",
        "http_status": "HTTP status of the response",
        "warc_file": "Archive file holding the raw response",
        "warc_record_id": "WARC-Record-ID of the response record",
        "warc_offset": "Byte offset of that record in the archive file",
        "status": "ok, or error when the file could not be read as laid out (nothing from it is stored)",
        "error": "For status error: the file, page and what was expected",
        "previous_id": "record_files.id of the previous version of the same URL",
    },
    "record_deployments": {
        "id": "Stable id of this version of the deployment (its key and content)",
        "key": "Identity of the deployment across files: force, date, location and its order among same-day rows there",
        "version": "1 for the first content seen, then 2, 3... when a re-published file corrects the row",
        "status": "current, corrected (a later version replaces it) or withdrawn (no longer listed by its file)",
        "force": "Force key: met, essex, south-wales",
        "date": "Date of the deployment (ISO date)",
        "location": "Location as written in the record (line breaks as spaces)",
        "place": "Most specific gazetteer place named in the location",
        "place_kind": "The place's kind in the gazetteer: district, borough, town, city...",
        "borough": "London borough named in the location, when one is",
        "lat": "Latitude of the place (WGS84, from the gazetteer)",
        "lon": "Longitude of the place (WGS84)",
        "duration": "Duration as written",
        "duration_minutes": "Duration in minutes, when it can be read",
        "use_case": "LFR use case (or the event) as written",
        "watchlist_size": "People on the watchlist",
        "threshold": "Minimum threshold setting",
        "total_alerts": "Alerts in total (the record's column, or true plus false alerts)",
        "true_alerts": "True alerts, confirmed and unconfirmed",
        "true_alerts_confirmed": "True alerts confirmed",
        "true_alerts_unconfirmed": "True alerts unconfirmed",
        "false_alerts": "False alerts, confirmed and unconfirmed",
        "false_alerts_confirmed": "False alerts confirmed",
        "false_alerts_unconfirmed": "False alerts unconfirmed",
        "false_alert_rate": "False alert rate as written",
        "arrests": "Outcome: arrests",
        "other_outcomes": "Outcome: other (words of advice, summons...)",
        "no_action": "Outcome: no action",
        "faces_seen": "Faces seen (the force's estimate)",
        "content_sha256": "SHA-256 of the row's values, to tell corrections from repeats",
        "file_id": "record_files.id of the file this version was first read from",
        "url": "URL of that file",
        "page": "Page (PDF) or table (HTML) number the row is on, from 1",
        "row": "Row number on that page's table, from 1, header rows included",
        "warc_file": "Archive file holding the raw response of that file",
        "warc_record_id": "WARC-Record-ID of that response",
        "first_seen_at": "When this version was first stored (UTC)",
        "last_seen_file_id": "record_files.id of the latest file that lists this version",
        "superseded_by": "record_deployments.id of the version that replaces this one",
        "changed_at": "When the status last changed (UTC)",
    },
    "record_comparisons": {
        "id": "Stable id from the claim's id",
        "claim_id": "claims.id of the figure compared",
        "force": "Force key whose records it is compared with",
        "metric": "arrests, alerts, false_alerts, faces_scanned, deployments or watchlist_size",
        "claimed_on": "Date the claim was made",
        "claimant": "Who made the claim",
        "claim_text": "The figure's phrase",
        "document_url": "Where the claim was published",
        "claimed": "The value claimed",
        "qualifier": "Its qualifier as written: more than, up to, around...",
        "period": "The period as written",
        "period_kind": "cumulative (a running total), range, day, or rate (per week...)",
        "period_start": "First day of records counted (ISO date); for a running total, the first record",
        "period_end": "Last day of records counted (ISO date)",
        "place": "The place the claim is about, when it names one",
        "recorded": "What the records add up to for the same period and place (a mean for watchlist_size, a weekly or other average for rates)",
        "recorded_min": "For watchlist_size: the smallest watchlist in the period",
        "recorded_max": "For watchlist_size: the largest watchlist in the period",
        "deployments": "Deployments counted",
        "difference": "claimed minus recorded",
        "verdict": "consistent, higher (the claim is above the records), lower (below them) or not_comparable",
        "reason": "Why: the qualifier read, the coverage of the records, or why they cannot be compared",
        "records_from": "First date the force's records cover",
        "records_to": "Last date the force's records cover",
        "computed_at": "When the comparison was made (UTC)",
    },
    "runs": {
        "id": "Row id",
        "started_at": "When the run started (UTC)",
        "finished_at": "When it finished (UTC); null while running or when it was killed",
        "pid": "Process id of the run",
        "status": "running, ok, partial (some URLs failed), broken (a source is flagged broken), error, or interrupted (killed; found by the next run)",
        "exit_code": "The run's exit code (see docs/unattended.md)",
        "sources": "JSON list of the sources crawled",
        "feeds": "JSON list of the ad-hoc feed URLs crawled",
        "new_documents": "Documents stored for the first time",
        "changed_documents": "Documents whose text changed (a new version stored)",
        "new_claims": "Claims stored for the first time",
        "new_conflicts": "Conflicts between claims that were not there before the run",
        "errors": "Per-URL errors, all sources together",
        "broken_sources": "Sources flagged broken by this run",
        "message": "Why the run failed, when it did",
    },
    "source_runs": {
        "id": "Row id",
        "run_id": "runs.id",
        "source": "Source (spider) name; 'feed' for ad-hoc feeds",
        "started_at": "When the run started (UTC)",
        "finished_at": "When the source's crawl was recorded (UTC)",
        "duration_s": "Seconds the source's spider ran",
        "requests": "HTTP requests made (robots.txt and retries included)",
        "responses": "JSON object: responses by HTTP status, e.g. {\"200\": 12, \"404\": 1}",
        "retries": "Requests retried",
        "items_seen": "Feed entries or listing links the source offered (relevant or not, new or unchanged)",
        "documents_found": "Relevant articles parsed",
        "documents_stored": "New documents or new versions stored",
        "documents_unchanged": "Articles seen again unchanged (same text, same bytes, or 304)",
        "fetch_errors": "URLs that could not be fetched (HTTP errors, timeouts, refused redirects...)",
        "parse_errors": "Pages or feeds that could not be read (empty, malformed, no article text)",
        "validation_errors": "Articles dropped for missing required fields",
        "errors": "JSON list of the first per-URL errors: [{url, error}]",
        "missing_fields": "JSON object: articles missing each field (title, published, ...)",
        "close_reason": "How the spider ended: finished, or why it stopped early",
        "status": "ok, errors (some URLs failed) or failed (the source could not be crawled)",
        "broken": "1 when this run flags the source broken",
        "broken_reason": "Why it is flagged broken",
    },
    "claim_groups": {
        "id": "Stable id of the group: the same claim (figure: metric, value, unit, claimant organisation, qualifier kind and period; quote: its words) gets the same id on every run",
        "kind": "figure or quote",
        "metric": "For figures: the metric (see claims.metric)",
        "value": "For figures: the normalised number",
        "unit": "For figures: unit of the value (GBP for money), else null",
        "qualifier": "Qualifier as first written: more than, up to, over, almost...",
        "period": "The period as first written: to date, last year, per week...",
        "period_start": "Start of the period (ISO date), when it could be resolved",
        "period_end": "End of the period (ISO date), when it could be resolved",
        "as_of": "Date a cumulative figure holds at, as first claimed (ISO date)",
        "text": "The claim's text in its first source",
        "speaker": "For quotes: the speaker most sources name; for figures: the first source's speaker",
        "role": "Speaker's role",
        "org": "Speaker's organisation as written",
        "claimant": "Who makes the claim in the first source",
        "claimant_org": "The organisation the claim speaks for, normalised ('the Met' -> 'Metropolitan Police'); a person maps to their organisation when known",
        "first_seen": "Date the claim was first made (ISO date): the statement's date when the text gives it, else the earliest publication date; not the period it covers",
        "last_seen": "Date of its latest repetition (ISO date)",
        "date_basis": "What first_seen comes from: statement, published or retrieved",
        "repeat_count": "Number of documents that carry the claim",
        "independent_count": "Number of those documents once syndicated copies count as their original",
        "claim_id": "claims.id of the claim in its first source",
        "document_url": "Canonical URL of the first source",
        "publisher": "Publisher of the first source",
        "conflict_count": "Number of conflicts (see conflicts) this claim is part of",
        "position": "Order of the group in the timeline (by first_seen, then claimant organisation): `lfrwatch timeline` lists a metric's figures in this order",
    },
    "claim_group_sources": {
        "group_id": "claim_groups.id",
        "claim_id": "claims.id of the claim in this source",
        "document_url": "Canonical URL of the source document",
        "publisher": "Its publisher",
        "published": "Its publication date-time (ISO 8601)",
        "claimed_on": "Date the claim was made in this source (ISO date)",
        "syndicated_from": "When this document is a near-copy of an earlier one (wire copy, syndication): that document's canonical URL",
    },
    "conflicts": {
        "id": "Stable id from the kind and the two claim groups",
        "kind": "cumulative_decrease (a running total went down), value_mismatch (two values for the same claimant and period that cannot both hold, qualifiers respected) or part_exceeds_whole (e.g. charged or cautioned above arrested)",
        "metric": "Metric of the first claim",
        "other_metric": "Metric of the second claim (differs for part_exceeds_whole)",
        "claimant_org": "The claimant organisation both claims speak for",
        "reason": "Why the two claims conflict, in words",
        "group_id": "claim_groups.id of the first claim: the earlier one, the higher earlier total, or the part",
        "claim_id": "claims.id of the first claim's first source",
        "claimed_on": "Date the first claim was first made (ISO date)",
        "value": "Value of the first claim",
        "qualifier": "Qualifier of the first claim",
        "period": "Period of the first claim as written",
        "text": "Text of the first claim",
        "document_url": "Canonical URL of the first claim's first source",
        "publisher": "Publisher of the first claim's first source",
        "other_group_id": "claim_groups.id of the second claim: the later one, the lower later total, or the whole",
        "other_claim_id": "claims.id of the second claim's first source",
        "other_claimed_on": "Date the second claim was first made (ISO date)",
        "other_value": "Value of the second claim",
        "other_qualifier": "Qualifier of the second claim",
        "other_period": "Period of the second claim as written",
        "other_text": "Text of the second claim",
        "other_document_url": "Canonical URL of the second claim's first source",
        "other_publisher": "Publisher of the second claim's first source",
    },
    "derived_state": {
        "name": "Which derived tables: timeline (claim_groups, claim_group_sources, conflicts, timeline_rows)",
        "data_version": "Counter raised by triggers on every write to what the derived tables are computed from (claims, people, and the documents and versions holding claims)",
        "built_version": "data_version read just before the derived tables were last computed; they are current while it equals data_version (null: never built, or built from an analysis of unknown age)",
        "built_code": "Fingerprint of the lfrwatch code that computed them: other code recomputes them",
        "built_at": "When they were last written (UTC)",
    },
    "timeline_rows": {
        "position": "claim_groups.position of the figure group",
        "group_id": "claim_groups.id",
        "metric": "The figure's metric",
        "first_seen": "claim_groups.first_seen",
        "claimant_org": "claim_groups.claimant_org",
        "claimant": "claim_groups.claimant",
        "org": "claim_groups.org",
        "publisher": "claim_groups.publisher",
        "row": "The group as `lfrwatch timeline --format json` gives it (every field of its first claim, its sources, claim ids and conflict kinds; without the record comparison), as JSON",
    },
    "quote_texts": {
        "id": "Row id (the rowid of quote_texts_fts)",
        "text": "A quotation's words, as stored in claims.text",
        "speaker": "Its speaker as stored in claims.speaker ('' for none)",
    },
    "quote_text_claims": {
        "claim_id": "claims.id of a quote",
        "text_id": "quote_texts.id of its words and speaker",
    },
}

#: One line per table, for docs/schema.md and the dataset's metadata.
TABLE_DOCS: dict[str, str] = {
    "sources": "The sources lfrwatch knows (spiders and ad-hoc feeds), with their last crawl",
    "documents": "One row per article, keyed by canonical URL, holding its current version",
    "document_versions": "Every text a page has had: a changed page never overwrites what was said before",
    "claims": "Figures and quotes extracted from one document version, with who claims them and when",
    "people": "People named in a document version, with role and organisation",
    "places": "Places from the gazetteer mentioned in any document",
    "document_places": "Which places each document version mentions",
    "claim_groups": "Derived: one row per distinct claim, repeats across outlets merged, with first-seen date and counts (rebuilt by `lfrwatch extract`, `run` and `serve`, and by `lfrwatch timeline` when out of date)",
    "claim_group_sources": "Derived: every document carrying each claim group, with syndicated copies marked",
    "conflicts": "Derived: contradictions between claim groups of one claimant organisation, with the reason",
    "_migrations": "The named schema migrations applied to this file",
    "runs": "Every `lfrwatch run`: when, what it found, how it ended (an interrupted run stays visible)",
    "source_runs": "Per source and run: requests, responses by status, documents, errors, and the broken flag",
    "record_files": "Official deployment record files (PDFs, HTML tables) fetched from the forces, one row per distinct file, with how many rows were new, corrected or withdrawn (see docs/records.md)",
    "record_deployments": "One row per version of each deployment in the forces' own records: date, location and place, watchlist, alerts, outcomes, faces seen, and the file, page and archive record it came from",
    "timeline_rows": "Derived: each figure claim group as `lfrwatch timeline` gives it, in timeline order, read by metric while the derived tables are current (see derived_state)",
    "quote_texts": "Every distinct quotation (words and speaker) of the quotes in claims, indexed for `lfrwatch search` by quote_texts_fts (FTS5, Porter stemming); kept in sync by triggers on claims",
    "quote_text_claims": "Which quote claims have each quote_texts row's words and speaker (one row per quote claim)",
    "derived_state": "Whether the derived timeline tables are current: a change counter kept by triggers, and the value it had when they were built",
    "record_comparisons": "Derived: each figure a force claims beside what its records add up to for the same period, with a verdict and its reason (rebuilt by `lfrwatch check`)",
}


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "kind": str,
            "publisher": str,
            "base_url": str,
            "enabled": int,
            "last_run_at": str,
            "last_status": str,
            "documents_found": int,
            "documents_stored": int,
            "errors": int,
        },
        pk="name",
    )
    db["documents"].create(
        {
            "id": int,
            "url": str,
            "canonical_url": str,
            "source": str,
            "kind": str,
            "publisher": str,
            "title": str,
            "published": str,
            "updated": str,
            "author": str,
            "text": str,
            "sha256": str,
            "fetched_at": str,
            "first_seen_at": str,
            "last_checked_at": str,
            "current_version_id": int,
            "analysed_version_id": int,
            "warc_file": str,
            "warc_record_id": str,
            "warc_offset": int,
            "raw_sha256": str,
            "etag": str,
            "last_modified": str,
        },
        pk="id",
        not_null={"url", "canonical_url"},
    )
    db["documents"].create_index(["canonical_url"], unique=True)
    db["documents"].create_index(["url"])
    db["documents"].create_index(["published"])
    db["document_versions"].create(
        {
            "id": int,
            "document_id": int,
            "version": int,
            "sha256": str,
            "title": str,
            "published": str,
            "updated": str,
            "author": str,
            "text": str,
            "fetched_at": str,
            "url": str,
            "http_status": int,
            "raw_sha256": str,
            "warc_file": str,
            "warc_record_id": str,
            "warc_offset": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["document_versions"].create_index(["document_id", "version"], unique=True)
    db["people"].create(
        {"id": str, "document_id": int, "version_id": int, "name": str, "honorific": str, "role": str, "org": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("version_id", "document_versions", "id")],
    )
    db["people"].create_index(["name"])
    db["claims"].create(
        {
            "id": str,
            "document_id": int,
            "version_id": int,
            "kind": str,
            "metric": str,
            "value": float,
            "unit": str,
            "qualifier": str,
            "period": str,
            "period_start": str,
            "period_end": str,
            "as_of": str,
            "text": str,
            "start": int,
            "end": int,
            "speaker": str,
            "role": str,
            "org": str,
            "claimant": str,
            "person_id": str,
            "claimed_on": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("version_id", "document_versions", "id"),
            ("person_id", "people", "id"),
        ],
    )
    db["claims"].create_index(["metric", "claimed_on"])
    db["claims"].create_index(["version_id"])
    db["claims"].create_index(["document_id"])
    db["places"].create({"id": str, "name": str, "kind": str, "lat": float, "lon": float}, pk="id")
    db["document_places"].create(
        {"document_id": int, "version_id": int, "place_id": str, "name": str, "start": int, "end": int},
        pk=("version_id", "place_id"),
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("version_id", "document_versions", "id"),
            ("place_id", "places", "id"),
        ],
    )


def _m002_timeline(db: sqlite_utils.Database) -> None:
    """Full-text search over documents and claims (kept in sync by triggers), and the derived timeline tables."""
    db["documents"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    db["claims"].enable_fts(["text", "speaker"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    db["claim_groups"].create(
        {
            "id": str, "kind": str, "metric": str, "value": float, "unit": str, "qualifier": str, "period": str,
            "period_start": str, "period_end": str, "as_of": str, "text": str, "speaker": str, "role": str,
            "org": str, "claimant": str, "claimant_org": str, "first_seen": str, "last_seen": str,
            "date_basis": str, "repeat_count": int, "independent_count": int, "claim_id": str,
            "document_url": str, "publisher": str, "conflict_count": int,
        },
        pk="id",
    )
    db["claim_groups"].create_index(["metric", "claimant_org", "first_seen"])
    db["claim_group_sources"].create(
        {"group_id": str, "claim_id": str, "document_url": str, "publisher": str, "published": str,
         "claimed_on": str, "syndicated_from": str},
        pk=("group_id", "claim_id"),
        foreign_keys=[("group_id", "claim_groups", "id")],
    )
    columns = {"id": str, "kind": str, "metric": str, "other_metric": str, "claimant_org": str, "reason": str}
    for prefix in ("", "other_"):
        columns.update({f"{prefix}group_id": str, f"{prefix}claim_id": str, f"{prefix}claimed_on": str,
                        f"{prefix}value": float, f"{prefix}qualifier": str, f"{prefix}period": str,
                        f"{prefix}text": str, f"{prefix}document_url": str, f"{prefix}publisher": str})
    db["conflicts"].create(columns, pk="id")
    db["conflicts"].create_index(["metric"])


def _m003_run_health(db: sqlite_utils.Database) -> None:
    """Run history and per-source health for `lfrwatch run` (see lfrwatch/ops/health.py)."""
    db["runs"].create(
        {
            "id": int, "started_at": str, "finished_at": str, "pid": int, "status": str, "exit_code": int,
            "sources": str, "feeds": str, "new_documents": int, "changed_documents": int, "new_claims": int,
            "new_conflicts": int, "errors": int, "broken_sources": int, "message": str,
        },
        pk="id",
    )
    db["source_runs"].create(
        {
            "id": int, "run_id": int, "source": str, "started_at": str, "finished_at": str, "duration_s": float,
            "requests": int, "responses": str, "retries": int, "items_seen": int, "documents_found": int,
            "documents_stored": int, "documents_unchanged": int, "fetch_errors": int, "parse_errors": int,
            "validation_errors": int, "errors": str, "missing_fields": str, "close_reason": str, "status": str,
            "broken": int, "broken_reason": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["source_runs"].create_index(["source", "id"])


def _m010_records(db: sqlite_utils.Database) -> None:
    """Official deployment records and their comparison with claims (see lfrwatch/records/__init__.py)."""
    db["record_files"].create(
        {
            "id": int, "source": str, "force": str, "url": str, "label": str, "period_start": str,
            "period_end": str, "format": str, "sha256": str, "size": int, "pages": int, "rows": int,
            "new_rows": int, "corrected_rows": int, "unchanged_rows": int, "withdrawn_rows": int, "notes": str,
            "found_on": str, "link_text": str, "fetched_at": str, "http_status": int, "warc_file": str,
            "warc_record_id": str, "warc_offset": int, "status": str, "error": str, "previous_id": int,
        },
        pk="id",
    )
    db["record_files"].create_index(["url", "id"])
    db["record_deployments"].create(
        {
            "id": str, "key": str, "version": int, "status": str, "force": str, "date": str, "location": str,
            "place": str, "place_kind": str, "borough": str, "lat": float, "lon": float, "duration": str,
            "duration_minutes": int, "use_case": str, "watchlist_size": int, "threshold": float,
            "total_alerts": int, "true_alerts": int, "true_alerts_confirmed": int, "true_alerts_unconfirmed": int,
            "false_alerts": int, "false_alerts_confirmed": int, "false_alerts_unconfirmed": int,
            "false_alert_rate": str, "arrests": int, "other_outcomes": int, "no_action": int, "faces_seen": int,
            "content_sha256": str, "file_id": int, "url": str, "page": int, "row": int, "warc_file": str,
            "warc_record_id": str, "first_seen_at": str, "last_seen_file_id": int, "superseded_by": str,
            "changed_at": str,
        },
        pk="id",
        foreign_keys=[("file_id", "record_files", "id")],
    )
    db["record_deployments"].create_index(["force", "status", "date"])
    db["record_deployments"].create_index(["key", "version"])
    db["record_comparisons"].create(
        {
            "id": str, "claim_id": str, "force": str, "metric": str, "claimed_on": str, "claimant": str,
            "claim_text": str, "document_url": str, "claimed": float, "qualifier": str, "period": str,
            "period_kind": str, "period_start": str, "period_end": str, "place": str, "recorded": float,
            "recorded_min": float, "recorded_max": float, "deployments": int, "difference": float, "verdict": str,
            "reason": str, "records_from": str, "records_to": str, "computed_at": str,
        },
        pk="id",
    )
    db["record_comparisons"].create_index(["metric", "claimed_on"])


#: What the derived timeline tables are computed from: a write to any of these makes them stale. A document
#: or version row only matters once claims point at it (claims inserted first, or orphaned by a delete).
#: Columns of documents and versions that the analysis reads (crawls update others, such as last_checked_at).
DERIVED_SOURCES: dict[str, tuple[str, ...] | None] = {
    "claims": None,  # every column
    "people": None,
    "documents": ("canonical_url", "title", "published", "publisher", "kind", "text", "sha256", "current_version_id"),
    "document_versions": ("document_id", "version", "fetched_at", "warc_file", "warc_record_id"),
}
DERIVED_TRIGGER_PREFIX = "derived_stale_"


def derived_triggers() -> dict[str, str]:
    """Trigger name -> SQL: raise ``derived_state.data_version`` on every write the timeline analysis depends on."""
    bump = "update derived_state set data_version = data_version + 1 where name = 'timeline';"
    referenced = {"documents": "document_id", "document_versions": "version_id"}
    out = {}
    for table, columns in DERIVED_SOURCES.items():
        of = f" of {', '.join(columns)}" if columns else ""
        for event, row in (("insert", "new"), ("delete", "old"), ("update", "new")):
            when = ""
            if table in referenced:  # a document (or version) no claim points at changes nothing
                when = f" when exists (select 1 from claims where {referenced[table]} = {row}.id)"
            name = f"{DERIVED_TRIGGER_PREFIX}{table}_{event}"
            out[name] = (f"create trigger if not exists {name} after {event}{of if event == 'update' else ''}"
                         f" on {table}{when} begin {bump} end")
    return out


def ensure_derived_state(db: sqlite_utils.Database) -> None:
    """The ``derived_state`` row and its triggers (re-created if a table rebuild dropped them)."""
    db.execute("insert or ignore into derived_state (name, data_version) values ('timeline', 0)")
    for sql in derived_triggers().values():
        db.execute(sql)


def _m020_derived_state(db: sqlite_utils.Database) -> None:
    """Know when the derived timeline tables are current, and read a metric's timeline from them by index."""
    db["derived_state"].create(
        {"name": str, "data_version": int, "built_version": int, "built_code": str, "built_at": str},
        pk="name", not_null={"data_version"}, defaults={"data_version": 0},
    )
    ensure_derived_state(db)
    db["claim_groups"].add_column("position", int)
    db["claim_groups"].add_column("timeline_row", str)
    db["claim_groups"].create_index(["kind", "metric", "position"])


#: Keep quote_texts and quote_text_claims in step with the quotes in claims (a text no claim has any more goes).
#: No "or ignore"/"or replace" in these bodies: the writing statement's own conflict clause would override them
#: (store_analysis inserts with "insert or replace", which would replace, and so renumber, a shared text).
_QUOTE_TEXT_ADD = """
            insert into quote_texts (text, speaker) select new.text, coalesce(new.speaker, '')
                where new.kind = 'quote' and new.text is not null and not exists (
                    select 1 from quote_texts where text = new.text and speaker = coalesce(new.speaker, ''));
            delete from quote_text_claims where claim_id = new.id;
            insert into quote_text_claims (claim_id, text_id)
                select new.id, id from quote_texts
                where new.kind = 'quote' and text = new.text and speaker = coalesce(new.speaker, '');"""
_QUOTE_TEXT_DROP = """
            delete from quote_text_claims where claim_id = old.id;
            delete from quote_texts where old.kind = 'quote' and text = old.text
                and speaker = coalesce(old.speaker, '')
                and not exists (select 1 from quote_text_claims m where m.text_id = quote_texts.id);"""
QUOTE_TEXT_TRIGGERS = {
    "quote_texts_claims_insert": "create trigger if not exists quote_texts_claims_insert after insert on claims "
                                 f"when new.kind = 'quote' begin {_QUOTE_TEXT_ADD}\n        end",
    "quote_texts_claims_delete": "create trigger if not exists quote_texts_claims_delete after delete on claims "
                                 f"when old.kind = 'quote' begin {_QUOTE_TEXT_DROP}\n        end",
    "quote_texts_claims_update": "create trigger if not exists quote_texts_claims_update after update of id, kind, "
                                 "text, speaker on claims when old.kind = 'quote' or new.kind = 'quote' begin "
                                 f"{_QUOTE_TEXT_DROP}{_QUOTE_TEXT_ADD}\n        end",
}


def _m021_quote_search(db: sqlite_utils.Database) -> None:
    """Full-text search over distinct quotations: a quote printed by many outlets is ranked once, not once per copy."""
    db["quote_texts"].create({"id": int, "text": str, "speaker": str}, pk="id", not_null={"text", "speaker"})
    db["quote_texts"].create_index(["text", "speaker"], unique=True)
    db["quote_text_claims"].create({"claim_id": str, "text_id": int}, pk="claim_id")
    db["quote_text_claims"].create_index(["text_id", "claim_id"])
    db.execute("insert or ignore into quote_texts (text, speaker) select text, coalesce(speaker, '') from claims "
               "where kind = 'quote' and text is not null order by rowid")
    db.execute("insert into quote_text_claims (claim_id, text_id) select c.id, t.id from claims c "
               "join quote_texts t on t.text = c.text and t.speaker = coalesce(c.speaker, '') where c.kind = 'quote'")
    db["quote_texts"].enable_fts(["text", "speaker"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    for sql in QUOTE_TEXT_TRIGGERS.values():
        db.execute(sql)


def _m030_crawl_indexes(db: sqlite_utils.Database) -> None:
    """Keep the documents' search index up to date only when a document's title or text changes.

    sqlite-utils' trigger re-indexed a document's whole text on every update of
    its row, and a crawl updates every page it checks (``last_checked_at``,
    validators, the current version). The index holds title and text alone.
    """
    if not db.execute("select 1 from sqlite_master where type = 'trigger' and name = 'documents_au'").fetchone():
        return  # no search index on this database
    db.execute("drop trigger documents_au")
    db.execute(
        'create trigger "documents_au" after update of "title", "text" on "documents" begin\n'
        '  insert into "documents_fts" ("documents_fts", rowid, "title", "text") '
        "values('delete', old.rowid, old.\"title\", old.\"text\");\n"
        '  insert into "documents_fts" (rowid, "title", "text") values (new.rowid, new."title", new."text");\n'
        "end")


def _m031_timeline_rows(db: sqlite_utils.Database) -> None:
    """The stored timeline rows in a table of their own, so claim_groups stays narrow for SQL users."""
    db.execute("alter table claim_groups drop column timeline_row")
    db["timeline_rows"].create(
        {"position": int, "group_id": str, "metric": str, "first_seen": str, "claimant_org": str, "claimant": str,
         "org": str, "publisher": str, "row": str},
        pk="position", not_null={"group_id", "row"},
    )
    db["timeline_rows"].create_index(["metric", "position"])
    db.execute("update derived_state set built_version = null where name = 'timeline'")  # to be built


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_timeline", _m002_timeline),
    ("003_run_health", _m003_run_health),
    ("010_records", _m010_records),
    ("020_derived_state", _m020_derived_state),
    ("021_quote_search", _m021_quote_search),
    ("030_crawl_indexes", _m030_crawl_indexes),
    ("031_timeline_rows", _m031_timeline_rows),
]


# ----------------------------------------------------------------------------
# Opening


class Database(sqlite_utils.Database):
    """sqlite-utils' Database, whose transactions take the write lock as they begin (``BEGIN IMMEDIATE``).

    ``lfrwatch run`` extracts claims while its crawl stores documents: two
    writers. A plain ``BEGIN`` transaction that reads and then writes fails at
    once with "database is locked", without waiting, when the other writer
    committed in between (SQLite cannot move its snapshot forward); one that
    takes the write lock first just waits its turn, up to the busy timeout.
    On a read-only file the transaction falls back to ``BEGIN``.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator["Database"]:
        if self.conn.in_transaction:
            with super().atomic():  # a savepoint inside the open transaction
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "read-only" not in str(exc):
                raise
            self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def open_db(path: str | Path, *, create: bool = True, timeout: float | None = None) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the database at ``path``.

    WAL mode lets researchers read while a crawl writes; ``timeout`` is how long
    a writer waits for another before :class:`DatabaseLockedError` (default 10 s,
    or ``$LFRWATCH_DB_TIMEOUT``).
    """
    if timeout is None:
        timeout = float(os.environ.get("LFRWATCH_DB_TIMEOUT", "10"))
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"no database at {path} (run `lfrwatch crawl` or `lfrwatch demo` first)")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=timeout)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        # After a large transaction (a timeline refresh) the WAL file is truncated back to this size
        # at the next checkpoint, instead of keeping its high-water mark (1 GB on a 1M-claim database).
        db.execute("PRAGMA journal_size_limit = 67108864")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise _store_error(exc, path) from exc
    return db


def _store_error(exc: sqlite3.DatabaseError, path: Path | str) -> StoreError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(f"database {path} is locked by another lfrwatch run: {message}")
    return StoreError(f"database {path}: {message}")


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not had yet; returns their names."""
    if not db["_migrations"].exists():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": utcnow()})
        applied.append(name)
    return applied


def describe_schema(db: sqlite_utils.Database) -> list[dict[str, str]]:
    """Every table and column of the real schema with its description."""
    rows = []
    for table in db.table_names():
        if table.startswith("sqlite_") or "_fts" in table:
            continue
        docs = COLUMN_DOCS.get(table, {})
        for column in db[table].columns:
            rows.append(
                {"table": table, "column": column.name, "type": column.type, "description": docs.get(column.name, "")}
            )
    return rows


# ----------------------------------------------------------------------------
# Sources


def upsert_source(db: sqlite_utils.Database, *, name: str, kind: str, publisher: str | None, base_url: str | None,
                  enabled: bool = True) -> None:
    existing = db["sources"].get(name) if db["sources"].count_where("name = ?", [name]) else None
    row = {"name": name, "kind": kind, "publisher": publisher, "base_url": base_url}
    if existing is None:
        row["enabled"] = int(enabled)
    db["sources"].upsert(row, pk="name")


def record_source_run(db: sqlite_utils.Database, name: str, *, found: int, stored: int, errors: int) -> None:
    with db.atomic():
        db["sources"].upsert(
            {
                "name": name,
                "last_run_at": utcnow(),
                "last_status": "ok" if errors == 0 else "errors",
                "documents_found": found,
                "documents_stored": stored,
                "errors": errors,
            },
            pk="name",
        )


# ----------------------------------------------------------------------------
# Documents


@dataclass
class StoreResult:
    """What storing one fetched page did."""

    status: str  # "new", "changed", "unchanged"
    document_id: int
    version_id: int


#: What a fetch sets on the document row (the version row takes the same fields, less the last four).
_DOCUMENT_FETCH_FIELDS = ("title", "published", "updated", "author", "text", "sha256", "fetched_at", "warc_file",
                          "warc_record_id", "warc_offset", "raw_sha256", "last_checked_at", "etag", "last_modified")
_VERSION_FIELDS = ("document_id", "version", "sha256", "title", "published", "updated", "author", "text",
                   "fetched_at", "url", "http_status", "raw_sha256", "warc_file", "warc_record_id", "warc_offset")
_INSERT_DOCUMENT = (
    "insert into documents (url, canonical_url, source, kind, publisher, first_seen_at, "
    + ", ".join(_DOCUMENT_FETCH_FIELDS) + ") values (" + ", ".join("?" * (6 + len(_DOCUMENT_FETCH_FIELDS))) + ")")
_UPDATE_DOCUMENT = ("update documents set " + ", ".join(f"{name} = ?" for name in _DOCUMENT_FETCH_FIELDS)
                    + ", current_version_id = ? where id = ?")
_INSERT_VERSION = ("insert into document_versions (" + ", ".join(_VERSION_FIELDS) + ") values ("
                   + ", ".join("?" * len(_VERSION_FIELDS)) + ")")


def store_document(db: sqlite_utils.Database, article: dict[str, Any]) -> StoreResult:
    """Store one fetched article: new document, new version, or nothing new.

    ``article`` needs ``url``, ``canonical_url``, ``text``; may have ``title``,
    ``published``, ``updated``, ``author``, ``publisher``, ``kind``, ``source``,
    ``fetched_at``, ``http_status``, ``raw_sha256``, ``warc_file``,
    ``warc_record_id``, ``etag``, ``last_modified``.

    One document is one transaction (a savepoint inside a caller's): a crash
    never leaves a document without its version. Plain SQL on the fixed
    columns: this runs once per page of a crawl.
    """
    text = article["text"]
    digest = sha256_text(text)
    now = utcnow()
    fetched_at = article.get("fetched_at") or now
    get = article.get
    try:
        with db.atomic():
            row = db.execute(
                "select id, sha256, current_version_id from documents where canonical_url = ? or url = ? "
                "order by canonical_url = ? desc limit 1",
                [article["canonical_url"], article["url"], article["canonical_url"]],
            ).fetchone()
            if row and row[1] == digest:
                db.execute("update documents set last_checked_at = ?, etag = ?, last_modified = ? where id = ?",
                           [now, get("etag"), get("last_modified"), row[0]])
                return StoreResult("unchanged", row[0], row[2])
            fetch = {"title": get("title"), "published": get("published"), "updated": get("updated"),
                     "author": get("author"), "text": text, "sha256": digest, "fetched_at": fetched_at,
                     "warc_file": get("warc_file"), "warc_record_id": get("warc_record_id"),
                     "warc_offset": get("warc_offset"), "raw_sha256": get("raw_sha256"), "last_checked_at": now,
                     "etag": get("etag"), "last_modified": get("last_modified")}
            if row is None:
                document_id = db.execute(_INSERT_DOCUMENT, [
                    article["url"], article["canonical_url"], get("source"), get("kind"), get("publisher"), now,
                    *(fetch[name] for name in _DOCUMENT_FETCH_FIELDS)]).lastrowid
                version = 1
                status = "new"
            else:
                document_id = row[0]
                version = db.execute(
                    "select coalesce(max(version), 0) + 1 from document_versions where document_id = ?", [document_id]
                ).fetchone()[0]
                status = "changed"
            version_row = {**fetch, "document_id": document_id, "version": version, "url": article["url"],
                           "http_status": get("http_status")}
            version_id = db.execute(_INSERT_VERSION, [version_row[name] for name in _VERSION_FIELDS]).lastrowid
            if status == "new":
                db.execute("update documents set current_version_id = ? where id = ?", [version_id, document_id])
            else:
                db.execute(_UPDATE_DOCUMENT,
                           [*(fetch[name] for name in _DOCUMENT_FETCH_FIELDS), version_id, document_id])
            return StoreResult(status, document_id, version_id)
    except sqlite3.DatabaseError as exc:
        raise _store_error(exc, db.conn.execute("pragma database_list").fetchone()[2]) from exc


def known_document(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """The stored document for a URL (original or canonical), with its HTTP validators."""
    row = db.execute(
        "select id, url, canonical_url, sha256, etag, last_modified, raw_sha256 from documents "
        "where url = ? or canonical_url = ? limit 1",
        [url, url],
    ).fetchone()
    if not row:
        return None
    keys = ["id", "url", "canonical_url", "sha256", "etag", "last_modified", "raw_sha256"]
    return dict(zip(keys, row))


def touch_document(db: sqlite_utils.Database, document_id: int) -> None:
    """Record that a page was checked and found unchanged (a 304 or the same bytes)."""
    with db.atomic():
        db.execute("update documents set last_checked_at = ? where id = ?", [utcnow(), document_id])


# ----------------------------------------------------------------------------
# Analysis results


def documents_to_analyse(db: sqlite_utils.Database, *, everything: bool = False) -> Iterator[dict[str, Any]]:
    """Current versions not analysed yet (all current versions with ``everything``)."""
    where = "" if everything else "where d.analysed_version_id is null or d.analysed_version_id != d.current_version_id"
    sql = f"""
        select d.id as document_id, d.current_version_id as version_id, v.text, d.published, d.publisher,
               d.kind, d.canonical_url, v.sha256
        from documents d join document_versions v on v.id = d.current_version_id
        {where}
        order by d.id
    """
    yield from db.query(sql)


def document_ids_to_analyse(db: sqlite_utils.Database, *, everything: bool = False,
                            limit: int | None = None) -> list[int]:
    """The ids :func:`documents_to_analyse` would give, in the same order, without reading any text."""
    where = "current_version_id is not null"
    if not everything:
        where += " and (analysed_version_id is null or analysed_version_id != current_version_id)"
    sql = f"select id from documents where {where} order by id"
    if limit is not None:
        sql += f" limit {int(limit)}"
    return [row[0] for row in db.execute(sql)]


def _date_part(value: str | None) -> str | None:
    return value[:10] if value else None


def store_analysis(db: sqlite_utils.Database, job: dict[str, Any], result: dict[str, Any]) -> int:
    """Replace one document version's claims, people and places in one transaction.

    ``job`` is a row from :func:`documents_to_analyse`; ``result`` is the NLP's
    output for its text. Returns the number of claims stored.
    """
    document_id, version_id = job["document_id"], job["version_id"]
    claimed_on = _date_part(job.get("published"))
    now = utcnow()
    # The text's hash plus the URL: two outlets printing the same wire text are
    # two documents whose claims must not overwrite each other.
    canonical_url = job.get("canonical_url") or db.execute(
        "select canonical_url from documents where id = ?", [document_id]).fetchone()[0]
    version_key = f"{job['sha256']}\x1f{canonical_url}"
    people_rows = {}
    for person in result.get("people", []):
        pid = stable_id(version_key, "person", person["name"])
        people_rows[person["name"]] = {
            "id": pid,
            "document_id": document_id,
            "version_id": version_id,
            "name": person["name"],
            "honorific": person.get("honorific"),
            "role": person.get("role"),
            "org": person.get("org"),
        }

    def person_id(name: str | None) -> str | None:
        return people_rows[name]["id"] if name in people_rows else None

    claim_rows = []
    for fig in result.get("figures", []):
        claim_rows.append(
            {
                "id": stable_id(version_key, "figure", fig["start"], fig["end"], fig["metric"], fig["value"]),
                "kind": "figure",
                "metric": fig["metric"],
                "value": fig["value"],
                "unit": fig.get("unit"),
                "qualifier": fig.get("qualifier"),
                "period": fig.get("period"),
                "period_start": fig.get("period_start"),
                "period_end": fig.get("period_end"),
                "as_of": fig.get("as_of"),
                "text": fig["text"],
                "start": fig["start"],
                "end": fig["end"],
                "speaker": fig.get("speaker"),
                "role": fig.get("role"),
                "org": fig.get("org"),
                "claimant": fig.get("claimant"),
                "person_id": person_id(fig.get("speaker") or fig.get("claimant")),
                "claimed_on": fig.get("claimed_on"),
            }
        )
    for quote in result.get("quotes", []):
        claim_rows.append(
            {
                "id": stable_id(version_key, "quote", quote["start"], quote["end"]),
                "kind": "quote",
                "text": quote["text"],
                "start": quote["start"],
                "end": quote["end"],
                "speaker": quote.get("speaker"),
                "role": quote.get("role"),
                "org": quote.get("org"),
                "claimant": quote.get("speaker"),
                "person_id": person_id(quote.get("speaker")),
                "claimed_on": quote.get("claimed_on"),
            }
        )
    for row in claim_rows:
        # A statement's own date ("said on 3 March") when the NLP found one, else the publication date.
        row.update({"document_id": document_id, "version_id": version_id,
                    "claimed_on": _date_part(row.get("claimed_on")) or claimed_on, "created_at": now})

    place_rows, document_place_rows = [], []
    for place in result.get("places", []):
        place_id = stable_id("place", place["name"].lower(), length=12)
        place_rows.append((place_id, place["name"], place.get("kind"), place.get("lat"), place.get("lon")))
        document_place_rows.append((document_id, version_id, place_id, place["name"], place.get("start"),
                                    place.get("end")))

    # Plain executemany: this runs once per analysed document, and sqlite-utils'
    # insert helpers re-read the table's schema on every call.
    conn = db.conn
    with db.atomic():
        conn.execute("delete from claims where version_id = ?", [version_id])
        conn.execute("delete from document_places where version_id = ?", [version_id])
        conn.execute("delete from people where version_id = ?", [version_id])
        _insert_rows(conn, "people", list(people_rows.values()), "insert or replace")
        _insert_rows(conn, "claims", claim_rows, "insert or replace")
        conn.executemany("insert or ignore into places (id, name, kind, lat, lon) values (?, ?, ?, ?, ?)",
                         place_rows)
        conn.executemany('insert or ignore into document_places (document_id, version_id, place_id, name, start, "end") '
                         "values (?, ?, ?, ?, ?, ?)", document_place_rows)
        conn.execute("update documents set analysed_version_id = ? where id = ?", [version_id, document_id])
    return len(claim_rows)


def _insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], verb: str) -> None:
    """Insert dict rows (keys may differ between rows; a missing key is NULL) with one executemany."""
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"{verb} into {table} ({names}) values ({marks})",
                     [tuple(row.get(c) for c in columns) for row in rows])


# ----------------------------------------------------------------------------
# Queries

DOCUMENT_FIELDS = (
    "id", "url", "canonical_url", "title", "published", "updated", "author", "publisher", "kind", "source",
    "fetched_at", "sha256", "current_version_id", "warc_file", "warc_record_id",
)

CLAIM_SELECT = """
    select c.id, c.kind, c.metric, c.value, c.unit, c.qualifier, c.period, c.period_start, c.period_end, c.as_of,
           c.text, c.speaker, c.role, c.org, c.claimant, c.claimed_on, c.start, c."end",
           d.canonical_url as document_url, d.title as document_title, d.published, d.publisher, d.kind as document_kind,
           c.document_id, c.version_id, v.version as document_version, v.fetched_at, v.warc_file, v.warc_record_id
    from claims c
    join documents d on d.id = c.document_id
    join document_versions v on v.id = c.version_id
"""


def list_documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    cols = ", ".join(DOCUMENT_FIELDS)
    return list(db.query(f"select {cols} from documents order by coalesce(published, fetched_at), id"))


def list_claims(db: sqlite_utils.Database, *, metric: str | None = None, kind: str | None = None,
                all_versions: bool = False, since: str | None = None,
                document_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Claims with their document; by default only those of each document's current version;
    only those of ``document_ids`` when given."""
    where, params = [], []
    if not all_versions:
        where.append("c.version_id = d.current_version_id")
    if document_ids is not None:
        where.append("d.id in (select value from json_each(?))")
        params.append(json.dumps(sorted(set(document_ids))))
    if metric:
        where.append("c.metric = ?")
        params.append(metric)
    if kind:
        where.append("c.kind = ?")
        params.append(kind)
    if since:
        where.append("coalesce(c.claimed_on, substr(d.published, 1, 10)) >= ?")
        params.append(since)
    sql = CLAIM_SELECT + (" where " + " and ".join(where) if where else "")
    sql += " order by coalesce(c.claimed_on, d.published, v.fetched_at), d.id, c.start"
    cursor = db.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row)) for row in cursor]


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        "documents": db["documents"].count,
        "versions": db["document_versions"].count,
        "claims": db["claims"].count,
        "people": db["people"].count,
        "places": db["places"].count,
    }


def rows_to_json(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=1)
