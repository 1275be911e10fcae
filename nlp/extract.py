"""`lfrwatch extract` and `lfrwatch analyze`: run the NLP over documents and files.

spaCy is the bottleneck of the whole tool, so documents go through
``nlp.pipe`` in batches (``n_process`` workers when asked) and each document
version is parsed once: its claims are stored per version, and a version whose
claims are stored is not parsed again unless ``--all`` asks for it.

spaCy's workers are forked processes; each is made to die with the process
that forked it (:mod:`lfrwatch.ops.parentwatch`: Linux ``PR_SET_PDEATHSIG``,
else a thread that watches the parent), so a killed ``lfrwatch extract`` or
``lfrwatch run`` leaves no worker behind, blocked on a pipe nobody reads.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import sqlite_utils

from lfrwatch import store
from lfrwatch.config import NLP_BATCH_SIZE
from lfrwatch.ops import parentwatch

CHUNK = 256  # documents read from the database at a time


@dataclass
class ExtractResult:
    documents: int = 0
    claims: int = 0
    words: int = 0
    seconds: float = 0.0
    document_ids: list[int] = field(default_factory=list)  # the documents analysed, in order

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def count_stored(self, job: dict, claims: int) -> None:
        """Count in one document analysed and stored (``job`` of :func:`lfrwatch.store.analysis_jobs`)."""
        self.claims += claims
        self.documents += 1
        self.document_ids.append(job["document_id"])
        self.words += len(job["text"].split())


def load_nlp(model: str | None = None):
    from lfrwatch.nlp import load_pipeline

    return load_pipeline(model)


def analysis_meta(job: dict[str, Any]) -> dict[str, Any]:
    """The document metadata the NLP reads beside a version's text."""
    return {"published": job.get("published"), "publisher": job.get("publisher"), "kind": job.get("kind"),
            "author": job.get("author")}


# -- spaCy's workers die with the process that forked them -------------------------------

#: While an extraction with workers runs: the PID whose forked children must die with it.
_workers_parent: int | None = None


def _die_with_parent() -> None:
    """In a process just forked during :func:`workers_die_with_this_process`: die when the parent does."""
    global _workers_parent
    parent, _workers_parent = _workers_parent, None
    if parent is None:
        return
    parentwatch.die_with_parent(parent, interval=1.0, exit_code=parentwatch.ORPHANED_EXIT_CODE)


os.register_at_fork(after_in_child=_die_with_parent)


def _abandon_workers(analyses, workers_before: set[int]) -> None:
    """An extraction with workers ended early (an error, a signal): end its workers, and let this process
    exit without waiting for the queues that fed them.

    spaCy's ``nlp.pipe`` joins its workers when it is closed, and a worker blocked
    sending a batch nobody will read never ends; each queue's feeder thread is
    then blocked writing texts no worker will read, and the process would wait
    for it at exit (``cancel_join_thread`` is what multiprocessing offers for that).
    """
    import gc
    import multiprocessing.queues
    import warnings

    for child in multiprocessing.active_children():
        if child.pid not in workers_before:
            with contextlib.suppress(OSError):
                child.kill()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spaCy's W127: its workers did not finish; they were ended here
        analyses.close()
    for thing in gc.get_objects():
        if isinstance(thing, multiprocessing.queues.Queue):
            thing.cancel_join_thread()


@contextlib.contextmanager
def workers_die_with_this_process():
    """Processes forked inside (spaCy's ``nlp.pipe`` workers) are killed when this process ends."""
    global _workers_parent
    parentwatch.load_prctl()  # now, not in each child just forked
    _workers_parent = os.getpid()
    try:
        yield
    finally:
        _workers_parent = None


