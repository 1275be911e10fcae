"""Claims held up against the records: which force a claim speaks for, about which place, and the verdict."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from lfrwatch import store
from lfrwatch.nlp.qualifiers import claim_bounds
from lfrwatch.records.cells import compact
from lfrwatch.records.forces import Force, force_key_for, force_matching
from lfrwatch.records.periods import resolve_claim_period
from lfrwatch.records.places import aliases_of, locate
from lfrwatch.records.queries import COVERED_METRICS, METRIC_COLUMNS, coverage, current_deployments, metric_value

#: A rate ("four a week") is compared with the average over this many days before the claim, by its unit in days.
RATE_WINDOW = {1: 91, 7: 91, 14: 91, 30: 182, 365: 365}
#: A watchlist size "to date" is compared with the deployments of the month before.
WATCHLIST_WINDOW = 31


_PLACE_AFTER = re.compile(r"^[^.;:\n]{0,25}?\b(?:in|at|across|around)\s+(?:the\s+)?"
                          r"([A-Z][\w'&-]*(?:[ -](?:and |on |upon |[A-Z])[\w'&-]*)*)")
_PLACE_BEFORE = re.compile(r"\b(?:In|in|At|at)\s+(?:the\s+)?([A-Z][\w'&-]*(?:[ -](?:and |on |upon |[A-Z])[\w'&-]*)*)"
                           r"\s*,?\s*(?:[a-z]+\s+){0,3}$")
#: "there" pointing back at a place ("Croydon saw ..., and officers there made 137 arrests"), not the "there" of
#: "there were 137 arrests".
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|can|could|should|must|"
                    r"seems?|seemed|appears?|appeared|remains?|remained|being|been|be)\b)")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'&-]*(?:[ -](?:and |on |upon |[A-Z])[\w'&-]*)*")
#: How far back in its sentence a place that "there" points at is looked for.
_THERE_REACH = 200


def _named_place(words: list[str], force: Force) -> str | None:
    """The gazetteer place the words name ("Croydon alone" -> "Croydon"); "" for the force's own area (a claim
    about all of it is about no place in particular), None when they name no place."""
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).strip(",'")
        found = locate(candidate, force.key)
        if found["place"] and compact(found["place"]) in {compact(candidate)} | {
                compact(a) for a in aliases_of(found["place"])}:
            if found["place"] in force.area or any(compact(found["place"]) == compact(a) for a in force.area):
                return ""
            return found["place"]
    return None


def claim_place(claim: dict[str, Any], text: str | None, force: Force) -> str | None:
    """The place a figure is about when the text says so beside it ("137 arrests in Croydon"), or points back at
    one named earlier in its sentence ("Croydon saw ..., and officers there made 137 arrests")."""
    if not text or claim.get("start") is None or claim.get("end") is None:
        return None
    after = text[claim["end"]:claim["end"] + 80]
    before = text[max(0, claim["start"] - 60):claim["start"]]
    before = re.split(r"[.;:\n]", before)[-1]
    for match in (_PLACE_AFTER.match(after), _PLACE_BEFORE.search(before)):
        place = _named_place(match.group(1).split(), force) if match else None
        if place is not None:
            return place or None
    sentence = re.split(r"[.;:\n]", text[max(0, claim["start"] - _THERE_REACH):claim["start"]])[-1]
    there = None
    for there in _THERE.finditer(sentence):
        pass
    if there is None:
        return None
    for run in reversed(list(_CAPITALISED_RUN.finditer(sentence, 0, there.start()))):
        place = _named_place(run.group(0).split(), force)
        if place is not None:
            return place or None
    return None


def _people_orgs(db: sqlite_utils.Database) -> dict[str, str]:
    orgs: dict[str, str] = {}
    for row in db.query("select name, org from people where org is not null and org != ''"):
        orgs.setdefault(row["name"].casefold(), row["org"])
    return orgs


def claim_force(claim: dict[str, Any], people_orgs: dict[str, str]) -> Force | None:
    """The force a claim speaks for: its claimant, the claimant's organisation, or (unattributed) its publisher.

    A claimant that is neither a force, nor a person, nor a proper name ("figures",
    "the force") falls back to the publisher of a police press release.
    """
    claimant = (claim.get("claimant") or "").strip()
    if not claimant:
        return force_matching(claim.get("org")) or force_matching(claim.get("publisher"))
    force = force_matching(claimant)
    if force:
        return force
    is_speaker = (claim.get("speaker") or "").casefold() == claimant.casefold()
    org = (claim.get("org") if is_speaker else None) or people_orgs.get(claimant.casefold())
    if org or is_speaker or claimant.casefold() in people_orgs:
        return force_matching(org)
    if claimant == claimant.lower() and claim.get("document_kind") == "police":
        return force_matching(claim.get("publisher"))
    return None


def _in_place(row: dict[str, Any], place: str | None) -> bool:
    if not place:
        return True
    if place in (row["place"], row["borough"]):
        return True
    return re.search(r"(?<!\w)" + re.escape(place) + r"(?!\w)", row["location"] or "", re.I) is not None


def _covered(spans: list[tuple[str, str]], start: date, end: date) -> bool:
    return any(date.fromisoformat(a) <= start and end <= date.fromisoformat(b) for a, b in spans)


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def compare_claim(claim: dict[str, Any], force: Force, deployments: list[dict[str, Any]],
                  spans: list[tuple[str, str]], *, place: str | None = None) -> dict[str, Any]:
    """One comparison row: the claim, what the records say for the same period and place, and a verdict."""
    metric = claim["metric"]
    out: dict[str, Any] = {
        "id": store.stable_id("comparison", claim["id"]), "claim_id": claim["id"], "force": force.key,
        "metric": metric, "claimed_on": claim.get("claimed_on"), "claimant": claim.get("claimant"),
        "claim_text": claim.get("text"), "document_url": claim.get("document_url"), "claimed": claim["value"],
        "qualifier": claim.get("qualifier"), "period": claim.get("period"), "period_kind": None,
        "period_start": None, "period_end": None, "place": place, "recorded": None, "recorded_min": None,
        "recorded_max": None, "deployments": None, "difference": None, "verdict": "not_comparable", "reason": "",
        "records_from": spans[0][0] if spans else None, "records_to": spans[-1][1] if spans else None,
    }

    def not_comparable(reason: str) -> dict[str, Any]:
        out["reason"] = reason
        return out

    if not spans:
        return not_comparable(f"no {force.name} records are stored")
    if claim_bounds(claim["value"], claim.get("qualifier")) is None:
        return not_comparable(f"{claim.get('qualifier')!r} adds to an earlier figure the claim does not state")
    period = resolve_claim_period(claim)
    out["period_kind"] = period.kind
    if period.kind is None:
        return not_comparable(period.problem or "no period")
    bounds = claim_bounds(claim["value"], claim.get("qualifier"), rate=period.kind == "rate")
    first_record = date.fromisoformat(spans[0][0])
    if period.kind == "rate":
        window = RATE_WINDOW.get(period.unit_days, 91)
        start, end = period.end - timedelta(days=window - 1), period.end
    elif period.kind == "cumulative" and metric == "watchlist_size":
        start, end = period.end - timedelta(days=WATCHLIST_WINDOW - 1), period.end
    else:
        start, end = period.start or first_record, period.end
    if end < first_record:
        return not_comparable(f"the records start on {first_record.isoformat()}, after the period the claim covers")
    out["period_start"], out["period_end"] = start.isoformat(), end.isoformat()
    if period.kind == "cumulative" and period.start is None and metric != "watchlist_size":
        covered = _covered(spans, first_record, end)
        coverage_note = f"counted from the first record ({first_record.isoformat()})"
    else:
        covered = _covered(spans, start, end)
        coverage_note = ""
    days = {d.isoformat() for d in period.days} if period.days else None
    rows = [r for r in deployments if start.isoformat() <= r["date"] <= end.isoformat() and _in_place(r, place)
            and (days is None or r["date"] in days)]
    values = [metric_value(r, metric) for r in rows]
    missing = sum(v is None for v in values)
    known = [v for v in values if v is not None]
    out["deployments"] = len(rows)
    where = f" in {place}" if place else ""
    span_text = f"{start.isoformat()} to {end.isoformat()}" if start != end else start.isoformat()
    if days:
        span_text = " and ".join(sorted(days))
    if metric == "watchlist_size":
        if not known:
            return not_comparable(f"no deployments{where} with a watchlist size from {span_text}")
        out["recorded_min"], out["recorded_max"] = min(known), max(known)
        out["recorded"] = round(sum(known) / len(known))
        out["difference"] = claim["value"] - out["recorded"]
        recorded_text = (f"watchlists of {_fmt(min(known))} to {_fmt(max(known))} (mean {_fmt(out['recorded'])}) "
                         f"at {len(known)} deployment(s){where}, {span_text}")
        if bounds.below_low(out["recorded_max"]):
            verdict = "higher"  # even the largest watchlist is below what the claim allows
        elif bounds.above_high(out["recorded_min"]):
            verdict = "lower"
        else:
            verdict = "consistent"
        out["verdict"] = verdict
        out["reason"] = f"claim read as {bounds.reading}; records: {recorded_text}"
        return out
    total = float(sum(known))
    if period.kind == "rate":
        per = period.unit_days
        recorded = round(total / (window / per), 1)
        unit_name = {1: "day", 7: "week", 14: "fortnight", 30: "month", 365: "year"}.get(per, f"{per} days")
        recorded_text = f"{_fmt(total)} in the {window} days to {end.isoformat()}{where}, {recorded:g} a {unit_name}"
    else:
        recorded = total
        recorded_text = f"{_fmt(total)} from {len(rows)} deployment(s){where}, {span_text}"
        if coverage_note:
            recorded_text += f", {coverage_note}"
    out["recorded"] = recorded
    out["difference"] = round(claim["value"] - recorded, 1)
    floor_only = (not covered) or missing > 0
    gaps = []
    if not covered:
        gaps.append(f"the records cover {', '.join(a + ' to ' + b for a, b in spans)}, not all of {span_text}")
    if missing:
        gaps.append(f"{missing} deployment(s) have no {METRIC_COLUMNS[metric] or metric} value")
    base = f"claim read as {bounds.reading}; records: {recorded_text}"
    if bounds.above_high(recorded):
        out["verdict"] = "lower"
        out["reason"] = base + ("; even with " + " and ".join(gaps) + ", the records already exceed the claim"
                                if gaps else "")
    elif not floor_only:
        out["verdict"] = "consistent" if bounds.contains(recorded) else "higher"
        out["reason"] = base
    elif bounds.contains(recorded):
        # The records may lack some of the period, so the true figure is at least what they hold; they already
        # hold what the claim says (63 claimed, 63 recorded), so nothing in them contradicts it.
        out["verdict"] = "consistent"
        out["reason"] = base + "; " + " and ".join(gaps) + (", but the records already reach the claim"
                                                             if math.isinf(bounds.high)
                                                             else ", but what they hold already matches the claim")
    else:
        out["reason"] = base + "; " + " and ".join(gaps) + ", so the records give only a lower bound"
    return out


def compare_claims(db: sqlite_utils.Database, *, metric: str | None = None,
                   force: str | None = None) -> list[dict[str, Any]]:
    """Every figure claim a force makes about a metric its records cover, compared with those records.

    Claims of each document's current version only; claims by others (a
    campaign group's count of the Met's false alerts) are not compared.
    """
    if metric is not None and metric not in COVERED_METRICS:
        raise ValueError(f"the records do not cover {metric!r} (they cover {', '.join(COVERED_METRICS)})")
    force_key = force_key_for(force)
    people = _people_orgs(db)
    claims = [c for c in store.list_claims(db, kind="figure")
              if c["metric"] in COVERED_METRICS and (metric is None or c["metric"] == metric)]
    texts: dict[int, str] = {}
    records: dict[str, tuple[list, list]] = {}
    rows = []
    for claim in claims:
        who = claim_force(claim, people)
        if who is None or (force_key and who.key != force_key):
            continue
        if who.key not in records:
            records[who.key] = (current_deployments(db, who.key), coverage(db, who.key))
        deployments, spans = records[who.key]
        if claim["version_id"] not in texts:
            found = db.execute("select text from document_versions where id = ?", [claim["version_id"]]).fetchone()
            texts[claim["version_id"]] = found[0] if found else ""
        place = claim_place(claim, texts[claim["version_id"]], who)
        rows.append(compare_claim(claim, who, deployments, spans, place=place))
    return rows


def refresh_comparisons(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Recompute every comparison and replace the ``record_comparisons`` table's rows in one transaction."""
    rows = compare_claims(db)
    now = store.utcnow()
    with db.atomic():
        db.execute("delete from record_comparisons")
        if rows:
            db["record_comparisons"].insert_all([dict(r, computed_at=now) for r in rows], pk="id", replace=True)
    return rows
