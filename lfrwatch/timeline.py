"""The timeline: a metric's claimed values in the order they were claimed, with who and where."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from lfrwatch import store

METRICS = (
    "arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts",
    "watchlist_size", "officers", "staff", "money", "other",
)


def timeline(db: sqlite_utils.Database, metric: str, *, claimant: str | None = None,
             since: str | None = None) -> list[dict[str, Any]]:
    """Figure claims for ``metric`` in date order (date claimed, then document, then position)."""
    rows = store.list_claims(db, metric=metric, kind="figure", since=since)
    if claimant:
        needle = claimant.lower()
        rows = [r for r in rows if needle in " ".join(
            str(r.get(k) or "") for k in ("claimant", "org", "publisher")).lower()]
    return rows
