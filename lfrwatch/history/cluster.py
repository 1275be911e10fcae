"""Past one machine, over a Dask distributed cluster: `lfrwatch extract --scheduler tcp://HOST:PORT` (the NLP)
and `lfrwatch import-warc --scheduler tcp://HOST:PORT` (WARC files).

The client (this process) is the only process that opens the SQLite file: workers never see it. They get plain
data and hand back plain data, which the client stores as it comes back.

- extract: the client reads the documents left to analyse, sends them to the workers in batches (each document's
  text and meta), and stores each batch's analyses, one transaction per document
  (:func:`lfrwatch.store.store_analysis`), as a local ``lfrwatch extract`` does. On a worker,
  :func:`analyse_batch` parses a batch with the spaCy pipeline of :func:`pipeline_for`, which loads each model
  once per worker process and keeps it.
- import-warc: one task per file (:func:`import_warc_file`). A worker reads the whole file as a stream,
  pre-filters its records and reads the kept pages with their sources' spiders (the pre-filter and the spiders
  loaded once per worker process), and hands back the kept pages with their provenance (file, offset, record
  id) and the file's counts and failures; the client stores them (:func:`import_on_cluster`), files in the
  order given. A file, not a byte range, is the unit: crawls come cut into files of about a gigabyte already
  (Common Crawl's are), a file's damage and its resynchronisation stay on one worker, and the record ids
  already stored from a file (sent with its task) let a re-run pass over them unread. A file is named as the
  client names it (its absolute path, or its URL): a worker must see the file at the same path (a shared
  filesystem) or read it from its URL.

A worker needs lfrwatch installed, with the model for extract, and nothing else (docs/history.md).

Failures: a scheduler that cannot be reached is :class:`ClusterUnreachable`, raised before anything is read or
written; a worker that dies mid-task has its task run again on another worker by the scheduler, and a task
that has killed ``distributed.scheduler.allowed-failures`` workers is given up and reported (its documents,
:attr:`ClusterExtractResult.failed`; its file, by name, in the import's failures), to be done by the next run.
A task's results are stored only when they come back, once: a retried task is never stored twice.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

import sqlite_utils

from lfrwatch import store
from lfrwatch.config import NLP_BATCH_SIZE, spacy_model
from lfrwatch.nlp.extract import ExtractResult, analysis_meta

if TYPE_CHECKING:
    from lfrwatch.history.warcimport import ImportReport, ReadPage, WarcImport

#: Seconds to wait for the scheduler to answer, and then for a worker to be there.
CONNECT_SECONDS = 10.0
#: Documents in one task at the most: a worker parses them with one ``nlp.pipe`` call.
DOCUMENTS_PER_TASK = 32
#: Tasks each worker thread gets at the least: with fewer documents than that many full tasks, the tasks are
#: made smaller, so that the run's tail (its last task, while the other workers have nothing left to do) is a
#: few documents, not 32 (with 64 documents on 2 workers, 16 tasks of 4 documents, not 2 of 32).
MIN_TASKS_PER_THREAD = 8
#: Tasks in flight per worker thread: enough to keep every worker busy, few enough that the client holds only
#: a few batches of text at a time, however many documents are left.
TASKS_PER_THREAD = 2


class ClusterUnreachable(RuntimeError):
    """The scheduler does not answer, or has no workers."""


@dataclass
class ClusterExtractResult(ExtractResult):
    """What an extraction over a cluster did: ``ExtractResult``'s counts, the workers, the batches that failed."""

    workers: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"document_ids": [...], "error": str}


# -- on a worker ------------------------------------------------------------------------------------------

#: What a worker process makes once and keeps: its spaCy pipelines and its WARC pre-filters, by key.
_kept: dict[tuple[str, Any], Any] = {}
_kept_lock = threading.Lock()


def _made_once(kind: str, key: Any, make: Callable[[], Any]) -> Any:
    """``make()``'s result for (``kind``, ``key``) in this process: made on first use (by one thread) and kept."""
    with _kept_lock:
        value = _kept.get((kind, key))
        if value is None:
            value = _kept[(kind, key)] = make()
        return value


