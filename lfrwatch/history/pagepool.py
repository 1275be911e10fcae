"""Kept WARC pages read in worker processes: :class:`PagePool`, where `lfrwatch import-warc` reads its pages.

The import's own process iterates the records and pre-filters them (:mod:`lfrwatch.history.warcimport`); each
:class:`~lfrwatch.history.warcimport.Candidate` that passes (its payload and provenance) goes to a worker, which
reads it with its source's spider (:func:`~lfrwatch.history.warcimport.read_candidate`, with a
:class:`~lfrwatch.history.reading.PageReader` kept per worker and no store), and what it gives comes back as a
:class:`~lfrwatch.history.warcimport.ReadPage` to be stored by the import's process, the only writer.

- Order: pages come back in the order they were given, so the store sees the records in file order, as a
  reading in one process would.
- Memory: at most :data:`PENDING_PAGES` candidates and :data:`PENDING_BYTES` of payload are out at a time; past
  that, :meth:`PagePool.submit` waits for the oldest. Memory stays flat whatever the file size.
- Start: workers fork from a ``forkserver`` that imports the readers' libraries (Scrapy, trafilatura, the
  spiders) once per process (else they are spawned), and load the spiders as soon as they start. They are
  started by a thread of the pool's (:class:`PagePool`), so the import's loop never waits for them to come up
  (a forkserver's first start takes about a second): what it submits meanwhile waits in the pool, within the
  same bounds, and goes to them once they are up.
- Pipes, not ``concurrent.futures``: the import's process writes the candidates to its worker's pipe and reads
  the answers itself, with no thread beside it (with an executor, its manager and feeder threads took the
  interpreter's lock from the import's loop at every page: in a profile of the benchmark each page cost the
  loop milliseconds of waiting, as much as reading the page). Candidates go in batches
  (:data:`BATCH_BYTES`, :data:`BATCH_SECONDS`) and answers come back as many at a time as are ready: each
  write wakes the other process, and on a busy machine a wake-up costs the writer about a millisecond.
- A worker that dies (a parser crash, the memory killer) takes the pages it held with it: it is replaced, and
  those pages are read again one at a time, each by a worker of its own; the page that kills that one too
  comes back unreadable (:data:`~lfrwatch.history.warcimport.READER_DIED`, which the import reports as an error
  with file and offset), every other page is read as usual.
- CPU: each page comes back with its worker's CPU time so far, so :attr:`PagePool.cpu_seconds` is what the
  workers used (a benchmark adds it to the import process's own).
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import pkgutil
import queue
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any

from lfrwatch.crawl.article import default_extract_workers
from lfrwatch.history.reading import PageReader, ReadResult
from lfrwatch.history.warcimport import READER_DIED, Candidate, ReadPage, read_candidate

#: Candidates out at a time (in the queue to the workers or being read).
PENDING_PAGES = 64
#: Payload bytes out at a time (a few hundred pages: enough for the workers never to wait for this process).
PENDING_BYTES = 4 * 1024 * 1024
#: Candidates go to a worker in batches of about this many bytes, or after this many seconds (a write wakes the
#: worker up: on a busy machine, each wake-up cost the import's loop about a millisecond).
BATCH_BYTES = 512 * 1024
BATCH_SECONDS = 0.05
#: What the pipe to a worker holds (Linux's default limit for a pipe), so sending rarely waits for the worker.
PIPE_BYTES = 1024 * 1024

# -- in a worker ------------------------------------------------------------------------------------------

_reader: PageReader | None = None


def _worker_reader() -> PageReader:
    global _reader
    if _reader is None:
        _reader = PageReader(None)
        _reader.spider_loader()
    return _reader


def _exit_with(importer_pid: int, interval: float = 0.5) -> None:
    """Worker start-up: exit when the import's process is gone (a worker forked by the forkserver is not its
    child, so its parent's death says nothing)."""
    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(importer_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="lfrwatch-importer-watch", daemon=True).start()


def _read(candidate: Candidate) -> tuple[ReadPage, int, float]:
    return read_candidate(_worker_reader(), candidate), os.getpid(), time.process_time()


# -- in the import's process ------------------------------------------------------------------------------

_context: Any = None


def _pool_context():
    """``forkserver`` with the readers' libraries imported once, else ``spawn`` (never a plain fork of a process
    that may run threads: a Dask client, a test's web server)."""
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            import lfrwatch.spiders

            _context = multiprocessing.get_context("forkserver")
            spiders = [f"lfrwatch.spiders.{module.name}" for module in pkgutil.iter_modules(lfrwatch.spiders.__path__)]
            # Read once the server starts: a process whose forkserver is already running keeps its preload.
            _context.set_forkserver_preload(["lfrwatch.history.pagepool", "scrapy.http", "scrapy.spiderloader",
                                             "scrapy.responsetypes", *spiders])
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


