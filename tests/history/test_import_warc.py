"""`lfrwatch import-warc`: WARC files written in the test (tests/history/warcfiles.py), whole and damaged."""

from __future__ import annotations

import gzip
import re
import shutil
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from warcfiles import (OTHER_TEXT, RELEVANT_TEXT, Rec, page, record_bytes, record_id, with_content_length,
                       write_warc)

from lfrwatch.crawl.archive import read_record
from lfrwatch.crawl.article import is_relevant
from lfrwatch.history import warcimport
from lfrwatch.history.warcimport import RelevanceBytes, WarcImport

MET = "https://news.met.police.uk/news/"


def relevant(n: int) -> Rec:
    return Rec(MET + f"ilford-arrests-{n}", page(f"Arrests in Ilford ({n})", RELEVANT_TEXT))


def run_import(db_path, *locations, all_domains=False, processes=None):
    return WarcImport(db_path, all_domains=all_domains, processes=processes).run([str(p) for p in locations])


def documents(db_path) -> list[sqlite3.Row]:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return db.execute("select * from documents order by url").fetchall()


def stored_urls(db_path) -> list[str]:
    return [row["url"] for row in documents(db_path)]


@pytest.fixture
def mixed(tmp_path):
    """A .warc.gz of a relevant Met page among records the pre-filter passes over; (path, offsets, raw records)."""
    records = [
        record_bytes(Rec("", rec_type="warcinfo")),
        record_bytes(Rec(MET + "ilford-arrests-1", rec_type="request")),
        record_bytes(relevant(1)),
        record_bytes(Rec(MET + "shed-burglaries", page("Shed burglaries", OTHER_TEXT))),  # known domain, off subject
        record_bytes(Rec("https://example.org/news/cameras", page("Cameras in Ilford", RELEVANT_TEXT))),  # unknown
        record_bytes(Rec(MET + "review.pdf", "live facial recognition review", content_type="application/pdf")),
        record_bytes(Rec(MET + "gone", page("Gone", RELEVANT_TEXT), status="404 Not Found")),
        record_bytes(Rec(MET + "ilford-arrests-1", page("Arrests", RELEVANT_TEXT), rec_type="revisit")),
    ]
    path = tmp_path / "crawl.warc.gz"
    return path, write_warc(path, records), records


def test_relevant_html_responses_of_known_domains_are_stored_with_the_files_provenance(db_path, mixed):
    path, offsets, records = mixed

    report = run_import(db_path, path)

    assert report.failures == [] and report.records == len(records)
    [document] = documents(db_path)
    assert document["url"] == MET + "ilford-arrests-1" and document["source"] == "met_news"
    assert document["publisher"] == "Metropolitan Police" and document["title"] == "Arrests in Ilford (1)"
    assert document["warc_file"] == str(path.resolve())
    assert document["warc_offset"] == offsets[2]
    assert document["warc_record_id"] == record_id(records[2])
    assert document["fetched_at"] == "2019-07-02T10:15:00+00:00"  # the record's WARC-Date
    # The provenance reads back with the crawl's own reader: the offset is where the record starts.
    archived = read_record(Path("/nowhere"), document["warc_file"], document["warc_offset"])
    assert archived["record_id"] == document["warc_record_id"] and b"live facial recognition" in archived["body"]


def test_all_domains_keeps_relevant_pages_from_anywhere(db_path, mixed):
    path, _, _ = mixed

    run_import(db_path, path, all_domains=True)

    rows = {row["url"]: row for row in documents(db_path)}
    assert set(rows) == {MET + "ilford-arrests-1", "https://example.org/news/cameras"}
    assert rows["https://example.org/news/cameras"]["source"] == "warc"


def test_the_pre_filter_runs_before_any_page_is_parsed(db_path, mixed, monkeypatch):
    path, _, _ = mixed
    parsed = []
    real = warcimport.PageReader.article

    def counting(self, source_name, url, *args, **kwargs):
        parsed.append(url)
        return real(self, source_name, url, *args, **kwargs)

    monkeypatch.setattr(warcimport.PageReader, "article", counting)
    run_import(db_path, path, processes=0)  # pages read in this process, where the count is kept
    assert parsed == [MET + "ilford-arrests-1"]  # not the off-subject page, the PDF, the 404, the other domain


