"""End to end and memory: crawl a loopback site and extract claims, as `lfrwatch run` does.

One run per corpus size, each in a fresh database: ``start_crawl`` (the crawl
child process) while ``extract_while`` extracts what it has stored so far with
one spaCy process, then ``extract_claims`` with the real pipeline and
``n_process`` spaCy workers for the rest. Documents per second count from the start of the
crawl to the last claim stored, model loading included. The spaCy-only
ceiling is plain ``nlp.pipe`` with the same number of processes over the same
kind of text, measured in the same benchmark run (the NLP measurement's
figure when it ran, else a sample measured here), turned into documents per
second with the mean words per document of the crawled texts.

Memory: a sampler sums the resident memory of the run's whole process tree
(the run, the crawl process, spaCy's workers) every 0.25 s from /proc; each
process's own peak comes from ``getrusage``. Two sizes show whether memory
grows with the corpus.

Run as ``python -m benchmarks.e2e_bench ARGS_FILE RESULT_FILE`` for one size.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from benchmarks.common import Row, TreeMemorySampler, child_main, fresh_dir, run_child
from benchmarks.corpus import write_site
from benchmarks.crawl_bench import CRAWL_SETTINGS
from benchmarks.nlp_bench import BATCH_SIZE, plain_figures

E2E_TARGET = 0.9
MEMORY_TARGET_MB = 1536
N_PROCESS = 2


def one_run(db: str, feeds: list[str], n_process: int = N_PROCESS, batch_size: int = BATCH_SIZE,
            timeout: float = 7200) -> dict[str, Any]:
    """What `lfrwatch run` does between its crawl and its claims: the crawl in its child process while
    this process extracts what is stored so far (one spaCy process), then the rest with ``n_process``."""
    from lfrwatch import store
    from lfrwatch.crawl.process import start_crawl
    from lfrwatch.nlp.extract import extract_claims, extract_while
    from lfrwatch.nlp import load_pipeline

    started = time.perf_counter()
    crawl = start_crawl(db, feeds=feeds, settings=CRAWL_SETTINGS, timeout=timeout)
    nlp = load_pipeline()
    loaded = time.perf_counter()
    database = store.open_db(db)
    during = extract_while(database, crawl.running, nlp=nlp, batch_size=batch_size)
    result = crawl.result()
    crawled = time.perf_counter()
    crawl_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rest = extract_claims(database, nlp=nlp, batch_size=batch_size, n_process=n_process)
    finished = time.perf_counter()
    database.close()
    return {
        "documents_stored": result.stored,
        "crawl_errors": len(result.errors),
        "documents": during.documents + rest.documents,
        "documents_during_crawl": during.documents,
        "claims": during.claims + rest.claims,
        "words": during.words + rest.words,
        "crawl_seconds": crawled - started,
        "load_seconds": loaded - started,
        "extract_seconds": finished - crawled,
        "seconds": finished - started,
        "crawl_maxrss_mb": crawl_maxrss,
    }


def run_size(articles: int, feed_size: int, *, timeout: float) -> dict[str, Any]:
    from benchmarks.server import FastMirrorServer

    site = write_site(articles, feed_size=feed_size)
    work = fresh_dir(f"e2e-{articles}")
    sampler = TreeMemorySampler()
    with FastMirrorServer(site.root) as mirror:
        result = run_child("benchmarks.e2e_bench", {"db": str(work / "lfrwatch.db"),
                                                     "feeds": site.feed_urls(mirror.base_url), "timeout": timeout},
                           timeout=timeout, sampler=sampler)
    result.update({
        "articles": articles,
        "peak_tree_mb": sampler.peak_total / 2**20,
        "peak_pss_mb": sampler.peak_pss / 2**20,
        "peak_single_mb": sampler.peak_single / 2**20,
        "peak_processes": sampler.peak_processes,
        "docs_per_second": result["documents"] / result["seconds"] if result["seconds"] else 0.0,
        "mean_words": result["words"] / result["documents"] if result["documents"] else 0.0,
    })
    return result


def measure_ceiling(sample: int, *, timeout: float) -> dict[str, Any]:
    """Plain nlp.pipe with N_PROCESS processes over ``sample`` corpus articles (when the NLP step did not run)."""
    from benchmarks.nlp_bench import build_database

    work = fresh_dir("e2e-ceiling")
    build_database(work / "lfrwatch.db", sample)
    result = run_child("benchmarks.nlp_bench", {"mode": "plain", "db": str(work / "lfrwatch.db"),
                                                "n_process": N_PROCESS}, timeout=timeout)
    return result


def run(sizes: tuple[int, ...], feed_size: int, *, nlp_details: dict[str, Any] | None = None,
        ceiling_sample: int = 400, timeout: float = 7200) -> tuple[list[Row], dict[str, Any]]:
    runs = [run_size(n, feed_size, timeout=timeout) for n in sorted(sizes)]
    details: dict[str, Any] = {"runs": runs}
    rows: list[Row] = []
    for r in runs:
        rows += [
            Row("memory", f"peak memory (sum of PSS), process tree, {r['articles']:,} docs end to end",
                r["peak_pss_mb"], "MB", f"< {MEMORY_TARGET_MB:,}", r["peak_pss_mb"] < MEMORY_TARGET_MB),
            Row("memory", "  same as sum of RSS (shared pages counted per process)", r["peak_tree_mb"], "MB"),
            Row("memory", f"  largest process: crawl {r['crawl_maxrss_mb']:.0f} MB, extract main "
                          f"{r['maxrss_self_mb']:.0f} MB, worker/crawl max", r["maxrss_children_mb"], "MB"),
        ]
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        growth = large["peak_pss_mb"] / small["peak_pss_mb"] if small["peak_pss_mb"] else 0.0
        size_ratio = large["articles"] / small["articles"]
        rows.append(Row("memory", f"peak growth for {size_ratio:.0f}x the documents", growth, "x",
                        "flat (< 1.25x)", growth < 1.25))
        details["growth"] = growth
    largest = runs[-1]
    # The spaCy-only ceiling, in documents per second of these texts.
    wps = ceiling_cpu_per_word = None
    plain = plain_figures(nlp_details, N_PROCESS) if nlp_details else None
    if plain is not None:
        wps = plain["words_per_second"]
        ceiling_cpu_per_word = plain["cpu_seconds"] / plain["words"]
        details["ceiling_source"] = f"NLP measurement (plain nlp.pipe, {N_PROCESS} processes, " \
                                    f"{plain['documents']:,} docs, every round)"
    if wps is None:
        measured = measure_ceiling(min(ceiling_sample, largest["articles"]), timeout=timeout)
        wps = measured["words"] / measured["seconds"]
        ceiling_cpu_per_word = measured["cpu_seconds"] / measured["words"]
        details["ceiling_source"] = f"plain nlp.pipe, {N_PROCESS} processes, {measured['documents']:,} docs " \
                                    f"sampled here"
    ceiling = wps / largest["mean_words"] if largest["mean_words"] else 0.0
    ratio = largest["docs_per_second"] / ceiling if ceiling else 0.0
    details.update({"ceiling_words_per_second": wps, "ceiling_docs_per_second": ceiling, "ratio": ratio})
    # The same by CPU time: CPU-seconds per word of plain nlp.pipe vs of the whole run (crawl process, model
    # loading, extraction and its workers; the loopback server is not counted).
    run_cpu = largest["cpu_self_seconds"] + largest["cpu_children_seconds"]
    cpu_ratio = (ceiling_cpu_per_word * largest["words"]) / run_cpu if run_cpu and ceiling_cpu_per_word else 0.0
    details["cpu_ratio"] = cpu_ratio
    n = largest["articles"]
    rows += [
        Row("e2e", f"crawl {n:,} docs ({largest['crawl_seconds']:.0f} s, {largest['documents_during_crawl']:,} extracted "
                   f"meanwhile) + the rest ({largest['extract_seconds']:.0f} s, {N_PROCESS} procs)",
            largest["docs_per_second"], "docs/s"),
        Row("e2e", f"spaCy-only ceiling ({N_PROCESS} procs, {largest['mean_words']:.0f} words/doc)", ceiling, "docs/s"),
        Row("e2e", "end to end / ceiling", ratio, "ratio", f">= {E2E_TARGET}", ratio >= E2E_TARGET),
        Row("e2e", "  same by CPU time (spaCy CPU-s per word / run's CPU-s per word)", cpu_ratio, "ratio",
            f">= {E2E_TARGET}", cpu_ratio >= E2E_TARGET),
    ]
    return rows, details


if __name__ == "__main__":
    child_main(one_run)
