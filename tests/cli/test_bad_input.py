"""Bad input: a clear one-line error with its exit code, and nothing created or written."""

from __future__ import annotations

import json


def test_a_misspelt_source_is_refused_with_a_suggestion_before_the_database_exists(cli_run, tmp_path):
    db = tmp_path / "data" / "lfrwatch.db"
    result = cli_run("crawl", "met_nws", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: unknown source 'met_nws'; did you mean 'met_news'? (see `lfrwatch sources`)"]
    assert not db.exists() and not db.parent.exists()


def test_a_source_far_from_any_name_gets_no_suggestion(cli_run, tmp_path):
    result = cli_run("crawl", "zzzz", "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert "did you mean" not in result.stderr and "unknown source 'zzzz'" in result.stderr


def test_a_bad_feed_url_is_refused_before_the_database_exists(cli_run, tmp_path):
    db = tmp_path / "x.db"
    result = cli_run("crawl", "--feed", "file:///etc/passwd", "--db", db)
    assert result.exit_code == 1
    assert "file:///etc/passwd" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_enabled_as_a_quoted_string_in_the_config_is_an_error_not_true(cli_run, tmp_path, monkeypatch):
    config = tmp_path / "lfrwatch.toml"
    config.write_text('[sources.met_news]\nenabled = "false"\n')
    monkeypatch.setenv("LFRWATCH_CONFIG", str(config))
    result = cli_run("sources", "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    line, = result.stderr.strip().splitlines()
    assert line.startswith(f"error: config file {config}: [sources.met_news] enabled must be true or false")


def test_enabled_false_in_the_config_disables_the_source(cli_run, tmp_path, monkeypatch):
    config = tmp_path / "lfrwatch.toml"
    config.write_text("[sources.met_news]\nenabled = false\n")
    monkeypatch.setenv("LFRWATCH_CONFIG", str(config))
    result = cli_run("sources", "--format", "json", "--db", tmp_path / "x.db")
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["met_news"]["enabled"] is False


def test_a_since_that_is_not_a_date_is_a_usage_error(cli_run, tmp_path):
    db = tmp_path / "x.db"
    for bad in ("2025-13-01", "yesterday"):
        for command in (("timeline", "arrests"), ("quotes",)):
            result = cli_run(*command, "--since", bad, "--db", db)
            assert result.exit_code == 2, (command, bad)
            assert f"'{bad}' does not match the format '%Y-%m-%d'" in result.stderr
    assert not db.exists()


def test_a_feed_on_a_closed_port_is_one_error_line_and_exit_1(cli_run, tmp_path):
    """Nothing at all succeeded: an error (1), not 'partial' (3); Scrapy's own log stays out of stderr."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    feed = f"http://127.0.0.1:{port}/feed.xml"
    result = cli_run("crawl", "--feed", feed, "--db", tmp_path / "x.db", "-s", "LFRWATCH_LOOPBACK_ONLY=True",
                     "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and len(lines) <= 3, result.stderr
    assert lines[0].startswith(f"error: {feed}: connection refused")
    assert lines[-1] == "error: nothing was crawled: every request failed (each is listed above)"


def test_analyze_reads_a_latin_1_file_or_the_encoding_given(cli_run, tmp_path):
    text = ("published: 2025-01-30\npublisher: Café Gazette\nkind: news\n---\nPolice in Croydon made 12 arrests "
            "using live facial recognition, said Amélie Dupont, who runs a café on North End.\n")
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    result = cli_run("analyze", path)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert [(f["value"], f["metric"]) for f in found["figures"]] == [(12, "arrests")]
    assert [p["name"] for p in found["people"]] == ["Amélie Dupont"]
    start = found["figures"][0]["start"]
    assert text[start:start + 10] == "12 arrests"  # offsets index the decoded text
    assert json.loads(cli_run("analyze", "--encoding", "latin-1", path).stdout) == found
    wrong = cli_run("analyze", "--encoding", "utf-8", path)
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == f"error: {path}: cannot read file: not utf-8: invalid continuation byte at byte 36"


def test_run_with_a_misspelt_source_creates_nothing(cli_run, tmp_path):
    db = tmp_path / "data" / "lfrwatch.db"
    result = cli_run("run", "met_nws", "--db", db)
    assert result.exit_code == 1
    assert "did you mean 'met_news'" in result.stderr
    assert not (tmp_path / "data").exists()  # no database, no logs/ folder
