"""`lfrwatch search`: FTS5 over documents and quotes, kept in sync with the store's writes."""

import json

import pytest
from claimset import COURIER, GOV, MET_2, POST, REGISTER, SCENARIO, add, build_db

from lfrwatch import store
from lfrwatch.store.search import fts_query, search


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


# The quote search before quote_texts: every current quote claim whose text or speaker matches, by claims_fts.
CLAIMS_FTS_QUOTES = """
    select c.id as claim_id, snippet(claims_fts, 0, '[', ']', '…', 24) as snippet, d.canonical_url as url
    from claims_fts join claims c on c.rowid = claims_fts.rowid join documents d on d.id = c.document_id
    where claims_fts match :q and c.kind = 'quote' and c.version_id = d.current_version_id
"""


def fts_integrity(db):
    db.execute("insert into quote_texts_fts(quote_texts_fts) values ('integrity-check')")  # raises if out of sync
    return True


@pytest.mark.parametrize("text", ["Oyelaran", "arrests", "alarming", "people", '"happened to look"', "technology",
                                  "Reidy step", "zebra"])
def test_quote_search_finds_every_current_quote_the_claims_index_finds(db, text):
    rows = search(db, text, kind="quote", limit=1000)
    expected = list(db.query(CLAIMS_FTS_QUOTES, {"q": fts_query(text)}))
    assert sorted((r["claim_id"], r["snippet"], r["url"]) for r in rows) == \
        sorted((r["claim_id"], r["snippet"], r["url"]) for r in expected)
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)  # best match first
    assert fts_integrity(db)


def test_a_quote_printed_twice_is_ranked_once_and_its_copies_follow_each_other(db):
    assert db.execute("select count(*) from quote_texts where text like 'These are not people%'").fetchone()[0] == 1
    rows = search(db, "Oyelaran", kind="quote")
    urls = [r["url"] for r in rows]
    assert urls.index(POST) == urls.index(REGISTER) + 1  # copies together, in the order stored
    assert rows[urls.index(POST)]["rank"] == rows[urls.index(REGISTER)]["rank"]
    assert [r["url"] for r in search(db, "happened look", kind="quote", limit=1)] == [REGISTER]
    assert [r["url"] for r in search(db, "happened look", kind="quote", limit=2)] == [REGISTER, POST]
    assert search(db, "happened look", kind="quote", limit=0) == []


def test_quote_texts_follow_updates_and_deletes_of_claims(db):
    reidy = "This is a deeply alarming step"
    db.execute("update claims set speaker = 'Someone Else' where text = ?", [reidy])
    assert search(db, "Reidy", kind="quote") == []
    assert [r["speaker"] for r in search(db, "alarming", kind="quote")] == ["Someone Else"]
    assert db.execute("select speaker from quote_texts where text = ?", [reidy]).fetchall() == [("Someone Else",)]
    db.execute("update claims set kind = 'figure' where text = ?", [reidy])
    assert search(db, "alarming", kind="quote") == []
    db.execute("delete from claims where kind = 'quote'")
    assert db.execute("select count(*) from quote_texts").fetchone()[0] == 0
    assert db.execute("select count(*) from quote_text_claims").fetchone()[0] == 0
    assert search(db, "Oyelaran", kind="quote") == [] and fts_integrity(db)


def test_quotes_stored_before_the_quote_index_existed_are_found_after_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    before = [m for m in store.MIGRATIONS if m[0] < "021"]
    monkeypatch.setattr(store.schema, "MIGRATIONS", before)
    old = build_db(path)
    assert "quote_texts" not in old.table_names()
    old.close()
    monkeypatch.undo()
    db = store.open_db(path)
    assert len(search(db, "Oyelaran", kind="quote")) == 4 and fts_integrity(db)
    assert db.execute("select count(*) from quote_text_claims").fetchone()[0] == \
        db.execute("select count(*) from claims where kind = 'quote'").fetchone()[0]
