"""Fault injection: a misbehaving server on 127.0.0.1, each fault alone and all of them mixed with good pages.

Every fault must end with one clear error for its URL, and the good pages
must be stored. Crawls run with small timeouts and one retry, and with
LFRWATCH_LOOPBACK_ONLY, so even a broken redirect guard could not reach
another address.
"""

from __future__ import annotations

import resource
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import FAST_CRAWL, FIXTURES
from faultserver import FaultServer, feed_of, gzip_bomb, huge, redirect, reset, rss, send, stall, status

from lfrwatch.crawl.process import run_crawl

FAULT_CRAWL = {**FAST_CRAWL, "DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1, "LFRWATCH_RETRY_AFTER_MAX": 5,
               "LFRWATCH_LOOPBACK_ONLY": True}
GOOD = "/articles/met-lfr-1000-arrests"
MB = 1024 * 1024

ROUTES = {
    "/fault/500": status(500),
    "/fault/503": status(503, {"Retry-After": "1"}),
    "/fault/503-long": status(503, {"Retry-After": "3600"}),
    "/fault/reset": reset,
    "/fault/stall": stall,
    "/fault/loop": redirect("{base}/fault/loop-b"),
    "/fault/loop-b": redirect("{base}/fault/loop"),
    # Neither target is ever contacted: .invalid never resolves and the guard refuses both before any connection.
    "/fault/offsite": redirect("http://lfrwatch-offsite.invalid/article"),
    "/fault/private": redirect("http://10.255.255.1/article"),
    "/fault/huge": huge(20 * MB),
    "/fault/huge-stream": huge(20 * MB, with_length=False),
    "/fault/gzip-bomb": gzip_bomb,
    "/fault/empty": status(200, {"Content-Type": "text/html; charset=utf-8"}, b""),
}

# (case, fault path in the feed, words the error must contain)
ARTICLE_FAULTS = [
    ("http-500", "/fault/500", ["HTTP 500", "gave up after 1 retry"]),
    ("http-503-retry-after", "/fault/503", ["HTTP 503", "gave up after 1 retry"]),
    ("http-503-retry-after-too-long", "/fault/503-long", ["HTTP 503", "not retried: Retry-After 3600 s"]),
    ("connection-reset", "/fault/reset", ["connection lost"]),
    ("never-answers", "/fault/stall", ["timed out"]),
    ("redirect-loop", "/fault/loop", ["redirect loop"]),
    ("redirect-offsite", "/fault/offsite", ["redirect to another domain not followed",
                                            "lfrwatch-offsite.invalid"]),
    ("redirect-private", "/fault/private", ["redirect to a private address not followed", "10.255.255.1"]),
    ("20-mb-page", "/fault/huge", ["too large", "10 MB", "DOWNLOAD_MAXSIZE"]),
    ("20-mb-streamed", "/fault/huge-stream", ["too large", "DOWNLOAD_MAXSIZE"]),
    ("gzip-bomb", "/fault/gzip-bomb", ["too large", "decompressed"]),
    ("empty-body", "/fault/empty", ["empty page"]),
    ("robots-disallowed", "/private/lfr-briefing", ["forbidden by robots.txt"]),
]
# Faults in a feed itself: (case, feed path, words)
FEED_FAULTS = [
    ("malformed-rss", "/feeds/broken.rss", ["malformed feed"]),
    ("entity-expansion-bomb", "/feeds/entity-bomb.atom", ["feed refused", "XML entity"]),
]


@pytest.fixture
def faults():
    server = FaultServer(FIXTURES / "faults", FIXTURES / "feedsite", routes=dict(ROUTES)).start()
    yield server
    server.stop()


def stored_urls(db_path: str) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("select canonical_url from documents order by canonical_url")]


def crawl(db_path, server, feeds):
    started = time.monotonic()
    result = run_crawl(db_path, feeds=[server.url(f) for f in feeds], settings=FAULT_CRAWL, timeout=60)
    return result, time.monotonic() - started


def assert_one_error(result, url: str, words: list[str]) -> str:
    mine = [e for e in result.errors if e["url"] == url]
    assert len(mine) == 1, result.errors
    for word in words:
        assert word in mine[0]["error"], mine[0]
    return mine[0]["error"]


