"""`lfrwatch verify`: check the database, the WARC archive and the HTTP cache; one line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lfrwatch import config
from lfrwatch.cli.common import EXIT_ERROR, Failure, db_option, translate_errors


@click.command("verify")
@db_option()
@translate_errors
def verify_command(db_path):
    """Check the data: the database, every document version's archived bytes, the HTTP cache.

    Runs SQLite's integrity_check on the database; reads every WARC file under
    archive/ to its end (a file cut short is named with the offset where it
    breaks off); reads every document version's WARC record and checks that it
    is the record stored, that its body matches its own payload digest and the
    sha256 the version stored; opens and checks every HTTP cache file. Changes
    nothing. Prints one line per problem, then a summary.

    Exit codes: 0 all is well; 1 something is broken (each problem printed).

    Example: lfrwatch verify --db data/lfrwatch.db
    """
    from lfrwatch.ops.verify import verify

    db = config.db_path(db_path)
    if not Path(db).is_file():
        raise Failure(f"no database at {db} (run `lfrwatch crawl` or `lfrwatch demo` first)")
    report = verify(db)
    for problem in report.problems:
        click.echo(problem.line())
    click.echo(report.summary())
    if not report.ok:
        sys.exit(EXIT_ERROR)
