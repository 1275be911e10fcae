"""Record files within bounds (#19 item 10): too many pages, a deflate bomb, a reader too slow or killed, a file
over the download limit; each costs that file only, is reported by URL and kept as failed, and the same bytes are
not read again on the next run.

The hostile PDFs are written here, byte by byte (a PDF is text with a table of offsets), and kept small: the bomb is
a few kilobytes that inflate to a gibibyte, read by a child process limited to 300 MB, so this process never holds
it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import shutil
import threading
import time
import zlib
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from conftest import FAST_CRAWL_ARGS
from lfrwatch import records, store
from lfrwatch.records import limits
from lfrwatch.records.limits import ReadLimits, parse_pdf_bounded
from lfrwatch.spiders.met_lfr_records import MetLfrRecordsSpider

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "met"
V1 = FIXTURES / "live-facial-recognition---deployment-record-2025-v1.pdf"
V2 = FIXTURES / "live-facial-recognition---deployment-record-2025-v2.pdf"
MB = 1024 * 1024
#: The reader's memory in these tests: enough for a real record file, a small part of what the bomb wants.
TEST_MEMORY = 300 * MB


# -- hostile PDFs ----------------------------------------------------------------------------------------------


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (the first the catalogue), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_page(stream: bytes, filters: str) -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode()) + stream + b"\nendstream"])


def blank_pages(count: int) -> bytes:
    """``count`` blank pages: 100 bytes a page."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
               + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count)


def spaces_deflated(mebibytes: int) -> bytes:
    """A zlib stream of ``mebibytes`` MiB of spaces, made without holding them: one MiB compressed (and flushed,
    so its bytes stand alone) repeated, then the end block and the Adler-32 of the whole, worked out."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(b" " * MB) + raw.flush(zlib.Z_FULL_FLUSH)
    size, modulus = mebibytes * MB, 65521
    low, high = (1 + size * 0x20) % modulus, (size + 0x20 * size * (size + 1) // 2) % modulus
    return b"\x78\xda" + block * mebibytes + b"\x03\x00" + (high << 16 | low).to_bytes(4, "big")


def deflate_bomb(mebibytes: int = 1024) -> bytes:
    """One page whose content, deflated twice, is a few kilobytes and inflates to ``mebibytes`` MiB."""
    return one_page(zlib.compress(spaces_deflated(mebibytes), 9), "[/FlateDecode /FlateDecode]")


def busy_page(segments: int = 20000) -> bytes:
    """One page of ``segments`` short lines: seconds of work for the table finder, little memory."""
    ops = b"".join(b"%d %d m %d %d l S\n" % (i % 500, i // 500 % 800, i % 500 + 1, i // 500 % 800)
                   for i in range(segments))
    return one_page(zlib.compress(ops, 9), "/FlateDecode")


# -- one file, read in a child process ---------------------------------------------------------------------------


def test_a_real_layout_reads_the_same_in_the_child_process():
    inside = records.parse_pdf(V1.read_bytes(), V1.name)
    outside = parse_pdf_bounded(V1.read_bytes(), V1.name, limits=ReadLimits(memory=TEST_MEMORY))
    assert outside.to_plain() == inside.to_plain() and len(outside.deployments) == 18
    assert [str(e) for e in outside.problems()] == [str(e) for e in inside.problems()]


def test_more_pages_than_the_bound_are_refused_from_the_page_tree():
    started = time.monotonic()
    with pytest.raises(records.RecordsError) as caught:
        parse_pdf_bounded(blank_pages(300), "many.pdf")
    assert str(caught.value) == "many.pdf: too large: more than 200 pages (LFRWATCH_RECORD_MAX_PAGES)"
    assert time.monotonic() - started < 30
    with pytest.raises(records.RecordsError, match="more than 20 pages"):
        records.parse_pdf(blank_pages(21), "21.pdf", max_pages=20)
    with pytest.raises(records.RecordsError, match="no deployment rows found"):
        records.parse_pdf(blank_pages(20), "20.pdf", max_pages=20)  # at the bound: read (and nothing in it)


def test_a_deflate_bomb_runs_its_reader_out_of_memory_not_this_process():
    assert zlib.decompress(spaces_deflated(3)) == b" " * (3 * MB) and len(deflate_bomb()) < 10_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with pytest.raises(records.RecordsError) as caught:
        parse_pdf_bounded(deflate_bomb(1024), "bomb.pdf", limits=ReadLimits(memory=TEST_MEMORY))
    assert str(caught.value) == "bomb.pdf: out of memory reading it (limit 300 MB, LFRWATCH_RECORD_READ_MEMORY)"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak_before < 100 * MB
    # The reader that ran out is gone, and the next file is read as usual.
    assert not [p for p in multiprocessing.active_children() if p.name == "lfrwatch-record-reader"]
    assert len(parse_pdf_bounded(V1.read_bytes(), V1.name, limits=ReadLimits(memory=TEST_MEMORY)).deployments) == 18


def test_a_reader_slower_than_the_time_limit_is_stopped():
    started = time.monotonic()
    with pytest.raises(records.RecordsError) as caught:
        parse_pdf_bounded(busy_page(), "busy.pdf", limits=ReadLimits(seconds=0.5, memory=TEST_MEMORY))
    assert str(caught.value) == "busy.pdf: took longer than 0.5 s (LFRWATCH_RECORD_READ_TIMEOUT)"
    assert time.monotonic() - started < 10


def test_a_reader_killed_from_outside_is_reported_not_raised():
    """The kernel's out-of-memory killer, or an operator: the file is named, this process goes on."""
    killed: list[int] = []

    def kill_the_reader() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not killed:
            for child in multiprocessing.active_children():
                if child.name == "lfrwatch-record-reader" and child.pid:
                    time.sleep(0.2)
                    with contextlib.suppress(ValueError):  # already closed: the read ended first
                        child.kill()
                        killed.append(child.pid)
            time.sleep(0.02)

    killer = threading.Thread(target=kill_the_reader)
    killer.start()
    try:
        with pytest.raises(records.RecordsError) as caught:
            parse_pdf_bounded(busy_page(), "busy.pdf", limits=ReadLimits(memory=TEST_MEMORY))
    finally:
        killer.join()
    assert killed
    assert str(caught.value) == "busy.pdf: the PDF reader was killed (SIGKILL; out of memory on this machine?)"
    assert limits.failed_on_a_bound(caught.value.reason, ReadLimits())


