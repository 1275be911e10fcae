"""`lfrwatch report`: one self-contained HTML page to open or publish.

For each metric, a chart of claimed values over time coloured by claimant
organisation (drawn here as inline SVG: no scripts, stylesheets or fonts are
fetched), then the conflicts and the latest quotes by speaker. Every claim
links to its source URL.

Scraped text is untrusted: the template escapes everything (Jinja2
autoescape), SVG is built from escaped strings only, links are made only for
http(s) URLs, and a Content-Security-Policy forbids scripts outright, so a
``<script>`` or ``onerror=`` in a page never runs in the report.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import sqlite_utils
from markupsafe import Markup, escape

from lfrwatch import store
from lfrwatch.timeline import METRICS, Analysis, _cli, analyse, db_option, is_cumulative, qualifier_class

# Colour-blind-friendly first (Okabe-Ito), none of them the conflict ring's red.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b", "#000000", "#9467bd", "#bcbd22",
           "#393b79", "#637939", "#17becf")
OTHER_COLOUR = "#7f7f7f"
CONFLICT_COLOUR = "#c00000"
QUOTES_PER_SPEAKER = 3

METRIC_LABELS = {
    "arrests": "Arrests",
    "charges_or_cautions": "Charged or cautioned",
    "deployments": "Deployments",
    "faces_scanned": "Faces scanned",
    "alerts": "Alerts (system matches)",
    "false_alerts": "False alerts",
    "watchlist_size": "Watchlist size",
    "officers": "Officers",
    "staff": "Staff",
    "money": "Money",
    "other": "Other figures",
}


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a javascript: or data: URL never becomes a link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def format_value(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return ("£" + text) if unit == "GBP" else (f"{text} {unit}" if unit else text)


def _short(value: float, unit: str | None) -> str:
    """Axis labels: 1.2k, 3.4m."""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            text = f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{value:g}"
    return ("£" + text) if unit == "GBP" else text


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def colours_for(groups: list[dict[str, Any]]) -> dict[str, str]:
    """Claimant organisation -> colour, the most frequent organisations first (stable across metrics)."""
    counts: dict[str, int] = defaultdict(int)
    for g in groups:
        counts[g.get("claimant_org") or "(unknown)"] += 1
    ranked = sorted(counts, key=lambda org: (-counts[org], org))
    return {org: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, org in enumerate(ranked)}


def _x_ticks(start: date, end: date) -> list[tuple[date, str]]:
    days = (end - start).days
    ticks = []
    if days > 3 * 365:
        for year in range(start.year + 1, end.year + 1):
            ticks.append((date(year, 1, 1), str(year)))
        return ticks
    step = 1 if days <= 200 else 3 if days <= 800 else 6
    month = date(start.year, start.month, 1)
    while month <= end:
        if month >= start and (month.month - 1) % step == 0:
            ticks.append((month, month.strftime("%b %Y")))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return ticks


def _mark(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "lower":  # "more than": a triangle pointing up
        return (f'<path class="point" d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y + 4:.1f} L{x - 6:.1f},{y + 4:.1f} Z" '
                f'fill="{colour}"/>')
    if shape in ("upper", "below"):  # "up to", "almost": pointing down
        return (f'<path class="point" d="M{x:.1f},{y + 6:.1f} L{x + 6:.1f},{y - 4:.1f} L{x - 6:.1f},{y - 4:.1f} Z" '
                f'fill="{colour}"/>')
    if shape in ("approx", "vague"):
        return (f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{colour}" '
                f'stroke-width="2.5"/>')
    return f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'


def chart(metric: str, groups: list[dict[str, Any]], colour_of: dict[str, str], *,
          width: int = 1000, height: int = 340) -> Markup:
    """An SVG chart of ``groups`` (one metric): x = date first claimed, y = value, colour = claimant.

    Running totals of one claimant are joined by a line; shapes show the
    qualifier (see the report's key); a red ring marks a claim in a conflict.
    """
    points = [g for g in groups if g.get("first_seen") and g.get("value") is not None]
    if not points:
        return Markup('<p class="empty">No dated figures to chart.</p>')
    left, right, top, bottom = 74, 20, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    days = [date.fromisoformat(g["first_seen"][:10]) for g in points]
    start, end = min(days), max(days)
    if (end - start).days < 60:
        start, end = start - timedelta(days=30), end + timedelta(days=30)
    pad = timedelta(days=max(int((end - start).days * 0.04), 1))
    start, end = start - pad, end + pad
    span_days = (end - start).days

    def x_of(d: date) -> float:
        return left + plot_w * (d - start).days / span_days

    values = [float(g["value"]) for g in points]
    unit = points[0].get("unit")
    positive = [v for v in values if v > 0]
    log = bool(positive) and min(values) > 0 and max(values) / min(positive) > 200
    if log:
        low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(values)))
        high = max(high, low + 1)

        def y_of(v: float) -> float:
            return top + plot_h * (1 - (math.log10(max(v, 10 ** low)) - low) / (high - low))

        y_ticks = [10 ** k for k in range(low, high + 1)]
    else:
        step = _nice_step(max(values) * 1.08 or 1)
        y_max = step * math.ceil(max(values) * 1.08 / step) if max(values) > 0 else 1

        def y_of(v: float) -> float:
            return top + plot_h * (1 - v / y_max)

        y_ticks = [step * i for i in range(int(round(y_max / step)) + 1)]

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(METRIC_LABELS.get(metric, metric))} '
             f'claimed over time">']
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#bbbbbb"/>')
    for value in y_ticks:
        y = y_of(value)
        parts.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e2e2e2"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#444444">'
                     f'{escape(_short(value, unit))}</text>')
    for tick, label in _x_ticks(start, end):
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 5}" stroke="#888888"/>')
        anchor = "end" if x > left + plot_w - 30 else "start" if x < left + 30 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="{anchor}" font-size="11" '
                     f'fill="#444444">{escape(label)}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle" font-size="11" '
                 f'fill="#666666">date the claim was first made{" (log scale)" if log else ""}</text>')

    runs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for g in points:
        if is_cumulative(g):  # one line per running total: organisation and the date it counts from
            runs[(g.get("claimant_org") or "(unknown)", g.get("period_start") or "")].append(g)
    for (org, _), run in sorted(runs.items()):
        if len(run) < 2:
            continue
        run.sort(key=lambda g: g["first_seen"])
        coords = " ".join(f"{x_of(date.fromisoformat(g['first_seen'][:10])):.1f},{y_of(float(g['value'])):.1f}"
                          for g in run)
        parts.append(f'<polyline class="run" points="{coords}" fill="none" stroke="{colour_of.get(org, OTHER_COLOUR)}" '
                     f'stroke-width="1.5" stroke-opacity="0.6"/>')

    for g in sorted(points, key=lambda g: (g["first_seen"], g["group_id"])):
        x, y = x_of(date.fromisoformat(g["first_seen"][:10])), y_of(float(g["value"]))
        org = g.get("claimant_org") or "(unknown)"
        colour = colour_of.get(org, OTHER_COLOUR)
        label = (f"{org}: {g.get('qualifier') or ''} {format_value(g['value'], g.get('unit'))} "
                 f"{g.get('period') or ''} — claimed {g['first_seen']}, {g['repeat_count']} source(s)")
        ring = (f'<circle class="conflict" cx="{x:.1f}" cy="{y:.1f}" r="10" fill="none" stroke="{CONFLICT_COLOUR}" '
                f'stroke-width="2"/>') if g.get("conflicts") else ""
        mark = _mark(qualifier_class(g.get("qualifier")), x, y, colour)
        url = safe_url(g.get("document_url"))
        body = f"<title>{escape(' '.join(label.split()))}</title>{ring}{mark}"
        parts.append(f'<a href="{escape(url)}">{body}</a>' if url else f"<g>{body}</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def report_context(db: sqlite_utils.Database, analysis: Analysis, *, generated_at: str) -> dict[str, Any]:
    figures = analysis.figures()
    colour_of = colours_for(figures)
    sections = []
    for metric in METRICS:
        groups = analysis.figures(metric)
        if not groups:
            continue
        orgs = list(dict.fromkeys(g.get("claimant_org") or "(unknown)" for g in
                                  sorted(groups, key=lambda g: (g.get("claimant_org") or ""))))
        sections.append({
            "metric": metric,
            "label": METRIC_LABELS.get(metric, metric),
            "chart": chart(metric, groups, colour_of) if metric != "other" else None,
            "legend": [(org, colour_of.get(org, OTHER_COLOUR)) for org in orgs],
            "groups": groups,
        })
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
        "conflicts": analysis.conflicts,
        "speakers": speakers,
        "counts": counts,
        "publishers": len(publishers),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "generated_at": generated_at,
        "format_value": format_value,
        "safe_url": safe_url,
        "conflict_kinds": {"cumulative_decrease": "running total went down",
                           "value_mismatch": "different values, same period",
                           "part_exceeds_whole": "part above its whole"},
    }


def render_report(db: sqlite_utils.Database, *, generated_at: str | None = None,
                  analysis: Analysis | None = None) -> str:
    """The report's HTML."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("lfrwatch", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    context = report_context(db, analysis or analyse(db), generated_at=generated_at or store.utcnow())
    return env.get_template("report.html").render(**context)


def write_report(db: sqlite_utils.Database, out: str | Path, **kwargs) -> Path:
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(db, **kwargs), encoding="utf-8")
    return out


@click.command("report")
@click.option("--out", "out", metavar="FILE", default="report.html", show_default=True,
              help="HTML file to write.")
@db_option
@_cli
def report_command(out, db_path):
    """Write a self-contained HTML report: charts per metric, conflicts, latest quotes, every claim sourced.

    The page needs nothing from the network (charts are inline SVG, no
    scripts), so it can be opened from disk or published as is.

    Example: lfrwatch report --out report.html
    """
    from lfrwatch.cli import open_database

    path = write_report(open_database(db_path), out)
    click.echo(f"wrote {path}", err=True)
