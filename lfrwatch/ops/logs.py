"""Logging for unattended runs: a rotated file beside the database, and the terminal.

The file (``data/logs/lfrwatch.log``, or under ``$LFRWATCH_LOG_DIR``) gets
everything at INFO, Scrapy's log of each crawl included, and rotates at 1 MB
keeping 5 old files, so a cron job never fills the disk. The terminal gets
warnings only (INFO with ``verbose``) and nothing with ``quiet``; lines the CLI
has already printed are not repeated there.

When the file cannot be written (a full disk, a read-only folder) the run says
so once on stderr and goes on; it does not print logging's traceback for every
line it could not write (on a full disk that buried cron's mail under
thousands of lines).
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


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no usable stderr either: nothing more to do
        pass


class LogFile(logging.handlers.RotatingFileHandler):
    """The rotated log file; when it cannot be written, says so once on stderr, and the run goes on.

    The file is opened at the first line (``delay``), so a file that cannot be
    opened is reported the same way. Later lines are still tried: if space is
    freed, the log resumes.
    """

    def __init__(self, path: Path, *, max_bytes: int, backups: int):
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
        self.failure: str | None = None

    def handleError(self, record: logging.LogRecord | None) -> None:
        error = sys.exc_info()[1]
        if self.failure is None:
            self.failure = (error.strerror if isinstance(error, OSError) and error.strerror else str(error)) or "?"
            _say(f"error: cannot write the log file {self.baseFilename}: {self.failure}; "
                 "going on without it (disk full?)")

    def close(self) -> None:
        try:
            super().close()
        except OSError:
            self.handleError(None)


class _NotEchoed(logging.Filter):
    """Drop records the CLI printed itself (logged with ``extra={"echoed": True}``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "echoed", False)


def setup_logging(db: str, *, quiet: bool = False, verbose: bool = False, max_bytes: int = MAX_BYTES,
                  backups: int = BACKUPS) -> Path:
    """Send the ``lfrwatch`` loggers to the rotated log file (and the terminal unless ``quiet``); returns the file."""
    folder = log_dir(db)
    path = folder / LOG_NAME
    teardown_logging()
    root = logging.getLogger("lfrwatch")
    file_handler = LogFile(path, max_bytes=max_bytes, backups=backups)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        file_handler.handleError(None)
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
