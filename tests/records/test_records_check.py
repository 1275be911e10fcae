"""Claims held up against the records: a fixture set of press claims and their known verdicts.

Records: version 2 of the tests' Met record for 2025 (24 deployments from 7 January
to 29 April, 58 arrests, 4 false alerts, 163,570 faces seen, correct as at 30 April
2025) and the South Wales Police tables (correct as at 31 March 2025). Claims are
stored as the NLP would store them (store.store_analysis), each in a document
whose text holds it, so places beside a figure are read from the text.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from lfrwatch import records, store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
V2 = FIXTURES / "met" / "live-facial-recognition---deployment-record-2025-v2.pdf"
MET_URL = "https://www.met.police.uk/lfr/deployment-records/live-facial-recognition---deployment-record-2025.pdf"
SWP_PAGE = FIXTURES / "swp" / "live-facial-recognition-deployments.html"
SWP_URL = "https://www.south-wales.police.uk/facial-recognition-technology/live-facial-recognition-deployments/"

MET, REGISTER, SWP, ESSEX = (("Metropolitan Police", "police"), ("The Daily Register", "press"),
                             ("South Wales Police", "police"), ("Essex Police", "police"))

#: (published, publisher, text, figures): each figure names its phrase in the text and the fields the NLP gives.
DOCUMENTS = [
    ("2025-04-30", MET,
     "Officers have made more than 50 arrests to date using live facial recognition. The cameras have scanned "
     "160,000 faces to date. There have been seven false alerts since January. Watchlists currently hold around "
     "16,000 people, and none holds more than 20,000 people. Deployments take place around four times a week.",
     [dict(text="more than 50 arrests", metric="arrests", value=50, qualifier="more than", period="to date",
           as_of="2025-04-30", claimant="Metropolitan Police"),
      dict(text="160,000 faces", metric="faces_scanned", value=160_000, period="to date", as_of="2025-04-30",
           claimant="Metropolitan Police"),
      dict(text="seven false alerts", metric="false_alerts", value=7, period="since January",
           period_start="2025-01-01", period_end="2025-04-30", claimant="Metropolitan Police"),
      dict(text="around 16,000 people", metric="watchlist_size", value=16_000,
           qualifier="around", period="currently", as_of="2025-04-30", claimant="Metropolitan Police"),
      dict(text="more than 20,000 people", metric="watchlist_size", value=20_000, qualifier="more than",
           period="currently", as_of="2025-04-30", claimant="Metropolitan Police"),
      dict(text="around four times", metric="deployments", value=4, qualifier="around", period="a week",
           as_of="2025-04-30", claimant="Metropolitan Police")]),
    ("2025-04-30", REGISTER,
     "A Met spokesperson said 70 arrests had been made to date. Jane Marlow said officers had made more than 55 "
     "arrests so far, and Sam Okoro, the force's LFR lead, said 58 arrests had been made to date. "
     "Big Brother Watch counted 12 false alerts this year.",
     [dict(text="70 arrests", metric="arrests", value=70, period="to date", as_of="2025-04-30",
           claimant="Metropolitan Police"),
      dict(text="more than 55 arrests", metric="arrests", value=55, qualifier="more than",
           period="so far", as_of="2025-04-30", claimant="Jane Marlow"),
      dict(text="58 arrests", metric="arrests", value=58, period="to date", as_of="2025-04-30",
           speaker="Sam Okoro", org="the Met", claimant="Sam Okoro"),
      dict(text="12 false alerts", metric="false_alerts", value=12, period="this year",
           period_start="2025-01-01", period_end="2025-04-30", claimant="Big Brother Watch")]),
    ("2025-01-09", MET, "Officers made four arrests in Croydon on Tuesday after alerts from the cameras.",
     [dict(text="four arrests", metric="arrests", value=4, period="on Tuesday", claimant="Metropolitan Police")]),
    ("2025-02-10", MET, "More than 21 arrests were made in January (after a correction).",
     [dict(text="More than 21 arrests", metric="arrests", value=21, qualifier="more than", period="in January",
           period_start="2025-01-01", period_end="2025-01-31", claimant="figures")]),
    ("2025-06-15", MET,
     "The Met has now made more than 100 arrests to date. In May it said more than 40 arrests to date, and "
     "in February, 30 arrests to date.",
     [dict(text="more than 100 arrests", metric="arrests", value=100, qualifier="more than", period="to date",
           as_of="2025-06-15", claimant="The Met"),
      dict(text="more than 40 arrests", metric="arrests", value=40, qualifier="more than", period="to date",
           as_of="2025-06-15", claimant="The Met"),
      dict(text="30 arrests", metric="arrests", value=30, period="to date", as_of="2025-06-15",
           claimant="The Met")]),
    ("2025-04-30", MET, "Officers made a further 12 arrests. In all, the force made 42 arrests. In 2024 it made "
                        "300 arrests.",
     [dict(text="a further 12 arrests", metric="arrests", value=12, qualifier="a further",
           claimant="Metropolitan Police"),
      dict(text="42 arrests", metric="arrests", value=42, claimant="Metropolitan Police"),
      dict(text="300 arrests", metric="arrests", value=300, period="in 2024", period_start="2024-01-01",
           period_end="2024-12-31", claimant="Metropolitan Police")]),
    ("2025-04-02", SWP, "South Wales Police made six arrests in Cardiff in March, and seven arrests across South "
                        "Wales in March.",
     [dict(text="six arrests", metric="arrests", value=6, period="in March", period_start="2025-03-01",
           period_end="2025-03-31", claimant="South Wales Police"),
      dict(text="seven arrests", metric="arrests", value=7, period="in March", period_start="2025-03-01",
           period_end="2025-03-31", claimant="South Wales Police")]),
    ("2025-09-18", ESSEX, "Nine arrests were made last week.",
     [dict(text="Nine arrests", metric="arrests", value=9, period="last week", period_start="2025-09-08",
           period_end="2025-09-14", claimant="Essex Police")]),
]

#: claim phrase -> (verdict, recorded, why: a word the reason must hold)
EXPECTED = {
    "more than 50 arrests": ("consistent", 58, "above 50"),
    "160,000 faces": ("consistent", 163_570, "rounded figure"),
    "seven false alerts": ("higher", 4, "2025-01-01 to 2025-04-30"),
    "around 16,000 people": ("consistent", 16_175, "watchlists of 16,050 to 16,300"),
    "more than 20,000 people": ("higher", 16_175, "watchlists of 16,050 to 16,300"),
    "around four times": ("higher", 1.3, "17 in the 91 days to 2025-04-30"),
    "70 arrests": ("higher", 58, "exactly 70"),
    "more than 55 arrests": ("consistent", 58, "above 55"),
    "58 arrests": ("consistent", 58, "exactly 58"),
    "four arrests": ("consistent", 4, "in Croydon, 2025-01-07"),
    "More than 21 arrests": ("higher", 21, "2025-01-01 to 2025-01-31"),
    "more than 100 arrests": ("not_comparable", 58, "only a lower bound"),
    "more than 40 arrests": ("consistent", 58, "already reach the claim"),
    "30 arrests": ("lower", 58, "already exceed the claim"),
    "a further 12 arrests": ("not_comparable", None, "adds to an earlier figure"),
    "42 arrests": ("not_comparable", None, "states no period"),
    "300 arrests": ("not_comparable", None, "the records start on 2025-01-01"),
    "six arrests": ("consistent", 6, "in Cardiff"),
    "seven arrests": ("consistent", 7, "2025-03-01 to 2025-03-31"),
    "Nine arrests": ("not_comparable", None, "no Essex Police records are stored"),
}


def add_document(db, number, published, who, text, figures):
    publisher, kind = who
    url = f"https://example.invalid/{number}"
    result = store.store_document(db, {"url": url, "canonical_url": url, "text": text, "title": f"Document {number}",
                                       "published": published, "publisher": publisher, "kind": kind,
                                       "source": "test"})
    job = {"document_id": result.document_id, "version_id": result.version_id, "sha256": store.sha256_text(text),
           "published": published}
    rows, people = [], []
    for figure in figures:
        start = text.index(figure["text"])
        rows.append({"qualifier": None, "period": None, "period_start": None, "period_end": None, "as_of": None,
                     "speaker": None, "role": None, "org": None, **figure, "start": start,
                     "end": start + len(figure["text"])})
    if "Jane Marlow" in text:  # known from another document's apposition: Supt Jane Marlow of the Met
        people.append({"name": "Jane Marlow", "honorific": "Supt", "role": "Superintendent",
                       "org": "Metropolitan Police"})
    store.store_analysis(db, job, {"figures": rows, "people": people})


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("check") / "lfrwatch.db"
    db = store.open_db(path)
    for pdf, url, force, parse in ((V2, MET_URL, "met", records.parse_pdf),
                                   (SWP_PAGE, SWP_URL, "south-wales", records.parse_html)):
        data = pdf.read_bytes()
        meta = {"force": force, "url": url, "sha256": hashlib.sha256(data).hexdigest(),
                "fetched_at": "2025-06-20T09:00:00+00:00"}
        records.store_record_file(db, meta, parse(data, pdf.name, force=force))
    for number, (published, who, text, figures) in enumerate(DOCUMENTS, start=1):
        add_document(db, number, published, who, text, figures)
    db.close()
    return str(path)


@pytest.fixture(scope="module")
def comparisons(db_file):
    return {row["claim_text"]: row for row in records.compare_claims(store.open_db(db_file))}


@pytest.mark.parametrize("phrase", list(EXPECTED))
def test_known_verdicts(comparisons, phrase):
    verdict, recorded, why = EXPECTED[phrase]
    row = comparisons[phrase]
    assert (row["verdict"], row["recorded"]) == (verdict, recorded), row["reason"]
    assert why in row["reason"]
    if recorded is not None:
        assert row["difference"] == pytest.approx(row["claimed"] - recorded)


def test_only_claims_the_force_makes_are_compared(comparisons):
    assert "12 false alerts" not in comparisons  # Big Brother Watch's count
    assert set(comparisons) == set(EXPECTED)


def test_a_comparison_names_its_period_place_and_the_records_coverage(comparisons):
    row = comparisons["four arrests"]
    assert (row["period_kind"], row["period_start"], row["period_end"], row["place"], row["deployments"]) == \
        ("day", "2025-01-07", "2025-01-07", "Croydon", 1)
    running = comparisons["more than 50 arrests"]
    assert (running["period_kind"], running["period_start"], running["period_end"]) == \
        ("cumulative", "2025-01-01", "2025-04-30")
    assert (running["records_from"], running["records_to"]) == ("2025-01-01", "2025-04-30")
    assert running["force"] == "met" and running["document_url"] == "https://example.invalid/1"


def test_periods_resolved_from_the_claim_date_when_the_nlp_did_not():
    def period(text, said="2025-04-30", **kw):
        resolved = records.resolve_claim_period({"period": text, "claimed_on": said, **kw})
        return resolved.kind, resolved.start and resolved.start.isoformat(), resolved.end and resolved.end.isoformat()

    assert period("to date") == ("cumulative", None, "2025-04-30")
    assert period("last year") == ("range", "2024-01-01", "2024-12-31")
    assert period("since January") == ("cumulative", "2025-01-01", "2025-04-30")
    assert period("this week") == ("range", "2025-04-28", "2025-04-30")
    assert period("yesterday") == ("day", "2025-04-29", "2025-04-29")
    assert period("on Saturday") == ("day", "2025-04-26", "2025-04-26")
    assert period("on 9 April") == ("day", "2025-04-09", "2025-04-09")
    assert period("a week")[0] == "rate"
    assert period("over the years")[0] is None


@pytest.mark.parametrize("qualifier, value, inside, outside", [
    ("more than", 1000, [1046], [1000, 999]), ("at least", 1000, [1000], [999]), ("up to", 10, [4, 10], [11]),
    ("almost", 1000, [950], [1000, 899]), ("around", 100, [91, 109], [89, 111]), (None, 1000, [1046, 951], [1051]),
    (None, 180, [180], [176]),
])
def test_qualifiers(qualifier, value, inside, outside):
    bounds = records.claim_bounds(value, qualifier)
    assert all(bounds.contains(v) for v in inside) and not any(bounds.contains(v) for v in outside)


def test_check_command_stores_and_prints_the_comparisons(cli_run, db_file):
    result = cli_run("check", "--db", db_file, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["claim_text"]: r["verdict"] for r in rows} == {k: v[0] for k, v in EXPECTED.items()}
    db = store.open_db(db_file)
    assert db["record_comparisons"].count == len(EXPECTED)
    stored = next(db.query("select * from record_comparisons where claim_text = '70 arrests'"))
    assert (stored["verdict"], stored["recorded"], stored["difference"]) == ("higher", 58, 12)


def test_check_filters_and_formats(cli_run, db_file):
    rows = json.loads(cli_run("check", "--db", db_file, "--metric", "false_alerts", "--format", "json").stdout)
    assert [r["claim_text"] for r in rows] == ["seven false alerts"]
    rows = json.loads(cli_run("check", "--db", db_file, "--force", "south-wales", "--format", "json").stdout)
    assert {r["claim_text"] for r in rows} == {"six arrests", "seven arrests"}
    csv_out = cli_run("check", "--db", db_file, "--metric", "deployments", "--format", "csv").stdout
    header, row = csv_out.strip().splitlines()
    assert header.startswith("id,claim_id,force,metric") and ",higher," in row
    table = cli_run("check", "--db", db_file, "--metric", "watchlist_size").stdout
    assert "verdict" in table.splitlines()[0] and "consistent" in table and "higher" in table


def test_records_command(cli_run, db_file):
    places = json.loads(cli_run("records", "--db", db_file, "--by", "place", "--force", "met", "--format",
                                "json").stdout)
    croydon = next(p for p in places if p["place"] == "Croydon")
    assert croydon["deployments"] == 5 and croydon["lat"] is not None
    files = json.loads(cli_run("records", "--db", db_file, "--by", "file", "--format", "json").stdout)
    assert [(f["force"], f["status"], f["rows"]) for f in files] == [("met", "ok", 24), ("south-wales", "ok", 6)]
    rows = json.loads(cli_run("records", "--db", db_file, "--force", "south-wales", "--format", "json").stdout)
    assert len(rows) == 6 and rows[0]["date"] == "2024-11-09"


def test_records_parse_checks_a_file_without_storing(cli_run):
    good = cli_run("records", "--parse", V2, "--format", "json")
    assert good.exit_code == 0 and len(json.loads(good.stdout)) == 24
    assert "24 deployment(s) on 4 page(s), correct as at 2025-04-30" in good.stderr
    partial = cli_run("records", "--parse", FIXTURES / "met" / "bad" / "short-page.pdf", "--format", "json")
    assert partial.exit_code == 3 and len(json.loads(partial.stdout)) == 11  # pages 1 and 3
    assert "short-page.pdf: page 2, row 1: 15 cells where the header has 16 columns" in partial.stderr
    assert "11 deployment(s) on 3 page(s), 7 row(s) not read" in partial.stderr
    bad = cli_run("records", "--parse", FIXTURES / "met" / "bad" / "relaid-out.pdf")
    assert bad.exit_code == 1 and "relaid-out.pdf: page 1: column 16 heading 'Borough Command Unit'" in bad.stderr


def test_spans_and_lists_of_days_in_a_claims_period():
    def period(text, said):
        resolved = records.resolve_claim_period({"period": text, "claimed_on": said})
        return (resolved.kind, resolved.start.isoformat(), resolved.end.isoformat(),
                resolved.days and [d.isoformat() for d in resolved.days])

    assert period("between 19 and 21 March", "2024-03-25") == ("range", "2024-03-19", "2024-03-21", None)
    assert period("on 19 and 21 March", "2024-03-25") == ("days", "2024-03-19", "2024-03-21",
                                                          ["2024-03-19", "2024-03-21"])
    assert period("19, 20 and 21 March 2023", "2024-03-25")[3] == ["2023-03-19", "2023-03-20", "2023-03-21"]
    assert period("in February", "2024-03-12") == ("range", "2024-02-01", "2024-02-29", None)
    assert period("between 28 December and 2 January", "2025-01-05")[1:3] == ("2024-12-28", "2025-01-02")
    assert period("on 15 May", "2024-05-16") == ("day", "2024-05-15", "2024-05-15", None)


def test_a_list_of_days_counts_only_those_days():
    deployments = [{"date": day, "arrests": arrests, "place": None, "borough": None, "location": "High Street"}
                   for day, arrests in (("2024-03-19", 9), ("2024-03-20", 4), ("2024-03-21", 8))]
    spans = [("2024-01-01", "2024-12-31")]

    def compare(period):
        claim = {"id": "c", "metric": "arrests", "value": 17, "period": period, "claimed_on": "2024-03-25"}
        return records.compare_claim(claim, records.FORCES["met"], deployments, spans)

    listed, spanned = compare("on 19 and 21 March"), compare("between 19 and 21 March")
    assert (listed["verdict"], listed["recorded"], listed["deployments"]) == ("consistent", 17, 2)
    assert "2024-03-19 and 2024-03-21" in listed["reason"]
    assert (spanned["verdict"], spanned["recorded"], spanned["deployments"]) == ("lower", 21, 3)
