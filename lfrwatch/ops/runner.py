"""`lfrwatch run` and `lfrwatch cron`: the whole job, unattended, once per cron tick.

One run crawls the sources, extracts claims from what is new, refreshes the
timeline, records each source's health, rewrites the Atom feed of new claims
(and calls the webhook when one is configured), then says what is new, one
line per item. It is built to be started by a scheduler nobody watches:

- **One run at a time.** A lock file beside the database (``lfrwatch.db.lock``)
  is held for the whole run (:mod:`lfrwatch.ops.lock`): a POSIX record lock,
  which the kernel releases when the run dies, however it dies, and which
  forked workers do not inherit, so a lock left by a killed run is never in
  the way; the next run notes that it took it over.
- **Stopped by SIGTERM or Ctrl-C** (:mod:`lfrwatch.ops.stopping`), a run ends
  its workers and its crawl, marks its row ``interrupted``, releases the lock
  and exits with 143 (130 for Ctrl-C).
- **Killed at any moment, nothing lost or doubled.** Each document, each
  document's claims and each run record is written in its own transaction;
  documents are unique by canonical URL; the next run picks up what the killed
  one had not finished (pages not yet stored, documents not yet analysed) and
  marks the killed run ``interrupted``.
- **Exit codes say what happened** (:data:`EXIT_CODES`), so cron's mail, a
  systemd unit's status or a wrapper script can act on them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlite_utils.db import NotFoundError

from lfrwatch import config, store
from lfrwatch.ops import health
from lfrwatch.ops.lock import LockFileError, RunBusyError, RunLock  # noqa: F401 - RunBusyError: run_once raises it
from lfrwatch.ops.logs import absorb, log_dir
from lfrwatch.ops.stopping import RunStopped, stop_on_signals
from lfrwatch.publish import notify
from lfrwatch.store.database import Database, default_timeout

logger = logging.getLogger("lfrwatch.ops.runner")

# The CLI's codes (lfrwatch/cli/common.py), and two more for unattended runs.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_PARTIAL = 3
EXIT_LOCKED = 4
EXIT_BUSY = 5
EXIT_BROKEN = 6
EXIT_STOPPED = 143  # 128 + SIGTERM, as a shell reports a process SIGTERM ended
EXIT_CODES = {
    EXIT_OK: "every source worked",
    EXIT_ERROR: "the run failed (bad configuration, the crawl or the extraction could not run); "
                "what was crawled before the failure is stored",
    2: "usage error",
    EXIT_PARTIAL: "some URLs failed, or the feed or webhook could not be written; the rest is stored",
    EXIT_LOCKED: "the database is locked by another writer",
    EXIT_BUSY: "another `lfrwatch run` is using this database; nothing was done",
    EXIT_BROKEN: "a source is flagged broken (see `lfrwatch sources --health`); the rest is stored",
    EXIT_STOPPED: "stopped by SIGTERM (130: Ctrl-C): the run is marked interrupted, the next run finishes its work",
}


class RunError(RuntimeError):
    """The run cannot start: nothing to crawl, or a setting that cannot be used."""


# -- one run ----------------------------------------------------------------------------


@dataclass
class RunOutcome:
    """What a run did; the CLI prints it, the webhook sends it."""

    run_id: int
    started_at: str
    sources: list[str]
    feeds: list[str]
    seconds: float = 0.0
    health: list[health.SourceHealth] = field(default_factory=list)
    new_documents: list[dict[str, Any]] = field(default_factory=list)
    changed_documents: list[dict[str, Any]] = field(default_factory=list)
    new_claims: list[dict[str, Any]] = field(default_factory=list)
    new_conflicts: list[dict[str, Any]] | None = None  # None: the timeline module offers no conflicts
    errors: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # run-level failures (feed, webhook, timeline)
    fatal: list[str] = field(default_factory=list)  # the crawl or the extraction could not run
    extracted_during_crawl: int = 0  # documents whose claims were extracted while the crawl still ran
    feed_file: Path | None = None
    feed_entries: int = 0
    webhook: str | None = None
    lock_note: str | None = None
    interrupted_runs: list[int] = field(default_factory=list)

    @property
    def broken(self) -> list[health.SourceHealth]:
        return [h for h in self.health if h.broken]

    @property
    def exit_code(self) -> int:
        if self.fatal:
            return EXIT_ERROR
        if self.broken:
            return EXIT_BROKEN
        if self.errors or self.problems:
            return EXIT_PARTIAL
        return EXIT_OK

    @property
    def status(self) -> str:
        return {EXIT_ERROR: "error", EXIT_BROKEN: "broken", EXIT_PARTIAL: "partial"}.get(self.exit_code, "ok")

    def has_news(self) -> bool:
        return bool(self.new_documents or self.changed_documents or self.new_claims or self.new_conflicts
                    or self.errors or self.problems or self.fatal or self.broken)

    def payload(self) -> dict[str, Any]:
        """The webhook's JSON document."""
        return {
            "event": "lfrwatch.run",
            "run_id": self.run_id,
            "started_at": self.started_at,
            "seconds": round(self.seconds, 1),
            "status": self.status,
            "exit_code": self.exit_code,
            "new_documents": [_doc_brief(d) for d in self.new_documents],
            "changed_documents": [_doc_brief(d) for d in self.changed_documents],
            "new_claims": [{k: c.get(k) for k in CLAIM_BRIEF} for c in self.new_claims],
            "new_conflicts": self.new_conflicts or [],
            "broken_sources": [{"source": h.source, "reason": h.broken_reason} for h in self.broken],
            "errors": self.errors,
            "problems": self.fatal + self.problems,
        }


