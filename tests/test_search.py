"""`lfrwatch search`: FTS5 over documents and quotes, kept in sync with the store's writes."""

import json

import pytest
from claimset import COURIER, GOV, MET_2, POST, REGISTER, SCENARIO, add, build_db

from lfrwatch import store
from lfrwatch.search import fts_query, search


@pytest.fixture
def db(tmp_path):
    return build_db(tmp_path / "lfrwatch.db")


def test_documents_match_any_word_form(db):
    rows = search(db, "arrest to date", kind="document")
    assert {r["url"] for r in rows} == {MET_2, REGISTER, POST, GOV}
    assert all(r["type"] == "document" and "[" in r["snippet"] for r in rows)


def test_quotes_match_by_words_and_by_speaker(db):
    rows = search(db, "alarming", kind="quote")
    assert [(r["speaker"], r["url"]) for r in rows] == [("Imogen Reidy", COURIER)]
    by_speaker = search(db, "Oyelaran", kind="quote")
    assert len(by_speaker) == 4 and {r["speaker"] for r in by_speaker} == {"Gareth Oyelaran"}
    figures_are_not_quotes = search(db, "charged cautioned", kind="quote")
    assert figures_are_not_quotes == []


def test_phrases_and_punctuation_are_safe(db):
    assert fts_query('"deeply alarming" step OR (') == '"deeply alarming" "step" "OR"'
    assert search(db, '"alarming step"') and not search(db, '"step alarming"')
    with pytest.raises(Exception, match="at least one word"):
        fts_query('"" ( )')


def test_the_index_follows_changed_documents_and_re_extraction(db):
    assert search(db, "vans", kind="document")
    changed = dict(SCENARIO[-2])  # the GOV.UK page, rewritten without "vans"
    changed["body"] = changed["body"].replace("announcing money for new vans", "announcing new funding")
    add(db, changed)
    assert search(db, "vans", kind="document") == []
    assert [r["url"] for r in search(db, "funding", kind="document")] == [GOV]
    # Old versions' quotes are not current: a quote removed by a new version is not found.
    register = dict(SCENARIO[4])
    register["body"] = register["body"].replace("happened to look like", "resembled")
    register["quotes"] = []
    add(db, register)
    assert [r["url"] for r in search(db, "happened look", kind="quote")] == [POST]
    assert store.counts(db)["documents"] == len(SCENARIO)


def test_search_command(db, cli_run, tmp_path):
    path = tmp_path / "lfrwatch.db"
    rows = json.loads(cli_run("search", "watchlist", "--db", path, "--format", "json").stdout)
    assert {(r["type"], r["url"]) for r in rows} == {("document", REGISTER), ("document", POST)}
    assert json.loads(cli_run("search", "zebra", "--db", path, "--format", "json").stdout) == []
    out = cli_run("search", "alarming", "--db", path)
    assert out.exit_code == 0 and "Imogen Reidy" in out.stdout and "quote" in out.stdout
    bad = cli_run("search", "()", "--db", path)
    assert bad.exit_code == 2 and "at least one word" in bad.stderr
