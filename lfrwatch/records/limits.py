"""The bounds on reading one record PDF, and the child process that reads it within them.

A record file comes from a site nobody here controls. A PDF of thousands of
pages, or a few megabytes of compressed content that inflate to gigabytes (a
deflate bomb), would take minutes and gigabytes of the crawl process, and a
crawl killed for its memory loses every file and names none. So each PDF is
read in a process of its own, as :func:`parse_pdf_bounded`:

- its download is bounded by ``LFRWATCH_RECORD_MAXSIZE`` (20 MB; the
  records spiders set it on each record-file request, as ``DOWNLOAD_MAXSIZE``
  bounds pages);
- a file of more than ``LFRWATCH_RECORD_MAX_PAGES`` pages (200; the Met's have
  2 to 10) is refused from its page tree, before any page is read;
- the reading process may use ``LFRWATCH_RECORD_READ_MEMORY`` (1 GB) on top of
  what it holds when it starts (Python and the PDF libraries): its address
  space is limited (``RLIMIT_AS``), so running out is a ``MemoryError`` in that
  process, or its death, never the crawl's;
- it has ``LFRWATCH_RECORD_READ_TIMEOUT`` seconds (60), then it is killed.

Each of these, and a reader that crashes, is a :class:`RecordsError` naming
the file and the limit, and costs that file only. The reasons are worded from
the limits (:func:`failed_on_a_bound`), so a file that failed on a bound is not
read again with the same bytes under the same limits, and is read again when
its bytes or the limits change.

Readers are forked from a server process started once per crawl process
(``forkserver``, with the PDF libraries already imported), so a file costs a
fork, not a new interpreter. The bytes go in and plain data comes out
(:meth:`ParsedRecords.to_plain`). A reader ends as soon as the process that
asked for the read is gone (it watches a pipe only that process holds), and
its CPU time is limited too.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import threading
import traceback
from dataclasses import dataclass
from typing import Any

from lfrwatch.records.errors import RecordsError
from lfrwatch.records.layouts import MET_PDF, Layout
from lfrwatch.records.met_pdf import parse_pdf, too_many_pages
from lfrwatch.records.rows import ParsedRecords

#: The defaults of the crawl settings of the same names (lfrwatch/crawl/settings.py).
RECORD_MAXSIZE = 20 * 1024 * 1024
RECORD_MAX_PAGES = 200
RECORD_READ_TIMEOUT = 60.0
RECORD_READ_MEMORY = 1024 * 1024 * 1024
#: Record PDFs read at once by one crawl process (each may use up to the memory limit).
READERS_AT_ONCE = 2


def amount(size: int) -> str:
    """A size in bytes as a reader would say it: "1 GB", "300 MB", "512 bytes"."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:g} GB"
    return f"{size / 1024 ** 2:g} MB" if size >= 1024 ** 2 else f"{size} bytes"


@dataclass(frozen=True)
class ReadLimits:
    """How far reading one record PDF may go: pages, seconds, and bytes of memory beyond the reader's own."""

    max_pages: int = RECORD_MAX_PAGES
    seconds: float = RECORD_READ_TIMEOUT
    memory: int = RECORD_READ_MEMORY

    @classmethod
    def from_settings(cls, settings: Any | None) -> "ReadLimits":
        """The limits a crawl's settings set (``LFRWATCH_RECORD_*``); the defaults without settings."""
        if settings is None:
            return cls()
        return cls(max_pages=settings.getint("LFRWATCH_RECORD_MAX_PAGES", RECORD_MAX_PAGES),
                   seconds=settings.getfloat("LFRWATCH_RECORD_READ_TIMEOUT", RECORD_READ_TIMEOUT),
                   memory=settings.getint("LFRWATCH_RECORD_READ_MEMORY", RECORD_READ_MEMORY))

    def too_slow(self) -> str:
        return f"took longer than {self.seconds:g} s (LFRWATCH_RECORD_READ_TIMEOUT)"

    def out_of_memory(self) -> str:
        return f"out of memory reading it (limit {amount(self.memory)}, LFRWATCH_RECORD_READ_MEMORY)"


def record_too_large(maxsize: int) -> str:
    """The reason given for a record file whose download went over ``maxsize`` bytes."""
    return f"too large: over the {amount(maxsize)} limit for record files (LFRWATCH_RECORD_MAXSIZE)"


_CRASHED = "the PDF reader "


def failed_on_a_bound(reason: str, limits: ReadLimits) -> bool:
    """Whether a file failed for ``reason`` on one of these limits (or crashed its reader): the same bytes would
    fail the same way again. A file that failed otherwise (a layout the parser does not read) is cheap to read
    again, and a new version of the parser may read it."""
    return reason in (too_many_pages(limits.max_pages), limits.too_slow(), limits.out_of_memory()) \
        or reason.startswith(_CRASHED)


