"""`lfrwatch backfill` and `lfrwatch import-warc`: documents from the past, out of web archives and WARC files."""

from __future__ import annotations

import sys

import click

from lfrwatch import config
from lfrwatch.cli.common import (DATE, EXIT_ERROR, EXIT_PARTIAL, Failure, connect_scheduler, db_option,
                                 open_database, translate_errors)

#: Dates are calendar days; "2016" or "last year" is a usage error, not a silent guess.


def _check_http_url(url: str, option: str) -> None:
    from lfrwatch.crawl.process import check_url

    try:
        check_url(url)
    except ValueError as exc:
        raise Failure(f"{option}: {exc}") from exc


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--since", type=DATE, required=True, metavar="DATE",
              help="First day of the period, YYYY-MM-DD: captures made on or after it.")
@click.option("--until", type=DATE, metavar="DATE", help="Last day of the period, YYYY-MM-DD (default: today).")
@click.option("--cdx", "cdx_url", metavar="URL", default=None,
              help="The archive's CDX endpoint (default: the Internet Archive's, "
                   "https://web.archive.org/cdx/search/cdx).")
@click.option("--replay", metavar="URL",
              help="Where the archive replays captures (default: from --cdx, .../cdx/search/cdx -> .../web/).")
@click.option("--all-pages", is_flag=True,
              help="Fetch every HTML page the archive holds under each source's site and judge it on its text, "
                   "not only pages whose address names facial recognition (slow: for small sites).")
@click.option("--delay", type=click.FloatRange(min=0), default=2.0, show_default=True, metavar="SECONDS",
              help="Seconds between two requests to the archive.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, metavar="N",
              help="Times a request is asked again after a 429, a 5xx, a network failure or a body cut short.")
@db_option()
@translate_errors
def backfill(sources, since, until, cdx_url, replay, all_pages, delay, retries, db_path):
    """Store SOURCES' articles from a past period, out of a Wayback-style web archive.

    Asks the archive's CDX index for captures of each source's article addresses, feeds and listings in the
    period, keeps the earliest good capture of each article, fetches its raw bytes and stores the relevant
    ones with their original URL, capture time and the WARC record of the fetch. Polite (one request at a
    time, --delay apart, Retry-After obeyed) and resumable: a second run fetches nothing already stored, an
    interrupted one goes on where it stopped. Exits 3 when some URLs failed (each reported on stderr).

    Example: lfrwatch backfill met_news south_wales_police --since 2016-01-01 --until 2020-12-31
    """
    from lfrwatch.crawl.sources import get_source
    from lfrwatch.history.backfill import Backfill
    from lfrwatch.history.cdx import DEFAULT_CDX
    from lfrwatch.history.fetch import Politeness

    if until is not None and until < since:
        raise click.BadParameter(f"{until.date()} is before --since {since.date()}", param_hint="--until")
    for name in sources:  # a misspelt source is refused before anything is asked
        get_source(name)
    cdx_url = cdx_url or DEFAULT_CDX
    _check_http_url(cdx_url, "--cdx")
    if replay:
        _check_http_url(replay, "--replay")
    db = config.db_path(db_path)
    open_database(db, create=True).close()
    try:
        run = Backfill(db, since=since.date(), until=until.date() if until else None, cdx_endpoint=cdx_url,
                       replay=replay, all_pages=all_pages, politeness=Politeness(delay=delay, retries=retries))
    except ValueError as exc:  # no replay address to be had from --cdx
        raise Failure(str(exc)) from exc
    report = run.run(list(sources))
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure['url']}: {failure['error']}", err=True)
    period = f"{report.since} to {report.until or 'today'}"
    click.echo(
        f"backfill of {len(report.sources)} source(s), {period}: {report.queries} index queries, "
        f"{report.listed} captures listed, {report.fetched} fetched, {report.new} new, "
        f"{report.already_stored} already stored, {report.irrelevant} not about facial recognition, "
        f"{len(report.failures)} errors" + (f"; stopped: {report.stopped}" if report.stopped else ""),
        err=True)
    if report.failures:
        done = report.queries or report.fetched
        sys.exit(EXIT_PARTIAL if done else EXIT_ERROR)


@click.command("import-warc")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--all-domains", is_flag=True,
              help="Keep relevant pages from any domain, not only the domains of known sources.")
@click.option("-v", "--verbose", is_flag=True, help="Also list pages that passed the pre-filter but held no article.")
@click.option("--processes", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes that read the kept pages while this one iterates and pre-filters "
                   "(default: the cores less one, at least one; 0: this process). Not used with --scheduler.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Read the files on the workers of this Dask scheduler, one task per file; this process stays "
                   "the only writer to the database. Workers must see the files at the same path, or use URLs.")
@db_option()
@translate_errors
def import_warc(inputs, all_domains, verbose, processes, scheduler, db_path):
    """Store the relevant pages of WARC or WARC.gz files, read as a stream.

    A cheap pre-filter (response records of known sources' domains, HTML, the subject named in the raw bytes)
    runs before any page is parsed; the kept pages are read in worker processes (--processes), or with
    --scheduler on a Dask cluster's workers, and stored here with the file, the record's offset and its
    WARC-Record-ID as provenance. A damaged record is reported with file and offset and costs that record;
    a file that is not a WARC, or whose workers died, is reported by name. Re-running stores nothing twice.
    Exits 3 when some files or records failed and the rest was stored.

    Example: lfrwatch import-warc crawl-2019-05.warc.gz https://example.org/news.warc.gz
    """
    from pathlib import Path

    from lfrwatch.history.warcimport import WarcImport

    for location in inputs:  # a path that is not there is refused before anything is read
        if location.startswith(("http://", "https://")):
            _check_http_url(location, "PATH_OR_URL")
        elif not Path(location).is_file():
            raise Failure(f"{location}: cannot read file (no such file)")
    client = None
    if scheduler:
        client = connect_scheduler(scheduler)
    try:
        db = config.db_path(db_path)
        open_database(db, create=True).close()
        report = WarcImport(db, all_domains=all_domains, processes=processes).run(list(inputs), client=client)
    finally:
        if client is not None:
            client.close()
    if verbose:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure['path']}: {failure['error']}", err=True)
    click.echo(
        f"imported {report.files} of {len(inputs)} file(s): {report.records} records, {report.candidates} pages "
        f"read, {report.new} new, {report.changed} changed, {report.unchanged + report.already_stored} already "
        f"stored, {report.irrelevant} not about facial recognition, {report.damaged} damaged records, "
        f"{len(report.failures)} errors", err=True)
    if report.failures:
        sys.exit(EXIT_PARTIAL if report.files else EXIT_ERROR)
