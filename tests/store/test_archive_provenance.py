"""Archive provenance: a capture's archive URL and capture time on its document and version (#23).

Migration ``032_archive_provenance`` adds ``archive_url`` and ``captured_at`` to ``documents`` and
``document_versions`` in place: a database made before it upgrades without losing a row.
"""

import sqlite3

from lfrwatch import store

ORIGINAL = "https://news.example.test/news/lfr-in-croydon"
ARCHIVED = "http://127.0.0.1:9/web/20190210093000id_/" + ORIGINAL


def captured(text="Live facial recognition was deployed in Croydon.", **extra):
    return {"url": ORIGINAL, "canonical_url": ORIGINAL, "text": text, "title": "LFR in Croydon",
            "published": "2019-02-08T10:00:00+00:00", "publisher": "Metropolitan Police", "source": "met_news",
            "fetched_at": "2019-02-10T09:30:00+00:00", "captured_at": "2019-02-10T09:30:00+00:00",
            "archive_url": ARCHIVED, **extra}


def rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def test_a_capture_keeps_its_archive_url_and_capture_time_on_document_and_version(db_path):
    db = store.open_db(db_path)
    stored = store.store_document(db, captured())
    document = db["documents"].get(stored.document_id)
    version = db["document_versions"].get(stored.version_id)
    for row in (document, version):
        assert (row["archive_url"], row["captured_at"]) == (ARCHIVED, "2019-02-10T09:30:00+00:00")
    assert document["url"] == version["url"] == ORIGINAL  # the page's own address, not the archive's

    # A live fetch of a changed text: the document's current version is no capture; the old version still is.
    live = store.store_document(db, {"url": ORIGINAL, "canonical_url": ORIGINAL, "text": "Updated text."})
    assert live.status == "changed"
    document = db["documents"].get(stored.document_id)
    assert (document["archive_url"], document["captured_at"]) == (None, None)
    assert db["document_versions"].get(stored.version_id)["archive_url"] == ARCHIVED
    assert db["document_versions"].get(live.version_id)["archive_url"] is None


def test_documents_listing_shows_the_archive_provenance(db_path, cli_run):
    db = store.open_db(db_path)
    store.store_document(db, captured())
    db.close()
    listed = store.list_documents(store.open_db(db_path))
    assert [(d["url"], d["archive_url"], d["captured_at"]) for d in listed] == [
        (ORIGINAL, ARCHIVED, "2019-02-10T09:30:00+00:00")]
    import json

    result = cli_run("documents", "--db", db_path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["archive_url"] == ARCHIVED


def test_a_database_from_before_the_migration_upgrades_in_place_losing_nothing(db_path, monkeypatch):
    names = [name for name, _ in store.MIGRATIONS]
    assert names[-1] == "032_archive_provenance"
    monkeypatch.setattr(store.schema, "MIGRATIONS", store.MIGRATIONS[:-1])
    old = store.open_db(db_path)
    assert "archive_url" not in old["documents"].columns_dict
    # A document stored by the lfrwatch of before (its columns only), with a claim.
    old.execute("insert into documents (id, url, canonical_url, source, text, sha256, fetched_at, warc_file, "
                "current_version_id) values (1, ?, ?, 'met_news', 'Old text.', 'abc', '2019-02-10T09:30:00+00:00', "
                "'lfrwatch-backfill-1.warc.gz', 1)", [ORIGINAL, ORIGINAL])
    old.execute("insert into document_versions (id, document_id, version, sha256, text, fetched_at, url, "
                "warc_file) values (1, 1, 1, 'abc', 'Old text.', '2019-02-10T09:30:00+00:00', ?, "
                "'lfrwatch-backfill-1.warc.gz')", [ORIGINAL])
    old.execute("insert into claims (id, document_id, version_id, kind, metric, value, text) "
                "values ('c1', 1, 1, 'figure', 'arrests', 5, '5 arrests')")
    old.conn.commit()
    old.close()
    before = {table: rows(db_path, f"select * from {table} order by rowid")
              for table in ("documents", "document_versions", "claims")}
    monkeypatch.undo()

    db = store.open_db(db_path)
    assert "032_archive_provenance" in {r["name"] for r in db["_migrations"].rows}
    for table in ("documents", "document_versions"):
        assert {"archive_url", "captured_at"} <= set(db[table].columns_dict)
    after = {table: rows(db_path, f"select * from {table} order by rowid") for table in before}
    assert after["claims"] == before["claims"]
    for table in ("documents", "document_versions"):
        assert [{k: r[k] for k in before[table][0]} for r in after[table]] == before[table]
        assert [(r["archive_url"], r["captured_at"]) for r in after[table]] == [(None, None)]
    assert store.migrate(db) == []  # once only
    # The upgraded file takes captures as a new one does.
    stored = store.store_document(db, captured(text="New text."))
    assert stored.status == "changed" and db["documents"].get(1)["archive_url"] == ARCHIVED
