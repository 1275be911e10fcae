"""Store and query: a million synthetic claims through the store's schema, then the timeline and search.

The database is made by ``lfrwatch.store.open_db`` (so every migration of the
day applies: indexes, full-text triggers). Documents and their versions (about
``claims_per_doc`` claims each, 10% of documents with a second version whose
claims are current) and the claims are written with ``executemany`` in one
transaction per table, as a bulk import would. Document texts are short (a
lede paragraph) so the file measures the claims, not article text.

Queries, each timed as the median of repeated calls when a call is fast, else
once:

- the library call behind `lfrwatch timeline arrests`
  (``lfrwatch.timeline.timeline(db, "arrests")``): the first call after the
  import (which may rebuild derived tables) and the calls after it (wall
  clock and CPU time); a page of it (``limit=100``, at the start and deep
  into the series) and the filtered calls (``claimant=``, ``since=``);
- the CLI's output of those rows (``emit_rows`` as json, table and csv,
  written to /dev/null), and the whole command
  ``lfrwatch timeline arrests --format json > /dev/null`` in a new process,
  beside what Python's start-up and the CLI's imports cost alone;
- the plain SQL behind it before grouping (``store.list_claims`` for the
  metric), to show what the index alone costs;
- the derived ``claim_groups`` table (when the timeline module has one) queried
  by metric, after one ``refresh_derived``;
- full-text search: ``lfrwatch.store.search.search`` over the FTS5 index the store
  keeps when it exists; otherwise an FTS5 table over claims text made here, and
  the row says so.

A call's rows are released before the next call's clock starts, so freeing
the last result is not counted in the next call.

Run as ``python -m benchmarks.store_bench ARGS_FILE RESULT_FILE``. The
database stays in the work folder (``work/store/lfrwatch.db``) until the next
run; to profile the queries again without rebuilding it, call
:func:`timeline_figures` on it (or :func:`build_db` to make one elsewhere).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

from benchmarks.common import Row, child_main, fresh_dir, run_child
from benchmarks.corpus import (CONTEXT_PARAGRAPHS, CRITIC_QUOTES, FIRST_NAMES, FORCES, MINISTER_QUOTES, POLICE_QUOTES,
                               POLICE_RANKS, SEED, SURNAMES, generate_articles)

QUERY_TARGET_MS = 100.0
METRIC_WEIGHTS = (
    ("arrests", 15), ("charges_or_cautions", 5), ("deployments", 12), ("faces_scanned", 10), ("alerts", 10),
    ("false_alerts", 5), ("watchlist_size", 5), ("officers", 5), ("staff", 3), ("money", 8), ("other", 22),
)
QUALIFIERS = (None, None, None, "more than", "up to", "over", "almost", "around")
PERIODS = (None, None, "to date", "last year", "this year", "per week", "since January", "in the past 12 months")
SEARCH_TEXT = "watchlist"


def _sid(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def _figure_text(rng: random.Random, metric: str, value: float, qualifier: str | None) -> str:
    noun = {"arrests": "arrests", "charges_or_cautions": "people charged", "deployments": "deployments",
            "faces_scanned": "faces", "alerts": "alerts", "false_alerts": "false alerts",
            "watchlist_size": "images on the watchlist", "officers": "officers", "staff": "staff",
            "other": rng.choice(("vans", "cameras", "forces", "boroughs"))}.get(metric)
    number = f"£{value:,.0f}" if metric == "money" else f"{value:,.0f}"
    text = f"{number} {noun}" if noun else number
    return f"{qualifier} {text}" if qualifier else text


def _quote_pool() -> list[str]:
    pool = [q.replace("{offence}", "robbery").replace("{place}", "Croydon") for q in
            POLICE_QUOTES + CRITIC_QUOTES + MINISTER_QUOTES]
    for paragraph in CONTEXT_PARAGRAPHS:
        pool += [s.strip() + "." for s in paragraph.replace("{place}", "Luton").replace("{venue}", "the high street")
                 .replace("{force_name}", "Essex Police").replace("{offence}", "theft")
                 .replace("{offence2}", "fraud").split(". ") if len(s.split()) > 6]
    return pool


def claim_rows(documents: int, versions: list[int], per_doc: int, seed: int = SEED) -> Iterator[tuple]:
    """Claims rows (store schema order, see CLAIM_COLUMNS) for ``documents`` documents.

    Shaped like real coverage rather than noise: most figures are one
    operation's count (no period, so never compared); running totals ("to
    date") grow over time per force and metric; yearly figures are one fact per
    force, metric and year, repeated by many documents, with an occasional
    different value (a conflict); quotations come from a pool and repeat across
    outlets, as syndicated copy does.
    """
    rng = random.Random(f"{seed}:claims")
    metrics = [m for m, _ in METRIC_WEIGHTS]
    weights = [w for _, w in METRIC_WEIGHTS]
    quotes = _quote_pool()
    names = [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
    forces = [f["name"] for f in FORCES]
    start = date(2020, 1, 1)
    created = "2025-11-22T00:00:00+00:00"
    rates = {(org, m): rng.uniform(0.05, 3.0) for org in forces for m in metrics}
    yearly = {(org, m, y): float(rng.randint(10, 3000)) for org in forces for m in metrics for y in range(2019, 2026)}
    for doc_id in range(1, documents + 1):
        version_id = versions[doc_id - 1]
        day = rng.randint(0, 2150)
        said = start + timedelta(days=day)
        claimed_on = said.isoformat()
        org = rng.choice(forces)
        for n in range(per_doc):
            start_offset = n * 120
            if rng.random() < 0.6:
                metric = rng.choices(metrics, weights)[0]
                shape = rng.random()
                period = period_start = period_end = as_of = None
                qualifier = rng.choice(QUALIFIERS)
                if shape < 0.7:  # one operation's count
                    value = float(rng.randint(1, 60) if metric != "faces_scanned" else rng.randint(1000, 90_000))
                elif shape < 0.85:  # a running total to date
                    value = float(int(100 + rates[(org, metric)] * day))
                    period, as_of = "to date", claimed_on
                    if qualifier is not None:
                        value = float(int(value) // 100 * 100)
                else:  # a yearly figure: one fact, repeated
                    year = rng.randint(max(2019, said.year - 2), said.year)
                    value = yearly[(org, metric, year)]
                    if rng.random() < 0.02:
                        value = float(int(value * rng.choice((0.5, 1.5))))
                    period, period_start, period_end = str(year), f"{year}-01-01", f"{year}-12-31"
                if metric == "money":
                    value = float(value * 10_000)
                text = _figure_text(rng, metric, value, qualifier)
                speaker = rng.choice(names) if rng.random() < 0.3 else None
                yield (_sid(version_id, "figure", n), doc_id, version_id, "figure", metric, value,
                       "GBP" if metric == "money" else None, qualifier, period, period_start, period_end, as_of,
                       text, start_offset, start_offset + len(text), speaker,
                       rng.choice(POLICE_RANKS) if speaker else None, org if speaker else None,
                       speaker or org, None, claimed_on, created)
            else:
                text = rng.choice(quotes)
                speaker = rng.choice(names)
                yield (_sid(version_id, "quote", n), doc_id, version_id, "quote", None, None, None, None, None,
                       None, None, None, text, start_offset, start_offset + len(text), speaker,
                       rng.choice(POLICE_RANKS), org, speaker, None, claimed_on, created)


CLAIM_COLUMNS = ("id", "document_id", "version_id", "kind", "metric", "value", "unit", "qualifier", "period",
                 "period_start", "period_end", "as_of", "text", "start", "end", "speaker", "role", "org", "claimant",
                 "person_id", "claimed_on", "created_at")


def _timed(call: Callable[[], Any], *, repeat: int = 5, slow_seconds: float = 1.0,
           cpu: list[float] | None = None) -> tuple[float, Any, int]:
    """(median seconds, last result, calls): one call when the first takes longer than ``slow_seconds``.

    The previous call's result is released before the clock starts. ``cpu``,
    when given, gets the median CPU time of the calls (process time).
    """
    times, cpu_times = [], []
    result = None
    for n in range(repeat):
        result = None  # freeing the last result is not this call's work
        started, cpu_started = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        if n == 0 and times[0] >= slow_seconds:
            break
    if cpu is not None:
        cpu.append(statistics.median(cpu_times))
    return statistics.median(times), result, len(times)


def _in_fork(call: Callable[[], dict[str, Any]], *, timeout: float) -> dict[str, Any]:
    """``call()`` in a forked process; its result, or ``timed_out`` after ``timeout`` seconds."""
    import multiprocessing
    import resource

    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()

    def body() -> None:
        try:
            result = call()
        except Exception as exc:  # reported, not raised: the benchmark goes on
            result = {"error": f"{type(exc).__name__}: {exc}"}
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(result)

    process = context.Process(target=body)
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return {"timed_out": True, "seconds": None, "rows": None, "limit_seconds": timeout}
    if queue.empty():
        return {"error": f"exit code {process.exitcode}", "seconds": None, "rows": None}
    return queue.get()


#: The timeline queries timed beside the whole series: (name, keyword arguments).
TIMELINE_VARIANTS = (
    ("page", {"limit": 100}),
    ("deep_page", {"limit": 100, "offset": 8000}),
    ("claimant", {"claimant": "the Met"}),
    ("since", {"since": "2025-01-01"}),
)


def timeline_figures(db: str, *, repeat: int = 5) -> dict[str, Any]:
    """The steady-state timings of `lfrwatch timeline arrests` on ``db``: the library call, its pages and filters,
    and the CLI's output of the rows in each format (to /dev/null)."""
    from lfrwatch import store, timeline
    from lfrwatch.cli.common import emit_rows
    from lfrwatch.cli.timeline import TIMELINE_COLUMNS

    database = store.open_db(db)
    out: dict[str, Any] = {"derived_current_before": timeline.derived_current(database)}
    cpu: list[float] = []
    seconds, rows, calls = _timed(lambda: timeline.timeline(database, "arrests"), repeat=repeat, cpu=cpu)
    out.update(seconds=seconds, cpu_seconds=cpu[0], rows=len(rows), calls=calls,
               sources=sum(len(r["sources"]) for r in rows))
    for name, kwargs in TIMELINE_VARIANTS:
        found, page, n = _timed(lambda: timeline.timeline(database, "arrests", **kwargs), repeat=repeat)
        out[name] = {"seconds": found, "rows": len(page), "calls": n, "query": kwargs}
        page = None
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        for fmt in ("json", "table", "csv"):
            emitted, _, n = _timed(lambda: emit_rows(rows, fmt, TIMELINE_COLUMNS), repeat=3)
            out[f"emit_{fmt}"] = {"seconds": emitted, "rows": len(rows), "calls": n}
    return out


