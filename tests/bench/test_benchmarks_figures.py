"""The arithmetic behind two of the benchmark's figures (no timings: see tests/bench/test_benchmarks_smoke.py)."""

from __future__ import annotations

import pytest

from benchmarks.crawl_bench import cpu_ceiling
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
