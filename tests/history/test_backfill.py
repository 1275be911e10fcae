"""`lfrwatch backfill` against a loopback CDX server and replay archive (tests/history/archive_server.py).

The archive holds captures of the Met's newsroom and the Home Office's blog from 2018 to 2021
(tests/fixtures/history/captures.json); the backfill asks for 2019-2020.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from archive_server import FIXTURES, ArchiveServer
from warcio.archiveiterator import ArchiveIterator

from lfrwatch import config
from lfrwatch.history.backfill import CAPTURE_DATE_HEADER, ORIGINAL_URI_HEADER, Backfill, address_pattern, article_key
from lfrwatch.history.fetch import Politeness

SOURCES = ["met_news", "home_office_media"]
MET = "https://news.met.police.uk/news/"
CROYDON = MET + "live-facial-recognition-deployed-in-croydon-510001"
TRIAL = MET + "facial-recognition-trial-results-published-510002"
ROAD = MET + "lfr-van-road-closures-in-stratford-510003"
BEXLEY = MET + "burglary-arrests-in-bexley-510004"
OXFORD = MET + "officers-make-arrests-at-oxford-circus-510005"
CARNIVAL = MET + "facial-recognition-at-notting-hill-carnival-510006"
WATCHLIST = MET + "facial-recognition-watchlist-explained-510007"
ROMFORD = MET + "facial-recognition-vans-in-romford-510008"
WESTMINSTER = MET + "facial-recognition-in-westminster-510009"
FACTSHEET = "https://homeofficemedia.blog.gov.uk/2019/09/04/facial-recognition-technology-factsheet/"
FEED = "https://news.met.police.uk/rss/current_news/66871"
#: What a backfill of 2019-2020 stores when every capture can be fetched.
RELEVANT = {CROYDON, TRIAL, OXFORD, WATCHLIST, ROMFORD, WESTMINSTER, FACTSHEET}
#: Fast, but with the same logic: no pause between requests, one retry after a short backoff.
QUICK = Politeness(delay=0, retries=1, backoff=0.05, timeout=10)


@pytest.fixture
def archive():
    server = ArchiveServer().start()
    yield server
    server.stop()


def backfill(db_path, archive, *, until=date(2020, 12, 31), politeness=QUICK, **options):
    run = Backfill(db_path, since=date(2019, 1, 1), until=until, cdx_endpoint=archive.cdx_url,
                   politeness=politeness, **options)
    return run.run(SOURCES)


def replay(timestamp: str, original: str) -> str:
    return f"/web/{timestamp}id_/{original}"


def stored_urls(db_path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return sorted(row[0] for row in db.execute("select url from documents"))


def test_the_earliest_good_capture_of_each_article_is_fetched_once(db_path, archive):
    report = backfill(db_path, archive)

    replays = archive.replays()
    croydon = [path for path in replays if "croydon" in path]
    # Not the 302 of 5 January, nor the duplicate row, the :80 and utm_source copies or the 2020 update.
    assert croydon == [replay("20190210093000", CROYDON)]
    assert not any("carnival" in path for path in replays)  # captured only before and after the period
    assert not any(path.endswith(".pdf") for path in replays)  # not HTML
    feed = [path for path in replays if "/rss/" in path]
    assert feed == [replay("20190415000000", FEED)]  # the May capture has the same digest: collapsed
    assert len(replays) == len(set(replays))
    assert report.failures == []

    prefix = next(q for q in archive.cdx_queries() if q["url"] == ["news.met.police.uk/"])
    assert prefix["matchType"] == ["prefix"] and prefix["collapse"] == ["urlkey"] and prefix["output"] == ["json"]
    assert prefix["from"] == ["20190101000000"] and prefix["to"] == ["20201231235959"]
    assert prefix["filter"][:2] == ["statuscode:200", "mimetype:text/html"]
    assert prefix["fl"] == ["urlkey,timestamp,original,mimetype,statuscode,digest,length"]


def test_article_keys_join_the_forms_of_one_address():
    assert article_key("http://news.met.police.uk:80/news/a-1") == article_key("https://news.met.police.uk/news/a-1")
    assert article_key("https://www.gov.uk/x/?utm_source=rss") == article_key("https://gov.uk/x")
    assert article_key("https://a.test/news/a-1") != article_key("https://a.test/news/a-2")


def test_addresses_are_filtered_on_the_subject_before_anything_is_fetched():
    import re

    pattern = re.compile(address_pattern(config.RELEVANCE_TERMS))
    assert pattern.fullmatch(WESTMINSTER)
    assert pattern.fullmatch(ROAD)  # "lfr" as a word of its own
    assert pattern.fullmatch("https://x.test/news/Facial%20Recognition-review")
    assert not pattern.fullmatch(BEXLEY)
    assert not pattern.fullmatch("https://x.test/news/selfridges-sale")  # "lfr" inside another word


def test_only_relevant_pages_are_stored(db_path, archive):
    report = backfill(db_path, archive)

    assert stored_urls(db_path) == sorted(RELEVANT)
    replays = archive.replays()
    assert replay("20190329100000", ROAD) in replays  # its address names LFR, its text is about road closures
    assert report.irrelevant == 1
    # Bexley's address names nothing and its feed entry is about burglary: never fetched. Oxford Circus's address
    # names nothing either, but its feed entry is about facial recognition: looked up and stored.
    assert not any("bexley" in path for path in replays)
    assert any(q["url"] == [OXFORD] and q["limit"] == ["1"] for q in archive.cdx_queries())


def test_every_page_judged_on_its_text_with_all_pages(db_path, archive):
    report = backfill(db_path, archive, all_pages=True)

    assert stored_urls(db_path) == sorted(RELEVANT)
    assert replay("20190403100000", BEXLEY) in archive.replays()
    assert report.irrelevant == 2  # road closures and the burglary


def test_each_document_keeps_its_original_url_archive_url_capture_time_and_record(db_path, archive):
    backfill(db_path, archive)

    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        document = db.execute("select * from documents where url = ?", [CROYDON]).fetchone()
        version = db.execute("select * from document_versions where document_id = ?", [document["id"]]).fetchone()
    assert document["source"] == "met_news" and document["publisher"] == "Metropolitan Police"
    assert document["title"] == "Live facial recognition deployed in Croydon"
    assert document["published"] == "2019-02-08T10:00:00+00:00"  # from the page
    assert document["fetched_at"] == "2019-02-10T09:30:00+00:00"  # the capture time
    for row in (document, version):
        assert row["warc_file"].startswith("lfrwatch-backfill-") and row["warc_record_id"]
    assert version["url"] == CROYDON and version["fetched_at"] == document["fetched_at"]

    archive_dir = config.archive_dir(db_path)
    with open(archive_dir / document["warc_file"], "rb") as fh:
        fh.seek(document["warc_offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == document["warc_record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == archive.base_url + replay("20190210093000",
                                                                                             CROYDON)
        assert record.rec_headers.get_header(ORIGINAL_URI_HEADER) == CROYDON
        assert record.rec_headers.get_header(CAPTURE_DATE_HEADER) == "2019-02-10T09:30:00+00:00"
        assert record.http_headers.get_statuscode() == "200"
        assert record.content_stream().read() == (FIXTURES / "pages" / "met-croydon-2019.html").read_bytes()


def test_each_document_and_version_stores_its_archive_url_and_capture_time(db_path, archive):
    backfill(db_path, archive)

    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        documents = db.execute("select d.url, d.archive_url, d.captured_at, d.fetched_at, v.archive_url as "
                               "version_archive_url, v.captured_at as version_captured_at from documents d "
                               "join document_versions v on v.id = d.current_version_id").fetchall()
    assert sorted(d["url"] for d in documents) == sorted(RELEVANT)
    croydon = next(d for d in documents if d["url"] == CROYDON)
    assert croydon["archive_url"] == archive.base_url + replay("20190210093000", CROYDON)
    assert croydon["captured_at"] == croydon["fetched_at"] == "2019-02-10T09:30:00+00:00"
    for document in documents:
        assert document["archive_url"] == document["version_archive_url"]
        assert document["captured_at"] == document["version_captured_at"]
        timestamp = document["archive_url"].split("/web/", 1)[1].split("id_/", 1)[0]
        assert document["archive_url"] == archive.base_url + replay(timestamp, document["url"])
        assert document["captured_at"].startswith(f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}T")


def test_without_its_ledger_a_second_run_still_fetches_no_stored_article(db_path, archive):
    backfill(db_path, archive)
    (Path(db_path).parent / "lfrwatch.backfill.sqlite3").unlink()
    archive.log.clear()

    second = backfill(db_path, archive)

    assert archive.cdx_queries()  # the ledger said which listings were answered: asked again
    # Pages judged irrelevant are judged again (the ledger remembered them); no stored article is fetched again.
    assert [path for path in archive.replays() if path.split("id_/", 1)[1] in RELEVANT] == []
    assert replay("20190329100000", ROAD) in archive.replays()
    assert second.new == 0 and second.already_stored == len(RELEVANT) and second.failures == []
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*), count(archive_url) from document_versions").fetchone() == \
            (len(RELEVANT), len(RELEVANT))


def test_a_second_run_fetches_nothing_already_stored(db_path, archive):
    first = backfill(db_path, archive)
    assert first.new == len(RELEVANT)
    archive.log.clear()

    second = backfill(db_path, archive)

    assert archive.replays() == [] and archive.cdx_queries() == []  # a closed period is not asked about again
    assert (second.new, second.fetched, second.failures) == (0, 0, [])
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*) from document_versions").fetchone()[0] == len(RELEVANT)


def test_an_open_period_is_asked_again_but_nothing_stored_is_fetched(db_path, archive):
    backfill(db_path, archive, until=None)
    archive.log.clear()

    second = backfill(db_path, archive, until=None)

    assert archive.cdx_queries() and archive.replays() == []
    # Up to today: the carnival's 2021 capture is in the period.
    assert second.new == 0 and stored_urls(db_path) == sorted(RELEVANT | {CARNIVAL})


def test_a_long_answer_is_read_page_by_page_and_an_interrupted_listing_resumes(db_path, tmp_path, archive):
    """Two rows a page: the site's listing takes several pages. Then, into a fresh database, the third page fails:
    the next run asks for the listing from that page on."""

    def run(path):
        job = Backfill(path, since=date(2019, 1, 1), until=date(2020, 12, 31), cdx_endpoint=archive.cdx_url,
                       politeness=Politeness(delay=0, retries=0, backoff=0.05, timeout=10))
        job.cdx.page_size = 2
        return job.run(SOURCES)

    def site_listing():
        return [q for q in archive.cdx_queries() if q["url"] == ["news.met.police.uk/"]]

    report = run(db_path)
    assert report.failures == [] and stored_urls(db_path) == sorted(RELEVANT)
    pages = site_listing()
    assert len(pages) > 2 and all(q["limit"] == ["2"] and q["showResumeKey"] == ["true"] for q in pages)
    assert "resumeKey" not in pages[0] and all("resumeKey" in q for q in pages[1:])
    third_page = pages[2]["resumeKey"][0]

    other_db = str(tmp_path / "other" / "lfrwatch.db")
    archive.log.clear()
    archive.cdx_faults[urlencode({"resumeKey": third_page})] = ("error", 502)
    first = run(other_db)
    assert [failure["error"] for failure in first.failures] == ["HTTP 502"]
    archive.cdx_faults.clear()
    archive.log.clear()
    second = run(other_db)
    resumed = site_listing()
    assert resumed[0]["resumeKey"] == [third_page] and len(resumed) == len(pages) - 2
    assert second.failures == [] and stored_urls(other_db) == sorted(RELEVANT)


def test_a_429_with_retry_after_is_waited_out(db_path, archive):
    archive.faults[("20190604100000", WESTMINSTER)] = ("busy", 1, 1)
    archive.cdx_faults[""] = ("busy", 1, 1)

    report = backfill(db_path, archive)

    assert report.failures == [] and WESTMINSTER in stored_urls(db_path)
    for path in ("/cdx/", replay("20190604100000", WESTMINSTER)):
        asked = [entry for entry in archive.log if entry.path.startswith(path)]
        assert asked[0].status == 429 and asked[1].status == 200
        assert asked[1].at - asked[0].at >= 0.95  # Retry-After: 1


def test_a_retry_after_beyond_the_limit_stops_the_run_for_a_later_one(db_path, archive):
    archive.faults[("20190320100000", TRIAL)] = ("busy", 1, 3600)

    report = backfill(db_path, archive, politeness=Politeness(delay=0, retries=1, backoff=0.05, max_wait=60))

    assert report.stopped and "3600 s" in report.stopped
    assert stored_urls(db_path) == [CROYDON]  # fetched before; nothing after the archive said to wait
    second = backfill(db_path, archive)  # the fault is spent: the next run finishes
    assert second.stopped is None and stored_urls(db_path) == sorted(RELEVANT)


def test_a_5xx_and_a_truncated_capture_are_reported_by_url_and_fetched_next_run(db_path, archive):
    archive.faults[("20190508100000", WATCHLIST)] = ("error", 500)
    archive.faults[("20190521100000", ROMFORD)] = ("truncate",)

    report = backfill(db_path, archive)

    errors = {failure["url"]: failure["error"] for failure in report.failures}
    assert set(errors) == {archive.base_url + replay("20190508100000", WATCHLIST),
                           archive.base_url + replay("20190521100000", ROMFORD)}
    assert errors[archive.base_url + replay("20190508100000", WATCHLIST)].startswith("HTTP 500")
    assert "truncated response: got" in errors[archive.base_url + replay("20190521100000", ROMFORD)]
    assert stored_urls(db_path) == sorted(RELEVANT - {WATCHLIST, ROMFORD})

    archive.faults.clear()
    archive.log.clear()
    second = backfill(db_path, archive)
    assert sorted(archive.replays()) == sorted([replay("20190508100000", WATCHLIST),
                                                replay("20190521100000", ROMFORD)])
    assert second.failures == [] and stored_urls(db_path) == sorted(RELEVANT)


def test_a_killed_run_is_resumed_where_it_stopped(db_path, archive, tmp_path):
    """The backfill is killed (SIGKILL) while Oxford Circus's capture is on the wire; the next run fetches only what
    the first did not settle, and every page is stored once."""
    held = replay("20190412100000", OXFORD)
    archive.faults[("20190412100000", OXFORD)] = ("hold",)
    command = [sys.executable, "-m", "lfrwatch.cli", "backfill", *SOURCES, "--since", "2019-01-01",
               "--until", "2020-12-31", "--cdx", archive.cdx_url, "--delay", "0", "--retries", "0", "--db", db_path]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(config.REPO_ROOT)})
    try:
        deadline = time.monotonic() + 120
        while held not in archive.started and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert held in archive.started, process.communicate(timeout=5)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert stored_urls(db_path) == sorted([CROYDON, TRIAL])
    del archive.faults[("20190412100000", OXFORD)]
    archive.release()
    deadline = time.monotonic() + 10
    while held not in archive.replays() and time.monotonic() < deadline:  # the held answer goes to a dead client
        time.sleep(0.05)
    archive.log.clear()

    report = backfill(db_path, archive)

    assert archive.replays() == [replay(ts, url) for ts, url in (
        ("20190412100000", OXFORD), ("20190508100000", WATCHLIST), ("20190521100000", ROMFORD),
        ("20190604100000", WESTMINSTER), ("20190905100000", FACTSHEET))]
    assert {q["url"][0] for q in archive.cdx_queries()} == {"homeofficemedia.blog.gov.uk/",
                                                            "https://homeofficemedia.blog.gov.uk/feed/"}
    assert report.failures == []
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*), count(distinct url) from documents").fetchone() == (len(RELEVANT),) * 2
        assert db.execute("select count(*) from document_versions").fetchone()[0] == len(RELEVANT)


def test_an_article_the_live_crawl_stored_is_not_fetched(db_path, archive):
    from lfrwatch import store

    db = store.open_db(db_path)
    store.store_document(db, {"url": TRIAL + "?utm_source=rss", "canonical_url": TRIAL, "source": "met_news",
                              "text": "Today's text of the trial results release, about facial recognition."})
    db.close()

    report = backfill(db_path, archive)

    assert not any("trial-results" in path for path in archive.replays())
    assert report.already_stored == 1
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*) from document_versions v join documents d on d.id = v.document_id "
                          "where d.canonical_url = ?", [TRIAL]).fetchone()[0] == 1


def test_the_ledger_sits_beside_the_database(db_path, archive):
    backfill(db_path, archive)
    assert (Path(db_path).parent / "lfrwatch.backfill.sqlite3").is_file()
