"""The HTTP cache storage (lfrwatch.crawl.httpcache.CrashSafeCacheStorage): one SQLite row per entry, replaced whole.

A damaged entry must read as a miss (the page is fetched again whole), never
as a new ETag beside an old body, and never as an error in the crawl. A
damaged cache file is set aside and the cache starts empty. Caches in the
earlier formats (a file per entry; Scrapy's folder per entry) keep working.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from lfrwatch.crawl import httpcache

URL = "http://127.0.0.1:9/articles/a"
BODY = ("<html><body>" + "<p>The force made 1,000 arrests using live facial recognition.</p>" * 50
        + "</body></html>").encode()


def make_storage(folder: Path, **settings):
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(folder), "HTTPCACHE_GZIP": True, **settings})
    spider = crawler._create_spider("feed")
    storage = httpcache.CrashSafeCacheStorage(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def page(version: str = "v1", body: bytes = BODY, url: str = URL) -> HtmlResponse:
    return HtmlResponse(url, headers={"ETag": f'"{version}"', "Content-Type": "text/html; charset=utf-8",
                                      "Date": "Sat, 22 Nov 2025 10:00:00 GMT"}, body=body)


def cache_file(folder: Path, spider_name: str = "feed") -> Path:
    return folder / f"{spider_name}.sqlite3"


def rows(folder: Path) -> list[tuple[str, float, bytes]]:
    """The cache file's entries, read with a connection of its own (as another process would)."""
    with sqlite3.connect(cache_file(folder)) as conn:
        return conn.execute("select fingerprint, stored_at, entry from entries order by fingerprint").fetchall()


def rewrite_entry(folder: Path, change) -> None:
    with sqlite3.connect(cache_file(folder)) as conn:
        (fingerprint, entry), = conn.execute("select fingerprint, entry from entries").fetchall()
        conn.execute("update entries set entry = ? where fingerprint = ?", (change(entry), fingerprint))


@pytest.mark.parametrize("use_gzip", [True, False])
def test_an_entry_round_trips_with_and_without_gzip(tmp_path, use_gzip):
    storage, spider = make_storage(tmp_path, HTTPCACHE_GZIP=use_gzip)
    request = Request(URL)
    before = time.time()
    storage.store_response(spider, request, page())

    (fingerprint, stored_at, entry), = rows(tmp_path)
    assert fingerprint == storage._fingerprint(request) and before <= stored_at <= time.time()
    assert (len(entry) < len(BODY) / 4) is use_gzip
    assert {p.name for p in tmp_path.iterdir()} <= {"feed.sqlite3", "feed.sqlite3-wal", "feed.sqlite3-shm"}

    again = Request(URL)
    cached = storage.retrieve_response(spider, again)
    assert type(cached) is HtmlResponse
    assert (cached.url, cached.status, cached.body) == (URL, 200, BODY)
    assert cached.headers[b"ETag"] == b'"v1"' and cached.encoding == "utf-8"
    assert before <= again.meta["cache_timestamp"] <= time.time()
    assert storage.retrieve_response(spider, Request(URL + "?other")) is None

    # Each entry says how it was stored, so turning HTTPCACHE_GZIP over does not spoil a cache.
    storage.close_spider(spider)
    flipped, _ = make_storage(tmp_path, HTTPCACHE_GZIP=not use_gzip)
    assert flipped.retrieve_response(spider, Request(URL)).body == BODY


def test_each_spider_has_a_cache_file_of_its_own(tmp_path):
    storage, spider = make_storage(tmp_path)
    storage.store_response(spider, Request(URL), page())
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    other_spider = crawler._create_spider("met_news")
    other = httpcache.CrashSafeCacheStorage(crawler.settings)
    other.open_spider(other_spider)
    assert other.retrieve_response(other_spider, Request(URL)) is None
    assert cache_file(tmp_path, "met_news").exists()


def damage_truncated(data: bytes) -> bytes:
    return data[: len(data) - 10]


def damage_flipped_body_byte(data: bytes) -> bytes:
    return data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:]


def damage_flipped_header_byte(data: bytes) -> bytes:
    spot = httpcache._ENTRY_HEAD.size + 20
    return data[:spot] + bytes([data[spot] ^ 0x01]) + data[spot + 1:]