CLAIM_BRIEF = ("id", "kind", "metric", "value", "unit", "qualifier", "period", "text", "speaker", "claimant",
               "claimed_on", "document_url", "publisher")


def _doc_brief(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc.get(k) for k in ("id", "title", "publisher", "published", "canonical_url", "source")}


def plan(sources: list[str] | tuple[str, ...], feeds: list[str] | tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The sources and feeds a run will crawl; errors (unknown source, bad URL, nothing to do) before anything runs."""
    from lfrwatch.crawl.process import check_url
    from lfrwatch.crawl.sources import enabled_sources, get_source

    names = list(dict.fromkeys(sources))
    for name in names:
        get_source(name)
    feeds = [check_url(f) for f in dict.fromkeys(feeds)]
    if not names and not feeds:
        names = [s.name for s in enabled_sources()]
        if not names:
            raise RunError("no enabled sources to crawl (see `lfrwatch sources`), and no --feed given")
    return names, feeds


def _start_urls(name: str, feeds: list[str]) -> list[str]:
    from lfrwatch.crawl.sources import UnknownSourceError, get_source

    if name == "feed":
        return list(feeds)
    try:
        source = get_source(name)
    except UnknownSourceError:
        return []
    return source.feed_urls + source.listing_urls


_PIPELINES: dict[str, Any] = {}


def _pipeline(model: str | None):
    """The spaCy pipeline, loaded once per process (tests and long-lived callers run many times)."""
    from lfrwatch.nlp.extract import load_nlp

    key = config.spacy_model(model)
    if key not in _PIPELINES:
        _PIPELINES[key] = load_nlp(model)
    return _PIPELINES[key]


@dataclass
class _Job:
    """What one run was asked to do (see :func:`run_once`)."""

    db: str
    names: list[str]
    feeds: list[str]
    settings: dict[str, Any]
    model: str | None
    broken_after: int
    nlp: Any
    progress: Callable[[str], None] | None
    webhook: tuple[str | None, str | None, str]
    lock_note: str | None = None
    processes: int = 0  # spaCy processes once the crawl has ended; 0: extraction.processes_for decides


def run_once(db: str, *, sources: list[str] | tuple[str, ...] = (), feeds: list[str] | tuple[str, ...] = (),
             settings: dict[str, Any] | None = None, model: str | None = None,
             broken_after: int = health.DEFAULT_BROKEN_AFTER, nlp=None, processes: int = 0,
             progress: Callable[[str], None] | None = None) -> RunOutcome:
    """Crawl, extract, refresh the timeline, record health and notify, holding the run lock throughout.

    Raises :class:`RunBusyError` when another run holds the lock, and
    :class:`RunError`, ``UnknownSourceError``, ``BadURLError`` or
    :class:`notify.NotifyError` (a bad webhook setting) before anything runs.
    """
    names, feeds = plan(sources, feeds)
    job = _Job(db=db, names=names, feeds=feeds, settings=settings or {}, model=model, broken_after=broken_after,
               nlp=nlp, progress=progress, webhook=notify.webhook_settings(), processes=processes)
    lock = RunLock(db)
    try:
        job.lock_note = lock.acquire()
    except LockFileError as exc:
        raise RunError(str(exc)) from exc
    try:
        with stop_on_signals():
            return _run(job)
    finally:
        lock.release()


def _run(job: _Job) -> RunOutcome:
    database = store.open_db(job.db)
    try:
        run_id, interrupted = health.start_run(database, pid=os.getpid(), sources=job.names, feeds=job.feeds)
        try:
            return _steps(job, database, run_id, interrupted)
        except RunStopped as stopped:
            stopped.run_id = run_id
            logger.warning("run %d stopped by %s; marked interrupted", run_id, stopped.signal_name)
            _record_end(job.db, database, run_id, status="interrupted", exit_code=stopped.exit_code,
                        message=f"stopped by {stopped.signal_name}")
            raise
        except KeyboardInterrupt:
            _record_end(job.db, database, run_id, status="interrupted", exit_code=130, message="stopped by SIGINT")
            raise
        except Exception as exc:
            # A bug or an unusable database: the run's record says so rather than staying "running", and the
            # log file keeps the traceback (the terminal gets the CLI's one line).
            logger.error("run %d failed", run_id, exc_info=True, extra={"echoed": True})
            _record_end(job.db, database, run_id, status="error", exit_code=EXIT_ERROR,
                        message=f"{type(exc).__name__}: {exc}")
            raise
    finally:
        database.close()


def _record_end(db: str, database, run_id: int, **fields: Any) -> None:
    """Mark the run's row ended, whatever state the error left the connection in.

    A damaged page can leave the connection inside a transaction that every
    later statement fails in (sqlite-utils' savepoint cannot be released), so
    the row is written after a rollback, and failing that on a new connection.
    """
    try:
        if database.conn.in_transaction:
            database.conn.rollback()
        health.finish_run(database, run_id, **fields)
        return
    except sqlite3.Error as exc:
        logger.warning("could not record the end of run %d on its connection (%s); trying a new one", run_id, exc)
    try:
        # A plain connection (no migration and none of open_db's pragmas: the file may be damaged; sqlite-utils
        # sets only recursive_triggers), with open_db's busy timeout.
        conn = sqlite3.connect(db, timeout=default_timeout())
        try:
            health.finish_run(Database(conn), run_id, **fields)
        finally:
            conn.close()
    except (sqlite3.Error, NotFoundError):  # the original error is the one to report; the next run marks it
        logger.exception("could not record the end of run %d", run_id)


class _Extraction:
    """Step 3 of a run, done in two parts: one spaCy process while the crawl runs, then every core.

    The model is loaded, and the claims known before the run are listed, only
    when there is a document to analyse. A failure is recorded once and stops
    extraction for this run; the crawl's documents stay stored for the next.
    """

    def __init__(self, job: _Job, database, outcome: RunOutcome, say: Callable[[str], None] | None):
        self.job, self.database, self.outcome, self.say = job, database, outcome, say
        self.known_claims: set[str] | None = None
        self.nlp = job.nlp
        self.done = 0
        self.failed = False
        self.document_ids: list[int] = []  # analysed in this run

    def _ready(self) -> bool:
        if self.failed:
            return False
        if self.known_claims is None:
            if not store.document_ids_to_analyse(self.database, limit=1):
                return False
            self.known_claims = {row[0] for row in self.database.execute("select id from claims")}
        if self.nlp is None:
            self.nlp = _pipeline(self.job.model)
        return True

    def _tick(self, n: int) -> None:
        self.done += n
        if self.say:
            self.say(f"\rextracted {self.done}")

    def _guarded(self, work: Callable[[], Any]) -> None:
        try:
            if self._ready():
                work()
        except Exception as exc:  # noqa: BLE001 - any NLP failure: the crawl's documents stay stored
            self.failed = True
            self.outcome.fatal.append(f"extraction failed: {exc}")
            logger.exception("extraction failed")

    def while_running(self, running: Callable[[], bool]) -> None:
        from lfrwatch.nlp.extract import extract_while

        while running() and not self.failed:
            if self.known_claims is None and not store.document_ids_to_analyse(self.database, limit=1):
                time.sleep(0.25)  # nothing stored yet: do not load the model for nothing
                continue
            self._guarded(lambda: extract_while(self.database, running, nlp=self.nlp, progress=self._tick,
                                                analysed=self.document_ids))
        self.outcome.extracted_during_crawl = self.done
        if self.done:
            logger.info("extracted claims from %d document(s) while the crawl ran", self.done)

    def rest(self) -> None:
        from lfrwatch.nlp.extract import extract_claims, processes_for

        def work() -> None:
            pending = len(store.document_ids_to_analyse(self.database))
            if not pending:
                return
            n_process = self.job.processes or processes_for(pending)
            logger.info("extracting claims from %d document(s) with %d process(es)", pending, n_process)
            if self.say:
                self.say(("\n" if self.done else "") + f"extracting claims from {pending} document(s)…")
            extract_claims(self.database, nlp=self.nlp, n_process=n_process, progress=self._tick,
                           analysed=self.document_ids)

        self._guarded(work)


def _steps(job: _Job, database, run_id: int, interrupted: list[int]) -> RunOutcome:
    from lfrwatch.crawl.process import CrawlError, start_crawl

    db, names, feeds, broken_after, progress = job.db, job.names, job.feeds, job.broken_after, job.progress
    say = progress or (lambda message: None)
    clock = time.monotonic()
    started_at = database["runs"].get(run_id)["started_at"]
    outcome = RunOutcome(run_id=run_id, started_at=started_at, sources=names, feeds=feeds,
                         lock_note=job.lock_note, interrupted_runs=interrupted)
    logger.info("run %d started: sources %s, feeds %s", run_id, names or "-", feeds or "-")
    if job.lock_note:
        logger.warning(job.lock_note)
    if interrupted:
        logger.warning("earlier run(s) %s did not finish (killed?); marked interrupted",
                       ", ".join(map(str, interrupted)))
    last_document = database.execute("select coalesce(max(id), 0) from documents").fetchone()[0]
    last_version = database.execute("select coalesce(max(id), 0) from document_versions").fetchone()[0]

    # 1. Crawl, in a child process; its Scrapy log joins ours. While it runs, this process extracts
    #    claims from what it has stored so far, on the core the crawl leaves free.
    crawl_log = log_dir(db) / "crawl.current.log"
    crawl_log.parent.mkdir(parents=True, exist_ok=True)
    absorb(crawl_log, note="Scrapy log of an earlier run that did not finish:")
    say(f"crawling {len(names)} source(s) and {len(feeds)} feed(s)…")
    reports: list[dict[str, Any]] = []
    crawl_failed = False
    crawl_settings = {**job.settings, "LFRWATCH_PARENT_PID": os.getpid(), "LOG_FILE_APPEND": False}
    extraction = _Extraction(job, database, outcome, say if progress else None)
    try:
        crawl = start_crawl(db, sources=names, feeds=feeds, settings=crawl_settings, log_level="INFO",
                            log_file=str(crawl_log))
        try:
            extraction.while_running(crawl.running)
            result = crawl.result()
        finally:
            crawl.stop()
        reports = result.sources
        if result.returncode:
            logger.warning("the crawl process exited with code %d", result.returncode)
    except CrawlError as exc:
        crawl_failed = True
        outcome.fatal.append(f"crawl failed: {exc}")
        logger.error("crawl failed: %s", exc)
    finally:
        absorb(crawl_log)

    # 2. Source health, from the crawl reports and each source's history.
    by_source = {r["source"]: r for r in reports}
    expected = names + (["feed"] if feeds else [])
    for name in expected + [n for n in by_source if n not in expected]:
        previous, ever_found = health.history(database, name, max(broken_after, 1))
        outcome.health.append(health.assess(
            name, by_source.get(name), start_urls=_start_urls(name, feeds), previous=previous,
            ever_found=ever_found, broken_after=broken_after, crawl_failed=crawl_failed))
    health.record_sources(database, run_id, started_at, outcome.health)
    outcome.errors = [dict(e, source=h.source) for h in outcome.health for e in h.errors]
    outcome.new_documents = list(database.query(
        "select * from documents where id > ? order by id", [last_document]))
    outcome.changed_documents = list(database.query(
        """select d.*, v.version from document_versions v join documents d on d.id = v.document_id
           where v.id > ? and v.version > 1 and d.id <= ? order by v.id""", [last_version, last_document]))

    # 3. Claims from every document not analysed yet (this run's, or a killed run's), with every core.
    extraction.rest()
    if extraction.known_claims is not None:
        outcome.new_claims = [c for c in store.list_claims(database, document_ids=extraction.document_ids)
                              if c["id"] not in extraction.known_claims]

    # 4. The timeline's derived tables and conflicts, when the timeline module offers them.
    _refresh_timeline(database, outcome)

    # 5. The Atom feed and the webhook.
    try:
        outcome.feed_file = notify.feed_path(db)
        outcome.feed_entries = notify.write_atom_feed(database, outcome.feed_file)
    except notify.NotifyError as exc:
        outcome.problems.append(str(exc))
    url, secret, _origin = job.webhook
    outcome.seconds = time.monotonic() - clock
    if url and outcome.has_news():
        try:
            status = notify.post_webhook(url, outcome.payload(), secret=secret)
            outcome.webhook = f"webhook {url}: HTTP {status}"
            logger.info("%s", outcome.webhook)
        except notify.NotifyError as exc:
            outcome.problems.append(str(exc))
    outcome.seconds = time.monotonic() - clock
    health.finish_run(
        database, run_id, status=outcome.status, exit_code=outcome.exit_code,
        new_documents=len(outcome.new_documents), changed_documents=len(outcome.changed_documents),
        new_claims=len(outcome.new_claims), new_conflicts=len(outcome.new_conflicts or []),
        errors=len(outcome.errors), broken_sources=len(outcome.broken),
        message="; ".join(outcome.fatal + outcome.problems) or None,
    )
    logger.info("run %d finished (%s, exit code %d) in %.1f s", run_id, outcome.status, outcome.exit_code,
                outcome.seconds)
    return outcome


def _refresh_timeline(database, outcome: RunOutcome) -> None:
    from lfrwatch import timeline

    try:
        known: set[str] = set()
        if database["conflicts"].exists():
            known = {row[0] for row in database.execute("select id from conflicts")}
        found = timeline.rebuild_derived(database)  # bounded memory; None when the file could not be written
        if found is None:
            outcome.problems.append("timeline update failed: the derived tables could not be rebuilt")
            return
        outcome.new_conflicts = [c for c in found if c.get("id") not in known]
    except Exception as exc:  # noqa: BLE001 - the timeline is derived data: report it, keep the run's results
        outcome.problems.append(f"timeline update failed: {exc}")
        logger.exception("timeline update failed")


# -- what the CLI prints ------------------------------------------------------------------


def _date(value: str | None) -> str:
    return (value or "")[:10] or "(no date)"


def describe_document(doc: dict[str, Any], label: str) -> str:
    who = doc.get("publisher") or doc.get("source") or "?"
    return f"{label}: {_date(doc.get('published'))} {who}: {doc.get('title') or '(no title)'} {doc['canonical_url']}"


def describe_claim(claim: dict[str, Any]) -> str:
    kind = "new quote" if claim.get("kind") == "quote" else "new claim"
    return f"{kind}: {_date(claim.get('claimed_on'))} {notify.claim_title(claim)} {claim.get('document_url')}"


def describe_conflict(conflict: dict[str, Any]) -> str:
    who = conflict.get("claimant_org") or "?"
    return f"new conflict: {conflict.get('metric')} ({who}): {conflict.get('reason')}"


def report_lines(outcome: RunOutcome) -> tuple[list[str], list[str]]:
    """(stdout lines: what is new and the summary; stderr lines: what went wrong)."""
    out = [describe_document(d, "new document") for d in outcome.new_documents]
    out += [describe_document(d, f"changed document (version {d.get('version')})") for d in outcome.changed_documents]
    out += [describe_claim(c) for c in outcome.new_claims]
    out += [describe_conflict(c) for c in outcome.new_conflicts or []]
    err = [f"error: {e['url']}: {e['error']} [{e['source']}]" for e in outcome.errors]
    err += [f"broken: {h.source}: {h.broken_reason}" for h in outcome.broken]
    err += [f"error: {p}" for p in outcome.fatal + outcome.problems]
    conflicts = "" if outcome.new_conflicts is None else f", {len(outcome.new_conflicts)} new conflict(s)"
    summary = (
        f"run {outcome.run_id} {outcome.status} in {outcome.seconds:.1f} s: "
        f"{len(outcome.health)} source(s), {len(outcome.new_documents)} new document(s), "
        f"{len(outcome.changed_documents)} changed, {len(outcome.new_claims)} new claim(s){conflicts}, "
        f"{len(outcome.errors)} error(s), {len(outcome.broken)} broken source(s)"
    )
    if outcome.feed_file is not None and not any(p.startswith("cannot write the feed") for p in outcome.problems):
        summary += f"; feed {outcome.feed_file}"
    out.append(summary)
    return out, err
