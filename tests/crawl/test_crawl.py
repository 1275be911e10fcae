"""Crawling feeds over real HTTP on 127.0.0.1: errors reported by URL, good pages stored, provenance kept."""

import json
from pathlib import Path

import pytest

from conftest import FAST_CRAWL, FAST_CRAWL_ARGS, FIXTURES
from lfrwatch import store
from lfrwatch.crawl.archive import iter_records, read_record
from lfrwatch.crawl.process import BadURLError, run_crawl

SITE = FIXTURES / "feedsite"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the RSS, Atom and broken feeds, then a second crawl of the same site."""
    from lfrwatch.crawl.mirror import MirrorServer

    db_path = str(tmp_path_factory.mktemp("crawl") / "lfrwatch.db")
    with MirrorServer(SITE) as site:
        feeds = [site.url("feeds/news.rss"), site.url("feeds/news.atom"), site.url("feeds/broken.rss")]
        first = run_crawl(db_path, feeds=feeds, settings=FAST_CRAWL)
        first_log = list(site.log)
        second = run_crawl(db_path, feeds=feeds, settings=FAST_CRAWL)
        second_log = site.log[len(first_log):]
        base = site.base_url
    return {"db": db_path, "first": first, "second": second, "first_log": first_log, "second_log": second_log,
            "base": base}


def errors_by_path(result, base):
    return {e["url"].replace(base, ""): e["error"] for e in result.errors}


def test_each_bad_url_is_reported_by_url(crawled):
    errors = errors_by_path(crawled["first"], crawled["base"])
    assert errors["/articles/withdrawn-appeal-2025"] == "HTTP 404"
    assert errors["/articles/empty-page"] == "empty page"
    assert errors["/feeds/broken.rss"].startswith("malformed feed")
    assert len(errors) == 3


def test_the_good_documents_are_stored_once(crawled):
    db = store.open_db(crawled["db"])
    paths = sorted(r["canonical_url"].replace(crawled["base"], "") for r in db["documents"].rows)
    assert paths == ["/articles/essex-lfr-chelmsford/", "/articles/lfr-false-alerts-foi",
                     "/articles/met-lfr-1000-arrests", "/articles/met-lfr-ten-a-week"]
    assert crawled["first"].total("new") == 4


def test_document_fields(crawled):
    db = store.open_db(crawled["db"])
    doc = next(iter(db.query("select * from documents where canonical_url like '%met-lfr-1000-arrests'")))
    assert doc["title"] == "Live facial recognition reaches 1,000 arrests"
    assert doc["published"] == "2025-07-14T10:00:00+01:00"
    assert doc["publisher"] == "Metropolitan Police"
    assert doc["kind"] == "police"
    assert "1,000 arrests to date" in doc["text"]
    assert len(doc["sha256"]) == 64 and doc["fetched_at"]


def test_every_response_is_archived_and_documents_point_at_their_record(crawled):
    db = store.open_db(crawled["db"])
    archive = Path(crawled["db"]).parent / "archive"
    records = list(iter_records(archive))
    archived_paths = {r["url"].replace(crawled["base"], "") for r in records}
    assert {"/feeds/news.rss", "/feeds/broken.rss", "/articles/withdrawn-appeal-2025"} <= archived_paths
    for doc in db["documents"].rows:
        record = read_record(archive, doc["warc_file"], doc["warc_offset"])
        assert record["record_id"] == doc["warc_record_id"]
        assert record["url"] == doc["url"] and record["status"] == 200
        assert doc["title"].encode() in record["body"].replace(b"&#39;", b"'")


def test_recrawl_of_an_unchanged_site_stores_nothing_and_parses_nothing(crawled):
    second = crawled["second"]
    assert second.total("new") == 0 and second.total("changed") == 0
    assert second.total("not_reparsed") == 4
    db = store.open_db(crawled["db"])
    assert db["documents"].count == 4 and db["document_versions"].count == 4
    article_statuses = {e.path: e.status for e in crawled["second_log"] if e.path.startswith("/articles/met")}
    assert set(article_statuses.values()) == {304}
    conditional = [e for e in crawled["second_log"] if e.path == "/feeds/news.rss"][0]
    assert "If-None-Match" in conditional.headers or "If-Modified-Since" in conditional.headers


def test_robots_and_user_agent_are_in_effect(crawled):
    paths = [e.path for e in crawled["first_log"]]
    assert paths[0] == "/robots.txt"
    agent = crawled["first_log"][-1].headers["User-Agent"]
    assert agent.startswith("lfrwatch/") and "+http" in agent


def test_a_changed_page_becomes_a_new_version(tmp_path, serve):
    import shutil

    site_dir = tmp_path / "site"
    shutil.copytree(SITE, site_dir)
    site = serve(site_dir)
    db_path = str(tmp_path / "lfrwatch.db")
    feed = [site.url("feeds/news.atom")]
    run_crawl(db_path, feeds=feed, settings=FAST_CRAWL)
    page = site_dir / "articles" / "met-lfr-1000-arrests.html"
    page.write_text(page.read_text().replace("1,000 arrests to date", "1,046 arrests to date"))
    second = run_crawl(db_path, feeds=feed, settings=FAST_CRAWL)
    assert second.total("changed") == 1 and second.total("new") == 0
    db = store.open_db(db_path)
    texts = [r["text"] for r in db.query(
        "select v.text from document_versions v join documents d on d.id = v.document_id "
        "where d.canonical_url like '%met-lfr-1000-arrests' order by v.version")]
    assert len(texts) == 2 and "1,000 arrests" in texts[0] and "1,046 arrests" in texts[1]


def test_bad_feed_url_is_refused_before_crawling(db_path):
    with pytest.raises(BadURLError, match="ftp://x"):
        run_crawl(db_path, feeds=["ftp://x/feed"])


def test_cli_crawl_reports_errors_and_exits_partial(cli_run, serve, db_path):
    site = serve(SITE)
    result = cli_run("crawl", "--db", db_path, "--feed", site.url("feeds/news.rss"), *FAST_CRAWL_ARGS)
    assert result.exit_code == 3
    assert f"error: {site.url('articles/withdrawn-appeal-2025')}: HTTP 404" in result.stderr
    assert f"error: {site.url('articles/empty-page')}: empty page" in result.stderr
    docs = json.loads(cli_run("documents", "--db", db_path, "--format", "json").stdout)
    assert len(docs) == 3
    assert {"url", "title", "published", "publisher", "fetched_at", "sha256"} <= set(docs[0])


def test_scrapy_crawl_from_the_repository_root(tmp_path, serve):
    """`scrapy crawl feed` does the same job as `lfrwatch crawl --feed`."""
    import os
    import subprocess
    import sys

    site = serve(SITE)
    db_path = tmp_path / "scrapy.db"
    env = dict(os.environ, LFRWATCH_DB=str(db_path))
    repo = Path(__file__).resolve().parents[2]
    scrapy = Path(sys.executable).parent / "scrapy"
    completed = subprocess.run(
        [str(scrapy), "crawl", "feed", "-a", f"feeds={site.url('feeds/news.atom')}",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
         "-s", "LFRWATCH_LOOPBACK_ONLY=True"],  # the test site is on 127.0.0.1
        cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert store.open_db(db_path)["documents"].count == 3


# -- article pages read in worker processes -----------------------------------------------------

def extract_or_die(body, url, **kwargs):
    """extract_article, except that a page whose URL says "die" kills the worker process reading it."""
    import os

    from lfrwatch.crawl.article import extract_article

    if "die" in url:
        os._exit(70)
    return extract_article(body, url, **kwargs)


def test_pages_read_in_workers_and_in_the_crawl_process_give_the_same_documents(crawled, tmp_path):
    """The module's crawl used the default (workers); this one reads every page in the crawl process."""
    from lfrwatch.crawl.mirror import MirrorServer

    db_path = str(tmp_path / "in-process.db")
    with MirrorServer(SITE) as site:
        feeds = [site.url("feeds/news.rss"), site.url("feeds/news.atom"), site.url("feeds/broken.rss")]
        result = run_crawl(db_path, feeds=feeds, settings={**FAST_CRAWL, "LFRWATCH_EXTRACT_WORKERS": 0})
        base = site.base_url

    def documents(path, base):
        rows = store.open_db(path).query("select canonical_url, title, published, updated, author, publisher, kind, "
                                         "text from documents order by canonical_url")
        return [{k: (v.replace(base, "BASE") if isinstance(v, str) else v) for k, v in row.items()} for row in rows]

    assert documents(db_path, base) == documents(crawled["db"], crawled["base"])
    assert len(documents(db_path, base)) == 4
    assert errors_by_path(result, base) == errors_by_path(crawled["first"], crawled["base"])


