"""The benchmark command runs end to end at a tiny size and prints every row with a number.

No timing thresholds here: figures at this size mean nothing, and performance
claims live in `python -m benchmarks` and benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import NAMES

REPO = Path(__file__).resolve().parents[2]

#: (measurement, start of the figure's label) that the full table must hold.
EXPECTED_ROWS = [
    ("nlp", "plain nlp.pipe, 1 process"),
    ("nlp", "lfrwatch extract, 1 process"),
    ("nlp", "lfrwatch extract / nlp.pipe, 1 process"),
    ("nlp", "plain nlp.pipe, 2 processes"),
    ("nlp", "lfrwatch extract, 2 processes"),
    ("nlp", "lfrwatch extract / nlp.pipe, 2 processes"),
    ("crawl", "lfrwatch MirrorServer alone"),
    ("crawl", "same with TCP_NODELAY"),
    ("crawl", "peer: Scrapy + trafilatura + sqlite-utils"),
    ("crawl", "lfrwatch crawl,"),
    ("crawl", "lfrwatch crawl / peer spider, wall clock"),
    ("crawl", "by CPU per page, children included"),
    ("crawl", "documents stored by lfrwatch crawl"),
    ("crawl", "pages stored by the peer"),
    ("crawl", "reference: peer with trafilatura's fast mode"),
    ("crawl", "lfrwatch crawl / fast peer"),
    ("crawl", "reference: bare Scrapy spider"),
    ("crawl", "lfrwatch crawl / bare spider"),
    ("crawl", "bound: lfrwatch crawl with page reading stubbed out"),
    ("crawl", "bound / peer spider"),
    ("crawl", "CPU ceiling of lfrwatch crawl"),
    ("crawl", "ceiling / peer spider"),
    ("crawl", "same for the bound"),
    ("crawl", "crawl CPU per page"),
    ("recrawl", "requests made"),
    ("recrawl", "of which conditional"),
    ("recrawl", "answered 304 Not Modified"),
    ("recrawl", "documents re-parsed"),
    ("recrawl", "not_reparsed reported by the spider"),
    ("recrawl", "new or changed documents stored"),
    ("recrawl", "time"),
    ("store", "insert"),
    ("store", "insert time"),
    ("store", "database size"),
    ("store", "timeline arrests: lfrwatch.timeline.timeline, first call"),
    ("store", "timeline arrests: lfrwatch.timeline.timeline, calls after"),
    ("store", "the SQL under it"),
    ("store", "full-text search"),
    ("memory", "peak memory (sum of PSS)"),
    ("memory", "peak growth"),
    ("e2e", "crawl "),
    ("e2e", "spaCy-only ceiling"),
    ("e2e", "end to end / ceiling"),
    ("cluster", "extract --scheduler, LocalCluster 1 worker"),
    ("cluster", "extract --scheduler, LocalCluster 2 workers"),
    ("cluster", "speed-up 1 -> 2 workers"),
    ("cluster", "the most "),
    ("cluster", "documents analysed"),
]
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


@pytest.mark.timeout(240)
def test_benchmarks_tiny_prints_every_row(tmp_path):
    env = dict(os.environ, LFRWATCH_BENCH_DIR=str(tmp_path / "bench"))
    result_json = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--size", "tiny", "--json", str(result_json)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=230,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = completed.stdout
    assert "== lfrwatch benchmarks (tiny" in out
    table = out.split("== lfrwatch benchmarks", 1)[1]
    lines = table.splitlines()
    for measurement, label in EXPECTED_ROWS:
        matching = [line for line in lines
                    if line.startswith(measurement + " ") and line[len(measurement):].strip().startswith(label)]
        assert matching, f"no row {measurement}: {label!r} in\n{table}"
    # Every data row has a number in the value column.
    header = lines.index(next(line for line in lines if line.startswith("measurement")))
    columns = [m.span() for m in re.finditer(r"-+", lines[header + 1])]
    value_start, value_end = columns[2]
    for phrase in ("bare warcio iteration", "pre-filter alone / bare warcio", "import-warc / bare warcio"):
        assert any(line.startswith("warc ") and phrase in line for line in lines), f"no warc row {phrase!r}"
    rows = [line for line in lines if re.match(rf"^({'|'.join(NAMES)}) ", line)]
    assert len(rows) >= len(EXPECTED_ROWS)
    for line in rows:
        value = line[value_start:value_end].strip()
        assert NUMBER.match(value), f"not a number in {line!r}"
    assert re.search(r"^NLP ratio vs nlp\.pipe: \d+\.\d\d$", out, re.M)
    assert re.search(r"^NLP ratio vs nlp\.pipe \(2 processes\): \d+\.\d\d$", out, re.M)
    details = json.loads(result_json.read_text())
    assert {r["measurement"] for r in details["rows"]} == set(NAMES)  # every measurement ran
    assert all(isinstance(r["value"], (int, float)) for r in details["rows"])
    assert details["machine"]["nproc"] >= 1
    # The stand-in crawl (a bound) went through the real crawl child: every article stored, none failed.
    crawl = details["crawl"]
    assert crawl["without_reading"]["new"] == crawl["articles"]
    assert crawl["without_reading"]["errors"] == 0
    # The recrawl is a recrawl: every request it made conditionally was answered 304 Not Modified, and there were some.
    recrawl = crawl["recrawl"]
    answered_304 = {int(status): count for status, count in recrawl["statuses"].items()}.get(304, 0)
    assert answered_304 >= 1 and answered_304 == recrawl["conditional"], recrawl
    # The peer read and stored every article, in a database of its own; the NLP share compares this run's figures.
    assert all(run["stored"] == crawl["articles"] for run in crawl["peer"]["runs"]), crawl["peer"]
    share = crawl["nlp_share"]
    assert share["share"] == pytest.approx(share["crawl_cpu_per_document"] / share["nlp_cpu_per_document"])
    # Both cluster sizes ran on a LocalCluster of that many workers and analysed every document.
    cluster = details["cluster"]
    assert {int(k): [r["cluster_workers"] for r in runs] for k, runs in cluster["runs"].items()} == {1: [1], 2: [2]}
    assert all(r["documents"] == cluster["corpus"]["documents"] for runs in cluster["runs"].values() for r in runs)
