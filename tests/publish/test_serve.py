"""`lfrwatch serve`: Datasette over real HTTP on 127.0.0.1, read-only, with metadata and canned queries."""

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from claimset import ESSEX, GOV, MET_2, REGISTER, build_db
from recordset import add_records

from lfrwatch.publish import serve

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
#: A query Datasette rejects (not a SELECT).
REJECTED = "/lfrwatch.json?sql=" + urllib.parse.quote("delete from claims")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with NO_PROXY.open(url, timeout=10) as response:
        return json.loads(response.read())


def start_server(path: Path, stdout, stderr) -> tuple[subprocess.Popen, str]:
    """`lfrwatch serve` on a free port, once it answers."""
    port = free_port()
    lfrwatch = Path(sys.executable).with_name("lfrwatch")
    proc = subprocess.Popen([str(lfrwatch), "serve", "--db", str(path), "--port", str(port)],
                            stdout=stdout, stderr=stderr, env={**os.environ, "NO_PROXY": "*"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            get_json(f"{base}/-/versions.json")
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                pytest.fail("lfrwatch serve did not start")
            time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server, its stdout and stderr in files beside the database (``output(path)`` reads them)."""
    path = tmp_path_factory.mktemp("serve") / "lfrwatch.db"
    db = build_db(path)
    add_records(db)  # record_comparisons stays empty: `lfrwatch serve` fills it at start
    db.close()
    with open(path.parent / "stdout.txt", "wb") as out, open(path.parent / "stderr.txt", "wb") as err:
        proc, base = start_server(path, out, err)
    try:
        yield base, path
    finally:
        stop_server(proc)


def output(path: Path) -> str:
    """What the server has printed so far, stdout then stderr."""
    return (path.parent / "stdout.txt").read_text() + (path.parent / "stderr.txt").read_text()


def http_error(url: str, **request) -> urllib.error.HTTPError:
    try:
        NO_PROXY.open(urllib.request.Request(url, **request), timeout=10)
    except urllib.error.HTTPError as exc:
        return exc
    raise AssertionError(f"{url} did not fail")


def test_canned_timeline_query_over_http(server):
    base, _ = server
    rows = get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&claimant=Metropolitan+Police&_shape=array")
    assert [(r["first_seen"], r["value"]) for r in rows] == [
        ("2025-01-30", 500), ("2025-07-31", 1000), ("2025-10-07", 1000), ("2026-03-04", 1300), ("2026-06-16", 1100)]
    repeated = rows[1]
    assert repeated["repeat_count"] == 3 and repeated["independent_count"] == 2
    assert json.loads(repeated["sources"])[0] == MET_2
    everyone = get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&_shape=array")
    assert {r["claimant_org"] for r in everyone} == {"Metropolitan Police", "Essex Police"}


def test_canned_conflicts_and_quotes(server):
    base, _ = server
    conflicts = get_json(f"{base}/lfrwatch/conflicts.json?metric=arrests&_shape=array")
    decrease = next(c for c in conflicts if c["kind"] == "cumulative_decrease")
    assert (decrease["document_url"], decrease["other_document_url"]) == (REGISTER, GOV)
    assert "went down" in decrease["reason"]
    assert len(get_json(f"{base}/lfrwatch/conflicts.json?metric=&_shape=array")) == 3
    quotes = get_json(f"{base}/lfrwatch/quotes_by_speaker.json?speaker=Oyelaran&_shape=array")
    assert [q["first_seen"] for q in quotes] == ["2026-03-04", "2025-07-31", "2025-01-30"]


def test_metadata_describes_tables_and_columns(server):
    base, _ = server
    meta = get_json(f"{base}/-/metadata.json")
    claims = meta["databases"]["lfrwatch"]["tables"]["claims"]
    assert "normalised number" in claims["columns"]["value"]
    assert meta["license"] == "ODC-BY-1.0" and meta["source"]
    assert set(meta["databases"]["lfrwatch"]["queries"]) == {"timeline", "conflicts", "quotes_by_speaker",
                                                            "claimed_vs_recorded"}
    tables = meta["databases"]["lfrwatch"]["tables"]
    assert tables["record_comparisons"]["title"] == "Claimed versus recorded"
    assert "claimed minus recorded" in tables["record_comparisons"]["columns"]["difference"]
    assert tables["record_deployments"]["title"] == "Deployment records"
    assert "Faces seen" in tables["record_deployments"]["columns"]["faces_seen"]
    assert tables["record_files"]["description"]


def test_canned_claimed_vs_recorded_query_over_http(server):
    base, _ = server
    rows = get_json(f"{base}/lfrwatch/claimed_vs_recorded.json?metric=arrests&_shape=array")
    assert [r["claimed_on"] for r in rows] == sorted(r["claimed_on"] for r in rows)
    assert {r["force"] for r in rows} == {"met", "essex"} and {r["metric"] for r in rows} == {"arrests"}
    essex = [r for r in rows if r["force"] == "essex"]
    assert [(r["claimed"], r["recorded"], r["difference"], r["verdict"], r["document_url"]) for r in essex] == \
        [(63, 70, -7, "lower", ESSEX)]
    assert "70 from 4 deployment(s), 2024-08-01 to 2025-09-18" in essex[0]["reason"]
    running = next(r for r in rows if r["claimed_on"] == "2025-07-31" and r["document_url"] == MET_2)
    assert (running["recorded"], running["verdict"]) == (58, "not_comparable")
    assert "only a lower bound" in running["reason"]  # the Met's records cover January to April 2025 only
    everything = get_json(f"{base}/lfrwatch/claimed_vs_recorded.json?metric=&_shape=array")
    assert len(everything) == 13 and {r["metric"] for r in everything} == {"arrests", "alerts", "false_alerts"}
    assert all(r["claim_id"] for r in everything)


def test_the_database_is_served_read_only(tmp_path):
    path = tmp_path / "lfrwatch.db"
    build_db(path).close()
    ds = serve.build_datasette(path)
    database = ds.get_database("lfrwatch")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(database.execute_write("delete from claims"))
    assert set(ds.databases) == {"lfrwatch", "_internal"}  # Datasette's own in-memory catalogue, nothing else


def test_serve_without_a_database_is_a_one_line_error(cli_run, tmp_path):
    result = cli_run("serve", "--db", tmp_path / "none.db", "--port", free_port())
    assert result.exit_code == 1 and "no database at" in result.stderr


# -- visitors' SQL and methods ----------------------------------------------------------------------


def test_a_rejected_query_costs_one_short_line(server):
    base, path = server
    before = len(output(path))
    for _ in range(5):
        started = time.monotonic()
        refused = http_error(base + REJECTED)
        assert refused.code == 400 and json.loads(refused.read())["error"] == "Statement must be a SELECT"
        assert time.monotonic() - started < 0.3  # a rich traceback took ~0.6 s
    printed = output(path)[before:]
    assert printed.splitlines() == ["lfrwatch serve: 400 GET /lfrwatch.json: DatasetteError: Statement must be a "
                                    "SELECT"] * 5  # was ~46 KB a query


def test_a_post_to_a_canned_query_is_refused_with_405(server):
    base, _ = server
    refused = http_error(f"{base}/lfrwatch/timeline", data=b"metric=arrests&claimant=", method="POST")
    assert refused.code == 405 and refused.headers["Allow"] == "GET, HEAD"
    assert "read-only" in json.loads(refused.read())["error"]
    assert get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&claimant=&_shape=array")  # GET still answers


@pytest.mark.parametrize("sql, error", [
    ("select fts3_tokenizer('simple')", "not authorized to use function: fts3_tokenizer"),
    ("select load_extension('/tmp/nothing')", "not authorized to use function: load_extension"),
    ("select length(zeroblob(100000000))", "string or blob too big"),
])
def test_functions_that_reach_past_the_data_are_refused(server, sql, error):
    base, _ = server
    refused = http_error(f"{base}/lfrwatch.json?sql={urllib.parse.quote(sql)}")
    assert refused.code == 400 and json.loads(refused.read())["error"] == error
    assert get_json(f"{base}/lfrwatch.json?sql={urllib.parse.quote('select count(*) as n from claims')}"
                    "&_shape=array")[0]["n"] > 0  # the data is still served


def test_the_server_keeps_answering_with_its_output_to_an_unread_pipe(tmp_path):
    path = tmp_path / "lfrwatch.db"
    build_db(path).close()
    proc, base = start_server(path, subprocess.PIPE, subprocess.PIPE)  # nobody reads them
    try:
        for _ in range(20):  # ~46 KB each filled a 64 KB pipe by the second; the server then hung
            assert http_error(base + REJECTED).code == 400
        assert get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&claimant=&_shape=array")
    finally:
        stop_server(proc)


def test_the_index_lists_the_researchers_tables_and_titles_claims_for_what_they_hold():
    """Internal tables are hidden (the index opens on claims, documents, records and the canned queries)."""
    tables = serve.metadata()["databases"][serve.DB_NAME]["tables"]
    hidden = {name for name, table in tables.items() if table.get("hidden")}
    assert {"_migrations", "derived_state", "timeline_rows", "quote_texts", "quote_text_claims"} <= hidden
    assert not hidden & {"claims", "documents", "people", "places", "conflicts", "record_deployments",
                         "record_comparisons"}
    assert tables["claims"]["title"] == "Claims: figures and quotes"
