"""Hostile and broken input from the open web (issue #19), crawled over real HTTP on 127.0.0.1.

A feed entry that is not an http(s) link, a page whose JSON-LD holds a lone
surrogate escape, a ``rel=canonical`` naming another page, a page stored from
the HTTP cache after a failed attempt, links to local files and to private
addresses: each costs that URL alone and is reported by URL; nothing but http(s)
on public addresses (or the hosts the operator named) is ever fetched, and every
stored version points at its archived bytes.

The private-address crawl runs with ``http_proxy`` set to the fault server, so
every connection it makes goes to 127.0.0.1 whatever host a URL names; the
server's list of URLs asked for (``FaultServer.targets``) shows which hosts the
crawl tried to reach. The refusals themselves happen before any connection.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from conftest import FAST_CRAWL, FIXTURES, REPO
from faultserver import FaultServer, feed_of, rss

from lfrwatch import config, store
from lfrwatch.crawl.archive import read_record
from lfrwatch.crawl.failures import RefusedRequest
from lfrwatch.crawl.process import run_crawl

#: The fault tests' crawl (loopback allowed); the address test turns LFRWATCH_LOOPBACK_ONLY off.
CRAWL = {**FAST_CRAWL, "DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1}
GOOD = "/articles/met-lfr-1000-arrests"
OTHER_GOOD = ["/articles/met-lfr-ten-a-week", "/articles/lfr-false-alerts-foi", "/articles/essex-lfr-chelmsford/"]


@pytest.fixture
def faults():
    server = FaultServer(FIXTURES / "faults", FIXTURES / "feedsite").start()
    yield server
    server.stop()


def crawl(db_path: str, server: FaultServer, feeds: list[str], settings: dict | None = None):
    return run_crawl(db_path, feeds=[server.url(f) for f in feeds], settings=settings or CRAWL, timeout=60)


def documents(db_path: str) -> dict[str, dict]:
    """canonical URL -> the stored document (url, title, author, versions)."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return {row["canonical_url"]: dict(row) for row in conn.execute(
            "select d.canonical_url, d.url, d.title, d.author, d.text, count(v.id) as versions from documents d "
            "join document_versions v on v.document_id = d.id group by d.id")}


def archived_bytes(db_path: str) -> bytes:
    """Every WARC file of the crawl, decompressed and joined."""
    folder = config.archive_dir(db_path)
    return b"".join(gzip.decompress(path.read_bytes()) for path in sorted(folder.glob("*.warc.gz")))


# -- 2. one javascript: link no longer drops the rest of its feed ------------------------------------


def test_a_javascript_link_in_a_feed_costs_that_entry_only(faults, db_path):
    faults.routes["/js.rss"] = feed_of([GOOD, "javascript:alert(1)", *OTHER_GOOD])
    result = crawl(db_path, faults, ["/js.rss"])

    assert [(e["url"], e["error"]) for e in result.errors] == [
        ("javascript:alert(1)", "not fetched: only http and https URLs are fetched, and this is a javascript: URL")]
    assert sorted(documents(db_path)) == sorted(faults.url(p) for p in [GOOD, *OTHER_GOOD])
    with sqlite3.connect(db_path) as conn:  # what `lfrwatch run` and source health read: not "ok" with 0 errors
        assert conn.execute("select last_status, errors from sources where name = 'feed'").fetchone() == ("errors", 1)


def test_a_listing_link_that_is_not_http_costs_that_link_only():
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from lfrwatch.spiders.base import ArticleSpider

    class Listing(ArticleSpider):
        name = "listing_test"
        filter_feed_entries = False

    spider = Listing()
    body = (b"<html><body><article><a href='javascript:void(0)'>One</a></article>"
            b"<article><a href='file:///etc/passwd'>Two</a></article>"
            b"<article><a href='/articles/three'>Three</a></article></body></html>")
    page = HtmlResponse("http://127.0.0.1:9/news/", body=body, encoding="utf-8",
                        request=Request("http://127.0.0.1:9/news/"))
    requests = list(spider.parse_listing(page))

    assert [r.url for r in requests] == ["http://127.0.0.1:9/articles/three"]
    assert [(e["url"], e["error"].split(",")[-1].strip()) for e in spider.report.errors] == [
        ("javascript:void(0)", "and this is a javascript: URL"), ("file:///etc/passwd", "and this is a file: URL")]


