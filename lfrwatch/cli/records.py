"""`lfrwatch check` and `lfrwatch records`: the forces' deployment records and claimed-versus-recorded verdicts."""

from __future__ import annotations

import functools

import click

from lfrwatch.cli.common import EXIT_PARTIAL, Failure, db_option, emit, format_option, open_database, translate_errors
from lfrwatch.records import (COVERED_METRICS, FORCES, current_deployments, deployments_by_place, list_files,
                              parse_html, parse_pdf, refresh_comparisons)

CHECK_COLUMNS = ["claimed_on", "force", "metric", "qualifier", "claimed", "period", "place", "recorded",
                 "difference", "verdict", "reason"]


def _cli(func):
    """Run a command body with the CLI's error translation; a bad record file (ValueError) is a one-line error."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return translate_errors(func)(*args, **kwargs)
        except ValueError as exc:
            raise Failure(str(exc)) from exc

    return wrapper


@click.command("check")
@click.option("--metric", type=click.Choice(list(COVERED_METRICS)), help="Only claims about this metric.")
@click.option("--force", "force", type=click.Choice(list(FORCES)), help="Only claims by this force.")
@format_option()
@db_option()
@_cli
def check_command(metric, force, fmt, db_path):
    """Compare what forces claim with what their own deployment records add up to.

    Each figure a force makes about arrests, alerts, false alerts, faces
    scanned, deployments or watchlist size is set beside the records' total
    for the same period (and place), with a verdict: consistent (within the
    claim's qualifier), higher or lower than the records, or not comparable
    (and why). The comparisons are also stored in the record_comparisons table.

    Example: lfrwatch check --metric arrests --format csv
    """
    db = open_database(db_path)
    rows = refresh_comparisons(db)
    rows = [r for r in rows if (metric is None or r["metric"] == metric) and (force is None or r["force"] == force)]
    rows.sort(key=lambda r: (r["claimed_on"] or "", r["metric"], r["claim_id"]))
    emit(rows, fmt, CHECK_COLUMNS)


@click.command("records")
@click.option("--force", "force", type=click.Choice(list(FORCES)),
              help="Only this force's records (with --parse: the force whose area places are looked up in).")
@click.option("--by", "by", type=click.Choice(["deployment", "place", "file"]), default="deployment",
              show_default=True, help="One row per deployment, per place (with coordinates) or per record file.")
@click.option("--parse", "parse_path", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Read a record file (PDF or HTML) from disk and print its rows, storing nothing.")
@format_option()
@db_option()
@_cli
def records_command(force, by, parse_path, fmt, db_path):
    """List the official deployment records stored (or check a record file's layout with --parse).

    Example: lfrwatch records --by place --force met --format json
    """
    if parse_path:
        from pathlib import Path

        data = Path(parse_path).read_bytes()
        if data.lstrip()[:5].startswith(b"%PDF"):
            parsed = parse_pdf(data, parse_path, force=force or "met")
        else:
            parsed = parse_html(data, parse_path, force=force)
        emit(parsed.deployments, fmt, ["page", "row", "date", "location", "place", "borough", "duration_minutes",
                                       "watchlist_size", "total_alerts", "false_alerts", "arrests", "faces_seen"])
        for problem in parsed.problems():
            click.echo(str(problem), err=True)
        click.echo(f"{parse_path}: {len(parsed.deployments)} deployment(s) on {parsed.pages} page(s)"
                   + (f", {len(parsed.unread)} row(s) not read" if parsed.unread else "")
                   + (f", correct as at {parsed.as_at}" if parsed.as_at else ""), err=True)
        if parsed.problems():
            raise Failure(f"{parse_path}: {len(parsed.problems())} problem(s) (listed above)", EXIT_PARTIAL)
        return
    db = open_database(db_path)
    if by == "place":
        rows = deployments_by_place(db, force=force)
        emit(rows, fmt, ["force", "place", "borough", "lat", "lon", "deployments", "arrests", "false_alerts",
                         "faces_seen", "first_date", "last_date"])
    elif by == "file":
        emit(list_files(db, force=force), fmt, ["id", "force", "label", "status", "rows", "unread_rows", "new_rows",
                                                "corrected_rows", "withdrawn_rows", "fetched_at", "url", "error"])
    else:
        emit(current_deployments(db, force), fmt, ["force", "date", "location", "place", "watchlist_size",
                                                   "total_alerts", "false_alerts", "arrests", "faces_seen", "url",
                                                   "page"])


