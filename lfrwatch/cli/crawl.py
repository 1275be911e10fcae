"""`lfrwatch crawl` and `lfrwatch sources`: the source catalogue and crawling it."""

from __future__ import annotations

import sys

import click

from lfrwatch import config
from lfrwatch.cli.common import EXIT_PARTIAL, Failure, db_option, emit, open_database, parse_settings, translate_errors


def print_crawl_result(result) -> None:
    for error in result.errors:
        click.echo(f"error: {error['url']}: {error['error']}", err=True)
    click.echo(
        f"crawled {len(result.sources)} source(s): {result.total('found')} relevant, {result.total('new')} new, "
        f"{result.total('changed')} changed, {result.total('unchanged') + result.total('not_reparsed')} unchanged, "
        f"{result.total('skipped_irrelevant')} skipped as not about facial recognition, {len(result.errors)} errors",
        err=True,
    )


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to crawl (repeatable).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting for this run, e.g. -s DOWNLOAD_DELAY=2 (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@db_option()
@translate_errors
def crawl(sources, feeds, settings, verbose, db_path):
    """Crawl named sources, or RSS/Atom feeds given by URL, into the database.

    Each entry's page is fetched, its article text and metadata extracted and
    stored with the raw response archived. With no SOURCES and no --feed, every
    enabled source is crawled. Exits 3 when some URLs failed (each is reported
    on stderr) and the rest was stored.

    Example: lfrwatch crawl --feed https://news.met.police.uk/rss/current_news/66871
    """
    from lfrwatch.crawl.process import check_url, run_crawl
    from lfrwatch.crawl.sources import enabled_sources, get_source

    names = list(sources)
    if not names and not feeds:
        names = [s.name for s in enabled_sources()]
        if not names:
            raise Failure("no enabled sources to crawl (see `lfrwatch sources`), and no --feed given")
    for name in names:  # a misspelt source or a bad URL is refused before anything is created
        get_source(name)
    for feed in feeds:
        check_url(feed)
    db = config.db_path(db_path)
    open_database(db, create=True).close()
    # Scrapy's own log only with --verbose: every failure is in the crawl's report, one line each.
    result = run_crawl(db, sources=names, feeds=list(feeds), settings=parse_settings(settings),
                       log_level="INFO" if verbose else "CRITICAL")
    print_crawl_result(result)
    if result.errors and not reached_anything(result):
        raise Failure("nothing was crawled: every request failed (each is listed above)")
    if result.errors or result.returncode:
        sys.exit(EXIT_PARTIAL)


def reached_anything(result) -> bool:
    """Whether any site answered (a status below 400, robots.txt included): else nothing succeeded, an error."""
    return any(count and status.isdigit() and int(status) < 400
               for source in result.sources for status, count in (source.get("responses") or {}).items())


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@click.option("--health", "show_health", is_flag=True,
              help="Show each source's health from its last `lfrwatch run`: requests, responses by status, "
                   "documents, errors, and whether it is flagged broken and why.")
@db_option()
@translate_errors
def sources(fmt, show_health, db_path):
    """List every source with its kind, whether it is enabled, and its last run.

    Example: lfrwatch sources --format json
    """
    from lfrwatch import store
    from lfrwatch.crawl.sources import all_sources

    db = store.open_db(config.db_path(db_path))
    if show_health:
        from lfrwatch.ops.health import HEALTH_COLUMNS, health_rows

        emit(health_rows(db), fmt, HEALTH_COLUMNS)
        return
    runs = {row["name"]: row for row in db["sources"].rows}
    rows = []
    for source in all_sources():
        run = runs.get(source.name, {})
        rows.append({
            "name": source.name, "kind": source.kind, "publisher": source.publisher, "enabled": source.enabled,
            "base_url": source.base_url, "feeds": source.feed_urls, "listings": source.listing_urls,
            "last_run_at": run.get("last_run_at"), "documents_found": run.get("documents_found"),
            "documents_stored": run.get("documents_stored"), "errors": run.get("errors"),
        })
    emit(rows, fmt, ["name", "kind", "publisher", "enabled", "last_run_at", "documents_found", "errors"])
