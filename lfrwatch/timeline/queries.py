"""What a researcher asks the timeline: a metric's series, the conflicts, the quotes.

:func:`timeline` gives a metric's claim groups in the order first made
(filtered by claimant organisation and date, paged), read from the stored
derived tables (:mod:`lfrwatch.timeline.derived`), rebuilt first in bounded
memory when they are stale (:mod:`lfrwatch.timeline.rebuild`; a fresh
:func:`~lfrwatch.timeline.analysis.analyse` when the file cannot be written),
each row with what the force's own deployment records say (:mod:`lfrwatch.records`);
:func:`iter_timeline` gives the same rows one at a time.
:func:`series` splits rows by claimant organisation; :func:`conflicts` and
:func:`quotes` list the analysis' conflicts and distinct quotations.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any, Iterator

import sqlite_utils

from lfrwatch import records
from lfrwatch.timeline.analysis import Analysis, analyse
from lfrwatch.timeline.claimants import normalise_org
from lfrwatch.timeline.derived import _bulk_objects, derived_current, iter_stored_figures
from lfrwatch.timeline.rebuild import rebuild_derived

#: The metrics a figure claim counts (the NLP's ``metric``); a timeline is one metric's series.
METRICS = (
    "arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts",
    "watchlist_size", "officers", "staff", "money", "other",
)


def _matches_org(group: dict[str, Any], claimant: str) -> bool:
    wanted = normalise_org(claimant) or claimant
    if (group.get("claimant_org") or "").casefold() == wanted.casefold():
        return True
    needle = claimant.casefold()
    return any(needle in str(group.get(k) or "").casefold() for k in ("claimant_org", "claimant", "org", "publisher"))


def timeline(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
             since: str | None = None, analysis: Analysis | None = None,
             limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The series for ``metric``: one row per distinct claim, in the order first made, with its sources.

    ``claimant`` matches the normalised claimant organisation (or, as a
    substring, the claimant, speaker's organisation or publisher); ``since``
    keeps claims first made on or after that date. ``offset`` and ``limit``
    page through the (filtered) series: the rows from ``offset`` (0: the
    first), at most ``limit`` of them (None: all); from the stored tables the
    page is read by index, so a page of a long series costs what its rows do.

    Without ``analysis``, the rows come from the stored ``claim_groups`` when
    they are current (:func:`derived_current`); otherwise the derived tables
    are rebuilt first, in bounded memory (:func:`~lfrwatch.timeline.rebuild.rebuild_derived`),
    and read; when the file cannot be written, the claims are analysed in
    memory. All give the same rows.

    Each row also has ``recorded``, ``verdict`` and ``verdict_reason``: when
    the claim is a force's figure about a metric its stored deployment
    records cover, what those records add up to for the claim's period and
    place, and how the claim compares (:func:`lfrwatch.records.compare_claims`,
    for the group's earliest claim); None otherwise.
    """
    with _bulk_objects():
        return list(iter_timeline(db, metric, claimant=claimant, since=since, analysis=analysis, limit=limit,
                                  offset=offset))


def iter_timeline(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
                  since: str | None = None, analysis: Analysis | None = None,
                  limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """The rows of :func:`timeline`, one at a time: from the stored tables, each row is decoded as it is
    asked for, so a long series costs one row's memory (what `lfrwatch timeline` prints as it reads)."""
    limit, offset = _page(limit, offset)  # checked now, not when the first row is asked for
    return _timeline_rows(db, metric, claimant, since, analysis, limit, offset)


def _timeline_rows(db: sqlite_utils.Database, metric: str, claimant: str | None, since: str | None,
                   analysis: Analysis | None, limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
    if analysis is None and (derived_current(db) or rebuild_derived(db) is not None):
        rows: Iterator[dict[str, Any]] = iter_stored_figures(db, metric, claimant=claimant, since=since,
                                                             limit=limit, offset=offset)
    else:
        if analysis is None:  # the file could not be written: the rebuild's one wait for it is enough
            with _bulk_objects():
                analysis = analyse(db)
        found = analysis.figures(metric)
        if claimant:
            found = [g for g in found if _matches_org(g, claimant)]
        if since:
            found = [g for g in found if (g["first_seen"] or "") >= since]
        rows = iter(found[offset:] if limit is None else found[offset:offset + limit])
    first = next(rows, None)
    if first is None:
        return
    compared = record_comparisons(db, metric)
    for group in itertools.chain((first,), rows):
        found = next((compared[i] for i in [group["id"], *group["claim_ids"]] if i in compared), None) \
            if compared else None
        row = group if analysis is None else dict(group)  # stored rows are fresh; the analysis' are kept as they are
        row.update(recorded=found["recorded"] if found else None, verdict=found["verdict"] if found else None,
                   verdict_reason=found["reason"] if found else None)
        yield row


def _page(limit: int | None, offset: int | None) -> tuple[int | None, int]:
    """(limit, offset) checked: whole numbers, not negative; an offset of None is 0."""
    offset = 0 if offset is None else offset
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"{name} must be a whole number, 0 or more (got {value!r})")
    return limit, offset


def record_comparisons(db: sqlite_utils.Database, metric: str) -> dict[str, dict[str, Any]]:
    """Claim id -> its comparison with the records of the force that made it, for forces with records stored."""
    if metric not in records.COVERED_METRICS or not _records_cover_any_days(db):
        return {}
    return {c["claim_id"]: c for c in records.compare_claims(db, metric=metric) if c["records_from"] is not None}


def _records_cover_any_days(db: sqlite_utils.Database) -> bool:
    """False when no force's records cover a day (:func:`lfrwatch.records.coverage` is empty for every force).

    Coverage comes from deployments still listed by a file read without error;
    with none, every comparison has ``records_from`` None, so the claims need
    not be compared at all (which reads every figure claim).
    """
    if not db["record_files"].exists() or not db["record_deployments"].exists():
        return False
    return db.execute("select exists (select 1 from record_files f join record_deployments d "
                      "on d.last_seen_file_id = f.id where f.status = 'ok')").fetchone()[0] == 1


def series(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Timeline rows by claimant organisation, each in date order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row.get("claimant_org") or "(unknown)"].append(row)
    return dict(out)


def conflicts(db: sqlite_utils.Database, *, metric: str | None = None,
              analysis: Analysis | None = None) -> list[dict[str, Any]]:
    """Conflict flags, optionally for one metric (either side of a part/whole pair)."""
    analysis = analysis or analyse(db)
    return [c for c in analysis.conflicts if metric is None or metric in (c["metric"], c["other_metric"])]


def quotes(db: sqlite_utils.Database, *, speaker: str | None = None, since: str | None = None,
           analysis: Analysis | None = None) -> list[dict[str, Any]]:
    """Distinct quotations (repeats merged) in the order first published; ``speaker`` matches part of a name."""
    analysis = analysis or analyse(db)
    rows = analysis.quotes()
    if speaker:
        needle = speaker.casefold()
        rows = [q for q in rows if needle in (q.get("speaker") or "").casefold()]
    if since:
        rows = [q for q in rows if (q["first_seen"] or "") >= since]
    return rows