def test_http_headers_are_parsed_only_for_responses_on_a_known_domain(db_path, mixed, monkeypatch):
    """The records passed over on their WARC headers (another domain, a request, a revisit) cost no HTTP parsing."""
    from warcio.recordloader import ArcWarcRecordLoader

    path, _, records = mixed
    parsed = []
    real = ArcWarcRecordLoader.load_http_headers

    def counting(self, rec_type, uri, stream, length):
        parsed.append(uri)
        return real(self, rec_type, uri, stream, length)

    monkeypatch.setattr(ArcWarcRecordLoader, "load_http_headers", counting)
    report = run_import(db_path, path, processes=0)

    assert report.records == len(records) and stored_urls(db_path) == [MET + "ilford-arrests-1"]
    on_known_domain = ("ilford-arrests-1", "shed-burglaries", "review.pdf", "gone")
    assert sorted(parsed) == sorted(MET + name for name in on_known_domain)


def test_a_file_without_candidates_starts_no_reading_process(db_path, tmp_path, monkeypatch):
    from lfrwatch.history import pagepool

    started = []
    monkeypatch.setattr(pagepool, "PagePool", lambda *args, **kwargs: started.append(args))
    path = tmp_path / "sheds.warc.gz"
    write_warc(path, [record_bytes(Rec(MET + f"sheds-{n}", page("Sheds", OTHER_TEXT))) for n in range(3)])

    report = run_import(db_path, path)

    assert (report.records, report.candidates, report.failures, started) == (3, 0, [], [])


@pytest.mark.parametrize("text", [
    "Live facial recognition vans", "FACIAL RECOGNITION", "Facial-Recognition cameras", "face recognition",
    "operator-initiated facial recognition", "retrospective facial recognition", "face-matching software",
    "Facial matching", "biometric surveillance", "Biometric Surveillance", "the LFR van", "RFR searches",
    "OIFR on phones", "LFR.", "(RFR)",
])
def test_the_pre_filter_keeps_whatever_the_page_filter_would(text):
    """Nothing is_relevant accepts in a page's text is lost before the page is read."""
    assert is_relevant(text)
    assert RelevanceBytes()(f"<html><body><p>{text}</p></body></html>".encode())


def test_the_pre_filter_reads_the_subject_in_raw_bytes():
    test = RelevanceBytes(("body-worn video",))
    assert test(b"<p>facial&nbsp;recognition vans</p>")
    assert test(b"<p>New body-worn video cameras</p>")  # a source's own term
    assert not RelevanceBytes()(b"<p>New body-worn video cameras</p>")
    assert not test(b"<p>Selfridges opened its doors</p>")  # "lfr" inside a word, not in capitals
    assert not test(b"<p>Officers made four arrests; the surveillance team watched the matching shirts.</p>")


def test_a_re_run_stores_nothing_twice(db_path, mixed, tmp_path):
    path, _, _ = mixed
    run_import(db_path, path)

    again = run_import(db_path, path)
    copy = tmp_path / "copy.warc.gz"
    shutil.copy(path, copy)
    from_copy = run_import(db_path, copy)

    assert (again.new, again.already_stored, again.candidates) == (0, 1, 0)  # passed over unread
    assert (from_copy.new, from_copy.unchanged) == (0, 1)  # another file: read, the same text
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*) from documents").fetchone()[0] == 1
        assert db.execute("select count(*) from document_versions").fetchone()[0] == 1


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("delta", [-40, 40], ids=["length too short", "length too long"])
def test_a_record_with_a_wrong_content_length_costs_that_record(db_path, tmp_path, gz, delta):
    records = [record_bytes(relevant(1)), with_content_length(record_bytes(relevant(2)), delta),
               record_bytes(relevant(3)), record_bytes(relevant(4))]
    path = tmp_path / ("wrong-length.warc.gz" if gz else "wrong-length.warc")
    offsets = write_warc(path, records, gz=gz)

    report = run_import(db_path, path)

    assert stored_urls(db_path) == [MET + f"ilford-arrests-{n}" for n in (1, 3, 4)]
    assert [failure["path"] for failure in report.failures] == [f"{path.resolve()} at offset {offsets[1]}"]
    assert report.failures[0]["error"].startswith("damaged record")


