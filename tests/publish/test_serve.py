"""`lfrwatch serve`: Datasette over real HTTP on 127.0.0.1, read-only, with metadata and canned queries."""

import asyncio
import json
import os
import re
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


def archived_page(text: str) -> bytes:
    """The HTML a test page's archived response holds."""
    return f"<!DOCTYPE html><html><body><p>{text}</p><script>alert(1)</script></body></html>".encode()


def archive_versions(db, folder: Path, *, missing: str | None = None) -> None:
    """Archive every document version's page as a WARC response record, as a crawl does, and point the version
    at it; the versions of ``missing`` (a URL) point at a WARC file that is not there."""
    from lfrwatch.crawl.archive import WarcArchive

    archive = WarcArchive(folder)
    try:
        for version in list(db.query("select id, url, text from document_versions")):
            where = archive.write_exchange(url=version["url"], method="GET", request_headers=[], request_body=b"",
                                           status=200, response_headers=[("Content-Type", "text/html; charset=utf-8")],
                                           body=archived_page(version["text"]))
            if version["url"] == missing:
                where["warc_file"] = "gone.warc.gz"
            db.execute("update document_versions set warc_file = ?, warc_offset = ?, warc_record_id = ? where id = ?",
                       [where["warc_file"], where["warc_offset"], where["warc_record_id"], version["id"]])
        db.conn.commit()
    finally:
        archive.close()


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
    archive_versions(db, path.parent / "archive", missing=ESSEX)
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
                                                            "claimed_vs_recorded", "claim_bytes"}
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
    assert (tables["claims"]["sort_desc"], tables["documents"]["sort_desc"]) == ("claimed_on", "published")


# -- what a researcher asks: the metric, the claimant ------------------------------------------------


