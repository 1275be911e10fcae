"""The store: schema and migrations, documents and versions, claims per version, transactions."""

import sqlite3

import pytest

from lfrwatch import store


def article(text="The force has made 1,000 arrests to date.", **extra):
    base = {"url": "http://example.test/a?utm_source=x", "canonical_url": "http://example.test/a", "text": text,
            "title": "A", "published": "2025-07-14T10:00:00+01:00", "publisher": "Metropolitan Police",
            "kind": "police", "source": "feed"}
    base.update(extra)
    return base


def test_new_database_records_its_migrations_and_uses_wal(db_path):
    db = store.open_db(db_path)
    assert [r["name"] for r in db["_migrations"].rows] == [name for name, _ in store.MIGRATIONS]
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"sources", "documents", "document_versions", "claims", "people", "places"} <= set(db.table_names())


def test_reopening_applies_no_migration_twice(db_path):
    store.open_db(db_path).close()
    db = store.open_db(db_path)
    assert store.migrate(db) == []
    assert db["_migrations"].count == len(store.MIGRATIONS)


def test_an_old_database_upgrades_itself(db_path, monkeypatch):
    first = store.MIGRATIONS[:1]
    monkeypatch.setattr(store.schema, "MIGRATIONS", first)
    store.open_db(db_path).close()

    def add_note_column(db):
        db["documents"].add_column("note", str)

    monkeypatch.setattr(store.schema, "MIGRATIONS", first + [("900_note", add_note_column)])
    db = store.open_db(db_path)
    assert "note" in db["documents"].columns_dict
    assert "900_note" in {r["name"] for r in db["_migrations"].rows}


def test_same_page_twice_creates_nothing_new(db_path):
    db = store.open_db(db_path)
    first = store.store_document(db, article())
    second = store.store_document(db, article())
    assert (first.status, second.status) == ("new", "unchanged")
    assert db["documents"].count == 1 and db["document_versions"].count == 1


def test_changed_text_keeps_both_versions(db_path):
    db = store.open_db(db_path)
    store.store_document(db, article(fetched_at="2025-07-14T12:00:00+00:00"))
    changed = store.store_document(db, article(text="The force has made 1,046 arrests to date.",
                                               fetched_at="2025-07-20T12:00:00+00:00"))
    assert changed.status == "changed"
    versions = list(db.query("select version, text, fetched_at from document_versions order by version"))
    assert [v["version"] for v in versions] == [1, 2]
    assert "1,000" in versions[0]["text"] and "1,046" in versions[1]["text"]
    assert versions[0]["fetched_at"] != versions[1]["fetched_at"]
    doc = db["documents"].get(changed.document_id)
    assert doc["current_version_id"] == changed.version_id and "1,046" in doc["text"]


def test_same_canonical_url_from_another_address_is_one_document(db_path):
    db = store.open_db(db_path)
    store.store_document(db, article())
    again = store.store_document(db, article(url="http://news.example.test/redirect?id=9"))
    assert again.status == "unchanged" and db["documents"].count == 1


def analysis(value=1000):
    return {
        "figures": [{"value": value, "unit": None, "metric": "arrests", "qualifier": None, "period": "to date",
                     "claimant": "Metropolitan Police", "text": f"{value:,} arrests", "start": 13, "end": 25}],
        "quotes": [{"text": "It works.", "speaker": "Ann Smith", "role": "Commissioner", "org": "Metropolitan Police",
                    "start": 30, "end": 39}],
        "people": [{"name": "Ann Smith", "honorific": "Dame", "role": "Commissioner", "org": "Metropolitan Police"}],
        "places": [{"name": "Croydon", "lat": 51.37, "lon": -0.1, "kind": "borough", "start": 40, "end": 47}],
    }


def job_for(db, result):
    return next(j for j in store.documents_to_analyse(db, everything=True) if j["document_id"] == result.document_id)


