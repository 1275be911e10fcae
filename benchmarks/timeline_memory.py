"""Peak memory of `lfrwatch timeline METRIC` over a database of a million synthetic claims (target < 500 MB).

The database is the store benchmark's (:func:`benchmarks.store_bench.build_db`: documents, 10% with a second
version, about twelve claims each, a few dozen claimants, eleven metrics, a handful of periods, written with
``executemany`` in one transaction per table). It is built once per claim count under the work folder
(``work/timeline/claims-N.db``) and reused by later runs.

Each command runs in a new process, started by a small shim process that reports
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the command ends: the command's own peak resident
memory, nothing else's. Output goes to /dev/null. Measured, in order:

- ``rebuild``: ``lfrwatch timeline METRIC`` right after the derived tables were marked stale (as after an
  import or an extraction): the claim groups of every metric are rebuilt and stored, then the metric's rows
  written out;
- ``table``, ``json``, ``csv``: the same command in each output format once the derived tables are current.

``$LFRWATCH_TIMELINE_CODE=DIR`` runs the commands with another copy of the ``lfrwatch`` package first on the
path (``git archive COMMIT lfrwatch | tar -x -C DIR``), to measure before and after a change on one database.

Run as part of ``python -m benchmarks --only timeline`` (``--claims N``: 100,000 at ``--size small``,
1,000,000 at full size), or alone: ``python -m benchmarks.timeline_memory --claims 100000 [--metric arrests]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, WORK_DIR, Row, child_main, run_child

TARGET_MB = 500.0
CODE_ENV = "LFRWATCH_TIMELINE_CODE"

#: Runs argv[1:] with its output to /dev/null; prints the command's peak RSS (KiB), CPU and wall seconds and exit
#: code as JSON.
_SHIM = (
    "import json, resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'maxrss_kb': usage.ru_maxrss, 'cpu_seconds': usage.ru_utime + usage.ru_stime,\n"
    "                  'exit_code': done.returncode, 'seconds': time.perf_counter() - started,\n"
    "                  'stderr': done.stderr.decode('utf-8', 'replace')[-2000:]}))\n"
)


def database_for(claims: int) -> Path:
    """The benchmark database for ``claims`` claims, built on first use (see the module's docstring)."""
    from benchmarks.store_bench import build_db

    folder = WORK_DIR / "timeline"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"claims-{claims}.db"
    done = folder / f"claims-{claims}.built"
    if not done.exists():
        for stale in folder.glob(db.name + "*"):
            stale.unlink()
        built = build_db(str(db), claims)
        done.write_text(json.dumps({k: v for k, v in built.items() if k != "tables"}))
    return db


def mark_stale(db: Path) -> None:
    """Mark the derived timeline tables stale, as any write of a claim does."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("update derived_state set built_version = null where name = 'timeline'")
    conn.close()


def peak_of(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """``command`` in a new process (under the shim): its peak RSS in MB, exit code and seconds."""
    # Not run from the repository: ``python -c`` puts its working folder first on the path.
    done = subprocess.run([sys.executable, "-c", _SHIM, *command], env=env, capture_output=True, text=True,
                          check=True, cwd=WORK_DIR)
    result = json.loads(done.stdout)
    result["maxrss_mb"] = result.pop("maxrss_kb") / 1024
    return result


def measure(claims: int, metric: str = "arrests") -> dict[str, Any]:
    """The peaks of the timeline command on the ``claims`` database (see the module's docstring)."""
    started = time.perf_counter()
    db = database_for(claims)
    out: dict[str, Any] = {"claims": claims, "metric": metric, "db": str(db),
                           "build_seconds": time.perf_counter() - started}
    env = dict(os.environ)
    code = env.get(CODE_ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [code, str(REPO_ROOT) if not code else None]))
    out["code"] = code or str(REPO_ROOT)
    lfrwatch = [sys.executable, "-c", "import sys; from lfrwatch.cli import main; sys.exit(main())"]
    base = [*lfrwatch, "timeline", metric, "--db", str(db)]
    mark_stale(db)
    out["rebuild"] = peak_of(base, env)
    for fmt in ("table", "json", "csv"):
        out[fmt] = peak_of([*base, "--format", fmt], env)
    return out


def run(claims: int, *, metric: str = "arrests", timeout: float = 7200) -> tuple[list[Row], dict[str, Any]]:
    result = run_child("benchmarks.timeline_memory", {"claims": claims, "metric": metric}, timeout=timeout)
    labels = {"rebuild": f"lfrwatch timeline {metric}, derived tables stale (rebuild, then rows)",
              "table": f"lfrwatch timeline {metric}, derived tables current (table)",
              "json": f"lfrwatch timeline {metric} --format json, derived tables current",
              "csv": f"lfrwatch timeline {metric} --format csv, derived tables current"}
    rows = []
    for name, label in labels.items():
        part = result[name]
        ok = part["exit_code"] == 0
        rows.append(Row("timeline", f"{label}, {claims:,} claims, peak RSS"
                        + ("" if ok else f" (exit code {part['exit_code']})"),
                        part["maxrss_mb"], "MB", f"< {TARGET_MB:,.0f}", ok and part["maxrss_mb"] < TARGET_MB))
        rows.append(Row("timeline", "  wall time of that command", part["seconds"], "s"))
        rows.append(Row("timeline", "  CPU time of that command (user + system)", part.get("cpu_seconds"), "s"))
    return rows, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timeline_memory",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="Synthetic claims (default 100,000).")
    parser.add_argument("--metric", default="arrests", help="The timeline's metric (default arrests).")
    args = parser.parse_args(argv)
    from benchmarks.common import render_table

    rows, result = run(args.claims, metric=args.metric)
    print(render_table(rows))
    print(json.dumps({k: v for k, v in result.items() if k not in ("rebuild", "table", "json", "csv")}, default=str))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and Path(sys.argv[1]).suffix == ".json":  # run_child's ARGS_FILE RESULT_FILE
        child_main(measure)
    else:
        sys.exit(main())
