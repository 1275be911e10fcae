"""`lfrwatch timeline`, `conflicts` and `quotes`: claimed values over time, their contradictions, the quotations.

`timeline` prints its rows as it reads them (:func:`stream_rows`): a series of any length costs a row's memory
in JSON and CSV, and its shown cells in a table.
"""

from __future__ import annotations

from typing import Any, Iterable

import click

from lfrwatch.cli.common import (DATE, csv_chunks, db_option, emit_rows, flat, format_option, json_chunks,
                                 open_database, translate_errors, write_chunks)
from lfrwatch.timeline import METRICS, conflicts, iter_timeline, quotes

#: --since takes a calendar date; "2025-13-01" or "yesterday" is a usage error, not a silent filter.

TIMELINE_COLUMNS = ["first_seen", "claimant_org", "value", "qualifier", "period", "repeat_count", "conflicts",
                    "recorded", "verdict", "document_url"]


def _iso(value) -> str | None:
    return value.date().isoformat() if value is not None else None


@click.command()
@click.argument("metric", type=click.Choice(list(METRICS)))
@click.option("--claimant", metavar="ORG", help="Only claims for this organisation ('the Met' works), or whose "
                                                 "claimant or publisher contains ORG.")
@click.option("--since", type=DATE, metavar="DATE",
              help="Only claims first made on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N rows (default: all).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="Skip the first N rows (with --limit: page through a long series).")
@format_option()
@db_option()
@translate_errors
def timeline(metric, claimant, since, limit, offset, fmt, db_path):
    """A metric's claimed values in date order, by claimant organisation, with every source.

    One row per distinct claim: repeats by other outlets are merged into
    `sources` (with `repeat_count`, `first_seen`, syndicated copies marked),
    and `conflicts` names any contradiction (see `lfrwatch conflicts`).

    `--limit` and `--offset` page through the series in date order (after the
    filters): `--limit 100 --offset 200` gives rows 201 to 300.

    Example: lfrwatch timeline arrests --claimant "the Met" --since 2025-01-01
    """
    rows = iter_timeline(open_database(db_path), metric, claimant=claimant, since=_iso(since), limit=limit,
                         offset=offset)
    stream_rows(rows, fmt, TIMELINE_COLUMNS)


def stream_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    """What :func:`~lfrwatch.cli.common.emit_rows` prints for ``rows``, byte for byte, written as the rows come
    (by :func:`~lfrwatch.cli.common.emit`'s own writers, a row at a time).

    JSON and CSV keep one row at a time. A table keeps only the cells of ``columns``: tabulate sets each
    column's width and alignment from all of its cells.
    """
    if fmt == "json":
        write_chunks(json_chunks([row] for row in rows), binary=True)
    elif fmt == "csv":
        write_chunks(csv_chunks((flat([row])[0] for row in rows), columns), binary=False)
    else:
        emit_rows([{column: row.get(column) for column in columns} for row in rows], fmt, columns)


@click.command("conflicts")
@click.option("--metric", type=click.Choice(list(METRICS)), help="Only conflicts involving this metric.")
@format_option()
@db_option()
@translate_errors
def conflicts_command(metric, fmt, db_path):
    """List contradictions between claims, each with its reason and both sources.

    Flags a running total ("to date", "so far", "since ...") that goes down,
    two values for the same claimant and period that cannot both hold
    (qualifiers respected), and a part above its whole (charged above arrested).

    Example: lfrwatch conflicts --metric arrests --format json
    """
    rows = conflicts(open_database(db_path), metric=metric)
    emit_rows(rows, fmt, ["other_claimed_on", "kind", "claimant_org", "metric", "value", "other_metric",
                          "other_value", "reason"])


@click.command("quotes")
@click.option("--speaker", metavar="NAME", help="Only quotes whose speaker's name contains NAME (any case).")
@click.option("--since", type=DATE, metavar="DATE",
              help="Only quotes first published on or after this date (YYYY-MM-DD).")
@format_option()
@db_option()
@translate_errors
def quotes_command(speaker, since, fmt, db_path):
    """List quotations with speaker, role and organisation; repeats are merged with their sources.

    Example: lfrwatch quotes --speaker Rowley --format csv
    """
    rows = quotes(open_database(db_path), speaker=speaker, since=_iso(since))
    emit_rows(rows, fmt, ["first_seen", "speaker", "role", "claimant_org", "repeat_count", "text"])
