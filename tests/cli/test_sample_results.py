"""The demo's sample site gives the results its READMEs document, read back through the public commands.

`data/sample/README.md` lists the figures and quotes of each page and the story the Met's arrests tell;
`data/sample/records/README.md` lists the verdicts `lfrwatch check` gives. `lfrwatch demo` runs once for the
module (crawl over loopback HTTP, NLP, timeline, records), then `claims`, `quotes`, `timeline`, `conflicts` and
`check` are asked as a researcher would. The verdict table of the records README is read back: a row added,
dropped or reworded there fails here until the expectation below says the same.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from conftest import REPO

SAMPLE = REPO / "data" / "sample"
ANY = object()  # a field the README does not state

#: The publication date of each page of data/sample/README.md ("The eight pages"); page 3 is irrelevant.
PAGES = {1: "2025-01-30", 2: "2025-07-31", 4: "2025-09-18", 5: "2025-10-07", 6: "2026-01-20", 7: "2026-03-04",
         8: "2026-06-16"}

#: "Figures, page by page": (metric, value, qualifier, period as written), every figure of each page.
FIGURES = {
    1: [("arrests", 500, "over", "last year"), ("deployments", 180, None, "during 2024"),
        ("other", 14, None, ANY), ("other", 62, None, ANY), ("faces_scanned", 1_100_000, "more than", "the year"),
        ("watchlist_size", 11_800, "an average of", "2024"), ("alerts", 1046, None, ANY),
        ("false_alerts", 3, None, ANY), ("arrests", 137, None, "during the year")],
    2: [("arrests", 1000, None, "to date"), ("charges_or_cautions", 773, None, ANY),
        ("deployments", 4, "around", "a week"), ("other", 100, "more than", ANY),
        ("watchlist_size", 16_000, "around", ANY), ("faces_scanned", 2_400_000, "more than", "since january 2024"),
        ("false_alerts", 7, None, ANY)],
    4: [("arrests", 9, None, "last week"), ("deployments", 6, None, ANY), ("faces_scanned", 48_000, "around", ANY),
        ("alerts", 11, None, ANY), ("false_alerts", 0, None, ANY), ("deployments", 41, None, "since august 2024"),
        ("arrests", 63, None, "since august 2024"), ("watchlist_size", 9500, "about", ANY), ("other", 2, None, ANY)],
    5: [("deployments", 10, "up to", "a week"), ("deployments", 4, None, "a week"),
        ("arrests", 1000, "more than", "since the start of last year"), ("charges_or_cautions", 773, None, ANY),
        ("officers", 24, None, ANY), ("false_alerts", 7, None, "between january 2024 and july this year")],
    6: [("false_alerts", 18, None, "between january and november 2025"),
        ("faces_scanned", 2_900_000, "around", "the same eleven months"), ("deployments", 10, "up to", "a week"),
        ("other", 11, None, ANY), ("other", 5, "at least", ANY), ("watchlist_size", 16_000, "more than", "last year")],
    7: [("arrests", 1300, "more than", "to date"), ("arrests", 1000, None, "to date"),
        ("deployments", 10, "up to", "a week"), ("deployments", 4, None, "a week"), ("other", 15, None, ANY),
        ("false_alerts", 18, None, "between january and november last year")],
    8: [("money", 12_600_000, None, ANY), ("money", 3_200_000, None, ANY), ("other", 10, None, ANY),
        ("other", 7, None, ANY), ("arrests", 1100, "more than", "to date"), ("arrests", 60, "more than", "since 2024"),
        ("other", 4000, "more than", ANY)],
}

#: "Figures, page by page", the dates a period stands for (period_start, period_end, as_of) where the README says.
PERIOD_DATES = {
    (1, "faces_scanned", 1_100_000): ("2024-01-01", "2024-12-31", None),  # "over the year": last year
    (1, "alerts", 1046): ("2024-01-01", "2024-12-31", None),  # "in total", of last year
    (1, "false_alerts", 3): ("2024-01-01", "2024-12-31", None),
    (1, "arrests", 137): ("2024-01-01", "2024-12-31", None),
    (2, "false_alerts", 7): ("2024-01-01", None, "2025-07-31"),  # "in that time": since January 2024
    (4, "faces_scanned", 48_000): ("2025-09-08", "2025-09-14", None),  # "across the week": last week
    (6, "faces_scanned", 2_900_000): ("2025-01-01", "2025-11-30", None),  # "the same eleven months"
}

#: "Figures and quotes, page by page": (speaker, organisation, how the quote starts); every speaker of a page is
#: listed, and every quote listed must be found.
QUOTES = {
    1: [("Gareth Oyelaran", "Metropolitan Police", "Every one of these arrests is someone"),
        ("Gareth Oyelaran", "Metropolitan Police", "We know public confidence depends"),
        ("Priya Kendall", "Metropolitan Police", "Shop owners and residents on North End")],
    2: [("Gareth Oyelaran", "Metropolitan Police", "Reaching 1,000 arrests shows"),
        ("Aisha Ramsden", "Metropolitan Police", "Residents here have asked us")],
    4: [("Tom Brackley", "Essex Police", "Each of the people arrested last week"),
        ("Tom Brackley", "Essex Police", "We tell people in advance"),
        ("Dawn Pelling", "Essex Police", "Southend High Street is busy")],
    5: [("Gareth Oyelaran", "Metropolitan Police", "We have been careful"),
        ("Imogen Reidy", "Citizens' Privacy Watch", "This is a deeply alarming step"),
        ("a spokesperson for Croydon Council", "Croydon Council", "We have been consulted on the plans")],
    6: [("Imogen Reidy", "Citizens' Privacy Watch", "Eighteen people were treated as suspects"),
        ("Samuel Ndiaye", "Citizens' Privacy Watch", "The law has simply not kept pace"),
        ("Metropolitan Police", "Metropolitan Police", "no racial bias")],
    7: [("Gareth Oyelaran", "Metropolitan Police", "more than 1,300 arrests to date"),
        ("Gareth Oyelaran", "Metropolitan Police", "These are not people who happened to look"),
        ("Imogen Reidy", "Citizens' Privacy Watch", "A bigger number of arrests"),
        ("Marcus Ellery", None, "I've had stock nicked")],
    8: [("Harriet Calloway", "Home Office", "Live facial recognition is already helping officers"),
        ("Harriet Calloway", "Home Office", "Nobody should be on a watchlist"),
        ("Andrew Pilling", "National Police Chiefs' Council", "Forces have asked for national standards")],
}

#: data/sample/records/README.md, "The verdicts the sample's claims should get": each row of its table, and the
#: comparisons it stands for as (claimed_on, force, metric, claimed, recorded, verdict, place).
VERDICTS = {
    "over 500 arrests last year (2025-01-30)": [("2025-01-30", "met", "arrests", 500, 517, "consistent", None)],
    "180 deployments during 2024 (2025-01-30)": [("2025-01-30", "met", "deployments", 180, 176, "higher", None)],
    "137 arrests in Croydon, in 2024 (2025-01-30)": [
        ("2025-01-30", "met", "arrests", 137, 137, "consistent", "Croydon")],
    "1,046 alerts, three false alerts, in 2024 (2025-01-30)": [
        ("2025-01-30", "met", "alerts", 1046, 1046, "consistent", None),
        ("2025-01-30", "met", "false_alerts", 3, 3, "consistent", None)],
    "more than 1.1 million faces scanned over 2024 (2025-01-30)": [
        ("2025-01-30", "met", "faces_scanned", 1_100_000, 1_134_200, "consistent", None)],
    "average watchlist 11,800 in 2024 (2025-01-30)": [
        ("2025-01-30", "met", "watchlist_size", 11_800, 11_824, "consistent", None)],
    "1,000 arrests to date (2025-07-31)": [("2025-07-31", "met", "arrests", 1000, 1046, "consistent", None)],
    "around four deployments a week (2025-07-31)": [("2025-07-31", "met", "deployments", 4, 4, "consistent", None)],
    "more than 2.4 million faces scanned since January 2024 (2025-07-31)": [
        ("2025-07-31", "met", "faces_scanned", 2_400_000, 2_439_200, "consistent", None)],
    "seven false alerts, January 2024 to July 2025 (2025-07-31)": [
        ("2025-07-31", "met", "false_alerts", 7, 7, "consistent", None)],
    "watchlists currently around 16,000 (2025-07-31)": [
        ("2025-07-31", "met", "watchlist_size", 16_000, 16_192, "consistent", None)],
    "more than 1,000 arrests since the start of last year (2025-10-07)": [
        ("2025-10-07", "met", "arrests", 1000, 1163, "consistent", None)],
    "seven false alerts between January 2024 and July (2025-10-07)": [
        ("2025-10-07", "met", "false_alerts", 7, 7, "consistent", None)],
    "more than 16,000 on the watchlists last year (2026-01-20)": [
        ("2026-01-20", "met", "watchlist_size", 16_000, 15_725, "consistent", None)],
    "more than 1,300 arrests to date (2026-03-04)": [("2026-03-04", "met", "arrests", 1300, 1287, "higher", None)],
    "1,000 arrests to date, repeated (2026-03-04)": [("2026-03-04", "met", "arrests", 1000, 1287, "lower", None)],
    "nine arrests last week (Essex, 2025-09-18)": [("2025-09-18", "essex", "arrests", 9, 9, "consistent", None)],
    "six days of deployments, 8 to 13 September (Essex)": [
        ("2025-09-18", "essex", "deployments", 6, 6, "consistent", None)],
    "around 48,000 faces scanned across the week (Essex)": [
        ("2025-09-18", "essex", "faces_scanned", 48_000, 47_600, "consistent", None)],
    "41 deployments and 63 arrests since August 2024 (Essex)": [
        ("2025-09-18", "essex", "deployments", 41, 41, "consistent", None),
        ("2025-09-18", "essex", "arrests", 63, 63, "consistent", None)],
    "about 9,500 on the watchlist (Essex, last week)": [
        ("2025-09-18", "essex", "watchlist_size", 9500, 9482, "consistent", None)],
    "11 alerts, no false alerts (Essex, 2025-09-18)": [
        ("2025-09-18", "essex", "alerts", 11, None, "not_comparable", None),
        ("2025-09-18", "essex", "false_alerts", 0, None, "not_comparable", None)],
}


def _plain(text: str | None) -> str:
    return " ".join((text or "").replace("\u2019", "'").split())


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    """ask(command, *args) -> the command's JSON answer, over the database the demo built."""
    from lfrwatch.cli import cli

    db = tmp_path_factory.mktemp("sample") / "demo.db"
    demo = CliRunner().invoke(cli, ["demo", "--db", str(db)], catch_exceptions=False)
    assert demo.exit_code == 0, demo.stderr

    def run(command: str, *args: str):
        result = CliRunner().invoke(cli, [command, *args, "--db", str(db), "--format", "json"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


@pytest.fixture(scope="module")
def claims(ask):
    return ask("claims")


def _page(claim: dict) -> int | None:
    return next((page for page, day in PAGES.items() if claim["published"].startswith(day)), None)


def test_every_page_but_the_irrelevant_one_is_stored(ask):
    documents = ask("documents")
    assert sorted(d["published"][:10] for d in documents) == sorted(PAGES.values())
    assert not [d for d in documents if "bexleyheath" in d["url"]]


@pytest.mark.parametrize("page", sorted(FIGURES))
def test_every_documented_figure_of_a_page_and_no_other(claims, page):
    figures = [c for c in claims if c["kind"] == "figure" and _page(c) == page]
    assert Counter((c["metric"], c["value"]) for c in figures) == \
        Counter((metric, value) for metric, value, _, _ in FIGURES[page])
    for metric, value, qualifier, period in FIGURES[page]:
        found = [c for c in figures if (c["metric"], c["value"]) == (metric, value)]
        assert any((c["qualifier"] or "").lower() == (qualifier or "") for c in found), (metric, value, found)
        if period is not ANY:
            assert any((c["period"] or "").lower() == period for c in found), (metric, value, found)
        dates = PERIOD_DATES.get((page, metric, value))
        if dates:
            assert [(c["period_start"], c["period_end"], c["as_of"]) for c in found] == [dates]


def test_a_government_page_speaks_for_its_department_in_every_command(ask, claims):
    """Page 8 is published by GOV.UK and written by the Home Office: its figures are the Home Office's in
    `claims`, in `timeline` and in the demo's own tables alike."""
    page8 = [c for c in claims if c["kind"] == "figure" and _page(c) == 8]
    assert page8 and {c["claimant"] for c in page8} == {"Home Office"}
    assert {c["publisher"] for c in page8} == {"GOV.UK"}
    assert "GOV.UK" not in {c["claimant"] for c in claims}
    for metric in {c["metric"] for c in page8}:
        rows = [r for r in ask("timeline", metric) if r["published"].startswith(PAGES[8])]
        assert rows and {(r["claimant"], r["claimant_org"]) for r in rows} == {("Home Office", "Home Office")}


@pytest.mark.parametrize("page", sorted(QUOTES))
def test_every_documented_quote_with_its_speaker_and_organisation(claims, page):
    quotes = [c for c in claims if c["kind"] == "quote" and _page(c) == page]
    for speaker, org, start in QUOTES[page]:
        found = [q for q in quotes if _plain(q["text"]).startswith(start)]
        assert [(q["speaker"], q["org"]) for q in found] == [(speaker, org)], (start, quotes)
    # Every quote of the page is by a documented speaker: a quote the README describes as one statement may
    # come back in two parts ('"...," he said. "..."'), never credited to someone else.
    assert {q["speaker"] for q in quotes} == {speaker for speaker, _, _ in QUOTES[page]}


def test_the_block_quotations_of_the_government_page_are_whole_paragraphs(claims):
    quotes = {q["speaker"]: q for q in claims if q["kind"] == "quote" and _page(q) == 8
              and not q["text"].startswith("Nobody")}
    assert quotes["Harriet Calloway"]["text"].endswith("clear rules that the public can see.")
    assert quotes["Andrew Pilling"]["text"].endswith("in the same careful way wherever they are.")
    assert quotes["Harriet Calloway"]["role"] == "Policing Minister"


def test_quotes_show_each_person_with_their_organisation_not_their_own_name(ask):
    rows = ask("quotes")
    minister = [r for r in rows if r["speaker"] == "Harriet Calloway"]
    assert len(minister) == 2 and {(r["org"], r["claimant_org"]) for r in minister} == {("Home Office", "Home Office")}
    named = [r for r in rows if r["org"]]
    assert len(named) == len(rows) - 2  # all but Marcus Ellery's two, a shop owner who speaks for himself
    assert all(r["claimant_org"] == r["org"] for r in named)


def test_the_records_readme_lists_exactly_the_verdicts_asserted_here():
    text = (SAMPLE / "records" / "README.md").read_text(encoding="utf-8")
    table = text.split("## The verdicts the sample's claims should get", 1)[1]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "Claim (date)"
    assert rows[1:] == list(VERDICTS)


def test_check_gives_every_documented_verdict_and_no_other(ask):
    got = sorted((c["claimed_on"], c["force"], c["metric"], c["claimed"], c["recorded"], c["verdict"], c["place"])
                 for c in ask("check"))
    expected = sorted(row for rows in VERDICTS.values() for row in rows)
    assert [(d, f, m, v, round(r) if r is not None else None, verdict, place)
            for d, f, m, v, r, verdict, place in got] == expected


def test_check_says_why_partial_records_still_decide(ask):
    """Essex's table starts on 17 August 2024 and the claims run from 1 August: what it holds equals the claims."""
    essex = {c["metric"]: c for c in ask("check", "--force", "essex") if c["claimed"] in (41, 63)}
    for row in essex.values():
        assert "not all of 2024-08-01 to 2025-09-18" in row["reason"]
        assert "already matches the claim" in row["reason"]


def test_conflicts_flag_the_met_running_total_that_the_home_office_gives_lower(ask):
    conflicts = ask("conflicts")
    assert [(c["kind"], c["metric"], c["claimant_org"], c["claimed_on"], c["value"], c["publisher"],
             c["other_claimed_on"], c["other_value"], c["other_publisher"]) for c in conflicts] == [
        ("cumulative_decrease", "arrests", "Metropolitan Police", "2026-03-04", 1300, "The Daily Register",
         "2026-06-16", 1100, "GOV.UK")]
    assert "said by Home Office" in conflicts[0]["reason"]


def test_the_timeline_tells_the_story_of_the_sample(ask):
    """"The story the timeline should tell" (data/sample/README.md)."""
    arrests = ask("timeline", "arrests")
    assert [r["first_seen"] for r in arrests] == sorted(r["first_seen"] for r in arrests)
    met = sorted((r["first_seen"], r["qualifier"] or "", r["value"], r["period"]) for r in arrests
                 if r["claimant_org"] == "Metropolitan Police")
    assert met == [("2025-01-30", "", 137, "during the year"), ("2025-01-30", "over", 500, "last year"),
                   ("2025-07-31", "", 1000, "to date"),
                   ("2025-10-07", "more than", 1000, "since the start of last year"),
                   ("2026-03-04", "more than", 1300, "to date")]
    to_date = next(r for r in arrests if r["value"] == 1000 and r["period"] == "to date")
    assert sorted(s["published"][:10] for s in to_date["sources"]) == [PAGES[2], PAGES[7]]  # repeated by page 7
    flagged = {(r["claimant_org"], r["value"]) for r in arrests if "cumulative_decrease" in r["conflicts"]}
    assert flagged == {("Metropolitan Police", 1300), ("Home Office", 1100)}

    deployments = [(r["first_seen"], r["value"], r["period"]) for r in ask("timeline", "deployments")
                   if r["period"] == "a week"]
    assert sorted((day, value) for day, value, _ in deployments) == [
        ("2025-07-31", 4), ("2025-10-07", 4), ("2025-10-07", 10), ("2026-01-20", 10), ("2026-03-04", 4),
        ("2026-03-04", 10)]  # four a week (pages 2, 5, 7), then up to 10 (pages 5, 6, 7)

    false_alerts = [(r["value"], r["period_start"], r["period_end"] or r["as_of"], len(r["sources"]))
                    for r in ask("timeline", "false_alerts")]
    assert (3, "2024-01-01", "2024-12-31", 1) in false_alerts
    assert (7, "2024-01-01", "2025-07-31", 1) in false_alerts  # page 2 ("in that time") and page 5 (a span)
    assert sum(1 for value, start, end, _ in false_alerts if (value, start, end) == (7, "2024-01-01",
                                                                                      "2025-07-31")) == 2
    assert sum(n for value, start, end, n in false_alerts
               if (value, start, end) == (18, "2025-01-01", "2025-11-30")) == 2  # pages 6 and 7


def test_documented_quote_and_figure_pages_exist():
    """The pages the expectations name are the README's pages, by date."""
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for page, day in PAGES.items():
        assert re.search(rf"^\| {page} \| [^|]+\| {day}T", text, re.M), page


# -- The general rules behind these results, each on a text of its own --------------------------------------------


def _analysed(nlp, text: str, **meta):
    from lfrwatch.nlp import analyse

    return analyse(nlp(text), {"published": "2025-03-01", "publisher": "Kent Police", "kind": "police", **meta})


def test_a_paragraph_introduced_by_a_reporting_verb_and_a_colon_is_a_quotation(nlp):
    result = _analysed(nlp, "The Home Secretary, Jane Roe, said:\nWe will ask Parliament to vote on clear rules for "
                            "every force before the end of the year.\nThe consultation closes in May.",
                       publisher="GOV.UK", kind="government", author="Home Office")
    assert [(q["speaker"], q["text"]) for q in result["quotes"]] == [
        ("Jane Roe", "We will ask Parliament to vote on clear rules for every force before the end of the year.")]
    assert result["quotes"][0]["org"] == "Home Office"  # a secretary of state on her department's page


@pytest.mark.parametrize("text", [
    "Liberty is calling for:\n- a ban on the use of facial recognition at protests;",
    "The group said:\n- a ban on the use of facial recognition at protests and in shops;",
    "Notes to editors:\nThe figures cover every deployment made in the county since the start of the year.",
])
def test_a_list_or_a_note_after_a_colon_is_not_a_quotation(nlp, text):
    assert _analysed(nlp, text)["quotes"] == []


@pytest.mark.parametrize("text, found", [
    ("There were no false alerts.", [(0, "false_alerts")]),
    ("No arrests were made after the alerts.", [(0, "arrests")]),
    ("If no arrests are made, the officers move the van on.", []),
    ("There is no watchlist for the festival.", []),
])
def test_no_before_a_count_a_force_keeps_is_a_figure_of_zero(nlp, text, found):
    assert [(f["value"], f["metric"]) for f in _analysed(nlp, text)["figures"]] == found


@pytest.mark.parametrize("text, metric, dates", [
    # "over the year" after a year named earlier
    ("Officers made 300 arrests in 2024. Around 50,000 faces were scanned over the year.", "faces_scanned",
     ("2024-01-01", "2024-12-31", None)),
    # "the year" does not take a week
    ("The van was used on five days last week. Around 50,000 faces were scanned over the year.", "faces_scanned",
     (None, None, None)),
    # a total in the past: the period the text is about; in the present perfect: a running total
    ("Officers made 300 arrests in 2024. They received 900 alerts in total.", "alerts",
     ("2024-01-01", "2024-12-31", None)),
    ("Officers made 300 arrests in 2024. The force has had 900 alerts in total.", "alerts", (None, None, None)),
    ("Since January 2024 the cameras have scanned 2 million faces. In that time there have been four false alerts.",
     "false_alerts", ("2024-01-01", None, "2025-03-01")),
])
def test_a_period_pointing_back_takes_the_dates_of_the_period_named_before_it(nlp, text, metric, dates):
    figure = next(f for f in _analysed(nlp, text)["figures"] if f["metric"] == metric)
    assert (figure["period_start"], figure["period_end"], figure["as_of"]) == dates


def test_a_government_portal_page_is_the_claim_of_the_department_that_wrote_it(nlp):
    text = "The department will spend £5 million on independent testing of facial recognition algorithms."
    meta = {"publisher": "GOV.UK", "kind": "government"}
    science = _analysed(nlp, text, author="Department for Science, Innovation and Technology", **meta)
    assert [f["claimant"] for f in science["figures"]] == ["Department for Science, Innovation and Technology"]
    assert [f["claimant"] for f in _analysed(nlp, text, author="Home Office", **meta)["figures"]] == ["Home Office"]
    # A police release's figures are its force's, in the one spelling the timeline uses.
    met = _analysed(nlp, "Officers made 40 arrests last week.", publisher="The Met")
    assert [f["claimant"] for f in met["figures"]] == ["Metropolitan Police"]


@pytest.mark.parametrize("before, force", [
    ("The Metropolitan Police’s use of the technology has resulted in ", "Metropolitan Police"),
    ("The Met's 1,100 arrests to date, and Essex Police has made ", "Essex Police"),
    ("Last July, when the Met said it had made ", "Metropolitan Police"),
    ("Yesterday Kent Police said it had made ", "Kent Police"),
    ("Avon and Somerset Constabulary has made ", "Avon and Somerset Constabulary"),
    ("Seven forces use it. Police forces across England and Wales have made ", None),
    ("MPs were told that the technology had led to ", None),
    ("We met the campaigners, who counted ", None),
])
def test_the_force_a_figure_counts_is_the_one_its_sentence_names_last(before, force):
    from lfrwatch.timeline.claimants import counted_org

    assert counted_org(before) == force


def _running_total(group_id: str, value: float, day: str, claimant: str, counted: str | None = None) -> dict:
    return {"kind": "figure", "metric": "arrests", "unit": None, "value": value, "qualifier": "more than",
            "period": "to date", "period_start": None, "period_end": None, "as_of": day, "first_seen": day,
            "claimant_org": claimant, "counted_org": counted, "group_id": group_id, "id": group_id,
            "sources": [{"document_id": group_id}], "text": f"more than {value:,.0f} arrests", "document_url": None,
            "publisher": None}


def test_a_force_running_total_is_one_series_whoever_reports_it():
    from lfrwatch.timeline.conflict_rules import find_conflicts

    met = _running_total("met", 1300, "2026-03-04", "Metropolitan Police")
    home_office_on_met = _running_total("ho-met", 1100, "2026-06-16", "Home Office", "Metropolitan Police")
    home_office_on_wales = _running_total("ho-swp", 200, "2026-07-01", "Home Office", "South Wales Police")
    conflicts = find_conflicts([met, home_office_on_met, home_office_on_wales])
    assert [(c["kind"], c["claimant_org"], c["group_id"], c["other_group_id"]) for c in conflicts] == [
        ("cumulative_decrease", "Metropolitan Police", "met", "ho-met")]
    assert "(said by Home Office)" in conflicts[0]["reason"]
    # A claimant's figures about two forces are not one series: South Wales' 200 is not the Met's 1,100 falling.
    assert not find_conflicts([home_office_on_met, home_office_on_wales])


@pytest.mark.parametrize("claimed, qualifier, verdict", [
    (63, None, "consistent"),       # the records hold exactly what the claim says
    (60, "about", "consistent"),    # within what "about" allows
    (40, "more than", "consistent"),
    (70, None, "not_comparable"),   # the missing days might hold the other seven
    (50, None, "lower"),            # the records already hold more
])
def test_partial_records_decide_when_what_they_hold_already_settles_the_claim(claimed, qualifier, verdict):
    from lfrwatch.records import FORCES, compare_claim

    rows = [{"date": f"2024-08-{day}", "place": None, "borough": None, "location": "High Street", "arrests": 21}
            for day in (17, 20, 24)]
    claim = {"id": "c", "metric": "arrests", "value": claimed, "qualifier": qualifier, "claimed_on": "2024-08-31",
             "period": "since August 2024", "period_start": "2024-08-01", "as_of": "2024-08-31"}
    row = compare_claim(claim, FORCES["essex"], rows, [("2024-08-17", "2024-08-31")])
    assert (row["recorded"], row["verdict"]) == (63, verdict)
    assert "not all of 2024-08-01 to 2024-08-31" in row["reason"]


@pytest.mark.parametrize("text, place", [
    ("Croydon saw more deployments than any other borough, and officers there made 137 arrests after alerts.",
     "Croydon"),
    ("Across London there were 137 arrests after alerts.", None),
    ("Officers there made 137 arrests after alerts.", None),
])
def test_there_points_back_at_the_place_its_sentence_named(text, place):
    from lfrwatch.records import FORCES, claim_place

    start = text.index("137")
    assert claim_place({"start": start, "end": start + len("137 arrests")}, text, FORCES["met"]) == place


@pytest.mark.parametrize("claim, kind, start, end", [
    ({"period": "in total", "period_start": "2024-01-01", "period_end": "2024-12-31"}, "range", "2024-01-01",
     "2024-12-31"),
    ({"period": "In that time", "period_start": "2024-01-01", "as_of": "2025-07-31"}, "cumulative", "2024-01-01",
     "2025-07-31"),
    ({"period": "between Monday 8 and Saturday 13 September"}, "range", "2025-09-08", "2025-09-13"),
])
def test_the_records_read_a_period_by_the_dates_the_nlp_gave_it(claim, kind, start, end):
    from lfrwatch.records import resolve_claim_period

    period = resolve_claim_period({"claimed_on": "2025-09-18", **claim})
    assert (period.kind, period.start.isoformat(), period.end.isoformat()) == (kind, start, end)


def test_no_person_is_shown_as_their_own_organisation(ask):
    """Marcus Ellery, a shop owner quoted on page 7, speaks for no organisation: none is shown for him, not his
    own name; everyone else speaks for the organisation the README gives them."""
    rows = ask("quotes")
    ellery = [r for r in rows if r["speaker"] == "Marcus Ellery"]
    assert len(ellery) == 2 and all(not r["claimant_org"] for r in ellery)
    assert all(r["claimant_org"] != r["speaker"] for r in rows if r["speaker"] != r["org"])  # the Met's own words
    groups = {r["speaker"]: r["claimant_org"] for r in rows if r["speaker"]}
    assert {speaker: groups[speaker] for speaker in ("Harriet Calloway", "Andrew Pilling", "Imogen Reidy")} == {
        "Harriet Calloway": "Home Office", "Andrew Pilling": "National Police Chiefs' Council",
        "Imogen Reidy": "Citizens' Privacy Watch"}


@pytest.mark.parametrize("claim, orgs, org", [
    ({"claimant": "Marcus Ellery", "speaker": "Marcus Ellery", "org": None}, {"marcus ellery": ""}, ""),
    ({"claimant": "Harriet Calloway", "speaker": "Harriet Calloway", "org": None},
     {"harriet calloway": "Home Office"}, "Home Office"),
    ({"claimant": "Liberty", "speaker": "Liberty", "org": None}, {}, "Liberty"),  # an organisation speaking
])
def test_a_person_without_an_organisation_is_credited_to_none(claim, orgs, org):
    from lfrwatch.timeline import claimant_org

    assert claimant_org(claim, orgs) == org