class _Reader:
    """One reading process: candidates go in through one pipe, pages come back through another, in order.

    This process writes and reads its ends itself (no thread of its own beside it: a feeder thread here would
    hold the interpreter's lock while it pickled a payload, and the import's loop would wait for it); the
    worker answers through a thread of its own, so it never blocks on a full pipe while this process is
    sending it more."""

    def __init__(self, context):
        task_end, self.tasks = context.Pipe(duplex=False)
        self.answers, answer_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(task_end, answer_end, os.getpid()),
                                       name="lfrwatch-page-reader", daemon=True)
        self.process.start()
        task_end.close()
        answer_end.close()
        _widen(self.tasks)
        self.out = 0  # candidates given and not answered yet
        self.dead = False
        self._batch: list[Candidate] = []  # given, not sent yet
        self._batch_bytes = 0
        self._batch_since = 0.0
        self._received: deque = deque()  # answers read off the pipe, not taken yet

    def give(self, candidate: Candidate) -> None:
        """Hand it ``candidate`` (sent with the next few, see :data:`BATCH_BYTES`)."""
        if not self._batch:
            self._batch_since = time.monotonic()
        self._batch.append(candidate)
        self._batch_bytes += len(candidate.payload)
        self.out += 1
        if self._batch_bytes >= BATCH_BYTES or time.monotonic() - self._batch_since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Send what was given and not sent yet (one write: one wake-up of the worker)."""
        if self._batch and not self.dead:
            try:
                self.tasks.send(self._batch)
            except (OSError, ValueError):
                self.dead = True
        self._batch, self._batch_bytes = [], 0

    def answered(self) -> bool:
        """Whether :meth:`receive` would not wait (an answer is there, or the process is gone)."""
        if self._received or self.dead:
            return True
        if self.out == len(self._batch):  # its oldest candidate is not even sent
            return False
        try:
            return self.answers.poll() or not self.process.is_alive()
        except (OSError, ValueError):
            return True

    def receive(self) -> tuple[ReadPage, int, float] | None:
        """The answer to its oldest candidate; None when it died first."""
        if not self._received:
            if self.out == len(self._batch):  # its oldest candidate is not sent yet (else the batch waits its turn)
                self.flush()
            if self.dead:
                return None
            try:
                wait([self.answers, self.process.sentinel])
                if not self.answers.poll():
                    return None
                self._received.extend(self.answers.recv())
            except (EOFError, OSError, ValueError):
                self.dead = True
                return None
        self.out -= 1
        return self._received.popleft()

    def close(self, *, wait_seconds: float = 10.0) -> None:
        """Let it finish (at once when candidates are still out: what they give is not wanted any more)."""
        if self.out == 0:
            try:
                self.tasks.send(None)
            except (OSError, ValueError):
                pass
            self.process.join(wait_seconds)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.tasks.close()
        self.answers.close()


def _widen(connection, size: int = PIPE_BYTES) -> None:
    """Let the pipe hold ``size`` bytes (Linux; elsewhere, or past the system's limit, it keeps its own size)."""
    try:
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, size)
    except (AttributeError, OSError):
        pass


def _serve(tasks, answers, importer_pid: int) -> None:
    """A reading process: read what comes in, answer in order, until ``None`` or the importer is gone.

    A thread takes the candidates off the pipe as they come (the pipe holds only a few pages: the import's
    process would wait on a full one while a page is read here) and another sends the answers back, as many
    as are ready in one message."""
    _exit_with(importer_pid)
    sys.setswitchinterval(0.001)  # the threads that move candidates and answers wait less for the reading one
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def take_candidates() -> None:
        while True:
            try:
                batch = tasks.recv()
            except (EOFError, OSError):
                batch = None
            if batch is None:
                inbox.put(None)
                return
            for candidate in batch:
                inbox.put(candidate)

    def send_answers() -> None:
        finished = False
        while not finished:
            ready = [outbox.get()]
            while True:
                try:
                    ready.append(outbox.get_nowait())
                except queue.Empty:
                    break
            finished = ready[-1] is None
            if finished:
                ready.pop()
            if ready:
                answers.send(ready)

    threading.Thread(target=take_candidates, name="lfrwatch-page-candidates", daemon=True).start()
    sender = threading.Thread(target=send_answers, name="lfrwatch-page-answers", daemon=True)
    sender.start()
    _worker_reader()
    while (candidate := inbox.get()) is not None:
        try:
            outbox.put(_read(candidate))
        except Exception as exc:  # noqa: BLE001 - what fails outside the reader costs that page, reported
            outbox.put((_unreadable(candidate, f"could not be read ({type(exc).__name__}: {exc})"), os.getpid(),
                        time.process_time()))
    outbox.put(None)
    sender.join()


