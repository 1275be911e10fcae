"""`lfrwatch import-warc --scheduler` on a real Dask cluster (tests/conftest.py's two-worker LocalCluster).

Several WARC files (tests/history/warcfiles.py) imported over the cluster store the documents, versions and
provenance a single-process import stores; a worker killed mid-file costs nothing (the file is read again
elsewhere, nothing is stored twice), or, once the scheduler gives the file up, that file is reported by name, the
others are stored and a re-run stores the rest; a scheduler that cannot be reached is one line naming it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
from pathlib import Path

import pytest
from clusters import unused_port
from warcfiles import OTHER_TEXT, RELEVANT_TEXT, Rec, page, record_bytes, with_content_length, write_warc

from lfrwatch import store
from lfrwatch.history import cluster
from lfrwatch.history.warcimport import WarcImport

MET = "https://news.met.police.uk/news/"
GOV = "https://www.gov.uk/government/news/"
#: The file a worker dies reading (see :func:`die_reading`).
POISON = "poison"


def relevant(n: int, text: str = RELEVANT_TEXT, site: str = MET) -> bytes:
    return record_bytes(Rec(site + f"ilford-arrests-{n}", page(f"Arrests in Ilford ({n})", text)))


@pytest.fixture
def warc_files(tmp_path) -> list[Path]:
    """Four files: gzip and plain, a damaged record, off-subject pages, and one page in two files with two texts
    (its versions depend on the order the files are stored in)."""
    files = {
        "a.warc.gz": [relevant(1), relevant(2, site=GOV), record_bytes(Rec(MET + "sheds", page("Sheds", OTHER_TEXT)))],
        "b.warc": [relevant(3), with_content_length(relevant(4), 30), relevant(5)],
        f"{POISON}.warc.gz": [relevant(n) for n in (6, 7, 8)],
        "d.warc.gz": [relevant(9), relevant(1, RELEVANT_TEXT + " Two of them were later charged.")],
    }
    paths = []
    for name, records in files.items():
        path = tmp_path / name
        write_warc(path, records, gz=name.endswith(".gz"))
        paths.append(path)
    return paths


def stored(db_path: str) -> list[tuple]:
    """Every document and version as stored, without row ids or the time of the import."""
    with sqlite3.connect(db_path) as db:
        documents = sorted(db.execute(
            "select url, canonical_url, title, source, publisher, kind, published, sha256, warc_file, warc_offset, "
            "warc_record_id, fetched_at from documents"))
        versions = sorted(db.execute(
            """select d.url, v.version, v.sha256, v.text, v.warc_file, v.warc_offset, v.warc_record_id, v.fetched_at
               from document_versions v join documents d on d.id = v.document_id"""))
    return [("documents", documents), ("versions", versions)]


@pytest.fixture
def single_process(warc_files, tmp_path):
    """What a single-process import of the files stores, and its report: what the cluster must reproduce."""
    path = str(tmp_path / "single" / "lfrwatch.db")
    report = WarcImport(path, processes=0).run([str(p) for p in warc_files])
    assert (report.new, report.changed, len(report.failures)) == (8, 1, 1)
    return stored(path), report


def test_cluster_import_stores_what_a_single_process_import_stores(local_cluster, warc_files, single_process,
                                                                   db_path, cli_run):
    documents, single = single_process

    outcome = cli_run("import-warc", *warc_files, "--scheduler", local_cluster.scheduler_address, "--db", db_path)

    assert outcome.exit_code == 3  # the damaged record
    assert stored(db_path) == documents
    assert [line for line in outcome.stderr.splitlines() if line.startswith("error: ")] == [
        f"error: {failure['path']}: {failure['error']}" for failure in single.failures]
    assert (f"imported 4 of 4 file(s): {single.records} records, {single.candidates} pages read, 8 new, 1 changed"
            in outcome.stderr)
    again = cli_run("import-warc", *warc_files, "--scheduler", local_cluster.scheduler_address, "--db", db_path)
    assert "0 pages read, 0 new, 0 changed, 9 already stored" in again.stderr
    assert stored(db_path) == documents


def die_reading(marker: str, flag: str) -> None:
    """On a worker: the first worker to read a file whose name holds ``marker`` dies there, after its first
    kept page (``flag`` is the file that says one has died)."""
    from lfrwatch.history.warcimport import PreFilter

    original = getattr(PreFilter, "_candidates_before_the_test", PreFilter.candidates)

    def candidates(self, warc, stored_ids, report):
        for number, candidate in enumerate(original(self, warc, stored_ids, report)):
            if number == 1 and marker in warc.name and not os.path.exists(flag):
                Path(flag).touch()
                os.kill(os.getpid(), signal.SIGKILL)
            yield candidate

    PreFilter._candidates_before_the_test = original
    PreFilter.candidates = candidates


def live_again() -> None:
    """On a worker: :func:`die_reading` undone."""
    from lfrwatch.history.warcimport import PreFilter

    original = getattr(PreFilter, "_candidates_before_the_test", None)
    if original is not None:
        PreFilter.candidates = original
        del PreFilter._candidates_before_the_test


@pytest.fixture
def a_worker_dies(client, tmp_path):
    """The first worker to read the poison file dies; the flag file says it did."""
    flag = tmp_path / "died"
    client.run(die_reading, POISON, str(flag))
    yield flag
    client.run(live_again)


def counting_stores(monkeypatch) -> list[str]:
    """The record ids stored, one entry per call of store_document."""
    stores: list[str] = []
    real = store.store_document

    def counting(db, article):
        stores.append(article["warc_record_id"])
        return real(db, article)

    monkeypatch.setattr(store, "store_document", counting)
    return stores


def test_a_worker_killed_mid_file_costs_nothing_and_nothing_is_stored_twice(client, a_worker_dies, warc_files,
                                                                            single_process, db_path, monkeypatch):
    documents, single = single_process
    stores = counting_stores(monkeypatch)

    report = WarcImport(db_path).run([str(p) for p in warc_files], client=client)

    assert a_worker_dies.exists(), "no worker died"
    assert report.failures == single.failures
    assert len(stores) == len(set(stores)) == 9
    assert stored(db_path) == documents


def test_a_file_whose_workers_died_is_reported_by_name_and_a_re_run_stores_it(local_cluster, client, a_worker_dies,
                                                                              warc_files, single_process, db_path,
                                                                              monkeypatch, cli_run):
    documents, single = single_process
    monkeypatch.setattr(local_cluster.scheduler, "allowed_failures", 0)  # the first death gives the file up
    stores = counting_stores(monkeypatch)
    poison = next(str(p.resolve()) for p in warc_files if POISON in p.name)

    outcome = cli_run("import-warc", *warc_files, "--scheduler", local_cluster.scheduler_address, "--db", db_path)

    assert a_worker_dies.exists()
    assert outcome.exit_code == 3
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error: ")]
    # The poison file, and any other file the scheduler had given the same worker (it dies with it), by name.
    died = {line.split(": ")[1]: line for line in errors if ": the workers reading it died" in line}
    assert poison in died and set(died) <= {str(p.resolve()) for p in warc_files}, outcome.stderr
    assert f"imported {4 - len(died)} of 4 file(s)" in outcome.stderr
    rerun = WarcImport(db_path).run([str(p) for p in warc_files], client=client)
    assert rerun.failures == single.failures  # the damaged record, reported again; nothing else
    assert len(stores) == len(set(stores)) == 9 and rerun.new >= 3  # each page stored once, over both runs
    assert stored(db_path) == documents


def test_an_unreachable_scheduler_is_named_and_nothing_is_written(warc_files, db_path, cli_run, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{unused_port()}"
    folder = Path(db_path).parent
    before = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.glob("*")}

    outcome = cli_run("import-warc", *warc_files, "--scheduler", address, "--db", db_path)

    assert outcome.exit_code == 1
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and address in lines[0] and "cannot be reached" in lines[0], outcome.stderr
    assert {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.glob("*")} == before
