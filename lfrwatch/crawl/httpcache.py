"""The HTTP cache: :class:`CrashSafeCacheStorage` replaces each entry whole or not
at all (one SQLite row per entry, one file per spider), so a killed run cannot
leave a new ETag beside an old body.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import sqlite3
import struct
import time
import weakref
import zlib

from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.utils.response import response_from_dict

logger = logging.getLogger(__name__)

# -- the HTTP cache ------------------------------------------------------------------


class CrashSafeCacheStorage(FilesystemCacheStorage):
    """Scrapy's HTTP cache, each entry replaced whole or not at all, in one SQLite file per spider.

    Scrapy's filesystem storage writes an entry as several files, one after
    the other, over the old ones. A run killed in between can leave the new
    headers (and ETag) beside the old body: the next run would revalidate with
    the new ETag, get a 304, and never see the page's new text. Here an entry
    is one row of ``<HTTPCACHE_DIR>/<spider>.sqlite3`` (metadata, headers and
    body, with checksums), replaced in one transaction. An entry that is
    short, corrupt or from another format reads as a cache miss.

    A row rather than a file per entry (the format before this one): creating
    and renaming a file for every page cost the crawl process about 0.9 ms of
    kernel time a page on ext4, its largest cost after Scrapy itself (see
    benchmarks/RESULTS.md); a row costs a fraction of that. The file runs with
    ``synchronous=OFF``: a crawl killed at any point loses no committed entry
    (the operating system holds the pages), and after a power cut a damaged
    file is set aside (``.damaged-<time>``) and the cache starts empty. A
    miss costs a full fetch, never a wrong page: stored pages that come back
    with the same bytes are still not parsed again.

    A 304 hands back the cached response with refreshed headers; its body is
    rewritten from the compressed bytes read, without compressing it again.
    Caches in the earlier formats (a file per entry, or Scrapy's folder per
    entry, under ``<HTTPCACHE_DIR>/<spider>/``) are still read, and an entry
    is removed from there once it is stored here; the folders it leaves empty
    go when the spider closes, and the spider's folder with the last of them.
    """

    #: zlib level for HTTPCACHE_GZIP. On the benchmark's 24 KB pages: 6.7 KB in ~0.21 ms, against
    #: 6.2 KB in ~0.38 ms at level 9 (gzip.open's default, which Scrapy's storage used).
    compresslevel = 3

    def __init__(self, settings):
        super().__init__(settings)
        # response -> (its body, flags, the body as stored, its crc): what a 304 re-store reuses.
        self._stored_bodies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._db: sqlite3.Connection | None = None
        self._db_path: str | None = None
        self._legacy = False  # the spider has a cache folder in an earlier format

    # -- the file --------------------------------------------------------------------------

    def open_spider(self, spider) -> None:
        super().open_spider(spider)
        self._legacy = os.path.isdir(os.path.join(self.cachedir, spider.name))
        self._db_path = os.path.join(self.cachedir, f"{spider.name}.sqlite3")
        try:
            self._db = self._connect()
        except (OSError, sqlite3.OperationalError) as exc:  # cannot open it at all: a crawl without a cache
            logger.error("HTTP cache %s cannot be opened, crawling without it: %s", self._db_path, exc)
            self._db = None

    def close_spider(self, spider) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._legacy:
            self._prune_legacy_folder(os.path.join(self.cachedir, spider.name))

    @staticmethod
    def _prune_legacy_folder(root: str) -> None:
        """Remove the emptied folders of the earlier formats, the spider's own folder too once nothing is left in it.

        Entries are moved out of ``<spider>/`` one by one as they are stored
        again; the folders they leave would keep every later cache miss looking
        there (a failed ``open`` and a ``stat`` a page) for as long as they stay.
        Only empty folders go: an entry not yet fetched again is kept, and read.
        """
        for folder, _, _ in os.walk(root, topdown=False):
            with contextlib.suppress(OSError):  # not empty (an entry still to move), or not ours to remove
                os.rmdir(folder)
        if not os.path.isdir(root):
            logger.info("HTTP cache: every entry of the earlier format in %s has moved into the cache file; "
                        "the folder is removed", root)

    def _connect(self) -> sqlite3.Connection:
        """The cache file, opened (made if need be); a damaged one is set aside and an empty one made."""
        try:
            return self._open_file()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._set_aside(exc)
            return self._open_file()

    def _open_file(self) -> sqlite3.Connection:
        os.makedirs(self.cachedir, exist_ok=True)
        db = sqlite3.connect(self._db_path, isolation_level=None)  # autocommit: one statement, one transaction
        try:
            db.execute("pragma busy_timeout = 10000")
            db.execute("pragma journal_mode = wal")
            db.execute("pragma synchronous = off")
            db.execute("create table if not exists entries "
                       "(fingerprint text primary key, stored_at real not null, entry blob not null)")
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self, exc: Exception) -> None:
        """Move the damaged cache file (and its WAL) aside, kept for inspection."""
        damaged = f"{self._db_path}.damaged-{int(time.time())}"
        logger.warning("HTTP cache %s is damaged (%s): moved to %s, the cache starts empty",
                       self._db_path, exc, damaged)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(self._db_path + suffix, damaged + suffix)

    def _run(self, sql: str, params: tuple) -> sqlite3.Cursor | None:
        """``sql`` on the cache file; a damaged file is set aside and the statement run on a new one."""
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._set_aside(exc)
            self._db = self._connect()
            return self._db.execute(sql, params)

    def _expired(self, stored_at: float) -> bool:
        return 0 < self.expiration_secs < time.time() - stored_at

    def _fingerprint(self, request) -> str:
        return self._fingerprinter.fingerprint(request).hex()

    # -- entries ---------------------------------------------------------------------------

    def retrieve_response(self, spider, request):
        fingerprint = self._fingerprint(request)
        try:
            cursor = self._run("select stored_at, entry from entries where fingerprint = ?", (fingerprint,))
            row = cursor.fetchone() if cursor is not None else None
        except sqlite3.Error as exc:
            logger.debug("HTTP cache %s unreadable, treated as a miss: %s", self._db_path, exc)
            return None
        if row is None:
            return self._retrieve_legacy(spider, request) if self._legacy else None
        stored_at, data = row
        if self._expired(stored_at):
            return None
        return self._response_from_entry(data, request, f"HTTP cache entry {fingerprint} in {self._db_path}")

    def _response_from_entry(self, data: bytes, request, name: str):
        try:
            meta, body, stored = _decode_cache_entry(data)
            response = response_from_dict({**meta["response"], "body": body})
        except Exception as exc:  # noqa: BLE001 - any damage is a miss, never a crawl error
            logger.debug("%s unreadable, treated as a miss: %s", name, exc)
            return None
        self._stored_bodies[response] = (response.body, *stored)
        request.meta["cache_timestamp"] = meta["timestamp"]
        return response

    def _legacy_entry_path(self, spider, request) -> str:
        """Where the format before this one kept the entry: one file beside Scrapy's folder."""
        return super()._get_request_path(spider, request) + _ENTRY_SUFFIX

    def _retrieve_legacy(self, spider, request):
        """The entry in an earlier format (a file per entry, or Scrapy's folder); None if absent or damaged."""
        path = self._legacy_entry_path(spider, request)
        try:
            with open(path, "rb") as f:
                if self._expired(os.fstat(f.fileno()).st_mtime):
                    return None
                data = f.read()
        except FileNotFoundError:
            return self._retrieve_folder_entry(spider, request)
        except OSError as exc:
            logger.debug("HTTP cache entry %s unreadable, treated as a miss: %s", path, exc)
            return None
        return self._response_from_entry(data, request, f"HTTP cache entry {path}")

    def _retrieve_folder_entry(self, spider, request):
        """An entry in Scrapy's folder format, as earlier versions wrote it; None if absent or damaged."""
        folder = super()._get_request_path(spider, request)
        if not os.path.isdir(folder):
            return None
        try:
            return super().retrieve_response(spider, request)
        except Exception as exc:  # noqa: BLE001
            logger.debug("HTTP cache folder %s unreadable, treated as a miss: %s", folder, exc)
            return None

    def store_response(self, spider, request, response) -> None:
        body = response.body
        reused = self._stored_bodies.get(response)
        if reused is not None and reused[0] is body:  # a 304: the very body read from the cache
            _, flags, blob, blob_crc = reused
        elif self.use_gzip:
            flags, blob = _GZIPPED, zlib.compress(body, self.compresslevel, wbits=31)
            blob_crc = zlib.crc32(blob)
        else:
            flags, blob, blob_crc = 0, body, zlib.crc32(body)
        fields = response.to_dict()
        for key in ("body", "request", "certificate"):
            fields.pop(key, None)
        if "cached" in fields.get("flags", ()):
            fields["flags"] = [flag for flag in fields["flags"] if flag != "cached"]
        now = time.time()
        meta = pickle.dumps({
            "url": request.url,
            "method": request.method,
            "status": response.status,
            "response_url": response.url,
            "timestamp": now,
            "response": fields,
        }, protocol=pickle.HIGHEST_PROTOCOL)
        head = _ENTRY_HEAD.pack(_ENTRY_MAGIC, flags, len(meta), len(blob), zlib.crc32(meta), blob_crc)
        self._run("insert or replace into entries (fingerprint, stored_at, entry) values (?, ?, ?)",
                  (self._fingerprint(request), now, b"".join((head, meta, blob))))
        if self._legacy:  # the same entry in an earlier format: superseded
            folder = super()._get_request_path(spider, request)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder + _ENTRY_SUFFIX)
            if os.path.isdir(folder):
                shutil.rmtree(folder, ignore_errors=True)


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """True for a damaged or foreign file ("malformed", "not a database"), not for a lock or a full disk."""
    return not isinstance(exc, sqlite3.OperationalError)


