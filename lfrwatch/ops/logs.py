"""Logging for unattended runs: a rotated file beside the database, and the terminal.

The file (``data/logs/lfrwatch.log``, or under ``$LFRWATCH_LOG_DIR``) gets
everything at INFO, Scrapy's log of each crawl included, and rotates at 1 MB
keeping 5 old files, so a cron job never fills the disk. The terminal gets
warnings only (INFO with ``verbose``) and nothing with ``quiet``; lines the CLI
has already printed are not repeated there.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from lfrwatch import config

LOG_NAME = "lfrwatch.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
#: Records logged under this name are lines copied from another log (Scrapy's): written as they are.
VERBATIM = "lfrwatch.scrapy"

_installed: list[logging.Handler] = []


def log_dir(db: str) -> Path:
    return Path(os.environ.get("LFRWATCH_LOG_DIR") or config.data_dir(db) / "logs")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if record.name == VERBATIM:
            return record.getMessage()
        return super().format(record)


class _NotEchoed(logging.Filter):
    """Drop records the CLI printed itself (logged with ``extra={"echoed": True}``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "echoed", False)


def setup_logging(db: str, *, quiet: bool = False, verbose: bool = False, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS) -> Path:
    """Send the ``lfrwatch`` loggers to the rotated log file (and the terminal unless ``quiet``); returns the file."""
    folder = log_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    teardown_logging()
    root = logging.getLogger("lfrwatch")
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                                        encoding="utf-8")
    file_handler.setLevel(logging.INFO)
    file_handler.setFormatter(_Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _installed.append(file_handler)
    if not quiet:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setLevel(logging.INFO if verbose else logging.WARNING)
        terminal.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        terminal.addFilter(_NotEchoed())
        _installed.append(terminal)
    for handler in _installed:
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def teardown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` added (the end of a command)."""
    root = logging.getLogger("lfrwatch")
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    root.setLevel(logging.NOTSET)


def absorb(path: Path, *, note: str | None = None) -> int:
    """Copy another log file's lines into ours (verbatim) and delete it; returns the lines copied."""
    path = Path(path)
    if not path.exists():
        return 0
    logger = logging.getLogger(VERBATIM)
    if note:
        logging.getLogger("lfrwatch.ops.runner").info(note)
    count = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            logger.info(line.rstrip("\n"))
            count += 1
    path.unlink()
    return count
