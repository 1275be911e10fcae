"""From a feed on a loopback server to stored claims, through the public commands only."""

import json

from conftest import FAST_CRAWL_ARGS, FIXTURES


def test_crawl_extract_claims(cli_run, serve, db_path):
    site = serve(FIXTURES / "feedsite")
    crawl = cli_run("crawl", "--db", db_path, "--feed", site.url("feeds/news.rss"), "--feed",
                    site.url("feeds/news.atom"), *FAST_CRAWL_ARGS)
    assert crawl.exit_code == 3  # the 404 and the empty page are reported; the rest is stored
    extract = cli_run("extract", "--db", db_path)
    assert extract.exit_code == 0, extract.stderr
    claims = json.loads(cli_run("claims", "--db", db_path, "--format", "json").stdout)
    required = {"id", "kind", "metric", "value", "unit", "qualifier", "period", "text", "speaker", "role", "org",
                "claimant", "document_url", "published", "publisher"}
    assert claims and all(required <= set(c) for c in claims)

    arrests = [c for c in claims if c["metric"] == "arrests" and c["value"] == 1000]
    assert len(arrests) == 1
    claim = arrests[0]
    assert claim["document_url"] == site.url("articles/met-lfr-1000-arrests")
    assert claim["published"].startswith("2025-07-14")
    assert claim["publisher"] == "Metropolitan Police"
    assert claim["period"] == "to date"
    # Every claim leads to its bytes: the archive file, the record's offset in it and its WARC-Record-ID.
    assert all(c["warc_file"] and isinstance(c["warc_offset"], int) and c["warc_record_id"].startswith("<urn:uuid:")
               for c in claims)

    essex = [c for c in claims if c["metric"] == "arrests" and c["value"] == 12]
    assert essex and essex[0]["publisher"] == "Essex Police"
    false_alerts = [c for c in claims if c["metric"] == "false_alerts"]
    assert [c["value"] for c in false_alerts] == [18]
    quotes = [c for c in claims if c["kind"] == "quote"]
    assert "Rowan Fairley" in {q["speaker"] for q in quotes}

    # The timeline lists the same arrest claim, in date order.
    timeline = json.loads(cli_run("timeline", "arrests", "--db", db_path, "--format", "json").stdout)
    dates = [row["published"] for row in timeline]
    assert dates == sorted(dates) and claim["id"] in {row["id"] for row in timeline}

    # Nothing new to analyse: a second extract stores nothing and keeps ids.
    assert "analysed 0 document(s)" in cli_run("extract", "--db", db_path).stderr
    again = json.loads(cli_run("claims", "--db", db_path, "--format", "json").stdout)
    assert sorted(c["id"] for c in again) == sorted(c["id"] for c in claims)


def test_csv_output(cli_run, serve, db_path):
    site = serve(FIXTURES / "feedsite")
    cli_run("crawl", "--db", db_path, "--feed", site.url("feeds/news.atom"), *FAST_CRAWL_ARGS)
    cli_run("extract", "--db", db_path)
    out = cli_run("claims", "--db", db_path, "--metric", "arrests", "--format", "csv").stdout
    header, *rows = out.strip().splitlines()
    assert header.startswith("id,kind,metric,value") and rows
    assert all(",arrests," in row for row in rows)


def test_demo_prints_a_timeline_from_the_sample_site(cli_run, tmp_path):
    result = cli_run("demo", "--db", str(tmp_path / "demo.db"))
    assert result.exit_code == 0, result.stderr
    assert "skipped as not about facial recognition" in result.stderr
    assert "Timeline: arrests" in result.stdout
    arrests_section = result.stdout.split("Timeline: arrests", 1)[1].split("Timeline:", 1)[0]
    assert "1000" in arrests_section and "to date" in arrests_section
    assert "Bexleyheath" not in result.stdout  # the irrelevant page was not stored


def test_demo_refuses_to_overwrite_another_database(cli_run, db_path):
    from lfrwatch import store

    store.open_db(db_path).close()
    result = cli_run("demo", "--db", db_path)
    assert result.exit_code == 1 and "fresh database" in result.stderr