def _timeline_call(db: str) -> dict[str, Any]:
    from lfrwatch import store, timeline

    database = store.open_db(db)
    # The first call after a bulk import may rebuild derived tables; the calls after it are the steady state.
    started = time.perf_counter()
    rows = timeline.timeline(database, "arrests")
    first = time.perf_counter() - started
    del rows  # the result is released before the calls that follow are timed
    database.close()
    return {**timeline_figures(db), "first_seconds": first}


def cli_figures(db: str, *, repeat: int = 3) -> dict[str, Any]:
    """`lfrwatch timeline arrests --format json > /dev/null` as a new process, and what start-up alone costs."""
    lfrwatch = Path(sys.executable).with_name("lfrwatch")
    commands = {
        "cli_json": [str(lfrwatch), "timeline", "arrests", "--db", db, "--format", "json"],
        "cli_table": [str(lfrwatch), "timeline", "arrests", "--db", db],
        "cli_page": [str(lfrwatch), "timeline", "arrests", "--db", db, "--limit", "100", "--format", "json"],
        "python_start": [sys.executable, "-c", "pass"],
        "cli_imports": [sys.executable, "-c", "import lfrwatch.cli, lfrwatch.timeline"],
    }
    out: dict[str, Any] = {}
    for name, command in commands.items():
        if not Path(command[0]).exists():
            out[name] = {"seconds": None, "rows": None, "error": f"{command[0]} not found"}
            continue
        seconds, code, calls = _timed(
            lambda: subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False).returncode,
            repeat=repeat, slow_seconds=30)
        out[name] = {"seconds": seconds, "rows": None, "calls": calls, "exit_code": code}
    return out