def test_a_truncated_file_costs_its_last_record(db_path, tmp_path):
    records = [record_bytes(relevant(n)) for n in (1, 2, 3)]
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, records)
    path.write_bytes(path.read_bytes()[:-60])  # the last member loses its end

    report = run_import(db_path, path)

    assert stored_urls(db_path) == [MET + "ilford-arrests-1", MET + "ilford-arrests-2"]
    assert [failure["path"] for failure in report.failures] == [f"{path.resolve()} at offset {offsets[2]}"]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_file_cut_short_after_a_records_warc_headers_costs_that_record(db_path, tmp_path, gz):
    """The file ends where the record's HTTP headers should start: it is reported with its offset."""
    records = [record_bytes(relevant(1)), record_bytes(relevant(2))]
    cut = records[1][: records[1].index(b"\r\n\r\n") + 4]
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    offsets = write_warc(path, [records[0], cut], gz=gz)

    report = run_import(db_path, path)

    assert stored_urls(db_path) == [MET + "ilford-arrests-1"]
    assert [failure["path"] for failure in report.failures] == [f"{path.resolve()} at offset {offsets[1]}"]
    assert "bytes short of its Content-Length" in report.failures[0]["error"]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_response_without_its_target_uri_costs_that_record(db_path, tmp_path, gz):
    records = [record_bytes(relevant(1)), re.sub(rb"WARC-Target-URI: [^\r]*\r\n", b"", record_bytes(relevant(2))),
               record_bytes(relevant(3))]
    path = tmp_path / ("no-uri.warc.gz" if gz else "no-uri.warc")
    offsets = write_warc(path, records, gz=gz)

    report = run_import(db_path, path)

    assert stored_urls(db_path) == [MET + "ilford-arrests-1", MET + "ilford-arrests-3"]
    assert [failure["path"] for failure in report.failures] == [f"{path.resolve()} at offset {offsets[1]}"]
    assert report.failures[0]["error"].startswith("damaged record")


def test_a_broken_gzip_member_costs_that_record_and_reading_goes_on(db_path, tmp_path):
    records = [record_bytes(relevant(n)) for n in (1, 2, 3)]
    path = tmp_path / "flipped.warc.gz"
    offsets = write_warc(path, records)
    data = bytearray(path.read_bytes())
    for i in range(offsets[1] + 30, offsets[1] + 60):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))

    report = run_import(db_path, path)

    assert stored_urls(db_path) == [MET + "ilford-arrests-1", MET + "ilford-arrests-3"]
    assert [failure["path"] for failure in report.failures] == [f"{path.resolve()} at offset {offsets[1]}"]


