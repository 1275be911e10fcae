"""The arithmetic behind two of the benchmark's figures (no timings: see tests/bench/test_benchmarks_smoke.py)."""

from __future__ import annotations

import pytest

from benchmarks.cluster_bench import scaling_ceiling
from benchmarks.crawl_bench import NLP_SHARE_TARGET, cpu_ceiling, nlp_share_rows
from benchmarks.nlp_bench import _pooled, plain_figures


def test_the_cpu_ceiling_shares_the_cores_between_crawler_and_server():
    # 8 ms of crawler and 0.5 ms of server CPU a page: 2 cores give at most 2 / 0.0085 pages a second.
    assert cpu_ceiling(2, 0.008, 0.0005) == pytest.approx(235.29, abs=0.01)
    assert cpu_ceiling(1, 0.008, 0.0005) == pytest.approx(117.65, abs=0.01)
    assert cpu_ceiling(2, 0.0, 0.0) == 0.0


def _run(mode, seconds, words=1000, cpu=None, n_process=1):
    return {"mode": mode, "n_process": n_process, "documents": 2, "claims": 5, "words": words,
            "seconds": seconds, "cpu_seconds": seconds if cpu is None else cpu}


def test_rounds_are_pooled_over_their_summed_time_not_averaged_as_rates():
    # 1,000 words in 1 s and 1,000 in 3 s: 2,000 words in 4 s is 500 words/s (the mean of the rates would be 666).
    pooled = _pooled([_run("plain", 1.0), _run("plain", 3.0)])
    assert pooled["words"] == 2000 and pooled["seconds"] == 4.0
    assert pooled["words_per_second"] == pytest.approx(500.0)


def test_the_end_to_end_ceiling_reads_every_plain_round_of_its_process_count():
    details = {"runs": [_run("plain", 1.0, n_process=2), _run("lfrwatch", 9.0, n_process=2),
                        _run("plain", 3.0, n_process=2), _run("plain", 0.5, n_process=1)]}
    figures = plain_figures(details, 2)
    assert figures["seconds"] == 4.0 and figures["words_per_second"] == pytest.approx(500.0)
    assert plain_figures(details, 4) is None


def test_the_scaling_ceiling_counts_the_client_on_the_same_cores():
    # 1 worker did 10 docs/s; at 2 workers each doc costs 0.08 s of workers and 0.02 s of client and scheduler:
    # 2 cores do at most 20 docs/s, 2x. With the client at 0.03 s, at most 2 / 0.11 = 18.2 docs/s, 1.82x.
    assert scaling_ceiling(2, 10.0, 0.08, 0.02) == pytest.approx(2.0)
    assert scaling_ceiling(2, 10.0, 0.08, 0.03) == pytest.approx(1.818, abs=0.001)
    assert scaling_ceiling(2, 0.0, 0.08, 0.02) == 0.0


def test_the_nlp_share_sets_the_crawl_cpu_per_document_against_every_one_process_extract_round():
    crawl = {"lfrwatch": {"cpu_per_document": 0.008}}
    nlp = {"runs": [_run("lfrwatch", 20.0, cpu=20.0), _run("lfrwatch", 9.0, cpu=30.0, n_process=2),
                    _run("plain", 5.0, cpu=5.0), _run("lfrwatch", 20.0, cpu=12.0)]}
    # lfrwatch extract, 1 process: 32 CPU seconds over 4 documents, 8 s a document; 0.008 / 8 = 0.001.
    [row] = nlp_share_rows(crawl, nlp)
    assert row.value == pytest.approx(0.001) and row.holds is (0.001 < NLP_SHARE_TARGET)
    assert crawl["nlp_share"]["nlp_cpu_per_document"] == pytest.approx(8.0)
    assert nlp_share_rows(crawl, {"runs": [_run("plain", 5.0)]}) == []