class PagePool:
    """Candidates read in worker processes, handed back in order, a bounded number out at a time.

    The workers start in the background (a thread waits for them: a forkserver's first start imports the
    readers' libraries, about a second), so the import's loop goes on meanwhile; what it submits before they are
    up waits here, within the same bounds, and goes to them once they are."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_extract_workers()
        self._context = _pool_context()
        self._readers: list[_Reader] = []
        self._start_error: BaseException | None = None
        self._starter: threading.Thread | None = threading.Thread(target=self._start, name="lfrwatch-pool-start",
                                                                  daemon=True)
        self._starter.start()
        #: (candidate, its reader): oldest first; the reader is None while the workers are starting.
        self._pending: deque[tuple[Candidate, _Reader | None]] = deque()
        self._pending_bytes = 0
        self._cpu: dict[int, float] = {}

    def _start(self) -> None:
        """In the starting thread: the workers (the import's loop takes them once all are up)."""
        readers = []
        try:
            for _ in range(self.workers):
                readers.append(_Reader(self._context))
        except BaseException as exc:  # noqa: BLE001 - raised again in the import's thread (_up)
            self._start_error = exc
            for reader in readers:
                reader.close()
            return
        self._readers = readers

    def _up(self, *, wait: bool) -> bool:
        """Whether the workers are up (with ``wait``, once they are); the candidates that waited go to them."""
        if self._starter is None:
            return True
        if not wait and self._starter.is_alive():
            return False
        self._starter.join()
        self._starter = None
        if self._start_error is not None:
            raise self._start_error
        for index in range(len(self._pending)):
            candidate, reader = self._pending[index]
            if reader is None:
                self._pending[index] = (candidate, self._give(candidate))
        return True

    @property
    def cpu_seconds(self) -> float:
        """CPU seconds the workers have used, as far as their pages say."""
        return sum(self._cpu.values())

    def _give(self, candidate: Candidate) -> _Reader:
        reader = min(self._readers, key=lambda r: r.out)
        reader.give(candidate)
        return reader

    def submit(self, candidate: Candidate) -> list[ReadPage]:
        """Give ``candidate`` to a worker; the pages read by now, oldest first (waiting while too many are out)."""
        size = len(candidate.payload)
        done = []
        while self._pending and (len(self._pending) >= PENDING_PAGES or self._pending_bytes + size > PENDING_BYTES):
            done.append(self._take_oldest())
        reader = self._give(candidate) if self._up(wait=False) else None
        self._pending.append((candidate, reader))
        self._pending_bytes += size
        while self._pending and self._pending[0][1] is not None and self._pending[0][1].answered():
            done.append(self._take_oldest())
        return done

    def drain(self) -> list[ReadPage]:
        """Every page still out, in order."""
        return [self._take_oldest() for _ in range(len(self._pending))]

    def _take_oldest(self) -> ReadPage:
        if self._pending[0][1] is None:
            self._up(wait=True)
        candidate, reader = self._pending.popleft()
        self._pending_bytes -= len(candidate.payload)
        answer = reader.receive()
        if answer is None:  # its worker died: the pool goes on with a new one, this page is read alone
            self._replace(reader)
            return self._read_alone(candidate)
        page, pid, cpu = answer
        self._cpu[pid] = max(cpu, self._cpu.get(pid, 0.0))
        return page

    def _replace(self, dead: _Reader) -> None:
        if dead in self._readers:
            self._readers[self._readers.index(dead)] = _Reader(self._context)
            dead.close()

    def _read_alone(self, candidate: Candidate) -> ReadPage:
        """A page whose worker died, read again in a worker of its own."""
        reader = _Reader(self._context)
        try:
            reader.give(candidate)
            answer = reader.receive()
        finally:
            reader.close()
        if answer is None:
            return _unreadable(candidate, READER_DIED)
        page, pid, cpu = answer
        self._cpu[pid] = max(cpu, self._cpu.get(pid, 0.0))
        return page

    def shutdown(self) -> None:
        """Stop the workers (what is still out is dropped: a caller that wants it calls :meth:`drain` first)."""
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        for reader in self._readers:
            reader.close()
        self._readers = []
        self._pending.clear()
        self._pending_bytes = 0


def _unreadable(candidate: Candidate, reason: str) -> ReadPage:
    return ReadPage(candidate.uri, candidate.where, ReadResult(None, "unreadable", reason))