@pytest.mark.parametrize("use_gzip", [True, False])
@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[:5],
    damage_truncated,
    lambda data: data + b"trailing",
    damage_flipped_body_byte,
    damage_flipped_header_byte,
    lambda data: b"\x1f\x8b" + os.urandom(200),
])
def test_a_damaged_entry_is_a_miss_logged_at_debug(tmp_path, caplog, use_gzip, damage):
    storage, spider = make_storage(tmp_path, HTTPCACHE_GZIP=use_gzip)
    request = Request(URL)
    storage.store_response(spider, request, page())
    rewrite_entry(tmp_path, damage)

    with caplog.at_level(logging.DEBUG, logger="lfrwatch.crawl.httpcache"):
        assert storage.retrieve_response(spider, Request(URL)) is None
    assert any("treated as a miss" in record.getMessage() and record.levelno == logging.DEBUG
               for record in caplog.records)

    storage.store_response(spider, request, page("v2"))  # and the next store replaces it
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"v2"'


def test_a_run_killed_while_writing_an_entry_leaves_the_old_one(tmp_path):
    """A real SIGKILL in the middle of the statement that replaces the entry, before it commits.

    SQLite's progress handler runs between the statement's steps, so the kill
    lands while the new row is being built; what the statement wrote so far is
    never committed.
    """
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
        from test_httpcache import make_storage, page
        from pathlib import Path
        from scrapy.http import Request

        storage, spider = make_storage(Path({str(tmp_path)!r}))
        storage.store_response(spider, Request({URL!r}), page("v1", b"<p>old text</p>"))
        storage._db.set_progress_handler(lambda: os.kill(os.getpid(), signal.SIGKILL), 1)
        storage.store_response(spider, Request({URL!r}), page("v2", b"<p>new text</p>" * 2000))
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()

    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"v1"', b"<p>old text</p>")

    storage.store_response(spider, request, page("v3", b"<p>newer text</p>"))
    cached = storage.retrieve_response(spider, Request(URL))
    assert (cached.headers[b"ETag"], cached.body) == (b'"v3"', b"<p>newer text</p>")


def test_a_failed_write_leaves_the_old_entry(tmp_path, monkeypatch):
    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    storage.store_response(spider, request, page("v1"))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(httpcache.zlib, "compress", disk_full)
        with pytest.raises(OSError):
            storage.store_response(spider, request, page("v2", b"<p>new</p>"))
    storage._db.set_progress_handler(lambda: 1, 1)  # SQLite stops the statement part-way: it is rolled back
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        storage.store_response(spider, request, page("v2", b"<p>new</p>"))
    storage._db.set_progress_handler(None, 1)

    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"v1"'
    assert len(rows(tmp_path)) == 1


def test_a_304_stores_the_new_headers_without_compressing_the_body_again(tmp_path, monkeypatch):
    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    storage.store_response(spider, request, page("v1"))

    request = Request(URL)
    cached = storage.retrieve_response(spider, request)
    cached.flags.append("cached")
    not_modified = Response(URL, status=304, headers={"Date": "Sun, 23 Nov 2025 10:00:00 GMT", "ETag": '"v1"',
                                                      "Cache-Control": "max-age=60"})
    HttpCacheMiddleware._freshen_cached_response(None, cached, not_modified)
    compressed = []
    real_compress = zlib.compress
    monkeypatch.setattr(httpcache.zlib, "compress", lambda *a, **k: compressed.append(1) or real_compress(*a, **k))
    storage.store_response(spider, request, cached)
    assert compressed == []

    again = storage.retrieve_response(spider, Request(URL))
    assert again.body == BODY and again.flags == []
    assert again.headers[b"Date"] == b"Sun, 23 Nov 2025 10:00:00 GMT"
    assert again.headers[b"Cache-Control"] == b"max-age=60"

    # A response whose body was replaced is compressed afresh, never stored with the old bytes.
    changed = cached.replace(body=b"<p>changed</p>")
    storage.store_response(spider, request, changed)
    assert compressed == [1]
    assert storage.retrieve_response(spider, Request(URL)).body == b"<p>changed</p>"


def test_an_entry_older_than_the_expiration_is_a_miss(tmp_path):
    storage, spider = make_storage(tmp_path, HTTPCACHE_EXPIRATION_SECS=60)
    request = Request(URL)
    storage.store_response(spider, request, page())
    assert storage.retrieve_response(spider, Request(URL)) is not None
    with sqlite3.connect(cache_file(tmp_path)) as conn:
        conn.execute("update entries set stored_at = ?", (time.time() - 3600,))
    assert storage.retrieve_response(spider, Request(URL)) is None

    never, _ = make_storage(tmp_path, HTTPCACHE_EXPIRATION_SECS=0)  # 0: entries never expire
    assert never.retrieve_response(spider, Request(URL)).body == BODY


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"this is not a SQLite file at all" * 100, id="not-sqlite"),
    pytest.param(lambda data: data[:100] + os.urandom(len(data) - 100), id="pages-lost"),
])
def test_a_damaged_cache_file_is_set_aside_and_the_cache_starts_empty(tmp_path, caplog, damage):
    """As after a power cut (the file runs with synchronous=OFF): a warning names it, nothing fails."""
    storage, spider = make_storage(tmp_path)
    storage.store_response(spider, Request(URL), page("v1"))
    storage.close_spider(spider)
    damaged = damage(cache_file(tmp_path).read_bytes())
    cache_file(tmp_path).write_bytes(damaged)

    with caplog.at_level(logging.WARNING, logger="lfrwatch.crawl.httpcache"):
        storage, spider = make_storage(tmp_path)
        assert storage.retrieve_response(spider, Request(URL)) is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(cache_file(tmp_path)) in warnings[0] and "damaged" in warnings[0]
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept for whoever wants to look

    storage.store_response(spider, Request(URL), page("v2"))
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"v2"'


