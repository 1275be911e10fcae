"""Crawl and re-crawl: `lfrwatch crawl` of a loopback site against the spider a user would write for the job.

The site (:func:`benchmarks.corpus.write_site`) has ``articles`` article pages
and RSS feeds of ``feed_size`` entries each. The peer
(:mod:`benchmarks.peer_spider`, issue #23) is a Scrapy spider that reads each
page with trafilatura and stores it with sqlite-utils; the target is
lfrwatch's crawl at least as fast (>= 1.0), by wall clock and by CPU time per
page (each crawler's processes and their children, the loopback server
apart). Every crawler gets the same feed URLs and the same traffic settings
(lfrwatch's concurrency, timeouts and retries, robots.txt obeyed,
AutoThrottle off, no download delay). The server is measured alone first, so
a slow server is named as such rather than hiding in every figure.

Wall-clock speed on a shared 2-core virtual machine drifts by a factor of two
from one minute to the next, so the crawlers run in alternating rounds
(peer, lfrwatch, fast peer, bare, bound, peer, lfrwatch, ...; each crawl into a
fresh database) and each figure is the median of its runs; every run's
figures are kept in the details, and each round's own lfrwatch / peer ratio
is printed.

Three more crawlers, for reference, not competitors:

- the peer with trafilatura in its fast mode (the options lfrwatch reads
  article text with): what the peer could reach tuned;
- the bare Scrapy spider (:mod:`benchmarks.bare_spider`: fetch, nothing
  else), the old peer whose 0.7 target issue #23 retired;
- the bound: the real crawl child with article reading stubbed out
  (:mod:`benchmarks.crawl_without_reading`), what an archive-only crawl
  could reach.

The re-crawl runs `lfrwatch crawl` again over the last database with nothing
changed, and counts what the server was asked and what the spider re-parsed.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.common import Row, children_cpu, dir_size, fresh_dir, own_cpu, run_child
from benchmarks.corpus import Site, write_site

#: What the benchmark changes from lfrwatch's polite defaults, for both crawlers.
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": True,
                  "LFRWATCH_LOOPBACK_ONLY": True}  # the benchmark site is on 127.0.0.1
#: lfrwatch crawl / the trafilatura + sqlite-utils peer, by wall clock and by CPU per page (issue #23).
CRAWL_TARGET = 1.0
#: The bare spider's old target, retired by issue #23 (printed beside its ratio, not checked).
RETIRED_BARE_TARGET = 0.7
#: The crawl's CPU per page against the NLP's CPU per document (lfrwatch extract, 1 process): under this.
NLP_SHARE_TARGET = 0.10


@dataclass
class CrawlRun:
    seconds: float
    requests: int
    statuses: Counter
    report: dict[str, Any]
    cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _log_slice(mirror, start: int) -> tuple[int, Counter]:
    entries = mirror.log[start:]
    return len(entries), Counter(e.status for e in entries)


def measure_server(mirror, site: Site, requests: int, concurrency: int) -> dict[str, Any]:
    paths = sorted("/articles/" + p.name for p in (site.root / "articles").iterdir())
    start = len(mirror.log)
    result = run_child("benchmarks.loadgen",
                       {"port": mirror.port, "paths": paths, "count": requests, "concurrency": concurrency,
                        "max_seconds": 120}, timeout=300)
    del mirror.log[start:]
    result["per_second"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    return result


def lfrwatch_crawl(mirror, site: Site, db: Path, *, timeout: float) -> CrawlRun:
    from lfrwatch.crawl.process import run_crawl

    start = len(mirror.log)
    cpu, server_cpu = children_cpu(), own_cpu()  # this process: the loopback site's server
    started = time.perf_counter()
    result = run_crawl(str(db), feeds=site.feed_urls(mirror.base_url), settings=CRAWL_SETTINGS, timeout=timeout)
    seconds = time.perf_counter() - started
    cpu, server_cpu = children_cpu() - cpu, own_cpu() - server_cpu
    requests, statuses = _log_slice(mirror, start)
    report = {key: result.total(key) for key in ("found", "new", "changed", "unchanged", "not_reparsed",
                                                  "skipped_irrelevant")}
    report["errors"] = len(result.errors)
    report["first_errors"] = result.errors[:3]
    return CrawlRun(seconds, requests, statuses, report, cpu, server_cpu)


def _child_crawl(mirror, module: str, args: dict[str, Any], *, timeout: float,
                 env: dict[str, str] | None = None) -> CrawlRun:
    """A crawl run as ``python -m MODULE`` (:func:`benchmarks.common.run_child`), with what the server saw."""
    start = len(mirror.log)
    cpu, server_cpu = children_cpu(), own_cpu()
    result = run_child(module, args, timeout=timeout, env=env)
    cpu, server_cpu = children_cpu() - cpu, own_cpu() - server_cpu
    requests, statuses = _log_slice(mirror, start)
    return CrawlRun(result["wall_seconds"], requests, statuses, result, cpu, server_cpu)


def bare_crawl(mirror, site: Site, *, timeout: float) -> CrawlRun:
    return _child_crawl(mirror, "benchmarks.bare_spider",
                        {"feeds": site.feed_urls(mirror.base_url), "settings": CRAWL_SETTINGS}, timeout=timeout)


def peer_crawl(mirror, site: Site, db: Path, *, fast: bool = False, timeout: float) -> CrawlRun:
    """The peer (:mod:`benchmarks.peer_spider`): trafilatura and sqlite-utils in one Scrapy process."""
    return _child_crawl(mirror, "benchmarks.peer_spider",
                        {"db": str(db), "feeds": site.feed_urls(mirror.base_url), "settings": CRAWL_SETTINGS,
                         "fast": fast}, timeout=timeout)


def crawl_without_reading(mirror, site: Site, db: Path, *, timeout: float) -> CrawlRun:
    """`lfrwatch crawl` with its page reading stubbed out (:mod:`benchmarks.crawl_without_reading`): a bound."""
    return _child_crawl(mirror, "benchmarks.crawl_without_reading",
                        {"db": str(db), "feeds": site.feed_urls(mirror.base_url), "settings": CRAWL_SETTINGS},
                        timeout=timeout, env={"SCRAPY_SETTINGS_MODULE": "lfrwatch.crawl.settings"})


def _median_run(runs: list[CrawlRun]) -> CrawlRun:
    """The run with the median pages/s (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda r: r.pages_per_second)
    return ordered[(len(ordered) - 1) // 2]


def _cpu_per_page(runs: list[CrawlRun]) -> float:
    """The median of the runs' CPU seconds per request."""
    return statistics.median(r.cpu_seconds / max(r.requests, 1) for r in runs)


def _server_cpu_per_page(runs: list[CrawlRun]) -> float:
    """The median of the server's CPU seconds per request over the runs."""
    return statistics.median(r.server_cpu_seconds / max(r.requests, 1) for r in runs)


def cpu_ceiling(cores: int, crawler_cpu: float, server_cpu: float) -> float:
    """Pages/s the machine could give a crawler at these CPU seconds per page, every core busy and nothing idle.

    The crawler and the loopback server share the cores, so neither can go
    faster than ``cores / (crawler + server CPU per page)`` however its work
    is spread; the benchmark's ratio against the bare spider cannot exceed
    this ceiling over the bare spider's pages/s.
    """
    per_page = crawler_cpu + server_cpu
    return cores / per_page if per_page > 0 else 0.0


def _run_figures(run: CrawlRun) -> dict[str, Any]:
    return {"seconds": run.seconds, "cpu_seconds": run.cpu_seconds, "server_cpu_seconds": run.server_cpu_seconds,
            "requests": run.requests,
            "pages_per_second": run.pages_per_second, "statuses": dict(run.statuses)}


def run(articles: int, feed_size: int, *, recrawl: bool = True, server_requests: int | None = None,
        repeats: int = 3, timeout: float = 3600) -> tuple[list[Row], dict[str, Any]]:
    from lfrwatch.crawl.mirror import MirrorServer
    from lfrwatch.crawl.settings import CONCURRENT_REQUESTS_PER_DOMAIN

    from benchmarks.server import FastMirrorServer

    site = write_site(articles, feed_size=feed_size)
    rows: list[Row] = []
    details: dict[str, Any] = {"articles": articles, "feeds": len(site.feed_paths), "feed_size": feed_size,
                               "mean_page_kb": site.mean_page_kb}
    conns = CONCURRENT_REQUESTS_PER_DOMAIN
    # MirrorServer as shipped, alone: few requests, it is slow (see benchmarks/server.py).
    with MirrorServer(site.root) as plain:
        shipped = measure_server(plain, site, min(articles, 300), concurrency=conns)
    details["server_shipped"] = shipped
    with FastMirrorServer(site.root) as mirror:
        server = measure_server(mirror, site, server_requests or min(articles, 2000), concurrency=conns)
        details["server"] = server
        runs: dict[str, list[CrawlRun]] = {"peer": [], "lfrwatch": [], "peer_fast": [], "bare": [], "unread": []}
        round_ratios: list[float] = []
        for round_index in range(max(1, repeats)):
            # The two sides of the target run next to each other, in turn first, so a slow minute hits both.
            for side in (("peer", "lfrwatch") if round_index % 2 == 0 else ("lfrwatch", "peer")):
                if side == "peer":
                    runs["peer"].append(peer_crawl(mirror, site, fresh_dir("crawl-peer") / "peer.db",
                                                   timeout=timeout))
                else:
                    work = fresh_dir("crawl")  # each lfrwatch crawl a first crawl; the last one's database stays
                    runs["lfrwatch"].append(lfrwatch_crawl(mirror, site, work / "lfrwatch.db", timeout=timeout))
            round_ratios.append(runs["lfrwatch"][-1].pages_per_second / runs["peer"][-1].pages_per_second
                                if runs["peer"][-1].pages_per_second else 0.0)
            runs["peer_fast"].append(peer_crawl(mirror, site, fresh_dir("crawl-peer-fast") / "peer.db", fast=True,
                                                timeout=timeout))
            runs["bare"].append(bare_crawl(mirror, site, timeout=timeout))
            unread_db = fresh_dir("crawl-without-reading") / "lfrwatch.db"
            runs["unread"].append(crawl_without_reading(mirror, site, unread_db, timeout=timeout))
        peer, lfr, peer_fast = _median_run(runs["peer"]), _median_run(runs["lfrwatch"]), _median_run(runs["peer_fast"])
        bare, unread = _median_run(runs["bare"]), _median_run(runs["unread"])
        lfr_runs = runs["lfrwatch"]
        details["without_reading"] = {**_run_figures(unread), **unread.report,
                                      "runs": [_run_figures(r) for r in runs["unread"]]}
        details["bare"] = {**_run_figures(bare), "items": bare.report.get("items"),
                           "runs": [_run_figures(r) for r in runs["bare"]]}
        for name, median in (("peer", peer), ("peer_fast", peer_fast)):
            details[name] = {**_run_figures(median), **{k: median.report.get(k) for k in ("items", "stored", "errors")},
                             "runs": [{**_run_figures(r), "stored": r.report.get("stored")} for r in runs[name]]}
        details["lfrwatch"] = {**_run_figures(lfr), **lfr.report, "runs": [_run_figures(r) for r in lfr_runs]}
        details["lfrwatch"]["archive_mb"] = dir_size(work / "archive") / 2**20 if (work / "archive").exists() else 0
        details["lfrwatch"]["httpcache_mb"] = (dir_size(work / "httpcache") / 2**20
                                               if (work / "httpcache").exists() else 0)
        cpu = {name: _cpu_per_page(side_runs) for name, side_runs in runs.items()}
        server_cpu = {name: _server_cpu_per_page(side_runs) for name, side_runs in runs.items()}
        details["cpu_per_page"] = cpu
        # Per stored document (feeds and robots.txt ride on the articles): what the NLP share compares.
        details["lfrwatch"]["cpu_per_document"] = statistics.median(
            r.cpu_seconds / max(r.report["new"], 1) for r in lfr_runs)

        def speed_ratio(a: CrawlRun, b: CrawlRun) -> float:
            return a.pages_per_second / b.pages_per_second if b.pages_per_second else 0.0

        def cpu_ratio(baseline: str) -> float:  # > 1: lfrwatch spends less CPU a page than the baseline
            return cpu[baseline] / cpu["lfrwatch"] if cpu["lfrwatch"] else 0.0

        ratio, peer_cpu_ratio = speed_ratio(lfr, peer), cpu_ratio("peer")
        details["ratio"], details["cpu_ratio"], details["round_ratios"] = ratio, peer_cpu_ratio, round_ratios
        details["fast_peer_ratio"], details["fast_peer_cpu_ratio"] = speed_ratio(lfr, peer_fast), cpu_ratio("peer_fast")
        details["bare_ratio"], details["bare_cpu_ratio"] = speed_ratio(lfr, bare), cpu_ratio("bare")
        unread_ratio = speed_ratio(unread, peer)
        details["without_reading"]["ratio"] = unread_ratio
        from lfrwatch.crawl.article import usable_cores
        cores = usable_cores()
        lfr_ceiling = cpu_ceiling(cores, cpu["lfrwatch"], server_cpu["lfrwatch"])
        unread_ceiling = cpu_ceiling(cores, cpu["unread"], server_cpu["unread"])
        lfr_ceiling_ratio = lfr_ceiling / peer.pages_per_second if peer.pages_per_second else 0.0
        unread_ceiling_ratio = unread_ceiling / peer.pages_per_second if peer.pages_per_second else 0.0
        details["cpu_ceiling"] = {"cores": cores, "server_cpu_per_page": server_cpu,
                                  "lfrwatch_pages_per_second": lfr_ceiling, "lfrwatch_ratio": lfr_ceiling_ratio,
                                  "without_reading_pages_per_second": unread_ceiling,
                                  "without_reading_ratio": unread_ceiling_ratio}
        label = f"{articles:,} articles + {len(site.feed_paths)} feeds"
        of = f", median of {len(lfr_runs)}" if len(lfr_runs) > 1 else ""

        def spread(side_runs: list[CrawlRun]) -> str:
            speeds = [r.pages_per_second for r in side_runs]
            return f" ({min(speeds):.0f}-{max(speeds):.0f})" if len(side_runs) > 1 else ""

        def ms(seconds: float) -> str:
            return f"{1000 * seconds:.1f} ms"

        rounds = ("; rounds " + ", ".join(f"{r:.2f}" for r in round_ratios)) if len(round_ratios) > 1 else ""
        stored_by_peer = [r.report.get("stored", 0) for r in runs["peer"]]
        rows += [
            Row("crawl", f"lfrwatch MirrorServer alone ({shipped['requests']:,} GETs, {conns} conns)",
                shipped["per_second"], "req/s"),
            Row("crawl", f"same with TCP_NODELAY, used below ({server['requests']:,} GETs, {conns} conns)",
                server["per_second"], "req/s"),
            Row("crawl", f"peer: Scrapy + trafilatura + sqlite-utils, {label}{of}{spread(runs['peer'])}",
                peer.pages_per_second, "pages/s"),
            Row("crawl", f"lfrwatch crawl, {label}{of}{spread(lfr_runs)}", lfr.pages_per_second, "pages/s"),
            Row("crawl", f"lfrwatch crawl / peer spider, wall clock{rounds}", ratio, "ratio", f">= {CRAWL_TARGET}",
                ratio >= CRAWL_TARGET),
            Row("crawl", f"  by CPU per page, children included: peer {ms(cpu['peer'])}, lfrwatch "
                f"{ms(cpu['lfrwatch'])}; peer / lfrwatch", peer_cpu_ratio, "ratio", f">= {CRAWL_TARGET}",
                peer_cpu_ratio >= CRAWL_TARGET),
            Row("crawl", "documents stored by lfrwatch crawl (each run)", lfr.report["new"], "docs",
                f"= {articles:,}", all(r.report["new"] == articles for r in lfr_runs)),
            Row("crawl", "  pages stored by the peer (fewest of its runs)", min(stored_by_peer), "rows",
                f"= {articles:,}", min(stored_by_peer) == articles),
            Row("crawl", f"reference: peer with trafilatura's fast mode{of}{spread(runs['peer_fast'])}",
                peer_fast.pages_per_second, "pages/s"),
            Row("crawl", f"  lfrwatch crawl / fast peer (by CPU {details['fast_peer_cpu_ratio']:.2f}; "
                f"fast peer {ms(cpu['peer_fast'])} a page)", details["fast_peer_ratio"], "ratio"),
            Row("crawl", f"reference: bare Scrapy spider, no reading or storing{of}{spread(runs['bare'])}",
                bare.pages_per_second, "pages/s"),
            Row("crawl", f"  lfrwatch crawl / bare spider (target {RETIRED_BARE_TARGET} retired by #23; by CPU "
                f"{details['bare_cpu_ratio']:.2f}, bare {ms(cpu['bare'])} a page)", details["bare_ratio"], "ratio"),
            Row("crawl", f"bound: lfrwatch crawl with page reading stubbed out{of}{spread(runs['unread'])}",
                unread.pages_per_second, "pages/s"),
            Row("crawl", f"  bound / peer spider (CPU per page {ms(cpu['unread'])}; "
                f"{unread.report['new']:,} stand-in docs)", unread_ratio, "ratio"),
            Row("crawl", f"CPU ceiling of lfrwatch crawl: {cores} cores / (crawl {ms(cpu['lfrwatch'])} + server "
                f"{ms(server_cpu['lfrwatch'])} a page)", lfr_ceiling, "pages/s"),
            Row("crawl", "  ceiling / peer spider: the most this CPU per page allows", lfr_ceiling_ratio, "ratio"),
            Row("crawl", f"  same for the bound ({ms(cpu['unread'])} + {ms(server_cpu['unread'])}; "
                f"{unread_ceiling:.0f} pages/s)", unread_ceiling_ratio, "ratio"),
        ]
        if recrawl:
            again = lfrwatch_crawl(mirror, site, work / "lfrwatch.db", timeout=timeout)
            conditional = sum(1 for e in mirror.log[-again.requests:]
                              if "If-None-Match" in e.headers or "If-Modified-Since" in e.headers) \
                if again.requests else 0
            feeds = sum(1 for e in mirror.log[-again.requests:] if urlsplit(e.path).path.startswith("/feeds/")) \
                if again.requests else 0
            reparsed = again.report["found"] + again.report["skipped_irrelevant"] + again.report["errors"]
            details["recrawl"] = {"seconds": again.seconds, "cpu_seconds": again.cpu_seconds,
                                  "requests": again.requests,
                                  "statuses": dict(again.statuses), "conditional": conditional, "feeds": feeds,
                                  **again.report}
            expected = articles + len(site.feed_paths) + 1  # + robots.txt
            rows += [
                Row("recrawl", "requests made (articles + feeds + robots.txt)", again.requests, "requests",
                    f"<= {expected:,}", again.requests <= expected),
                Row("recrawl", "of which conditional (If-None-Match / If-Modified-Since)", conditional,
                    "requests", f"= {again.requests:,}", conditional == again.requests),
                Row("recrawl", "answered 304 Not Modified", again.statuses.get(304, 0), "responses"),
                Row("recrawl", "documents re-parsed", reparsed, "docs", "= 0", reparsed == 0),
                Row("recrawl", "not_reparsed reported by the spider", again.report["not_reparsed"], "docs",
                    f"= {articles:,}", again.report["not_reparsed"] == articles),
                Row("recrawl", "new or changed documents stored", again.report["new"] + again.report["changed"],
                    "docs", "= 0", again.report["new"] + again.report["changed"] == 0),
                Row("recrawl", "time", again.seconds, "s", f"< first crawl ({lfr.seconds:.1f} s)",
                    again.seconds < lfr.seconds),
                Row("recrawl", f"  CPU per request (first crawl "
                    f"{1000 * lfr.cpu_seconds / max(lfr.requests, 1):.1f} ms)",
                    1000 * again.cpu_seconds / max(again.requests, 1), "ms"),
            ]
    return rows, details


def nlp_share_rows(crawl_details: dict[str, Any], nlp_details: dict[str, Any]) -> list[Row]:
    """The crawl's CPU per page against the NLP's CPU per document, both measured in this run on the same corpus.

    The crawl's side is `lfrwatch crawl`'s CPU per stored document (its process and the extraction worker; the
    median of its runs); the NLP's is `lfrwatch extract` with one process over all its rounds (model loading
    apart, the claims' storing included).
    """
    nlp_runs = [r for r in nlp_details.get("runs", []) if r["mode"] == "lfrwatch" and r["n_process"] == 1]
    documents = sum(r["documents"] for r in nlp_runs)
    if not documents or "lfrwatch" not in crawl_details:
        return []
    nlp_cpu = sum(r["cpu_seconds"] for r in nlp_runs) / documents
    crawl_cpu = crawl_details["lfrwatch"]["cpu_per_document"]
    share = crawl_cpu / nlp_cpu if nlp_cpu else 0.0
    crawl_details["nlp_share"] = {"crawl_cpu_per_document": crawl_cpu, "nlp_cpu_per_document": nlp_cpu,
                                  "share": share}
    return [Row("crawl", f"crawl CPU per page ({1000 * crawl_cpu:.1f} ms) / NLP CPU per document "
                         f"({1000 * nlp_cpu:.0f} ms, lfrwatch extract, 1 process)", share, "ratio",
                f"< {NLP_SHARE_TARGET}", share < NLP_SHARE_TARGET)]