def test_article_pages_and_feeds_go_to_the_workers_unless_the_spider_reads_them_itself():
    from scrapy.utils.test import get_crawler

    from lfrwatch.spiders.feed import FeedSpider
    from lfrwatch.spiders.google_news import GoogleNewsSpider

    def callbacks(spider_cls, workers, **kwargs):
        crawler = get_crawler(spider_cls, {"LFRWATCH_EXTRACT_WORKERS": workers})
        spider = spider_cls.from_crawler(crawler, **kwargs)
        feeds = {r.callback.__name__ for r in spider.start_requests_list() if r.meta["lfrwatch_role"] == "feed"}
        return spider.article_request("http://127.0.0.1:9/articles/a").callback.__name__, feeds

    assert callbacks(FeedSpider, 2, feeds="http://127.0.0.1:9/feed") == ("parse_article_pooled", {"parse_feed_pooled"})
    assert callbacks(FeedSpider, 0, feeds="http://127.0.0.1:9/feed") == ("parse_article", {"parse_feed"})
    # Google News overrides parse_article (its own links), not the feed.
    assert callbacks(GoogleNewsSpider, 2) == ("parse_article", {"parse_feed_pooled"})
    assert FeedSpider(feeds="http://127.0.0.1:9/feed").article_request("http://127.0.0.1:9/a").callback.__name__ \
        == "parse_article"  # outside a crawl


