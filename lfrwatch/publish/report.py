"""`lfrwatch report`: one self-contained HTML page to open or publish.

For each metric, a chart of claimed values over time coloured by claimant
organisation (drawn here as inline SVG: no scripts, stylesheets or fonts are
fetched), with, for the metrics the forces' deployment records cover, what
those records add up to as a dashed step line; then each force's claims set
beside its records ("Claimed versus recorded"), a map of the deployments by
place, the conflicts and the latest quotes by speaker. Every claim links to
its source URL.

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

import sqlite_utils
from markupsafe import Markup, escape

from lfrwatch import records, store
from lfrwatch.timeline import METRICS, Analysis, analyse, is_cumulative, qualifier_class

# Colour-blind-friendly first (Okabe-Ito), none of them the conflict ring's red.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b", "#000000", "#9467bd", "#bcbd22",
           "#393b79", "#637939", "#17becf")
OTHER_COLOUR = "#7f7f7f"
CONFLICT_COLOUR = "#c00000"
QUOTES_PER_SPEAKER = 3
RECORDED_DASH = "7 4"
MAP_LABELS = 15  # places labelled on the map at most (the most deployments first, labels never overlapping)
VERDICT_LABELS = {"consistent": "consistent", "higher": "claim above the records",
                  "lower": "claim below the records", "not_comparable": "not comparable"}

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


def recorded_lines(series: list[dict[str, Any]], metric: str) -> dict[str, list[tuple[date, float, dict]]]:
    """Force key -> [(date, value, day)] to draw from :func:`records.recorded_series` rows.

    The running total (``cumulative``) for counts; for watchlist_size, which
    does not add up, the day's largest watchlist (``value``).
    """
    lines: dict[str, list[tuple[date, float, dict]]] = defaultdict(list)
    for day in series:
        value = day["value"] if metric == "watchlist_size" else day.get("cumulative")
        unknown = day["missing"] >= day["deployments"]  # no deployment that day has a value
        if value is None or not day.get("date") or (unknown and (metric == "watchlist_size"
                                                                 or day["force"] not in lines)):
            continue  # a running total starts on the first day with a value; a force with none has no line
        lines[day["force"]].append((date.fromisoformat(day["date"]), float(value), day))
    return {force: sorted(points, key=lambda p: p[0]) for force, points in sorted(lines.items())}


def force_name(key: str) -> str:
    force = records.FORCES.get(key)
    return force.name if force else key


def recorded_label(metric: str, force: str, line: list[tuple[date, float, dict]]) -> str:
    """What a recorded line shows, for its tooltip and the legend."""
    name = force_name(force)
    what = METRIC_LABELS.get(metric, metric).lower()
    first, last = line[0][0].isoformat(), line[-1][0].isoformat()
    if metric == "watchlist_size":
        return f"{name} deployment records: largest watchlist of each deployment day, {first} to {last}"
    deployments = sum(day["deployments"] for _, _, day in line)
    missing = sum(day["missing"] for _, _, day in line)
    text = (f"{name} deployment records: {format_value(line[-1][1])} {what} in total from {first} to {last} "
            f"({deployments} deployment(s))")
    if missing and metric != "deployments":
        text += f"; {missing} deployment(s) without a value"
    return text


def chart(metric: str, groups: list[dict[str, Any]], colour_of: dict[str, str], *,
          recorded: list[dict[str, Any]] | None = None, width: int = 1000, height: int = 340) -> Markup:
    """An SVG chart of ``groups`` (one metric): x = date first claimed, y = value, colour = claimant.

    Running totals of one claimant are joined by a line; shapes show the
    qualifier (see the report's key); a red ring marks a claim in a conflict.
    ``recorded`` (:func:`records.recorded_series` rows) adds, per force, what
    its deployment records add up to by deployment date: a dashed step line
    (class ``recorded``) in the colour of the force's own claims.
    """
    points = [g for g in groups if g.get("first_seen") and g.get("value") is not None]
    lines = recorded_lines(recorded or [], metric)
    if not points and not lines:
        return Markup('<p class="empty">No dated figures to chart.</p>')
    left, right, top, bottom = 74, 20, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    days = [date.fromisoformat(g["first_seen"][:10]) for g in points]
    days += [d for line in lines.values() for d, _, _ in line]
    start, end = min(days), max(days)
    if (end - start).days < 60:
        start, end = start - timedelta(days=30), end + timedelta(days=30)
    pad = timedelta(days=max(int((end - start).days * 0.04), 1))
    start, end = start - pad, end + pad
    span_days = (end - start).days

    def x_of(d: date) -> float:
        return left + plot_w * (d - start).days / span_days

    values = [float(g["value"]) for g in points] + [v for line in lines.values() for _, v, _ in line]
    unit = points[0].get("unit") if points else None
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
             f'claimed{" and recorded" if lines else ""} over time">']
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
    x_title = "date the claim was first made" + ("; records: date of the deployment" if lines else "")
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle" font-size="11" '
                 f'fill="#666666">{x_title}{" (log scale)" if log else ""}</text>')

    for force, line in lines.items():
        colour = colour_of.get(force_name(force), OTHER_COLOUR)
        xs = [x_of(d) for d, _, _ in line]
        ys = [y_of(v) for _, v, _ in line]
        steps = [f"M{xs[0]:.1f},{ys[0]:.1f}"]
        for x, y in zip(xs[1:], ys[1:]):  # a step: the total holds until the next deployment day
            steps.append(f"H{x:.1f}V{y:.1f}")
        label = escape(recorded_label(metric, force, line))
        parts.append(f'<path class="recorded" data-force="{escape(force)}" d="{"".join(steps)}" fill="none" '
                     f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{RECORDED_DASH}" '
                     f'stroke-linejoin="round"><title>{label}</title></path>')
        parts.append(f'<g class="recorded-end"><title>{label}</title>'
                     f'<rect x="{xs[-1] - 4:.1f}" y="{ys[-1] - 4:.1f}" width="8" height="8" fill="#ffffff" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<text x="{min(xs[-1] + 7, left + plot_w - 2):.1f}" y="{ys[-1] - 7:.1f}" font-size="11" '
                     f'text-anchor="{"end" if xs[-1] > left + plot_w - 60 else "start"}" fill="{colour}" '
                     f'stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                     f'{escape(_short(line[-1][1], unit))}</text></g>')

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


def _degree_step(span: float) -> float:
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10):
        if span / step <= 8:
            return step
    return 20


def place_map(places: list[dict[str, Any]], colour_of: dict[str, str], *, width: int = 1000,
              max_height: int = 620) -> Markup:
    """An SVG map of :func:`records.deployments_by_place` rows: one circle per place with coordinates.

    Equirectangular projection of the places' bounding box (longitudes scaled
    by the cosine of its middle latitude), circle area by deployments, colour
    by force, a tooltip (``<title>``) per circle; no tiles, nothing fetched.
    """
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return Markup('<p class="empty">No deployment place has coordinates.</p>')
    lats, lons = [float(p["lat"]) for p in located], [float(p["lon"]) for p in located]
    pad_lat = max((max(lats) - min(lats)) * 0.08, 0.02)
    pad_lon = max((max(lons) - min(lons)) * 0.08, 0.03)
    south, north, west, east = min(lats) - pad_lat, max(lats) + pad_lat, min(lons) - pad_lon, max(lons) + pad_lon
    kx = math.cos(math.radians((south + north) / 2))
    left, right, top, bottom = 56, 16, 12, 28
    plot_w = width - left - right
    scale = min(plot_w / ((east - west) * kx), (max_height - top - bottom) / (north - south))
    map_w, map_h = (east - west) * kx * scale, (north - south) * scale
    x0 = left + (plot_w - map_w) / 2
    height = int(math.ceil(map_h + top + bottom))

    def x_of(lon: float) -> float:
        return x0 + (lon - west) * kx * scale

    def y_of(lat: float) -> float:
        return top + (north - lat) * scale

    most = max(p["deployments"] for p in located)
    parts = [f'<svg class="map" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Deployments by place">',
             f'<rect x="{x0:.1f}" y="{top}" width="{map_w:.1f}" height="{map_h:.1f}" fill="#f2f6f9" '
             f'stroke="#bbbbbb"/>']
    step = _degree_step(max(north - south, east - west))
    lat = math.ceil(south / step) * step
    while lat <= north:
        y = y_of(lat)
        parts.append(f'<line class="graticule" x1="{x0:.1f}" x2="{x0 + map_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#dde3e8"/><text x="{x0 - 5:.1f}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#555555">{abs(lat):.2f}°{"N" if lat >= 0 else "S"}</text>')
        lat += step
    lon = math.ceil(west / step) * step
    while lon <= east:
        x = x_of(lon)
        parts.append(f'<line class="graticule" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + map_h:.1f}" '
                     f'stroke="#dde3e8"/><text x="{x:.1f}" y="{top + map_h + 16:.1f}" text-anchor="middle" '
                     f'font-size="11" fill="#555555">{abs(lon):.2f}°{"E" if lon >= 0 else "W"}</text>')
        lon += step

    def radius(p: dict[str, Any]) -> float:
        return 3 + 15 * math.sqrt(p["deployments"] / most)

    ordered = sorted(located, key=lambda p: (-p["deployments"], p["force"], p.get("place") or ""))
    for p in ordered:  # the largest first, so smaller circles stay on top
        colour = colour_of.get(force_name(p["force"]), OTHER_COLOUR)
        name = p.get("place") or ", ".join(p["locations"])
        dates = p["first_date"] if p["first_date"] == p["last_date"] else f"{p['first_date']} to {p['last_date']}"
        counts = ", ".join(f"{'not recorded' if p[key] is None else format(p[key], ',')} {label}"
                           for key, label in (("arrests", "arrest(s)"), ("alerts", "alert(s)"),
                                              ("false_alerts", "false alert(s)"), ("faces_seen", "faces seen")))
        title = (f"{name} ({force_name(p['force'])}): {p['deployments']} deployment(s), {counts}; "
                 f"{dates}; as written: {'; '.join(p['locations'])}")
        parts.append(f'<circle class="place" data-place="{escape(name)}" cx="{x_of(float(p["lon"])):.1f}" '
                     f'cy="{y_of(float(p["lat"])):.1f}" r="{radius(p):.1f}" fill="{colour}" fill-opacity="0.45" '
                     f'stroke="{colour}" stroke-width="1.5"><title>{escape(title)}</title></circle>')
    def circle_box(p: dict[str, Any]) -> tuple[float, float, float, float]:
        x, y, r = x_of(float(p["lon"])), y_of(float(p["lat"])), radius(p)
        return (x - r, y - r, x + r, y + r)

    def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    taken: list[tuple[float, float, float, float]] = []  # label boxes placed: (x1, y1, x2, y2)
    circles = [(id(p), circle_box(p)) for p in ordered]
    for p in ordered:
        if len(taken) >= MAP_LABELS:
            break
        x, y = x_of(float(p["lon"])), y_of(float(p["lat"]))
        label = f"{p.get('place') or p['locations'][0]} ({p['deployments']})"
        text_w = 6.8 * len(label)  # roughly, at 12px
        r = radius(p)
        # right of the circle, left of it, above, below: (x of the box's left edge, baseline)
        for x1, base in ((x + r + 3, y + 4), (x - r - 3 - text_w, y + 4), (x - text_w / 2, y - r - 4),
                         (x - text_w / 2, y + r + 13)):
            box = (x1, base - 13, x1 + text_w, base + 3)
            inside = box[0] >= x0 and box[2] <= x0 + map_w and box[1] >= top and box[3] <= top + map_h
            if inside and not any(overlaps(box, b) for b in taken) and \
                    not any(overlaps(box, b) for key, b in circles if key != id(p)):
                taken.append(box)
                parts.append(f'<text class="place-label" x="{x1:.1f}" y="{base:.1f}" font-size="12" '
                             f'fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                             f'{escape(label)}</text>')
                break
    parts.append("</svg>")
    return Markup("".join(parts))


def records_context(db: sqlite_utils.Database, colour_of: dict[str, str]) -> dict[str, Any]:
    """The report's records parts: the claims set beside the records, and the deployments by place."""
    if not db["record_deployments"].exists() or not db.execute(
            "select 1 from record_deployments where status = 'current' limit 1").fetchone():
        return {"comparisons": None, "places": None, "place_map": None, "unmapped": [], "map_legend": []}
    publisher_of = {row["canonical_url"]: row["publisher"]
                    for row in db.query("select canonical_url, publisher from documents")}
    comparisons = sorted(records.compare_claims(db), key=lambda r: (r["claimed_on"] or "", r["metric"],
                                                                   r["force"], r["claim_id"]))
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


