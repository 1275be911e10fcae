"""`lfrwatch export`, `report`, `serve` and `record`: datasets, the HTML report, Datasette and a claim's bytes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lfrwatch import config, store
from lfrwatch.cli.common import Failure, db_option, open_database, translate_errors
from lfrwatch.publish.export import FORMATS, ExportError, default_out, export
from lfrwatch.publish.report import write_report
from lfrwatch.publish.serve import DB_NAME, DEFAULT_PORT, HOST, serve
from lfrwatch.publish.warc_records import RecordError, claim_payload


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="csv, jsonl (one JSON object a line), parquet (needs pyarrow), or datapackage (CSV plus a "
                   "Frictionless datapackage.json with described fields, licence and sources).")
@click.option("--out", "out", metavar="DIR",
              help="Folder to write (created if missing). Default: export/FORMAT/ beside the database "
                   "(data/export/csv/ for data/lfrwatch.db).")
@click.option("--include-text", is_flag=True,
              help="Add each document's full text (publishers' copyright: check before you publish it).")
@db_option()
@translate_errors
def export_command(fmt, out, include_text, db_path):
    """Export documents, claims, quotes, people, places, claim groups, conflicts, deployment records and comparisons.

    Ids are derived from the data, so they do not change between exports of
    the same data. Every claim and quote names the archived response it was read
    from (warc_file, warc_offset, warc_record_id). In Parquet, dates are dates and
    date-times UTC timestamps. Check a data package with `frictionless validate DIR/datapackage.json`.

    Example: lfrwatch export --format datapackage --out dataset/
    """
    out = out or str(default_out(db_path, fmt))
    try:
        files = export(open_database(db_path), out, fmt, include_text=include_text)
    except ExportError as exc:
        raise Failure(str(exc)) from exc
    for path in files:
        click.echo(str(path))
    click.echo(f"wrote {len(files)} file(s) to {out}", err=True)


@click.command("report")
@click.option("--out", "out", metavar="FILE", default="report.html", show_default=True,
              help="HTML file to write.")
@db_option()
@translate_errors
def report_command(out, db_path):
    """Write a self-contained HTML report: charts per metric, conflicts, latest quotes, every claim sourced.

    The page needs nothing from the network (charts are inline SVG, no
    scripts), so it can be opened from disk or published as is. Every claim
    names its archived copy (WARC file@offset and record id); written beside
    the database's archive/ folder, the report links to those files too.

    Example: lfrwatch report --out data/report.html   (beside data/lfrwatch.db and data/archive/)
    """
    path = write_report(open_database(db_path), out, archive_dir=config.archive_dir(config.db_path(db_path)))
    click.echo(f"wrote {path}", err=True)


@click.command("serve")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1 to listen on.")
@click.option("--no-refresh", is_flag=True,
              help="Serve as is, without rebuilding claim groups, conflicts and record comparisons.")
@db_option()
@translate_errors
def serve_command(port, no_refresh, db_path):
    """Browse and query the database in Datasette, read-only, on 127.0.0.1.

    Tables and columns carry their descriptions; canned queries give a
    metric's timeline, the conflicts, quotes by speaker and claimed versus
    recorded (each claim beside the force's deployment records), each also as JSON
    (add .json to the URL). Stop with Ctrl-C.

    Example: lfrwatch serve --port 8001   (then open http://127.0.0.1:8001/lfrwatch/timeline?metric=arrests)
    """
    path = config.db_path(db_path)
    if not Path(path).exists():
        store.open_db(path, create=False)  # the store's one-line "no database" error
    click.echo(f"serving {path} read-only at http://{HOST}:{port}/{DB_NAME} (Ctrl-C to stop)", err=True)
    serve(path, port, refresh=not no_refresh)


@click.command("record")
@click.argument("claim_id")
@db_option()
@translate_errors
def record_command(claim_id, db_path):
    """Write a claim's archived bytes to standard output: the page as it was fetched.

    Reads the WARC record the claim's document version was read from (the file
    in the archive folder beside the database, at its offset; its WARC-Record-ID
    checked) and writes its HTTP payload as it was served (e.g. the page's HTML,
    compression undone). One line on standard error names the claim, the page,
    the WARC file@offset, the record id, the capture date, the status and the content
    type. Claim ids are the `id` of `lfrwatch claims`, the exports' `claim_id` and
    Datasette's (whose /-/warc/CLAIM_ID page serves the same bytes).

    Example: lfrwatch record 779eee28606a0884 > archived-page.html   (an id from `lfrwatch claims --format json`)
    """
    path = config.db_path(db_path)
    try:
        payload = claim_payload(open_database(path).conn, claim_id, config.archive_dir(path))
    except RecordError as exc:
        raise Failure(str(exc)) from exc
    where = payload.location
    click.echo(f"claim {claim_id}: {payload.target_uri or where.url}, archived at {where.label}, record "
               f"{where.warc_record_id or 'unknown'}, fetched {payload.date or 'at an unknown time'}, "
               f"status {payload.status or 'unknown'}, {payload.content_type or 'no content type'}, "
               f"{len(payload.body)} bytes", err=True)
    sys.stdout.flush()
    sys.stdout.buffer.write(payload.body)
    sys.stdout.buffer.flush()