def _refresh_call(db: str) -> dict[str, Any]:
    from lfrwatch import store, timeline

    database = store.open_db(db)
    if not hasattr(timeline, "refresh_derived"):
        return {"seconds": None, "rows": None, "missing": True}
    started = time.perf_counter()
    timeline.refresh_derived(database)
    seconds = time.perf_counter() - started
    rows = database.execute("select count(*) from claim_groups").fetchone()[0]
    conflicts = database.execute("select count(*) from conflicts").fetchone()[0]
    return {"seconds": seconds, "rows": rows, "conflicts": conflicts, "calls": 1}


def build_db(db: str, claims: int, per_doc: int = 12) -> dict[str, Any]:
    """Write the synthetic documents, versions and claims into a new database at ``db``; what was written."""
    from lfrwatch import store

    out: dict[str, Any] = {"claims_requested": claims}
    database = store.open_db(db)
    conn = database.conn
    documents = max(1, claims // per_doc)
    ledes = [a.paragraphs[0] for a in generate_articles(200)]
    rng = random.Random(f"{SEED}:documents")
    second = set(rng.sample(range(1, documents + 1), k=documents // 10))
    now = "2025-11-22T00:00:00+00:00"
    started = time.perf_counter()
    with conn:  # one transaction
        doc_rows = []
        version_rows = []
        current = []
        next_version = 1
        for doc_id in range(1, documents + 1):
            text = ledes[doc_id % len(ledes)] + f" (document {doc_id})"
            url = f"http://127.0.0.1/articles/doc-{doc_id:07d}.html"
            published = (date(2020, 1, 1) + timedelta(days=doc_id % 2150)).isoformat() + "T09:00:00+00:00"
            version_rows.append((next_version, doc_id, 1, _sid(text), "Title", published, text, now, url, 200))
            latest = next_version
            next_version += 1
            if doc_id in second:
                version_rows.append((next_version, doc_id, 2, _sid(text, 2), "Title", published, text + " Updated.",
                                     now, url, 200))
                latest = next_version
                next_version += 1
            current.append(latest)
            doc_rows.append((doc_id, url, url, "feed", "press", "Benchmark Gazette", "Title", published, text,
                             _sid(text), now, now, now, latest, latest))
        conn.executemany(
            "insert into documents (id, url, canonical_url, source, kind, publisher, title, published, text, sha256,"
            " fetched_at, first_seen_at, last_checked_at, current_version_id, analysed_version_id)"
            " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
        conn.executemany(
            "insert into document_versions (id, document_id, version, sha256, title, published, text, fetched_at,"
            " url, http_status) values (?,?,?,?,?,?,?,?,?,?)", version_rows)
    out["documents"] = documents
    out["versions"] = len(version_rows)
    out["documents_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    cols = ", ".join(f'"{c}"' for c in CLAIM_COLUMNS)
    marks = ",".join("?" * len(CLAIM_COLUMNS))
    with conn:  # one transaction
        conn.executemany(f"insert into claims ({cols}) values ({marks})", claim_rows(documents, current, per_doc))
    out["insert_seconds"] = time.perf_counter() - started
    out["claims"] = conn.execute("select count(*) from claims").fetchone()[0]
    conn.execute("pragma wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    out["db_bytes"] = size
    out["tables"] = database.table_names()
    database.close()
    return out


def one_run(db: str, claims: int, per_doc: int = 12, query_timeout: float = 600) -> dict[str, Any]:
    from lfrwatch import store

    out = build_db(db, claims, per_doc)

    # The timeline, as `lfrwatch timeline arrests` calls it, and the derived tables' refresh: both analyse
    # every claim in memory, so each runs in a forked process with a time limit and its own peak memory.
    out["timeline"] = _in_fork(lambda: _timeline_call(db), timeout=query_timeout)
    out["refresh"] = _in_fork(lambda: _refresh_call(db), timeout=query_timeout)
    out["cli"] = cli_figures(db)  # the derived tables are current: the refresh just wrote them
    database = store.open_db(db)
    conn = database.conn
    from lfrwatch import timeline as timeline_module  # noqa: F401 - fail here, not in the fork, if it is broken

    # The SQL under it: current-version figure claims of the metric, in date order.
    seconds, rows, calls = _timed(lambda: store.list_claims(database, metric="arrests", kind="figure"))
    out["list_claims"] = {"seconds": seconds, "rows": len(rows), "calls": calls}
    sql = (store.CLAIM_SELECT + " where c.version_id = d.current_version_id and c.metric = ? and c.kind = ?"
           " order by coalesce(c.claimed_on, d.published, v.fetched_at), d.id, c.start")
    out["list_claims_plan"] = [r[3] for r in conn.execute("explain query plan " + sql, ["arrests", "figure"])]

    # The derived table, when the refresh finished: a query by metric, whole and one page.
    if out["refresh"].get("seconds") is not None and not out["refresh"].get("timed_out") \
            and "claim_groups" in database.table_names():
        group_sql = "select * from claim_groups where kind = 'figure' and metric = ? order by first_seen, id"
        seconds, rows, calls = _timed(lambda: list(database.query(group_sql, ["arrests"])))
        out["claim_groups"] = {"seconds": seconds, "rows": len(rows), "calls": calls,
                               "plan": [r[3] for r in conn.execute("explain query plan " + group_sql, ["arrests"])]}
        page_sql = group_sql + " limit 100"
        seconds, rows, calls = _timed(lambda: list(database.query(page_sql, ["arrests"])))
        out["claim_groups_page"] = {"seconds": seconds, "rows": len(rows), "calls": calls}

    # Full-text search.
    try:
        from lfrwatch.store.search import search
    except ImportError:
        search = None
    if search is not None and "claims_fts" in out["tables"]:
        out["fts_source"] = "lfrwatch.store.search.search over the store's claims_fts (FTS5, porter)"
        seconds, rows, calls = _timed(lambda: search(database, SEARCH_TEXT))
    else:
        out["fts_source"] = "FTS5 table over claims.text made by the benchmark (the store has none)"
        started = time.perf_counter()
        conn.execute("create virtual table bench_claims_fts using fts5(text, content='claims', content_rowid='rowid')")
        conn.execute("insert into bench_claims_fts(bench_claims_fts) values ('rebuild')")
        conn.commit()
        out["fts_build_seconds"] = time.perf_counter() - started
        fts_sql = ("select c.id, c.text, c.speaker from bench_claims_fts f join claims c on c.rowid = f.rowid"
                   " where bench_claims_fts match ? order by f.rank limit 50")
        seconds, rows, calls = _timed(lambda: conn.execute(fts_sql, [SEARCH_TEXT]).fetchall())
    out["fts"] = {"seconds": seconds, "rows": len(rows), "calls": calls, "term": SEARCH_TEXT}
    out["fts_matches"] = conn.execute(
        f"select count(*) from {'claims_fts' if 'claims_fts' in out['tables'] else 'bench_claims_fts'}"
        f" where {'claims_fts' if 'claims_fts' in out['tables'] else 'bench_claims_fts'} match ?",
        [SEARCH_TEXT]).fetchone()[0]
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    out["db_bytes_after_queries"] = size
    database.close()
    return out


def _timed_row(label: str, part: dict[str, Any], target: bool = True) -> Row:
    """A latency row; a call that timed out or failed shows its limit or n/a and misses the target."""
    if part.get("timed_out"):
        return Row("store", f"{label} (not done in {part['limit_seconds']:.0f} s)", part["limit_seconds"] * 1000,
                   "ms", f"< {QUERY_TARGET_MS:.0f}" if target else "", False if target else None)
    if part.get("seconds") is None:
        return Row("store", f"{label} ({part.get('error') or 'not run'})", None, "ms",
                   f"< {QUERY_TARGET_MS:.0f}" if target else "", False if target else None)
    ms = part["seconds"] * 1000
    rows = (f"{part['rows']:,} rows, " if part.get("rows") is not None else "") + (
        f"median of {part['calls']}" if part.get("calls", 1) > 1 else "1 call")
    return Row("store", f"{label} ({rows})", ms, "ms", f"< {QUERY_TARGET_MS:.0f}" if target else "",
               (ms < QUERY_TARGET_MS) if target else None)


def run(claims: int, *, timeout: float = 7200, query_timeout: float = 600) -> tuple[list[Row], dict[str, Any]]:
    work = fresh_dir("store")
    result = run_child("benchmarks.store_bench", {"db": str(work / "lfrwatch.db"), "claims": claims,
                                                   "query_timeout": query_timeout}, timeout=timeout)
    timeline = result["timeline"]
    refresh = result["refresh"]
    rows = [
        Row("store", f"insert {result['claims']:,} claims, one transaction (+{result['documents']:,} docs)",
            result["claims"] / result["insert_seconds"], "claims/s"),
        Row("store", "insert time", result["insert_seconds"], "s"),
        Row("store", "database size (claims, docs, indexes, FTS)", result["db_bytes"] / 2**20, "MB"),
        _timed_row("timeline arrests: lfrwatch.timeline.timeline, first call after the import",
                   {**timeline, "seconds": timeline.get("first_seconds"), "calls": 1}, target=False),
        _timed_row("timeline arrests: lfrwatch.timeline.timeline, calls after it"
                   + (f" ({timeline['sources']:,} sources)" if timeline.get("sources") is not None else ""),
                   timeline),
        Row("store", "  CPU time of those calls (median)",
            timeline["cpu_seconds"] * 1000 if timeline.get("cpu_seconds") is not None else None, "ms"),
        Row("store", "  peak memory of that call's process", timeline.get("maxrss_mb"), "MB"),
    ]
    labels = {"page": "  a page: limit=100", "deep_page": "  a page deep in it: limit=100, offset=8000",
              "claimant": "  claimant='the Met'", "since": "  since='2025-01-01'"}
    rows += [_timed_row(label, timeline[name]) for name, label in labels.items() if name in timeline]
    rows += [_timed_row(f"  CLI output of the rows: emit_rows as {fmt}, to /dev/null", timeline[f"emit_{fmt}"],
                        target=False) for fmt in ("json", "table", "csv") if f"emit_{fmt}" in timeline]
    cli = result.get("cli", {})
    labels = {"cli_json": "lfrwatch timeline arrests --format json > /dev/null, new process",
              "cli_table": "lfrwatch timeline arrests (table) > /dev/null, new process",
              "cli_page": "lfrwatch timeline arrests --limit 100 --format json, new process",
              "python_start": "  of which Python start-up (python -c pass)",
              "cli_imports": "  of which start-up and the CLI's imports (import lfrwatch.cli)"}
    rows += [_timed_row(label, cli[name], target=False) for name, label in labels.items() if name in cli]
    rows += [
        _timed_row("  the SQL under it: store.list_claims", result["list_claims"], target=False),
    ]
    if not refresh.get("missing"):
        refresh_row = _timed_row("  timeline.refresh_derived, once after the import", refresh, target=False)
        if refresh_row.value is not None:
            refresh_row.value, refresh_row.unit = refresh_row.value / 1000, "s"
        rows.append(refresh_row)
    if "claim_groups" in result:
        rows += [
            _timed_row("  claim_groups where metric=arrests", result["claim_groups"]),
            _timed_row("  same, first 100 rows (a page)", result["claim_groups_page"]),
        ]
    fts_label = "lfrwatch.store.search" if result["fts_source"].startswith("lfrwatch") else "bench FTS5 (store has none)"
    fts = dict(result["fts"])
    rows.append(_timed_row(f"full-text search '{SEARCH_TEXT}', {fts_label}, of {result['fts_matches']:,} matches",
                           fts))
    rows.append(Row("store", "peak memory of the store process", result["maxrss_self_mb"], "MB"))
    return rows, result


if __name__ == "__main__":
    child_main(one_run)
