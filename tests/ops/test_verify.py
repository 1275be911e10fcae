"""`lfrwatch verify`: a sound crawl passes; each kind of damage is reported by file, offset or document."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import FAST_CRAWL, FAST_CRAWL_ARGS, FIXTURES

SUMMARY = "verify "


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A database, its WARC archive and its HTTP cache from a real crawl of the feed fixture site."""
    from lfrwatch.crawl.mirror import MirrorServer
    from lfrwatch.crawl.process import run_crawl

    folder = tmp_path_factory.mktemp("crawled") / "data"
    server = MirrorServer(FIXTURES / "feedsite").start()
    try:
        feeds = [server.url("feeds/news.rss"), server.url("feeds/news.atom")]
        settings = {**FAST_CRAWL, "LFRWATCH_LOOPBACK_ONLY": True}
        result = run_crawl(str(folder / "lfrwatch.db"), feeds=feeds, settings=settings)
    finally:
        server.stop()
    assert result.stored == 4
    return folder


@pytest.fixture
def data(crawled, tmp_path) -> Path:
    """A copy of the crawled folder, to damage."""
    return Path(shutil.copytree(crawled, tmp_path / "data"))


def versions(data: Path) -> list[tuple]:
    with sqlite3.connect(data / "lfrwatch.db") as conn:
        return conn.execute("select id, url, warc_file, warc_offset from document_versions order by warc_offset"
                            ).fetchall()


def test_a_sound_crawl_passes(cli_run, data):
    result = cli_run("verify", "--db", data / "lfrwatch.db")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"verify {data / 'lfrwatch.db'}: all is well: database ok; 4 of 4 document version(s) with their archived "
        "bytes intact; 1 WARC file(s); 1 HTTP cache file(s), 8 entries"]


def record_spans(warc: Path) -> list[tuple[int, int]]:
    """(offset, length) of every record of a whole WARC file, as warcio reads it."""
    from warcio.archiveiterator import ArchiveIterator

    spans = []
    with open(warc, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            record.content_stream().read()
            spans.append((records.get_record_offset(), records.get_record_length()))
    return spans


def test_a_warc_cut_in_half_is_reported_by_file_and_offset(cli_run, crawled, data):
    stored = versions(data)
    warc = data / "archive" / stored[0][2]
    cut = warc.stat().st_size // 2
    cut_record = next(offset for offset, length in record_spans(crawled / "archive" / warc.name)
                      if offset < cut < offset + length)
    with open(warc, "r+b") as fh:
        fh.truncate(cut)
    result = cli_run("verify", "--db", data / "lfrwatch.db")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{warc}: cut short at offset {cut_record}: the record starting there breaks off at the end "
                        f"of the file ({cut} bytes)")
    lost = [(url, offset) for _, url, _, offset in stored if offset >= cut_record]
    assert lost, "the cut loses at least one version's record"
    for url, offset in lost:
        problem = next(line for line in lines if line.startswith("document ") and f"({url})" in line)
        why = "past the end of the file" if offset >= cut else "the record there is cut short"
        assert f"offset {offset}: {why}" in problem
    assert len(lines) == 1 + len(lost) + 1
    assert f"{4 - len(lost)} of 4 document version(s)" in lines[-1]