# -- 3. a lone surrogate escape in JSON-LD: repaired and stored, and said so ------------------------------


def test_a_lone_surrogate_in_json_ld_is_repaired_and_the_page_stored(faults, db_path):
    faults.routes["/s.rss"] = feed_of([GOOD, "/articles/surrogate-jsonld"])
    result = crawl(db_path, faults, ["/s.rss"])

    assert result.errors == []
    page = faults.url("/articles/surrogate-jsonld")
    stored = documents(db_path)
    assert sorted(stored) == sorted([faults.url(GOOD), page])
    assert stored[page]["title"] == "Facial recognition vans return to Lewisham \ufffd market"
    assert stored[page]["author"] == "Nell Ashdown\ufffd"
    assert [(w["url"], "2 lone surrogate escape(s)" in w["warning"]) for w in result.warnings] == [(page, True)]


# -- 5. rel=canonical believed only when it cannot merge two documents ----------------------------------------


def test_a_canonical_link_is_believed_only_for_the_same_article(faults, db_path):
    faults.routes["/first.rss"] = feed_of([GOOD])
    first = crawl(db_path, faults, ["/first.rss"])
    assert first.errors == [] and first.total("new") == 1

    copy_of_good = "/syndicated/met-copy-88"  # the Met's page itself at another address: same title as stored
    faults.routes[copy_of_good] = lambda handler: handler.server.faults.serve_file(handler, GOOD)
    refused = {"/articles/bromley-3-arrests": "names another page", "/articles/canonical-javascript":
               "is not an http(s) URL", "/articles/canonical-home": "is the site's home page",
               "/articles/canonical-offsite": "is on another site"}
    believed = {"/articles/lfr-watchlist-review/amp": "/articles/lfr-watchlist-review",
                "/archive/2025/lfr-bromley-review": "/articles/lfr-bromley-review", copy_of_good: GOOD}
    faults.routes["/second.rss"] = feed_of([*refused, *believed])
    second = crawl(db_path, faults, ["/second.rss"])

    assert second.errors == []
    stored = documents(db_path)
    assert stored[faults.url(GOOD)]["versions"] == 1  # the Bromley page did not become its version 2
    assert "3 arrests" not in stored[faults.url(GOOD)]["text"]
    for path in refused:  # kept under their own URLs
        assert stored[faults.url(path)]["url"] == faults.url(path)
    for path, canonical in believed.items():
        assert stored[faults.url(canonical)]["url"] in (faults.url(path), faults.url(GOOD))
    assert len(stored) == 1 + len(refused) + 2 and second.total("unchanged") == 1
    warnings = {w["url"]: w["warning"] for w in second.warnings}
    assert set(warnings) == {faults.url(p) for p in refused}
    for path, reason in refused.items():
        assert warnings[faults.url(path)].startswith("canonical link not believed: ") and reason in warnings[
            faults.url(path)]


@pytest.mark.parametrize("page,canonical,stored_title,refused", [
    ("https://www.bbc.co.uk/news/uk-1?at_medium=RSS", "https://www.bbc.co.uk/news/uk-1", None, None),
    ("http://news.example.org/a/lfr-vans/", "https://www.example.org/a/lfr-vans", None, None),  # slash, www, scheme
    ("https://example.org/amp/news/lfr-vans", "https://example.org/news/lfr-vans", None, None),
    ("https://example.org/2025/07/14/lfr-vans-123.html", "https://example.org/news/lfr-vans-123", None, None),  # slug
    ("https://example.org/copy?id=9", "https://example.org/news/lfr", "Vans return", None),  # stored title matches
    ("https://example.org/copy?id=9", "https://example.org/news/lfr", "Other story", "names another page"),
    ("https://example.org/copy?id=9", "https://example.org/news/lfr", None, "no document is stored there"),
    ("https://example.org/news/a-1", "https://example.org/", None, "home page"),
    ("https://example.org/news/a-1", "https://example.org/index.html", None, "home page"),
    ("https://example.org/news/a-1", "https://other.example.net/news/a-1", None, "another site"),
    ("https://example.org/news/a-1", "javascript:void(0)", None, "not an http(s) URL"),
    ("https://example.org/news/a-1", "file:///etc/passwd", None, "not an http(s) URL"),
    ("https://example.org/news/index", "https://example.org/news/feed", None, "names another page"),  # no slug
])
def test_which_canonical_links_are_believed(page, canonical, stored_title, refused):
    from lfrwatch.crawl.canonical import canonical_refusal

    reason = canonical_refusal(page, canonical, page_title="Vans return", stored_title=stored_title)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and refused in reason