def get_page(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, errors included."""
    try:
        with NO_PROXY.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def printed_by(path: Path, ask) -> list[str]:
    """The lines the server prints while ``ask()`` runs (it waits a moment for them to arrive)."""
    before = len(output(path))
    ask()
    time.sleep(0.3)
    return output(path)[before:].splitlines()


@pytest.mark.parametrize("spelling", ["the Met", "Met", "Metropolitan Police", "metropolitan police service",
                                      "Scotland Yard", "the Met's", "Essex", "Essex Police", "register"])
def test_the_timeline_takes_a_claimant_as_the_command_line_does(server, spelling):
    from lfrwatch import store
    from lfrwatch.timeline import timeline

    base, path = server
    served = get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&claimant={urllib.parse.quote(spelling)}"
                      "&_shape=array")
    db = store.open_db(path, create=False)
    try:
        wanted = {row["group_id"] for row in timeline(db, "arrests", claimant=spelling)}
    finally:
        db.close()
    assert served and {row["group_id"] for row in served} == wanted
    if spelling not in ("Essex", "Essex Police", "register"):
        assert {row["claimant_org"] for row in served} == {"Metropolitan Police"}


def test_an_empty_or_unknown_metric_is_answered_with_what_to_choose(server):
    from lfrwatch.records import COVERED_METRICS
    from lfrwatch.timeline import METRICS

    base, path = server
    known = ", ".join(METRICS)
    answers = {
        "timeline.json?metric=": f"metric is empty: choose one of {known}",
        "timeline.json?metric=arests&claimant=Met": f"unknown metric 'arests': did you mean 'arrests'? "
                                                    f"(choose one of {known})",
        "conflicts.json?metric=faces": f"unknown metric 'faces': did you mean 'faces_scanned'? "
                                       f"(choose one of {known})",
        "conflicts.json?metric=zzz": f"unknown metric 'zzz': (choose one of {known})",
        "claimed_vs_recorded.json?metric=money": "the records do not cover 'money': choose one of "
                                                 f"{', '.join(COVERED_METRICS)}, or none for all",
    }
    for query, message in answers.items():
        got = {}
        lines = printed_by(path, lambda: got.update(answer=get_page(f"{base}/lfrwatch/{query}")))
        status, _, body = got["answer"]
        assert status == 400 and json.loads(body)["error"] == message
        assert lines == [f"lfrwatch serve: 400 GET /lfrwatch/{query.split('?')[0]}: OperationalError: {message}"]
    status, _, page = get_page(f"{base}/lfrwatch/timeline?metric=&claimant=")
    assert status == 400 and f'<p class="message-error">metric is empty: choose one of {known}</p>' in page.decode()
    # Where an empty metric means every metric, it still does.
    assert len(get_json(f"{base}/lfrwatch/claimed_vs_recorded.json?metric=&_shape=array")) == 13


def metric_choice(page: bytes) -> dict | None:
    """The metrics the page's ``metric`` field offers (the spec its script turns into a select box)."""
    found = re.search(r'\}\)\((\{"choices".*?\})\);', page.decode())
    return json.loads(found.group(1)) if found else None


def test_the_metric_is_a_choice_of_the_known_metrics(server):
    from lfrwatch.records import COVERED_METRICS
    from lfrwatch.timeline import METRICS

    base, _ = server
    assert metric_choice(get_page(f"{base}/lfrwatch/timeline?metric=arrests")[2]) == {
        "choices": list(METRICS), "empty": "choose a metric…"}
    assert metric_choice(get_page(f"{base}/lfrwatch/conflicts")[2]) == {"choices": list(METRICS),
                                                                          "empty": "all metrics"}
    assert metric_choice(get_page(f"{base}/lfrwatch/claimed_vs_recorded")[2]) == {
        "choices": list(COVERED_METRICS), "empty": "all metrics the records cover"}
    assert metric_choice(get_page(f"{base}/lfrwatch/quotes_by_speaker?speaker=Reidy")[2]) is None
    assert metric_choice(get_page(f"{base}/lfrwatch/claims")[2]) is None


def test_a_404_is_one_line_on_stderr(server):
    base, path = server
    missing = {"/lfrwatch/nosuchtable": "NotFound: Table not found", "/nosuchdb": "NotFound: Database not found",
               "/lfrwatch/claims/nosuchrow": "NotFound: Record not found", "/-/static/nothing.css": "Not Found"}
    for where, reason in missing.items():
        got = {}
        lines = printed_by(path, lambda: got.update(status=get_page(base + where)[0]))
        assert got["status"] == 404
        assert lines == [f"lfrwatch serve: 404 GET {where}: {reason}"]
    assert "Traceback" not in output(path)


# -- every claim leads to its bytes ------------------------------------------------------------------


def claim_versions(path: Path) -> list[dict]:
    """Every claim with its version's URL, text and WARC record id."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(
            "select c.id, v.url, v.text, v.warc_file, v.warc_offset, v.warc_record_id from claims c "
            "join document_versions v on v.id = c.version_id order by c.id")]
    finally:
        conn.close()


def test_a_claims_archived_response_is_served_in_a_sandbox(server):
    base, path = server
    claims = [c for c in claim_versions(path) if c["url"] != ESSEX]
    assert len(claims) > 10
    for claim in claims:
        status, headers, body = get_page(f"{base}/-/warc/{claim['id']}")
        assert status == 200 and body == archived_page(claim["text"])
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["x-warc-record-id"] == claim["warc_record_id"]
        assert (headers["x-warc-file"], int(headers["x-warc-offset"])) == (claim["warc_file"], claim["warc_offset"])
        assert headers["x-archived-url"] == claim["url"]
        assert headers["content-security-policy"].startswith("sandbox;")  # its <script> never runs
        assert headers["x-content-type-options"] == "nosniff"


def test_a_claim_or_warc_file_that_is_missing_is_a_404_in_one_line(server):
    base, path = server
    essex = next(c for c in claim_versions(path) if c["url"] == ESSEX)
    answers = {}
    lines = printed_by(path, lambda: answers.update(nope=get_page(f"{base}/-/warc/nope"),
                                                    essex=get_page(f"{base}/-/warc/{essex['id']}")))
    gone = f"claim {essex['id']!r}: gone.warc.gz@{essex['warc_offset']}: the WARC file is missing " \
           f"({path.parent / 'archive' / 'gone.warc.gz'})"
    assert answers["nope"][0] == 404 and answers["nope"][2] == b"no claim with id 'nope'\n"
    assert answers["essex"][0] == 404 and answers["essex"][2].decode() == gone + "\n"
    assert lines == ["lfrwatch serve: 404 GET /-/warc/nope: no claim with id 'nope'",
                     f"lfrwatch serve: 404 GET /-/warc/{essex['id']}: {gone}"]


def test_claims_and_canned_queries_link_each_claim_to_its_archived_copy(server):
    base, path = server
    claims = claim_versions(path)
    table = get_page(f"{base}/lfrwatch/claims?_size=max")[2].decode()
    assert all(f'href="/-/warc/{c["id"]}"' in table for c in claims)
    assert "{'value'" not in table and '<a href="/lfrwatch/document_versions/1">1</a>' in table
    rows = get_json(f"{base}/lfrwatch/timeline.json?metric=arrests&claimant=&_shape=array")
    page = get_page(f"{base}/lfrwatch/timeline?metric=arrests&claimant=")[2].decode()
    assert rows and all(f'<a class="archived-copy" href="/-/warc/{r["claim_id"]}">archived copy</a>' in page
                        for r in rows)
    first = claims[0]
    [where] = get_json(f"{base}/lfrwatch/claim_bytes.json?claim={first['id']}&_shape=array")
    assert (where["warc_file"], where["warc_offset"], where["warc_record_id"], where["archived_copy"]) == (
        first["warc_file"], first["warc_offset"], first["warc_record_id"], f"/-/warc/{first['id']}")
    assert len(get_json(f"{base}/lfrwatch/claim_bytes.json?claim=&_shape=array")) == len(claims)


def test_a_loopback_page_is_not_linked_but_its_archived_copy_is(tmp_path):
    """The demo's sample site is gone once the demo ends: its URLs are text, as in the report."""
    build_db(tmp_path / "lfrwatch.db").close()
    ds = serve.build_datasette(tmp_path / "lfrwatch.db")
    gone = "http://127.0.0.1:40137/news/1000-arrests"
    cell = serve.render_cell({"document_url": gone, "claim_id": "abc"}, gone, "document_url", None, "lfrwatch", ds)
    assert '<a href="http://127.0.0.1' not in cell and gone in cell
    assert '<a class="archived-copy" href="/-/warc/abc">archived copy</a>' in cell
    assert '<a href="http://127.0.0.1' not in serve.render_cell({"url": gone}, gone, "url", "documents", "lfrwatch",
                                                                ds)
    live = serve.render_cell({"document_url": GOV, "claim_id": "abc"}, GOV, "document_url", None, "lfrwatch", ds)
    assert f'<a href="{GOV}" rel="noopener noreferrer">{GOV}</a>' in live and "/-/warc/abc" in live
    assert serve.render_cell({}, GOV, "url", "documents", "lfrwatch", ds) is None  # Datasette links it itself


def test_record_writes_a_claims_archived_payload_to_stdout(server, cli_run):
    _, path = server
    claims = claim_versions(path)
    claim = next(c for c in claims if c["url"] != ESSEX)
    result = cli_run("record", claim["id"], "--db", path)
    assert result.exit_code == 0 and result.stdout_bytes == archived_page(claim["text"])
    assert result.stderr.splitlines() == [
        f"claim {claim['id']}: {claim['url']}, archived at {claim['warc_file']}@{claim['warc_offset']}, record "
        f"{claim['warc_record_id']}, fetched {result.stderr.split('fetched ')[1].split(',')[0]}, status 200, "
        f"text/html; charset=utf-8, {len(archived_page(claim['text']))} bytes"]
    unknown = cli_run("record", "nope", "--db", path)
    assert unknown.exit_code == 1 and unknown.stderr == "error: no claim with id 'nope'\n" and not unknown.stdout
    essex = next(c for c in claims if c["url"] == ESSEX)
    gone = cli_run("record", essex["id"], "--db", path)
    assert gone.exit_code == 1 and "gone.warc.gz" in gone.stderr and "the WARC file is missing" in gone.stderr
