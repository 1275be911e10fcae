"""The Met's three real deployment-record layouts (2020-22, 2023-24, 2025), read from look-alike fixtures.

tests/fixtures/records/make_met_layouts.py draws each layout the way Word
exports it (its docstring lists the quirks) with invented rows; here every
printed row is read back and compared with what the generator printed,
converted independently of lfrwatch's own cell readers.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from lfrwatch import records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "records"
LAYOUTS = FIXTURES / "met" / "layouts"
_spec = importlib.util.spec_from_file_location("make_met_layouts", FIXTURES / "make_met_layouts.py")
made = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(made)

COLUMNS_16 = ["location", "date", "duration", "use_case", "watchlist_size", "threshold", "total_alerts",
              "true_alerts_confirmed", "true_alerts_unconfirmed", "false_alerts_confirmed", "false_alerts_unconfirmed",
              "false_alert_rate", "arrests", "other_outcomes", "no_action", "faces_seen"]
COLUMNS_2020_22 = ["location", "date", "use_case", "watchlist_size", "total_alerts", "false_alerts_confirmed",
                   "false_alert_engagements", "true_alerts", "true_alert_engagements", "arrests", "faces_seen",
                   "false_alert_rate"]
TEXT = {"location", "use_case", "false_alert_rate", "duration"}


def expected_value(column: str, printed: str):
    """A printed cell as the value it stands for, worked out here, not by lfrwatch."""
    if column == "date":
        day, month, year = printed.split("/")
        return date(2000 + int(year), int(month), int(day)).isoformat()
    if column in TEXT:
        return " ".join(printed.split()) or None
    if printed == "N/A":
        return None
    if column == "threshold":
        return float(printed)
    return int(printed.replace(",", ""))


def expected_rows(columns: list[str], pages: dict[int, list[list[str]]]) -> list[dict]:
    rows = []
    for page, printed_rows in pages.items():
        for printed in printed_rows:
            if not printed[1]:  # the end of the last page's location, cut by the page break
                rows[-1]["location"] += " " + " ".join(printed[0].split())
                continue
            rows.append(dict({c: expected_value(c, p) for c, p in zip(columns, printed)}, page=page))
    return rows


def read(name: str) -> records.ParsedRecords:
    return records.parse_pdf((LAYOUTS / name).read_bytes(), name)


CASES = {
    "lfr-deployment-grid-2020-2022.pdf": (COLUMNS_2020_22, {1: made.ROWS_2020_22}),
    "lfr-deployment-grid-2023-to-2024.pdf": (COLUMNS_16, made.ROWS_2023_24),
    "lfr-deployment-grid-2025-up-to-May20-.pdf": (COLUMNS_16, made.ROWS_2025),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_printed_row_is_read_with_its_values(name):
    columns, pages = CASES[name]
    parsed = read(name)
    assert parsed.unread == [] and parsed.warnings == []
    wanted = expected_rows(columns, pages)
    assert len(parsed.deployments) == parsed.rows_in_file == len(wanted)
    for got, want in zip(parsed.deployments, wanted):
        assert {k: got.get(k) for k in want} == want


def test_2020_22_grid_merged_columns_fault_row_and_arrests_with_disposals():
    parsed = read("lfr-deployment-grid-2020-2022.pdf")
    fault = parsed.deployments[1]
    assert fault["location"] == "Oxford Circus (technical fault stopped deployment)"
    assert fault["date"] == "2020-02-20" and fault["place"] == "Oxford Circus" and fault["borough"] == "Westminster"
    assert all(fault[c] is None for c in ("total_alerts", "false_alerts", "true_alerts", "arrests", "faces_seen"))
    assert fault["watchlist_size"] == 6950  # a deployment all the same: it is counted
    assert (fault["duration"], fault["threshold"]) == (None, None)  # the 2020-22 grid has neither column
    leicester = parsed.deployments[3]
    assert (leicester["false_alerts"], leicester["true_alerts"], leicester["total_alerts"]) == (1, 5, 6)
    assert "the arrests column is headed 'Arrests / Disposals': it counts arrests and other disposals together" \
        in parsed.notes
    assert "1. | Finding people wanted for serious violence, knife crime and the exploitation of children." \
        in parsed.notes  # the purpose references on page 2


def test_2023_24_header_tables_changed_headings_and_a_location_cut_by_the_page_break():
    parsed = read("lfr-deployment-grid-2023-to-2024.pdf")
    assert parsed.pages == 7 and [d["page"] for d in parsed.deployments].count(4) == 3
    assert [d["use_case"] for d in parsed.deployments][-5:] == ["Crime Hotspot"] * 5  # headed "LFR Use Case"
    woolwich = next(d for d in parsed.deployments if d["date"] == "2024-10-24")
    assert (woolwich["location"], woolwich["page"], woolwich["borough"]) == ("Powis St, Woolwich", 4, "Greenwich")
    minutes = {d["duration"]: d["duration_minutes"] for d in parsed.deployments}
    assert [minutes[d] for d in ("5h03m", "8h0m", "5h40", "4h45", "0h33m", "6h 07m", "4h 0m")] == \
        [303, 480, 340, 285, 33, 367, 240]
    assert "Reference | Purpose" in parsed.notes and \
        "1. | Use of LFR to support the policing of Crime Hotspots | s2.3(a)" in parsed.notes


def test_2025_header_in_the_data_table_over_three_rows():
    parsed = read("lfr-deployment-grid-2025-up-to-May20-.pdf")
    first = parsed.deployments[0]
    assert (first["location"], first["duration_minutes"], first["place"], first["borough"]) == \
        ("High St North, East Ham", 287, "East Ham", "Newham")
    assert parsed.deployments[2]["faces_seen"] == 21_940
    assert [d["borough"] for d in parsed.deployments].count("Newham") == 3


def test_a_header_that_cannot_be_read_leaves_its_rows_reported_not_lost():
    """Page 4's header names "Borough Cmd Unit" instead of the faces column: pages 1-3 are read, and each
    row under that header (pages 4 and 5) is reported by page and row with the reason."""
    damaged = records.parse_pdf((LAYOUTS / "bad" / "header-not-read-on-page-4.pdf").read_bytes(), "bad.pdf")
    assert len(damaged.deployments) == 11 and {d["page"] for d in damaged.deployments} == {1, 2, 3}
    # Without columns, the location cut by the page break cannot be told from a row: it is reported too.
    assert [(e.page, e.row) for e in damaged.unread] == [(4, 1), (4, 3), (4, 5), (5, 1), (5, 3), (5, 5)]
    assert damaged.unread[0].reason.startswith("the headings above could not be read (column 16 heading "
                                               "'Borough Cmd Unit' is not a column lfrwatch reads")
    assert [(e.page, e.row) for e in damaged.warnings] == [(4, None)]


@pytest.mark.parametrize("text, minutes", [("5h03m", 303), ("8h0m", 480), ("5h40", 340), ("4h45", 285),
                                           ("4hr 47m", 287), ("6h 07m", 367), ("0h33m", 33)])
def test_the_mets_durations(text, minutes):
    assert records.duration_minutes(text) == minutes


def test_rows_are_numbered_as_the_table_holds_them():
    parsed = read("lfr-deployment-grid-2025-up-to-May20-.pdf")
    # three header rows, then each deployment followed by the blank row its shading leaves
    assert [(d["page"], d["row"]) for d in parsed.deployments][:3] == [(1, 4), (1, 6), (1, 8)]
    assert [(d["page"], d["row"]) for d in parsed.deployments][-3:] == [(2, 1), (2, 3), (2, 5)]  # no header


def test_the_real_check_reads_a_folder_and_totals_by_year(capsys):
    from lfrwatch.records import real_check

    assert real_check.main([str(LAYOUTS)]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["lfr-deployment-grid-2023-to-2024.pdf", "7", "16", "16", "16", "all", "rows", "read"] in lines
    assert ["stored:", "30", "deployments,", "71", "arrests"] in lines
    assert ["2020", "3", "3", "1"] in lines and ["2024", "9", "32"] in lines  # 2020: the fault row's arrests unknown


def test_a_date_outside_any_table_is_reported_not_dropped():
    """A deployment written as a line of text (no cell borders, so no table) is a row not read, not nothing."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="pt", format=(597, 843))
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.text(20, 60, "Croydon, North End   12/06/25   5h 00m   Crime Hotspot   16200   0.64   3")
    with pytest.raises(records.RecordsError, match=r"loose.pdf: page 1: a line with a date outside any table: "
                                                   r"'Croydon, North End 12/06/25"):
        records.parse_pdf(bytes(pdf.output()), "loose.pdf")