def test_a_page_that_kills_its_worker_is_reported_and_the_others_are_read():
    import asyncio

    from lfrwatch.crawl.article import ExtractionError, ExtractionPool, ExtractionWorkerDied

    good = (SITE / "articles" / "met-lfr-1000-arrests.html").read_text()

    async def read_all(pool, urls):
        return await asyncio.gather(*(pool.extract(good, url) for url in urls), return_exceptions=True)

    pool = ExtractionPool(1, function=extract_or_die)
    try:
        urls = [f"http://127.0.0.1:9/articles/{name}" for name in ("a", "b", "die", "c", "d")]
        results = asyncio.run(read_all(pool, urls))
        by_url = dict(zip(urls, results))
        assert isinstance(by_url["http://127.0.0.1:9/articles/die"], ExtractionWorkerDied)
        assert isinstance(by_url["http://127.0.0.1:9/articles/die"], ExtractionError)  # reported like any bad page
        for url in set(urls) - {"http://127.0.0.1:9/articles/die"}:
            assert "1,000 arrests to date" in by_url[url].text, url
        # The pool goes on after it, and an unreadable page is the usual error.
        after = asyncio.run(read_all(pool, ["http://127.0.0.1:9/articles/e"]))
        assert "1,000 arrests to date" in after[0].text
        with pytest.raises(ExtractionError, match="^empty page$"):
            asyncio.run(pool.extract("  ", "http://127.0.0.1:9/x"))
    finally:
        pool.shutdown()