def test_claims_belong_to_a_version_and_keep_stable_ids(db_path):
    db = store.open_db(db_path)
    stored = store.store_document(db, article())
    assert store.store_analysis(db, job_for(db, stored), analysis()) == 2
    ids = sorted(r["id"] for r in db["claims"].rows)
    store.store_analysis(db, job_for(db, stored), analysis())  # re-extracting the same version
    assert sorted(r["id"] for r in db["claims"].rows) == ids
    assert list(store.documents_to_analyse(db)) == []
    claim = store.list_claims(db, metric="arrests")[0]
    assert claim["value"] == 1000 and claim["claimed_on"] == "2025-07-14"
    assert claim["document_url"] == "http://example.test/a" and claim["publisher"] == "Metropolitan Police"
    quote = store.list_claims(db, kind="quote")[0]
    assert quote["speaker"] == "Ann Smith"
    assert db["claims"].get(quote["id"])["person_id"] == db["people"].rows.__next__()["id"]
    assert db["places"].count == 1 and db["document_places"].count == 1


def test_old_version_claims_stay_traceable(db_path):
    db = store.open_db(db_path)
    first = store.store_document(db, article())
    store.store_analysis(db, job_for(db, first), analysis(1000))
    second = store.store_document(db, article(text="The force has made 1,046 arrests to date."))
    assert [j["version_id"] for j in store.documents_to_analyse(db)] == [second.version_id]
    store.store_analysis(db, job_for(db, second), analysis(1046))
    assert [c["value"] for c in store.list_claims(db, metric="arrests")] == [1046]
    every = store.list_claims(db, metric="arrests", all_versions=True)
    assert sorted((c["document_version"], c["value"]) for c in every) == [(1, 1000), (2, 1046)]


def test_a_failed_analysis_write_leaves_the_previous_claims(db_path, monkeypatch):
    db = store.open_db(db_path)
    stored = store.store_document(db, article())
    store.store_analysis(db, job_for(db, stored), analysis(1000))
    broken = analysis(1046)
    broken["places"] = [{"name": None}]  # fails after the claims were written, inside the transaction
    with pytest.raises(Exception):
        store.store_analysis(db, job_for(db, stored), broken)
    assert [c["value"] for c in store.list_claims(db, metric="arrests")] == [1000]


def test_a_document_whose_version_cannot_be_written_is_not_stored_at_all(db_path):
    db = store.open_db(db_path)
    store.store_document(db, article())
    db.execute("create trigger refuse_versions before insert on document_versions "
               "begin select raise(abort, 'disk full'); end")
    with pytest.raises(store.StoreError, match="disk full"):
        store.store_document(db, article(url="http://example.test/b", canonical_url="http://example.test/b"))
    with pytest.raises(store.StoreError, match="disk full"):
        store.store_document(db, article(text="The force has made 1,046 arrests to date."))
    db.execute("drop trigger refuse_versions")
    rows = db.execute("select canonical_url, text, current_version_id from documents").fetchall()
    assert rows == [("http://example.test/a", "The force has made 1,000 arrests to date.", 1)]
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 1
    assert store.store_document(db, article(url="http://example.test/b", canonical_url="http://example.test/b")) \
        .status == "new"


def test_the_search_index_follows_text_changes_and_nothing_else(db_path):
    from lfrwatch.store.search import search

    db = store.open_db(db_path)
    stored = store.store_document(db, article())
    before = db.conn.total_changes
    store.touch_document(db, stored.document_id)
    store.store_document(db, article(etag='"v2"'))  # the same text, checked again
    assert db.conn.total_changes - before == 2  # the two document rows, no search index rewrite
    assert [hit["url"] for hit in search(db, "arrests")] == ["http://example.test/a"]
    store.store_document(db, article(text="The force has charged 46 people found on a watchlist."))
    assert [hit["url"] for hit in search(db, "watchlist")] == ["http://example.test/a"]
    assert search(db, "arrests") == []


def test_a_locked_database_is_a_clear_error(db_path):
    store.open_db(db_path).close()
    holder = sqlite3.connect(db_path)
    holder.execute("begin exclusive")
    try:
        db = store.open_db(db_path, timeout=0.2)
        with pytest.raises(store.DatabaseLockedError, match="locked"):
            store.store_document(db, article())
    finally:
        holder.rollback()
        holder.close()