def pipeline_for(model: str):
    """The spaCy pipeline for ``model`` in this process, loaded on first use and kept."""
    def load():
        from lfrwatch.nlp import load_pipeline

        return load_pipeline(model)

    return _made_once("pipeline", model, load)


def analyse_batch(model: str, batch_size: int, items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """A task: the analyses of ``(text, meta)`` pairs, in order, as plain data."""
    from lfrwatch.nlp import analyse_texts

    return list(analyse_texts(pipeline_for(model), items, batch_size=batch_size))


# -- on the client ----------------------------------------------------------------------------------------

def model_name(model: str | None) -> str:
    """The model a worker is to load: named here, on the client, so every worker loads the same one.

    Read from :func:`lfrwatch.config.spacy_model`, which does not import spaCy: the client never parses, and
    importing spaCy here cost ~0.8 s of CPU before the first task was sent (the workers waited for it).
    """
    return spacy_model(model)


def connect(address: str, *, timeout: float | None = None):
    """A ``distributed.Client`` of the scheduler at ``address`` with at least one worker, or
    :class:`ClusterUnreachable` naming the address."""
    from distributed import Client

    timeout = CONNECT_SECONDS if timeout is None else timeout
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnreachable(f"scheduler {address} cannot be reached ({type(exc).__name__}: {exc})") from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterUnreachable(f"scheduler {address} has no workers (none joined in {timeout:g} s)") from exc
    return client


def _batches(jobs: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def documents_per_task_for(documents: int, threads: int) -> int:
    """Documents in each task of a run of ``documents`` over ``threads`` worker threads: ``DOCUMENTS_PER_TASK``,
    or fewer, so that each thread gets ``MIN_TASKS_PER_THREAD`` tasks."""
    wanted_tasks = max(1, threads) * MIN_TASKS_PER_THREAD
    return max(1, min(DOCUMENTS_PER_TASK, -(-documents // wanted_tasks)))


def extract_on_cluster(db: sqlite_utils.Database, client, *, everything: bool = False, model: str | None = None,
                       batch_size: int = NLP_BATCH_SIZE, documents_per_task: int | None = None,
                       limit: int | None = None,
                       progress: Callable[[int], None] | None = None) -> ClusterExtractResult:
    """Analyse stored documents whose current version has no claims yet (all with ``everything``) on the
    cluster of ``client``, storing each batch's claims here as it comes back (see the module's docstring).
    A task holds ``documents_per_task`` documents (default: :func:`documents_per_task_for`)."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    result = ClusterExtractResult()
    ids = store.document_ids_to_analyse(db, everything=everything, limit=limit)
    if not ids:
        return result
    model = model_name(model)
    started = time.perf_counter()
    threads = sum(client.nthreads().values()) or 1
    result.workers = len(client.nthreads())
    batches = _batches(store.analysis_jobs(db, ids), documents_per_task or documents_per_task_for(len(ids), threads))
    in_flight: dict[Any, list[dict[str, Any]]] = {}

    def submit_next() -> Any | None:
        batch = next(batches, None)
        if batch is None:
            return None
        future = client.submit(analyse_batch, model, batch_size, [(job["text"], analysis_meta(job)) for job in batch],
                               pure=False)
        in_flight[future] = batch
        return future

    first = [future for future in (submit_next() for _ in range(threads * TASKS_PER_THREAD)) if future is not None]
    done = as_completed(first, loop=client.loop)
    try:
        for future in done:
            batch = in_flight.pop(future)
            try:
                analyses = future.result()
            except KilledWorker as exc:
                result.failed.append({"document_ids": [job["document_id"] for job in batch],
                                      "error": f"the workers running it died ({exc})"})
                analyses = None
            future.release()
            following = submit_next()  # sent before this batch is stored: the workers are not kept waiting
            if following is not None:
                done.add(following)
            for job, analysis in zip(batch, analyses or ()):
                result.count_stored(job, store.store_analysis(db, job, analysis))
                if progress:
                    progress(1)
    finally:
        if in_flight:  # an error or Ctrl-C: what is still out is cancelled, nothing of it is stored
            client.cancel(list(in_flight))
    result.seconds = time.perf_counter() - started
    return result


# -- import-warc: on a worker -----------------------------------------------------------------------------

_thread_state = threading.local()


def _prefilter(all_domains: bool):
    """The pre-filter of this worker process (the source registry's domains, the relevance tests), made once."""
    from lfrwatch.history.warcimport import PreFilter

    return _made_once("prefilter", all_domains, lambda: PreFilter(all_domains=all_domains))


def _page_reader():
    """This worker thread's page reader (its spiders, loaded once; a spider reads one page at a time)."""
    reader = getattr(_thread_state, "page_reader", None)
    if reader is None:
        from lfrwatch.history.reading import PageReader

        reader = _thread_state.page_reader = PageReader(None)
    return reader


def import_warc_file(name: str, stored_ids: frozenset[str], all_domains: bool) -> tuple["ImportReport",
                                                                                        list["ReadPage"]]:
    """A task: the kept pages of one WARC file (its absolute path or URL), in record order, and its counts."""
    from lfrwatch.history.warcimport import ImportReport, read_candidate
    from lfrwatch.history.warcstream import WarcInput

    report, reader = ImportReport(), _page_reader()
    pages = [read_candidate(reader, candidate)
             for candidate in _prefilter(all_domains).candidates(WarcInput(name), stored_ids, report)]
    return report, pages


# -- import-warc: on the client ---------------------------------------------------------------------------

def import_on_cluster(importer: "WarcImport", client, locations: list[str]) -> None:
    """Import ``locations`` on the cluster of ``client``, one task per file, storing each file's kept pages
    through ``importer`` (whose database is open) in the order the files were given (see the module's
    docstring). A file given twice is read once."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from lfrwatch.history.warcimport import stored_record_ids
    from lfrwatch.history.warcstream import WarcInput

    names = list(dict.fromkeys(WarcInput(location).name for location in locations))
    window = (sum(client.nthreads().values()) or 1) * TASKS_PER_THREAD
    pending = iter(enumerate(names))
    in_flight: dict[Any, tuple[int, str]] = {}
    finished: dict[int, tuple[str, Any]] = {}  # come back before an earlier file: held until it is stored
    next_to_store = 0

    def submit_next() -> Any | None:
        if len(in_flight) >= window or len(finished) >= window:
            return None
        following = next(pending, None)
        if following is None:
            return None
        index, name = following
        stored = frozenset(stored_record_ids(importer.db, name))
        future = client.submit(import_warc_file, name, stored, importer.all_domains, pure=False)
        in_flight[future] = (index, name)
        return future

    def store_in_order() -> None:
        nonlocal next_to_store
        while next_to_store in finished:
            name, outcome = finished.pop(next_to_store)
            next_to_store += 1
            if isinstance(outcome, str):
                importer.report.fail(name, outcome)
                continue
            report, pages = outcome
            importer.report.add(report)
            for page in pages:
                importer.store_page(page)

    first = [future for future in iter(submit_next, None)]
    done = as_completed(first, loop=client.loop)
    try:
        for future in done:
            index, name = in_flight.pop(future)
            try:
                finished[index] = (name, future.result())
            except KilledWorker as exc:
                finished[index] = (name, f"the workers reading it died ({exc}); nothing of it was stored, "
                                         "a re-run reads it")
            except Exception as exc:  # noqa: BLE001 - a task that fails on the cluster costs its file, reported
                finished[index] = (name, f"failed on the cluster ({type(exc).__name__}: {exc}); nothing of it was "
                                         "stored")
            future.release()
            store_in_order()
            for following in iter(submit_next, None):
                done.add(following)
    finally:
        if in_flight:  # an error or Ctrl-C: what is still out is cancelled, nothing of it is stored
            client.cancel(list(in_flight))
