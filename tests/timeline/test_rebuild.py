"""The derived tables rebuilt in bounded memory (lfrwatch/timeline/rebuild.py), and `lfrwatch timeline` streaming.

The rebuild must write what the in-memory refresh writes, row for row and byte for byte, and the command must
print what it printed when it held every row (emit_rows), in every format.
"""

import json
import random
import sqlite3

import pytest
import sqlite_utils
from claimset import FILLER, add, build_db, doc, fig, quote
from test_timeline import TIMELINE_QUERIES, replace_analyse

from lfrwatch import store
from lfrwatch import timeline as tl
from lfrwatch.cli import common
from lfrwatch.cli.timeline import TIMELINE_COLUMNS, stream_rows
from lfrwatch.timeline import rebuild

TABLES = ("claim_groups", "timeline_rows", "claim_group_sources", "conflicts")


def dump(db) -> dict:
    """Every row of the derived tables in rowid order, with its columns, and what they were built from."""
    out = {table: [tuple(r) for r in db.execute(f"select * from {table} order by rowid")] for table in TABLES}
    out["built"] = db.execute("select built_version, built_code from derived_state").fetchone()
    return out


FORCES = ["the Met", "Metropolitan Police Service", "Essex Police", "South Wales Police", "the force", None]
PUBLISHERS = ["Metropolitan Police", "The Courier", "Daily Register", "Essex Police", "Privacy Watch"]
SPEAKERS = ["Gareth Oyelaran", "Ann Reidy", "Sam Kaur", None]
QUOTES = ["This is a deeply alarming step", "Every arrest is someone who was wanted",
          "The technology is accurate and fair", "We will keep the public informed"]


def synthetic_docs(n: int = 60, seed: int = 23) -> list[dict]:
    """Documents shaped to exercise grouping: repeats across outlets, word-for-word copies, figures that sort
    alike (same day, same document), generic claimants, running totals that go down, parts above wholes,
    documents without a date, quotes whose speaker differs between outlets."""
    rng = random.Random(seed)
    docs, bodies = [], []
    for i in range(n):
        figures, quotes, parts = [], [], []
        for j in range(rng.randint(1, 5)):
            metric = rng.choice(["arrests", "charges_or_cautions", "alerts", "false_alerts", "deployments"])
            value = rng.choice([12, 60, 500, 1000, 1046, 1200, 1300])
            shape = rng.random()
            extra = {"claimant": rng.choice(FORCES)}
            if shape < 0.3:
                extra.update(period="to date", as_of=f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
            elif shape < 0.6:
                extra.update(period="in 2024", period_start="2024-01-01", period_end="2024-12-31")
            if rng.random() < 0.3:
                extra["qualifier"] = rng.choice(["more than", "about", "a further"])
            text = f"{extra.get('qualifier', '')} {value:,} {metric.replace('_', ' ')} n{i}x{j}".strip()
            if rng.random() < 0.5:  # the same words in many documents: one claim repeated
                text = f"{value:,} {metric.replace('_', ' ')}"
                if text in parts:
                    continue
            parts.append(text)
            figures.append(fig(text, metric, value, **extra))
        if rng.random() < 0.5:
            said = rng.choice(QUOTES)
            if said not in parts:
                parts.append(said)
                quotes.append(quote(said, rng.choice(SPEAKERS[:3]), role=rng.choice(["lead", "director", None]),
                                    org=rng.choice(["Metropolitan Police", "Privacy Watch", None])))
        body = "Live facial recognition. " + ". ".join(parts) + ". " + FILLER
        if bodies and rng.random() < 0.2:  # a word-for-word copy of an earlier article, with its claims
            source = rng.choice(docs)
            body, figures, quotes = source["body"], source["figures"], source["quotes"]
        bodies.append(body)
        published = None if rng.random() < 0.1 else f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 12)}T10:00:00Z"
        docs.append(doc(f"https://outlet{i % 7}.example/news/{i}", rng.choice(PUBLISHERS), "press", published, body,
                        figures=figures, quotes=quotes))
    return docs


@pytest.mark.parametrize("docs", [None, "synthetic"], ids=["scenario", "synthetic"])
def test_the_rebuild_writes_what_the_in_memory_refresh_writes(tmp_path, docs):
    db = build_db(tmp_path / "same.db", synthetic_docs() if docs else None)
    analysis = tl.refresh_derived(db)
    assert tl.derived_current(db) and analysis.conflicts and len(analysis.groups) > 5
    in_memory = dump(db)
    conflicts = tl.rebuild_derived(db)
    assert tl.derived_current(db)
    assert dump(db) == in_memory
    assert conflicts == analysis.conflicts
    if docs:
        assert any(len(g["sources"]) > 2 for g in analysis.groups) and analysis.copies


