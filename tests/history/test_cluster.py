"""`lfrwatch extract --scheduler` on a real Dask cluster (a LocalCluster of two worker processes on 127.0.0.1).

The claims stored from the cluster are the claims a single-process run stores; a worker killed mid-task costs
nothing (its batch runs again elsewhere, no document is stored twice); a scheduler that cannot be reached is
reported by address before anything is written. The cluster and the client are tests/conftest.py's.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clusters import unused_port

from lfrwatch import store
from lfrwatch.history import cluster
from lfrwatch.nlp import split_header

TEXTS = Path(__file__).resolve().parents[2] / "data" / "eval" / "texts"


def store_corpus(path: str) -> None:
    """The evaluation texts (our own rewrites, with their header's meta) as stored documents."""
    db = store.open_db(path)
    for text_path in sorted(TEXTS.glob("*.txt")):
        meta, body, _offset = split_header(text_path.read_text(encoding="utf-8"))
        url = meta.get("url") or f"https://example.org/{text_path.stem}"
        store.store_document(db, {"url": url, "canonical_url": url, "text": body, "title": text_path.stem,
                                  "published": meta.get("published"), "publisher": meta.get("publisher"),
                                  "kind": meta.get("kind")})
    db.close()


def stored_claims(path: str) -> list[tuple]:
    """Every claim, person and place stored, by document URL, without row ids or timestamps."""
    db = store.open_db(path)
    claims = sorted(tuple(row) for row in db.execute(
        """select d.url, c.kind, c.metric, c.value, c.unit, c.qualifier, c.period, c.period_start, c.period_end,
                  c.as_of, c.text, c.start, c."end", c.speaker, c.role, c.org, c.claimant, p.name, c.claimed_on
           from claims c join documents d on d.id = c.document_id left join people p on p.id = c.person_id"""))
    people = sorted(tuple(row) for row in db.execute(
        "select d.url, p.name, p.honorific, p.role, p.org from people p join documents d on d.id = p.document_id"))
    places = sorted(tuple(row) for row in db.execute(
        """select d.url, dp.name, dp.start, dp."end" from document_places dp
           join documents d on d.id = dp.document_id"""))
    unanalysed = db.execute("select count(*) from documents where analysed_version_id is not current_version_id"
                            ).fetchone()[0]
    db.close()
    return [("claims", claims), ("people", people), ("places", places), ("unanalysed", unanalysed)]


@pytest.fixture(scope="module")
def single_process(tmp_path_factory) -> list[tuple]:
    """The claims of a single-process `extract_claims` over the corpus: what the cluster must reproduce."""
    from lfrwatch.nlp.extract import extract_claims

    path = str(tmp_path_factory.mktemp("single") / "lfrwatch.db")
    store_corpus(path)
    db = store.open_db(path)
    result = extract_claims(db, n_process=1)
    db.close()
    assert result.documents == len(list(TEXTS.glob("*.txt"))) and result.claims > 50
    return stored_claims(path)


def test_cluster_extract_stores_the_claims_of_a_single_process_run(local_cluster, single_process, db_path,
                                                                   cli_run):
    store_corpus(db_path)
    outcome = cli_run("extract", "--scheduler", local_cluster.scheduler_address, "--db", db_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert f"analysed {len(list(TEXTS.glob('*.txt')))} document(s)" in outcome.stderr
    assert stored_claims(db_path) == single_process
    again = cli_run("extract", "--scheduler", local_cluster.scheduler_address, "--db", db_path)
    assert "analysed 0 document(s), stored 0 claim(s)" in again.stderr


def test_a_worker_killed_mid_task_costs_nothing_and_nothing_is_stored_twice(client, single_process, db_path,
                                                                             monkeypatch):
    store_corpus(db_path)
    stores: list[int] = []
    real_store_analysis = store.store_analysis

    def counting_store_analysis(db, job, analysis):
        stores.append(job["document_id"])
        return real_store_analysis(db, job, analysis)

    monkeypatch.setattr(store, "store_analysis", counting_store_analysis)
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(_count: int) -> None:
        if killed:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            busy = [address for address, keys in client.processing().items() if keys]
            if busy:
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)
                return
            time.sleep(0.01)

    db = store.open_db(db_path)
    result = cluster.extract_on_cluster(db, client, documents_per_task=3, progress=kill_a_busy_worker)
    db.close()
    assert killed, "no worker was busy to kill"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert result.failed == []
    assert sorted(stores) == sorted(set(stores)) and len(stores) == len(list(TEXTS.glob("*.txt")))
    assert stored_claims(db_path) == single_process


def test_an_unreachable_scheduler_is_named_and_nothing_is_written(db_path, cli_run, monkeypatch):
    store_corpus(db_path)
    before = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in Path(db_path).parent.iterdir()}
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{unused_port()}"
    outcome = cli_run("extract", "--scheduler", address, "--db", db_path)
    assert outcome.exit_code == 1
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and address in lines[0] and "cannot be reached" in lines[0], outcome.stderr
    after = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in Path(db_path).parent.iterdir()}
    assert after == before


def test_tasks_are_made_smaller_when_the_documents_are_few():
    assert cluster.documents_per_task_for(100_000, 2) == cluster.DOCUMENTS_PER_TASK
    assert cluster.documents_per_task_for(64, 2) == 4  # 16 tasks: 8 a worker thread
    assert cluster.documents_per_task_for(64, 1) == 8
    assert cluster.documents_per_task_for(65, 2) == 5  # rounded up: never more tasks than asked for
    assert cluster.documents_per_task_for(3, 4) == 1
    assert cluster.documents_per_task_for(0, 0) == 1


def test_the_client_names_the_model_without_importing_spacy():
    """The client never parses: importing spaCy there cost ~0.8 s of CPU before the first task went out."""
    script = ("import sys; from lfrwatch.history import cluster; "
              "print(cluster.model_name(None), cluster.model_name('given'), 'spacy' in sys.modules)")
    env = dict(os.environ, LFRWATCH_SPACY_MODEL="from_the_environment")
    named = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert named.stdout.split() == ["from_the_environment", "given", "False"]
