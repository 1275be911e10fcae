"""The worker processes that read `import-warc`'s kept pages (lfrwatch/history/pagepool.py): pages come back in
the order given, no more than the bound are out at a time, a page that kills its worker costs that page, and
what is submitted while the workers start waits for them."""

from __future__ import annotations

import os
import threading

import pytest
from warcfiles import RELEVANT_TEXT, page

from lfrwatch.history import pagepool
from lfrwatch.history.pagepool import PagePool
from lfrwatch.history.warcimport import READER_DIED, Candidate

MET = "https://news.met.police.uk/news/"


def candidate(n: int, payload: bytes | None = None) -> Candidate:
    url = MET + f"ilford-arrests-{n}"
    body = payload if payload is not None else page(f"Arrests in Ilford ({n})", RELEVANT_TEXT).encode()
    return Candidate("met_news", url, body, [("Content-Type", "text/html; charset=utf-8")],
                     {"warc_file": "/data/crawl.warc.gz", "warc_offset": n * 1000, "warc_record_id": f"<urn:{n}>"},
                     "2019-07-02T10:15:00Z")


class KillsItsReader(bytes):
    """A payload whose unpickling ends the process that receives it (a page that crashes its parser)."""

    def __reduce__(self):
        return os._exit, (9,)


@pytest.fixture
def pool():
    started = PagePool(1)
    yield started
    started.shutdown()


def test_pages_come_back_in_order_and_no_more_than_the_bound_are_out(pool, monkeypatch):
    monkeypatch.setattr(pagepool, "PENDING_PAGES", 3)
    out: list[int] = []
    pages = []
    for n in range(1, 11):
        pages += pool.submit(candidate(n))
        out.append(len(pool._pending))
    pages += pool.drain()

    assert [p.where["warc_offset"] for p in pages] == [n * 1000 for n in range(1, 11)]
    assert all(p.result.state == "article" for p in pages)
    assert pages[0].result.article["fetched_at"] == "2019-07-02T10:15:00+00:00"
    assert max(out) <= 3
    assert pool.cpu_seconds > 0


def test_a_page_that_kills_its_worker_costs_that_page_only(pool):
    given = [candidate(1), candidate(2, KillsItsReader(b"<html>")), candidate(3), candidate(4)]

    pages = [page for c in given for page in pool.submit(c)] + pool.drain()

    assert [p.uri for p in pages] == [c.uri for c in given]
    assert [p.result.state for p in pages] == ["article", "unreadable", "article", "article"]
    assert pages[1].result.reason == READER_DIED
    more = pool.submit(candidate(5)) + pool.drain()  # the pool goes on with a new worker
    assert [p.result.state for p in more] == ["article"]


def test_candidates_wait_in_the_pool_while_its_workers_start(monkeypatch):
    """The workers start in the background: what is submitted meanwhile waits (the import's loop goes on), then
    goes to them in order."""
    up = threading.Event()
    real = pagepool._Reader.__init__

    def slow_start(self, context):
        assert up.wait(30), "the pool waited for its workers before handing anything back"
        real(self, context)

    monkeypatch.setattr(pagepool._Reader, "__init__", slow_start)
    started = PagePool(1)
    try:
        early = [page for n in (1, 2, 3) for page in started.submit(candidate(n))]
        assert early == []
        up.set()
        pages = started.drain()
    finally:
        up.set()
        started.shutdown()

    assert [p.where["warc_offset"] for p in pages] == [1000, 2000, 3000]
    assert all(p.result.state == "article" for p in pages)
