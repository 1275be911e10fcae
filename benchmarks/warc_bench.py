"""`lfrwatch import-warc` against bare warcio iteration over the same synthetic WARC file.

Two files of ``records`` response records each (default 10,000), HTML pages of ~23 KB, one in a hundred about
live facial recognition on a known source's domain (news.met.police.uk; the synthetic corpus's articles,
benchmarks/corpus.py), the rest the same pages with the subject written out of them (traffic cameras instead).
One gzip member per record, as crawlers write them. They differ in where the other 99% are:

- ``mix``: one record in ten on the known domain, the rest on other news sites' domains (a national news
  crawl holds far fewer pages of the ~18 sources than that): the pre-filter reads the payloads of a tenth;
- ``worst``: every record on the known domain: the pre-filter passes over nothing on its domain or content
  type and reads every payload for the subject.

Measured, in alternating rounds in one child process (warm page cache):

- bare: ``for record in ArchiveIterator(fh): pass`` (warcio decompresses and skips every record);
- pre-filter: :class:`lfrwatch.history.warcimport.WarcImport` with reading pages stubbed out, in one process
  (what the pre-filter costs beyond warcio);
- import, one process: :class:`~lfrwatch.history.warcimport.WarcImport` with ``processes=0`` into a fresh
  database (the pre-filter, then the relevant pages read by their source's spider and stored, all here);
- import: ``WarcImport`` as ``lfrwatch import-warc`` runs it, the kept pages read in worker processes (the
  cores less one) while this process iterates, pre-filters and stores.

Figures: records per second and the ratios to bare iteration (target >= 0.8) by wall clock, median round; and
beside them the same ratios by CPU time, where the import's CPU is its own process's plus its workers'
(``WarcImport.reader_cpu_seconds``): the pool buys wall-clock time with a second core, not less work. The first
round of a child process also starts the workers' forkserver, which imports Scrapy, trafilatura and the
spiders once (about a second, on the other core, while the import's loop goes on: the pool starts its workers
in the background): that round is reported apart. Reading one relevant page
(the spider's selectors, trafilatura) costs ~6-8 ms, about seventy records' worth of bare iteration, so at 1%
relevant it held the one-process ratio near 0.5.
"""

from __future__ import annotations

import io
import re
import statistics
import time
import zlib
from pathlib import Path
from typing import Any

from benchmarks.common import Row, child_main, fresh_dir, run_child
from benchmarks.corpus import CORPUS_DIR, SEED, make_article, render_page

TARGET = 0.8
SITE = "https://news.met.police.uk"
#: The subject written out of the off-subject pages (each replacement keeps the text's length about the same).
_OFF_SUBJECT = [
    (re.compile(r"(?i)\b(live[- ]|retrospective[- ]|operator[- ]initiated[- ])?fac(ial|e)[- ]recogni\w*"),
     "traffic cameras"),
    (re.compile(r"(?i)face[- ]matching|facial[- ]matching|biometric surveillance|biometric"), "speed checks"),
    (re.compile(r"\b(LFR|RFR|OIFR)\b"), "ANPR"),
    (re.compile(r"(?i)\bfaces?\b"), "cars"),
    (re.compile(r"(?i)recogni\w*"), "counted"),
]


def off_subject(html: str) -> str:
    for pattern, replacement in _OFF_SUBJECT:  # hyphens kept where there were any (addresses stay addresses)
        html = pattern.sub(lambda m: replacement.replace(" ", "-") if "-" in m[0] else replacement, html)
    return html


