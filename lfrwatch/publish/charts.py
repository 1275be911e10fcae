"""The report's pictures, drawn as inline SVG: claimed values over time beside the records, and the place map.

:func:`chart` draws one metric's claims (x: the date each was first made, y:
its value, colour: the claimant organisation, shape: the qualifier) with the
forces' recorded totals as dashed step lines; :func:`place_map` draws the
deployments by place as labelled circles. Everything scraped is escaped, links
are made only for http(s) URLs, and nothing is fetched: no tiles, fonts or
scripts. :mod:`lfrwatch.publish.report` puts them in the page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any, Callable

from markupsafe import Markup, escape

from lfrwatch import records
from lfrwatch.timeline import is_cumulative, qualifier_class

# Colour-blind-friendly first (Okabe-Ito), none of them the conflict ring's red.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b", "#000000", "#9467bd", "#bcbd22",
           "#393b79", "#637939", "#17becf")
OTHER_COLOUR = "#7f7f7f"
CONFLICT_COLOUR = "#c00000"
RECORDED_DASH = "7 4"

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


SINGLE_POINT = ('<p class="note single-point">One dated claim and no records to set it against: it is the row in '
                'the table below rather than a chart.</p>')


def chart(metric: str, groups: list[dict[str, Any]], colour_of: dict[str, str], *,
          recorded: list[dict[str, Any]] | None = None, width: int = 1000, height: int = 340,
          href_of: Callable[[dict[str, Any]], str | None] | None = None) -> Markup:
    """An SVG chart of ``groups`` (one metric): x = date first claimed, y = value, colour = claimant.

    Running totals of one claimant are joined by a line; shapes show the
    qualifier (see the report's key); a red ring marks a claim in a conflict.
    ``recorded`` (:func:`records.recorded_series` rows) adds, per force, what
    its deployment records add up to by deployment date: a dashed step line
    (class ``recorded``) in the colour of the force's own claims. A point
    links to ``href_of(group)`` (default: its document's http(s) URL) and
    names its place when the group has one (``place``). One point with no
    recorded line is no chart: :data:`SINGLE_POINT` says the table has it.
    """
    points = [g for g in groups if g.get("first_seen") and g.get("value") is not None]
    lines = recorded_lines(recorded or [], metric)
    if not points and not lines:
        return Markup('<p class="empty">No dated figures to chart.</p>')
    if len(points) == 1 and not lines:
        return Markup(SINGLE_POINT)
    href_of = href_of or (lambda g: safe_url(g.get("document_url")))
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
        place = f" in {g['place']}" if g.get("place") else ""
        label = (f"{org}: {g.get('qualifier') or ''} {format_value(g['value'], g.get('unit'))} "
                 f"{g.get('period') or ''}{place} — claimed {g['first_seen']}, {g['repeat_count']} source(s)")
        ring = (f'<circle class="conflict" cx="{x:.1f}" cy="{y:.1f}" r="10" fill="none" stroke="{CONFLICT_COLOUR}" '
                f'stroke-width="2"/>') if g.get("conflicts") else ""
        mark = _mark(qualifier_class(g.get("qualifier")), x, y, colour)
        url = href_of(g)
        body = f"<title>{escape(' '.join(label.split()))}</title>{ring}{mark}"
        group = f'data-group="{escape(g["group_id"])}"'
        parts.append(f'<a {group} href="{escape(url)}">{body}</a>' if url else f"<g {group}>{body}</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _degree_step(span: float) -> float:
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10):
        if span / step <= 8:
            return step
    return 20


#: Map labels: font size, a generous width per character at that size (so estimated boxes hold the real text),
#: and the distance between two labels stacked in a margin.
LABEL_SIZE = 12
LABEL_CHAR_WIDTH = 7.2
LABEL_STEP = 15


def place_label(place: dict[str, Any]) -> str:
    """A circle's label: the place and its number of deployments, "Croydon (26)"."""
    return f"{place.get('place') or place['locations'][0]} ({place['deployments']})"


def label_width(text: str) -> float:
    return LABEL_CHAR_WIDTH * len(text)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_map(places: list[dict[str, Any]], colour_of: dict[str, str], *, width: int = 1000,
              max_height: int = 620) -> Markup:
    """An SVG map of :func:`records.deployments_by_place` rows: one labelled circle per place with coordinates.

    Equirectangular projection of the places' bounding box (longitudes scaled
    by the cosine of its middle latitude), circle area by deployments, colour
    by force; no tiles, nothing fetched. Every circle carries a text label,
    "Croydon (26)" (class ``place-label``), printed as well as shown on screen:
    beside the circle where it fits without covering another label or circle,
    else in a margin beside the map, joined to its circle by a leader line
    (class ``leader``). The margins are made as wide as their labels need.
    """
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return Markup('<p class="empty">No deployment place has coordinates.</p>')
    margins = (0.0, 0.0)
    for _ in range(6):
        svg, needs = _draw_map(located, colour_of, width, max_height, margins)
        if needs[0] <= margins[0] and needs[1] <= margins[1]:
            break
        margins = (max(margins[0], needs[0]), max(margins[1], needs[1]))
    else:
        svg, _ = _draw_map(located, colour_of, width, max_height, margins)
    return Markup(svg)


def _draw_map(located: list[dict[str, Any]], colour_of: dict[str, str], width: int, max_height: int,
              margins: tuple[float, float]) -> tuple[str, tuple[float, float]]:
    """The map's SVG with ``margins`` (left, right) kept for labels, and the margins its labels need."""
    lats, lons = [float(p["lat"]) for p in located], [float(p["lon"]) for p in located]
    pad_lat = max((max(lats) - min(lats)) * 0.08, 0.02)
    pad_lon = max((max(lons) - min(lons)) * 0.08, 0.03)
    south, north, west, east = min(lats) - pad_lat, max(lats) + pad_lat, min(lons) - pad_lon, max(lons) + pad_lon
    kx = math.cos(math.radians((south + north) / 2))
    left, right, top, bottom = 10 + margins[0], 10 + margins[1], 12, 28
    plot_w = width - left - right
    scale = min(plot_w / ((east - west) * kx), (max_height - top - bottom) / (north - south))
    map_w, map_h = (east - west) * kx * scale, (north - south) * scale
    x0 = left + (plot_w - map_w) / 2

    def x_of(lon: float) -> float:
        return x0 + (lon - west) * kx * scale

    def y_of(lat: float) -> float:
        return top + (north - lat) * scale

    most = max(p["deployments"] for p in located)
    parts = [f'<rect x="{x0:.1f}" y="{top}" width="{map_w:.1f}" height="{map_h:.1f}" fill="#f2f6f9" '
             f'stroke="#bbbbbb"/>']
    step = _degree_step(max(north - south, east - west))
    lat = math.ceil(south / step) * step
    while lat <= north:  # latitudes labelled inside the map's left edge, leaving the margins to place labels
        y = y_of(lat)
        parts.append(f'<line class="graticule" x1="{x0:.1f}" x2="{x0 + map_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#dde3e8"/><text x="{x0 + 4:.1f}" y="{y - 3:.1f}" font-size="10" '
                     f'fill="#667788">{abs(lat):.2f}°{"N" if lat >= 0 else "S"}</text>')
        lat += step
    lon = math.ceil(west / step) * step
    while lon <= east:
        x = x_of(lon)
        parts.append(f'<line class="graticule" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + map_h:.1f}" '
                     f'stroke="#dde3e8"/><text x="{x:.1f}" y="{top + map_h + 16:.1f}" text-anchor="middle" '
                     f'font-size="11" fill="#555555">{abs(lon):.2f}°{"E" if lon >= 0 else "W"}</text>')
        lon += step

    def at(p: dict[str, Any]) -> tuple[float, float, float]:
        return x_of(float(p["lon"])), y_of(float(p["lat"])), 3 + 15 * math.sqrt(p["deployments"] / most)

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
        x, y, r = at(p)
        parts.append(f'<circle class="place" data-place="{escape(name)}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
                     f'fill="{colour}" fill-opacity="0.45" stroke="{colour}" stroke-width="1.5">'
                     f'<title>{escape(title)}</title></circle>')

    circles = [(id(p), (x - r, y - r, x + r, y + r)) for p in ordered for x, y, r in [at(p)]]
    frame = (x0, top, x0 + map_w, top + map_h)
    # Labels beside their circles first; those that do not fit go to a margin, with a leader line. Those lines
    # are then obstacles too, so the labels are placed again until no label beside a circle is crossed by one.
    in_margin: set[int] = set()
    while True:
        leaders = _margin_labels([p for p in ordered if id(p) in in_margin], at, frame)
        beside, left_over = _labels_beside(ordered, in_margin, at, frame, circles,
                                           [(key, line) for key, line, _, _ in leaders])
        if not left_over:
            break
        in_margin |= left_over
    parts += [_label(text, x1, base, "start") for text, x1, base in beside]
    height = top + map_h + bottom
    for _, (x1, y1, x2, y2), (text, anchor_x, base, anchor), _ in leaders:
        parts.append(f'<line class="leader" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="#555555" stroke-width="0.8"/>')
        parts.append(_label(text, anchor_x, base, anchor))
        height = max(height, base + 6)
    sides = [side for _, _, _, side in leaders]
    texts = [label for _, _, (label, _, _, _), _ in leaders]
    needs = tuple(max((label_width(text) + 16 for text, where in zip(texts, sides) if where == side), default=0.0)
                  for side in ("left", "right"))
    svg = (f'<svg class="map" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{math.ceil(height)}" '
           f'viewBox="0 0 {width} {math.ceil(height)}" role="img" aria-label="Deployments by place">'
           + "".join(parts) + "</svg>")
    return svg, needs


def _labels_beside(ordered: list[dict[str, Any]], in_margin: set[int], at, frame: tuple[float, ...],
                   circles: list[tuple[int, tuple[float, ...]]], leaders: list[tuple[int, tuple[float, ...]]]):
    """Labels placed beside their circles, (text, x, baseline), and the ids of places whose label does not fit.

    A label stays inside the map and covers no other label, no other circle and no leader line.
    """
    taken: list[tuple[float, float, float, float]] = []  # label boxes placed: (x1, y1, x2, y2)
    placed, left_over = [], set()
    for p in ordered:
        if id(p) in in_margin:
            continue
        x, y, r = at(p)
        text = place_label(p)
        w, d = label_width(text), r + 3
        diagonal = d * 0.7
        # Right, left, above, below, then the four corners (the box's left edge, the baseline).
        for x1, base in ((x + d, y + 4), (x - d - w, y + 4), (x - w / 2, y - d - 1), (x - w / 2, y + d + 11),
                         (x + diagonal, y - diagonal - 1), (x + diagonal, y + diagonal + 11),
                         (x - diagonal - w, y - diagonal - 1), (x - diagonal - w, y + diagonal + 11)):
            box = (x1, base - LABEL_SIZE, x1 + w, base + 3)
            inside = box[0] >= frame[0] + 2 and box[2] <= frame[2] - 2 and box[1] >= frame[1] + 2 \
                and box[3] <= frame[3]
            if inside and not any(_overlaps(box, b) for b in taken) \
                    and not any(_overlaps(box, b) for key, b in circles if key != id(p)) \
                    and not any(_crosses(line, box) for key, line in leaders if key != id(p)):
                taken.append(box)
                placed.append((text, x1, base))
                break
        else:
            left_over.add(id(p))
    return placed, left_over


def _margin_labels(places: list[dict[str, Any]], at, frame: tuple[float, ...]) -> list[tuple]:
    """Labels in the margins, stacked in the order of their circles, top to bottom, each with its leader line.

    Each: (place id, line (x1, y1, x2, y2), (text, x, baseline, anchor), side).
    """
    x0, top, x_end, bottom = frame
    out = []
    for side in ("left", "right"):
        items = sorted((p for p in places if (at(p)[0] < (x0 + x_end) / 2) == (side == "left")),
                       key=lambda p: (at(p)[1], place_label(p)))
        bases: list[float] = []
        for p in items:
            y = at(p)[1]
            bases.append(max(y + 4, bases[-1] + LABEL_STEP) if bases else max(y + 4, top + LABEL_SIZE))
        for i in range(len(bases) - 1, -1, -1):  # pushed back up from the map's foot where there is room
            ceiling = bottom if i == len(bases) - 1 else bases[i + 1] - LABEL_STEP
            bases[i] = max(min(bases[i], ceiling), top + LABEL_SIZE + i * LABEL_STEP)
        for p, base in zip(items, bases):
            x, y, r = at(p)
            edge = x0 - 6 if side == "left" else x_end + 6
            dx, dy = edge - x, base - 4 - y
            length = math.hypot(dx, dy) or 1
            line = (x + r * dx / length, y + r * dy / length, edge, base - 4)
            anchor = "end" if side == "left" else "start"
            label = (place_label(p), edge - 2 if side == "left" else edge + 2, base, anchor)
            out.append((id(p), line, label, side))
    return out


def _crosses(line: tuple[float, ...], box: tuple[float, ...]) -> bool:
    """Whether a line segment passes through a box (checked every 2 px along it)."""
    x1, y1, x2, y2 = line
    steps = int(math.hypot(x2 - x1, y2 - y1) / 2) + 1
    return any(box[0] <= x1 + (x2 - x1) * i / steps <= box[2] and box[1] <= y1 + (y2 - y1) * i / steps <= box[3]
               for i in range(steps + 1))


def _label(text: str, x: float, base: float, anchor: str) -> str:
    return (f'<text class="place-label" x="{x:.1f}" y="{base:.1f}" text-anchor="{anchor}" font-size="{LABEL_SIZE}" '
            f'fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(text)}</text>')
