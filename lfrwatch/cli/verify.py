"""`lfrwatch verify`: check the database, the WARC archive and the HTTP cache; one line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lfrwatch import config
from lfrwatch.cli.common import EXIT_ERROR, Failure, db_option, parse_settings, translate_errors


@click.command("verify")
@click.option("--refetch", is_flag=True,
              help="Fetch again every document whose current version lost its archived bytes (past the HTTP "
                   "cache, through the normal crawl), point the version at the new record, trim a WARC file "
                   "cut short, then verify again.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="With --refetch: override a Scrapy setting for the crawl, e.g. -s DOWNLOAD_DELAY=2 (repeatable).")
@db_option()
@translate_errors
def verify_command(refetch, settings, db_path):
    """Check the data: the database, every document version's archived bytes, the HTTP cache.

    Runs SQLite's integrity_check on the database; reads every WARC file under
    archive/ to its end (a file cut short is named with the offset where it
    breaks off); reads every document version's WARC record and checks that it
    is the record stored, that its body matches its own payload digest and the
    sha256 the version stored; opens and checks every HTTP cache file. Changes
    nothing. Prints one line per problem, then a summary.

    With --refetch, each document whose current version lost its bytes is
    fetched again (robots.txt and the crawl's guards apply); a page whose text
    is unchanged has its version pointed at the new record, a changed one is
    stored as a new version. One line per repair ("repaired: ..." or "not
    repaired: ..." with why, such as the site's 404), then the problems left
    and the summary of verifying again.

    Exit codes: 0 all is well (after --refetch: all is well now); 1 something
    is broken (each problem printed).

    Example: lfrwatch verify --db data/lfrwatch.db --refetch
    """
    from lfrwatch.ops.verify import refetch_lost, verify

    db = config.db_path(db_path)
    if not Path(db).is_file():
        raise Failure(f"no database at {db} (run `lfrwatch crawl` or `lfrwatch demo` first)")
    report = verify(db)
    if refetch and not report.ok:
        for problem in report.problems:
            click.echo(f"found: {problem.line()}")
        outcome = refetch_lost(db, report, settings=parse_settings(settings))
        for repair in outcome.repairs:
            click.echo(repair.line())
        report = outcome.after
    for problem in report.problems:
        click.echo(problem.line())
    click.echo(report.summary())
    if not report.ok:
        sys.exit(EXIT_ERROR)