@pytest.mark.parametrize("case,path,words", ARTICLE_FAULTS, ids=[c[0] for c in ARTICLE_FAULTS])
def test_article_fault_alone(faults, db_path, case, path, words):
    faults.routes["/alone.rss"] = feed_of([GOOD, path])
    result, seconds = crawl(db_path, faults, ["/alone.rss"])

    assert_one_error(result, faults.url(path), words)
    assert len(result.errors) == 1, result.errors
    assert stored_urls(db_path) == [faults.url(GOOD)]
    assert seconds < 30
    if case in ("http-500", "http-503-retry-after"):
        assert faults.hits[path] == 2  # the first try and one retry
    if case == "http-503-retry-after":
        first, second = faults.times[path]
        assert second - first >= 0.9  # Retry-After: 1 was honoured
    if case == "http-503-retry-after-too-long":
        assert faults.hits[path] == 1
    if case == "redirect-loop":
        assert faults.hits["/fault/loop"] == 1 and faults.hits["/fault/loop-b"] == 1
    if case == "robots-disallowed":
        assert faults.hits[path] == 0


@pytest.mark.parametrize("case,path,words", FEED_FAULTS, ids=[c[0] for c in FEED_FAULTS])
def test_feed_fault_alone(faults, db_path, case, path, words):
    faults.routes["/alone.rss"] = feed_of([GOOD])
    result, seconds = crawl(db_path, faults, [path, "/alone.rss"])

    assert_one_error(result, faults.url(path), words)
    assert len(result.errors) == 1, result.errors
    assert stored_urls(db_path) == [faults.url(GOOD)]
    assert seconds < 30
    if case == "entity-expansion-bomb":
        assert faults.hits["/articles/bomb-entry"] == 0  # the refused feed's links are not followed
        # No child process (the crawl) came near the gigabytes an expanded bomb needs.
        assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KiB


def test_windows_1252_page_declared_utf8_is_stored_readable(faults, db_path):
    faults.routes["/alone.rss"] = feed_of(["/articles/cp1252-camden"])
    result, _ = crawl(db_path, faults, ["/alone.rss"])

    assert result.errors == []
    with sqlite3.connect(db_path) as conn:
        title, text = conn.execute("select title, text from documents").fetchone()
    assert title == "Council questions the cost of facial recognition vans"
    assert "£180,000" in text
    assert "“We want to know what residents are paying for,”" in text
    assert "It’s a fair question – and we’ve not had an answer." in text
    assert "\ufffd" not in text


def test_every_fault_mixed_with_good_pages(faults, db_path):
    """One crawl: every fault, the feed faults and four good articles from two good feeds."""
    links = ["/articles/met-lfr-1000-arrests", "/articles/essex-lfr-chelmsford/", "/articles/cp1252-camden"]
    links += [path for _, path, _ in ARTICLE_FAULTS]
    faults.routes["/mixed.rss"] = feed_of(links)
    feeds = ["/mixed.rss", "/feeds/news.atom"] + [path for _, path, _ in FEED_FAULTS]
    result, seconds = crawl(db_path, faults, feeds)

    for _, path, words in ARTICLE_FAULTS + FEED_FAULTS:
        assert_one_error(result, faults.url(path), words)
    assert len(result.errors) == len(ARTICLE_FAULTS) + len(FEED_FAULTS), result.errors
    good = ["/articles/cp1252-camden", "/articles/essex-lfr-chelmsford/", "/articles/lfr-false-alerts-foi",
            "/articles/met-lfr-1000-arrests", "/articles/met-lfr-ten-a-week"]
    assert stored_urls(db_path) == sorted(faults.url(p) for p in good)
    assert seconds < 40
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_loopback_only_refuses_other_hosts_before_connecting(db_path, faults):
    """The safety net itself: a feed linking to another host gets a refusal, not a connection."""
    faults.routes["/elsewhere.rss"] = lambda handler: send(
        handler, 200, {"Content-Type": "application/rss+xml"},
        rss("", ["http://lfrwatch-elsewhere.invalid/lfr", faults.url(GOOD)]))
    result, _ = crawl(db_path, faults, ["/elsewhere.rss"])

    assert_one_error(result, "http://lfrwatch-elsewhere.invalid/lfr", ["is not on 127.0.0.1"])
    assert stored_urls(db_path) == [faults.url(GOOD)]


