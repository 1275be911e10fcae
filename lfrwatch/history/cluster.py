"""The NLP past one machine: `lfrwatch extract --scheduler tcp://HOST:PORT` over a Dask distributed cluster.

The client (this process) reads the documents left to analyse from the SQLite file, sends them to the
cluster's workers in batches of plain data (each document's text and meta), and stores each batch's analyses
as they come back, one transaction per document (:func:`lfrwatch.store.store_analysis`), as a local
``lfrwatch extract`` does. It is the only process that opens the database: workers never see it.

On a worker, :func:`analyse_batch` parses a batch with the spaCy pipeline of :func:`pipeline_for`, which loads
each model once per worker process and keeps it. A worker needs lfrwatch installed, with the model, and
nothing else (docs/history.md).

Failures: a scheduler that cannot be reached is :class:`ClusterUnreachable`, raised before anything is read or
written; a worker that dies mid-task has its batch run again on another worker by the scheduler, and a batch
that has killed ``distributed.scheduler.allowed-failures`` workers is given up and its documents reported
(:attr:`ClusterExtractResult.failed`), to be analysed by the next run. A batch's analyses are stored only
when its result comes back, once: a retried batch is never stored twice.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import sqlite_utils

from lfrwatch import store
from lfrwatch.config import NLP_BATCH_SIZE
from lfrwatch.nlp.extract import ExtractResult, analysis_meta

#: Seconds to wait for the scheduler to answer, and then for a worker to be there.
CONNECT_SECONDS = 10.0
#: Documents in one task: a worker parses them with one ``nlp.pipe`` call.
DOCUMENTS_PER_TASK = 32
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

_pipelines: dict[str, Any] = {}
_pipelines_lock = threading.Lock()


def pipeline_for(model: str):
    """The spaCy pipeline for ``model`` in this process, loaded on first use and kept."""
    with _pipelines_lock:
        nlp = _pipelines.get(model)
        if nlp is None:
            from lfrwatch.nlp import load_pipeline

            nlp = _pipelines[model] = load_pipeline(model)
        return nlp


def analyse_batch(model: str, batch_size: int, items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """A task: the analyses of ``(text, meta)`` pairs, in order, as plain data."""
    from lfrwatch.nlp import analyse_texts

    return list(analyse_texts(pipeline_for(model), items, batch_size=batch_size))


# -- on the client ----------------------------------------------------------------------------------------

def model_name(model: str | None) -> str:
    """The model a worker is to load: named here, on the client, so every worker loads the same one."""
    from lfrwatch.nlp.pipeline import DEFAULT_MODEL, MODEL_ENV_VAR

    return model or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


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


def extract_on_cluster(db: sqlite_utils.Database, client, *, everything: bool = False, model: str | None = None,
                       batch_size: int = NLP_BATCH_SIZE, documents_per_task: int = DOCUMENTS_PER_TASK,
                       limit: int | None = None,
                       progress: Callable[[int], None] | None = None) -> ClusterExtractResult:
    """Analyse stored documents whose current version has no claims yet (all with ``everything``) on the
    cluster of ``client``, storing each batch's claims here as it comes back (see the module's docstring)."""
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
    batches = _batches(store.analysis_jobs(db, ids), documents_per_task)
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
            for job, analysis in zip(batch, analyses or ()):
                result.claims += store.store_analysis(db, job, analysis)
                result.documents += 1
                result.document_ids.append(job["document_id"])
                result.words += len(job["text"].split())
                if progress:
                    progress(1)
            following = submit_next()
            if following is not None:
                done.add(following)
    finally:
        if in_flight:  # an error or Ctrl-C: what is still out is cancelled, nothing of it is stored
            client.cancel(list(in_flight))
    result.seconds = time.perf_counter() - started
    return result