def test_a_stale_timeline_is_rebuilt_without_analysing_every_claim_in_memory(tmp_path, monkeypatch):
    db = build_db(tmp_path / "stale.db", synthetic_docs(40, seed=5))
    expected = {metric: tl.timeline(db, metric, analysis=tl.analyse(db)) for metric in tl.METRICS}
    assert not tl.derived_current(db)

    def no_analysis(_db):
        raise AssertionError("a stale timeline is rebuilt from SQL, not analysed in memory")

    replace_analyse(monkeypatch, no_analysis)
    monkeypatch.setattr(store, "list_claims", no_analysis)
    for metric in tl.METRICS:
        assert tl.timeline(db, metric) == expected[metric], metric
        assert tl.derived_current(db)
        db.execute("update derived_state set built_version = null")  # stale again for the next metric


def test_a_write_during_the_rebuild_leaves_the_tables_stale(tmp_path, monkeypatch):
    db = build_db(tmp_path / "race.db")
    other = store.open_db(tmp_path / "race.db")
    real = rebuild._copies

    def copies_then_someone_writes(database):
        found = real(database)
        add(other, doc("https://late.example/1", "Essex Police", "police", "2026-05-01T10:00:00Z",
                       "Essex Police has made 99 arrests in 2025 with live facial recognition. " * 2,
                       figures=[fig("99 arrests", "arrests", 99, period="in 2025", claimant="Essex Police")]))
        return found

    monkeypatch.setattr(rebuild, "_copies", copies_then_someone_writes)
    assert tl.rebuild_derived(db) is not None
    assert not tl.derived_current(db)  # built from the snapshot before the late write
    assert 99 not in [json.loads(r[0])["value"] for r in db.execute("select row from timeline_rows")]
    monkeypatch.setattr(rebuild, "_copies", real)
    assert 99 in [r["value"] for r in tl.timeline(db, "arrests")]
    assert tl.derived_current(db)
    assert not db.execute("select name from sqlite_temp_master where name like 'lfrwatch%'").fetchall()


def read_only_copy(tmp_path) -> tuple[sqlite3.Connection, list]:
    """A database of claims opened read-only, and the arrests timeline analysed in memory before."""
    path = tmp_path / "readonly.db"
    build_db(path).close()
    db = store.open_db(path)
    expected = tl.timeline(db, "arrests", analysis=tl.analyse(db))
    db.close()
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True), expected


def test_a_read_only_file_is_not_rebuilt_but_still_answers(tmp_path):
    readonly, expected = read_only_copy(tmp_path)
    db = sqlite_utils.Database(readonly)
    assert tl.rebuild_derived(db) is None
    assert db["claim_groups"].count == 0
    assert tl.timeline(db, "arrests") == expected


def test_a_file_that_cannot_be_written_is_tried_once_then_analysed_in_memory(tmp_path):
    """The rebuild's attempt to write is the only one (a locked file would be waited for once, not twice)."""
    readonly, expected = read_only_copy(tmp_path)
    statements = []
    readonly.set_trace_callback(statements.append)
    assert tl.timeline(sqlite_utils.Database(readonly), "arrests") == expected
    attempts = [s for s in statements if s.startswith("delete from claim_group_sources")]
    assert len(attempts) == 1, attempts  # each write of the derived tables empties this one first
    assert not readonly.in_transaction


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
@pytest.mark.parametrize("orjson", [True, False], ids=["orjson", "json"])
def test_the_command_prints_what_it_printed_holding_every_row(tmp_path, cli_run, monkeypatch, fmt, orjson):
    path = tmp_path / "print.db"
    db = build_db(path, synthetic_docs(30, seed=7))
    tl.refresh_derived(db)
    if not orjson:
        monkeypatch.setattr(common, "orjson", None)
    compared = 0
    for metric in ("arrests", "alerts", "money"):  # money: no rows at all
        for query in TIMELINE_QUERIES + [{"limit": 2, "offset": 1}]:
            rows = tl.timeline(db, metric, **query)
            args = [f"--{k}={v}" for k, v in query.items()]
            printed = cli_run("timeline", metric, "--db", path, "--format", fmt, *args)
            assert printed.exit_code == 0, printed.stderr
            with monkeypatch.context() as m:
                out = []
                m.setattr(common.click, "echo", lambda text="", nl=True, **_: out.append(
                    (text.encode() if isinstance(text, str) else text) + (b"\n" if nl else b"")))
                common.emit_rows(rows, fmt, TIMELINE_COLUMNS)
            assert printed.stdout_bytes == b"".join(out), (metric, query)  # .stdout would turn CRLF into LF
            compared += len(rows)
    assert compared > 20


def test_rows_are_written_as_they_are_read(monkeypatch):
    """The command's writer asks for a row only after writing the ones before it (nothing is gathered first)."""
    from lfrwatch.cli import timeline as command

    written, asked = [], []

    def rows():
        for n in range(3 * 1000):
            asked.append(n)
            yield {"first_seen": "2025-01-01", "value": n, "sources": [{"url": "https://x.example/" + "y" * 50}]}

    monkeypatch.setattr(common, "CHUNK", 1024)  # the writer the command shares with emit
    monkeypatch.setattr(command.click, "echo", lambda chunk, nl=True: written.append(len(asked)))
    stream_rows(rows(), "json", TIMELINE_COLUMNS)
    assert len(written) > 50 and written[0] < 20  # written in many pieces, the first after a few rows
