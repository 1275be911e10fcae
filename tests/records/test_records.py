"""Official deployment records: parsing the Met's PDFs and the platform's HTML tables, storing them, and the
verdicts of claims held up against them.

The fixtures come from tests/fixtures/records/make_records.py; their README
lists what each holds. The numbers asserted here are the fixture rows' own
(18 deployments and 42 arrests in version 1 of the 2025 record...).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lfrwatch import records, store
from lfrwatch.records import files as record_files
from lfrwatch.nlp.places import load_gazetteer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
MET = FIXTURES / "met"
V1 = MET / "live-facial-recognition---deployment-record-2025-v1.pdf"
V2 = MET / "live-facial-recognition---deployment-record-2025-v2.pdf"
URL_2025 = ("https://www.met.police.uk/SysSiteAssets/media/downloads/force-content/met/advice/lfr/deployment-records/"
            "live-facial-recognition---deployment-record-2025.pdf")
SWP_URL = ("https://www.south-wales.police.uk/police-forces/south-wales-police/areas/about-us/about-us/"
           "facial-recognition-technology/live-facial-recognition-deployments/")


@pytest.fixture(scope="module")
def v1():
    return records.parse_pdf(V1.read_bytes(), V1.name)


@pytest.fixture(scope="module")
def v2():
    return records.parse_pdf(V2.read_bytes(), V2.name)


@pytest.fixture(scope="module")
def swp():
    path = FIXTURES / "swp" / "live-facial-recognition-deployments.html"
    return records.parse_html(path.read_bytes(), path.name, force="south-wales")


def total(parsed, column):
    return sum(d[column] or 0 for d in parsed.deployments)


def gazetteer(name):
    return next(row for row in load_gazetteer() if row["name"] == name)


# -- the Met's PDF ----------------------------------------------------------------------------------


def test_every_row_of_every_page_is_read(v1):
    assert v1.pages == 3 and len(v1.deployments) == 18
    assert [(d["page"], d["row"]) for d in v1.deployments][:2] == [(1, 3), (1, 4)]  # below the two header rows
    assert [d["page"] for d in v1.deployments].count(2) == 7  # page 2 has no header: its rows start at row 1
    assert v1.deployments[6]["row"] == 1 and v1.deployments[-1]["page"] == 3


def test_column_totals(v1):
    assert (total(v1, "arrests"), total(v1, "total_alerts"), total(v1, "false_alerts"), total(v1, "faces_seen")) \
        == (42, 58, 3, 121_520)


def test_wrapped_location_cells_become_one_line_with_the_place_and_coordinates(v1):
    first = v1.deployments[0]
    assert first["location"] == "Croydon - North End (Whitgift Centre)"
    croydon = gazetteer("Croydon")
    assert (first["place"], first["borough"], first["lat"], first["lon"]) == \
        ("Croydon", "Croydon", croydon["lat"], croydon["lon"])
    lewisham = v1.deployments[1]
    assert (lewisham["place"], lewisham["place_kind"], lewisham["borough"]) == \
        ("Lewisham Shopping Centre", "district", "Lewisham")


def test_a_location_the_gazetteer_lacks_is_kept_as_written_without_coordinates(v1):
    barking = next(d for d in v1.deployments if d["location"].startswith("Barking"))
    assert barking["location"] == "Barking Town Centre (Station Parade)"
    assert barking["place"] is None and barking["lat"] is None


def test_fields_of_one_row(v1):
    row = v1.deployments[1]
    assert row["date"] == "2025-01-09" and row["duration"] == "11:00 - 17:00" and row["duration_minutes"] == 360
    assert row["use_case"] == "Wanted offenders" and row["watchlist_size"] == 14_980 and row["threshold"] == 0.64
    assert (row["total_alerts"], row["true_alerts_confirmed"], row["false_alerts_confirmed"],
            row["false_alerts"], row["arrests"], row["no_action"]) == (4, 3, 1, 1, 2, 1)
    assert row["false_alert_rate"] == "0.0163%"


def test_blank_cells_are_none_not_zero(v1):
    assert v1.deployments[0]["no_action"] is None and v1.deployments[0]["other_outcomes"] == 1
    assert v1.deployments[2]["other_outcomes"] is None and v1.deployments[2]["no_action"] is None


def test_footnote_row_and_as_at_date(v1):
    assert v1.notes == ["* Deployment ended early: the van's power supply failed."]
    assert v1.as_at == "2025-03-31"
    assert v1.deployments[3]["location"] == "Oxford Circus*" and v1.deployments[3]["place"] == "Oxford Circus"


def test_a_header_repeated_on_every_page_is_read_once(v2):
    assert v2.pages == 4 and len(v2.deployments) == 24 and total(v2, "arrests") == 58
    assert all(d["row"] >= 3 for d in v2.deployments)  # two header rows on every page


@pytest.mark.parametrize("name, where, expected", [
    ("relaid-out.pdf", "page 1", "column 16 heading 'Borough Command Unit' is not a column lfrwatch reads; "
                                 "expected column(s) faces_seen not found"),
    ("no-table.pdf", "page 1", "no table found (expected one deployment table per page)"),
    ("not-a-pdf.pdf", None, "not a PDF file"),
    ("truncated.pdf", None, "the PDF cannot be opened"),
])
def test_a_pdf_of_which_nothing_can_be_read_is_reported_by_file_and_page(name, where, expected):
    with pytest.raises(records.RecordsError) as caught:
        records.parse_pdf((MET / "bad" / name).read_bytes(), name)
    message = str(caught.value)
    assert message.startswith(name + (f": {where}: " if where else ": "))
    assert expected in message


@pytest.mark.parametrize("name, read, unread, warnings", [
    ("short-page.pdf", 11, [f"page 2, row {row}: 15 cells where the header has 16 columns" for row in range(1, 8)],
     []),
    ("bad-cell.pdf", 17, ["page 2, row 3: column arrests: 'two' is not a whole number"], []),
    ("bad-total.pdf", 18, [], ["page 3, row 6: the total row gives arrests 40 but the rows read add up to 42"]),
])
def test_rows_that_cannot_be_read_are_reported_by_page_and_row_and_the_rest_are_kept(name, read, unread, warnings):
    parsed = records.parse_pdf((MET / "bad" / name).read_bytes(), name)
    assert len(parsed.deployments) == read and parsed.rows_in_file == read + len(unread)
    assert [e.in_file() for e in parsed.unread] == unread and [e.in_file() for e in parsed.warnings] == warnings
    assert all(str(e).startswith(name + ": page ") for e in parsed.problems())


def test_the_readable_rows_of_a_file_with_an_unread_row_are_stored_and_the_row_is_noted(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    data = (MET / "bad" / "bad-cell.pdf").read_bytes()
    result = records.store_record_file(db, meta_for(data), records.parse_pdf(data, "bad-cell.pdf"))
    assert (result.rows, result.new_rows, result.unread_rows) == (17, 17, 1)
    (listed,) = records.list_files(db)
    assert listed["status"] == "ok" and listed["unread_rows"] == 1
    assert "not read: page 2, row 3: column arrests: 'two' is not a whole number" in listed["notes"]


# -- HTML tables (South Wales Police) ----------------------------------------------------------------


def test_html_tables_of_every_year_are_read(swp):
    assert swp.pages == 2 and len(swp.deployments) == 6  # the contacts table is not a deployment table
    assert total(swp, "arrests") == 9 and total(swp, "faces_seen") == 93_900
    assert swp.as_at == "2025-03-31"
    assert "False alerts were reviewed by an independent assessor." in swp.notes


def test_html_rows(swp):
    stadium = swp.deployments[0]
    assert (stadium["date"], stadium["location"], stadium["use_case"], stadium["watchlist_size"]) == \
        ("2025-03-01", "Principality Stadium, Cardiff", "Wales v Ireland, Six Nations", 1210)
    assert (stadium["total_alerts"], stadium["false_alerts"], stadium["arrests"]) == (3, 1, 2)
    assert stadium["place"] == "Cardiff" and stadium["lat"] == gazetteer("Cardiff")["lat"]


def test_places_outside_the_force_area_are_not_taken(swp):
    swansea = next(d for d in swp.deployments if d["location"] == "Oxford Street, Swansea")
    assert swansea["place"] == "Swansea"  # not London's Oxford Street


def test_html_with_an_unknown_column_is_reported():
    path = FIXTURES / "swp" / "bad-heading.html"
    with pytest.raises(records.RecordsError, match=r"bad-heading.html: page 1: column 3 heading 'Weather on the day'"):
        records.parse_html(path.read_bytes(), path.name)


def test_a_page_without_a_deployment_table_is_reported():
    path = FIXTURES / "swp" / "facial-recognition-technology.html"
    with pytest.raises(records.RecordsError, match="no deployment table found"):
        records.parse_html(path.read_bytes(), path.name)


# -- cells and names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("12/03/2024", "2024-03-12"), ("12.03.24", "2024-03-12"), ("12-Mar-24", "2024-03-12"),
    ("Tuesday 12 March 2024", "2024-03-12"), ("12th March 2024", "2024-03-12"), ("2024-03-12", "2024-03-12"),
    ("12/03/\n2024", "2024-03-12"), ("31/02/2024", None), ("TBC", None), ("", None),
])
def test_record_dates(text, expected):
    day = records.parse_record_date(text)
    assert (day.isoformat() if day else None) == expected


@pytest.mark.parametrize("text, expected", [("11,820", 11820), ("6 400", 6400), ("", None), ("-", None),
                                            ("N/A", None), ("3*", 3)])
def test_counts(text, expected):
    assert records.parse_count(text) == expected


def test_counts_refuse_words():
    with pytest.raises(ValueError, match="'three' is not a whole number"):
        records.parse_count("three")


@pytest.mark.parametrize("text, minutes", [("10:00 - 16:00", 360), ("10am to 4pm", 360), ("6 hrs 30 mins", 390),
                                           ("4.5 hours", 270), ("22:00 - 02:00", 240), ("all day", None)])
def test_durations(text, minutes):
    assert records.duration_minutes(text) == minutes


@pytest.mark.parametrize("name, expected", [
    ("live-facial-recognition---deployment-record-2024.pdf", ("2024", "2024-01-01", "2024-12-31")),
    ("live-facial-recognition---deployment-record-2024-25.pdf", ("2024-25", "2024-04-01", "2025-03-31")),
    ("live-facial-recognition---deployment-record-january-2025.pdf", ("january-2025", "2025-01-01", "2025-01-31")),
    ("live-facial-recognition---deployment-record-2025-02.pdf", ("2025-02", "2025-02-01", "2025-02-28")),
    ("live-facial-recognition---deployment-record-latest.pdf", ("latest", None, None)),
    ("lfr-deployment-grid-2020-2022.pdf", ("2020-2022", "2020-01-01", "2022-12-31")),
    ("lfr-deployment-grid-2023-to-2024.pdf", ("2023-to-2024", "2023-01-01", "2024-12-31")),
    ("live-facial-recognition---deployment-record-2025-to-date.pdf", ("2025-to-date", "2025-01-01", None)),
    ("lfr-deployment-grid-2025-up-to-May20-.pdf", ("2025-up-to-may20", "2025-01-01", None)),  # no full date
    ("lfr-deployment-grid-2025-up-to-20-may-2025.pdf", ("2025-up-to-20-may-2025", "2025-01-01", "2025-05-20")),
])
def test_the_period_a_file_name_states(name, expected):
    assert records.file_period("https://www.met.police.uk/lfr/deployment-records/" + name) == expected


# -- storage -------------------------------------------------------------------------------------------


def meta_for(data: bytes, url: str = URL_2025, force: str = "met") -> dict:
    return {"force": force, "url": url, "sha256": hashlib.sha256(data).hexdigest(), "source": "met_lfr_records",
            "fetched_at": "2025-05-01T08:00:00+00:00", "warc_file": "lfrwatch-test.warc.gz",
            "warc_record_id": "<urn:uuid:test>"}


def store_file(db, path: Path, url: str = URL_2025):
    data = path.read_bytes()
    return records.store_record_file(db, meta_for(data, url), records.parse_pdf(data, path.name))


def test_a_re_published_file_adds_only_its_new_rows_and_keeps_both_versions_of_a_corrected_one(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    first = store_file(db, V1)
    assert (first.status, first.new_rows) == ("new", 18)
    second = store_file(db, V2)
    assert (second.status, second.new_rows, second.corrected_rows, second.unchanged_rows, second.withdrawn_rows) \
        == ("changed", 6, 1, 17, 0)
    assert db["record_deployments"].count == 25  # 24 deployments, one of them in two versions
    current = records.current_deployments(db, "met")
    assert len(current) == 24 and sum(d["arrests"] for d in current) == 58
    versions = list(db.query("select version, status, arrests, superseded_by, file_id, id from record_deployments "
                             "where date = '2025-01-21' order by version"))
    assert [(v["version"], v["status"], v["arrests"]) for v in versions] == [(1, "corrected", 5), (2, "current", 6)]
    assert versions[0]["superseded_by"] == versions[1]["id"] and versions[1]["file_id"] == second.file_id
    files = list(db.query("select id, previous_id, status, rows, new_rows from record_files order by id"))
    assert [(f["status"], f["rows"], f["new_rows"]) for f in files] == [("ok", 18, 18), ("ok", 24, 6)]
    assert files[1]["previous_id"] == files[0]["id"]


def test_the_same_bytes_again_store_nothing(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    store_file(db, V1)
    again = store_file(db, V1)
    assert again.status == "unchanged" and db["record_files"].count == 1 and db["record_deployments"].count == 18


def test_each_deployment_keeps_its_file_page_and_archive_record(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    result = store_file(db, V1)
    row = next(db.query("select * from record_deployments where date = '2025-03-27'"))
    assert (row["file_id"], row["url"], row["page"], row["row"]) == (result.file_id, URL_2025, 3, 5)
    assert row["warc_file"] == "lfrwatch-test.warc.gz" and row["warc_record_id"] == "<urn:uuid:test>"
    assert row["location"] == "Leicester Square" and row["faces_seen"] == 9900


def test_rows_no_longer_listed_are_withdrawn_and_a_corrected_location_is_a_new_version(tmp_path, v1):
    db = store.open_db(tmp_path / "db.sqlite")
    records.store_record_file(db, meta_for(b"first"), v1)
    changed = records.ParsedRecords(name="v1-edited", format="pdf", pages=3,
                                    deployments=[dict(d) for d in v1.deployments if d["date"] != "2025-02-11"])
    changed.deployments[5]["location"] = "Mare Street, Hackney Central"  # same day, location corrected
    result = records.store_record_file(db, meta_for(b"second"), changed)
    assert (result.withdrawn_rows, result.corrected_rows, result.new_rows) == (1, 1, 0)
    statuses = dict(db.execute("select status, count(*) from record_deployments group by status").fetchall())
    assert statuses == {"current": 17, "corrected": 1, "withdrawn": 1}
    hackney = list(db.query("select version, location from record_deployments where date = '2025-01-23' "
                            "order by version"))
    assert [h["location"] for h in hackney] == ["Mare Street, Hackney", "Mare Street, Hackney Central"]


def test_a_failure_while_storing_leaves_nothing_half_written(tmp_path, v1, monkeypatch):
    db = store.open_db(tmp_path / "db.sqlite")
    calls = {"n": 0}
    real = record_files._content_sha

    def failing(force, row):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full")
        return real(force, row)

    monkeypatch.setattr(record_files, "_content_sha", failing)
    with pytest.raises(RuntimeError):
        records.store_record_file(db, meta_for(b"x"), v1)
    assert db["record_files"].count == 0 and db["record_deployments"].count == 0


def test_recorded_series_and_deployments_by_place(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    store_file(db, V2)
    series = records.recorded_series(db, "arrests", force="met")
    assert series[0] == {"force": "met", "date": "2025-01-07", "value": 4, "deployments": 1, "missing": 0,
                         "cumulative": 4}
    assert series[-1]["date"] == "2025-04-29" and series[-1]["cumulative"] == 58
    assert [s["cumulative"] for s in records.recorded_series(db, "deployments")][-1] == 24
    assert records.recorded_series(db, "watchlist_size")[-1]["value"] == 16_250
    places = {p["place"]: p for p in records.deployments_by_place(db, force="met")}
    croydon = places["Croydon"]
    assert (croydon["deployments"], croydon["arrests"], croydon["lat"]) == (5, 12, gazetteer("Croydon")["lat"])
    assert places[None]["locations"] == ["Barking Town Centre (Station Parade)"]


def test_coverage_runs_to_the_date_a_file_says_it_is_correct_to(tmp_path):
    db = store.open_db(tmp_path / "db.sqlite")
    store_file(db, V1)
    assert records.coverage(db, "met") == [("2025-01-01", "2025-03-31")]
    store_file(db, V2)
    assert records.coverage(db, "met") == [("2025-01-01", "2025-04-30")]
