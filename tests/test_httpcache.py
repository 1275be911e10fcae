"""The HTTP cache storage (lfrwatch.safety.CrashSafeCacheStorage): one file per entry, replaced whole.

A damaged entry must read as a miss (the page is fetched again whole), never
as a new ETag beside an old body, and never as an error in the crawl.
"""

from __future__ import annotations

import logging
import os
import signal
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

from lfrwatch import safety

URL = "http://127.0.0.1:9/articles/a"
BODY = ("<html><body>" + "<p>The force made 1,000 arrests using live facial recognition.</p>" * 50
        + "</body></html>").encode()


def make_storage(folder: Path, **settings):
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(folder), "HTTPCACHE_GZIP": True, **settings})
    spider = crawler._create_spider("feed")
    storage = safety.CrashSafeCacheStorage(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def page(version: str = "v1", body: bytes = BODY, url: str = URL) -> HtmlResponse:
    return HtmlResponse(url, headers={"ETag": f'"{version}"', "Content-Type": "text/html; charset=utf-8",
                                      "Date": "Sat, 22 Nov 2025 10:00:00 GMT"}, body=body)


@pytest.mark.parametrize("use_gzip", [True, False])
def test_an_entry_round_trips_with_and_without_gzip(tmp_path, use_gzip):
    storage, spider = make_storage(tmp_path, HTTPCACHE_GZIP=use_gzip)
    request = Request(URL)
    before = time.time()
    storage.store_response(spider, request, page())

    entry = Path(storage._entry_path(spider, request))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [entry]
    assert (entry.stat().st_size < len(BODY) / 4) is use_gzip

    again = Request(URL)
    cached = storage.retrieve_response(spider, again)
    assert type(cached) is HtmlResponse
    assert (cached.url, cached.status, cached.body) == (URL, 200, BODY)
    assert cached.headers[b"ETag"] == b'"v1"' and cached.encoding == "utf-8"
    assert before <= again.meta["cache_timestamp"] <= time.time()
    assert storage.retrieve_response(spider, Request(URL + "?other")) is None

    # Each entry says how it was stored, so turning HTTPCACHE_GZIP over does not spoil a cache.
    flipped, _ = make_storage(tmp_path, HTTPCACHE_GZIP=not use_gzip)
    assert flipped.retrieve_response(spider, Request(URL)).body == BODY


def damage_truncated(data: bytes) -> bytes:
    return data[: len(data) - 10]


def damage_flipped_body_byte(data: bytes) -> bytes:
    return data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:]


def damage_flipped_header_byte(data: bytes) -> bytes:
    spot = safety._ENTRY_HEAD.size + 20
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
    entry = Path(storage._entry_path(spider, request))
    entry.write_bytes(damage(entry.read_bytes()))

    with caplog.at_level(logging.DEBUG, logger="lfrwatch.safety"):
        assert storage.retrieve_response(spider, Request(URL)) is None
    assert any("treated as a miss" in record.getMessage() and record.levelno == logging.DEBUG
               for record in caplog.records)

    storage.store_response(spider, request, page("v2"))  # and the next store replaces it
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"v2"'