def test_the_busy_timeout_is_ten_seconds_unless_the_environment_says(monkeypatch):
    from lfrwatch.store.database import default_timeout

    monkeypatch.delenv("LFRWATCH_DB_TIMEOUT", raising=False)
    assert default_timeout() == 10.0
    monkeypatch.setenv("LFRWATCH_DB_TIMEOUT", "0.3")
    assert default_timeout() == 0.3


def test_schema_description_covers_every_column(db_path):
    db = store.open_db(db_path)
    rows = store.describe_schema(db)
    undocumented = [f"{r['table']}.{r['column']}" for r in rows if not r["description"]]
    assert undocumented == []


def data_version(db):
    return db.execute("select data_version from derived_state where name = 'timeline'").fetchone()[0]


def test_writes_the_timeline_depends_on_raise_the_change_counter_and_others_do_not(db_path):
    db = store.open_db(db_path)
    assert data_version(db) == 0
    stored = store.store_document(db, article())  # a document no claim points at yet
    assert data_version(db) == 0
    store.store_analysis(db, job_for(db, stored), analysis())
    after_claims = data_version(db)
    assert after_claims > 0
    store.store_document(db, article())  # seen again unchanged: only last_checked_at and validators change
    db["documents"].update(stored.document_id, {"etag": "x"})
    assert data_version(db) == after_claims
    changed = store.store_document(db, article(text="The force has made 1,046 arrests to date."))
    assert changed.status == "changed"  # its stored claims are no longer the current version's
    after_change = data_version(db)
    assert after_change > after_claims
    db.execute("update people set org = 'Essex Police'")
    assert data_version(db) > after_change
    before_delete = data_version(db)
    db.execute("delete from claims")
    assert data_version(db) > before_delete


def test_the_change_counter_triggers_are_all_installed(db_path):
    db = store.open_db(db_path)
    names = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert set(store.derived_triggers()) <= names
    assert len(store.derived_triggers()) == 3 * len(store.DERIVED_SOURCES)
    columns = {c.name for c in db["claim_groups"].columns}
    assert "position" in columns and "timeline_row" not in columns  # the rows' JSON is in timeline_rows
    assert {c.name for c in db["timeline_rows"].columns} >= {"position", "metric", "row"}


def test_two_writers_wait_their_turn_instead_of_failing(db_path):
    """A transaction that reads and then writes, while another process commits in between (a crawl and
    `lfrwatch run`'s extraction), waits for the write lock instead of failing with "database is locked"."""
    import threading

    first = store.open_db(db_path)
    first.execute("create table scratch (who text)")
    errors = []
    started = threading.Event()

    def other_writer():
        second = store.open_db(db_path, timeout=10)
        started.set()
        try:
            with second.atomic():
                second.execute("insert into scratch values ('second')")
        except sqlite3.Error as exc:  # pragma: no cover - what this test guards against
            errors.append(exc)

    with first.atomic():
        assert first.execute("select count(*) from scratch").fetchone() == (0,)
        thread = threading.Thread(target=other_writer)
        thread.start()
        assert started.wait(10)
        thread.join(0.5)  # the other writer waits for our transaction...
        first.execute("insert into scratch values ('first')")
    thread.join(10)  # ...and goes on once it ends
    assert errors == []
    assert [row[0] for row in first.execute("select who from scratch order by rowid")] == ["first", "second"]


def test_a_read_only_database_can_still_be_read_in_a_transaction(db_path, tmp_path):
    store.open_db(db_path).close()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db = store.Database(conn)
    with db.atomic():
        assert db.execute("select count(*) from documents").fetchone() == (0,)


def test_claims_of_some_documents_only(db_path):
    db = store.open_db(db_path)
    first = store.store_document(db, article())
    second = store.store_document(db, article(url="http://example.test/b", canonical_url="http://example.test/b"))
    for stored in (first, second):
        store.store_analysis(db, job_for(db, stored), analysis())
    assert len(store.list_claims(db)) == 4
    assert {c["document_url"] for c in store.list_claims(db, document_ids=[second.document_id])} == {"http://example.test/b"}
    assert store.list_claims(db, document_ids=[]) == []
