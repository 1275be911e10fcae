"""`lfrwatch report`: a self-contained HTML page whose charts render and whose scraped text cannot run.

The browser test uses Debian's chromium (scripts/install-test-deps.sh installs
it); it is skipped only when chromium is not installed.
"""

import math
import re
import shutil
import struct
import subprocess
import zlib

import lxml.html
import pytest
from claimset import ESSEX, FILLER, MET_2, REGISTER, SCENARIO, build_db, doc, fig, quote
from recordset import add_records

from lfrwatch import records, store
from lfrwatch import timeline as tl
from lfrwatch.crawl.archive import WarcArchive, read_record
from lfrwatch.publish import charts, report

SCRIPT = "<script>document.body.setAttribute('data-pwned', 'script')</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">"
HOSTILE_URL = "javascript:document.body.setAttribute('data-pwned','href')"

HOSTILE = [
    doc("https://hostile.example/news/1", f"Hostile {IMG} Gazette", "press", "2025-11-02T10:00:00Z",
        f"Police made 40 arrests {SCRIPT} last month. \"We saw {IMG} nothing,\" said Eve {SCRIPT} Mallory.",
        title=f"Title {SCRIPT}",
        figures=[fig(f"40 arrests {SCRIPT}", "arrests", 40, period=f"last month {IMG}",
                     claimant=f"Hostile Police {IMG}")],
        quotes=[quote(f"We saw {IMG} nothing", f"Eve {SCRIPT} Mallory", role=f"spokes{IMG}")]),
    doc(HOSTILE_URL, "Nowhere", "press", "2025-11-03T10:00:00Z",
        "The force made 41 arrests in a week, a paper said.",
        figures=[fig("41 arrests", "arrests", 41, period="in a week", claimant="Hostile Police")]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    db = build_db(folder / "lfrwatch.db", SCENARIO + HOSTILE)
    out = report.write_report(db, folder / "report.html", generated_at="2026-07-01T00:00:00+00:00")
    return folder, db, out


def stored_urls(db):
    return {d["canonical_url"] for d in store.list_documents(db)}


def test_scraped_text_is_escaped_and_nothing_is_fetched(built):
    _, db, out = built
    html = out.read_text()
    assert "<script" not in html.lower()
    assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    assert "&lt;script&gt;document.body.setAttribute(" in html
    assert "&lt;img src=x onerror=" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    page = lxml.html.fromstring(html)
    tags = {el.tag for el in page.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base", "form"}
    assert not [el.tag for el in page.iter() if isinstance(el.tag, str) and ({"src", "srcset"} & set(el.attrib))]
    assert not re.search(r"@import|url\(", html, re.I)
    assert "javascript:" not in re.sub(r"&#39;|&#34;", "", " ".join(re.findall(r'href="([^"]*)"', html)))


def test_every_link_is_a_stored_source_and_every_claim_has_one(built):
    _, db, out = built
    page = lxml.html.fromstring(out.read_text())
    hrefs = [a.get("href") for a in page.iter("a") if a.get("href") and not a.get("href").startswith("#")]
    urls = stored_urls(db)
    assert hrefs and set(hrefs) <= urls - {HOSTILE_URL}
    analysis = tl.analyse(db)
    rows = page.xpath("//table[@class='claims']/tbody/tr")
    assert len(rows) == len(analysis.figures())
    for row in rows:
        links = row.xpath(".//a[@class='source']/@href")
        group = next(g for g in analysis.groups if g["group_id"] == row.get("data-group"))
        expected = [s["url"] for s in group["sources"] if s["url"] != HOSTILE_URL]
        assert links == expected
    quote_links = page.xpath("//section[@id='quotes']//a[@class='source']/@href")
    assert set(quote_links) == {s["url"] for q in analysis.quotes() for s in q["sources"]}


def test_one_chart_per_metric_with_one_point_per_claim(built):
    _, db, out = built
    page = lxml.html.fromstring(out.read_text())
    analysis = tl.analyse(db)
    metrics = [m for m in tl.METRICS if analysis.figures(m)]
    assert page.xpath("//section[@class='metric']/@id") == [f"metric-{m}" for m in metrics]
    for metric in metrics:
        points = page.xpath(f"//section[@id='metric-{metric}']//svg//*[@class='point']")
        if len(analysis.figures(metric)) == 1:  # one claim and no records: its table row, no chart (#22)
            assert not points and page.xpath(f"//section[@id='metric-{metric}']//p[contains(@class, 'single-point')]")
            continue
        assert len(points) == len(analysis.figures(metric)), metric
    arrests = page.xpath("//section[@id='metric-arrests']//svg")[0]
    assert len(arrests.xpath(".//*[@class='conflict']")) == 3  # 1,300 then 1,100; Essex's 63 (charged 70)
    assert arrests.xpath(".//polyline[@class='run']")  # the Met's running total
    conflicts = page.xpath("//section[@id='conflicts']//tbody/tr")
    assert len(conflicts) == 3


def test_chart_scales():
    groups = [{"first_seen": "2025-01-01", "value": 10, "group_id": "a", "claimant_org": "A", "repeat_count": 1,
               "conflicts": [], "document_url": "https://a.example/"},
              {"first_seen": "2025-06-01", "value": 2_000_000, "group_id": "b", "claimant_org": "B",
               "repeat_count": 1, "conflicts": [], "document_url": "https://b.example/"}]
    svg = str(report.chart("faces_scanned", groups, {"A": "#000000", "B": "#111111"}))
    assert "log scale" in svg and ">1m<" in svg and svg.count('class="point"') == 2
    assert "log scale" not in str(report.chart("arrests", groups[:1], {}))
    assert "No dated figures" in str(report.chart("arrests", [{**groups[0], "first_seen": None}], {}))


# -- beside the forces' deployment records (tests/recordset.py) ----------------------------------------


@pytest.fixture(scope="module")
def with_records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-records")
    db = build_db(folder / "lfrwatch.db", SCENARIO + HOSTILE)
    add_records(db, essex_extra=f" {SCRIPT} {IMG}")  # markup in a location, as a scraped page may hold
    out = report.write_report(db, folder / "report.html", generated_at="2026-07-01T00:00:00+00:00")
    html = out.read_text()
    return db, html, lxml.html.fromstring(html)


def test_without_records_there_is_no_recorded_line_table_or_map(built):
    _, _, out = built
    page = lxml.html.fromstring(out.read_text())
    assert not page.xpath("//*[@class='recorded']") and not page.xpath("//svg[@class='map']")
    assert not page.xpath("//section[@id='claimed-vs-recorded']") and not page.xpath("//section[@id='places']")


def test_the_recorded_series_is_drawn_beside_the_claimed_one(with_records):
    db, _, page = with_records
    arrests = page.xpath("//section[@id='metric-arrests']//svg[@class='chart']")[0]
    assert len(arrests.xpath(".//*[@class='point']")) == len(tl.analyse(db).figures("arrests"))
    lines = {path.get("data-force"): path for path in arrests.xpath(".//path[@class='recorded']")}
    assert set(lines) == {"met", "essex"}
    assert "58 arrests in total from 2025-01-07 to 2025-04-29 (24 deployment(s))" in lines["met"].findtext("title")
    assert "70 arrests in total from 2024-08-01 to 2025-09-18" in lines["essex"].findtext("title")
    met_days = records.recorded_series(db, "arrests", force="met")
    assert lines["met"].get("d").count("H") == len(met_days) - 1  # a step per deployment day after the first
    assert lines["met"].get("stroke-dasharray") and not arrests.xpath(".//path[@class='point'][@stroke-dasharray]")
    ends = [g.findtext("text") for g in arrests.xpath(".//g[@class='recorded-end']")]
    assert sorted(ends) == ["58", "70"]
    # The force's records are drawn in the colour of its own claims, and named in the legend.
    legend = page.xpath("//section[@id='metric-arrests']//ul[@class='legend']/li")
    colours = {li.text_content().strip(): li.xpath("./span/@style")[0].split(":")[1].strip() for li in legend}
    assert lines["met"].get("stroke") == colours["Metropolitan Police"]
    assert lines["essex"].get("stroke") == colours["Essex Police"]
    assert sum("deployment records" in name for name in colours) == 2
    # Essex's table has no alerts column: no line rather than a line at zero; no records of charges at all.
    alerts = page.xpath("//section[@id='metric-alerts']//path[@class='recorded']")
    assert [a.get("data-force") for a in alerts] == ["met"] and "77 alerts" in alerts[0].findtext("title")
    assert not page.xpath("//section[@id='metric-charges_or_cautions']//*[@class='recorded']")


def test_claimed_versus_recorded_table(with_records):
    db, _, page = with_records
    rows = page.xpath("//table[@class='comparisons']/tbody/tr")
    compared = records.compare_claims(db)
    assert sorted(r.get("data-claim") for r in rows) == sorted(c["claim_id"] for c in compared) and len(rows) == 13
    cells = {r.get("data-claim"): [" ".join(" ".join(td.itertext()).split()) for td in r.xpath("./td")] for r in rows}
    essex = next(c for c in compared if c["force"] == "essex")
    date_, claim, claimed, recorded, difference, verdict, source = cells[essex["claim_id"]]
    assert (date_, claimed, difference) == ("2025-09-18", "63 since August 2024", "-7")
    assert claim.startswith("Essex Police: arrests") and "“63 arrests”" in claim
    assert recorded == "70 2024-08-01 to 2025-09-18"
    assert verdict.startswith("claim below the records claim read as exactly 63; records: 70 from 4 deployment(s)")
    essex_row = next(r for r in rows if r.get("data-claim") == essex["claim_id"])
    assert essex_row.get("data-verdict") == "lower" and essex_row.xpath(".//a[@class='source']/@href") == [ESSEX]
    met = next(c for c in compared if c["document_url"] == MET_2 and c["claimed"] == 1000)
    assert cells[met["claim_id"]][4:6] == ["+942", "not comparable " + met["reason"]]
    hrefs = page.xpath("//table[@class='comparisons']//a/@href")
    assert len(hrefs) == 13 and set(hrefs) <= stored_urls(db)


def test_map_of_deployments_by_place(with_records):
    db, html, page = with_records
    svg = page.xpath("//section[@id='places']//svg[@class='map']")[0]
    circles = {c.get("data-place"): c for c in svg.xpath(".//circle[@class='place']")}
    places = records.deployments_by_place(db)
    assert set(circles) == {p["place"] for p in places if p["lat"] is not None} and len(circles) == len(places) - 1
    assert "Chelmsford (Essex Police): 2 deployment(s), 30 arrest(s)" in circles["Chelmsford"].findtext("title")
    assert "Croydon (Metropolitan Police): 5 deployment(s), 12 arrest(s)" in circles["Croydon"].findtext("title")

    def at(name):
        return float(circles[name].get("cx")), float(circles[name].get("cy")), float(circles[name].get("r"))

    croydon, chelmsford, colchester, brixton = at("Croydon"), at("Chelmsford"), at("Colchester"), at("Brixton")
    assert croydon[0] < chelmsford[0] < colchester[0]  # west to east
    assert colchester[1] < chelmsford[1] < croydon[1]  # north at the top
    assert croydon[2] > chelmsford[2] > brixton[2]  # 5, 2 and 1 deployments
    unmapped = page.xpath("//section[@id='places']//p[contains(@class, 'unmapped')]")[0].text_content()
    assert "Barking Town Centre (Station Parade) (Metropolitan Police, 1 deployment(s))" in unmapped
    assert [r.xpath("./td")[0].text_content() for r in page.xpath("//table[@class='places']/tbody/tr")][:2] == \
        ["Croydon", "Chelmsford"]
    # The scraped location is in the tooltip as text, never as markup.
    assert SCRIPT in circles["Southend-on-Sea"].findtext("title")
    assert "Southend-on-Sea seafront &lt;script&gt;document.body" in html
    assert "<script" not in html.lower() and not page.xpath("//script|//img")


def test_place_map_edge_cases():
    one = {"force": "met", "place": "Croydon", "lat": 51.372, "lon": -0.098, "deployments": 3, "arrests": 1,
           "alerts": 2, "false_alerts": 0, "faces_seen": 10, "first_date": "2025-01-07", "last_date": "2025-01-07",
           "locations": ["North End"]}
    svg = str(report.place_map([one], {}))
    assert svg.count('class="place"') == 1 and "Croydon (3)" in svg and "nan" not in svg
    assert "No deployment place has coordinates" in str(report.place_map([{**one, "lat": None}], {}))


def test_report_command(built, cli_run, tmp_path):
    folder, _, _ = built
    result = cli_run("report", "--db", folder / "lfrwatch.db", "--out", tmp_path / "r" / "report.html")
    assert result.exit_code == 0, result.stderr
    assert "Claims about live facial recognition" in (tmp_path / "r" / "report.html").read_text()


# -- in a real browser ----------------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path, *args):
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("chromium is not installed and scripts/install-test-deps.sh could not install it "
                    "(it needs root and Debian's apt)")
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, with zlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]


def test_report_renders_in_chromium_with_charts_and_no_script(built, tmp_path):
    _, db, out = built
    dom = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = lxml.html.fromstring(dom.stdout)
    body = page.xpath("//body")[0]
    assert body.get("data-pwned") is None and not page.xpath("//script")
    assert not [el.tag for el in page.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    assert "<script>document.body.setAttribute('data-pwned', 'script')</script>" in page.text_content()
    svgs = page.xpath("//section[@class='metric']//svg[@class='chart']")
    assert len(svgs) == 3 and all(svg.xpath(".//*[@class='point']") for svg in svgs)  # false alerts: one claim, a row
    hrefs = {a.get("href") for a in page.iter("a") if a.get("href") and not a.get("href").startswith("#")}
    assert REGISTER in hrefs and hrefs <= stored_urls(db)

    shot = tmp_path / "report.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", out.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    width, height, pixels = decode_png(shot.read_bytes())
    assert (width, height) == (1200, 2000)
    non_white = sum(1 for p in pixels if min(p) < 235)
    assert non_white > 0.02 * width * height, "the page looks blank"
    # The charts' plot areas (#fafafa, used nowhere else) are painted, with the Met's points inside them.
    met = tuple(int(report.PALETTE[0][i:i + 2], 16) for i in (1, 3, 5))
    plot_rows = plot_pixels = met_in_plot = 0
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        background = row.count(b"\xfa\xfa\xfa")
        if background > 400:
            plot_rows += 1
            plot_pixels += background
            met_in_plot += sum(1 for p in row if all(abs(a - b) < 12 for a, b in zip(p, met)))
    assert plot_rows > 400 and plot_pixels > 200_000, (plot_rows, plot_pixels)
    assert met_in_plot > 200, met_in_plot


# -- issue #22: places, averages, labelled map, single points, every claim to its bytes ----------------

CROYDON = "https://news.met.example/news/croydon-12-arrests"
WATCHLIST = "https://news.met.example/news/lfr-watchlist-jan-apr-2025"
SAMPLE_SITE = "http://127.0.0.1:40137/news/lfr-officers"  # the demo's sample site: gone once the demo stops

EXTRA = [
    doc(CROYDON, "Metropolitan Police", "police", "2025-05-12T09:00:00+01:00",
        "Officers made 12 arrests in Croydon during the year, the force said. " + FILLER,
        figures=[fig("12 arrests", "arrests", 12, period="during the year", claimant="Metropolitan Police")]),
    doc(WATCHLIST, "Metropolitan Police", "police", "2025-05-10T09:00:00+01:00",
        "Between January and April 2025 the watchlist held an average of 15,600 people, and around 16,000 "
        "people in April. " + FILLER,
        figures=[fig("an average of 15,600 people", "watchlist_size", 15600, qualifier="an average of",
                     period="between January and April 2025", period_start="2025-01-01",
                     period_end="2025-04-30", claimant="Metropolitan Police"),
                 fig("around 16,000 people", "watchlist_size", 16000, qualifier="around", period="in April",
                     period_start="2025-04-01", period_end="2025-04-30", claimant="Metropolitan Police")]),
    doc(SAMPLE_SITE, "Metropolitan Police", "police", "2025-06-01T09:00:00+01:00",
        "The force has trained 24 officers to run the vans. " + FILLER,
        figures=[fig("24 officers", "officers", 24, claimant="Metropolitan Police")]),
]


def archive_versions(db, folder):
    """Write each stored document version's page as a WARC response under folder/archive, as a crawl does."""
    archive = WarcArchive(folder / "archive")
    for row in list(db.query("select v.id, v.document_id, d.canonical_url, v.text from document_versions v "
                             "join documents d on d.id = v.document_id")):
        body = f"<html><body><p>{row['text']}</p></body></html>".encode()
        where = archive.write_exchange(url=row["canonical_url"], method="GET", request_headers=[], request_body=b"",
                                       status=200, response_headers=[("Content-Type", "text/html")], body=body)
        db.execute("update document_versions set warc_file = ?, warc_offset = ?, warc_record_id = ? where id = ?",
                   [where["warc_file"], where["warc_offset"], where["warc_record_id"], row["id"]])
        db.execute("update documents set warc_file = ?, warc_offset = ?, warc_record_id = ? "
                   "where current_version_id = ?",
                   [where["warc_file"], where["warc_offset"], where["warc_record_id"], row["id"]])
    db.conn.commit()
    archive.close()


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """SCENARIO and EXTRA with the records, every version archived, the report written beside archive/."""
    folder = tmp_path_factory.mktemp("report-archived")
    db = build_db(folder / "lfrwatch.db", SCENARIO + EXTRA)
    add_records(db)
    archive_versions(db, folder)
    out = report.write_report(db, folder / "report.html", generated_at="2026-07-01T00:00:00+00:00")
    return folder, db, lxml.html.fromstring(out.read_text())


def text_of(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def group_of(db, text):
    return next(g for g in tl.analyse(db).figures() if g["text"] == text)


def test_a_claim_about_one_place_shows_the_place(archived):
    _, db, page = archived
    group = group_of(db, "12 arrests")
    compared = next(c for c in records.compare_claims(db) if c["claim_id"] == group["id"])
    assert compared["place"] == "Croydon"  # claim_place read it from "12 arrests in Croydon"
    row = page.xpath(f"//table[@class='claims']/tbody/tr[@data-group='{group['group_id']}']")[0]
    assert text_of(row.xpath("./td")[3]) == "during the year in Croydon"
    point = page.xpath(f"//section[@id='metric-arrests']//svg//*[@data-group='{group['group_id']}']")[0]
    assert "during the year in Croydon" in point.findtext("title")
    comparison = page.xpath(f"//table[@class='comparisons']/tbody/tr[@data-claim='{group['id']}']")[0]
    claim, recorded = text_of(comparison.xpath("./td")[1]), text_of(comparison.xpath("./td")[3])
    assert claim.startswith("Metropolitan Police: arrests in Croydon") and recorded.endswith("Croydon")


def test_an_average_watchlist_is_not_drawn_against_the_largest_watchlist_line(archived):
    _, db, page = archived
    average, around = group_of(db, "an average of 15,600 people"), group_of(db, "around 16,000 people")
    section = page.xpath("//section[@id='metric-watchlist_size']")[0]
    charts = section.xpath(".//svg[@class='chart']")
    assert len(charts) == 1 and charts[0].xpath(".//path[@class='recorded']")  # the largest watchlist of each day
    drawn = charts[0].xpath(".//*[@class='point']/../@data-group")
    assert around["group_id"] in drawn and average["group_id"] not in drawn
    assert "not drawn against the records' line" in text_of(section.xpath(".//p[contains(@class, 'averages')]")[0])
    compared = next(c for c in records.compare_claims(db) if c["claim_id"] == average["id"])
    row = section.xpath(f".//tr[@data-group='{average['group_id']}']")[0]
    note = text_of(row.xpath(".//span[contains(@class, 'average')]")[0])
    assert note == (f"An average, not drawn against the largest-watchlist line; records' mean "
                    f"{report.format_value(compared['recorded'])} ({report.format_value(compared['recorded_min'])} "
                    f"to {report.format_value(compared['recorded_max'])}) at 24 deployment(s), 2025-01-01 to "
                    f"2025-04-30")
    assert not section.xpath(f".//tr[@data-group='{around['group_id']}']//span[contains(@class, 'average')]")


def test_a_chart_with_one_point_becomes_a_table_row(built, with_records):
    _, db, out = built
    page = lxml.html.fromstring(out.read_text())
    section = page.xpath("//section[@id='metric-false_alerts']")[0]  # "three false alerts": the only one
    assert not section.xpath(".//svg") and not section.xpath(".//ul[@class='legend']")
    assert "it is the row in the table below" in text_of(section.xpath(".//p[contains(@class, 'single-point')]")[0])
    rows = section.xpath(".//table[@class='claims']/tbody/tr")
    assert len(rows) == 1 and text_of(rows[0].xpath("./td")[2]) == "3"
    # With the Met's records the one claim has a line to be read against: the chart stays.
    _, _, with_lines = with_records
    assert with_lines.xpath("//section[@id='metric-false_alerts']//svg[@class='chart']//*[@class='point']")


def london_cluster():
    """22 places as close together as London's busiest deployment sites, and three far apart."""
    spots = [("Croydon", 51.372, -0.098), ("Lewisham", 51.462, -0.010), ("Camden Town", 51.539, -0.142),
             ("Clapham Junction", 51.464, -0.170), ("Hackney", 51.545, -0.055), ("Oxford Circus", 51.515, -0.141),
             ("Stratford", 51.542, -0.003), ("Wood Green", 51.597, -0.109), ("Woolwich", 51.490, 0.069),
             ("Bexleyheath", 51.456, 0.142), ("Brixton", 51.462, -0.115), ("Catford", 51.445, -0.020),
             ("Ilford", 51.559, 0.070), ("Leicester Square", 51.511, -0.128), ("Peckham", 51.474, -0.069),
             ("Romford", 51.575, 0.183), ("Walthamstow", 51.584, -0.020), ("Southall", 51.511, -0.376),
             ("Tottenham", 51.597, -0.068), ("Islington", 51.536, -0.103), ("Shoreditch", 51.526, -0.078),
             ("Kingsland", 51.548, -0.075), ("Chelmsford", 51.736, 0.479), ("Colchester", 51.889, 0.901),
             ("Southend-on-Sea", 51.538, 0.714)]
    return [{"force": "essex" if lon > 0.4 else "met", "place": name, "lat": lat, "lon": lon,
             "deployments": 26 - i, "arrests": 1, "alerts": 2, "false_alerts": 0, "faces_seen": 10,
             "first_date": "2025-01-07", "last_date": "2025-04-29", "locations": [f"{name} High Street"]}
            for i, (name, lat, lon) in enumerate(spots)]


def test_every_bubble_on_the_map_carries_a_label_with_its_place_and_count():
    places = london_cluster()
    svg = lxml.html.fromstring(str(report.place_map(places, {"Metropolitan Police": "#0072b2"})))
    labels = svg.xpath(".//text[@class='place-label']")
    assert sorted(label.text for label in labels) == sorted(f"{p['place']} ({p['deployments']})" for p in places)
    width, height = (float(v) for v in svg.get("viewbox").split()[2:])

    def box(label):
        x, y, w = float(label.get("x")), float(label.get("y")), charts.label_width(label.text)
        x1 = x - w if label.get("text-anchor") == "end" else x
        return (x1, y - charts.LABEL_SIZE, x1 + w, y + 3)

    boxes = [box(label) for label in labels]
    assert all(0 <= b[0] and b[2] <= width and 0 <= b[1] and b[3] <= height for b in boxes)  # on the page
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if charts._overlaps(a, b)]  # legible
    circles = {c.get("data-place"): c for c in svg.xpath(".//circle[@class='place']")}
    leaders = svg.xpath(".//line[@class='leader']")
    assert leaders  # the cluster is too dense for every label to sit beside its circle
    for line in leaders:  # each ends on a circle's edge and at a label in the margin, crossing no other label
        x1, y1, x2, y2 = (float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
        assert any(abs(math.hypot(x1 - float(c.get("cx")), y1 - float(c.get("cy"))) - float(c.get("r"))) < 0.5
                   for c in circles.values())
        ends_at = [b for b in boxes if abs(b[1] + charts.LABEL_SIZE - 4 - y2) < 0.5 and min(abs(b[0] - x2),
                                                                                            abs(b[2] - x2)) < 3]
        assert len(ends_at) == 1
        assert not [b for b in boxes if b is not ends_at[0] and charts._crosses((x1, y1, x2, y2), b)]


def test_every_claim_leads_to_its_archived_bytes(archived, tmp_path):
    folder, db, page = archived
    analysis = tl.analyse(db)
    claims = {c["id"]: c for c in analysis.claims}
    sources = page.xpath("//div[@class='src']")
    expected = sum(len(g["sources"]) for g in analysis.figures())
    assert len(page.xpath("//table[@class='claims']//div[@class='src']")) == expected
    assert len(page.xpath("//table[@class='comparisons']//div[@class='src']")) == len(records.compare_claims(db))
    assert page.xpath("//table[@class='conflicts']//div[@class='src']") and \
        page.xpath("//section[@id='quotes']//div[@class='src']")
    seen = set()
    for src in sources:
        link = src.xpath(".//a[@class='archive']")[0]
        name, offset = link.text_content().split("@")
        assert link.get("href") == f"archive/{name}" and (folder / "archive" / name).is_file()
        record = read_record(folder / "archive", name, int(offset))
        assert src.xpath(".//code[@class='record-id']")[0].text == record["record_id"]
        assert record["status"] == 200 and record["url"] in {c["document_url"] for c in claims.values()}
        seen.add(record["url"])
    assert seen == {c["document_url"] for c in claims.values()}
    # A page on a loopback address is not linked (the demo's site is gone); its archived copy is.
    hrefs = [a.get("href") for a in page.iter("a") if a.get("href")]
    assert not [h for h in hrefs if "127.0.0.1" in h]
    assert "127.0.0.1:40137" in text_of(page.xpath("//p[contains(@class, 'local-hosts')]")[0])
    officers = page.xpath("//section[@id='metric-officers']//div[@class='src']")[0]
    assert officers.xpath("./span[@class='source-name']")[0].text == "Metropolitan Police"
    assert officers.xpath(".//a[@class='archive']")
    # Written anywhere else, the report cannot link the archive: it names the file, offset and record id.
    elsewhere = lxml.html.fromstring(report.write_report(db, tmp_path / "report.html").read_text())
    assert not elsewhere.xpath("//a[@class='archive']")
    named = elsewhere.xpath("//table[@class='claims']//span[@class='archive']")
    assert len(named) == expected and all(re.fullmatch(r"lfrwatch-\S+\.warc\.gz@\d+", n.text_content())
                                          for n in named)


def test_a_person_who_speaks_for_no_organisation_is_not_shown_as_their_own(tmp_path):
    """"Marcus Ellery, who runs a phone repair shop" speaks for himself: the report names no organisation for him,
    where a minister gets her department."""
    shop = doc("https://register.example/2026/03/04/croydon", "The Daily Register", "press", "2026-03-04T09:00:00Z",
               f"{FILLER} \"If it catches the people doing it, I'm fine with it,\" said Marcus Ellery, who runs a "
               "phone repair shop.",
               quotes=[quote("If it catches the people doing it, I'm fine with it", "Marcus Ellery")],
               people=[{"name": "Marcus Ellery", "honorific": None, "role": None, "org": None}])
    minister = doc("https://www.gov.example/news/lfr", "GOV.UK", "government", "2026-06-16T09:00:00Z",
                   f"{FILLER} \"Nobody should be on a watchlist without good reason,\" said Harriet Calloway.",
                   quotes=[quote("Nobody should be on a watchlist without good reason", "Harriet Calloway",
                                 role="Policing Minister", org="Home Office")],
                   people=[{"name": "Harriet Calloway", "honorific": None, "role": "Policing Minister",
                            "org": "Home Office"}])
    db = build_db(tmp_path / "lfrwatch.db", [shop, minister])
    page = lxml.html.fromstring(report.render_report(db, generated_at="2026-07-01T00:00:00+00:00"))
    speakers = {text_of(block.find("h3")): [text_of(n) for n in block.xpath("./div[@class='note']")]
                for block in page.find_class("speaker")}
    assert speakers == {"Marcus Ellery": [], "Harriet Calloway": ["Policing Minister, Home Office"]}
    quotes = {q["speaker"]: q["claimant_org"] for q in tl.quotes(db)}
    assert not quotes["Marcus Ellery"] and quotes["Harriet Calloway"] == "Home Office"