def test_a_run_killed_between_writing_and_renaming_leaves_the_old_entry(tmp_path):
    """A real SIGKILL, after the new entry is written under its temporary name and before the rename."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_httpcache import make_storage, page
        from pathlib import Path
        from scrapy.http import Request
        from lfrwatch import safety

        storage, spider = make_storage(Path({str(tmp_path)!r}))
        storage.store_response(spider, Request({URL!r}), page("v1", b"<p>old text</p>"))
        safety.os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
        storage.store_response(spider, Request({URL!r}), page("v2", b"<p>new text</p>"))
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()

    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    leftover = [p for p in tmp_path.rglob("*.partial-*")]
    assert len(leftover) == 1  # the killed run's new entry, complete but never renamed
    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"v1"', b"<p>old text</p>")

    storage.store_response(spider, request, page("v3", b"<p>newer text</p>"))
    cached = storage.retrieve_response(spider, Request(URL))
    assert (cached.headers[b"ETag"], cached.body) == (b'"v3"', b"<p>newer text</p>")


def test_a_failed_write_leaves_the_old_entry_and_no_temporary_file(tmp_path, monkeypatch):
    storage, spider = make_storage(tmp_path)
    request = Request(URL)
    storage.store_response(spider, request, page("v1"))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(safety.zlib, "compress", disk_full)
        with pytest.raises(OSError):
            storage.store_response(spider, request, page("v2", b"<p>new</p>"))
        patch.setattr(safety.os, "replace", disk_full)
        with pytest.raises(OSError):
            storage.store_response(spider, request, page("v2", b"<p>new</p>"))

    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"v1"'
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [Path(storage._entry_path(spider, request)).name]


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
    monkeypatch.setattr(safety.zlib, "compress", lambda *a, **k: compressed.append(1) or real_compress(*a, **k))
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
    entry = storage._entry_path(spider, request)
    an_hour_ago = time.time() - 3600
    os.utime(entry, (an_hour_ago, an_hour_ago))
    assert storage.retrieve_response(spider, Request(URL)) is None

    never, _ = make_storage(tmp_path, HTTPCACHE_EXPIRATION_SECS=0)  # 0: entries never expire
    assert never.retrieve_response(spider, Request(URL)).body == BODY


def test_an_entry_in_scrapys_folder_format_is_read_then_replaced(tmp_path):
    """Caches written by earlier versions keep working: read as they are, rewritten as one file when next stored."""
    storage, spider = make_storage(tmp_path)
    scrapy_storage = FilesystemCacheStorage(get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path),
                                                                  "HTTPCACHE_GZIP": True}).settings)
    scrapy_storage.open_spider(spider)
    request = Request(URL)
    scrapy_storage.store_response(spider, request, page("old"))
    folder = Path(scrapy_storage._get_request_path(spider, request))
    assert (folder / "pickled_meta").exists()

    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"old"', BODY)
    assert "cache_timestamp" in request.meta

    storage.store_response(spider, request, cached)
    assert not folder.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [Path(storage._entry_path(spider, request))]
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"old"'


def test_a_damaged_folder_format_entry_is_a_miss(tmp_path):
    storage, spider = make_storage(tmp_path)
    scrapy_storage = FilesystemCacheStorage(get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path),
                                                                  "HTTPCACHE_GZIP": True}).settings)
    scrapy_storage.open_spider(spider)
    request = Request(URL)
    scrapy_storage.store_response(spider, request, page("old"))
    folder = Path(scrapy_storage._get_request_path(spider, request))
    (folder / "response_body").unlink()  # as Scrapy's own storage could leave it when killed

    assert storage.retrieve_response(spider, request) is None
    (folder / "pickled_meta").write_bytes(b"not a pickle")
    assert storage.retrieve_response(spider, request) is None

    storage.store_response(spider, request, page("new"))
    assert not folder.exists()
    assert storage.retrieve_response(spider, Request(URL)).headers[b"ETag"] == b'"new"'


def test_a_cache_left_by_scrapys_storage_still_revalidates_then_becomes_one_file_per_entry(serve, db_path):
    """Upgrading keeps a user's cache: the re-crawl sends its validators, gets 304s and re-parses nothing."""
    from conftest import FAST_CRAWL, FIXTURES

    from lfrwatch.crawl import run_crawl

    site = serve(FIXTURES / "feedsite")
    feed = site.url("feeds/news.atom")
    legacy = {**FAST_CRAWL, "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage"}
    first = run_crawl(db_path, feeds=[feed], settings=legacy, timeout=60)
    assert first.errors == [] and first.total("new") == 3
    cache = Path(db_path).parent / "httpcache"
    folders = {p.parent for p in cache.rglob("pickled_meta")}
    assert len(folders) >= 5 and not list(cache.rglob("*.entry"))  # robots.txt, the feed, three articles

    for crawl in ("upgraded", "again"):
        site.log.clear()
        result = run_crawl(db_path, feeds=[feed], settings=FAST_CRAWL, timeout=60)
        assert result.errors == [], crawl
        assert result.total("not_reparsed") == 3 and result.total("new") + result.total("changed") == 0, crawl
        articles = [entry for entry in site.log if entry.path.startswith("/articles/")]
        assert len(articles) == 3 and all(entry.status == 304 for entry in articles), crawl
        assert not [p for p in cache.glob("*/*/*") if p.is_dir()], crawl  # <spider>/<xx>/<fingerprint>/ gone
        entries = [p for p in cache.rglob("*") if p.is_file()]
        assert len(entries) == len(folders) and all(p.suffix == ".entry" for p in entries), crawl
