"""The records spiders: offline on saved pages, then real crawls over loopback HTTP (incremental, archived,
malformed files reported by URL and page)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from conftest import FAST_CRAWL_ARGS
from lfrwatch import config, records, store
from lfrwatch.crawl.archive import read_record
from lfrwatch.spiders.met_lfr_records import MetLfrRecordsSpider
from lfrwatch.spiders.records_base import RecordFileItem
from lfrwatch.spiders.swp_lfr_records import SwpLfrRecordsSpider

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "records"
MET_PAGE = "https://www.met.police.uk/advice/advice-and-information/fr/facial-recognition/"
RECORD = "https://www.met.police.uk/lfr/deployment-records/live-facial-recognition---deployment-record-2025.pdf"
SWP_PAGE = ("https://www.south-wales.police.uk/police-forces/south-wales-police/areas/about-us/about-us/"
            "facial-recognition-technology/")
V1 = FIXTURES / "met" / "live-facial-recognition---deployment-record-2025-v1.pdf"
V2 = FIXTURES / "met" / "live-facial-recognition---deployment-record-2025-v2.pdf"


def html_response(url: str, path: Path, **meta) -> HtmlResponse:
    return HtmlResponse(url=url, body=path.read_bytes(), encoding="utf-8",
                        request=Request(url, meta={"lfrwatch_start": True, **meta}))


def pdf_response(url: str, path: Path) -> Response:
    return Response(url=url, body=path.read_bytes(), headers={"Content-Type": "application/pdf"},
                    request=Request(url, meta={"lfrwatch_found_on": MET_PAGE, "lfrwatch_link_text": "2025"}))


# -- offline ------------------------------------------------------------------------------------------


def test_the_lfr_page_leads_to_each_record_file_and_nothing_else():
    spider = MetLfrRecordsSpider()
    out = list(spider.parse_records_page(html_response(MET_PAGE, SAMPLE / "met" / "advice" / "advice-and-information"
                                                       / "fr" / "facial-recognition.html")))
    urls = [r.url for r in out]
    assert urls == [f"https://www.met.police.uk/lfr/deployment-records/live-facial-recognition---deployment-record-"
                    f"{year}.pdf" for year in (2026, 2025, 2024)]  # not the policy PDF, not the navigation
    assert all(r.callback == spider.parse_record_file for r in out)
    assert out[0].meta["lfrwatch_link_text"] == "Deployment record 2026 (PDF)"


LFR_DOWNLOADS = "/SysSiteAssets/media/downloads/force-content/met/advice/lfr/"
#: The Met's real file names (docs/records.md) under both of its paths, beside PDFs that are not records.
REAL_NAMES_PAGE = "<!DOCTYPE html><html><body><main><h1>Live facial recognition</h1><ul>" + "".join(
    f'<li><a href="{LFR_DOWNLOADS}{path}">{text}</a></li>' for path, text in (
        ("new/lfr-deployment-grid-2020-2022.pdf", "LFR deployments 2020 to 2022"),
        ("deployment-records/lfr-deployment-grid-2023-to-2024.pdf", "LFR deployments 2023 to 2024"),
        ("new/lfr-deployment-grid-2025-up-to-May20-.pdf", "2025"),
        ("deployment-records/live-facial-recognition---deployment-record-2025-to-date.pdf", "Deployment record 2025"),
        ("new/lfr-policy-document.pdf", "LFR policy"), ("new/lfr-equitability-study.pdf", "Study"))) + \
    "</ul></main></body></html>"


def test_the_mets_real_file_names_under_both_paths_are_followed(tmp_path):
    page = tmp_path / "facial-recognition.html"
    page.write_text(REAL_NAMES_PAGE)
    out = list(MetLfrRecordsSpider().parse_records_page(html_response(MET_PAGE, page)))
    assert [r.url.rsplit("/", 2)[-2:] for r in out] == [
        ["new", "lfr-deployment-grid-2020-2022.pdf"], ["deployment-records", "lfr-deployment-grid-2023-to-2024.pdf"],
        ["new", "lfr-deployment-grid-2025-up-to-May20-.pdf"],
        ["deployment-records", "live-facial-recognition---deployment-record-2025-to-date.pdf"]]
    assert [records.file_period(r.url) for r in out] == [
        ("2020-2022", "2020-01-01", "2022-12-31"), ("2023-to-2024", "2023-01-01", "2024-12-31"),
        ("2025-up-to-may20", "2025-01-01", None), ("2025-to-date", "2025-01-01", None)]


def record_file(spider, response):
    return list(spider.record_file(response, found_on=response.meta["lfrwatch_found_on"],
                                   link_text=response.meta["lfrwatch_link_text"]))


def test_a_record_file_becomes_one_item_with_its_deployments():
    spider = MetLfrRecordsSpider()
    (item,) = record_file(spider, pdf_response(RECORD, V1))
    assert isinstance(item, RecordFileItem) and item.error is None
    assert (item.force, item.url, item.format, item.found_on) == ("met", RECORD, "pdf", MET_PAGE)
    assert item.sha256 == hashlib.sha256(V1.read_bytes()).hexdigest()
    assert len(item.parsed.deployments) == 18 and spider.report.found == 1 and not spider.report.errors


def test_a_row_that_cannot_be_read_is_reported_by_url_page_and_row_and_the_others_kept():
    spider = MetLfrRecordsSpider()
    (item,) = record_file(spider, pdf_response(RECORD, FIXTURES / "met" / "bad" / "bad-cell.pdf"))
    assert item.error is None and len(item.parsed.deployments) == 17
    assert spider.report.errors == [{"url": RECORD, "error": "record row not read: column arrests: 'two' is not a "
                                                             "whole number (page 2, row 3)"}]


def test_a_record_file_of_which_nothing_can_be_read_is_reported_by_url_and_page():
    spider = MetLfrRecordsSpider()
    (item,) = record_file(spider, pdf_response(RECORD, FIXTURES / "met" / "bad" / "relaid-out.pdf"))
    assert item.parsed is None and item.error.startswith(RECORD + ": page 1: column 16 heading")
    assert spider.report.errors[0]["error"].startswith("record file not read: column 16 heading") \
        and spider.report.errors[0]["error"].endswith("(page 1)")


def test_html_records_one_level_down():
    spider = SwpLfrRecordsSpider()
    out = list(spider.parse_records_page(html_response(SWP_PAGE, FIXTURES / "swp" /
                                                       "facial-recognition-technology.html")))
    assert [r.url for r in out] == [SWP_PAGE + "live-facial-recognition-deployments/"]  # not "Latest news"
    page = html_response(out[0].url, FIXTURES / "swp" / "live-facial-recognition-deployments.html",
                         **{k: v for k, v in out[0].meta.items() if k.startswith("lfrwatch_")})
    items = list(spider.parse_records_page(page))
    assert len(items) == 1 and len(items[0].parsed.deployments) == 6 and items[0].found_on == SWP_PAGE


# -- over loopback HTTP ---------------------------------------------------------------------------------

MET_LFR_HTML = """<!DOCTYPE html><html><body><main><h1>Live facial recognition</h1>
<p><a href="../../../../lfr/deployment-records/live-facial-recognition---deployment-record-2025.pdf">Deployment
record 2025</a></p></main></body></html>"""


@pytest.fixture
def site(tmp_path, serve, monkeypatch):
    root = tmp_path / "site"
    page = root / "met" / "advice" / "advice-and-information" / "fr" / "facial-recognition.html"
    page.parent.mkdir(parents=True)
    page.write_text(MET_LFR_HTML)
    record = root / "met" / "lfr" / "deployment-records" / "live-facial-recognition---deployment-record-2025.pdf"
    record.parent.mkdir(parents=True)
    shutil.copy(V1, record)
    swp = root / "swp" / "police-forces" / "south-wales-police" / "areas" / "about-us" / "about-us"
    (swp / "facial-recognition-technology").mkdir(parents=True)
    shutil.copy(FIXTURES / "swp" / "facial-recognition-technology.html", swp / "facial-recognition-technology.html")
    shutil.copy(FIXTURES / "swp" / "live-facial-recognition-deployments.html",
                swp / "facial-recognition-technology" / "live-facial-recognition-deployments.html")
    server = serve(root)
    monkeypatch.setenv("LFRWATCH_BASE_URL_MET_LFR_RECORDS", server.url("met"))
    monkeypatch.setenv("LFRWATCH_BASE_URL_SWP_LFR_RECORDS", server.url("swp"))
    server.record = record
    server.record_url = server.url("met/lfr/deployment-records/live-facial-recognition---deployment-record-2025.pdf")
    return server


def crawl(cli_run, db_path, *sources):
    return cli_run("crawl", *sources, "--db", db_path, *FAST_CRAWL_ARGS)


def test_crawl_store_archive_then_only_what_is_new(cli_run, site, db_path):
    first = crawl(cli_run, db_path, "met_lfr_records", "swp_lfr_records")
    assert first.exit_code == 0, first.stderr
    db = store.open_db(db_path)
    assert len(records.current_deployments(db, "met")) == 18 and len(records.current_deployments(db, "south-wales")) == 6
    met_file = next(db.query("select * from record_files where force = 'met'"))
    assert (met_file["url"], met_file["status"], met_file["label"]) == (site.record_url, "ok", "2025")
    archived = read_record(config.archive_dir(db_path), met_file["warc_file"], met_file["warc_offset"])
    assert archived["body"] == V1.read_bytes() and archived["record_id"] == met_file["warc_record_id"]
    row = next(db.query("select * from record_deployments where force = 'met' and date = '2025-03-27'"))
    assert (row["page"], row["row"], row["warc_record_id"]) == (3, 5, met_file["warc_record_id"])
    sources = {r["name"]: r for r in db["sources"].rows}
    assert sources["met_lfr_records"]["documents_stored"] == 1 and sources["met_lfr_records"]["errors"] == 0

    shutil.copy(V2, site.record)  # re-published: six new rows, one corrected
    second = crawl(cli_run, db_path, "met_lfr_records")
    assert second.exit_code == 0, second.stderr
    latest = next(db.query("select * from record_files where force = 'met' order by id desc limit 1"))
    assert (latest["new_rows"], latest["corrected_rows"], latest["unchanged_rows"]) == (6, 1, 17)
    assert sum(d["arrests"] for d in records.current_deployments(db, "met")) == 58
    assert db["record_deployments"].count_where("force = 'met'") == 25

    files = db["record_files"].count
    third = crawl(cli_run, db_path, "met_lfr_records")
    assert third.exit_code == 0 and db["record_files"].count == files
    assert [entry.status for entry in site.requests_for(site.record_url.split(str(site.port), 1)[1])][-1] == 304


def test_a_malformed_record_file_is_reported_and_nothing_from_it_is_stored(cli_run, site, db_path):
    shutil.copy(FIXTURES / "met" / "bad" / "relaid-out.pdf", site.record)
    result = crawl(cli_run, db_path, "met_lfr_records")
    assert result.exit_code == 3
    assert f"error: {site.record_url}: record file not read: column 16 heading 'Borough Command Unit'" in result.stderr
    assert "(page 1)" in result.stderr
    db = store.open_db(db_path)
    assert db["record_deployments"].count == 0
    failed = next(db.query("select status, error from record_files"))
    assert failed["status"] == "error" and "relaid-out" not in failed["error"] and "page 1" in failed["error"]
    listing = json.loads(cli_run("records", "--db", db_path, "--by", "file", "--format", "json").stdout)
    assert listing[0]["status"] == "error"


def test_a_file_with_an_unreadable_row_stores_the_rest_and_reports_the_row_once(cli_run, site, db_path):
    shutil.copy(FIXTURES / "met" / "bad" / "bad-cell.pdf", site.record)
    result = crawl(cli_run, db_path, "met_lfr_records")
    assert result.exit_code == 3
    assert (f"error: {site.record_url}: record row not read: column arrests: 'two' is not a whole number "
            "(page 2, row 3)") in result.stderr
    db = store.open_db(db_path)
    assert len(records.current_deployments(db, "met")) == 17
    (listed,) = records.list_files(db)
    assert (listed["status"], listed["rows"], listed["unread_rows"]) == ("ok", 17, 1)
    again = crawl(cli_run, db_path, "met_lfr_records")  # the same bytes: kept, not parsed or reported again
    assert again.exit_code == 0 and db["record_files"].count == 1