def test_a_cache_folder_that_cannot_be_opened_means_a_crawl_without_a_cache(tmp_path, caplog):
    blocked = tmp_path / "httpcache"
    blocked.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.ERROR, logger="lfrwatch.crawl.httpcache"):
        storage, spider = make_storage(blocked)
    assert any("cannot be opened" in r.getMessage() and str(blocked) in r.getMessage() for r in caplog.records)
    storage.store_response(spider, Request(URL), page())  # nothing stored, nothing raised
    assert storage.retrieve_response(spider, Request(URL)) is None


def write_legacy_entry(folder: Path, storage, spider, request, response) -> Path:
    """An entry as the format before this one kept it: the same bytes, one file beside Scrapy's folder."""
    storage.store_response(spider, request, response)
    (_, _, entry), = rows(folder)
    with sqlite3.connect(cache_file(folder)) as conn:
        conn.execute("delete from entries")
    path = Path(storage._legacy_entry_path(spider, request))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(entry)
    return path


def test_an_entry_in_the_file_per_entry_format_is_read_then_moved_into_the_cache_file(tmp_path):
    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    legacy = write_legacy_entry(tmp_path, storage, spider, request, page("old"))
    storage.close_spider(spider)

    storage, spider = make_storage(tmp_path)  # the folder is there: legacy entries are looked for
    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"old"', BODY)
    assert "cache_timestamp" in request.meta

    storage.store_response(spider, request, cached)
    assert not legacy.exists() and len(rows(tmp_path)) == 1
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"old"'


def test_the_earlier_formats_folder_goes_once_its_last_entry_has_moved(tmp_path, caplog):
    """Emptied folders go when the spider closes; an entry not yet fetched again stays, and is still read."""
    storage, spider = make_storage(tmp_path)
    first, second = Request(URL), Request(URL + "?page=2")
    moved = write_legacy_entry(tmp_path, storage, spider, first, page("one"))
    kept = write_legacy_entry(tmp_path, storage, spider, second, page("two", url=second.url))
    storage.close_spider(spider)
    folder = tmp_path / "feed"

    storage, spider = make_storage(tmp_path)
    storage.store_response(spider, first, storage.retrieve_response(spider, first))
    storage.close_spider(spider)
    assert kept.exists() and folder.is_dir()
    assert moved.parent == kept.parent or not moved.parent.exists()  # its emptied <xx>/ folder went

    storage, spider = make_storage(tmp_path)
    assert storage._legacy
    cached = storage.retrieve_response(spider, second)
    assert cached.headers[b"ETag"] == b'"two"'
    storage.store_response(spider, second, cached)
    with caplog.at_level(logging.INFO, logger="lfrwatch.crawl.httpcache"):
        storage.close_spider(spider)
    assert not folder.exists()
    assert any("earlier format" in r.getMessage() and str(folder) in r.getMessage() for r in caplog.records)

    storage, spider = make_storage(tmp_path)
    assert not storage._legacy  # no folder: a miss no longer looks there
    assert {storage.retrieve_response(spider, r).headers[b"ETag"] for r in (first, second)} == {b'"one"', b'"two"'}


def test_a_folder_with_other_files_in_it_is_left_alone(tmp_path):
    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    write_legacy_entry(tmp_path, storage, spider, request, page("old"))
    storage.close_spider(spider)
    note = tmp_path / "feed" / "README.txt"
    note.write_text("a user's file")

    storage, spider = make_storage(tmp_path)
    storage.store_response(spider, request, storage.retrieve_response(spider, request))
    storage.close_spider(spider)
    assert note.read_text() == "a user's file"
    assert [p.name for p in (tmp_path / "feed").iterdir()] == ["README.txt"]