def report_context(db: sqlite_utils.Database, analysis: Analysis, *, generated_at: str) -> dict[str, Any]:
    figures = analysis.figures()
    colour_of = colours_for(figures)
    for force in records.FORCES.values():  # a force with records but no claims still gets its own colour
        if force.name not in colour_of:
            used = set(colour_of.values())
            colour_of[force.name] = next((c for c in PALETTE if c not in used), OTHER_COLOUR)
    sections = []
    for metric in METRICS:
        groups = analysis.figures(metric)
        if not groups:
            continue
        orgs = list(dict.fromkeys(g.get("claimant_org") or "(unknown)" for g in
                                  sorted(groups, key=lambda g: (g.get("claimant_org") or ""))))
        series = records.recorded_series(db, metric) if metric in records.COVERED_METRICS else []
        lines = recorded_lines(series, metric)
        sections.append({
            "metric": metric,
            "label": METRIC_LABELS.get(metric, metric),
            "chart": chart(metric, groups, colour_of, recorded=series) if metric != "other" else None,
            "legend": [(org, colour_of.get(org, OTHER_COLOUR)) for org in orgs],
            "recorded_legend": [(recorded_label(metric, force, line), colour_of.get(force_name(force), OTHER_COLOUR))
                                for force, line in lines.items()],
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
        **records_context(db, colour_of),
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

    env = Environment(loader=PackageLoader("lfrwatch.publish", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    context = report_context(db, analysis or analyse(db), generated_at=generated_at or store.utcnow())
    return env.get_template("report.html").render(**context)


def write_report(db: sqlite_utils.Database, out: str | Path, **kwargs) -> Path:
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(db, **kwargs), encoding="utf-8")
    return out