_ENTRY_SUFFIX = ".entry"
_ENTRY_MAGIC = b"LFRWHC1\n"
#: magic, flags, metadata length, body length, metadata crc32, body crc32
_ENTRY_HEAD = struct.Struct(">8sBIIII")
_GZIPPED = 1


def _decode_cache_entry(data: bytes) -> tuple[dict, bytes, tuple[int, bytes, int]]:
    """(metadata, body, (flags, body as stored, its crc32)) of one entry file; ValueError if damaged."""
    if len(data) < _ENTRY_HEAD.size:
        raise ValueError("truncated header")
    magic, flags, meta_len, blob_len, meta_crc, blob_crc = _ENTRY_HEAD.unpack_from(data)
    if magic != _ENTRY_MAGIC:
        raise ValueError("not an lfrwatch cache entry")
    start = _ENTRY_HEAD.size
    if len(data) != start + meta_len + blob_len:
        raise ValueError(f"{len(data)} bytes, expected {start + meta_len + blob_len}")
    meta_bytes, blob = data[start:start + meta_len], data[start + meta_len:]
    if zlib.crc32(meta_bytes) != meta_crc or zlib.crc32(blob) != blob_crc:
        raise ValueError("checksum mismatch")
    meta = pickle.loads(meta_bytes)  # noqa: S301 - our own cache folder, as Scrapy's storage trusts it
    body = zlib.decompress(blob, wbits=31) if flags & _GZIPPED else blob
    return meta, body, (flags, blob, blob_crc)
