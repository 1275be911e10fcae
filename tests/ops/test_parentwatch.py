"""lfrwatch.ops.parentwatch: a child process ends when its parent is gone, with its caller's exit code."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest
from test_stop import alive, wait_for

from lfrwatch.ops import parentwatch

NOT_THE_PARENT = -1  # no process has this pid: a child told it is its parent finds its parent gone


def run_python(code: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("kernel", [True, False])
def test_a_child_whose_parent_is_already_gone_exits_at_once_with_its_code(kernel):
    done = run_python(f"""
        import time
        from lfrwatch.ops.parentwatch import die_with_parent
        die_with_parent({NOT_THE_PARENT}, interval=60, exit_code=7, kernel={kernel})
        time.sleep(30)
    """)
    assert done.returncode == 7, done.stderr


def test_the_watching_thread_ends_the_process_once_the_parent_changes():
    done = run_python("""
        import os, time
        from lfrwatch.ops import parentwatch
        parent = os.getppid()
        parentwatch.watch_parent(parent, interval=0.05, exit_code=5)
        time.sleep(0.3)  # the parent is there: the thread lets the process be
        print("still here", flush=True)
        os.getppid = lambda: parent + 1  # as the kernel reports it once the parent has died
        time.sleep(30)
    """)
    assert (done.returncode, done.stdout) == (5, "still here\n"), done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("kernel, interval", [(True, 600), (False, 0.05)], ids=["the kernel", "the thread"])
def test_a_child_ends_when_its_parent_is_killed(kernel, interval):
    """A parent starts a child that dies with it, then dies: the child is gone soon after (with an interval
    of 600 s, only the kernel's signal can have ended it; without the kernel, only the watching thread)."""
    child = textwrap.dedent(f"""
        import os, time
        from lfrwatch.ops.parentwatch import die_with_parent
        die_with_parent(os.getppid(), interval={interval}, exit_code=70, kernel={kernel})
        print("armed", flush=True)
        time.sleep(600)
    """)
    parent = run_python(f"""
        import os, subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", {child!r}], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)  # no pipe of ours held open by the child
        assert child.stdout.readline() == "armed\\n"
        print(child.pid, flush=True)
        os._exit(0)
    """)
    assert parent.returncode == 0, parent.stderr
    pid = int(parent.stdout)
    try:
        wait_for(lambda: not alive(pid), 10, "the child to end with its parent")
    finally:
        if alive(pid):
            os.kill(pid, 9)


def test_the_article_pool_workers_leave_with_exit_code_0():
    done = run_python(f"""
        import time
        from lfrwatch.crawl.article import _leave_with_parent
        _leave_with_parent({NOT_THE_PARENT})
        time.sleep(30)
    """)
    assert done.returncode == 0, done.stderr


def test_the_crawl_extension_says_why_and_exits_with_70(monkeypatch, caplog):
    from lfrwatch.crawl.extensions import ParentWatchExtension

    def no_exit(code):
        raise SystemExit(code)

    monkeypatch.setattr(parentwatch.os, "_exit", no_exit)
    ParentWatchExtension(os.getppid()).check()  # the parent is there: nothing happens
    assert not caplog.records
    with caplog.at_level(logging.ERROR), pytest.raises(SystemExit) as stopped:
        ParentWatchExtension(NOT_THE_PARENT).check()
    assert stopped.value.code == parentwatch.ORPHANED_EXIT_CODE == 70
    assert [r.getMessage() for r in caplog.records] == [
        f"lfrwatch: the run that started this crawl (pid {NOT_THE_PARENT}) is gone; stopping"]
