"""`lfrwatch demo`: the whole pipeline over the bundled sample site, offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from lfrwatch import config
from lfrwatch.cli.common import Failure, db_option, emit, translate_errors
from lfrwatch.cli.crawl import print_crawl_result
from lfrwatch.timeline import METRICS


DEMO_DB = "data/demo/lfrwatch.db"


@click.command()
@db_option(DEMO_DB, f"Database for the demo (default {DEMO_DB}, recreated on each run).")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@translate_errors
def demo(db_path, model):
    """Crawl the bundled sample site over loopback HTTP, extract claims and print a timeline.

    Starts a web server on 127.0.0.1 serving data/sample (an RSS feed, an Atom
    feed and article pages), crawls it with Scrapy, runs the NLP, stores
    everything in the demo database and prints what it found. Offline.

    Example: lfrwatch demo
    """
    from lfrwatch import store
    from lfrwatch.crawl.process import run_crawl
    from lfrwatch.nlp.extract import extract_claims
    from lfrwatch.crawl.mirror import MirrorServer
    from lfrwatch.timeline import rebuild_derived

    site = config.sample_site_dir()
    if not (site / "feeds").is_dir():
        raise Failure(f"sample site not found at {site} (run the demo from a checkout of lfrwatch)")
    db_file = Path(db_path)
    if db_file.exists():
        if db_file.resolve() != Path(DEMO_DB).resolve():
            raise Failure(f"the demo needs a fresh database and {db_file} exists: remove it or choose another --db")
        for stale in [db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")]:
            stale.unlink(missing_ok=True)
        for folder in (config.archive_dir(str(db_file)), config.httpcache_dir(str(db_file))):
            shutil.rmtree(folder, ignore_errors=True)
    store.open_db(db_file).close()
    from lfrwatch.records import DEMO_COLUMNS, demo_record_sources, refresh_comparisons

    with MirrorServer(site) as mirror, demo_record_sources(mirror.base_url) as record_sources:
        click.echo(f"serving the sample site at {mirror.base_url}", err=True)
        feeds = [mirror.url("feeds/met-news.rss"), mirror.url("feeds/press.atom")]
        # The forces' deployment records (data/sample/records) are crawled with the feeds.
        result = run_crawl(str(db_file), sources=record_sources, feeds=feeds, log_level="ERROR",
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
                                     "LFRWATCH_LOOPBACK_ONLY": True})  # the sample site is on 127.0.0.1
    print_crawl_result(result)
    db = store.open_db(db_file)
    extracted = extract_claims(db, model=model)
    rebuild_derived(db)
    click.echo(f"analysed {extracted.documents} document(s), stored {extracted.claims} claim(s)", err=True)
    click.echo("\nDocuments")
    emit(store.list_documents(db), "table", ["published", "publisher", "kind", "title"])
    from lfrwatch.timeline import timeline as build_timeline

    for metric in METRICS:
        rows = build_timeline(db, metric)
        if not rows:
            continue
        click.echo(f"\nTimeline: {metric}")
        emit(rows, "table", ["claimed_on", "value", "unit", "qualifier", "period", "claimant", "publisher"])
    quotes = store.list_claims(db, kind="quote")
    if quotes:
        click.echo("\nQuotes")
        emit(quotes, "table", ["claimed_on", "speaker", "role", "org", "text"])
    comparisons = refresh_comparisons(db)
    if comparisons:
        click.echo("\nClaimed versus recorded (the forces' own deployment records; lfrwatch check)")
        emit(sorted(comparisons, key=lambda r: (r["claimed_on"] or "", r["metric"])), "table", DEMO_COLUMNS)
    click.echo(f"\nExplore: lfrwatch claims --db {db_file}   |   lfrwatch timeline arrests --db {db_file} --format json")
