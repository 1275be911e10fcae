"""`lfrwatch export`: CSV, JSON lines, Parquet and a Frictionless Data Package with stable ids."""

import builtins
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from claimset import MET_2, POST, REGISTER, SCENARIO, build_db

from lfrwatch import export as ex
from lfrwatch import store

TABLES = ["documents", "claims", "quotes", "people", "places", "document_places", "claim_groups",
          "claim_group_sources", "conflicts"]


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "lfrwatch.db"
    build_db(path)
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


def test_the_same_data_exports_to_the_same_bytes_and_ids(db_file, tmp_path):
    first = tmp_path / "first"
    ex.export(store.open_db(db_file), first, "jsonl")
    ex.export(store.open_db(db_file), tmp_path / "second", "jsonl")
    assert files_of(first) == files_of(tmp_path / "second")
    # A database rebuilt from the same pages in another order: the same ids.
    rebuilt = build_db(tmp_path / "rebuilt.db", list(reversed(SCENARIO)))
    ex.export(rebuilt, tmp_path / "rebuilt", "jsonl")
    for table in ("documents", "claims", "quotes", "people", "claim_groups", "conflicts"):
        ids = [json.loads(line)["id"] for line in (first / f"{table}.jsonl").read_text().splitlines()]
        again = [json.loads(line)["id"] for line in (tmp_path / "rebuilt" / f"{table}.jsonl").read_text().splitlines()]
        assert sorted(ids) == sorted(again), table
    assert files_of(first)["claims.jsonl"] == files_of(tmp_path / "rebuilt")["claims.jsonl"]


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
