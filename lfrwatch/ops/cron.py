"""Cron: the crontab line that runs ``lfrwatch run --quiet``, and installing it.

The minute (and hour) are fixed per database, so that installs spread their
load; the line carries a marker comment, so installing again replaces it.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path


class CronError(RuntimeError):
    """The crontab could not be read or written."""


class CronScheduleError(ValueError):
    """An --every interval that cron cannot express."""


CRON_MARK = "# lfrwatch-run db="


def _spread(db: str, modulo: int, salt: str) -> int:
    """A number in [0, modulo) fixed for this database, so installs spread their load over the hour or day."""
    return int(hashlib.sha1(f"{salt}:{db}".encode()).hexdigest(), 16) % modulo


def cron_schedule(every: str, db: str) -> str:
    """The five crontab time fields for "15m", "6h", "1d" or "1w"."""
    text = every.strip().lower()
    units = {"m": "minute", "h": "hour", "d": "day", "w": "week"}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit() or int(text[:-1]) < 1:
        raise CronScheduleError(f"{every!r}: expected a number and a unit (m, h, d or w), e.g. 30m, 6h, 1d")
    n, unit = int(text[:-1]), text[-1]
    minute = _spread(db, 60, "minute")
    if unit == "m" and n < 60 and 60 % n == 0:
        return f"{minute % n}-59/{n} * * * *" if n > 1 else "* * * * *"
    if (unit == "m" and n % 60 == 0) or unit == "h":
        hours = n // 60 if unit == "m" else n
        if hours < 24 and 24 % hours == 0:
            return f"{minute} {_spread(db, hours, 'hour')}-23/{hours} * * *" if hours > 1 else f"{minute} * * * *"
        if hours == 24:
            return f"{minute} {_spread(db, 24, 'hour')} * * *"
    if unit == "d" and n == 1:
        return f"{minute} {_spread(db, 24, 'hour')} * * *"
    if (unit == "w" and n == 1) or (unit == "d" and n == 7):
        return f"{minute} {_spread(db, 24, 'hour')} * * {_spread(db, 7, 'day')}"
    raise CronScheduleError(f"{every!r}: cron can run every 1-30 minutes dividing the hour (15m), hours dividing "
                             "the day (1h, 2h, 3h, 4h, 6h, 8h, 12h), 1d or 1w")


def lfrwatch_command() -> list[str]:
    """How cron should start this lfrwatch: the installed script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("lfrwatch")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "lfrwatch.cli"]


def cron_line(every: str, db: str, workdir: str | None = None) -> str:
    """The crontab line: schedule, cd to the folder (for lfrwatch.toml), run quietly, and the marker comment."""
    db = str(Path(db).resolve())
    workdir = workdir or os.getcwd()
    command = " ".join(shlex.quote(part) for part in [*lfrwatch_command(), "run", "--quiet", "--db", db])
    line = f"{cron_schedule(every, db)} cd {shlex.quote(workdir)} && {command} {CRON_MARK}{db}"
    return line.replace("%", "\\%")  # cron turns a bare % into a newline


def _crontab(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    program = os.environ.get("LFRWATCH_CRONTAB", "crontab")
    if shutil.which(program) is None:
        raise CronError(f"{program!r} not found: install cron, or use the systemd timer in docs/unattended.md")
    return subprocess.run([program, *args], input=stdin, capture_output=True, text=True, timeout=30)


def install_cron_line(line: str, db: str) -> bool:
    """Put ``line`` in the user's crontab, replacing an earlier lfrwatch line for ``db``; False if already there."""
    listed = _crontab("-l")
    if listed.returncode != 0:
        if "no crontab" not in (listed.stderr or "").lower():
            raise CronError(f"crontab -l failed: {(listed.stderr or '').strip() or listed.returncode}")
        current = []
    else:
        current = listed.stdout.splitlines()
    marker = f"{CRON_MARK}{Path(db).resolve()}"
    kept = [existing for existing in current if not existing.rstrip().endswith(marker)]
    if line in current and len(kept) == len(current) - 1:
        return False
    written = _crontab("-", stdin="\n".join([*kept, line]) + "\n")
    if written.returncode != 0:
        raise CronError(f"crontab - failed: {(written.stderr or '').strip() or written.returncode}")
    return True