def test_a_failure_is_remembered_only_under_the_limits_it_met():
    reason = "too large: more than 200 pages (LFRWATCH_RECORD_MAX_PAGES)"
    assert limits.failed_on_a_bound(reason, ReadLimits())
    assert not limits.failed_on_a_bound(reason, ReadLimits(max_pages=400))  # a higher bound: read it again
    assert limits.failed_on_a_bound(ReadLimits(memory=TEST_MEMORY).out_of_memory(), ReadLimits(memory=TEST_MEMORY))
    assert not limits.failed_on_a_bound(ReadLimits().out_of_memory(), ReadLimits(memory=2048 * MB))
    # A layout the parser cannot read is read again: a new version of the parser may read it.
    assert not limits.failed_on_a_bound("page 1: column 16 heading 'Borough Command Unit' is not one lfrwatch "
                                        "reads", ReadLimits())


def test_the_spider_reports_the_bomb_by_url_with_its_crawls_limits():
    url = "https://www.met.police.uk/lfr/deployment-records/live-facial-recognition---deployment-record-2026.pdf"
    spider = MetLfrRecordsSpider()
    spider.settings = Settings({"LFRWATCH_RECORD_READ_MEMORY": TEST_MEMORY})
    response = Response(url=url, body=deflate_bomb(), headers={"Content-Type": "application/pdf"},
                        request=Request(url))
    (item,) = spider.record_file(response, found_on=None, link_text=None)
    assert item.parsed is None
    assert item.error == f"{url}: out of memory reading it (limit 300 MB, LFRWATCH_RECORD_READ_MEMORY)"
    assert spider.report.errors == [{"url": url, "error": "record file not read: out of memory reading it "
                                                          "(limit 300 MB, LFRWATCH_RECORD_READ_MEMORY)"}]


# -- crawls over loopback HTTP ------------------------------------------------------------------------------------

RECORDS = "met/lfr/deployment-records/"
NAMES = {"2025": "live-facial-recognition---deployment-record-2025.pdf",
         "2026": "live-facial-recognition---deployment-record-2026.pdf"}
LFR_PAGE = """<!DOCTYPE html><html><body><main><h1>Live facial recognition</h1>
<p><a href="../../../../lfr/deployment-records/{y2025}">Deployment record 2025</a></p>
<p><a href="../../../../lfr/deployment-records/{y2026}">Deployment record 2026</a></p></main></body></html>"""


@pytest.fixture
def site(tmp_path, serve, monkeypatch):
    """The Met's LFR page linking two record files: 2025 (a good one) and 2026 (set by each test)."""
    root = tmp_path / "site"
    page = root / "met" / "advice" / "advice-and-information" / "fr" / "facial-recognition.html"
    page.parent.mkdir(parents=True)
    page.write_text(LFR_PAGE.format(y2025=NAMES["2025"], y2026=NAMES["2026"]))
    (root / RECORDS).mkdir(parents=True)
    shutil.copy(V1, root / RECORDS / NAMES["2025"])
    server = serve(root)
    monkeypatch.setenv("LFRWATCH_BASE_URL_MET_LFR_RECORDS", server.url("met"))
    server.file_2026 = root / RECORDS / NAMES["2026"]
    server.url_2026 = server.url(RECORDS + NAMES["2026"])
    return server


def crawl(cli_run, db_path, *settings: str):
    return cli_run("crawl", "met_lfr_records", "--db", db_path, *FAST_CRAWL_ARGS,
                   *[arg for setting in settings for arg in ("-s", setting)])