def test_one_worker_pool_per_crawl_process_shut_down_with_the_last_spider():
    from lfrwatch.crawl.article import ExtractionPool

    first = ExtractionPool.acquire(1)
    second = ExtractionPool.acquire(3)
    try:
        assert first is second and first.workers == 1
        ExtractionPool.release(first)
        assert ExtractionPool._shared is first and first._executor is not None
    finally:
        ExtractionPool.release(second)
    assert ExtractionPool._shared is None and first._executor is None


def test_a_page_is_looked_up_once_per_address_and_known_bytes_are_not_read_again(db_path):
    import hashlib

    from scrapy import Request
    from scrapy.http import HtmlResponse

    from lfrwatch.spiders.feed import FeedSpider

    spider = FeedSpider(feeds="http://127.0.0.1:9/feed")
    spider.store_db = db = store.open_db(db_path)
    url = "http://127.0.0.1:9/articles/a"
    body = (SITE / "articles" / "met-lfr-1000-arrests.html").read_bytes()
    lookups = []
    db.conn.set_trace_callback(lambda sql: lookups.append(sql) if "from documents" in sql else None)
    assert not spider.already_stored(HtmlResponse(url, body=body, request=Request(url)))
    assert len(lookups) == 1  # request and response URL are the same canonical address
    store.store_document(db, {"url": url, "canonical_url": url, "text": "x", "raw_sha256": hashlib.sha256(body).hexdigest()})
    assert spider.already_stored(HtmlResponse(url, body=body, request=Request(url)))
    assert not spider.already_stored(HtmlResponse(url, body=body + b" ", request=Request(url)))
    assert spider.report.not_reparsed == 1


def test_the_workers_leave_when_the_crawl_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "crawl_process.py"
    script.write_text(
        "import asyncio, time\n"
        "from lfrwatch.crawl.article import ExtractionPool\n"
        "if __name__ == '__main__':\n"
        "    pool = ExtractionPool(1)\n"
        "    print(asyncio.run(pool.run(__import__('os').getpid)), flush=True)\n"
        "    time.sleep(60)\n")
    crawl = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        worker = int(crawl.stdout.readline())
        assert worker != crawl.pid
        os.kill(worker, 0)  # running
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived the crawl process")


def test_store_pipeline_writes_in_its_thread_and_reports_a_failed_write_by_url(tmp_path, monkeypatch):
    """Items are stored in order by the pipeline's writer thread; a write that fails (the database
    locked past the timeout) drops that item with its URL in the report, and the next item is stored."""
    import asyncio
    import sqlite3

    from scrapy import Spider
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from lfrwatch.crawl.pipelines import StorePipeline

    db_path = str(tmp_path / "lfrwatch.db")
    store.open_db(db_path).close()
    monkeypatch.setenv("LFRWATCH_DB_TIMEOUT", "0.3")
    crawler = get_crawler(Spider, {"LFRWATCH_DB": db_path})
    crawler.spider = Spider(name="feed")
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()

    def article(n):
        return {"url": f"http://127.0.0.1/a{n}", "canonical_url": f"http://127.0.0.1/a{n}", "title": f"A{n}",
                "text": f"The force made {n} arrests.", "published": "2025-07-14T10:00:00+00:00",
                "publisher": "Metropolitan Police", "kind": "police", "source": "feed"}

    async def crawl():
        await pipeline.process_item(article(1))
        blocker = sqlite3.connect(db_path)
        blocker.execute("begin immediate")  # another writer holds the database
        with pytest.raises(DropItem, match="locked"):
            await pipeline.process_item(article(2))
        blocker.rollback()
        blocker.close()
        await pipeline.process_item(article(3))

    asyncio.run(crawl())
    pipeline.close_spider()
    db = store.open_db(db_path)
    assert [row["url"] for row in db.query("select url from documents order by id")] == [
        "http://127.0.0.1/a1", "http://127.0.0.1/a3"]
    report = crawler.spider.report
    assert report.new == 2
    assert [e["url"] for e in report.errors] == ["http://127.0.0.1/a2"]
    assert report.errors[0]["error"].startswith("not stored: database")
