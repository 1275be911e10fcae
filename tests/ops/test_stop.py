"""Stopping and killing runs: workers die with their run, the lock is judged by a live holder, SIGTERM stops cleanly.

Real processes and real signals: `lfrwatch run` and `lfrwatch extract` are
started as commands, and killed while two spaCy workers extract.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST_CRAWL_ARGS, FIXTURES, REPO

from lfrwatch import store
from lfrwatch.ops import runner

FEEDSITE = FIXTURES / "feedsite"
EVAL_TEXTS = REPO / "data" / "eval" / "texts"
LOCAL_CRAWL_ARGS = [*FAST_CRAWL_ARGS, "-s", "LFRWATCH_LOOPBACK_ONLY=True"]
DOCS = REPO / "docs" / "unattended.md"


@pytest.fixture
def site(serve):
    return serve(FEEDSITE)


def seed_documents(db_path: str, count: int) -> None:
    """``count`` stored documents not analysed yet (the eval set's invented texts, each made distinct)."""
    texts = sorted(EVAL_TEXTS.glob("*.txt"))
    db = store.open_db(db_path)
    try:
        for n in range(count):
            url = f"http://127.0.0.1:9/articles/seeded-{n}"
            store.store_document(db, {"url": url, "canonical_url": url, "title": f"Seeded {n}", "source": "feed",
                                      "publisher": "Test Police", "text": texts[n % len(texts)].read_text()
                                      + f"\n\nThis is copy {n}."})
    finally:
        db.close()


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def children(pid: int) -> dict[int, bytes]:
    """The live children of ``pid`` and their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is None or int(fields[1]) != pid or fields[0] == "Z":
            continue
        try:
            found[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
    return found


def spacy_workers(pid: int) -> list[int] | None:
    """The two children ``pid`` forked for spaCy (its own command line, not the crawl's), once both exist."""
    found = [child for child, command in children(pid).items()
             if b"lfrwatch.cli" in command and b"lfrwatch.crawl.process" not in command]
    return found if len(found) == 2 else None


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def start(args: list[str], tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """The command, its stderr in a file (a pipe would be held open by any orphan)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LFRWATCH_")}
    stderr = tmp_path / "stderr.txt"
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "lfrwatch.cli", *args], cwd=tmp_path, env=env,
                                   stdout=subprocess.DEVNULL, stderr=err)
    return process, stderr


def kill_all(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_args(db_path: str, site) -> list[str]:
    # --processes 2: the workers `lfrwatch run` starts by default when 200 or more documents are left.
    return ["run", "--quiet", "--processes", "2", "--db", db_path, "--feed", site.url("feeds/news.atom"),
            *LOCAL_CRAWL_ARGS]


def rows(db_path: str, sql: str):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


# -- killed while extracting ------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_workers_extract_stops_the_run_cleanly(db_path, site, tmp_path, signum):
    seed_documents(db_path, 120)
    victim, stderr = start(run_args(db_path, site), tmp_path)
    workers: list[int] = []
    try:
        workers = wait_for(lambda: spacy_workers(victim.pid), 60, "two spaCy workers")
        os.kill(victim.pid, signum)
        time.sleep(0.05)
        os.kill(victim.pid, signum)  # a second signal does not cut the cleanup short (the run is not reaped yet)
        victim.wait(timeout=20)
        wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers to end with the run")
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
        kill_all(workers)
    said = stderr.read_text()
    name = signal.Signals(signum).name
    assert victim.returncode == 128 + signum, said  # 143 for SIGTERM, 130 for SIGINT
    assert said.splitlines() == [f"error: lfrwatch run 1: stopped by {name}; the run is marked interrupted and the "
                                 "lock released; the next run finishes its work"]
    assert rows(db_path, "select status, exit_code, message from runs") == [
        ("interrupted", 128 + signum, f"stopped by {name}")]
    # Released cleanly: the next run takes the lock at once, with no stale lock to report.
    lock = runner.RunLock(db_path)
    assert lock.acquire() is None
    lock.release()


def test_sigkill_while_workers_extract_leaves_no_worker_and_no_lock(db_path, site, tmp_path):
    seed_documents(db_path, 120)
    victim, _ = start(run_args(db_path, site), tmp_path)
    workers: list[int] = []
    try:
        workers = wait_for(lambda: spacy_workers(victim.pid), 60, "two spaCy workers")
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        wait_for(lambda: not any(alive(pid) for pid in workers), 5, "the workers to die with the run")
    finally:
        kill_all(workers)
    lock = runner.RunLock(db_path)
    try:
        note = lock.acquire()  # before: RunBusyError naming the dead run, for as long as its workers lived
    finally:
        lock.release()
    assert note and f"took over a stale lock: the run with pid {victim.pid}" in note
    assert rows(db_path, "select status from runs") == [("running",)]  # the next run marks it interrupted


def test_extract_killed_leaves_no_worker(db_path, tmp_path):
    seed_documents(db_path, 120)
    victim, _ = start(["extract", "--processes", "2", "--db", db_path], tmp_path)
    workers: list[int] = []
    try:
        workers = wait_for(lambda: spacy_workers(victim.pid), 60, "two spaCy workers")
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        wait_for(lambda: not any(alive(pid) for pid in workers), 5, "the workers to die with extract")
    finally:
        kill_all(workers)


# -- the lock ---------------------------------------------------------------------------------------

HOLD_AND_FORK = """
import os, sys, time
from lfrwatch.ops.runner import RunLock
RunLock(sys.argv[1]).acquire()
if os.fork() == 0:       # a child that outlives its parent, as spaCy's workers did
    time.sleep(60)
    os._exit(0)
print("locked", flush=True)
time.sleep(60)
"""


def test_a_forked_child_of_a_dead_run_does_not_hold_its_lock(db_path, tmp_path):
    Path(db_path).parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_AND_FORK, db_path], stdout=subprocess.PIPE, text=True)
    orphans: list[int] = []
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(runner.RunBusyError, match=f"pid {holder.pid}"):
            runner.RunLock(db_path).acquire()  # alive: busy
        orphans = wait_for(lambda: list(children(holder.pid)), 5, "the forked child")
        holder.kill()
        holder.wait()
        assert all(alive(pid) for pid in orphans)  # the child lives on, the file still open in it
        lock = runner.RunLock(db_path)
        note = lock.acquire()
        lock.release()
        assert f"the run with pid {holder.pid}" in note and "no longer running" in note
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        kill_all(orphans)


def test_a_reused_pid_is_not_taken_for_the_run(db_path):
    """The file names a live process, but one started after the lock was taken: its PID was reused."""
    from lfrwatch.ops import lock as run_lock

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        Path(db_path).parent.mkdir(parents=True)
        ticks = run_lock.process_start_ticks(other.pid)
        Path(db_path + ".lock").write_text(json.dumps({"pid": other.pid, "pid_start_ticks": ticks - 1,
                                                       "started_at": "2025-01-01T00:00:00+00:00"}))
        assert not run_lock.holder_alive(json.loads(Path(db_path + ".lock").read_text()))
        lock = runner.RunLock(db_path)
        note = lock.acquire()
        lock.release()
        assert f"the run with pid {other.pid}" in note
        # Written by an earlier lfrwatch (no start ticks): a process started after the lock was taken is not it.
        assert not run_lock.holder_alive({"pid": other.pid, "started_at": "2025-01-01T00:00:00+00:00"})
        assert run_lock.holder_alive({"pid": other.pid, "started_at": "2099-01-01T00:00:00+00:00"})
    finally:
        other.kill()
        other.wait()


EARLIER_LFRWATCH = """
import fcntl, json, os, sys, time
from datetime import datetime, timezone
fd = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)   # how lfrwatch locked before: flock, PID and time
os.write(fd, json.dumps({"pid": os.getpid(), "started_at": datetime.now(timezone.utc).isoformat()}).encode())
print("locked", flush=True)
time.sleep(60)
"""


def test_a_live_run_of_an_earlier_lfrwatch_is_respected(db_path):
    Path(db_path).parent.mkdir(parents=True)
    earlier = subprocess.Popen([sys.executable, "-c", EARLIER_LFRWATCH, db_path], stdout=subprocess.PIPE, text=True)
    try:
        assert earlier.stdout.readline().strip() == "locked"
        with pytest.raises(runner.RunBusyError, match=f"pid {earlier.pid}"):
            runner.RunLock(db_path).acquire()
    finally:
        earlier.kill()
        earlier.wait()
    lock = runner.RunLock(db_path)
    assert f"the run with pid {earlier.pid}" in lock.acquire()  # once it is gone, its lock is stale
    lock.release()


# -- what the docs promise --------------------------------------------------------------------------


def _ini_after(text: str, marker: str) -> configparser.ConfigParser:
    block = re.search(re.escape(marker) + r".*?```ini\n(.*?)```", text, re.S)
    assert block, f"no ini block after {marker}"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string(block.group(1))
    return parser


def test_the_documented_systemd_unit_fails_on_exit_5_and_every_code_but_3():
    unit = _ini_after(DOCS.read_text(), "~/.config/systemd/user/lfrwatch.service")
    service = unit["Service"]
    assert service["ExecStart"].split()[1:3] == ["run", "--quiet"]
    success = {int(code) for code in service.get("SuccessExitStatus", "").split()}
    assert success == {runner.EXIT_PARTIAL}
    assert not success & {runner.EXIT_BUSY, runner.EXIT_ERROR, runner.EXIT_BROKEN, runner.EXIT_STOPPED}


def test_the_documented_exit_codes_are_the_runners():
    text = DOCS.read_text()
    table = text[text.index("## Exit codes"):text.index("## Scheduling with cron")]
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", table, re.M)}
    assert documented == set(runner.EXIT_CODES)
