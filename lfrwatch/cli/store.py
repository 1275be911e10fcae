"""`lfrwatch documents`, `claims`, `schema` and `search`: reading the store."""

from __future__ import annotations

import click

from lfrwatch.cli.common import db_option, emit, emit_rows, format_option, open_database, translate_errors
from lfrwatch.timeline import METRICS
from lfrwatch.store.search import KINDS, SearchError, search

@click.command()
@format_option(("table", "json"))
@db_option()
@translate_errors
def documents(fmt, db_path):
    """List stored documents.

    Example: lfrwatch documents --format json
    """
    from lfrwatch import store

    rows = store.list_documents(open_database(db_path))
    emit(rows, fmt, ["id", "published", "publisher", "kind", "title", "url"])


CLAIM_COLUMNS = ["claimed_on", "kind", "metric", "value", "qualifier", "period", "claimant", "text", "publisher"]


@click.command()
@click.option("--metric", type=click.Choice(list(METRICS)),
              help="Only figures of this metric.")
@click.option("--kind", type=click.Choice(["figure", "quote"]), help="Only figures or only quotes.")
@click.option("--all-versions", is_flag=True, help="Include claims of earlier versions of changed documents.")
@format_option()
@db_option()
@translate_errors
def claims(metric, kind, all_versions, fmt, db_path):
    """List stored claims (figures and quotes) with their documents.

    Example: lfrwatch claims --metric arrests --format csv
    """
    from lfrwatch import store

    rows = store.list_claims(open_database(db_path), metric=metric, kind=kind, all_versions=all_versions)
    emit(rows, fmt, CLAIM_COLUMNS)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="Output format.")
@db_option()
@translate_errors
def schema(fmt, db_path):
    """Describe every table and column of the database, from the real schema.

    docs/schema.md is the markdown for a fresh database (`--db :memory:`).

    Example: lfrwatch schema --format markdown --db :memory: > docs/schema.md
    """
    from lfrwatch import store

    db = open_database(db_path, create=True)
    if fmt == "markdown":
        from lfrwatch.publish.export import schema_markdown

        click.echo(schema_markdown(db), nl=False)
    else:
        rows = store.describe_schema(db)
        emit(rows, fmt, ["table", "column", "type", "description"])


@click.command("search")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), help="Only documents or only quotes.")
@click.option("--limit", default=50, show_default=True, help="Most results of each kind.")
@format_option()
@db_option()
@translate_errors
def search_command(text, kind, limit, fmt, db_path):
    """Full-text search of document titles and texts and of quotes (and their speakers).

    Words must all match, in any form ("arrest" finds "arrests"); put a phrase
    in double quotes. Matches are shown [in brackets] in the snippet.

    Example: lfrwatch search '"watchlist" bias' --kind quote
    """
    try:
        rows = search(open_database(db_path), text, kind=kind, limit=limit)
    except SearchError as exc:
        raise click.BadParameter(str(exc), param_hint="TEXT") from exc
    emit_rows(rows, fmt, ["type", "published", "publisher", "speaker", "snippet", "url"])
