"""`lfrwatch export`: CSV, JSON lines, Parquet and a Frictionless Data Package with stable ids."""

import builtins
import csv
import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from claimset import ESSEX, MET_2, POST, REGISTER, SCENARIO, add, build_db, doc
from recordset import ESSEX_URL, MET_URL, add_records

from lfrwatch import records, store
from lfrwatch.crawl.archive import WarcArchive, read_record
from lfrwatch.publish import export as ex

TABLES = ["documents", "claims", "quotes", "people", "places", "document_places", "claim_groups",
          "claim_group_sources", "conflicts", "record_deployments", "record_comparisons"]


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "lfrwatch.db"
    add_records(build_db(path))
    return path


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_csv_export_has_every_table_and_links_claims_to_documents(cli_run, db_file, tmp_path):
    result = cli_run("export", "--db", db_file, "--format", "csv", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.csv")) == sorted(TABLES)
    documents = {d["id"]: d for d in read_csv(tmp_path / "out" / "documents.csv")}
    claims = read_csv(tmp_path / "out" / "claims.csv")
    quotes = read_csv(tmp_path / "out" / "quotes.csv")
    assert len(documents) == len(SCENARIO) and "text" not in next(iter(documents.values()))
    assert {c["metric"] for c in claims} >= {"arrests", "alerts"} and all(c["metric"] for c in claims)
    assert all(documents[c["document_id"]]["canonical_url"] == c["document_url"] for c in claims + quotes)
    repeat = [c for c in claims if c["text"] == "1,000 arrests to date"]
    assert sorted(c["document_url"] for c in repeat) == sorted([MET_2, REGISTER, POST])
    assert len({c["group_id"] for c in repeat}) == 1 and len({c["id"] for c in repeat}) == 3
    register = next(c for c in repeat if c["document_url"] == REGISTER)
    assert register["claimed_on"] == "2025-07-31" and register["date_basis"] == "statement"
    assert {q["speaker"] for q in quotes} == {"Gareth Oyelaran", "Imogen Reidy"}
    conflicts = read_csv(tmp_path / "out" / "conflicts.csv")
    assert sorted(c["kind"] for c in conflicts) == ["cumulative_decrease", "part_exceeds_whole", "value_mismatch"]


def test_deployments_and_comparisons_are_exported(cli_run, db_file, tmp_path):
    assert cli_run("export", "--db", db_file, "--format", "csv", "--out", tmp_path).exit_code == 0
    deployments = read_csv(tmp_path / "record_deployments.csv")
    assert len(deployments) == 28 and len({d["id"] for d in deployments}) == 28  # 24 Met, 4 Essex: current only
    assert "file_id" not in deployments[0] and "status" not in deployments[0]
    assert [d["date"] for d in deployments] == sorted(d["date"] for d in deployments)
    assert sum(int(d["arrests"]) for d in deployments if d["force"] == "met") == 58
    assert {d["url"] for d in deployments} == {MET_URL, ESSEX_URL}
    chelmsford = [d for d in deployments if d["place"] == "Chelmsford"]
    assert [(d["date"], d["location"], d["arrests"]) for d in chelmsford] == [
        ("2024-08-01", "Chelmsford High Street", "20"), ("2025-09-18", "Chelmsford bus station", "10")]
    lewisham = next(d for d in deployments if d["date"] == "2025-01-21")
    assert (lewisham["version"], lewisham["arrests"], lewisham["page"], lewisham["row"]) == ("1", "6", "1", "7")
    comparisons = read_csv(tmp_path / "record_comparisons.csv")
    claim_ids = {c["id"] for c in read_csv(tmp_path / "claims.csv")}
    assert len(comparisons) == 13 and {c["claim_id"] for c in comparisons} <= claim_ids
    essex = next(c for c in comparisons if c["force"] == "essex")
    assert (float(essex["claimed"]), float(essex["recorded"]), float(essex["difference"]), essex["verdict"]) == \
        (63, 70, -7, "lower")
    assert essex["document_url"] == ESSEX and essex["id"] == store.stable_id("comparison", essex["claim_id"])
    assert "computed_at" not in essex


def test_the_same_data_exports_to_the_same_bytes_and_ids(db_file, tmp_path):
    first = tmp_path / "first"
    ex.export(store.open_db(db_file), first, "jsonl")
    ex.export(store.open_db(db_file), tmp_path / "second", "jsonl")
    assert files_of(first) == files_of(tmp_path / "second")
    # A database rebuilt from the same pages in another order, the records stored first: the same ids.
    rebuilt = store.open_db(tmp_path / "rebuilt.db")
    add_records(rebuilt)
    for d in reversed(SCENARIO):
        add(rebuilt, d)
    ex.export(rebuilt, tmp_path / "rebuilt", "jsonl")
    for table in ("documents", "claims", "quotes", "people", "claim_groups", "conflicts", "record_deployments",
                  "record_comparisons"):
        ids = [json.loads(line)["id"] for line in (first / f"{table}.jsonl").read_text().splitlines()]
        again = [json.loads(line)["id"] for line in (tmp_path / "rebuilt" / f"{table}.jsonl").read_text().splitlines()]
        assert sorted(ids) == sorted(again), table
    assert files_of(first)["claims.jsonl"] == files_of(tmp_path / "rebuilt")["claims.jsonl"]
    assert files_of(first)["record_comparisons.jsonl"] == files_of(tmp_path / "rebuilt")["record_comparisons.jsonl"]
    assert len((first / "record_deployments.jsonl").read_text().splitlines()) == 28


def test_include_text(db_file, cli_run, tmp_path):
    cli_run("export", "--db", db_file, "--format", "jsonl", "--out", tmp_path, "--include-text")
    docs = [json.loads(line) for line in (tmp_path / "documents.jsonl").read_text().splitlines()]
    assert all(d["text"] for d in docs) and "1,300 arrests" in " ".join(d["text"] for d in docs)


def frictionless(*args):
    executable = Path(sys.executable).with_name("frictionless")
    return subprocess.run([str(executable), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_datapackage_is_valid_and_described(cli_run, db_file, tmp_path):
    out = tmp_path / "package"
    assert cli_run("export", "--db", db_file, "--format", "datapackage", "--out", out).exit_code == 0
    package = json.loads((out / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == TABLES
    assert package["licenses"][0]["name"] == "ODC-BY-1.0"
    assert {"title": "The Daily Register", "path": "https://register.example/"} in package["sources"]
    undescribed = [f"{r['name']}.{f['name']}" for r in package["resources"] for f in r["schema"]["fields"]
                   if not f.get("description")]
    assert undescribed == []
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    value = next(f for f in claims["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and "normalised number" in value["description"]
    deployments, comparisons = (next(r for r in package["resources"] if r["name"] == name)
                                for name in ("record_deployments", "record_comparisons"))
    fields = {f["name"]: f for f in deployments["schema"]["fields"]}
    assert fields["arrests"]["type"] == "integer" and fields["lat"]["type"] == "number"
    assert fields["faces_seen"]["description"] == store.COLUMN_DOCS["record_deployments"]["faces_seen"]
    assert deployments["schema"]["primaryKey"] == ["id"] and deployments["title"] == "Deployment records"
    fields = {f["name"]: f for f in comparisons["schema"]["fields"]}
    assert fields["recorded"]["type"] == "number" and fields["deployments"]["type"] == "integer"
    assert "claimed minus recorded" in fields["difference"]["description"]
    assert comparisons["schema"]["foreignKeys"] == [{"fields": "claim_id",
                                                      "reference": {"resource": "claims", "fields": "id"}}]
    assert {"title": "Essex Police deployment records", "path": "https://www.essex.police.uk/"} in package["sources"]
    result = frictionless("validate", "--json", out / "datapackage.json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-3000:]
    assert {task["name"] for task in report["tasks"]} == set(TABLES)
    # The check is real: a claim pointing at a document that is not in the package fails it.
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    path = broken / "data" / "claims.csv"
    rows = path.read_text().splitlines()
    first = rows[1].split(",")
    first[1] = "0" * 16
    path.write_text("\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n")
    bad = frictionless("validate", "--json", broken / "datapackage.json")
    assert bad.returncode != 0 and "foreign-key" in bad.stdout
    # And a comparison whose claim is not in the package.
    broken = tmp_path / "broken-comparison"
    shutil.copytree(out, broken)
    path = broken / "data" / "record_comparisons.csv"
    header, first, *rest = path.read_text().splitlines()
    column = header.split(",").index("claim_id")
    cells = first.split(",")
    assert cells[column] in {c["claim_id"] for c in records.compare_claims(store.open_db(db_file))}
    cells[column] = "0" * 16
    path.write_text("\n".join([header, ",".join(cells), *rest]) + "\n")
    bad = frictionless("validate", "--json", broken / "datapackage.json")
    assert bad.returncode != 0 and "foreign-key" in bad.stdout
    assert any(t["name"] == "record_comparisons" and not t["valid"] for t in json.loads(bad.stdout)["tasks"])


def test_parquet_round_trip(db_file, cli_run, tmp_path):
    import pyarrow.parquet as pq

    assert cli_run("export", "--db", db_file, "--format", "parquet", "--out", tmp_path).exit_code == 0
    table = pq.read_table(tmp_path / "claims.parquet")
    assert table.schema.field("value").type == "double"
    assert b"normalised number" in table.schema.field("value").metadata[b"description"]
    rows = table.to_pylist()
    claims = next(t for t in ex.dataset(store.open_db(db_file)) if t.name == "claims")
    csv_rows = {r["id"]: r for r in claims.rows}
    assert {r["id"] for r in rows} == set(csv_rows)
    assert all(r["value"] == csv_rows[r["id"]]["value"] for r in rows)


def test_parquet_without_pyarrow_says_how_to_install_it(db_file, cli_run, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    result = cli_run("export", "--db", db_file, "--format", "parquet", "--out", tmp_path / "p")
    assert result.exit_code == 1
    assert "pip install 'lfrwatch[parquet]'" in result.stderr and not (tmp_path / "p").exists()


# -- issue #22: a default folder, typed dates in Parquet, every claim to its archived bytes -------------


def test_without_out_the_export_goes_to_export_format_beside_the_database(cli_run, db_file):
    for fmt, name in (("csv", "claims.csv"), ("jsonl", "claims.jsonl"), ("datapackage", "datapackage.json")):
        result = cli_run("export", "--db", db_file, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        folder = db_file.parent / "export" / fmt
        assert (folder / name).is_file() and str(folder) in result.stderr
    assert read_csv(db_file.parent / "export" / "csv" / "claims.csv")
    help_text = " ".join(cli_run("export", "--help").output.split())
    assert "Default: export/FORMAT/ beside the database" in help_text


def test_parquet_types_dates_as_dates_and_date_times_as_utc_timestamps(db_file, cli_run, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert cli_run("export", "--db", db_file, "--format", "parquet", "--out", tmp_path).exit_code == 0
    dates = {"period_start", "period_end", "as_of", "claimed_on", "other_claimed_on", "first_seen", "last_seen",
             "date", "records_from", "records_to"}
    timestamps = {"published", "updated", "fetched_at", "first_seen_at", "captured_at"}
    typed = 0
    for table in TABLES:
        schema = pq.read_schema(tmp_path / f"{table}.parquet")
        for name in schema.names:
            if name in dates:
                assert schema.field(name).type == pa.date32(), (table, name)
                typed += 1
            elif name in timestamps:
                assert schema.field(name).type == pa.timestamp("us", tz="UTC"), (table, name)
                typed += 1
            else:
                assert not pa.types.is_temporal(schema.field(name).type), (table, name)
    assert typed >= 25
    documents = {d["canonical_url"]: d for d in pq.read_table(tmp_path / "documents.parquet").to_pylist()}
    assert documents[MET_2]["published"] == datetime(2025, 7, 31, 8, 0, tzinfo=timezone.utc)  # 09:00 BST
    assert documents[REGISTER]["published"] == datetime(2026, 3, 4, 17, 30, tzinfo=timezone.utc)
    claims = pq.read_table(tmp_path / "claims.parquet").to_pylist()
    register = next(c for c in claims if c["document_url"] == REGISTER and c["text"] == "1,000 arrests to date")
    assert register["claimed_on"] == date(2025, 7, 31) and register["as_of"] == date(2025, 7, 31)
    deployments = pq.read_table(tmp_path / "record_deployments.parquet").to_pylist()
    assert [d["date"] for d in deployments][:2] == [date(2024, 8, 1), date(2025, 1, 7)]
    # The CSV keeps each value as the source gave it.
    csv_docs = {d["canonical_url"]: d for d in read_csv(csv_export(cli_run, db_file, tmp_path) / "documents.csv")}
    assert csv_docs[MET_2]["published"] == "2025-07-31T09:00:00+01:00"


def csv_export(cli_run, db_file, tmp_path):
    assert cli_run("export", "--db", db_file, "--format", "csv", "--out", tmp_path / "csv").exit_code == 0
    return tmp_path / "csv"


def test_parquet_reads_a_bare_date_or_time_as_uk_time_and_refuses_a_value_that_is_no_date(cli_run, tmp_path):
    import pyarrow.parquet as pq

    pages = [doc("https://a.example/1", "A", "press", "2025-07-02", "Police made 4 arrests last week."),
             doc("https://a.example/2", "A", "press", "2025-07-03T10:00:00", "Police made 5 arrests last week.")]
    db = build_db(tmp_path / "lfrwatch.db", pages)
    assert cli_run("export", "--db", tmp_path / "lfrwatch.db", "--format", "parquet", "--out", tmp_path / "p")\
        .exit_code == 0
    published = {d["canonical_url"]: d["published"] for d in pq.read_table(tmp_path / "p" / "documents.parquet")
                 .to_pylist()}
    assert published == {"https://a.example/1": datetime(2025, 7, 1, 23, 0, tzinfo=timezone.utc),
                         "https://a.example/2": datetime(2025, 7, 3, 9, 0, tzinfo=timezone.utc)}
    db.execute("update documents set published = 'sometime in 2025' where canonical_url = 'https://a.example/1'")
    db.conn.commit()
    result = cli_run("export", "--db", tmp_path / "lfrwatch.db", "--format", "parquet", "--out", tmp_path / "bad")
    assert result.exit_code == 1 and not (tmp_path / "bad").exists()
    assert "documents.published holds 'sometime in 2025', which is not an ISO 8601 date-time" in result.stderr


def test_every_claim_and_quote_names_its_archived_bytes(cli_run, tmp_path):
    db = build_db(tmp_path / "lfrwatch.db")
    archive = WarcArchive(tmp_path / "archive")
    for row in list(db.query("select v.id, d.canonical_url, v.text from document_versions v "
                             "join documents d on d.id = v.document_id")):
        where = archive.write_exchange(url=row["canonical_url"], method="GET", request_headers=[], request_body=b"",
                                       status=200, response_headers=[("Content-Type", "text/plain")],
                                       body=row["text"].encode())
        db.execute("update document_versions set warc_file = ?, warc_offset = ?, warc_record_id = ? where id = ?",
                   [where["warc_file"], where["warc_offset"], where["warc_record_id"], row["id"]])
        db.execute("update documents set warc_offset = ? where current_version_id = ?",
                   [where["warc_offset"], row["id"]])
    db.conn.commit()
    archive.close()
    assert cli_run("export", "--db", tmp_path / "lfrwatch.db", "--format", "jsonl", "--out", tmp_path / "out")\
        .exit_code == 0
    rows = [json.loads(line) for table in ("claims", "quotes")
            for line in (tmp_path / "out" / f"{table}.jsonl").read_text().splitlines()]
    assert len(rows) == len(store.list_claims(db))
    for row in rows:
        record = read_record(tmp_path / "archive", row["warc_file"], row["warc_offset"])
        assert record["record_id"] == row["warc_record_id"] and record["url"] == row["document_url"]
        assert row["text"].encode() in record["body"]
    documents = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert all(isinstance(d["warc_offset"], int) for d in documents)
    package = ex.descriptor(db, ex.dataset(db))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    fields = {f["name"]: f for f in claims["schema"]["fields"]}
    assert fields["warc_offset"]["type"] == "integer" and fields["claimed_on"]["type"] == "date"
    assert "Byte offset" in fields["warc_offset"]["description"]