def test_a_damaged_record_is_reported_and_the_records_after_it_still_read(cli_run, data):
    stored = versions(data)
    warc = data / "archive" / stored[0][2]
    _, url, _, offset = stored[1]
    with open(warc, "r+b") as fh:
        fh.seek(offset + 40)  # inside the compressed body of the second version's record
        fh.write(b"garbage!" * 4)
    result = cli_run("verify", "--db", data / "lfrwatch.db")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{warc}: damaged (") and f"at offset {offset}:" in lines[0]
    assert [line for line in lines if line.startswith("document ")] == [
        next(line for line in lines if f"({url})" in line)]
    assert "3 of 4 document version(s)" in lines[-1]


def test_a_wrong_digest_and_a_foreign_record_are_reported(cli_run, data):
    stored = versions(data)
    with sqlite3.connect(data / "lfrwatch.db") as conn:
        conn.execute("update document_versions set raw_sha256 = ? where id = ?", ["0" * 64, stored[0][0]])
        conn.execute("update document_versions set warc_record_id = ? where id = ?", ["<urn:uuid:nope>", stored[1][0]])
    result = cli_run("verify", "--db", data / "lfrwatch.db")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(f"({stored[0][1]})" in line and "the body's sha256 is not the 000000000000" in line for line in lines)
    assert any(f"({stored[1][1]})" in line and "another record is there" in line for line in lines)
    assert len(lines) == 3


def test_a_damaged_database_and_cache_file_are_reported(cli_run, data):
    from test_damaged_database import damage_page

    damage_page(str(data / "lfrwatch.db"), "document_versions")
    (data / "httpcache" / "feed.sqlite3").write_bytes(b"not a cache file " * 300)
    result = cli_run("verify", "--db", data / "lfrwatch.db")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{data / 'lfrwatch.db'}: integrity_check") for line in lines), lines
    cache = data / "httpcache" / "feed.sqlite3"
    assert f"{cache}: HTTP cache file unreadable: file is not a database" in "\n".join(lines)
    assert "database damaged" in lines[-1]


@pytest.fixture
def scans_read(monkeypatch) -> list[str]:
    """The name of each WARC file that verify reads to its end, one entry a reading, from now on."""
    from lfrwatch.ops import verify as verify_module

    read: list[str] = []
    scan_warc = verify_module.scan_warc

    def counting(path: Path):
        read.append(path.name)
        return scan_warc(path)

    monkeypatch.setattr(verify_module, "scan_warc", counting)
    return read


def test_a_verify_reads_again_only_the_warc_files_changed_since_the_last(data, scans_read):
    from lfrwatch.ops.verify import verify

    db = str(data / "lfrwatch.db")
    first = verify(db)
    warc = next((data / "archive").glob("*.warc.gz"))
    assert first.ok and scans_read == [warc.name]

    again = verify(db, known_scans=first.scans)
    assert scans_read == [warc.name], "an unchanged file is not read again"
    assert again.ok and again.summary() == first.summary()

    with open(warc, "ab") as fh:  # a crash while appending: a tail that is no whole record
        fh.write(gzip.compress(b"WARC/1.0\r\n" * 100)[:20])
    after = verify(db, known_scans=first.scans)
    assert scans_read == [warc.name, warc.name], "a file appended to since is read again"
    fresh = verify(db)
    assert not after.ok and [p.line() for p in after.problems] == [p.line() for p in fresh.problems]
    assert f"cut short at offset {first.scans[warc.name].size}" in after.problems[0].line()


def test_verify_without_a_database_is_a_one_line_error(cli_run, tmp_path):
    result = cli_run("verify", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and result.stderr.startswith("error: no database at")


@pytest.fixture
def site(serve, tmp_path):
    """The feed fixture site served from a copy (so a test can take a page away), up for the whole test."""
    return serve(shutil.copytree(FIXTURES / "feedsite", tmp_path / "site"))


def crawl_site(cli_run, site, db: Path) -> None:
    result = cli_run("crawl", "--db", db, "--feed", site.url("feeds/news.rss"), "--feed", site.url("feeds/news.atom"),
                     *FAST_CRAWL_ARGS)
    assert "4 new" in result.stderr, result.stderr


def cut_last_records(data: Path, count: int) -> list[tuple]:
    """Truncate the WARC file inside the response record of the last ``count`` versions; those versions."""
    stored = versions(data)
    lost = stored[-count:]
    with open(data / "archive" / lost[0][2], "r+b") as fh:
        fh.truncate(lost[0][3] + 100)
    return lost


def test_refetch_repairs_a_cut_warc_and_a_second_verify_passes(cli_run, site, tmp_path, scans_read):
    db = tmp_path / "data" / "lfrwatch.db"
    crawl_site(cli_run, site, db)
    lost = cut_last_records(tmp_path / "data", 2)
    before = cli_run("verify", "--db", db)
    assert before.exit_code == 1
    assert sum(line.startswith("document ") for line in before.stdout.splitlines()) == 2

    scans_read.clear()
    result = cli_run("verify", "--db", db, "--refetch", *FAST_CRAWL_ARGS)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    repaired = [line for line in lines if line.startswith("repaired: document ")]
    assert len(repaired) == 2 and all("fetched again, the same text: now at lfrwatch-" in line for line in repaired)
    assert {url for _, url, _, _ in lost} == {line.split("(", 1)[1].split(")", 1)[0] for line in repaired}
    assert any(line.startswith("repaired: ") and "trimmed from" in line for line in lines)
    assert not any(line.startswith("not repaired") for line in lines)
    assert "all is well" in lines[-1] and "4 of 4 document version(s)" in lines[-1]
    # The cut file is read by the first verify and, once trimmed, by the last; the refetch's new file by the last.
    new_files = {path.name for path in (tmp_path / "data" / "archive").glob("*.warc.gz")} - {lost[0][2]}
    assert sorted(scans_read) == sorted([lost[0][2], lost[0][2], *new_files]) and len(new_files) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from document_versions").fetchone()[0] == 4  # no new version
        for version_id, _, _, _ in lost:
            warc_file, record_id = conn.execute("select warc_file, warc_record_id from document_versions where id = ?",
                                                [version_id]).fetchone()
            assert warc_file != lost[0][2]
            assert conn.execute("select warc_record_id from documents where current_version_id = ?",
                                [version_id]).fetchone()[0] == record_id

    again = cli_run("verify", "--db", db)
    assert again.exit_code == 0, again.stdout


def test_refetch_says_what_it_could_not_repair(cli_run, site, tmp_path, scans_read):
    db = tmp_path / "data" / "lfrwatch.db"
    crawl_site(cli_run, site, db)
    lost = cut_last_records(tmp_path / "data", 1)
    gone = lost[0][1]
    page = tmp_path / "site" / gone.split("/", 3)[3]
    if page.is_dir():
        shutil.rmtree(page)
    else:  # the mirror serves articles/x from articles/x.html
        page.with_name(page.name + ".html").unlink()

    result = cli_run("verify", "--db", db, "--refetch", *FAST_CRAWL_ARGS)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith(("repaired: document", "not repaired: document"))] == [
        next(line for line in lines if line.startswith("not repaired: document ") and f"({gone})" in line)]
    assert "could not be fetched again: HTTP 404" in next(line for line in lines if line.startswith("not repaired: d"))
    assert any(line.startswith("not repaired: ") and "left cut short: 1 document version(s)" in line for line in lines)
    assert any(line.startswith("document ") and f"({gone})" in line for line in lines)  # still reported after
    assert scans_read.count(lost[0][2]) == 1  # left as it was: read once, its reading reused by the trim and after
    assert cli_run("verify", "--db", db).exit_code == 1
