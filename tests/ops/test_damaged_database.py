"""A database page overwritten with garbage: one-line errors, and a run that meets it records how it ended."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import FAST_CRAWL, FIXTURES, REPO

from lfrwatch import store

LOCAL_CRAWL_ARGS = [arg for key, value in {**FAST_CRAWL, "LFRWATCH_LOOPBACK_ONLY": True}.items()
                    for arg in ("-s", f"{key}={value}")]
MALFORMED = "database disk image is malformed"


def damage_page(db_path: str, table: str) -> int:
    """Overwrite one page of ``table`` (its last leaf, else its root) with garbage; returns the page number."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")  # every page in the main file, none in the WAL
        page_size = conn.execute("pragma page_size").fetchone()[0]
        try:
            page = conn.execute("select max(pageno) from dbstat where name = ?", [table]).fetchone()[0]
        except sqlite3.OperationalError:  # SQLite built without dbstat
            page = None
        page = page or conn.execute("select rootpage from sqlite_master where name = ?", [table]).fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as fh:
        fh.seek((page - 1) * page_size)
        fh.write(bytes((n * 37 + 11) % 256 for n in range(page_size)))
    return page


def seed(db_path: str, count: int) -> None:
    texts = sorted((REPO / "data" / "eval" / "texts").glob("*.txt"))
    db = store.open_db(db_path)
    for n in range(count):
        url = f"http://127.0.0.1:9/articles/seeded-{n}"
        store.store_document(db, {"url": url, "canonical_url": url, "title": f"Seeded {n}", "source": "feed",
                                  "publisher": "Test Police", "text": texts[n % len(texts)].read_text()})
    db.close()


def with_an_earlier_run(db_path: str) -> None:
    """A database whose runs table has one finished run, with its source's health recorded."""
    from lfrwatch.ops import health

    db = store.open_db(db_path)
    run_id, _ = health.start_run(db, pid=1, sources=[], feeds=["http://127.0.0.1:9/feed"])
    health.record_sources(db, run_id, store.utcnow(), [health.SourceHealth(source="feed", items_seen=3)])
    health.finish_run(db, run_id, status="ok", exit_code=0)
    db.close()


@pytest.mark.parametrize("command", [["documents"], ["search", "arrests"]])
def test_a_damaged_page_is_a_one_line_error(cli_run, db_path, command):
    seed(db_path, 40)
    damage_page(db_path, "documents")
    result = cli_run(*command, "--db", db_path)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"error: database error: {MALFORMED}")
    assert "lfrwatch verify" in result.stderr


def test_a_run_that_meets_a_damaged_page_is_a_one_line_error(cli_run, db_path, serve):
    site = serve(FIXTURES / "feedsite")
    with_an_earlier_run(db_path)
    damage_page(db_path, "source_runs")  # read when the run records each source's health
    result = cli_run("run", "--quiet", "--db", db_path, "--feed", site.url("feeds/news.atom"), *LOCAL_CRAWL_ARGS)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: database error: {MALFORMED} (damaged file? `lfrwatch verify` checks it)"]


def test_a_run_that_meets_a_damaged_page_marks_its_row(db_path, serve, nlp):
    from lfrwatch.ops import runner

    site = serve(FIXTURES / "feedsite")
    with_an_earlier_run(db_path)
    damage_page(db_path, "source_runs")
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        runner.run_once(db_path, feeds=[site.url("feeds/news.atom")], nlp=nlp,
                        settings={**FAST_CRAWL, "LFRWATCH_LOOPBACK_ONLY": True})
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("select status, exit_code, message, finished_at is not null from runs where id = 2")
        assert row.fetchall() == [("error", 1, f"DatabaseError: {MALFORMED}", 1)]  # before: left at "running"


def test_a_run_whose_connection_fails_records_its_end_on_a_new_one(db_path, caplog):
    from lfrwatch.ops import health, runner

    db = store.open_db(db_path)
    run_id, _ = health.start_run(db, pid=1, sources=[], feeds=["http://127.0.0.1:9/feed"])
    db.close()  # every statement on the run's own connection now fails
    runner._record_end(db_path, db, run_id, status="error", exit_code=1, message="ValueError: boom")
    assert [(r.levelname, "trying a new one" in r.getMessage()) for r in caplog.records] == [("WARNING", True)]
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("select status, exit_code, message, finished_at is not null from runs where id = ?",
                           [run_id])
        assert row.fetchall() == [("error", 1, "ValueError: boom", 1)]
