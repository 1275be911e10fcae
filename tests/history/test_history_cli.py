"""`lfrwatch backfill` and `lfrwatch import-warc` from the command line: exit codes and one line per failure."""

from __future__ import annotations

import pytest
from archive_server import ArchiveServer
from warcfiles import RELEVANT_TEXT, Rec, page, record_bytes, with_content_length, write_warc

MET = "https://news.met.police.uk/news/"
PERIOD = ["--since", "2019-01-01", "--until", "2020-12-31"]


@pytest.fixture
def archive():
    server = ArchiveServer().start()
    yield server
    server.stop()


def backfill_args(archive, db_path, *sources):
    return ["backfill", *(sources or ["met_news"]), *PERIOD, "--cdx", archive.cdx_url, "--delay", "0",
            "--retries", "0", "--db", db_path]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def test_backfill_stores_and_says_what_it_did(cli_run, db_path, archive):
    result = cli_run(*backfill_args(archive, db_path, "met_news", "home_office_media"))
    assert result.exit_code == 0, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("backfill of 2 source(s), 2019-01-01 to 2020-12-31:") and "7 new" in summary

    again = cli_run(*backfill_args(archive, db_path, "met_news", "home_office_media"))
    assert again.exit_code == 0 and "0 fetched, 0 new" in again.stderr


def test_backfill_failures_are_reported_by_url_with_exit_code_3(cli_run, db_path, archive):
    archive.faults[("20190508100000", MET + "facial-recognition-watchlist-explained-510007")] = ("error", 503)
    archive.faults[("20190521100000", MET + "facial-recognition-vans-in-romford-510008")] = ("truncate",)

    result = cli_run(*backfill_args(archive, db_path))

    assert result.exit_code == 3
    errors = error_lines(result)
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {archive.base_url}/web/20190508100000id_/{MET}facial-recognition-watchlist")
    assert errors[0].endswith(": HTTP 503")
    assert f"/web/20190521100000id_/{MET}facial-recognition-vans-in-romford-510008: truncated response" in errors[1]


@pytest.mark.parametrize("args, code, message", [
    (["no_such_source", *PERIOD], 1, "unknown source 'no_such_source'"),
    (["met_news", "--since", "2019"], 2, "'2019' does not match the format"),
    (["met_news", "--since", "2020-01-01", "--until", "2019-01-01"], 2, "is before --since"),
    (["met_news", *PERIOD, "--cdx", "not-a-url"], 1, "--cdx: bad URL 'not-a-url'"),
    (["met_news", *PERIOD, "--cdx", "https://archive.example/api"], 1, "give --replay"),
])
def test_backfill_bad_input(cli_run, db_path, args, code, message):
    result = cli_run("backfill", *args, "--db", db_path)
    assert result.exit_code == code
    assert message in result.stderr


def test_backfill_archive_that_cannot_be_reached(cli_run, db_path):
    result = cli_run("backfill", "met_news", *PERIOD, "--cdx", "http://127.0.0.1:9/cdx/search/cdx",
                     "--delay", "0", "--retries", "0", "--db", db_path)
    assert result.exit_code == 1  # nothing at all was done
    assert error_lines(result) and all("network failure" in line for line in error_lines(result))


def _relevant(n: int) -> bytes:
    return record_bytes(Rec(MET + f"ilford-arrests-{n}", page(f"Arrests in Ilford ({n})", RELEVANT_TEXT)))


def test_import_warc_exit_codes(cli_run, db_path, tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, [_relevant(1)])
    damaged = tmp_path / "damaged.warc"
    offsets = write_warc(damaged, [_relevant(2), with_content_length(_relevant(3), 30), _relevant(4)], gz=False)
    not_warc = tmp_path / "notes.txt"
    not_warc.write_text("live facial recognition notes\n")

    ok = cli_run("import-warc", good, "--db", db_path)
    assert ok.exit_code == 0 and "1 new" in ok.stderr

    partial = cli_run("import-warc", damaged, not_warc, good, "--db", db_path)
    assert partial.exit_code == 3
    assert error_lines(partial) == [
        f"error: {damaged.resolve()} at offset {offsets[1]}: damaged record: not followed by the blank lines a "
        "record ends with (wrong Content-Length)",
        f"error: {not_warc.resolve()}: not a WARC file: it starts b'live facial recognition '",
    ]
    assert "2 new" in partial.stderr and "already stored" in partial.stderr

    nothing = cli_run("import-warc", not_warc, "--db", db_path)
    assert nothing.exit_code == 1 and len(error_lines(nothing)) == 1

    missing = cli_run("import-warc", tmp_path / "missing.warc.gz", "--db", db_path)
    assert missing.exit_code == 1 and "missing.warc.gz: cannot read file" in missing.stderr


@pytest.mark.parametrize("processes", ["0", "2"])
def test_import_warc_reads_pages_in_the_processes_asked_for(cli_run, db_path, tmp_path, processes):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [_relevant(n) for n in (1, 2, 3)])

    result = cli_run("import-warc", path, "--processes", processes, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    assert "3 pages read, 3 new" in result.stderr
