"""Every source crawled over real HTTP from a loopback mirror of its fixtures, three times.

1. A first crawl of every source in tests/fixtures/sources, each served under
   its own path prefix (``LFRWATCH_BASE_URL_<NAME>`` = ``http://127.0.0.1:PORT/<slug>``).
2. A second crawl with nothing changed: the HTTP cache revalidates, the mirror
   answers 304, and the database gains no row.
3. One Met press release is edited on disk, and the Met is crawled again: the
   page becomes a second version beside the first.

The crawls run once for the module (each costs a few seconds); the tests below
read what they did. What each source must store is in
tests/fixtures/sources/expected.json.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from conftest import FAST_CRAWL
from helpers import SOURCES, mirror_env, mirror_routes
from lfrwatch import config
from lfrwatch.crawl.archive import read_record
from lfrwatch.crawl.process import run_crawl
from lfrwatch.crawl.mirror import MirrorServer

EXPECTED = json.loads((SOURCES / "expected.json").read_text())
NAMES = sorted(p.name for p in SOURCES.iterdir() if p.is_dir())
MET_PAGE = "met_news/news/live-facial-recognition-leads-to-14-arrests-in-croydon-491237.html"
OLD_SENTENCE = "The system generated 16 alerts, of which 14 led to an arrest"
NEW_SENTENCE = "The system generated 17 alerts, of which 14 led to an arrest"


def _rows(db: str, sql: str) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _counts(db: str) -> dict[str, int]:
    return {table: _rows(db, f"select count(*) as n from {table}")[0]["n"]
            for table in ("documents", "document_versions")}


def _paths(log) -> list[str]:
    return [urlsplit(entry.path).path for entry in log]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    site = root / "sources"
    shutil.copytree(SOURCES, site)
    db = str(root / "data" / "lfrwatch.db")
    with MirrorServer(site, routes=mirror_routes(site)) as mirror, pytest.MonkeyPatch.context() as env:
        for key, value in mirror_env(mirror.base_url, NAMES).items():
            env.setenv(key, value)
        first = run_crawl(db, sources=NAMES, settings=FAST_CRAWL)
        first_log, first_counts = list(mirror.log), _counts(db)
        mirror.log.clear()

        second = run_crawl(db, sources=NAMES, settings=FAST_CRAWL)
        second_log, second_counts = list(mirror.log), _counts(db)
        mirror.log.clear()

        page = site / MET_PAGE
        page.write_text(page.read_text().replace(OLD_SENTENCE, NEW_SENTENCE))
        third = run_crawl(db, sources=["met_news"], settings=FAST_CRAWL)
        third_log = list(mirror.log)
        base = mirror.base_url
    return SimpleNamespace(db=db, base=base, archive=config.archive_dir(db), first=first, second=second,
                           third=third, first_log=first_log, second_log=second_log, third_log=third_log,
                           first_counts=first_counts, second_counts=second_counts)


def _expected_urls(base: str) -> dict[str, str]:
    """canonical URL -> the source that must have stored it."""
    return {(path if "://" in path else f"{base}/{slug}{path}"): slug
            for slug, paths in EXPECTED["stored"].items() for path in paths}


# -- first crawl -------------------------------------------------------------------------


def test_every_source_in_the_mirror_ran(run):
    assert sorted(r["source"] for r in run.first.sources) == NAMES
    assert set(EXPECTED["stored"]) == set(NAMES)


def test_each_relevant_article_is_stored_once_by_its_source(run):
    rows = _rows(run.db, "select canonical_url, source from documents")
    assert sorted(r["canonical_url"] for r in rows) == sorted(_expected_urls(run.base))
    assert {r["canonical_url"]: r["source"] for r in rows} == _expected_urls(run.base)


def test_article_found_by_google_news_and_its_own_feed_is_one_document(run):
    path = "/guardian/technology/2025/oct/21/met-police-facial-recognition-expansion-critics"
    assert _paths(run.first_log).count(path) == 2  # once by each spider
    stored_by = [r["source"] for r in run.first.sources if f"{run.base}{path}" in r["stored_urls"]]
    assert len(stored_by) == 1  # whichever spider got there first; the other found it stored
    rows = _rows(run.db, f"select source from documents where canonical_url = '{run.base}{path}'")
    assert [r["source"] for r in rows] == ["guardian"]


def test_every_document_points_to_its_archived_response(run):
    rows = _rows(run.db, "select d.url, d.source, d.raw_sha256, v.warc_file, v.warc_offset, v.warc_record_id "
                         "from documents d join document_versions v on v.id = d.current_version_id")
    assert rows
    for row in rows:
        record = read_record(run.archive, row["warc_file"], row["warc_offset"])
        assert record["record_id"] == row["warc_record_id"]
        assert record["status"] == 200
        assert hashlib.sha256(record["body"]).hexdigest() == row["raw_sha256"]
        if row["source"] in ("parliament_written_questions", "hansard_debates"):
            # The document is the API answer or plain-text download it was built from.
            assert record["url"].startswith(f"{run.base}/{row['source']}/")
        else:
            assert record["url"] == row["url"]


def test_irrelevant_entries_are_never_fetched(run):
    requested = set(_paths(run.first_log))
    for slug, paths in EXPECTED["never_requested"].items():
        for path in paths:
            assert f"/{slug}{path}" not in requested


def test_robots_txt_is_read_and_obeyed(run):
    assert _paths(run.first_log)[0] == "/robots.txt"
    sky = next(r for r in run.first.sources if r["source"] == "sky_news")
    forbidden = [f"{run.base}/sky_news{p}" for p in EXPECTED["robots_forbidden"]["sky_news"]]
    assert [e["url"] for e in sky["errors"]] == forbidden
    assert all("robots.txt" in e["error"] for e in sky["errors"])


def test_only_the_robots_forbidden_page_is_an_error(run):
    # met_news's second feed address and the platforms' second listing address 404 here: alternatives, not errors.
    assert _paths(run.first_log).count("/met_news/rss/source/60923/news") == 1
    assert [e["url"] for e in run.first.errors] == [
        f"{run.base}/sky_news{p}" for p in EXPECTED["robots_forbidden"]["sky_news"]]


def test_every_request_names_the_crawler_and_its_contact_url(run):
    agents = {entry.headers.get("User-Agent") for entry in run.first_log}
    assert agents and all(config.PROJECT_URL in agent and agent.startswith("lfrwatch/") for agent in agents)


def test_listing_pages_are_followed(run):
    assert "/south_wales_police/news/south-wales/news/?page=2" in [e.path for e in run.first_log]


# -- second crawl: nothing new ---------------------------------------------------------


def test_second_crawl_stores_nothing(run):
    assert run.second_counts == run.first_counts
    assert run.second.total("new") == 0 and run.second.total("changed") == 0


def test_second_crawl_revalidates_and_gets_304s(run):
    fetched = {e.path for e in run.first_log if e.status == 200}
    second = {e.path: e for e in run.second_log}
    article_pages = [f"/{slug}{p}" for slug, paths in EXPECTED["stored"].items() for p in paths
                     if "://" not in p and slug not in ("hansard_debates", "google_news")]
    article_pages = [p for p in article_pages if p in fetched]
    assert len(article_pages) >= 25
    for path in article_pages:
        assert second[path].status == 304, path
        assert second[path].headers.get("If-None-Match")
    assert run.second.total("not_reparsed") >= len(article_pages)


# -- third crawl: a changed page -----------------------------------------------------------


def test_changed_page_becomes_a_new_version_beside_the_old_one(run):
    assert (run.third.total("changed"), run.third.total("new")) == (1, 0)
    url = f"{run.base}/met_news/news/live-facial-recognition-leads-to-14-arrests-in-croydon-491237"
    versions = _rows(run.db, "select v.version, v.text, v.warc_record_id, d.current_version_id, v.id "
                             "from document_versions v join documents d on d.id = v.document_id "
                             f"where d.canonical_url = '{url}' order by v.version")
    assert [v["version"] for v in versions] == [1, 2]
    assert OLD_SENTENCE in versions[0]["text"] and NEW_SENTENCE in versions[1]["text"]
    assert versions[1]["current_version_id"] == versions[1]["id"]
    assert versions[0]["warc_record_id"] != versions[1]["warc_record_id"]


def test_unchanged_page_of_the_same_source_is_answered_304(run):
    statuses = {urlsplit(e.path).path: e.status for e in run.third_log}
    assert statuses["/met_news/news/met-publishes-annual-report-on-facial-recognition-technology-489016"] == 304
    assert statuses["/met_news/news/live-facial-recognition-leads-to-14-arrests-in-croydon-491237"] == 200


def test_sources_command_shows_the_last_run(run, cli_run):
    result = cli_run("sources", "--format", "json", "--db", run.db)
    rows = {row["name"]: row for row in json.loads(result.output)}
    for name in NAMES:
        assert rows[name]["last_run_at"], name
    assert rows["met_news"]["documents_found"] == 1  # the third crawl found the changed page
    assert rows["bbc_news"]["documents_found"] == 0  # the second crawl re-parsed nothing