def write_warc(path: Path, records: int, *, known_every: int = 1, relevant_every: int = 100) -> dict[str, int]:
    """The benchmark's file (one record in ``known_every`` on the known domain); how many records of each kind."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from lfrwatch.history.warcimport import RelevanceBytes

    test = RelevanceBytes()
    counts = {"relevant": 0, "other": 0, "other_domains": 0}
    pages = {}  # the corpus has a few hundred distinct articles' worth of variety; pages are reused round-robin
    with open(path, "wb") as fh:
        for i in range(records):
            relevant = i % relevant_every == 0
            source = i % 300
            if (source, relevant) not in pages:
                article = make_article(source, SEED)
                html = render_page(article, [make_article(source + 1, SEED)]).replace("{{BASE_URL}}", SITE)
                pages[(source, relevant)] = html if relevant else off_subject(html)
            # Each record its own page: its own address (its canonical link says so) and title.
            html = pages[(source, relevant)].replace(".html\"", f"-{i}.html\"")
            html = html.replace("</title>", f" ({i})</title>", 1)
            body = html.encode()
            if relevant != test(body):
                raise RuntimeError(f"synthetic page {i} is {'not ' if relevant else ''}about the subject")
            counts["relevant" if relevant else "other"] += 1
            buffer = io.BytesIO()
            writer = WARCWriter(buffer, gzip=False)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
            if not relevant and i % known_every:
                url = url.replace(SITE, f"https://www.news-site-{i % 37}.example")
                counts["other_domains"] += 1
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)
            fh.write(zlib.compress(buffer.getvalue(), 6, wbits=31))
    return counts


def bare_iteration(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as fh:
        for _ in ArchiveIterator(fh):
            count += 1
    return count


def _import(path: Path, db: Path, *, read_pages: bool, processes: int | None) -> tuple[dict[str, float],
                                                                                      dict[str, int]]:
    from lfrwatch.history import warcimport
    from lfrwatch.history.reading import ReadResult

    real = warcimport.PageReader.article
    if not read_pages:
        warcimport.PageReader.article = lambda self, *args, **kwargs: ReadResult(None, "irrelevant")
    try:
        importer = warcimport.WarcImport(str(db), processes=processes)
        started, cpu = time.perf_counter(), time.process_time()
        report = importer.run([str(path)])
        seconds = {"wall": time.perf_counter() - started,
                   "cpu": time.process_time() - cpu + importer.reader_cpu_seconds,
                   "workers_cpu": importer.reader_cpu_seconds}
    finally:
        warcimport.PageReader.article = real
    return seconds, {"records": report.records, "read": report.candidates, "new": report.new,
                     "failures": len(report.failures)}


#: What each round measures: (name, read the pages?, worker processes: 0 is this process, None the default).
KINDS = (("prefilter", False, 0), ("import_one_process", True, 0), ("import", True, None))


def measure(files: dict[str, str], work: str, repeats: int) -> dict[str, Any]:
    """In the child: for each file, rounds of bare iteration, the pre-filter alone and the imports, alternating."""
    results: dict[str, Any] = {}
    for name, warc in files.items():
        path = Path(warc)
        kinds = ["bare", *(kind for kind, _, _ in KINDS)]
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        workers_cpu: list[float] = []
        outcome: dict[str, Any] = {}
        for round_number in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            count = bare_iteration(path)
            times["bare"].append(time.perf_counter() - started)
            cpu["bare"].append(time.process_time() - cpu_started)
            for kind, read_pages, processes in KINDS:
                used, outcome[kind] = _import(path, Path(work) / f"{name}-{kind}-{round_number}" / "lfrwatch.db",
                                              read_pages=read_pages, processes=processes)
                times[kind].append(used["wall"])
                cpu[kind].append(used["cpu"])
                if kind == "import":
                    workers_cpu.append(used["workers_cpu"])
                if outcome[kind]["records"] != count:
                    raise RuntimeError(f"{name}: the import saw {outcome[kind]['records']} records, warcio {count}")
        results[name] = {"seconds": times, "cpu_seconds": cpu, "workers_cpu_seconds": workers_cpu,
                         "records": count, **outcome}
    return results


def _ratios(figures: dict[str, Any], clock: str, rounds: slice) -> dict[str, float]:
    """Each kind's records/s over bare iteration's, by ``clock`` ("seconds": wall, "cpu_seconds"), median of
    ``rounds``."""
    by_kind = {kind: statistics.median(seconds[rounds]) for kind, seconds in figures[clock].items()}
    return {kind: by_kind["bare"] / value for kind, value in by_kind.items()}


def run(records: int, *, repeats: int = 4, timeout: float = 7200) -> tuple[list[Row], dict[str, Any]]:
    folder = CORPUS_DIR / "warc"
    folder.mkdir(parents=True, exist_ok=True)
    files, kinds = {}, {}
    for name, known_every in (("mix", 10), ("worst", 1)):
        path = folder / f"synthetic-{name}-{records}-v1.warc.gz"  # v1: bump when write_warc changes
        if not path.exists():
            kinds[name] = write_warc(path, records, known_every=known_every)
        files[name] = str(path)
    result = run_child("benchmarks.warc_bench", {"files": files, "work": str(fresh_dir("warc")), "repeats": repeats},
                       timeout=timeout)
    rows = []
    for name, label in (("mix", "a tenth on known domains"), ("worst", "every record on a known domain")):
        figures = result[name]
        warm = slice(1, None) if repeats > 1 else slice(None)  # the first round also starts the forkserver
        wall, cpu, cold = (_ratios(figures, "seconds", warm), _ratios(figures, "cpu_seconds", warm),
                           _ratios(figures, "seconds", slice(0, 1)))
        stored = f"{figures['import']['new']} of {figures['records']:,} stored"
        rows += [
            Row("warc", f"{label}: bare warcio iteration",
                round(figures["records"] / statistics.median(figures["seconds"]["bare"][warm])), "records/s"),
            Row("warc", f"{label}: pre-filter alone / bare warcio", wall["prefilter"], "ratio, wall",
                f">= {TARGET}", wall["prefilter"] >= TARGET),
            Row("warc", f"{label}: import-warc in one process / bare warcio", wall["import_one_process"],
                "ratio, wall"),
            Row("warc", f"{label}: import-warc / bare warcio ({stored})", wall["import"], "ratio, wall",
                f">= {TARGET}", wall["import"] >= TARGET),
            Row("warc", f"{label}: import-warc / bare warcio, CPU of the import and its workers", cpu["import"],
                "ratio, CPU"),
            Row("warc", f"{label}: import-warc / bare warcio, first round (forkserver started)", cold["import"],
                "ratio, wall"),
        ]
    details = {**result, "files": files, "kinds": kinds}
    return rows, details


if __name__ == "__main__":
    child_main(measure)
