"""The timeline: claim dates, claimant organisations, series, repeats, syndication and conflicts.

Built on the hand-made claim set in claimset.py, whose right answers are known.
"""

import importlib
import json
import pkgutil

import pytest
from claimset import COURIER, ESSEX, GOV, MET_1, MET_2, POST, REGISTER, SCENARIO, WATCH, build_db, doc, fig
from recordset import add_records

from lfrwatch import store
from lfrwatch import timeline as tl
from lfrwatch.timeline import derived, queries


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline") / "lfrwatch.db"
    db = build_db(path)
    return path, db, tl.analyse(db)


def by_text(groups, text):
    found = [g for g in groups if g["text"] == text]
    assert len(found) == 1, [g["text"] for g in groups]
    return found[0]


# -- dates -------------------------------------------------------------------------------


def test_a_claim_is_dated_when_it_was_made_not_by_the_period_it_covers(scenario):
    _, _, analysis = scenario
    last_year = by_text(analysis.figures("arrests"), "over 500 arrests")
    assert last_year["first_seen"] == "2025-01-30" and last_year["date_basis"] == "published"
    assert (last_year["period_start"], last_year["period_end"]) == ("2024-01-01", "2024-12-31")


def test_a_statement_dated_in_the_text_keeps_its_own_date(scenario):
    _, _, analysis = scenario
    claim = next(c for c in analysis.claims if c["document_url"] == REGISTER and c["text"] == "1,000 arrests to date")
    assert claim["claimed_on"] == "2025-07-31" and claim["date_basis"] == "statement"
    assert claim["published"].startswith("2026-03-04")


def test_claim_date_falls_back_to_publication_then_retrieval():
    assert tl.claim_date({"published": "2025-02-01T10:00:00+00:00"}) == ("2025-02-01", "published")
    assert tl.claim_date({"fetched_at": "2026-01-01T00:00:00+00:00"}) == ("2026-01-01", "retrieved")
    assert tl.claim_date({}) == (None, None)


# -- organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize("written, normalised", [
    ("the Met", "Metropolitan Police"),
    ("Metropolitan Police Service", "Metropolitan Police"),
    ("The Metropolitan Police Service", "Metropolitan Police"),
    ("the Met's", "Metropolitan Police"),
    ("Met Police", "Metropolitan Police"),
    ("  Essex  Police ", "Essex Police"),
    ("Kent Police Service", "Kent Police"),
    ("Police Service of Northern Ireland", "Police Service of Northern Ireland"),
    ("National Police Chiefs’ Council", "National Police Chiefs' Council"),
    ("", None),
])
def test_organisations_are_normalised(written, normalised):
    assert tl.normalise_org(written) == normalised


def test_a_person_claimant_maps_to_their_organisation(scenario):
    _, _, analysis = scenario
    courier = by_text(analysis.figures("arrests"), "more than 1,000 arrests")
    assert courier["claimant"] == "Gareth Oyelaran" and courier["claimant_org"] == "Metropolitan Police"
    # A quote whose speaker has no organisation in that article gets it from elsewhere.
    quote = by_text(analysis.quotes(), "These are not people who happened to look like someone")
    assert quote["org"] is None and quote["claimant_org"] == "Metropolitan Police"


def test_an_unknown_person_stays_themselves_and_no_claimant_means_the_publisher():
    assert tl.claimant_org({"claimant": "Jo Bloggs", "speaker": "Jo Bloggs"}, {}) == "Jo Bloggs"
    assert tl.claimant_org({"claimant": None, "publisher": "The Met"}, {}) == "Metropolitan Police"


# -- series ------------------------------------------------------------------------------------


