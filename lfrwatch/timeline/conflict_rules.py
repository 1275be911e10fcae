"""Conflicts: figures about one organisation that cannot all be true, with the reason in words.

Three rules, over claim groups (:mod:`lfrwatch.timeline.grouping`) of one
organisation, metric and unit. The organisation is the one whose count the
figure is: the force its sentence names ("the Metropolitan Police's use of the
technology has resulted in more than 1,100 arrests", said by the Home Office,
counts the Met's arrests; ``counted_org``), else the claimant's organisation.
So the Met's running total is one series whoever reports it, and a claimant's
figures about two forces are never one series.

- ``cumulative_decrease``: a running total that goes down ("1,300 to date",
  then "more than 1,100 to date");
- ``value_mismatch``: two values for the same period that cannot both be true,
  qualifiers respected ("more than 1,000" and 1,046 agree); figures that share
  a document are a breakdown, not two versions of one fact;
- ``part_exceeds_whole``: a part above its whole (:data:`PARTS_OF`: charged
  above arrested) for the same period.

Increments ("a further 12") are changes, not levels: never compared.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lfrwatch import store
from lfrwatch.timeline.qualifiers import (comparable_period, figure_bounds, is_cumulative, qualifier_class,
                                          value_range)

#: (part, whole): the part can never exceed the whole for one claimant and period.
PARTS_OF = (
    ("charges_or_cautions", "arrests"),
    ("false_alerts", "alerts"),
    ("alerts", "faces_scanned"),
)

CONFLICT_KINDS = {
    "cumulative_decrease": "a running total went down",
    "value_mismatch": "different values for the same period",
    "part_exceeds_whole": "a part is larger than its whole",
}


def counted_by(group: dict[str, Any]) -> str:
    """The organisation whose figure a group is: the force its text names, else its claimant's organisation."""
    return group.get("counted_org") or group["claimant_org"]


def _describe(group: dict[str, Any]) -> str:
    value = group.get("value")
    number = f"{value:,.0f}" if isinstance(value, (int, float)) and float(value).is_integer() else f"{value:,}"
    parts = [group.get("qualifier"), number, group.get("metric")]
    if group.get("period"):
        parts.append(f"({group['period']})")
    said_by = group.get("claimant_org")
    return " ".join(str(p) for p in parts if p) + f" on {group.get('first_seen')}" + (
        f" (said by {said_by})" if said_by and said_by != counted_by(group) else "")


def _conflict(kind: str, a: dict[str, Any], b: dict[str, Any], reason: str) -> dict[str, Any]:
    row = {
        "id": store.stable_id("conflict", kind, a["group_id"], b["group_id"]),
        "kind": kind,
        "metric": a.get("metric"),
        "other_metric": b.get("metric"),
        "claimant_org": counted_by(a),
        "reason": reason,
    }
    for prefix, group in (("", a), ("other_", b)):
        row.update({
            f"{prefix}group_id": group["group_id"],
            f"{prefix}claim_id": group["id"],
            f"{prefix}claimed_on": group["first_seen"],
            f"{prefix}value": group.get("value"),
            f"{prefix}qualifier": group.get("qualifier"),
            f"{prefix}period": group.get("period"),
            f"{prefix}text": group.get("text"),
            f"{prefix}document_url": group.get("document_url"),
            f"{prefix}publisher": group.get("publisher"),
        })
    return row


def _shares_document(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool({s["document_id"] for s in a["sources"]} & {s["document_id"] for s in b["sources"]})


EPSILON = 1e-9


def find_conflicts(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag contradictions between figure groups about one organisation; see the module docstring."""
    figures = [g for g in groups if g["kind"] == "figure" and g.get("value") is not None
               and g.get("claimant_org") and qualifier_class(g.get("qualifier")) != "increment"]
    by_org_metric: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for g in figures:
        by_org_metric[(counted_by(g).casefold(), g["metric"], g.get("unit"))].append(g)
    conflicts = []

    # 1. A running total that goes down.
    for (_, metric, _), items in sorted(by_org_metric.items()):
        runs: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for g in items:
            if is_cumulative(g) and g["first_seen"]:
                runs[g.get("period_start")].append(g)
        for run in runs.values():
            run.sort(key=lambda g: (g.get("as_of") or g["first_seen"], g["first_seen"], g["group_id"]))
            highest = None
            for g in run:
                low, high = value_range(g["value"], g.get("qualifier"))
                if highest is not None:
                    h_low = value_range(highest["value"], highest.get("qualifier"))[0]
                    later = (g.get("as_of") or g["first_seen"]) > (highest.get("as_of") or highest["first_seen"])
                    # A later "more than 1,100" after "more than 1,300": judge the figure stated.
                    stated_top = g["value"] if qualifier_class(g.get("qualifier")) in ("lower", "exact") else high
                    if later and stated_top < h_low - EPSILON:
                        conflicts.append(_conflict(
                            "cumulative_decrease", highest, g,
                            f"{counted_by(g)}'s running total of {metric} went down: "
                            f"{_describe(highest)}, then {_describe(g)}",
                        ))
                if highest is None or low > value_range(highest["value"], highest.get("qualifier"))[0]:
                    highest = g

    # 2. Two values for the same period that cannot both be true.
    for (_, metric, _), items in sorted(by_org_metric.items()):
        periods: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for g in items:
            key = comparable_period(g)
            if key is not None:
                periods[key].append(g)
        for same in periods.values():
            same.sort(key=lambda g: (g["first_seen"], g["group_id"]))
            for i, a in enumerate(same):
                a_bounds = figure_bounds(a)
                for b in same[i + 1:]:
                    if a_bounds.overlaps(figure_bounds(b)):
                        continue
                    if _shares_document(a, b):
                        continue  # a breakdown within one text, not two versions of one fact
                    conflicts.append(_conflict(
                        "value_mismatch", a, b,
                        (f"{counted_by(a)} gave different {metric} for the same period: "
                         if a["claimant_org"] == b["claimant_org"] == counted_by(a)
                         else f"different figures for {counted_by(a)}'s {metric} in the same period: ")
                        + f"{_describe(a)} vs {_describe(b)}",
                    ))

    # 3. A part larger than its whole.
    for part_metric, whole_metric in PARTS_OF:
        wholes: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for g in figures:
            if g["metric"] == whole_metric and (key := comparable_period(g)) is not None:
                wholes[(counted_by(g).casefold(), g.get("unit"), key)].append(g)
        for part in figures:
            if part["metric"] != part_metric or (key := comparable_period(part)) is None:
                continue
            for whole in wholes.get((counted_by(part).casefold(), part.get("unit"), key), []):
                part_low = value_range(part["value"], part.get("qualifier"))[0]
                whole_high = value_range(whole["value"], whole.get("qualifier"))[1]
                if part_low > whole_high + EPSILON:
                    conflicts.append(_conflict(
                        "part_exceeds_whole", part, whole,
                        f"{counted_by(part)}: {_describe(part)} is more than {_describe(whole)}",
                    ))
    conflicts.sort(key=lambda c: (c["other_claimed_on"] or "", c["kind"], c["metric"] or "", c["id"]))
    return conflicts
