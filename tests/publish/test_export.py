"""`lfrwatch export`: CSV, JSON lines, Parquet and a Frictionless Data Package with stable ids."""

import builtins
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from claimset import ESSEX, MET_2, POST, REGISTER, SCENARIO, add, build_db
from recordset import ESSEX_URL, MET_URL, add_records

from lfrwatch.publish import export as ex
from lfrwatch import records, store

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
