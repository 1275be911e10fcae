"""Source health: what each run did per source, and when a source counts as broken.

Every `lfrwatch run` records, per source, its requests, responses by HTTP
status, documents found and stored, errors by kind and duration (the
``source_runs`` table), and flags the source **broken** when:

- the source could not be crawled: a feed or listing page it starts from
  failed, its spider stopped early (e.g. too many errors), or it never
  reported (crashed);
- it found nothing (no feed entries, no listing links) for ``broken_after``
  runs in a row, where it used to find items: the usual sign that a site moved
  its feed or changed its HTML;
- its articles come out without titles or dates, or without text, on at least
  half of the pages of a run (the validation pipeline's ``missing_fields``
  counts): a redesign that the extractor no longer understands.

Errors on single article URLs (a 404, a timeout) make a run *partial*, not the
source broken. These are our own checks rather than Spidermon's monitors: they
need the history of earlier runs, which lives in this database, and they must
end in the exit code of `lfrwatch run`; see docs/unattended.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from lfrwatch import store

#: Runs in a row finding nothing before a source that used to find items is flagged broken.
DEFAULT_BROKEN_AFTER = 3
#: Share of a run's pages missing a field (or their text) that flags a redesign, and the least pages to judge by.
MISSING_SHARE = 0.5
MIN_PAGES = 2
#: Fields whose absence on most pages means the extractor no longer understands the site.
WATCHED_FIELDS = ("title", "published")
#: How many per-URL errors a source_runs row keeps (the log keeps all).
ERRORS_KEPT = 20

_PARSE_ERRORS = ("empty page", "empty feed", "malformed feed", "no article text", "not a text page",
                 "feed entry without a link", "feed refused")
_NO_TEXT_ERRORS = ("empty page", "no article text")


def error_kind(message: str) -> str:
    """fetch, parse, validation or store, from a per-URL error message."""
    lowered = message.lower()
    if lowered.startswith("invalid article"):
        return "validation"
    if lowered.startswith("not stored"):
        return "store"
    if lowered.startswith(_PARSE_ERRORS):
        return "parse"
    return "fetch"


@dataclass
class SourceHealth:
    """One source's record for one run (a ``source_runs`` row before it is stored)."""

    source: str
    status: str = "ok"  # ok, errors, failed
    requests: int = 0
    responses: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    duration_s: float = 0.0
    items_seen: int = 0
    documents_found: int = 0
    documents_stored: int = 0
    documents_unchanged: int = 0
    fetch_errors: int = 0
    parse_errors: int = 0
    validation_errors: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    missing_fields: dict[str, int] = field(default_factory=dict)
    close_reason: str | None = None
    broken_reasons: list[str] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return bool(self.broken_reasons)

    @property
    def broken_reason(self) -> str | None:
        return "; ".join(self.broken_reasons) or None

    def as_row(self, run_id: int, started_at: str) -> dict[str, Any]:
        row = asdict(self)
        row.pop("broken_reasons")
        row.update({
            "run_id": run_id,
            "started_at": started_at,
            "finished_at": store.utcnow(),
            "responses": json.dumps(self.responses, sort_keys=True),
            "errors": json.dumps(self.errors[:ERRORS_KEPT], ensure_ascii=False),
            "missing_fields": json.dumps(self.missing_fields, sort_keys=True),
            "broken": int(self.broken),
            "broken_reason": self.broken_reason,
        })
        return row


def assess(source: str, report: dict[str, Any] | None, *, start_urls: list[str], previous: list[dict[str, Any]],
           ever_found: bool, broken_after: int = DEFAULT_BROKEN_AFTER, crawl_failed: bool = False) -> SourceHealth:
    """Turn one source's crawl report into its health record, broken flags included.

    ``previous`` are the source's earlier ``source_runs`` rows, newest first;
    ``ever_found`` says whether any earlier run saw items. ``crawl_failed``
    means the whole crawl process failed, which is not this source's fault: it
    is recorded as failed but not flagged broken.
    """
    health = SourceHealth(source=source)
    if report is None:
        health.status = "failed"
        if not crawl_failed:
            health.broken_reasons.append("the crawl did not report on it (its spider failed to start or crashed; "
                                         "see the log)")
        return health
    errors = list(report.get("errors") or [])
    starts = set(start_urls)
    # In the order the source lists them, whatever order the crawl met them in.
    start_errors = sorted((e for e in errors if e.get("url") in starts), key=lambda e: start_urls.index(e["url"]))
    other_errors = [e for e in errors if e.get("url") not in starts]
    health.requests = int(report.get("requests") or 0)
    health.responses = {str(k): int(v) for k, v in (report.get("responses") or {}).items()}
    health.retries = int(report.get("retries") or 0)
    health.duration_s = float(report.get("duration_s") or 0.0)
    health.documents_found = int(report.get("found") or 0)
    health.documents_stored = int(report.get("new") or 0) + int(report.get("changed") or 0)
    health.documents_unchanged = int(report.get("unchanged") or 0) + int(report.get("not_reparsed") or 0)
    health.items_seen = (health.documents_found + int(report.get("not_reparsed") or 0)
                         + int(report.get("skipped_irrelevant") or 0) + len(other_errors))
    health.errors = errors
    health.missing_fields = {str(k): int(v) for k, v in (report.get("missing_fields") or {}).items()}
    health.close_reason = report.get("close_reason")
    for error in errors:
        kind = error_kind(error.get("error", ""))
        if kind == "validation":
            health.validation_errors += 1
        elif kind == "parse":
            health.parse_errors += 1
        else:
            health.fetch_errors += 1

    reasons = health.broken_reasons
    for error in start_errors[:3]:
        reasons.append(f"cannot read {error['url']}: {error['error']}")
    if len(start_errors) > 3:
        reasons.append(f"and {len(start_errors) - 3} more of its feeds or listings")
    if health.close_reason and health.close_reason != "finished":
        reasons.append(f"its crawl stopped early ({health.close_reason})")
    if not start_errors and health.items_seen == 0 and ever_found and broken_after > 0:
        quiet = 1
        for row in previous:
            if row.get("items_seen"):
                break
            quiet += 1
        if quiet >= broken_after:
            reasons.append(f"found nothing in the last {quiet} runs, though it used to find items "
                           "(feed moved or site redesigned?)")
    found = health.documents_found
    for name in WATCHED_FIELDS:
        missing = health.missing_fields.get(name, 0)
        if found >= MIN_PAGES and missing / found >= MISSING_SHARE:
            reasons.append(f"{name} missing on {missing} of {found} articles (site redesigned?)")
    no_text = sum(1 for e in other_errors if e.get("error", "").lower().startswith(_NO_TEXT_ERRORS))
    pages = found + no_text
    if no_text >= MIN_PAGES and no_text / pages >= MISSING_SHARE:
        reasons.append(f"no article text on {no_text} of {pages} pages (site redesigned?)")
    if (start_errors and len(start_errors) >= len(starts)) or health.close_reason not in (None, "finished"):
        health.status = "failed"
    elif errors:
        health.status = "errors"
    return health