# -- the reading process --------------------------------------------------------------------------------------

_context: Any = None


def _reader_context():
    """``forkserver`` (the libraries imported once, then a fork per file), else ``spawn``; never a plain fork
    of the crawl process, which runs threads and holds far more memory than a reader needs."""
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            _context = multiprocessing.get_context("forkserver")
            # What every read needs, imported once: the PDF libraries, and the places gazetteer's module (which
            # brings spaCy, over a second to import).
            _context.set_forkserver_preload(["lfrwatch.records.limits", "pdfplumber", "pdfminer.pdfpage",
                                             "lfrwatch.nlp.places"])
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def _address_space() -> int | None:
    """This process's virtual memory now (Linux), in bytes."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _bound_this_process(lifeline, limits: ReadLimits) -> None:
    """In the reader: end when the process that asked for the read is gone, and limit its memory and CPU time.

    The reader's parent is the fork server, which lives as long as any reader
    does, so the reader watches ``lifeline`` instead: a pipe whose other end
    only the asking process holds. It reads EOF when that process closes it or
    dies, however it dies.
    """
    import resource

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()  # nothing is ever sent
        os._exit(70)

    threading.Thread(target=watch, name="lfrwatch-record-reader-lifeline", daemon=True).start()
    start = _address_space()
    memory = limits.memory + start if start is not None else limits.memory
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(limits.seconds) + 5  # a backstop: the asking process kills the reader at the time limit
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _read_in_child(connection, lifeline, data: bytes, name: str, layout: Layout, force: str | None,
                   limits: ReadLimits) -> None:
    """The reader's work: :func:`parse_pdf`, its result or error sent back as plain data."""
    _bound_this_process(lifeline, limits)
    result: dict[str, Any]
    try:
        result = {"parsed": parse_pdf(data, name, layout, force, max_pages=limits.max_pages).to_plain()}
    except RecordsError as exc:
        result = {"error": exc.to_plain()}
    except MemoryError:
        result = {"out_of_memory": True}
    except Exception as exc:  # noqa: BLE001 - a fault of the parser, not of a bound: reported, never remembered
        traceback.print_exc()
        result = {"error": RecordsError(name, f"the PDF could not be read ({type(exc).__name__}: {exc})").to_plain()}
    del data
    try:
        connection.send(result)
    except MemoryError:
        os._exit(71)
    connection.close()


def _stopped(exitcode: int | None, limits: ReadLimits) -> str:
    """Why a reader ended without an answer, from its exit code."""
    if exitcode is not None and exitcode < 0:
        signum = -exitcode
        if signum == getattr(signal, "SIGXCPU", None):
            return limits.too_slow()
        try:
            called = signal.Signals(signum).name
        except ValueError:
            called = f"signal {signum}"
        if signum == signal.SIGKILL:
            return f"{_CRASHED}was killed ({called}; out of memory on this machine?)"
        return f"{_CRASHED}crashed on it ({called})"
    if exitcode == 71:
        return limits.out_of_memory()
    return f"{_CRASHED}stopped on it (exit code {exitcode})"


def parse_pdf_bounded(data: bytes, name: str, layout: Layout = MET_PDF, force: str | None = "met",
                      limits: ReadLimits | None = None) -> ParsedRecords:
    """:func:`~lfrwatch.records.met_pdf.parse_pdf` in a child process within ``limits`` (module docstring).

    Returns what parse_pdf returns and raises the :class:`RecordsError` it
    raises; a file that goes over a limit, or that the reader dies on, raises
    one too, naming the file and the limit. Blocks until then: call it from a
    worker thread in the crawl.
    """
    limits = limits or ReadLimits()
    context = _reader_context()
    receiving, sending = context.Pipe(duplex=False)
    lifeline, holding = context.Pipe(duplex=False)
    reader = context.Process(target=_read_in_child, name="lfrwatch-record-reader", daemon=True,
                             args=(sending, lifeline, data, name, layout, force, limits))
    try:
        reader.start()
        sending.close()
        lifeline.close()
        result: dict[str, Any] | None = None
        if receiving.poll(limits.seconds):  # an answer, or the reader gone
            try:
                result = receiving.recv()
            except (EOFError, OSError):
                result = None
        else:
            reader.kill()
            reader.join()
            raise RecordsError(name, limits.too_slow())
        reader.join(5)
        if result is None:
            if reader.is_alive():
                reader.kill()
                reader.join()
            raise RecordsError(name, _stopped(reader.exitcode, limits))
    finally:
        for end in (receiving, sending, lifeline, holding):
            end.close()
        if reader.is_alive():
            reader.kill()
            reader.join()
        reader.close()
    if "out_of_memory" in result:
        raise RecordsError(name, limits.out_of_memory())
    if "error" in result:
        raise RecordsError.from_plain(result["error"])
    return ParsedRecords.from_plain(result["parsed"])
