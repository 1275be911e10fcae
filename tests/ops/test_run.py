"""`lfrwatch run` and `lfrwatch cron`: reports, exit codes, the lock, crash safety, logs, the feed and the webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import feedparser
import pytest
from conftest import FAST_CRAWL, FAST_CRAWL_ARGS, FIXTURES
from faultserver import FaultServer, stall_then_serve, status

from lfrwatch.cli import ops as run_cli
from lfrwatch.ops import runner
from lfrwatch.ops.logs import setup_logging, teardown_logging

FEEDSITE = FIXTURES / "feedsite"
#: The four good articles the two feedsite feeds lead to.
ARTICLES = ["/articles/essex-lfr-chelmsford/", "/articles/lfr-false-alerts-foi", "/articles/met-lfr-1000-arrests",
            "/articles/met-lfr-ten-a-week"]


#: Fast loopback crawls that refuse any other host (a safety net: these fixtures only link to 127.0.0.1).
LOCAL_CRAWL = {**FAST_CRAWL, "LFRWATCH_LOOPBACK_ONLY": True}
LOCAL_CRAWL_ARGS = [*FAST_CRAWL_ARGS, "-s", "LFRWATCH_LOOPBACK_ONLY=True"]

@pytest.fixture
def site():
    server = FaultServer(FEEDSITE).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("LFRWATCH_WEBHOOK_URL", "LFRWATCH_WEBHOOK_SECRET", "LFRWATCH_CONFIG", "LFRWATCH_LOG_DIR",
                 "LFRWATCH_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray lfrwatch.toml


def run(cli_run, db_path, *feeds, extra=()):
    return cli_run("run", "--db", db_path, *[a for f in feeds for a in ("--feed", f)], *LOCAL_CRAWL_ARGS, *extra)


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


# -- reports and exit codes --------------------------------------------------------------


def test_a_clean_run_reports_each_new_item_and_exits_0(cli_run, db_path, site):
    result = run(cli_run, db_path, site.url("feeds/news.atom"))

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    documents = [line for line in lines if line.startswith("new document: ")]
    assert len(documents) == 3
    assert any("Live facial recognition reaches 1,000 arrests" in line and site.url("articles/met-lfr-1000-arrests")
               in line for line in documents)
    claims = [line for line in lines if line.startswith(("new claim: ", "new quote: "))]
    assert len(claims) == rows(db_path, "select count(*) from claims")[0][0] > 0
    assert lines[-1].startswith("run 1 ok in ")
    assert "3 new document(s)" in lines[-1] and f"{len(claims)} new claim(s)" in lines[-1]
    assert result.stderr == ""  # not a terminal: no progress lines, and nothing went wrong

    again = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].startswith("run 2 ok")
    assert "0 new document(s), 0 changed, 0 new claim(s)" in again.stdout
    assert not [line for line in again.stdout.splitlines() if line.startswith("new ")]


def test_failed_urls_make_exit_3_and_the_rest_is_stored(cli_run, db_path, site):
    result = run(cli_run, db_path, site.url("feeds/news.rss"), site.url("feeds/news.atom"))

    assert result.exit_code == runner.EXIT_PARTIAL
    errors = result.stderr.splitlines()
    assert f"error: {site.url('articles/withdrawn-appeal-2025')}: HTTP 404 [feed]" in errors
    assert f"error: {site.url('articles/empty-page')}: empty page [feed]" in errors
    assert sorted(r[0] for r in rows(db_path, "select canonical_url from documents")) == [site.url(a) for a in ARTICLES]
    assert rows(db_path, "select status, exit_code, new_documents, errors from runs") == [("partial", 3, 4, 2)]


def test_quiet_prints_nothing_when_all_is_well_and_only_problems_otherwise(cli_run, db_path, site):
    good = run(cli_run, db_path, site.url("feeds/news.atom"), extra=["--quiet"])
    assert good.exit_code == 0
    assert good.stdout == "" and good.stderr == ""

    partial = run(cli_run, db_path, site.url("feeds/news.rss"), extra=["--quiet"])
    assert partial.exit_code == 3
    assert partial.stdout == ""
    assert "HTTP 404" in partial.stderr
    assert "lfrwatch run 2: partial (exit code 3); log: " in partial.stderr


def test_progress_only_on_a_terminal(cli_run, db_path, site, monkeypatch):
    monkeypatch.setattr(run_cli, "_interactive", lambda: True)
    result = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert result.exit_code == 0
    assert "crawling 0 source(s) and 1 feed(s)…" in result.stderr
    # Some of the three may be extracted while the crawl runs; all three are by the end.
    assert "extracted 3" in result.stderr


def test_bad_input_is_refused_before_anything_runs(cli_run, db_path, site):
    result = cli_run("run", "--db", db_path, "--feed", "ftp://127.0.0.1/feed")
    assert result.exit_code == 1
    assert "ftp://127.0.0.1/feed" in result.stderr
    unknown = cli_run("run", "--db", db_path, "no_such_source")
    assert unknown.exit_code == 1 and "no_such_source" in unknown.stderr
    assert site.hits == {}
    assert not Path(db_path).exists()


# -- logs ------------------------------------------------------------------------------------


def test_the_log_file_has_the_run_and_scrapys_log(cli_run, db_path, site):
    run(cli_run, db_path, site.url("feeds/news.rss"), extra=["--quiet"])
    log = (Path(db_path).parent / "logs" / "lfrwatch.log").read_text()
    assert "lfrwatch.ops.runner: run 1 started" in log
    assert "[scrapy.core.engine] INFO: Spider opened" in log  # Scrapy's lines, copied verbatim
    assert f"error: {site.url('articles/withdrawn-appeal-2025')}: HTTP 404 [feed]" in log
    assert "run 1 partial in" in log  # the report is logged even when --quiet keeps it off the terminal
    assert not (Path(db_path).parent / "logs" / "crawl.current.log").exists()


def test_the_log_rotates(tmp_path):
    path = setup_logging(str(tmp_path / "lfrwatch.db"), quiet=True, max_bytes=2000, backups=2)
    try:
        for n in range(200):
            logging.getLogger("lfrwatch.test").info("line %d of a long unattended life", n)
    finally:
        teardown_logging()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["lfrwatch.log", "lfrwatch.log.1", "lfrwatch.log.2"]
    assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())
    assert "line 199 of" in path.read_text()


# -- the Atom feed and the webhook ------------------------------------------------------------


def test_the_atom_feed_lists_new_claims(cli_run, db_path, site):
    run(cli_run, db_path, site.url("feeds/news.atom"))
    feed = feedparser.parse(Path(db_path).parent / "feed.xml")

    assert feed.bozo == 0 and feed.version == "atom10"
    claims = rows(db_path, "select c.id, d.canonical_url from claims c join documents d on d.id = c.document_id")
    assert sorted(e.id for e in feed.entries) == sorted(f"urn:lfrwatch:claim:{cid}" for cid, _ in claims)
    by_id = dict(claims)
    for entry in feed.entries:
        assert entry.link == by_id[entry.id.rsplit(":", 1)[1]]
        assert entry.title and entry.updated
    assert any(e.title == "arrests: 1,000 (to date), Metropolitan Police" for e in feed.entries)


def test_the_webhook_gets_what_is_new_signed(cli_run, db_path, site, monkeypatch):
    monkeypatch.setenv("LFRWATCH_WEBHOOK_URL", site.url("hook"))
    monkeypatch.setenv("LFRWATCH_WEBHOOK_SECRET", "s3cret")
    first = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert first.exit_code == 0, first.stderr

    assert len(site.posts) == 1
    post = site.posts[0]
    payload = json.loads(post["body"])
    assert payload["event"] == "lfrwatch.run" and payload["exit_code"] == 0
    assert len(payload["new_documents"]) == 3
    assert len(payload["new_claims"]) == rows(db_path, "select count(*) from claims")[0][0]
    expected = "sha256=" + hmac.new(b"s3cret", post["body"], hashlib.sha256).hexdigest()
    assert post["headers"]["X-Lfrwatch-Signature"] == expected

    quiet = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert quiet.exit_code == 0
    assert len(site.posts) == 1  # nothing new: nothing sent


def test_a_failing_webhook_is_reported_and_the_run_kept(cli_run, db_path, site, monkeypatch):
    site.routes["/hook"] = status(500)
    monkeypatch.setenv("LFRWATCH_WEBHOOK_URL", site.url("hook"))
    result = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert result.exit_code == runner.EXIT_PARTIAL
    assert f"error: webhook {site.url('hook')}: HTTP 500" in result.stderr
    assert rows(db_path, "select count(*) from documents")[0][0] == 3


def test_a_bad_webhook_setting_is_refused_naming_the_file(cli_run, db_path, site, tmp_path, monkeypatch):
    config = tmp_path / "lfrwatch.toml"
    config.write_text('[notify]\nwebhook_url = "file:///etc/passwd"\n')
    result = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert result.exit_code == 1
    assert "file:///etc/passwd" in result.stderr and "lfrwatch.toml" in result.stderr
    assert site.hits == {}


# -- the lock -----------------------------------------------------------------------------------


def test_a_second_run_exits_at_once_with_code_5(cli_run, db_path, site):
    lock = runner.RunLock(db_path)
    lock.acquire()
    try:
        started = time.monotonic()
        result = run(cli_run, db_path, site.url("feeds/news.atom"))
        assert time.monotonic() - started < 5
    finally:
        lock.release()
    assert result.exit_code == runner.EXIT_BUSY == 5
    assert f"another lfrwatch run (pid {os.getpid()}" in result.stderr
    assert str(lock.path) in result.stderr
    assert site.hits == {}


def test_a_stale_lock_from_a_dead_run_is_taken_over(cli_run, db_path, site):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    Path(db_path).parent.mkdir(parents=True)
    Path(db_path + ".lock").write_text(json.dumps({"pid": dead.pid, "started_at": "2025-01-01T00:00:00+00:00"}))

    result = run(cli_run, db_path, site.url("feeds/news.atom"))
    assert result.exit_code == 0, result.stderr
    assert f"note: took over a stale lock: the run with pid {dead.pid}" in result.stderr
    assert Path(db_path + ".lock").read_text() == ""  # released cleanly


# -- crash safety -----------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_a_run_killed_mid_crawl_loses_and_doubles_nothing(cli_run, db_path, site, tmp_path):
    """SIGKILL while two articles stall; a second run meanwhile is refused; the next run completes the job."""
    site.routes["/articles/met-lfr-ten-a-week"] = stall_then_serve
    site.routes["/articles/lfr-false-alerts-foi"] = stall_then_serve
    feeds = [site.url("feeds/news.rss"), site.url("feeds/news.atom")]
    command = [sys.executable, "-m", "lfrwatch.cli", "run", "--quiet", "--db", db_path,
               *[a for f in feeds for a in ("--feed", f)], *LOCAL_CRAWL_ARGS]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LFRWATCH_")}
    victim = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def mid_crawl() -> bool:
            if not (site.hits["/articles/met-lfr-ten-a-week"] and site.hits["/articles/lfr-false-alerts-foi"]):
                return False
            try:
                return rows(db_path, "select count(*) from documents")[0][0] >= 1
            except sqlite3.OperationalError:
                return False

        _wait_for(mid_crawl, 30, "the crawl to store a page and stall on two")
        crawlers = _children(victim.pid)
        assert crawlers, "the run's crawl process"

        busy = run(cli_run, db_path, *feeds)
        assert busy.exit_code == runner.EXIT_BUSY
        assert f"pid {victim.pid}" in busy.stderr

        stored_before_kill = rows(db_path, "select count(*) from documents")[0][0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        _wait_for(lambda: not any(_alive(pid) for pid in crawlers), 10, "the crawl to die with its run")
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
        site.release()
    assert 1 <= stored_before_kill < len(ARTICLES)  # the kill did land mid-crawl

    result = run(cli_run, db_path, *feeds)
    assert result.exit_code == runner.EXIT_PARTIAL  # the feed's 404 and empty page, as always
    assert f"took over a stale lock: the run with pid {victim.pid}" in result.stderr
    urls = [r[0] for r in rows(db_path, "select canonical_url from documents order by canonical_url")]
    assert urls == [site.url(a) for a in ARTICLES]  # none lost, none doubled
    assert rows(db_path, "select count(*) from document_versions")[0][0] == len(ARTICLES)
    assert rows(db_path, "select count(*) from documents where analysed_version_id = current_version_id")[0][0] == 4
    assert rows(db_path, "pragma integrity_check") == [("ok",)]
    assert rows(db_path, "select status from runs order by id") == [("interrupted",), ("partial",)]


# -- cron -----------------------------------------------------------------------------------------------


def test_cron_prints_a_line_for_the_schedule(cli_run, db_path):
    result = cli_run("cron", "--every", "6h", "--db", db_path)
    assert result.exit_code == 0
    line = result.stdout.strip()
    minute, hours, day, month, weekday = line.split()[:5]
    assert 0 <= int(minute) < 60 and hours.endswith("-23/6") and (day, month, weekday) == ("*", "*", "*")
    assert f"run --quiet --db {Path(db_path).resolve()}" in line
    assert line.endswith(f"# lfrwatch-run db={Path(db_path).resolve()}")
    assert cli_run("cron", "--every", "6h", "--db", db_path).stdout == result.stdout  # stable
    assert cli_run("cron", "--every", "15m", "--db", db_path).stdout.split()[0].endswith("-59/15")
    assert cli_run("cron", "--every", "1d", "--db", db_path).stdout.split()[2:5] == ["*", "*", "*"]


@pytest.mark.parametrize("every", ["7h", "45m", "0h", "6", "sometimes"])
def test_cron_refuses_a_schedule_it_cannot_express(cli_run, db_path, every):
    result = cli_run("cron", "--every", every, "--db", db_path)
    assert result.exit_code == 2
    assert every in result.stderr


def test_cron_install_is_idempotent_and_keeps_other_lines(cli_run, db_path, tmp_path, monkeypatch):
    store = tmp_path / "crontab.txt"
    fake = tmp_path / "fake-crontab"
    fake.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import sys, pathlib
        store = pathlib.Path({str(store)!r})
        if sys.argv[1:] == ["-l"]:
            if not store.exists():
                sys.stderr.write("no crontab for tester\\n")
                sys.exit(1)
            sys.stdout.write(store.read_text())
        elif sys.argv[1:] == ["-"]:
            store.write_text(sys.stdin.read())
        else:
            sys.exit(2)
        """))
    fake.chmod(0o755)
    monkeypatch.setenv("LFRWATCH_CRONTAB", str(fake))

    first = cli_run("cron", "--every", "6h", "--install", "--db", db_path)
    assert first.exit_code == 0 and "installed in your crontab" in first.stderr
    store.write_text("MAILTO=me@example.org\n0 1 * * * backup\n" + store.read_text())
    second = cli_run("cron", "--every", "6h", "--install", "--db", db_path)
    assert "already in your crontab" in second.stderr
    third = cli_run("cron", "--every", "12h", "--install", "--db", db_path)
    assert "installed in your crontab" in third.stderr

    lines = store.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me@example.org", "0 1 * * * backup"]
    assert len([line for line in lines if "# lfrwatch-run db=" in line]) == 1
    assert lines[2] == third.stdout.strip() and "-23/12" in lines[2]