@pytest.mark.parametrize("name, content", [
    ("page.html", b"<!DOCTYPE html><html><body>Live facial recognition</body></html>"),
    ("notes.txt.gz", gzip.compress(b"live facial recognition notes, not a WARC\n", mtime=0)),
    ("empty.warc.gz", b""),
], ids=["html", "gzipped-text", "empty"])  # the same ids in every process: pytest-xdist's workers must agree
def test_a_file_that_is_not_a_warc_is_reported_by_name(db_path, tmp_path, name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.warc.gz"
    write_warc(good, [record_bytes(relevant(1))])

    report = run_import(db_path, bad, good)

    assert [failure["path"] for failure in report.failures] == [str(bad.resolve())]
    assert report.failures[0]["error"].startswith("not a WARC file")
    assert stored_urls(db_path) == [MET + "ilford-arrests-1"]


def test_a_warc_at_a_url_is_read_as_a_stream_and_named_by_its_url(db_path, tmp_path, serve):
    site = tmp_path / "site"
    site.mkdir()
    records = [record_bytes(relevant(1)), with_content_length(record_bytes(relevant(2)), 40),
               record_bytes(relevant(3))]
    offsets = write_warc(site / "crawl.warc", records, gz=False)
    server = serve(site)
    url = f"{server.base_url}/crawl.warc"

    report = run_import(db_path, url)

    rows = documents(db_path)
    assert [row["url"] for row in rows] == [MET + "ilford-arrests-1", MET + "ilford-arrests-3"]
    assert {row["warc_file"] for row in rows} == {url}
    assert [row["warc_offset"] for row in rows] == [offsets[0], offsets[2]]
    assert [failure["path"] for failure in report.failures] == [f"{url} at offset {offsets[1]}"]


def test_memory_stays_flat_whatever_the_file_size(db_path, tmp_path):
    """Thirty megabytes of records on a known domain, each read for the subject: what is held is one record."""
    filler = page("Cycle lanes", OTHER_TEXT, repeat=200)  # ~40 KB
    records = [record_bytes(Rec(MET + f"cycle-lanes-{n}", filler)) for n in range(750)] + [record_bytes(relevant(1))]
    path = tmp_path / "big.warc.gz"
    write_warc(path, records)
    importer = WarcImport(db_path)

    tracemalloc.start()
    try:
        report = importer.run([str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert report.records == len(records) and stored_urls(db_path) == [MET + "ilford-arrests-1"]
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a {len(records) * len(filler) / 1e6:.0f} MB file"


def test_pages_read_in_worker_processes_are_stored_as_pages_read_here(db_path, tmp_path):
    """The pool (the default) and one process store the same documents, versions and provenance, in order."""
    off_subject = [record_bytes(Rec(MET + f"sheds-{n}", page("Sheds", OTHER_TEXT))) for n in range(20)]
    records = [record_bytes(relevant(n)) for n in range(1, 6)] + off_subject + [
        record_bytes(Rec(MET + "ilford-arrests-2", page("Arrests in Ilford (2)", RELEVANT_TEXT + " Later: charged.")))]
    path = tmp_path / "several.warc.gz"
    write_warc(path, records)
    here = str(tmp_path / "here" / "lfrwatch.db")

    pooled, alone = run_import(db_path, path), run_import(here, path, processes=0)

    def versions(path):
        with sqlite3.connect(path) as db:
            return db.execute("""select d.url, d.canonical_url, d.title, v.version, v.sha256, v.warc_offset,
                                        v.warc_record_id, v.fetched_at
                                 from document_versions v join documents d on d.id = v.document_id
                                 order by d.url, v.version""").fetchall()

    assert (pooled.new, pooled.changed, pooled.candidates) == (alone.new, alone.changed, alone.candidates) == (5, 1, 6)
    assert versions(db_path) == versions(here) and len(versions(here)) == 6


@pytest.mark.parametrize("processes", [None, 0], ids=["worker processes", "this process"])
def test_a_canonical_only_the_store_vouches_for_is_believed(db_path, tmp_path, processes):
    """A page read without the store (in a worker) whose canonical names a stored page of the same title is
    stored under it, as a reader with the store would store it: the decision is settled where the store is."""
    def with_canonical(html: str, canonical: str) -> str:
        return html.replace("</head>", f"<link rel='canonical' href='{canonical}'></head>")

    first = MET + "ilford-arrests-1"
    records = [record_bytes(relevant(1)),
               record_bytes(Rec(MET + "latest/update-7", with_canonical(
                   page("Arrests in Ilford (1)", RELEVANT_TEXT + " Two were charged."), first)))]
    path = tmp_path / "canonical.warc.gz"
    write_warc(path, records)

    report = run_import(db_path, path, processes=processes)

    assert (report.new, report.changed) == (1, 1)
    assert stored_urls(db_path) == [first]
    assert not [warning for warning in report.warnings if "not believed" in warning]
