"""`lfrwatch run` and `lfrwatch cron`: the unattended job and the line that schedules it."""

from __future__ import annotations

import logging
import sys

import click

from lfrwatch import config
from lfrwatch.cli.common import Failure, db_option, parse_settings, translate_errors
from lfrwatch.ops import health
from lfrwatch.ops.cron import CronError, CronScheduleError, cron_line, install_cron_line
from lfrwatch.ops.logs import setup_logging, teardown_logging
from lfrwatch.ops.runner import EXIT_BUSY, RunBusyError, RunError, RunStopped, plan, report_lines, run_once
from lfrwatch.publish import notify

logger = logging.getLogger("lfrwatch.ops.runner")


def _interactive() -> bool:
    """Progress is for people: only when stderr is a terminal (never in cron's mail or a log)."""
    return sys.stderr.isatty()


def _progress(message: str) -> None:
    if message.startswith("\r"):
        click.echo(message, err=True, nl=False)
    else:
        click.echo(message, err=True)


@click.command("run")
@click.argument("sources", nargs=-1)
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to crawl too (repeatable).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting for this run, e.g. -s DOWNLOAD_TIMEOUT=20 (repeatable).")
@click.option("-q", "--quiet", is_flag=True,
              help="For cron: print only problems (errors, broken sources), nothing when all is well.")
@click.option("-v", "--verbose", is_flag=True, help="Show the log (INFO) on the terminal too.")
@click.option("--broken-after", type=click.IntRange(min=1), default=health.DEFAULT_BROKEN_AFTER, show_default=True,
              help="Flag a source broken after this many runs in a row that find nothing, where it used to find items.")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@click.option("--processes", type=click.IntRange(min=0), default=0, show_default=True,
              help="spaCy processes for the documents left when the crawl ends (during the crawl: one). "
                   "0: two on a machine with two or more cores when 200 or more documents are left, else one.")
@db_option()
@translate_errors
def run_command(sources, feeds, settings, quiet, verbose, broken_after, model, processes, db_path):
    """Crawl, extract, update the timeline and say what is new: the job to schedule.

    Crawls every enabled source (or the SOURCES named, and any --feed), stores
    new documents, extracts their claims, records each source's health, and
    rewrites the Atom feed of new claims (data/feed.xml beside the database).
    Prints one line per new document, claim and conflict, then a summary;
    errors and broken sources go to stderr. The log is kept in data/logs/.

    Exit codes: 0 all sources worked; 1 the run failed; 3 some URLs failed (the
    rest is stored); 4 database locked; 5 another run is using this database;
    6 a source is flagged broken (see `lfrwatch sources --health`); 143 stopped
    by SIGTERM (130: Ctrl-C), the run marked interrupted.

    Example: lfrwatch run --quiet
    """
    db = config.db_path(db_path)
    parsed = parse_settings(settings)
    try:  # an unknown source or a bad URL is refused before anything (a log folder included) is created
        plan(sources, feeds)
    except RunError as exc:
        raise Failure(str(exc)) from exc
    log_file = setup_logging(db, quiet=quiet, verbose=verbose)
    show_progress = not quiet and _interactive()
    try:
        try:
            outcome = run_once(db, sources=sources, feeds=feeds, settings=parsed, model=model,
                               broken_after=broken_after, processes=processes,
                               progress=_progress if show_progress else None)
        except RunBusyError as exc:
            logger.warning("%s", exc, extra={"echoed": True})
            raise Failure(str(exc), EXIT_BUSY) from exc
        except (RunError, notify.NotifyError) as exc:
            logger.error("%s", exc, extra={"echoed": True})
            raise Failure(str(exc)) from exc
        except RunStopped as exc:
            if show_progress:
                click.echo("", err=True)
            raise Failure(f"lfrwatch run {exc.run_id}: stopped by {exc.signal_name}; the run is marked interrupted "
                          "and the lock released; the next run finishes its work", exc.exit_code) from None
        if show_progress:
            click.echo("", err=True)
        out, err = report_lines(outcome)
        for line in out:
            logger.info("%s", line, extra={"echoed": True})
            if not quiet:
                click.echo(line)
        for line in err:
            logger.warning("%s", line, extra={"echoed": True})
            click.echo(line, err=True)
        if outcome.lock_note:
            click.echo(f"note: {outcome.lock_note}", err=True)
        if quiet and outcome.exit_code:
            click.echo(f"lfrwatch run {outcome.run_id}: {outcome.status} (exit code {outcome.exit_code}); "
                       f"log: {log_file}", err=True)
    finally:
        teardown_logging()
    if outcome.exit_code:
        sys.exit(outcome.exit_code)


@click.command("cron")
@click.option("--every", default="6h", show_default=True, metavar="INTERVAL",
              help="How often to run: 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d or 1w.")
@click.option("--install", is_flag=True,
              help="Add the line to your crontab (crontab -l / crontab -), replacing an earlier lfrwatch line "
                   "for the same database.")
@db_option()
@translate_errors
def cron_command(every, install, db_path):
    """Print the crontab line that runs `lfrwatch run --quiet` on a schedule; --install adds it.

    The minute (and hour) are fixed per database so that installs spread their
    load. cron mails whatever the run prints, and with --quiet that is only
    problems. The line is marked with a comment, so installing again replaces
    it rather than adding a second one.

    Example: lfrwatch cron --every 6h --install
    """
    db = config.db_path(db_path)
    try:
        line = cron_line(every, db)
    except CronScheduleError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    click.echo(line)
    if install:
        try:
            changed = install_cron_line(line, db)
        except CronError as exc:
            raise Failure(str(exc)) from exc
        click.echo("installed in your crontab" if changed else "already in your crontab", err=True)