def test_cron_install_without_crontab_says_so(cli_run, db_path, monkeypatch):
    monkeypatch.setenv("LFRWATCH_CRONTAB", "lfrwatch-no-such-crontab")
    result = cli_run("cron", "--install", "--db", db_path)
    assert result.exit_code == 1
    assert "not found" in result.stderr and "systemd" in result.stderr


def test_a_run_that_fails_unexpectedly_records_it_and_releases_the_lock(db_path, site, monkeypatch):
    from lfrwatch.ops import health

    def broken_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(health, "record_sources", broken_disk)
    with pytest.raises(OSError, match="No space left"):
        runner.run_once(db_path, feeds=[site.url("feeds/news.atom")], settings=LOCAL_CRAWL)
    assert rows(db_path, "select status, exit_code, message from runs") == [
        ("error", 1, "OSError: No space left on device")]
    assert rows(db_path, "select count(*) from documents")[0][0] == 3  # the crawl's documents are kept
    lock = runner.RunLock(db_path)
    assert lock.acquire() is None  # released, and emptied: not mistaken for a killed run
    lock.release()


def test_claims_are_extracted_while_the_crawl_runs(db_path, site, nlp):
    """The crawl is slowed to one request a second; extraction starts on the first stored document."""
    slow = {**LOCAL_CRAWL, "DOWNLOAD_DELAY": 1.0, "RANDOMIZE_DOWNLOAD_DELAY": False}
    outcome = runner.run_once(db_path, feeds=[site.url("feeds/news.atom")], settings=slow, nlp=nlp)
    assert outcome.exit_code == 0
    assert len(outcome.new_documents) == 3
    assert 1 <= outcome.extracted_during_crawl <= 3
    assert rows(db_path, "select count(*) from documents where analysed_version_id is not current_version_id") == [(0,)]
    # The same claims as extracting after the crawl: each document's claims are stored once.
    by_document = dict(rows(db_path, "select document_id, count(*) from claims group by document_id"))
    assert sum(by_document.values()) == len(outcome.new_claims) > 0
    assert rows(db_path, "select count(*) from (select id from claims group by id having count(*) > 1)") == [(0,)]


def test_extraction_failing_during_the_crawl_keeps_the_documents(db_path, site, monkeypatch):
    def no_model(model):
        raise RuntimeError("model missing")

    monkeypatch.setattr(runner, "_pipeline", no_model)
    slow = {**LOCAL_CRAWL, "DOWNLOAD_DELAY": 0.5, "RANDOMIZE_DOWNLOAD_DELAY": False}
    outcome = runner.run_once(db_path, feeds=[site.url("feeds/news.atom")], settings=slow)
    assert outcome.exit_code == 1
    assert outcome.fatal == ["extraction failed: model missing"]  # once, not once per attempt
    assert rows(db_path, "select count(*) from documents") == [(3,)]
    assert rows(db_path, "select count(*) from claims") == [(0,)]


def test_processes_after_the_crawl():
    from lfrwatch.nlp.extract import processes_for

    assert processes_for(5, cpus=2) == 1  # a few documents: not worth starting workers
    assert processes_for(5000, cpus=2) == 2
    assert processes_for(5000, cpus=1) == 1
    assert processes_for(5000, cpus=16) == 2