def test_series_of_a_metric_by_claimant_organisation(scenario):
    _, db, analysis = scenario
    rows = tl.timeline(db, "arrests", analysis=analysis)
    series = tl.series(rows)
    assert set(series) == {"Metropolitan Police", "Essex Police"}
    met = [(g["first_seen"], g["qualifier"], g["value"]) for g in series["Metropolitan Police"]]
    assert met == [
        ("2025-01-30", "over", 500),
        ("2025-07-31", None, 1000),
        ("2025-10-07", "more than", 1000),
        ("2026-03-04", "more than", 1300),
        ("2026-06-16", "more than", 1100),
    ]
    assert [g["value"] for g in series["Essex Police"]] == [63]


def test_timeline_filters_by_claimant_alias_and_date(scenario):
    _, db, analysis = scenario
    met = tl.timeline(db, "arrests", claimant="the Met", analysis=analysis)
    assert {g["claimant_org"] for g in met} == {"Metropolitan Police"} and len(met) == 5
    assert [g["value"] for g in tl.timeline(db, "arrests", claimant="essex", analysis=analysis)] == [63]
    recent = tl.timeline(db, "arrests", since="2026-01-01", analysis=analysis)
    assert [g["value"] for g in recent] == [1300, 1100]


# -- repeats and syndication ---------------------------------------------------------------------------


def test_a_repeated_claim_is_one_claim_with_many_sources(scenario):
    _, _, analysis = scenario
    repeated = by_text(analysis.figures("arrests"), "1,000 arrests to date")
    assert repeated["repeat_count"] == 3
    assert [s["url"] for s in repeated["sources"]] == [MET_2, REGISTER, POST]
    assert repeated["first_seen"] == "2025-07-31" and repeated["last_seen"] == "2025-07-31"
    assert repeated["document_url"] == MET_2  # the first source's fields
    # The Evening Post printed the Register's article word for word: one independent source, not two.
    assert [s["syndicated_from"] for s in repeated["sources"]] == [None, None, REGISTER]
    assert repeated["independent_count"] == 2


def test_a_repeated_quote_is_one_quote(scenario):
    _, _, analysis = scenario
    quote = by_text(analysis.quotes(), "These are not people who happened to look like someone")
    assert quote["repeat_count"] == 2 and quote["independent_count"] == 1
    assert quote["first_seen"] == "2026-03-04"


def test_qualifier_and_period_keep_claims_apart(scenario):
    _, _, analysis = scenario
    thousands = [g for g in analysis.figures("arrests") if g["value"] == 1000]
    assert len(thousands) == 2  # "1,000 to date" and "more than 1,000 since the start of last year"


