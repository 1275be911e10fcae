"""Source health: per-run records, the broken flags, `lfrwatch sources --health`, and exit code 6."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import FAST_CRAWL, FAST_CRAWL_ARGS, FIXTURES
from faultserver import FaultServer, feed_of, status

from lfrwatch.ops import health
from lfrwatch.ops import runner

GOOD = "/articles/met-lfr-1000-arrests"


#: Fast loopback crawls that refuse any other host (a safety net: these fixtures only link to 127.0.0.1).
LOCAL_CRAWL = {**FAST_CRAWL, "LFRWATCH_LOOPBACK_ONLY": True}
LOCAL_CRAWL_ARGS = [*FAST_CRAWL_ARGS, "-s", "LFRWATCH_LOOPBACK_ONLY=True"]

@pytest.fixture
def site():
    server = FaultServer(FIXTURES / "faults", FIXTURES / "feedsite").start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("LFRWATCH_WEBHOOK_URL", "LFRWATCH_CONFIG", "LFRWATCH_LOG_DIR", "LFRWATCH_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def report(**fields):
    base = {"source": "met_news", "found": 0, "new": 0, "changed": 0, "unchanged": 0, "skipped_irrelevant": 0,
            "not_reparsed": 0, "errors": [], "missing_fields": {}, "close_reason": "finished", "requests": 3,
            "responses": {"200": 3}, "retries": 0, "duration_s": 1.5}
    base.update(fields)
    return base


FEED = "https://news.example.org/feed.rss"


def assess(rep, previous=(), ever_found=False, **kw):
    return health.assess("met_news", rep, start_urls=[FEED], previous=list(previous), ever_found=ever_found, **kw)


# -- the rules, one by one --------------------------------------------------------------------


def test_a_healthy_run_is_ok_and_counts_everything():
    h = assess(report(found=3, new=2, unchanged=1, not_reparsed=4, skipped_irrelevant=5,
                      responses={"200": 6, "304": 4}, requests=10, retries=1))
    assert (h.status, h.broken) == ("ok", False)
    assert (h.documents_found, h.documents_stored, h.documents_unchanged, h.items_seen) == (3, 2, 5, 12)
    assert h.responses == {"200": 6, "304": 4} and h.requests == 10 and h.retries == 1


def test_article_errors_make_a_partial_run_not_a_broken_source():
    errors = [{"url": "https://news.example.org/a", "error": "HTTP 404"},
              {"url": "https://news.example.org/b", "error": "invalid article: missing title"},
              {"url": "https://news.example.org/c", "error": "empty page"}]
    h = assess(report(found=5, new=5, errors=errors))
    assert (h.status, h.broken) == ("errors", False)
    assert (h.fetch_errors, h.validation_errors, h.parse_errors) == (1, 1, 1)


def test_a_failed_feed_flags_the_source_broken():
    h = assess(report(errors=[{"url": FEED, "error": "HTTP 404"}]))
    assert h.status == "failed"
    assert h.broken_reason == f"cannot read {FEED}: HTTP 404"


def test_a_spider_that_stopped_early_or_never_reported_is_broken():
    stopped = assess(report(found=2, close_reason="closespider_errorcount"))
    assert stopped.broken and "stopped early (closespider_errorcount)" in stopped.broken_reason
    missing = assess(None)
    assert missing.broken and missing.status == "failed" and "did not report" in missing.broken_reason
    # When the whole crawl process failed, that is not this source's fault: failed, not flagged.
    crashed = assess(None, crawl_failed=True)
    assert crashed.status == "failed" and not crashed.broken


def test_finding_nothing_for_n_runs_flags_a_source_that_used_to_find_items():
    quiet = {"items_seen": 0}
    assert not assess(report(), previous=[quiet], ever_found=True, broken_after=3).broken
    h = assess(report(), previous=[quiet, quiet], ever_found=True, broken_after=3)
    assert h.broken and "found nothing in the last 3 runs" in h.broken_reason
    # Never found anything: a quiet source, not a broken one.
    assert not assess(report(), previous=[quiet, quiet, quiet], ever_found=False, broken_after=3).broken
    # A run with items in between resets the count.
    assert not assess(report(), previous=[quiet, {"items_seen": 4}, quiet], ever_found=True, broken_after=3).broken


def test_articles_without_titles_dates_or_text_flag_a_redesign():
    h = assess(report(found=4, new=4, missing_fields={"published": 3, "publisher": 4}))
    assert h.broken and h.broken_reason == "published missing on 3 of 4 articles (site redesigned?)"
    few = assess(report(found=4, new=4, missing_fields={"published": 1, "title": 1}))
    assert not few.broken  # one page without a date is not a redesign; publisher is not watched
    no_text = [{"url": f"https://news.example.org/{n}", "error": "no article text found"} for n in range(3)]
    h = assess(report(found=1, new=1, errors=no_text))
    assert h.broken and "no article text on 3 of 4 pages" in h.broken_reason


@pytest.mark.parametrize("message,kind", [
    ("HTTP 503 (gave up after 2 retries)", "fetch"), ("timed out", "fetch"),
    ("redirect loop: a -> b -> a", "fetch"), ("malformed feed: mismatched tag", "parse"),
    ("feed refused: it declares an XML entity (lol)", "parse"), ("empty page", "parse"),
    ("invalid article: missing title", "validation"), ("not stored: database is locked", "store"),
])
def test_errors_are_classified(message, kind):
    assert health.error_kind(message) == kind


# -- through real runs ------------------------------------------------------------------------


def source_runs(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("select * from source_runs order by id")]


def test_a_redesigned_site_is_flagged_broken_with_exit_6(cli_run, db_path, site):
    result = cli_run("run", "--db", db_path, "--feed", site.url("feeds/redesign.rss"), *LOCAL_CRAWL_ARGS)

    assert result.exit_code == runner.EXIT_BROKEN == 6
    assert "broken: feed: title missing on 2 of 2 articles (site redesigned?); " \
           "published missing on 2 of 2 articles (site redesigned?)" in result.stderr
    assert "1 broken source(s)" in result.stdout

    table = cli_run("sources", "--health", "--db", db_path)
    assert table.exit_code == 0
    line = [row for row in table.stdout.splitlines() if row.startswith("feed ")][0]
    assert "True" in line and "title missing on 2 of 2" in line

    rows = json.loads(cli_run("sources", "--health", "--format", "json", "--db", db_path).stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["broken"] is True and row["status"] == "errors"
    # robots.txt, the feed and two pages, all 200; two articles found, none valid
    assert row["requests"] == 4 and row["responses"] == {"200": 4} and row["responses_by_status"] == "200:4"
    assert (row["documents_found"], row["documents_stored"], row["validation_errors"]) == (2, 0, 2)
    assert row["missing_fields"]["title"] == 2 and row["duration_s"] > 0


def test_a_dead_feed_is_flagged_broken(cli_run, db_path, site):
    site.routes["/gone.rss"] = status(404)
    site.routes["/good.rss"] = feed_of([GOOD])
    result = cli_run("run", "--db", db_path, "--feed", site.url("gone.rss"), "--feed", site.url("good.rss"),
                     *LOCAL_CRAWL_ARGS)
    assert result.exit_code == 6
    assert f"broken: feed: cannot read {site.url('gone.rss')}: HTTP 404" in result.stderr
    assert "1 new document(s)" in result.stdout  # the good feed's page is stored all the same


def test_a_source_that_goes_quiet_is_flagged_after_n_runs_and_recovers(db_path, site):
    def once():
        return runner.run_once(db_path, feeds=[site.url("q.rss")], settings=LOCAL_CRAWL, broken_after=2)

    site.routes["/q.rss"] = feed_of([GOOD])
    assert once().exit_code == 0
    site.routes["/q.rss"] = feed_of([])
    second = once()
    assert second.exit_code == 0 and not second.broken
    third = once()
    assert third.exit_code == runner.EXIT_BROKEN
    assert "found nothing in the last 2 runs" in third.broken[0].broken_reason
    site.routes["/q.rss"] = feed_of([GOOD])
    assert once().exit_code == 0

    records = source_runs(db_path)
    assert [r["items_seen"] for r in records] == [1, 0, 0, 1]
    assert [r["broken"] for r in records] == [0, 0, 1, 0]
    assert all(r["source"] == "feed" and r["requests"] >= 2 for r in records)
    with sqlite3.connect(db_path) as conn:
        assert [r[0] for r in conn.execute("select status from runs order by id")] == ["ok", "ok", "broken", "ok"]


def test_responses_are_counted_as_sent_so_revalidation_shows(db_path, serve):
    mirror = serve(FIXTURES / "feedsite")
    for _ in range(2):
        runner.run_once(db_path, feeds=[mirror.url("feeds/news.atom")], settings=LOCAL_CRAWL)
    first, second = source_runs(db_path)
    # robots.txt, the feed and its three articles: fetched, then revalidated with a 304 each
    assert json.loads(first["responses"]) == {"200": 5} and first["requests"] == 5
    assert json.loads(second["responses"]) == {"304": 5} and second["requests"] == 5
    assert (second["documents_unchanged"], second["items_seen"], second["status"]) == (3, 3, "ok")
    assert len(mirror.log) == 10


def test_a_catalogue_source_is_judged_by_its_own_feeds(cli_run, db_path, monkeypatch):
    """`lfrwatch run met_news` against the loopback mirror of the Met's newsroom, then with its feeds gone."""
    from helpers import SOURCES, mirror_env, mirror_routes

    from lfrwatch.crawl.mirror import MirrorServer

    with MirrorServer(SOURCES, routes=mirror_routes()) as mirror:
        for key, value in mirror_env(mirror.base_url, ["met_news"]).items():
            monkeypatch.setenv(key, value)
        ok = cli_run("run", "met_news", "--db", db_path, *LOCAL_CRAWL_ARGS)
        assert ok.exit_code == 0, ok.stderr  # its second, alternative feed address 404s: not an error
        assert "2 new document(s)" in ok.stdout

        for path in ("/met_news/rss/current_news/66871", "/met_news/rss/source/60923/news"):
            mirror.routes[path] = (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
        gone = cli_run("run", "met_news", "--db", db_path, *LOCAL_CRAWL_ARGS)

    assert gone.exit_code == runner.EXIT_BROKEN
    assert f"broken: met_news: cannot read {mirror.base_url}/met_news/rss/current_news/66871: HTTP 404; " \
           f"cannot read {mirror.base_url}/met_news/rss/source/60923/news: HTTP 404" in gone.stderr
    rows = json.loads(cli_run("sources", "--health", "--format", "json", "--db", db_path).stdout)
    met = [r for r in rows if r["source"] == "met_news"][0]
    assert met["status"] == "failed" and met["broken"] and met["runs"] == 2 and met["last_ok_at"]