# -- 6. a page stored from the HTTP cache points at its archived bytes --------------------------------------


def test_a_page_stored_from_the_http_cache_points_at_its_archived_bytes(serve, db_path):
    """Storing fails once; the next run gets a 304 and stores the page from the cache, with a WARC record."""
    site = serve(FIXTURES / "feedsite")
    feed = site.url("feeds/news.atom")
    page = site.url(GOOD)
    store.open_db(db_path).close()
    with sqlite3.connect(db_path) as conn:  # the first attempt to store this page fails (as a full disk would)
        conn.execute("create trigger refuse_once before insert on documents when new.url = ? "
                     "begin select raise(abort, 'refused by the test'); end".replace("?", f"'{page}'"))
    first = run_crawl(db_path, feeds=[feed], settings=FAST_CRAWL, timeout=60)
    assert [e["url"] for e in first.errors] == [page] and first.errors[0]["error"].startswith("not stored")
    with sqlite3.connect(db_path) as conn:
        conn.execute("drop trigger refuse_once")
    site.log.clear()

    second = run_crawl(db_path, feeds=[feed], settings=FAST_CRAWL, timeout=60)

    assert second.errors == [] and second.total("new") == 1
    assert [entry.status for entry in site.log if entry.path == GOOD] == [304]  # answered from the cache
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        versions = conn.execute("select v.url, v.warc_file, v.warc_offset, v.warc_record_id, v.raw_sha256 "
                                "from document_versions v").fetchall()
    assert len(versions) == 3
    for version in versions:
        assert None not in (version["warc_file"], version["warc_offset"], version["warc_record_id"])
        record = read_record(config.archive_dir(db_path), version["warc_file"], version["warc_offset"])
        assert (record["url"], record["record_id"], record["status"]) == (version["url"], version["warc_record_id"],
                                                                         200)
        assert hashlib.sha256(record["body"]).hexdigest() == version["raw_sha256"]
    from warcio.archiveiterator import ArchiveIterator

    from lfrwatch.crawl.archive import FROM_CACHE_HEADER

    from_cache = next(v for v in versions if v["url"] == page)
    with open(config.archive_dir(db_path) / from_cache["warc_file"], "rb") as fh:
        fh.seek(from_cache["warc_offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header(FROM_CACHE_HEADER) == "revalidated by 304 Not Modified"


# -- 8. only http and https are fetched ---------------------------------------------------------------------


def local_page(folder: Path) -> tuple[Path, bytes]:
    """A page about facial recognition in a local file, with a marker that must never reach the archive."""
    marker = b"LOCAL-FILE-MARKER-19"
    page = folder / "local-page.html"
    page.write_bytes(b"<html><head><title>Local facial recognition notes</title></head><body><article>"
                     b"<p>These notes about live facial recognition deployments sit in a local file on the crawling "
                     b"machine and must never be read by a crawl. " + marker + b"</p></article></body></html>")
    return page, marker


def test_feed_links_to_local_files_and_data_urls_are_never_read(faults, db_path, tmp_path):
    page, marker = local_page(tmp_path)
    data_url = "data:text/html,<p>Live facial recognition: " + "words " * 20 + "</p>"
    links = [GOOD, f"file://localhost{page}", f"file:{page}", data_url]
    faults.routes["/local.rss"] = feed_of(links)
    result = crawl(db_path, faults, ["/local.rss"])

    assert sorted(documents(db_path)) == [faults.url(GOOD)]
    assert len(result.errors) == 3 and all(
        e["error"].startswith("not fetched: only http and https URLs are fetched") for e in result.errors)
    archived = archived_bytes(db_path)
    assert marker not in archived and b"WARC-Target-URI: file:" not in archived
    assert b"WARC-Target-URI: data:" not in archived


def test_scrapy_crawl_of_a_local_feed_reads_nothing(tmp_path):
    """`scrapy crawl feed -a feeds=...` (no CLI check_url in front): the download middleware refuses file: URLs."""
    page, marker = local_page(tmp_path)
    feed = tmp_path / "local.rss"
    feed.write_bytes(rss("", [f"file://localhost{page}"]))
    data = tmp_path / "data"
    report = tmp_path / "report.jsonl"
    args = [str(REPO / ".venv/bin/scrapy"), "crawl", "feed", "-a", f"feeds=file://localhost{feed}",
            "-s", f"LFRWATCH_DB={data / 'lfrwatch.db'}", "-s", f"HTTPCACHE_DIR={data / 'httpcache'}",
            "-s", f"LFRWATCH_REPORT_FILE={report}", "-s", "LOG_LEVEL=WARNING", "-s", "LFRWATCH_EXTRACT_WORKERS=0"]
    subprocess.run(args, cwd=REPO, env=dict(os.environ), check=True, timeout=120, capture_output=True)

    (source,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert [e["url"] for e in source["errors"]] == [f"file://localhost{feed}"]
    assert "only http and https" in source["errors"][0]["error"]
    with sqlite3.connect(data / "lfrwatch.db") as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 0
    assert marker not in archived_bytes(str(data / "lfrwatch.db"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "file://localhost/etc/passwd", "file:/etc/passwd",
                                 "data:text/html,hello", "ftp://127.0.0.1/x", "s3://bucket/key"])
def test_every_other_scheme_is_refused_before_download(url):
    from scrapy import Request

    from lfrwatch.crawl.middlewares import HttpOnlyMiddleware

    with pytest.raises(RefusedRequest, match="only http and https"):
        HttpOnlyMiddleware().process_request(Request(url))


# -- 9. private addresses, by the address, for every request -------------------------------------------------


PRIVATE_LINKS = ["http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/lfr", "http://2852039166/lfr",
                 "http://0xa9fea9fe/lfr", "http://169.254.43518/lfr", "http://0251.0376.0251.0376/lfr"]


def test_private_addresses_are_refused_before_any_connection_even_the_operators(faults, db_path, monkeypatch):
    """Loopback setting off. The feed and its good article are on public-looking names; every connection goes to
    the fault server as a proxy, so nothing leaves this machine whatever the crawl asks for. Links to private
    addresses, and a --feed naming one, are refused before any connection."""
    monkeypatch.setenv("http_proxy", faults.base_url)  # every connection goes to 127.0.0.1, whatever the URL
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    port = urlsplit(faults.base_url).port
    loopback = [f"http://127.1:{port}/articles/met-lfr-ten-a-week",
                f"http://localhost:{port}/articles/lfr-false-alerts-foi"]  # localhost: a name resolving to 127.0.0.1
    good = "http://news.example" + GOOD
    faults.routes["/private.rss"] = feed_of([good, *PRIVATE_LINKS, *loopback])
    intranet_feed = "http://10.9.8.7/private.rss"
    result = run_crawl(db_path, feeds=["http://feeds.example/private.rss", intranet_feed],
                       settings={**CRAWL, "LFRWATCH_LOOPBACK_ONLY": False}, timeout=60)

    assert {urlsplit(target).netloc for target in faults.targets} == {"feeds.example", "news.example"}
    errors = {e["url"]: e["error"] for e in result.errors}
    assert set(errors) == set(PRIVATE_LINKS + loopback + [intranet_feed])
    assert all(error.startswith("not fetched: a private address (") for error in errors.values())
    assert "2852039166 is 169.254.169.254, link-local" in errors["http://2852039166/lfr"]
    assert "localhost is 127.0.0.1, loopback" in errors[loopback[1]]
    assert "10.9.8.7, private" in errors[intranet_feed]
    assert sorted(documents(db_path)) == [good]


def address_guard(allow_loopback: bool = False):
    from lfrwatch.crawl.middlewares import PublicAddressMiddleware

    return PublicAddressMiddleware(SimpleNamespace(spider=None), allow_loopback)


@pytest.mark.parametrize("url,kind", [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, link-local"),
    ("http://10.1.2.3/", "10.1.2.3, private"),
    ("http://2852039166/", "2852039166 is 169.254.169.254, link-local"),
    ("http://0xa9fea9fe/", "0xa9fea9fe is 169.254.169.254, link-local"),
    ("http://169.254.43518/", "169.254.43518 is 169.254.169.254, link-local"),
    ("http://0251.0376.0251.0376/", "0251.0376.0251.0376 is 169.254.169.254, link-local"),
    ("http://127.1/", "127.1 is 127.0.0.1, loopback"),
    ("http://[::1]:8080/", "::1, loopback"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is 10.0.0.1, private"),
    ("http://admin.localhost/", "admin.localhost is 127.0.0.1, loopback"),  # never looked up
    ("http://0.0.0.0/", "0.0.0.0, unspecified"),
    ("http://100.64.0.1/", "100.64.0.1, reserved"),
])
def test_private_addresses_are_refused_in_every_spelling(url, kind):
    from scrapy import Request

    with pytest.raises(RefusedRequest) as refused:
        asyncio.run(address_guard().process_request(Request(url)))
    assert str(refused.value) == f"not fetched: a private address ({kind}); only public addresses are fetched"


def test_public_addresses_and_loopback_for_tests_are_allowed():
    from scrapy import Request

    assert asyncio.run(address_guard().process_request(Request("http://93.184.216.34/a"))) is None
    with pytest.raises(RefusedRequest):  # loopback only with the tests' and the demo's setting
        asyncio.run(address_guard().process_request(Request("http://127.0.0.1:8000/feeds/news.rss")))
    loopback = address_guard(allow_loopback=True)  # LFRWATCH_LOOPBACK_ONLY: the tests' setting
    for url in ("http://127.0.0.1:9/a", "http://app.localhost:9/a", "http://127.1:9/a", "http://[::1]:9/a"):
        assert asyncio.run(loopback.process_request(Request(url))) is None
    with pytest.raises(RefusedRequest):
        asyncio.run(loopback.process_request(Request("http://169.254.169.254/")))


def test_a_name_is_judged_by_the_address_it_resolves_to():
    """(The crawl test above resolves ``localhost`` with the crawl's real resolver; here, names no DNS should see.)"""
    from scrapy import Request

    guard = address_guard()
    answers = {"intranet.example": "10.0.0.7", "metadata.example": "169.254.169.254", "news.example": "93.184.216.34"}

    async def resolve(host):
        from lfrwatch.crawl.addresses import host_address

        return host_address(answers[host]) if host in answers else None

    guard.resolve = resolve
    with pytest.raises(RefusedRequest, match=r"intranet\.example is 10\.0\.0\.7, private"):
        asyncio.run(guard.process_request(Request("http://intranet.example/lfr")))
    with pytest.raises(RefusedRequest, match=r"metadata\.example is 169\.254\.169\.254, link-local"):
        asyncio.run(guard.process_request(Request("http://metadata.example/latest")))
    assert asyncio.run(guard.process_request(Request("http://news.example/lfr"))) is None
    # A name that does not resolve is left to the download, which reports the DNS failure.
    assert asyncio.run(guard.process_request(Request("http://nowhere.example/lfr"))) is None


def test_the_crawl_checks_every_request_with_both_guards():
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings")
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    robots = 100  # Scrapy's RobotsTxtMiddleware: no robots.txt is asked of a refused host either
    assert middlewares["lfrwatch.crawl.middlewares.HttpOnlyMiddleware"] < robots
    assert middlewares["lfrwatch.crawl.middlewares.PublicAddressMiddleware"] < robots
