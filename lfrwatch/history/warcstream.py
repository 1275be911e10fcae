"""WARC files read as a stream, record by record, where one damaged record costs that record only.

:class:`WarcInput` is one file or http(s) URL, opened at any byte offset (a
local file is sought; a URL is asked with ``Range``, or read past when the
server ignores it). :class:`WarcRecords` iterates its records with warcio's
``ArchiveIterator`` (memory stays flat: a record's payload is read only when
the caller reads it) and gives each one's byte offset in the file (of its gzip
member in a ``.warc.gz``), the same offset ``lfrwatch.crawl.archive.read_record``
seeks to. warcio reads each record's WARC headers; its HTTP headers are parsed
(by warcio's own parser, as ``ArchiveIterator`` would) only when the caller
asks for them (:meth:`WarcEntry.http_headers`), so a record the caller passes
over on its WARC headers costs no HTTP parsing.

Damage is found three ways, each reported once with its offset:

- a record that ends before the ``Content-Length`` its header declares (the
  file was cut short, or the length is too long): bytes of it are missing;
- a record not followed by the blank lines every record ends with (warcio
  counts these): its ``Content-Length`` is wrong;
- a record warcio cannot parse at all (a broken gzip member, garbage where a
  header should be).

After a record that cannot be parsed, or a wrong length that pulled the
iterator off course, reading starts again at the next record start after the
damaged record's own offset (the next gzip member holding ``WARC/`` in a
``.warc.gz``, the next ``WARC/1.x`` line otherwise), so the records after it
are read as usual. A file that is not a WARC at all (empty, HTML, a gzip of
something else) is refused by name before any record is read
(:class:`NotAWarcFile`).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Callable, Iterator

from warcio.archiveiterator import ArchiveIterator

from lfrwatch import config

_GZIP_MAGIC = b"\x1f\x8b\x08"
_PLAIN_START = re.compile(rb"WARC/1\.[01]\r?\n")
#: Bytes read from a candidate record start to see whether one begins there.
_PROBE_BYTES = 64 * 1024
#: Bytes read at a time while looking for the next record start.
_SCAN_CHUNK = 1 << 20


class WarcUnreadable(Exception):
    """The file or URL cannot be read on (missing, a network failure); the message says why."""


class NotAWarcFile(WarcUnreadable):
    """The input is not a WARC file; the message says what it looks like instead."""


class _Counting(io.RawIOBase):
    """A network stream that knows its position in the file (warcio's offsets then count from the file's start)."""

    def __init__(self, response, start: int):
        self.response = response
        self.position = start

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.response.read(size if size is not None and size >= 0 else -1)
        except (OSError, ValueError) as exc:
            raise WarcUnreadable(f"the download broke at byte {self.position} ({exc})") from exc
        self.position += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self.response.close()
        super().close()


class WarcInput:
    """One WARC file or URL, named as its documents' provenance names it (an absolute path, or the URL)."""

    def __init__(self, location: str, *, timeout: float = 60.0):
        self.is_url = location.startswith(("http://", "https://"))
        self.name = location if self.is_url else str(Path(location).resolve())
        self.timeout = timeout

    def open_at(self, offset: int):
        """A binary stream positioned at ``offset``."""
        if not self.is_url:
            try:
                stream = open(self.name, "rb")
            except OSError as exc:
                raise WarcUnreadable(f"cannot read file ({exc.strerror or exc})") from exc
            stream.seek(offset)
            return stream
        headers = {"User-Agent": config.USER_AGENT}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            response = urllib.request.urlopen(urllib.request.Request(self.name, headers=headers), timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise WarcUnreadable(f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise WarcUnreadable(f"cannot be downloaded ({getattr(exc, 'reason', None) or exc})") from exc
        stream = _Counting(response, offset)
        if offset and response.status != 206:  # the server sent the whole file: read up to the offset
            stream.position = 0
            while stream.position < offset:
                if not stream.read(min(_SCAN_CHUNK, offset - stream.position)):
                    break
        return stream

    def head(self, size: int = _PROBE_BYTES) -> bytes:
        with contextlib.closing(self.open_at(0)) as stream:
            return stream.read(size)


def warc_kind(head: bytes) -> str:
    """``"gzip"`` or ``"plain"`` for the first bytes of a WARC file; :class:`NotAWarcFile` for anything else."""
    if not head:
        raise NotAWarcFile("not a WARC file: it is empty")
    if head.startswith(_GZIP_MAGIC[:2]):
        try:
            inside = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error as exc:
            raise NotAWarcFile(f"not a WARC file: gzip data that cannot be read ({exc})") from None
        if inside.lstrip().startswith((b"WARC/", b"filedesc:")):
            return "gzip"
        raise NotAWarcFile(f"not a WARC file: a gzip file of something else (it starts {inside[:24]!r})")
    if head.lstrip().startswith((b"WARC/", b"filedesc:")):
        return "plain"
    raise NotAWarcFile(f"not a WARC file: it starts {head[:24]!r}")


class WarcEntry:
    """One record and where it is; :meth:`finish` reads it to its end and says whether it was whole."""

    __slots__ = ("offset", "record", "target_uri", "_records", "finished", "damage", "_http_read")

    def __init__(self, offset: int, record, records: "WarcRecords", target_uri: str | None = None):
        self.offset = offset
        self.record = record
        #: Its ``WARC-Target-URI`` (None for a record type that has no HTTP headers: warcinfo, metadata...).
        self.target_uri = target_uri
        self._records = records
        self.finished = False
        self.damage: str | None = None
        self._http_read = False

    def http_headers(self):
        """The record's HTTP status line and headers (warcio's ``StatusAndHeaders``, also set as
        ``record.http_headers``), parsed on first asking; None for a record that has none (not an http(s)
        response, request or revisit, or empty) and for a damaged one (reported)."""
        if not self._http_read:
            self._http_read = True
            self._records._read_http_headers(self)
        return self.record.http_headers

    def finish(self) -> str | None:
        """Read the rest of the record; the damage found (already reported), or None when it was whole."""
        if not self.finished:
            self._records._finish(self)
        return self.damage


class _Sink(io.TextIOBase):
    """Where warcio's warnings go (it writes them to stderr): the last one is kept for the report."""

    last = ""

    def write(self, text: str) -> int:
        if text.strip():
            self.last = " ".join(text.split())
        return len(text)


class WarcRecords:
    """The records of one :class:`WarcInput` (see the module's docstring); damage goes to ``on_damage``."""

    def __init__(self, source: WarcInput, on_damage: Callable[[int, str], None]):
        self.source = source
        self.on_damage = on_damage
        self.kind = warc_kind(source.head())
        self._iterator: ArchiveIterator | None = None
        self._sink = _Sink()

    def __iter__(self) -> Iterator[WarcEntry]:
        start: int | None = 0
        while start is not None:
            start = yield from self._read_from(start)

    def _read_from(self, start: int):
        """Records from ``start`` on; returns where to start again after damage, or None at the end."""
        stream = self.source.open_at(start)
        sink, judge = self._sink, self._check_after
        try:
            # HTTP headers are parsed when asked for (WarcEntry.http_headers), not for every record.
            self._iterator = iterator = ArchiveIterator(stream, no_record_parse=True)
            loader = iterator.loader
            previous: WarcEntry | None = None
            while True:
                errors = iterator.err_count
                stderr, sys.stderr = sys.stderr, sink  # warcio writes its warnings there (contextlib costs more)
                try:
                    try:
                        record = next(iterator)
                        uri = None
                        if record.rec_type in loader.HTTP_RECORDS:  # those warcio parses HTTP headers for
                            uri = record.rec_headers.get_header("WARC-Target-URI")
                            if uri is None and record.length:
                                # warcio fails on this one when it parses HTTP headers as it reads: so it does here.
                                loader.load_http_headers(record.rec_type, uri, record.raw_stream, record.length)
                    finally:
                        sys.stderr = stderr
                except StopIteration:
                    judge(previous, errors)
                    return None
                except WarcUnreadable:
                    raise
                except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds; each is damage here
                    failed_at = iterator.offset
                    if judge(previous, errors):
                        # The damaged record before pulled the iterator off course: what failed is not a record.
                        return self._next_start(previous.offset + 1)
                    self.on_damage(failed_at, f"damaged record: {_one_line(exc)}")
                    return self._next_start(failed_at + 1)
                judge(previous, errors)
                previous = WarcEntry(iterator.offset, record, self, uri)
                yield previous
        finally:
            self._iterator = None
            stream.close()

    def _read_http_headers(self, entry: WarcEntry) -> None:
        """Parse the HTTP headers of the record being read, as warcio's ``ArchiveIterator`` does without
        ``no_record_parse``; a record that ends before them is damaged (reported with its offset)."""
        record = entry.record
        stderr, sys.stderr = sys.stderr, self._sink
        try:
            record.http_headers = self._iterator.loader.load_http_headers(record.rec_type, entry.target_uri,
                                                                           record.raw_stream, record.length)
            cut_short = False
        except EOFError:  # nothing where they should be
            record.http_headers, cut_short = None, True
        finally:
            sys.stderr = stderr
        if cut_short:
            entry.finish()

    def _finish(self, entry: WarcEntry) -> None:
        iterator = self._iterator
        errors = iterator.err_count
        with contextlib.redirect_stderr(self._sink):
            iterator.read_to_end()
        self._judge(entry, errors)

    def _check_after(self, entry: WarcEntry | None, errors_before: int) -> bool:
        """After the iterator moved past ``entry``: report its damage if not done yet; True when it was damaged."""
        if entry is None:
            return False
        if not entry.finished:
            self._judge(entry, errors_before)
        return entry.damage is not None

    def _judge(self, entry: WarcEntry, errors_before: int) -> None:
        entry.finished = True
        missing = getattr(entry.record.raw_stream, "limit", 0)
        if missing:
            entry.damage = (f"damaged record: {missing} bytes short of its Content-Length "
                            "(the file is cut short, or the length is wrong)")
        elif self._iterator is not None and self._iterator.err_count > errors_before:
            entry.damage = "damaged record: not followed by the blank lines a record ends with (wrong Content-Length)"
        if entry.damage:
            self.on_damage(entry.offset, entry.damage)

    def _next_start(self, after: int) -> int | None:
        """The offset of the next record start at or after ``after``, or None when there is none."""
        magic = _GZIP_MAGIC if self.kind == "gzip" else b"WARC/1."
        with contextlib.closing(self.source.open_at(after)) as stream:
            position, tail = after, b""
            while True:
                chunk = stream.read(_SCAN_CHUNK)
                if not chunk:
                    return None
                data, base = tail + chunk, position - len(tail)
                found = data.find(magic)
                while found != -1:
                    before = data[found - 1: found] if found else b"\n"
                    if (self.kind == "gzip" or before == b"\n") and self._starts_record(base + found):
                        return base + found
                    found = data.find(magic, found + 1)
                tail = data[-(len(magic) + 1):]
                position += len(chunk)

    def _starts_record(self, offset: int) -> bool:
        with contextlib.closing(self.source.open_at(offset)) as stream:
            probe = stream.read(_PROBE_BYTES if self.kind == "gzip" else 16)
        if self.kind == "plain":
            return bool(_PLAIN_START.match(probe))
        try:
            return zlib.decompressobj(31).decompress(probe, 16).startswith(b"WARC/")
        except zlib.error:
            return False


def _one_line(exc: BaseException) -> str:
    """The exception in one printable line (warcio quotes the bytes it could not read)."""
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
