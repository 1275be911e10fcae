"""The run's log file on a full disk: said once on stderr, and the run goes on.

``/dev/full`` answers every write with ENOSPC, as a full disk does; the log
file is made a symbolic link to it (no root, no real filesystem filled).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FAST_CRAWL, FAST_CRAWL_ARGS, FIXTURES

from lfrwatch.ops.logs import LOG_NAME, setup_logging, teardown_logging

FULL = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")


@pytest.fixture
def full_log_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / LOG_NAME).symlink_to(FULL)
    monkeypatch.setenv("LFRWATCH_LOG_DIR", str(folder))
    return folder


def test_a_log_file_that_cannot_be_written_is_reported_once(full_log_dir, db_path, capfd):
    path = setup_logging(db_path, quiet=True)
    logger = logging.getLogger("lfrwatch.ops.runner")
    try:
        for n in range(300):
            logger.info("line %d of a run", n)
    finally:
        teardown_logging()
    err = capfd.readouterr().err
    assert "Logging error" not in err
    assert err.splitlines() == [f"error: cannot write the log file {path}: No space left on device; "
                                "going on without it (disk full?)"]


def test_a_run_with_its_log_on_a_full_disk_says_so_once_and_goes_on(full_log_dir, db_path, serve, tmp_path):
    site = serve(FIXTURES / "feedsite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LFRWATCH_")}
    env["LFRWATCH_LOG_DIR"] = str(full_log_dir)
    result = subprocess.run(
        [sys.executable, "-m", "lfrwatch.cli", "run", "--quiet", "--db", db_path, "--feed", site.url("feeds/news.rss"),
         *FAST_CRAWL_ARGS, "-s", "LFRWATCH_LOOPBACK_ONLY=True"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    lines = result.stderr.splitlines()
    assert "Logging error" not in result.stderr and "Traceback" not in result.stderr
    assert lines[0].startswith("error: cannot write the log file ") and "No space left on device" in lines[0]
    # The rest is what a run on a sound disk says: its feed's two bad URLs and the summary line.
    assert result.returncode == 3, result.stderr
    assert len(lines) == 4, result.stderr
    assert lines[-1].startswith("lfrwatch run 1: partial (exit code 3)")


def test_the_crawl_child_with_its_scrapy_log_on_a_full_disk_says_so_once_and_crawls_on(full_log_dir, db_path, serve,
                                                                                        capfd):
    from lfrwatch.crawl.process import run_crawl

    site = serve(FIXTURES / "feedsite")
    crawl_log = full_log_dir / "crawl.current.log"  # as `lfrwatch run` names it
    crawl_log.symlink_to(FULL)
    result = run_crawl(db_path, feeds=[site.url("feeds/news.rss")], settings={**FAST_CRAWL, "LOG_FILE_APPEND": False},
                       log_level="INFO", log_file=str(crawl_log))
    err = capfd.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
    assert err.splitlines() == [f"error: cannot write the log file {crawl_log}: No space left on device; "
                                "going on without it (disk full?)"]
    assert result.stored == 3 and result.returncode == 0
