"""`python -m benchmarks [--size tiny|quick|small|full] [--only NAME ...]`: run the benchmarks, print one table.

Measurements (see each module): nlp, crawl, recrawl, store, memory, e2e, warc, timeline, cluster.
memory and e2e share their runs; recrawl needs the crawl before it, which
then runs too. When nlp and crawl both run, the crawl's CPU per page is also
set against the NLP's CPU per document. Sizes (``quick``, the default and
`make bench`, runs every measurement in under 10 minutes on a quiet 2-core machine; ``full`` is
`make bench-full`: 38 minutes in its last run, before the peer crawls, timeline and cluster were added):

=======  ========  ======  ========  ======  =========  =====================  =======  =============
size     nlp docs  nlp     crawl     crawl   claims     end-to-end docs        WARC     cluster docs
                   rounds  articles  rounds                                    records
=======  ========  ======  ========  ======  =========  =====================  =======  =============
tiny     6         1       40        1       5,000      6 and 12 (smoke test)  1,000    4, 1 round
quick    80        2       800       3       100,000    200 and 800            10,000   64, 3 rounds
small    200       2       1,000     3       100,000    250 and 1,000          10,000   256, 2 rounds
full     2,000     2       5,000     3       1,000,000  2,500 and 10,000       10,000   1,024, 2 rounds
=======  ========  ======  ========  ======  =========  =====================  =======  =============

Any count can be set on its own (``--nlp-docs``, ``--nlp-repeats``, ``--crawl-articles``, ``--crawl-repeats``,
``--claims``, ``--e2e-docs 2500,10000``, ``--warc-records``, ``--cluster-docs``, ``--cluster-repeats``).
The corpus is built under benchmarks/.corpus/ (git-ignored; $LFRWATCH_BENCH_DIR elsewhere) and reused;
work files go to its work/ folder, results to results-SIZE[-only-NAMES][-TIME].json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (Row, describe_machine, load_average, machine_description, render_markdown,
                               render_table)
from benchmarks.corpus import CORPUS_DIR, SEED, fingerprint

NAMES = ("nlp", "crawl", "recrawl", "store", "memory", "e2e", "warc", "timeline", "cluster")
SIZES: dict[str, dict[str, Any]] = {
    "tiny": {
        "nlp_docs": 6, "nlp_repeats": 1,
        "crawl_articles": 40, "crawl_repeats": 1, "feed_size": 20, "claims": 5_000,
        "e2e_docs": (6, 12), "ceiling_sample": 12, "warc_records": 1000, "cluster_docs": 4, "cluster_repeats": 1,
    },
    "quick": {
        "nlp_docs": 80, "nlp_repeats": 2,
        "crawl_articles": 800, "crawl_repeats": 3, "feed_size": 100, "claims": 100_000,
        "e2e_docs": (200, 800), "ceiling_sample": 80, "warc_records": 10_000, "cluster_docs": 64,
        "cluster_repeats": 3,
    },
    "small": {
        "nlp_docs": 200, "nlp_repeats": 2,
        "crawl_articles": 1000, "crawl_repeats": 3, "feed_size": 100, "claims": 100_000,
        "e2e_docs": (250, 1000), "ceiling_sample": 200, "warc_records": 10_000, "cluster_docs": 256,
        "cluster_repeats": 2,
    },
    "full": {
        "nlp_docs": 2000, "nlp_repeats": 2,
        "crawl_articles": 5000, "crawl_repeats": 3, "feed_size": 100, "claims": 1_000_000,
        "e2e_docs": (2500, 10_000), "ceiling_sample": 400, "warc_records": 10_000, "cluster_docs": 1024,
        "cluster_repeats": 2,
    },
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick",
                        help="Preset counts (default: quick, everything in under 10 minutes; `make bench-full`: full).")
    parser.add_argument("--only", action="append", choices=NAMES, metavar="NAME",
                        help=f"Run only this measurement (repeatable): {', '.join(NAMES)}.")
    parser.add_argument("--nlp-docs", type=int, help="Documents for the NLP measurement.")
    parser.add_argument("--nlp-repeats", type=int,
                        help="Alternating NLP rounds (plain nlp.pipe, lfrwatch) per process count (pooled).")
    parser.add_argument("--crawl-articles", type=int, help="Articles on the crawl site.")
    parser.add_argument("--crawl-repeats", type=int,
                        help="Alternating crawl rounds: peer, lfrwatch, fast peer, bare spider, bound (medians shown).")
    parser.add_argument("--feed-size", type=int, help="Entries per RSS feed.")
    parser.add_argument("--claims", type=int, help="Claims for the store measurement.")
    parser.add_argument("--e2e-docs", help="End-to-end corpus sizes, comma-separated (two for memory growth).")
    parser.add_argument("--warc-records", type=int, help="Records in each synthetic WARC file (1%% relevant).")
    parser.add_argument("--cluster-docs", type=int, help="Documents for the 1 -> 2 Dask workers scaling.")
    parser.add_argument("--cluster-repeats", type=int, help="Alternating cluster rounds (1 worker, 2 workers).")
    parser.add_argument("--json", type=Path, help="Also write every figure and detail as JSON here.")
    parser.add_argument("--markdown", type=Path, help="Also write the table and machine as Markdown here.")
    parser.add_argument("--timeout", type=float, default=7200, help="Seconds allowed for any one child process.")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> dict[str, Any]:
    settings = dict(SIZES[args.size])
    for key in ("nlp_docs", "nlp_repeats", "crawl_articles", "crawl_repeats", "feed_size", "claims", "warc_records",
                "cluster_docs", "cluster_repeats"):
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)
    if args.e2e_docs:
        settings["e2e_docs"] = tuple(int(x) for x in args.e2e_docs.split(",") if x.strip())
    return settings


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    selected = set(args.only or NAMES)
    settings = settings_from(args)
    machine = machine_description()
    print(describe_machine(machine))
    print(f"size: {args.size}; settings: {json.dumps({k: v for k, v in settings.items()})}; seed {SEED}")
    print(flush=True)
    rows: list[Row] = []
    details: dict[str, Any] = {"size": args.size, "settings": settings, "machine": machine}
    started = time.perf_counter()

    if "nlp" in selected:
        from benchmarks import nlp_bench

        log(f"nlp: {settings['nlp_docs']:,} documents, 1 and 2 processes, {settings['nlp_repeats']} round(s) each")
        new_rows, details["nlp"] = nlp_bench.run(settings["nlp_docs"], repeats=settings["nlp_repeats"],
                                                 timeout=args.timeout)
        details["nlp"]["fingerprint"] = fingerprint(settings["nlp_docs"])
        rows += new_rows
        print(render_table(new_rows), flush=True)
    if selected & {"crawl", "recrawl"}:
        from benchmarks import crawl_bench

        log(f"crawl: {settings['crawl_articles']:,} articles, feeds of {settings['feed_size']}")
        new_rows, details["crawl"] = crawl_bench.run(settings["crawl_articles"], settings["feed_size"],
                                                     recrawl="recrawl" in selected, repeats=settings["crawl_repeats"],
                                                     timeout=args.timeout)
        new_rows = [r for r in new_rows if r.measurement in selected]
        if "crawl" in selected and "nlp" in details:
            new_rows += crawl_bench.nlp_share_rows(details["crawl"], details["nlp"])
        rows += new_rows
        print(render_table(new_rows), flush=True)
    if "store" in selected:
        from benchmarks import store_bench

        log(f"store: {settings['claims']:,} claims")
        new_rows, details["store"] = store_bench.run(settings["claims"], timeout=args.timeout)
        rows += new_rows
        print(render_table(new_rows), flush=True)
    if selected & {"memory", "e2e"}:
        from benchmarks import e2e_bench

        sizes = settings["e2e_docs"] if "memory" in selected else (max(settings["e2e_docs"]),)
        log(f"end to end: {', '.join(f'{n:,}' for n in sizes)} documents")
        new_rows, details["e2e"] = e2e_bench.run(sizes, settings["feed_size"], nlp_details=details.get("nlp"),
                                                 ceiling_sample=settings["ceiling_sample"], timeout=args.timeout)
        new_rows = [r for r in new_rows if r.measurement in selected]
        rows += new_rows
        print(render_table(new_rows), flush=True)
    if "warc" in selected:
        from benchmarks import warc_bench

        log(f"warc: import-warc against bare warcio, {settings['warc_records']:,} records, 1% relevant")
        new_rows, details["warc"] = warc_bench.run(settings["warc_records"], timeout=args.timeout)
        rows += new_rows
        print(render_table(new_rows), flush=True)

    if "timeline" in selected:
        from benchmarks import timeline_memory

        log(f"timeline: peak memory of `lfrwatch timeline arrests`, {settings['claims']:,} claims")
        new_rows, details["timeline"] = timeline_memory.run(settings["claims"], timeout=args.timeout)
        rows += new_rows
        print(render_table(new_rows), flush=True)

    if "cluster" in selected:
        from benchmarks import cluster_bench

        log(f"cluster: lfrwatch extract --scheduler, {settings['cluster_docs']:,} documents, LocalCluster of 1 then "
            f"2 workers, {settings['cluster_repeats']} round(s)")
        new_rows, details["cluster"] = cluster_bench.run(settings["cluster_docs"], repeats=settings["cluster_repeats"],
                                                         timeout=args.timeout)
        rows += new_rows
        print(render_table(new_rows), flush=True)

    elapsed = time.perf_counter() - started
    details["seconds"] = elapsed
    details["load_average_at_end"] = load_average()
    print()
    print(f"== lfrwatch benchmarks ({args.size}, {elapsed / 60:.1f} min; load average now "
          f"{', '.join(f'{x:.2f}' for x in details['load_average_at_end'])}) ==")
    print(render_table(rows))
    if "nlp" in details:
        from benchmarks.nlp_bench import ratio_lines

        print()
        print("\n".join(ratio_lines(details["nlp"])))
    missed = [r for r in rows if r.holds is False]
    print()
    print(f"targets: {sum(1 for r in rows if r.holds)} hold, {len(missed)} missed"
          + (": " + "; ".join(f"{r.measurement}: {r.figure}" for r in missed) if missed else ""))

    details["rows"] = [r.as_dict() for r in rows]
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    # One file per run (runs by several people at once must not overwrite each other), and the latest.
    stamp = time.strftime("%Y%m%dT%H%M%S")
    only = "-only-" + "-".join(sorted(selected)) if args.only else ""
    text = json.dumps(details, indent=1, default=str)
    (CORPUS_DIR / f"results-{args.size}{only}-{stamp}.json").write_text(text)
    (CORPUS_DIR / f"results-{args.size}{only}.json").write_text(text)
    if args.json:
        args.json.write_text(json.dumps(details, indent=1, default=str))
    if args.markdown:
        args.markdown.write_text(f"```\n{describe_machine(machine)}\n```\n\n{render_markdown(rows)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
