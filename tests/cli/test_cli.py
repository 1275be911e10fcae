"""The command-line contract: help everywhere, one-line errors, documented exit codes."""

import sqlite3

import click
import pytest

from lfrwatch.cli import cli


def all_commands():
    ctx = click.Context(cli)
    return [(name, cli.get_command(ctx, name)) for name in cli.list_commands(ctx)]


@pytest.mark.parametrize("name, command", all_commands())
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and "Example:" in command.help, f"`lfrwatch {name}` needs help text with an example"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            assert param.help, f"`lfrwatch {name} {param.opts[0]}` needs help text"


def test_contract_commands_exist():
    names = {name for name, _ in all_commands()}
    assert {"crawl", "extract", "analyze", "documents", "claims", "timeline", "demo", "sources"} <= names


@pytest.mark.parametrize("name", ["crawl", "extract", "documents", "claims", "timeline", "sources"])
def test_every_database_command_takes_db(name):
    command = dict(all_commands())[name]
    assert any("--db" in p.opts for p in command.params)


def one_line_error(result):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_unknown_source(cli_run, db_path):
    result = cli_run("crawl", "no_such_source", "--db", db_path)
    assert result.exit_code == 1
    assert "unknown source 'no_such_source'" in one_line_error(result)


def test_bad_feed_url(cli_run, db_path):
    result = cli_run("crawl", "--feed", "not-a-url", "--db", db_path)
    assert result.exit_code == 1
    assert "bad URL 'not-a-url'" in one_line_error(result)


def test_unreadable_file(cli_run, tmp_path):
    result = cli_run("analyze", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "missing.txt: cannot read file" in one_line_error(result)


def test_missing_database_for_reading(cli_run, tmp_path):
    result = cli_run("claims", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no database at" in one_line_error(result)


def test_database_locked_by_another_run(cli_run, db_path, monkeypatch):
    """Readers never wait (WAL); a writer meeting another writer gets exit code 4."""
    from lfrwatch import store

    db = store.open_db(db_path)
    store.store_document(db, {"url": "http://x.test/a", "canonical_url": "http://x.test/a",
                              "text": "Live facial recognition led to 12 arrests in Croydon.", "title": "A"})
    db.close()
    monkeypatch.setenv("LFRWATCH_DB_TIMEOUT", "0.2")
    holder = sqlite3.connect(db_path)
    holder.execute("begin exclusive")
    try:
        assert cli_run("claims", "--db", db_path).exit_code == 0
        result = cli_run("extract", "--db", db_path)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 4
    assert "locked" in one_line_error(result)


def test_db_from_environment(cli_run, tmp_path, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("LFRWATCH_DB", str(target))
    result = cli_run("documents", "--format", "json")
    assert result.exit_code == 1 and str(target) in result.stderr  # not created by a read
    from lfrwatch import store

    store.open_db(target).close()
    assert cli_run("documents", "--format", "json").stdout.strip() == "[]"


def test_bad_config_file_is_named(cli_run, tmp_path, monkeypatch, db_path):
    config = tmp_path / "lfrwatch.toml"
    config.write_text("[sources.met_news\nbase_url = 1")
    monkeypatch.setenv("LFRWATCH_CONFIG", str(config))
    result = cli_run("sources", "--db", db_path)
    assert result.exit_code == 1
    assert str(config) in one_line_error(result)


def test_schema_markdown_lists_tables(cli_run, db_path):
    out = cli_run("schema", "--db", db_path, "--format", "markdown").stdout
    assert "### `claims`" in out and "| `metric` |" in out


def test_timeline_pages_with_limit_and_offset(cli_run, tmp_path):
    import json

    from claimset import build_db

    path = tmp_path / "pages.db"
    build_db(path).close()
    whole = json.loads(cli_run("timeline", "arrests", "--db", path, "--format", "json").stdout)
    assert len(whole) >= 4
    page = cli_run("timeline", "arrests", "--db", path, "--limit", "2", "--offset", "1", "--format", "json")
    assert page.exit_code == 0, page.stderr
    assert json.loads(page.stdout) == whole[1:3]
    rest = json.loads(cli_run("timeline", "arrests", "--db", path, "--offset", "2", "--format", "json").stdout)
    assert rest == whole[2:]
    assert json.loads(cli_run("timeline", "arrests", "--db", path, "--limit", "0", "--format", "json").stdout) == []
    table = cli_run("timeline", "arrests", "--db", path, "--limit", "1").stdout.splitlines()
    assert len(table) == 3  # header, rule, one row
    bad = cli_run("timeline", "arrests", "--db", path, "--limit", "-1")
    assert bad.exit_code == 2 and "--limit" in bad.stderr


def test_json_output_is_utf8_json_and_falls_back_for_what_orjson_refuses():
    import json

    from lfrwatch.cli import common as cliutils

    rows = [{"speaker": "Dana Whitcombe", "text": "“a game-changer”", "value": 1000.0, "sources": [{"id": 1}]}]
    assert cliutils.orjson is not None  # pinned: the fast path is the one users get
    text = cliutils.json_text(rows)
    assert json.loads(text) == rows and "“a game-changer”".encode() in text  # not \u-escaped
    huge = [{"value": 2**70}, {1: "a key that is not a string"}]
    assert json.loads(cliutils.json_text(huge)) == [{"value": 2**70}, {"1": "a key that is not a string"}]


def test_emit_prints_the_whole_lists_json_text_and_one_csv_writers_text(capsysbinary, monkeypatch):
    """emit's JSON is json_text of the whole list (orjson's refusal of one row makes json write them all) and its
    CSV is one DictWriter's, headed by the first row's fields; the same for writes of any size."""
    import csv
    import io

    from lfrwatch.cli import common as cliutils

    rows = [{"value": 1e-07, "ratio": float("nan"), "text": "“quoted”\nover two lines", "sources": [{"id": 1}]},
            {"value": 2**70, "extra": "a field the first row lacks"}, {"text": "a row without the others"}]
    expected_csv = io.StringIO()
    writer = csv.DictWriter(expected_csv, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    for chunk in (1 << 16, 1):
        monkeypatch.setattr(cliutils, "CHUNK", chunk)
        for data, fmt, expected in [(rows, "json", cliutils.json_text(rows) + b"\n"),
                                    (rows[:1], "json", cliutils.json_text(rows[:1]) + b"\n"),
                                    ([], "json", b"[]\n"),
                                    (rows, "csv", expected_csv.getvalue().encode()),
                                    ([], "csv", b"a,b\r\n")]:
            cliutils.emit(data, fmt, ["a", "b"])
            assert capsysbinary.readouterr().out == expected, (fmt, data)
    assert b"1e-07" in cliutils.json_text(rows) and b"NaN" in cliutils.json_text(rows)  # json wrote every row