def test_an_entry_in_scrapys_folder_format_is_read_then_replaced(tmp_path):
    """Caches written by earlier versions keep working: read as they are, moved into the cache file when next stored."""
    scrapy_storage = FilesystemCacheStorage(get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path),
                                                                  "HTTPCACHE_GZIP": True}).settings)
    spider = get_crawler(Spider)._create_spider("feed")
    scrapy_storage.open_spider(spider)
    request = Request(URL)
    scrapy_storage.store_response(spider, request, page("old"))
    folder = Path(scrapy_storage._get_request_path(spider, request))
    assert (folder / "pickled_meta").exists()

    storage, spider = make_storage(tmp_path)
    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"old"', BODY)
    assert "cache_timestamp" in request.meta

    storage.store_response(spider, request, cached)
    assert not folder.exists()
    assert len(rows(tmp_path)) == 1
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"old"'


def test_a_damaged_folder_format_entry_is_a_miss(tmp_path):
    scrapy_storage = FilesystemCacheStorage(get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path),
                                                                  "HTTPCACHE_GZIP": True}).settings)
    spider = get_crawler(Spider)._create_spider("feed")
    scrapy_storage.open_spider(spider)
    request = Request(URL)
    scrapy_storage.store_response(spider, request, page("old"))
    folder = Path(scrapy_storage._get_request_path(spider, request))
    (folder / "response_body").unlink()  # as Scrapy's own storage could leave it when killed

    storage, spider = make_storage(tmp_path)
    assert storage.retrieve_response(spider, request) is None
    (folder / "pickled_meta").write_bytes(b"not a pickle")
    assert storage.retrieve_response(spider, request) is None

    storage.store_response(spider, request, page("new"))
    assert not folder.exists()
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"new"'


def assert_recrawls_revalidate(site, db_path, feed, settings, cache: Path, entries: int) -> None:
    """Two more crawls: every article a 304, nothing re-parsed, every entry in the cache file, no folder left."""
    from lfrwatch.crawl.process import run_crawl

    for crawl in ("upgraded", "again"):
        site.log.clear()
        result = run_crawl(db_path, feeds=[feed], settings=settings, timeout=60)
        assert result.errors == [], crawl
        assert result.total("not_reparsed") == 3 and result.total("new") + result.total("changed") == 0, crawl
        articles = [entry for entry in site.log if entry.path.startswith("/articles/")]
        assert len(articles) == 3 and all(entry.status == 304 for entry in articles), crawl
        assert not [p for p in cache.glob("*/*/*") if p.is_dir()], crawl  # <spider>/<xx>/<fingerprint>/ gone
        assert not list(cache.rglob("*.entry")), crawl
        assert not (cache / "feed").exists(), crawl  # the earlier format's folder, emptied, is gone
        assert len(rows(cache)) == entries, crawl


def test_a_cache_left_by_scrapys_storage_still_revalidates_then_moves_into_the_cache_file(serve, db_path):
    """Upgrading keeps a user's cache: the re-crawl sends its validators, gets 304s and re-parses nothing."""
    from conftest import FAST_CRAWL, FIXTURES

    from lfrwatch.crawl.process import run_crawl

    site = serve(FIXTURES / "feedsite")
    feed = site.url("feeds/news.atom")
    legacy = {**FAST_CRAWL, "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage"}
    first = run_crawl(db_path, feeds=[feed], settings=legacy, timeout=60)
    assert first.errors == [] and first.total("new") == 3
    cache = Path(db_path).parent / "httpcache"
    folders = {p.parent for p in cache.rglob("pickled_meta")}
    assert len(folders) >= 5 and not cache_file(cache).exists()  # robots.txt, the feed, three articles

    assert_recrawls_revalidate(site, db_path, feed, FAST_CRAWL, cache, len(folders))


def test_a_cache_in_the_file_per_entry_format_still_revalidates_then_moves_into_the_cache_file(serve, db_path):
    """The format before this one (``<spider>/<xx>/<fingerprint>.entry``): the same upgrade, nothing lost."""
    from conftest import FAST_CRAWL, FIXTURES

    from lfrwatch.crawl.process import run_crawl

    site = serve(FIXTURES / "feedsite")
    feed = site.url("feeds/news.atom")
    first = run_crawl(db_path, feeds=[feed], settings=FAST_CRAWL, timeout=60)
    assert first.errors == [] and first.total("new") == 3
    cache = Path(db_path).parent / "httpcache"
    entries = rows(cache)
    assert len(entries) >= 5
    for fingerprint, _, entry in entries:  # the same bytes, laid out as the earlier version wrote them
        path = cache / "feed" / fingerprint[:2] / f"{fingerprint}.entry"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(entry)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache_file(cache)}{suffix}").unlink(missing_ok=True)

    assert_recrawls_revalidate(site, db_path, feed, FAST_CRAWL, cache, len(entries))