def test_near_copies_are_recognised_and_different_texts_are_not():
    base = " ".join(f"word{i}" for i in range(200))
    docs = [
        {"id": 1, "text": base, "sha256": "a", "published": "2025-01-01"},
        {"id": 2, "text": "Breaking. " + base + " Additional reporting by a staff writer.", "sha256": "b",
         "published": "2025-01-02"},
        {"id": 3, "text": " ".join(f"other{i}" for i in range(200)), "sha256": "c", "published": "2025-01-01"},
        {"id": 4, "text": base[: len(base) // 3] + " ".join(f"new{i}" for i in range(140)), "sha256": "d",
         "published": "2025-01-03"},
        {"id": 5, "text": "short text", "sha256": "a", "published": "2025-01-05"},  # same bytes as 1
    ]
    assert tl.syndicated_copies(docs) == {2: 1, 5: 1}


# -- conflicts ------------------------------------------------------------------------------------------


def test_conflicts_found_with_reasons(scenario):
    _, _, analysis = scenario
    found = {(c["kind"], c["metric"], c["value"], c["other_metric"], c["other_value"], c["claimant_org"])
             for c in analysis.conflicts}
    assert found == {
        ("cumulative_decrease", "arrests", 1300, "arrests", 1100, "Metropolitan Police"),
        ("value_mismatch", "alerts", 1046, "alerts", 1200, "Metropolitan Police"),
        ("part_exceeds_whole", "charges_or_cautions", 70, "arrests", 63, "Essex Police"),
    }
    decrease = next(c for c in analysis.conflicts if c["kind"] == "cumulative_decrease")
    assert decrease["document_url"] == REGISTER and decrease["other_document_url"] == GOV
    assert "went down" in decrease["reason"] and "1,300" in decrease["reason"] and "1,100" in decrease["reason"]
    mismatch = next(c for c in analysis.conflicts if c["kind"] == "value_mismatch")
    assert (mismatch["document_url"], mismatch["other_document_url"]) == (MET_1, WATCH)
    # Flags are attached to the timeline rows too.
    assert by_text(analysis.figures("arrests"), "more than 1,100 arrests to date")["conflicts"] == [
        "cumulative_decrease"]
    assert by_text(analysis.figures("alerts"), "more than 1,000 alerts")["conflicts"] == []


@pytest.mark.parametrize("qualifier, value, expected", [
    (None, 1046, (1046, 1046)),
    ("more than", 1000, (1000, float("inf"))),
    ("up to", 10, (0, 10)),
    ("almost", 100, (90, 100)),
    ("around", 100, (90, 110)),
    ("hundreds", 100, (100, 1000)),
])
def test_value_ranges_respect_qualifiers(qualifier, value, expected):
    low, high = tl.value_range(value, qualifier)
    assert (low, high) == pytest.approx(expected)


def small_db(tmp_path, docs):
    return build_db(tmp_path / "small.db", docs)


def test_more_than_and_a_precise_value_agree_but_two_precise_values_do_not(tmp_path):
    text = "Figures about live facial recognition. " * 3
    figures = lambda *f: list(f)  # noqa: E731
    docs = [
        doc("https://a.example/1", "Metropolitan Police", "police", "2025-03-01", text + "more than 1,000 arrests",
            figures=figures(fig("more than 1,000 arrests", "arrests", 1000, qualifier="more than", period="in 2024",
                                period_start="2024-01-01", period_end="2024-12-31", claimant="the Met"))),
        doc("https://a.example/2", "Metropolitan Police", "police", "2025-04-01", text + "1,046 arrests",
            figures=figures(fig("1,046 arrests", "arrests", 1046, period="in 2024", period_start="2024-01-01",
                                period_end="2024-12-31", claimant="Metropolitan Police Service"))),
    ]
    assert tl.analyse(small_db(tmp_path, docs)).conflicts == []
    docs[0]["figures"][0].update(qualifier=None, value=1000, text="more than 1,000 arrests")
    kinds = [c["kind"] for c in tl.analyse(build_db(tmp_path / "again.db", docs)).conflicts]
    assert kinds == ["value_mismatch"]


def test_running_totals_that_rise_or_count_from_different_dates_are_not_flagged(tmp_path):
    text = "Figures about live facial recognition. " * 3
    docs = [
        doc("https://a.example/1", "Essex Police", "police", "2025-03-01", text + "500 arrests since 2020",
            figures=[fig("500 arrests since 2020", "arrests", 500, period="since 2020", period_start="2020-01-01",
                         claimant="Essex Police")]),
        doc("https://a.example/2", "Essex Police", "police", "2025-09-01", text + "300 arrests since January",
            figures=[fig("300 arrests since January", "arrests", 300, period="since January",
                         period_start="2025-01-01", claimant="Essex Police")]),
        doc("https://a.example/3", "Essex Police", "police", "2025-10-01", text + "a further 20 arrests so far",
            figures=[fig("a further 20 arrests so far", "arrests", 20, qualifier="a further", period="so far",
                         claimant="Essex Police")]),
        doc("https://a.example/4", "Essex Police", "police", "2025-12-01", text + "650 arrests since 2020",
            figures=[fig("650 arrests since 2020", "arrests", 650, period="since 2020", period_start="2020-01-01",
                         claimant="Essex Police")]),
    ]
    assert tl.analyse(small_db(tmp_path, docs)).conflicts == []


def test_a_breakdown_within_one_article_is_not_a_mismatch(tmp_path):
    text = "Figures about live facial recognition. " * 3 + "12 arrests in Croydon and 30 arrests in London last week"
    docs = [doc("https://a.example/1", "Metropolitan Police", "police", "2025-03-01", text, figures=[
        fig("12 arrests in Croydon", "arrests", 12, period="last week", claimant="the Met"),
        fig("30 arrests in London", "arrests", 30, period="last week", claimant="the Met"),
    ])]
    assert tl.analyse(small_db(tmp_path, docs)).conflicts == []


# -- stability and derived tables -------------------------------------------------------------------


def test_group_and_conflict_ids_do_not_depend_on_insertion_order(scenario, tmp_path):
    _, _, analysis = scenario
    again = tl.analyse(build_db(tmp_path / "reversed.db", list(reversed(SCENARIO))))
    assert sorted(g["group_id"] for g in again.groups) == sorted(g["group_id"] for g in analysis.groups)
    assert sorted(c["id"] for c in again.conflicts) == sorted(c["id"] for c in analysis.conflicts)
    assert sorted(c["id"] for c in again.claims) == sorted(c["id"] for c in analysis.claims)


def test_refresh_writes_the_derived_tables(tmp_path):
    db = build_db(tmp_path / "derived.db")
    analysis = tl.refresh_derived(db)
    assert db["claim_groups"].count == len(analysis.groups)
    assert db["conflicts"].count == 3
    row = next(db.query("select * from claim_groups where text = '1,000 arrests to date'"))
    assert row["repeat_count"] == 3 and row["claimant_org"] == "Metropolitan Police"
    sources = list(db.query("select document_url, syndicated_from from claim_group_sources where group_id = ? "
                            "order by published", [row["id"]]))
    assert sources[-1] == {"document_url": POST, "syndicated_from": REGISTER}
    ids = sorted(r["id"] for r in db["claim_groups"].rows)
    tl.refresh_derived(db)
    assert sorted(r["id"] for r in db["claim_groups"].rows) == ids and db["conflicts"].count == 3


def test_re_extracting_a_changed_document_keeps_the_timeline_current(tmp_path):
    db = build_db(tmp_path / "changed.db")
    changed = dict(SCENARIO[-2])  # the GOV.UK page, corrected to a rising total
    changed["body"] = changed["body"].replace("1,100", "1,400")
    changed["figures"] = [fig("more than 1,400 arrests to date", "arrests", 1400, qualifier="more than",
                              period="to date", as_of="2026-06-16", claimant="Metropolitan Police")]
    from claimset import add

    add(db, changed)
    analysis = tl.analyse(db)
    assert "cumulative_decrease" not in {c["kind"] for c in analysis.conflicts}
    assert [g["value"] for g in tl.timeline(db, "arrests", since="2026-06-01", analysis=analysis)] == [1400]


# -- the timeline from the stored tables ----------------------------------------------------------------------


TIMELINE_QUERIES = [
    {}, {"claimant": "the Met"}, {"claimant": "Metropolitan Police Service"}, {"claimant": "essex"},
    {"claimant": "oyelaran"}, {"claimant": "Daily Register"}, {"claimant": "nobody at all"}, {"since": "2026-01-01"},
    {"since": "2025-07-31"}, {"claimant": "met", "since": "2025-08-01"},
]


def test_stored_timeline_rows_are_the_in_memory_rows(tmp_path):
    db = build_db(tmp_path / "stored.db")
    assert not tl.derived_current(db)  # never built
    tl.refresh_derived(db)
    assert tl.derived_current(db)
    analysis = tl.analyse(db)
    compared = 0
    for metric in tl.METRICS:
        for query in TIMELINE_QUERIES:
            stored = tl.timeline(db, metric, **query)
            in_memory = tl.timeline(db, metric, analysis=analysis, **query)
            assert stored == in_memory, (metric, query)
            assert [list(r) for r in stored] == [list(r) for r in in_memory]  # same fields in the same order
            assert json.dumps(stored) == json.dumps(in_memory)
            compared += len(stored)
    assert compared > 20
    assert tl.derived_current(db)
    # The rows are read by index, in order.
    plan = " ".join(r[3] for r in db.execute(
        "explain query plan select row from timeline_rows where metric = ? order by position", ["arrests"]))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan


PAGES = [{"limit": 0}, {"limit": 1}, {"limit": 2, "offset": 1}, {"offset": 3}, {"limit": 100, "offset": 2},
         {"offset": 1000}, {"limit": 3, "offset": 0}]


def test_a_page_of_the_timeline_is_that_slice_of_it_stored_or_analysed(tmp_path):
    db = build_db(tmp_path / "pages.db")
    tl.refresh_derived(db)
    analysis = tl.analyse(db)
    for query in ({}, {"claimant": "the Met"}, {"since": "2025-07-31"}):
        whole = tl.timeline(db, "arrests", **query)
        assert len(whole) >= 3, query
        for page in PAGES:
            offset, limit = page.get("offset", 0), page.get("limit")
            expected = whole[offset:] if limit is None else whole[offset:offset + limit]
            assert tl.timeline(db, "arrests", **query, **page) == expected, (query, page)
            assert tl.timeline(db, "arrests", analysis=analysis, **query, **page) == expected, (query, page)
    assert tl.derived_current(db)
    # The page is read by index too: no sort, whatever the offset.
    plan = " ".join(r[3] for r in db.execute(
        "explain query plan select cast(row as blob) from timeline_rows where metric = ? order by position "
        "limit ? offset ?", ["arrests", 10, 20]))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan


def test_a_page_of_a_stale_timeline_refreshes_it_first(tmp_path):
    db = build_db(tmp_path / "stale-page.db")
    assert not tl.derived_current(db)
    page = tl.timeline(db, "arrests", limit=2, offset=1)
    assert tl.derived_current(db)
    assert page == tl.timeline(db, "arrests")[1:3]


@pytest.mark.parametrize("page", [{"limit": -1}, {"offset": -1}, {"limit": 1.5}, {"offset": "2"}, {"limit": True}])
def test_a_page_must_be_whole_numbers_not_below_zero(scenario, page):
    _, db, _ = scenario
    with pytest.raises(ValueError):
        tl.timeline(db, "arrests", **page)


def replace_analyse(monkeypatch, replacement):
    """``tl.analyse`` replaced in the package and in every timeline module that calls it."""
    modules = [importlib.import_module(f"{tl.__name__}.{m.name}") for m in pkgutil.iter_modules(tl.__path__)]
    patched = [module for module in (tl, *modules) if hasattr(module, "analyse")]
    assert derived in patched and queries in patched
    for module in patched:
        monkeypatch.setattr(module, "analyse", replacement)


def test_stored_rows_read_the_same_with_json_as_with_orjson(tmp_path, monkeypatch):
    db = build_db(tmp_path / "decoders.db")
    tl.refresh_derived(db)
    with_orjson = {metric: tl.timeline(db, metric) for metric in tl.METRICS}
    assert sum(map(len, with_orjson.values())) > 10
    monkeypatch.setattr(derived, "orjson", None)  # the module that decodes the stored rows
    for metric in tl.METRICS:
        rows = tl.timeline(db, metric)
        assert rows == with_orjson[metric]
        assert json.dumps(rows) == json.dumps(with_orjson[metric])  # the same fields in the same order


def test_what_orjson_refuses_is_read_by_json():
    import math

    stored = [b'{"value":NaN,"b":1}', '{"value":Infinity}'.encode(),
              b'{"a":9223372036854775807,"b":-9223372036854775808}',  # SQLite's integers: 64-bit, read exactly
              '{"text":"caf\u00e9 – 1,000","value":1.5,"n":null,"l":[]}'.encode()]
    rows = derived._decode_rows([(data,) for data in stored])
    assert math.isnan(rows[0]["value"]) and list(rows[0]) == ["value", "b"]
    assert rows[1]["value"] == math.inf
    assert rows[2] == {"a": 2**63 - 1, "b": -2**63} and all(type(v) is int for v in rows[2].values())
    assert rows[3] == {"text": "café – 1,000", "value": 1.5, "n": None, "l": []}


def test_stored_timeline_is_read_without_analysing(tmp_path, monkeypatch):
    db = build_db(tmp_path / "read.db")
    expected = tl.timeline(db, "arrests")  # stale: analyses, stores, answers
    assert tl.derived_current(db)

    def no_analysis(_db):
        raise AssertionError("the stored tables are current: no analysis needed")

    replace_analyse(monkeypatch, no_analysis)
    assert tl.timeline(db, "arrests") == expected
    assert [r["value"] for r in tl.timeline(db, "arrests", claimant="the Met", since="2026-01-01")] == [1300, 1100]


def test_a_new_claim_makes_the_stored_tables_stale_and_then_appears(tmp_path):
    from claimset import add

    db = build_db(tmp_path / "stale.db")
    tl.refresh_derived(db)
    assert tl.derived_current(db)
    add(db, doc("https://essex.example/news/lfr-more-arrests", "Essex Police", "police", "2026-02-01T10:00:00Z",
                "Essex Police has made 80 arrests since August 2024 using live facial recognition. " * 2,
                figures=[fig("80 arrests", "arrests", 80, period="since August 2024", period_start="2024-08-01",
                             claimant="Essex Police")]))
    assert not tl.derived_current(db)
    rows = tl.timeline(db, "arrests", claimant="essex")
    assert [(r["first_seen"], r["value"]) for r in rows] == [("2025-09-18", 63), ("2026-02-01", 80)]
    assert tl.derived_current(db)  # refreshed by that call
    assert tl.timeline(db, "arrests", claimant="essex") == tl.timeline(db, "arrests", claimant="essex",
                                                                         analysis=tl.analyse(db))
    assert db.execute("select count(*) from claim_groups where text = '80 arrests'").fetchone()[0] == 1
    assert db.execute("select count(*) from timeline_rows where row like '%\"80 arrests\"%'").fetchone()[0] == 1


def test_a_changed_page_makes_the_stored_tables_stale_before_it_is_re_extracted(tmp_path):
    db = build_db(tmp_path / "changed-page.db")
    tl.refresh_derived(db)
    gov = next(d for d in SCENARIO if d["url"] == GOV)
    store.store_document(db, {"url": GOV, "canonical_url": GOV, "text": gov["body"], "publisher": gov["publisher"],
                              "published": gov["published"]})  # unchanged: nothing the timeline reads changed
    assert tl.derived_current(db)
    store.store_document(db, {"url": GOV, "canonical_url": GOV, "text": gov["body"] + " Updated.",
                              "publisher": gov["publisher"], "published": gov["published"]})
    assert not tl.derived_current(db)  # its claims belong to the old version now: not current
    assert 1100 not in [r["value"] for r in tl.timeline(db, "arrests")]
    assert tl.derived_current(db)


def test_a_write_during_the_refresh_leaves_the_tables_stale(tmp_path, monkeypatch):
    from claimset import add

    db = build_db(tmp_path / "race.db")
    real_analyse = tl.analyse

    def analyse_then_someone_writes(database):
        analysis = real_analyse(database)
        add(db, doc("https://late.example/1", "Essex Police", "police", "2026-05-01T10:00:00Z",
                    "Essex Police has made 99 arrests in 2025 with live facial recognition. " * 2,
                    figures=[fig("99 arrests", "arrests", 99, period="in 2025", period_start="2025-01-01",
                                 period_end="2025-12-31", claimant="Essex Police")]))
        return analysis

    replace_analyse(monkeypatch, analyse_then_someone_writes)
    tl.refresh_derived(db)
    assert not tl.derived_current(db)  # built from what was there before the late write
    replace_analyse(monkeypatch, real_analyse)
    assert 99 in [r["value"] for r in tl.timeline(db, "arrests")]
    assert tl.derived_current(db)


def test_tables_built_by_other_code_or_without_the_triggers_are_not_trusted(tmp_path):
    db = build_db(tmp_path / "trust.db")
    tl.refresh_derived(db)
    db.execute("update derived_state set built_code = 'an older lfrwatch'")
    assert not tl.derived_current(db)
    tl.refresh_derived(db)
    assert tl.derived_current(db)
    db.execute("drop trigger derived_stale_claims_insert")  # e.g. a table rebuilt by another tool
    assert not tl.derived_current(db)
    tl.refresh_derived(db)  # puts the trigger back, but cannot know what happened without it
    assert not tl.derived_current(db)
    tl.refresh_derived(db)
    assert tl.derived_current(db)
    tl.refresh_derived(db, tl.analyse(db))  # an analysis of unknown age
    assert not tl.derived_current(db)


def test_a_read_only_database_still_gets_its_timeline(tmp_path):
    import sqlite3

    import sqlite_utils

    path = tmp_path / "readonly.db"
    build_db(path).close()
    db = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    assert not tl.derived_current(db)
    rows = tl.timeline(db, "arrests", claimant="the Met")
    assert [r["value"] for r in rows] == [500, 1000, 1000, 1300, 1100]
    assert not tl.derived_current(db) and db["claim_groups"].count == 0


# -- commands ---------------------------------------------------------------------------------------------


CONTRACT = {"id", "kind", "metric", "value", "unit", "qualifier", "period", "text", "speaker", "role", "org",
            "claimant", "document_url", "published", "publisher"}


def test_timeline_command_json_keeps_the_contract_and_adds_sources(scenario, cli_run):
    path, _, _ = scenario
    result = cli_run("timeline", "arrests", "--db", path, "--claimant", "Metropolitan Police Service",
                     "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(CONTRACT | {"claimant_org", "first_seen", "repeat_count", "sources", "conflicts"} <= set(r)
                        for r in rows)
    assert [r["value"] for r in rows] == [500, 1000, 1000, 1300, 1100]
    assert rows[1]["repeat_count"] == 3 and rows[1]["sources"][2]["syndicated_from"] == REGISTER


def test_timeline_command_csv_and_table(scenario, cli_run):
    path, _, _ = scenario
    csv_out = cli_run("timeline", "arrests", "--db", path, "--since", "2026-01-01", "--format", "csv").stdout
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert [r["value"] for r in rows] == ["1300.0", "1100.0"]
    assert json.loads(rows[0]["sources"])[1]["url"] == POST
    table = cli_run("timeline", "charges_or_cautions", "--db", path).stdout
    assert "Essex Police" in table and "part_exceeds_whole" in table


def test_timeline_rows_carry_what_the_records_say(tmp_path, cli_run):
    path = tmp_path / "lfrwatch.db"
    db = build_db(path)
    before = tl.timeline(db, "arrests")
    assert before and all((r["recorded"], r["verdict"], r["verdict_reason"]) == (None, None, None) for r in before)
    add_records(db)  # tests/recordset.py: the Met's records cover January to April 2025, Essex's to September
    analysis = tl.analyse(db)
    rows = tl.timeline(db, "arrests", analysis=analysis)
    groups = {g["group_id"]: g for g in analysis.figures("arrests")}
    for row in rows:  # every field of the timeline kept as it was, three added
        assert {k: v for k, v in row.items() if k not in ("recorded", "verdict", "verdict_reason")} == \
            groups[row["group_id"]]
    essex = next(r for r in rows if r["claimant_org"] == "Essex Police")
    assert (essex["value"], essex["recorded"], essex["verdict"]) == (63, 70, "lower")
    assert "70 from 4 deployment(s), 2024-08-01 to 2025-09-18" in essex["verdict_reason"]
    met = {(r["first_seen"], r["qualifier"], r["value"]): r for r in rows if r["claimant_org"] == "Metropolitan Police"}
    to_date = met[("2025-07-31", None, 1000)]
    assert (to_date["recorded"], to_date["verdict"]) == (58, "not_comparable")
    assert "only a lower bound" in to_date["verdict_reason"]
    last_year = met[("2025-01-30", "over", 500)]
    assert (last_year["recorded"], last_year["verdict"]) == (None, "not_comparable")
    assert "the records start on 2025-01-01" in last_year["verdict_reason"]
    charged = tl.timeline(db, "charges_or_cautions", analysis=analysis)  # the records have no such column
    assert charged and all((r["recorded"], r["verdict"]) == (None, None) for r in charged)

    table = cli_run("timeline", "arrests", "--db", path, "--claimant", "essex").stdout.splitlines()
    assert table[0].split()[-3:] == ["recorded", "verdict", "document_url"]
    assert table[2].split()[-3:] == ["70", "lower", ESSEX]
    rows = json.loads(cli_run("timeline", "arrests", "--db", path, "--format", "json").stdout)
    assert [(r["value"], r["recorded"], r["verdict"]) for r in rows if r["claimant_org"] == "Essex Police"] == \
        [(63, 70, "lower")]


def test_conflicts_command(scenario, cli_run):
    path, _, _ = scenario
    rows = json.loads(cli_run("conflicts", "--db", path, "--format", "json").stdout)
    assert {r["kind"] for r in rows} == {"cumulative_decrease", "value_mismatch", "part_exceeds_whole"}
    arrests = json.loads(cli_run("conflicts", "--db", path, "--metric", "arrests", "--format", "json").stdout)
    assert {r["kind"] for r in arrests} == {"cumulative_decrease", "part_exceeds_whole"}  # arrests is the whole
    assert "went down" in cli_run("conflicts", "--db", path, "--metric", "arrests").stdout


def test_quotes_command(scenario, cli_run):
    path, _, _ = scenario
    rows = json.loads(cli_run("quotes", "--db", path, "--speaker", "oyelaran", "--format", "json").stdout)
    assert [r["first_seen"] for r in rows] == ["2025-01-30", "2025-07-31", "2026-03-04"]
    assert {r["claimant_org"] for r in rows} == {"Metropolitan Police"}
    assert rows[-1]["repeat_count"] == 2
    reidy = json.loads(cli_run("quotes", "--db", path, "--speaker", "Reidy", "--format", "json").stdout)
    assert [(r["text"], r["role"], r["document_url"]) for r in reidy] == [
        ("This is a deeply alarming step", "director", COURIER)]


def test_every_scenario_url_is_a_stored_document(scenario):
    _, db, _ = scenario
    stored = {d["canonical_url"] for d in store.list_documents(db)}
    assert {MET_1, MET_2, COURIER, REGISTER, POST, WATCH, GOV, ESSEX} == stored


def test_a_generic_claimant_takes_the_organisation_its_article_speaks_for(tmp_path):
    text = "Figures about live facial recognition. " * 3 + "The Met said 90 arrests. The force said 12 alerts."
    docs = [doc("https://paper.example/1", "The Paper", "press", "2025-03-01", text, figures=[
        fig("90 arrests", "arrests", 90, period="in 2024", claimant="the Met"),
        fig("12 alerts", "alerts", 12, period="in 2024", claimant="the force"),
    ]), doc("https://paper.example/2", "The Paper", "press", "2025-03-02", text.replace("The Met said", "Said"),
            figures=[fig("12 alerts", "alerts", 12, period="in 2024", claimant="figures")])]
    analysis = tl.analyse(build_db(tmp_path / "generic.db", docs))
    assert [(g["claimant_org"], g["repeat_count"]) for g in analysis.figures("alerts")] == [
        ("Metropolitan Police", 1), ("The Paper", 1)]
    assert tl.is_generic("The force") and not tl.is_generic("Essex Police")


def test_a_leading_the_is_dropped_from_aliases_but_kept_in_names():
    assert tl.normalise_org("The Home Office") == "Home Office"
    assert tl.normalise_org("the Kent Police Service") == "Kent Police"
    assert tl.normalise_org("The Daily Register") == "The Daily Register"