def error_lines(result, url: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"error: {url}: ")]


def test_a_file_over_the_page_bound_costs_itself_only_and_is_not_read_again(cli_run, site, db_path):
    site.file_2026.write_bytes(blank_pages(300))
    first = crawl(cli_run, db_path)
    assert first.exit_code == 3, first.stderr
    reason = "too large: more than 200 pages (LFRWATCH_RECORD_MAX_PAGES)"
    assert error_lines(first, site.url_2026) == [f"error: {site.url_2026}: record file not read: {reason}"]
    db = store.open_db(db_path)
    assert len(records.current_deployments(db, "met")) == 18  # the good file, read beside it
    failed = next(db.query("select * from record_files where url = ?", [site.url_2026]))
    assert (failed["status"], failed["error"]) == ("error", f"{site.url_2026}: {reason}")
    assert failed["sha256"] and failed["warc_record_id"]

    second = crawl(cli_run, db_path)  # the same bytes (a 304): not read again, said once
    assert second.exit_code == 3, second.stderr
    assert error_lines(second, site.url_2026) == [
        f"error: {site.url_2026}: record file skipped: failed before ({reason})"]
    assert db["record_files"].count == 2

    shutil.copy(V2, site.file_2026)  # the file changed: read again, and its rows stored
    third = crawl(cli_run, db_path)
    assert third.exit_code == 0, third.stderr
    latest = next(db.query("select * from record_files where url = ? order by id desc limit 1", [site.url_2026]))
    assert (latest["status"], latest["rows"]) == ("ok", 24)


def test_a_deflate_bomb_in_a_crawl_costs_itself_only(cli_run, site, db_path):
    site.file_2026.write_bytes(deflate_bomb())
    result = crawl(cli_run, db_path, f"LFRWATCH_RECORD_READ_MEMORY={TEST_MEMORY}")
    assert result.exit_code == 3, result.stderr
    reason = "out of memory reading it (limit 300 MB, LFRWATCH_RECORD_READ_MEMORY)"
    assert error_lines(result, site.url_2026) == [f"error: {site.url_2026}: record file not read: {reason}"]
    db = store.open_db(db_path)
    assert len(records.current_deployments(db, "met")) == 18
    assert [(r["status"], r["error"]) for r in db.query("select * from record_files where url = ?",
                                                         [site.url_2026])] == [("error", f"{site.url_2026}: {reason}")]
    # Given more memory, the same bytes are read again (and fail again, at the new limit).
    again = crawl(cli_run, db_path, f"LFRWATCH_RECORD_READ_MEMORY={TEST_MEMORY + 100 * MB}")
    assert error_lines(again, site.url_2026) == [
        f"error: {site.url_2026}: record file not read: out of memory reading it (limit 400 MB, "
        "LFRWATCH_RECORD_READ_MEMORY)"]


def test_a_file_over_the_download_bound_is_not_downloaded_and_is_kept_as_failed(cli_run, site, db_path):
    site.file_2026.write_bytes(b"%PDF-1.4\n" + bytes(3 * MB))
    result = crawl(cli_run, db_path, f"LFRWATCH_RECORD_MAXSIZE={2 * MB}")
    assert result.exit_code == 3, result.stderr
    reason = "too large: over the 2 MB limit for record files (LFRWATCH_RECORD_MAXSIZE)"
    assert error_lines(result, site.url_2026) == [f"error: {site.url_2026}: record file not read: {reason}"]
    db = store.open_db(db_path)
    assert len(records.current_deployments(db, "met")) == 18
    (failed,) = db.query("select * from record_files where url = ?", [site.url_2026])
    assert (failed["status"], failed["error"], failed["sha256"]) == ("error", f"{site.url_2026}: {reason}", None)
    assert failed["link_text"] == "Deployment record 2026"
    again = crawl(cli_run, db_path, f"LFRWATCH_RECORD_MAXSIZE={2 * MB}")  # asked again, stopped at the headers
    assert error_lines(again, site.url_2026) == [f"error: {site.url_2026}: record file not read: {reason}"]
    assert db["record_files"].count_where("url = ?", [site.url_2026]) == 1  # the same failure: no second row


def test_record_files_are_bounded_by_default_above_any_real_one():
    """The Met's files are 2 to 10 pages and under 1 MB (docs/records.md): the bounds leave room for growth."""
    spider = MetLfrRecordsSpider()
    assert spider.record_maxsize == 20 * MB and spider.read_limits == ReadLimits(200, 60, 1024 * MB)
    from lfrwatch.crawl import settings

    assert (settings.LFRWATCH_RECORD_MAXSIZE, settings.LFRWATCH_RECORD_MAX_PAGES, settings.LFRWATCH_RECORD_READ_TIMEOUT,
            settings.LFRWATCH_RECORD_READ_MEMORY) == (limits.RECORD_MAXSIZE, limits.RECORD_MAX_PAGES,
                                                     limits.RECORD_READ_TIMEOUT, limits.RECORD_READ_MEMORY)