def extract_claims(db: sqlite_utils.Database, *, everything: bool = False, nlp=None, model: str | None = None,
                   batch_size: int = NLP_BATCH_SIZE, n_process: int = 1, limit: int | None = None,
                   progress: Callable[[int], None] | None = None,
                   analysed: list[int] | None = None) -> ExtractResult:
    """Analyse stored documents whose current version has no claims yet (all with ``everything``),
    the first ``limit`` of them when given. Each document's id is appended to ``analysed`` as soon as
    its claims are stored (so a caller knows them even when a later document fails)."""
    from lfrwatch.nlp import analyse_texts

    ids = store.document_ids_to_analyse(db, everything=everything, limit=limit)
    result = ExtractResult()
    if not ids:
        return result
    nlp = nlp or load_nlp(model)
    started = time.perf_counter()

    pending: list[dict[str, Any]] = []

    def items() -> Iterator[tuple[str, dict[str, Any]]]:
        for job in store.analysis_jobs(db, ids, chunk=CHUNK):
            pending.append(job)
            yield job["text"], analysis_meta(job)

    workers_before = {child.pid for child in multiprocessing.active_children()} if n_process != 1 else set()
    with workers_die_with_this_process() if n_process != 1 else contextlib.nullcontext():
        analyses = analyse_texts(nlp, items(), batch_size=batch_size, n_process=n_process)
        try:
            for analysis in analyses:
                job = pending.pop(0)
                result.count_stored(job, store.store_analysis(db, job, analysis))
                if analysed is not None:
                    analysed.append(job["document_id"])
                if progress:
                    progress(1)
        except BaseException:
            if n_process != 1:
                _abandon_workers(analyses, workers_before)
            raise
    result.seconds = time.perf_counter() - started
    return result


def extract_while(db: sqlite_utils.Database, running: Callable[[], bool], *, nlp, batch_size: int = NLP_BATCH_SIZE,
                  chunk: int = 64, poll_seconds: float = 0.25,
                  progress: Callable[[int], None] | None = None,
                  analysed: list[int] | None = None) -> ExtractResult:
    """Extract, in this process, the documents another process is storing, for as long as ``running()``.

    ``lfrwatch run`` calls it while its crawl runs, so spaCy uses the core the
    crawl leaves free instead of waiting for the crawl to end; what is left when
    the crawl ends goes to :func:`extract_claims` with every core. ``chunk``
    documents at a time, so the crawl's end is noticed within a chunk.
    """
    total = ExtractResult()
    started = time.perf_counter()
    while running():
        part = extract_claims(db, nlp=nlp, batch_size=batch_size, limit=chunk, progress=progress, analysed=analysed)
        total.documents += part.documents
        total.claims += part.claims
        total.words += part.words
        total.document_ids += part.document_ids
        if not part.documents:
            time.sleep(poll_seconds)
    total.seconds = time.perf_counter() - started
    return total


def processes_for(pending: int, *, cpus: int | None = None, minimum_documents: int = 200) -> int:
    """spaCy processes worth starting for ``pending`` documents: every core (up to 2 on a small machine's
    budget of memory, ~550 MB a worker) when there are enough documents to repay the workers' start."""
    cpus = cpus or os.cpu_count() or 1
    return min(cpus, 2) if pending >= minimum_documents else 1


def read_text_file(path: str, encoding: str | None = None) -> str:
    """A text file's text: in ``encoding`` when given, else UTF-8, else the encoding charset-normalizer finds.

    Raises OSError, or ValueError with a reason a person can act on.
    """
    data = Path(path).read_bytes()
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise ValueError(f"unknown encoding {encoding!r}") from exc
        except UnicodeDecodeError as exc:
            raise ValueError(f"not {encoding}: {exc.reason} at byte {exc.start}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("not UTF-8, and no other text encoding fits (give one with --encoding)")
    return str(best)


def analyse_files(paths: list[str], *, nlp=None, model: str | None = None, encoding: str | None = None,
                  on_error: Callable[[str, str], None] | None = None) -> Iterator[dict[str, Any]]:
    """One result per readable file, offsets indexing the file's whole text (decoded as :func:`read_text_file`)."""
    from lfrwatch.nlp import analyse_texts, split_header

    texts: list[tuple[str, str, int, dict[str, Any]]] = []
    for path in paths:
        try:
            content = read_text_file(path, encoding)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if on_error:
                on_error(path, f"cannot read file: {reason}")
            continue
        meta, body, offset = split_header(content)
        texts.append((path, body, offset, meta))
    if not texts:
        return
    nlp = nlp or load_nlp(model)
    results = analyse_texts(nlp, ((body, meta) for _, body, _, meta in texts))
    for (path, _body, offset, _meta), result in zip(texts, results):
        yield {"path": path, **shift_offsets(result, offset)}


def shift_offsets(result: dict[str, Any], offset: int) -> dict[str, Any]:
    """Move every start/end by ``offset`` (a header block before the analysed body)."""
    if not offset:
        return result
    shifted = {}
    for key, items in result.items():
        if isinstance(items, list):
            shifted[key] = [
                {**item, **{k: item[k] + offset for k in ("start", "end") if isinstance(item.get(k), int)}}
                if isinstance(item, dict) else item
                for item in items
            ]
        else:
            shifted[key] = items
    return shifted
