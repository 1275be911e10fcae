"""`lfrwatch report`: one self-contained HTML page to open or publish.

For each metric, a chart of claimed values over time coloured by claimant
organisation, with what the forces' deployment records add up to as a dashed
step line (:mod:`lfrwatch.publish.charts` draws them as inline SVG: no
scripts, stylesheets or fonts are fetched); a metric with one dated claim and
no records gets its table row alone, no chart. Then each force's claims set
beside its records ("Claimed versus recorded"), a map of the deployments by
place with every circle labelled, the conflicts and the latest quotes by speaker.

Every claim leads to its bytes: each source names its archived copy (the WARC
file, the response record's offset and its WARC-Record-ID, :func:`archived_copies`),
linked as ``archive/<file>`` when the report is written beside the database's
archive folder, and links to the page's live URL unless that URL is a loopback
address (the demo's sample site, gone once the demo ends). A claim about one
place ("137 arrests in Croydon", :func:`lfrwatch.records.claim_place`) shows
the place. A watchlist claimed as an average is not drawn against the records'
line, which is each day's largest watchlist: its row gives the records' mean
for the period it covers instead (:func:`is_average`).

Scraped text is untrusted: the template escapes everything (Jinja2
autoescape), SVG is built from escaped strings only, links are made only for
http(s) URLs and the archive's own files, and a Content-Security-Policy forbids
scripts outright, so a ``<script>`` or ``onerror=`` in a page never runs in the report.
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import sqlite_utils
from markupsafe import Markup

from lfrwatch import config, records, store
from lfrwatch.publish.charts import (METRIC_LABELS, OTHER_COLOUR, PALETTE, SINGLE_POINT, chart, colours_for,
                                     force_name, format_value, place_map, recorded_label, recorded_lines, safe_url)
from lfrwatch.timeline import METRICS, Analysis, analyse

__all__ = ["PALETTE", "archived_copies", "chart", "is_average", "live_url", "place_map", "render_report",
           "report_context", "write_report"]

QUOTES_PER_SPEAKER = 3
VERDICT_LABELS = {"consistent": "consistent", "higher": "claim above the records",
                  "lower": "claim below the records", "not_comparable": "not comparable"}
#: A figure claimed as an average ("an average of 11,800", "averaging", "mean").
AVERAGE = re.compile(r"\baverag(?:e|ed|es|ing)\b|\bmean\b", re.I)


def loopback_host(url: str | None) -> str | None:
    """The host of an http(s) URL on a loopback address ("127.0.0.1:40137", "localhost"), else None."""
    url = safe_url(url)
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return parts.netloc
    try:
        return parts.netloc if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None


def live_url(url: str | None) -> str | None:
    """The URL to link a source by: http(s) only, and not a loopback address (the demo's site is gone)."""
    return None if loopback_host(url) else safe_url(url)


def is_average(group: dict[str, Any]) -> bool:
    """Whether a figure is claimed as an average, by its qualifier or its words."""
    return bool(AVERAGE.search(f"{group.get('qualifier') or ''} {group.get('text') or ''}"))


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file the database was opened from (None in memory)."""
    for _, name, path in db.execute("pragma database_list").fetchall():
        if name == "main" and path:
            return Path(path)
    return None


def archived_copies(claims: list[dict[str, Any]], *, report_dir: Path | None = None,
                    archive_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """Claim id -> the archived response its document version was read from (each claim of the store carries
    its version's ``warc_file``, ``warc_offset`` and ``warc_record_id``).

    Each: those three and ``href``: ``archive/<file>`` when the report goes in
    ``report_dir`` beside ``archive_dir`` and the file is there, else None (the
    report then names the file, offset and record id without a link).
    """
    beside = (report_dir is not None and archive_dir is not None
              and (Path(report_dir) / "archive").resolve() == Path(archive_dir).resolve())
    copies = {}
    for claim in claims:
        name = claim.get("warc_file")
        if not name:
            continue
        href = ("archive/" + quote(name, safe="")) if beside and (Path(archive_dir) / name).is_file() else None
        copies[claim["id"]] = {"warc_file": name, "warc_offset": claim.get("warc_offset"),
                               "warc_record_id": claim.get("warc_record_id"), "href": href}
    return copies


def records_context(db: sqlite_utils.Database, colour_of: dict[str, str],
                    comparisons: list[dict[str, Any]]) -> dict[str, Any]:
    """The report's records parts: the claims set beside the records, and the deployments by place."""
    if not db["record_deployments"].exists() or not db.execute(
            "select 1 from record_deployments where status = 'current' limit 1").fetchone():
        return {"comparisons": None, "places": None, "place_map": None, "unmapped": [], "map_legend": []}
    publisher_of = {row["canonical_url"]: row["publisher"]
                    for row in db.query("select canonical_url, publisher from documents")}
    comparisons = sorted(comparisons, key=lambda r: (r["claimed_on"] or "", r["metric"], r["force"], r["claim_id"]))
    for row in comparisons:
        row["publisher"] = publisher_of.get(row["document_url"])
        row["force_name"] = force_name(row["force"])
        row["metric_label"] = METRIC_LABELS.get(row["metric"], row["metric"])
        row["verdict_label"] = VERDICT_LABELS.get(row["verdict"], row["verdict"])
    places = records.deployments_by_place(db)
    for place in places:
        place["force_name"] = force_name(place["force"])
    forces = list(dict.fromkeys(p["force"] for p in places))
    return {
        "comparisons": comparisons,
        "places": places,
        "place_map": place_map(places, colour_of),
        "unmapped": [p for p in places if p.get("lat") is None or p.get("lon") is None],
        "map_legend": [(force_name(f), colour_of.get(force_name(f), OTHER_COLOUR)) for f in forces],
    }


def metric_section(db: sqlite_utils.Database, metric: str, groups: list[dict[str, Any]],
                   colour_of: dict[str, str], comparison_of: dict[str, dict[str, Any]], href_of) -> dict[str, Any]:
    """One metric's chart(s), legend and table rows, each row with its place and, for an average, the records' mean."""
    series = records.recorded_series(db, metric) if metric in records.COVERED_METRICS else []
    lines = recorded_lines(series, metric)
    rows = []
    for g in groups:
        compared = [comparison_of[c] for c in g["claim_ids"] if c in comparison_of]
        row = dict(g, place=next((c["place"] for c in compared if c.get("place")), None), average=False,
                   records_mean=None)
        if metric == "watchlist_size" and lines and is_average(g):
            # The records' line is each day's largest watchlist: an average is set beside their mean instead.
            row["average"] = True
            row["records_mean"] = next((c for c in compared if c.get("recorded") is not None), None)
        rows.append(row)
    averages = [g for g in rows if g["average"]]
    dated_averages = [g for g in averages if g.get("first_seen") and g.get("value") is not None]
    orgs = list(dict.fromkeys(g.get("claimant_org") or "(unknown)" for g in
                              sorted(rows, key=lambda g: (g.get("claimant_org") or ""))))
    drawn = metric != "other"
    picture = chart(metric, [g for g in rows if not g["average"]], colour_of, recorded=series,
                    href_of=href_of) if drawn else None
    drawn = drawn and picture != Markup(SINGLE_POINT)  # no chart: no key to it either
    return {
        "metric": metric,
        "label": METRIC_LABELS.get(metric, metric),
        "chart": picture,
        "averages": averages,
        "average_chart": chart(metric, averages, colour_of, href_of=href_of)
        if drawn and len(dated_averages) > 1 else None,
        "legend": [(org, colour_of.get(org, OTHER_COLOUR)) for org in orgs] if drawn else [],
        "recorded_legend": [(recorded_label(metric, force, line), colour_of.get(force_name(force), OTHER_COLOUR))
                            for force, line in lines.items()],
        "groups": rows,
    }


def report_context(db: sqlite_utils.Database, analysis: Analysis, *, generated_at: str,
                   report_dir: Path | None = None, archive_dir: Path | None = None) -> dict[str, Any]:
    figures = analysis.figures()
    colour_of = colours_for(figures)
    for force in records.FORCES.values():  # a force with records but no claims still gets its own colour
        if force.name not in colour_of:
            used = set(colour_of.values())
            colour_of[force.name] = next((c for c in PALETTE if c not in used), OTHER_COLOUR)
    archived = archived_copies(analysis.claims, report_dir=report_dir, archive_dir=archive_dir)
    comparisons = records.compare_claims(db) if db["record_deployments"].exists() else []
    comparison_of = {c["claim_id"]: c for c in comparisons}

    def href_of(group: dict[str, Any]) -> str | None:
        """Where a chart's point links: the page, else (a loopback address) its archived copy."""
        return live_url(group.get("document_url")) or archived.get(group["id"], {}).get("href")

    sections = [metric_section(db, metric, groups, colour_of, comparison_of, href_of)
                for metric in METRICS if (groups := analysis.figures(metric))]
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in analysis.quotes():
        by_speaker[q.get("speaker") or "Unnamed speaker"].append(q)
    speakers = []
    for speaker, items in by_speaker.items():
        items.sort(key=lambda q: (q["first_seen"] or "", q["group_id"]), reverse=True)
        speakers.append({"name": speaker, "role": items[0].get("role"), "org": items[0].get("claimant_org"),
                         "latest": items[0]["first_seen"] or "", "quotes": items[:QUOTES_PER_SPEAKER],
                         "more": max(len(items) - QUOTES_PER_SPEAKER, 0)})
    speakers.sort(key=lambda s: (s["latest"], s["name"]), reverse=True)
    counts = store.counts(db)
    dates = [g["first_seen"] for g in analysis.groups if g.get("first_seen")]
    publishers = {row["publisher"] for row in db.query("select distinct publisher from documents") if row["publisher"]}
    return {
        "sections": sections,
        **records_context(db, colour_of, comparisons),
        "conflicts": analysis.conflicts,
        "speakers": speakers,
        "counts": counts,
        "publishers": len(publishers),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "generated_at": generated_at,
        "format_value": format_value,
        "live_url": live_url,
        "local_hosts": sorted({host for c in analysis.claims if (host := loopback_host(c.get("document_url")))}),
        "archive_linked": any(copy["href"] for copy in archived.values()),
        "archived": archived,
        "conflict_kinds": {"cumulative_decrease": "running total went down",
                           "value_mismatch": "different values, same period",
                           "part_exceeds_whole": "part above its whole"},
    }


def render_report(db: sqlite_utils.Database, *, generated_at: str | None = None, analysis: Analysis | None = None,
                  report_dir: Path | None = None, archive_dir: Path | None = None) -> str:
    """The report's HTML; archived copies are linked when ``report_dir`` holds ``archive_dir`` as ``archive/``."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("lfrwatch.publish", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    context = report_context(db, analysis or analyse(db), generated_at=generated_at or store.utcnow(),
                             report_dir=report_dir, archive_dir=archive_dir)
    return env.get_template("report.html").render(**context)


def write_report(db: sqlite_utils.Database, out: str | Path, *, archive_dir: Path | None = None, **kwargs) -> Path:
    """Write the report to ``out``; ``archive_dir`` defaults to the archive folder beside the database file."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    if archive_dir is None and (db_file := database_file(db)) is not None:
        archive_dir = config.archive_dir(str(db_file))
    out.write_text(render_report(db, report_dir=out.parent, archive_dir=archive_dir, **kwargs), encoding="utf-8")
    return out
