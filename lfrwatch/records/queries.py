"""Reading the stored records back: current deployments, coverage, recorded series, places and files."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from lfrwatch.records.files import unread_rows
from lfrwatch.records.forces import force_key_for


COVERED_METRICS = ("arrests", "alerts", "false_alerts", "faces_scanned", "deployments", "watchlist_size")
#: Claim metric -> the deployment column it adds up (deployments counts rows).
METRIC_COLUMNS = {"arrests": "arrests", "alerts": "total_alerts", "false_alerts": "false_alerts",
                  "faces_scanned": "faces_seen", "watchlist_size": "watchlist_size", "deployments": None}


def current_deployments(db: sqlite_utils.Database, force: str | None = None) -> list[dict[str, Any]]:
    """Every current deployment (corrected and withdrawn versions left out), by date."""
    where, params = "status = 'current'", []
    if force:
        where += " and force = ?"
        params.append(force_key_for(force))
    return list(db.query(f"select * from record_deployments where {where} order by date, file_id, page, row",
                         params))


def coverage(db: sqlite_utils.Database, force: str) -> list[tuple[str, str]]:
    """The stretches of days a force's records cover, merged: [(first, last)] as ISO dates.

    A file covers from the start of the period its name states (else its first
    row) to the earliest of: the end of that period, the date it says it is
    correct to, and - while the period is still running when fetched - its
    last row. A stated "as at" date extends coverage past the last row.
    """
    spans = []
    latest_per_url = db.query(
        "select f.*, min(d.date) as first_row, max(d.date) as last_row from record_files f "
        "join record_deployments d on d.last_seen_file_id = f.id "
        "where f.force = ? and f.status = 'ok' and f.id in (select max(id) from record_files where status = 'ok' "
        "group by url) group by f.id", [force_key_for(force)])
    for row in latest_per_url:
        notes = json.loads(row["notes"] or "[]")
        as_at = next((n[6:] for n in notes if n.startswith("as at ")), None)
        start = row["period_start"] or row["first_row"]
        fetched = (row["fetched_at"] or "")[:10]
        if as_at:  # the file says what it is correct to
            end = min(as_at, row["period_end"]) if row["period_end"] else as_at
        elif row["period_end"] and row["period_end"] < fetched:
            end = row["period_end"]  # the period was over when fetched: the file covers all of it
        else:
            end = row["last_row"]
        end = max(end, row["last_row"])
        spans.append((min(start, row["first_row"]), end))
    merged: list[list[str]] = []
    for start, end in sorted(spans):
        if merged and date.fromisoformat(start) <= date.fromisoformat(merged[-1][1]) + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def metric_value(row: dict[str, Any], metric: str) -> int | None:
    column = METRIC_COLUMNS[metric]
    return 1 if column is None else row.get(column)


def recorded_series(db: sqlite_utils.Database, metric: str, *, force: str | None = None) -> list[dict[str, Any]]:
    """What the records say for a metric, day by day: ``[{force, date, value, cumulative, deployments}]``.

    ``value`` is the day's total (for watchlist_size, the day's largest
    watchlist, and ``cumulative`` is None); ``cumulative`` the running total
    from the force's first record. For plotting beside the claimed series.
    """
    if metric not in COVERED_METRICS:
        raise ValueError(f"the records do not cover {metric!r} (they cover {', '.join(COVERED_METRICS)})")
    days: dict[tuple[str, str], dict[str, Any]] = {}
    for row in current_deployments(db, force):
        entry = days.setdefault((row["force"], row["date"]),
                                {"force": row["force"], "date": row["date"], "value": 0, "deployments": 0,
                                 "missing": 0})
        entry["deployments"] += 1
        value = metric_value(row, metric)
        if value is None:
            entry["missing"] += 1
        elif metric == "watchlist_size":
            entry["value"] = max(entry["value"], value)
        else:
            entry["value"] += value
    series = []
    totals: Counter = Counter()
    for (force_key, _), entry in sorted(days.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if metric == "watchlist_size":
            entry["cumulative"] = None
        else:
            totals[force_key] += entry["value"]
            entry["cumulative"] = totals[force_key]
        series.append(entry)
    return series


def deployments_by_place(db: sqlite_utils.Database, *, force: str | None = None, since: str | None = None,
                         until: str | None = None) -> list[dict[str, Any]]:
    """Deployments per place with coordinates and totals, for a map; places the gazetteer lacks have no lat/lon.

    A total is None when none of the place's deployments recorded that count.
    """
    places: dict[tuple, dict[str, Any]] = {}
    for row in current_deployments(db, force):
        if (since and row["date"] < since) or (until and row["date"] > until):
            continue
        key = (row["force"], row["place"] or row["location"])
        entry = places.setdefault(key, {
            "force": row["force"], "place": row["place"], "place_kind": row["place_kind"],
            "borough": row["borough"], "lat": row["lat"], "lon": row["lon"],
            "locations": [], "deployments": 0, "arrests": None, "alerts": None, "false_alerts": None,
            "faces_seen": None, "first_date": row["date"], "last_date": row["date"]})
        entry["deployments"] += 1
        for metric, column in (("arrests", "arrests"), ("alerts", "total_alerts"), ("false_alerts", "false_alerts"),
                               ("faces_seen", "faces_seen")):
            # A count the records leave blank stays unknown (None) rather than becoming 0.
            if row[column] is not None:
                entry[metric] = (entry[metric] or 0) + row[column]
        entry["last_date"] = max(entry["last_date"], row["date"])
        if row["location"] not in entry["locations"]:
            entry["locations"].append(row["location"])
    return sorted(places.values(), key=lambda e: (-e["deployments"], e["force"], e["place"] or ""))


def list_files(db: sqlite_utils.Database, *, force: str | None = None) -> list[dict[str, Any]]:
    """Every record file fetched, oldest first, with ``unread_rows``: how many of its rows could not be read."""
    where, params = "", []
    if force:
        where, params = "where force = ?", [force_key_for(force)]
    return [dict(row, unread_rows=unread_rows(row["notes"]))
            for row in db.query(f"select * from record_files {where} order by id", params)]