def test_a_damaged_cache_file_is_set_aside_and_the_pages_fetched_again(serve, db_path):
    """A cache file damaged by a power cut (it runs with synchronous=OFF) must not fail those URLs on later runs."""
    site = serve(FIXTURES / "feedsite")
    feed = site.url("feeds/news.atom")
    first = run_crawl(db_path, feeds=[feed], settings=FAULT_CRAWL, timeout=60)
    assert first.errors == [] and first.total("new") == 3
    cache_file = Path(db_path).parent / "httpcache" / "feed.sqlite3"
    with sqlite3.connect(cache_file) as conn:
        assert conn.execute("select count(*) from entries").fetchone()[0] >= 4  # robots.txt, the feed, 3 articles
    data = cache_file.read_bytes()  # as if the machine lost power before the file's pages reached the disk
    cache_file.write_bytes(data[:100] + bytes(len(data) - 100))
    site.log.clear()

    second = run_crawl(db_path, feeds=[feed], settings=FAULT_CRAWL, timeout=60)

    assert second.errors == []
    assert second.total("not_reparsed") + second.total("unchanged") == 3
    fetched = [entry for entry in site.log if entry.path.startswith("/articles/")]
    assert len(fetched) == 3 and all(entry.status == 200 for entry in fetched)  # fetched whole, not revalidated
    assert len(stored_urls(db_path)) == 3
    assert len(list(cache_file.parent.glob("feed.sqlite3.damaged-*"))) == 1


def test_the_http_cache_replaces_an_entry_whole_or_not_at_all(tmp_path):
    """Stopped mid-write, the old entry stays whole: never a new ETag beside an old body (a 304 hides the change)."""
    from scrapy import Spider
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from lfrwatch.crawl import httpcache

    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    spider = crawler._create_spider("feed")
    storage = httpcache.CrashSafeCacheStorage(crawler.settings)
    storage.open_spider(spider)
    request = Request("http://127.0.0.1:9/articles/a")

    def response(version: str) -> HtmlResponse:
        return HtmlResponse(request.url, headers={"ETag": f'"{version}"'}, body=f"<p>{version}</p>".encode(),
                            request=request)

    storage.store_response(spider, request, response("v1"))
    storage._db.set_progress_handler(lambda: 1, 1)  # the statement writing v2 is stopped part-way
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        storage.store_response(spider, request, response("v2"))
    storage._db.set_progress_handler(None, 1)

    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"v1"', b"<p>v1</p>")
    storage.store_response(spider, request, response("v3"))
    cached = storage.retrieve_response(spider, request)
    assert (cached.headers[b"ETag"], cached.body) == (b'"v3"', b"<p>v3</p>")
    assert {p.name for p in tmp_path.iterdir()} <= {"feed.sqlite3", "feed.sqlite3-wal", "feed.sqlite3-shm"}


@pytest.mark.parametrize("source,target,allow_offsite,refused", [
    ("https://www.bbc.co.uk/news/1", "https://www.bbc.co.uk/news/2", False, None),
    ("http://www.bbc.co.uk/news/1", "https://bbc.co.uk/news/1", False, None),  # same registered domain
    ("https://news.met.police.uk/a", "https://www.met.police.uk/a", False, None),
    ("https://www.bbc.co.uk/a", "https://www.bbc.com/a", False, "another domain"),
    ("https://feeds.example.org/a", "https://other.example.net/a", False, "another domain"),
    ("https://news.google.com/rss/articles/x", "https://www.theguardian.com/a", True, None),  # allow_offsite
    ("https://news.google.com/rss/articles/x", "http://192.168.1.1/admin", True, "private address"),
    ("https://www.example.org/a", "http://127.0.0.1/a", False, "private address"),
    ("https://www.example.org/a", "http://[::1]/a", True, "private address"),
    ("https://www.example.org/a", "http://169.254.169.254/latest/meta-data", False, "private address"),
    ("https://www.example.org/a", "http://localhost:8080/a", False, "private address"),
    ("https://www.example.org/a", "http://93.184.216.34/a", False, "another host"),
    # Numeric spellings of private addresses (inet_aton forms) are private addresses too.
    ("https://www.example.org/a", "http://2852039166/latest/meta-data", False, "private address"),
    ("https://www.example.org/a", "http://0xa9fea9fe/", True, "private address"),
    ("https://www.example.org/a", "http://169.254.43518/", False, "private address"),
    ("https://www.example.org/a", "http://0251.0376.0251.0376/", False, "private address"),
    ("https://www.example.org/a", "http://127.1/", True, "private address"),
    ("https://www.example.org/a", "http://[::ffff:10.1.2.3]/", True, "private address"),
    ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", False, None),  # the very host asked
])
def test_which_redirects_are_followed(source, target, allow_offsite, refused):
    from lfrwatch.crawl.middlewares import redirect_refusal

    reason = redirect_refusal(source, target, any_domain=allow_offsite)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and refused in reason and target in reason