# -- the store ----------------------------------------------------------------------


def start_run(db: sqlite_utils.Database, *, pid: int, sources: list[str], feeds: list[str]) -> tuple[int, list[int]]:
    """Record a new run, and mark runs still "running" (killed ones) interrupted; returns (run id, their ids)."""
    with db.atomic():
        interrupted = [row[0] for row in db.execute("select id from runs where status = 'running'").fetchall()]
        if interrupted:
            db.execute("update runs set status = 'interrupted', message = coalesce(message, "
                       "'killed or crashed before it finished (found by the next run)') where status = 'running'")
        run_id = db["runs"].insert({
            "started_at": store.utcnow(), "pid": pid, "status": "running",
            "sources": json.dumps(sources), "feeds": json.dumps(feeds),
        }).last_pk
    return run_id, interrupted


def history(db: sqlite_utils.Database, source: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The source's last ``limit`` records, newest first, and whether any record ever saw items."""
    rows = list(db.query("select * from source_runs where source = ? order by id desc limit ?", [source, limit]))
    ever = db.execute("select 1 from source_runs where source = ? and items_seen > 0 limit 1", [source]).fetchone()
    return rows, ever is not None


def record_sources(db: sqlite_utils.Database, run_id: int, started_at: str, healths: list[SourceHealth]) -> None:
    """Store every source's record of one run in one transaction."""
    with db.atomic():
        for health in healths:
            db["source_runs"].insert(health.as_row(run_id, started_at))


def finish_run(db: sqlite_utils.Database, run_id: int, **fields: Any) -> None:
    with db.atomic():
        db["runs"].update(run_id, {"finished_at": store.utcnow(), **fields})


def latest(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each source's most recent record, with how many runs it has and when it last ran without errors."""
    rows = list(db.query(
        """select s.*, (select count(*) from source_runs c where c.source = s.source) as runs,
                  (select max(o.started_at) from source_runs o where o.source = s.source and o.status = 'ok')
                      as last_ok_at
           from source_runs s
           where s.id in (select max(id) from source_runs group by source)
           order by s.broken desc, s.source"""
    ))
    for row in rows:
        for key in ("responses", "missing_fields", "errors"):
            row[key] = json.loads(row[key]) if row.get(key) else ({} if key != "errors" else [])
    return rows


def format_responses(responses: dict[str, int]) -> str:
    """{"200": 8, "404": 1} -> "200:8 404:1"."""
    return " ".join(f"{status}:{count}" for status, count in sorted(responses.items()))


#: Columns `lfrwatch sources --health` shows in its table (JSON has every field).
HEALTH_COLUMNS = ["source", "status", "broken", "last_run_at", "duration_s", "requests", "responses_by_status",
                  "documents_found", "documents_stored", "errors", "broken_reason"]


def health_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each source's latest health record, broken ones first, for `lfrwatch sources --health`."""
    rows = []
    for row in latest(db):
        errors = row.pop("errors")
        rows.append({
            "source": row["source"], "status": row["status"], "broken": bool(row["broken"]),
            "broken_reason": row["broken_reason"], "last_run_at": row["started_at"], "run_id": row["run_id"],
            "runs": row["runs"], "last_ok_at": row["last_ok_at"], "duration_s": row["duration_s"],
            "requests": row["requests"], "responses": row["responses"],
            "responses_by_status": format_responses(row["responses"]), "retries": row["retries"],
            "items_seen": row["items_seen"], "documents_found": row["documents_found"],
            "documents_stored": row["documents_stored"], "documents_unchanged": row["documents_unchanged"],
            "errors": row["fetch_errors"] + row["parse_errors"] + row["validation_errors"],
            "fetch_errors": row["fetch_errors"], "parse_errors": row["parse_errors"],
            "validation_errors": row["validation_errors"], "missing_fields": row["missing_fields"],
            "close_reason": row["close_reason"], "error_examples": errors[:5],
        })
    return rows
