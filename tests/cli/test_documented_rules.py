"""Documented defaults and rules, each held by a test that fails when the rule in the code changes (issue #22).

Each test names where its rule is documented (README.md, docs/records.md,
docs/unattended.md) and asserts the behaviour that document states, by what
the code does at the edge of the rule (a value just inside and just outside a
bound, a deployment a day either side of a window), not by reading constants.
"""

from __future__ import annotations

import logging
import re
import socket
import sqlite3
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from claimset import FILLER, build_db, doc, fig
from click.testing import CliRunner
from conftest import FAST_CRAWL, FIXTURES, REPO
from faultserver import FaultServer, feed_of, redirect

from lfrwatch import records
from lfrwatch.cli import cli
from lfrwatch.crawl.process import run_crawl
from lfrwatch.nlp.qualifiers import claim_bounds, is_round
from lfrwatch.ops import health, logs, runner
from lfrwatch.publish import notify

CLAIMED_ON = date(2025, 7, 1)
#: Met records covering every window below.
SPANS = [("2024-01-01", "2025-07-01")]


def _docs_text(name: str) -> str:
    """A document of the repository with its lines joined, so a rule wrapped over two lines reads as one."""
    return " ".join((REPO / name).read_text(encoding="utf-8").split())


def _deployment(day: date, **values) -> dict:
    row = {"date": day.isoformat(), "location": "Croydon", "place": None, "borough": None, "arrests": None,
           "total_alerts": None, "false_alerts": None, "faces_seen": None, "watchlist_size": None}
    return {**row, **values}


def _verdict(metric: str, value: float, qualifier: str | None, period: str, deployments: list[dict]) -> str:
    """`lfrwatch check`'s verdict on a Met claim made on CLAIMED_ON, against records covering all of SPANS."""
    claim = {"id": 1, "metric": metric, "value": value, "qualifier": qualifier, "period": period,
             "claimed_on": CLAIMED_ON.isoformat(), "as_of": CLAIMED_ON.isoformat()}
    return records.compare_claim(claim, records.FORCES["met"], deployments, SPANS)["verdict"]


# -- qualifiers (docs/records.md, "Qualifiers") ---------------------------------------------------------


def test_round_figure_of_100_or_more_is_read_within_5_percent():
    """docs/records.md: "none, exact | exactly the value; a round figure of 100 or more ("1,000") within 5%"."""
    assert "a round figure of 100 or more (\"1,000\") within 5%" in _docs_text("docs/records.md")
    assert is_round(100) and is_round(200) and is_round(1000)
    assert not is_round(90) and not is_round(150) and not is_round(99)
    two_hundred = claim_bounds(200, None)
    assert two_hundred.contains(195) and two_hundred.contains(190) and two_hundred.contains(210)
    assert not two_hundred.contains(189) and not two_hundred.contains(211)
    assert claim_bounds(100, None).contains(96)
    # Below 100, or not a multiple of 100, a figure is exact.
    assert not claim_bounds(90, None).contains(91) and claim_bounds(90, None).contains(90)
    assert not claim_bounds(150, None).contains(151)
    # The same rule in `lfrwatch check`: "200 arrests to date" is consistent with 195 recorded, "90" is not with 91.
    assert _verdict("arrests", 200, None, "to date", [_deployment(date(2025, 3, 1), arrests=195)]) == "consistent"
    assert _verdict("arrests", 90, None, "to date", [_deployment(date(2025, 3, 1), arrests=91)]) == "lower"
    # The conflict check between two claims compares values as stated.
    assert not claim_bounds(200, None, rounded=False).contains(195)


def test_fewer_than_is_strict_and_up_to_inclusive():
    """docs/records.md: "up to, as many as | the value or fewer"; "fewer than, under | below the value"."""
    text = _docs_text("docs/records.md")
    assert "| up to, as many as | the value or fewer |" in text and "| fewer than, under | below the value |" in text
    fewer = claim_bounds(10, "fewer than")
    assert not fewer.contains(10) and fewer.contains(9) and fewer.contains(0)
    up_to = claim_bounds(10, "up to")
    assert up_to.contains(10) and up_to.contains(0) and not up_to.contains(11)
    # In `lfrwatch check`: 10 recorded exceeds "fewer than 10" and matches "up to 10".
    ten = [_deployment(date(2025, 3, 1), arrests=10)]
    assert _verdict("arrests", 10, "fewer than", "to date", ten) == "lower"
    assert _verdict("arrests", 10, "up to", "to date", ten) == "consistent"
    assert _verdict("arrests", 10, "under", "to date", ten) == "lower"
    assert _verdict("arrests", 10, "as many as", "to date", ten) == "consistent"


# -- which records a claim is held against (docs/records.md, "Which period", "Which claims") -------------


def test_watchlist_verdict_reads_the_largest_and_the_smallest_recorded_watchlist():
    """docs/records.md: watchlist_size is held against "the watchlists of the deployments (smallest, largest and
    mean)": a claimed watchlist is consistent when it lies between the smallest and the largest in the window,
    higher only when even the largest is below it, lower only when even the smallest is above it."""
    assert "| `watchlist_size` | the watchlists of the deployments (smallest, largest and mean) |" in \
        _docs_text("docs/records.md")
    day = CLAIMED_ON - timedelta(days=10)
    small_and_large = [_deployment(day, watchlist_size=4_000), _deployment(day + timedelta(days=1),
                                                                           watchlist_size=9_876)]
    # The claim equals the largest watchlist: the smallest (or the mean, 6,938) must not make it "higher".
    assert _verdict("watchlist_size", 9_876, None, "to date", small_and_large) == "consistent"
    # The claim equals the smallest: the largest must not make it "lower".
    assert _verdict("watchlist_size", 4_000, None, "to date", small_and_large) == "consistent"
    assert _verdict("watchlist_size", 12_345, None, "to date", small_and_large) == "higher"
    assert _verdict("watchlist_size", 3_210, None, "to date", small_and_large) == "lower"


def test_watchlist_to_date_reads_the_31_days_before_the_claim():
    """docs/records.md: "A watchlist size "to date" or "currently" is compared with the deployments of the 31 days
    before"."""
    assert "compared with the deployments of the 31 days before" in _docs_text("docs/records.md")
    inside = _deployment(CLAIMED_ON - timedelta(days=30), watchlist_size=9_876)
    outside = _deployment(CLAIMED_ON - timedelta(days=31), watchlist_size=4_000)
    assert _verdict("watchlist_size", 9_876, None, "to date", [inside, outside]) == "consistent"
    assert _verdict("watchlist_size", 4_000, None, "to date", [inside, outside]) == "lower"
    assert _verdict("watchlist_size", 4_000, None, "to date", [outside]) == "not_comparable"


# (period as written, days in the window before the claim, the claimed rate, arrests at the window's first day)
RATE_WINDOWS = [
    ("per day", 91, 2, 182),  # 182 in 91 days: 2 a day
    ("a week", 91, 10, 130),  # 130 in 13 weeks: 10 a week
    ("a fortnight", 91, 5, 32),  # 32 in 6.5 fortnights: 4.9 a fortnight
    ("a month", 182, 10, 61),  # 61 in 182 days: 10.1 a month
    ("a year", 365, 50, 50),  # 50 in a year
]


@pytest.mark.parametrize("period, window, rate, arrests", RATE_WINDOWS, ids=[r[0] for r in RATE_WINDOWS])
def test_rate_windows(period, window, rate, arrests):
    """docs/records.md: "a week", "per month" are "a rate: the average over the 13 weeks (for a day, week or
    fortnight) or 26 weeks / a year (month, year) before the claim" (91, 182 and 365 days, the claim's day the last).

    A deployment on the window's first day counts, one the day before does not; the one outside holds half as
    many arrests, so a window a day longer, or one as long as another unit's, changes the verdict."""
    assert ("the average over the 13 weeks (for a day, week or fortnight) or 26 weeks / a year (month, year) "
            "before the claim") in _docs_text("docs/records.md")
    first_day = CLAIMED_ON - timedelta(days=window - 1)
    inside = _deployment(first_day, arrests=arrests)
    outside = _deployment(first_day - timedelta(days=1), arrests=arrests // 2)
    after = _deployment(CLAIMED_ON + timedelta(days=1), arrests=arrests)
    assert _verdict("arrests", rate, None, period, [inside, outside, after]) == "consistent"
    # Without the deployment inside the window the records hold nothing: the claim is above them.
    assert _verdict("arrests", rate, None, period, [outside, after]) == "higher"
    # With the outside deployment moved inside, the records hold half as much again: above the claim.
    assert _verdict("arrests", rate, None, period, [inside, {**outside, "date": first_day.isoformat()}]) == "lower"


# -- the Atom feed, the webhook, the log (docs/unattended.md) ----------------------------------------------------


def test_atom_feed_keeps_the_50_most_recent_claims(tmp_path):
    """docs/unattended.md: "`data/feed.xml` (beside the database) holds the 50 most recent claims"."""
    assert "holds the 50 most recent claims" in _docs_text("docs/unattended.md")
    sentences = [f"Officers made {n} arrests in week {n}." for n in range(1, 61)]
    figures = [fig(f"made {n} arrests in week {n}", "arrests", n, claimant="Metropolitan Police")
               for n in range(1, 61)]
    db = build_db(tmp_path / "db.sqlite", [doc("https://news.met.example/news/sixty-weeks", "Metropolitan Police",
                                               "police", "2025-07-01T09:00:00+00:00",
                                               " ".join(sentences) + " " + FILLER, figures=figures)])
    assert db.execute("select count(*) from claims").fetchone()[0] == 60
    feed = tmp_path / "feed.xml"
    assert notify.write_atom_feed(db, feed) == 50
    entries = ET.parse(feed).getroot().findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 50


def test_webhook_waits_10_seconds_for_an_answer(monkeypatch):
    """docs/unattended.md: "a webhook that fails (unreachable, an HTTP error, 10 s without an answer) is reported
    as an error"."""
    assert "a webhook that fails (unreachable, an HTTP error, 10 s without an answer)" in \
        _docs_text("docs/unattended.md")
    waited: list[float] = []

    def no_answer(request, timeout=None):
        waited.append(timeout)
        raise socket.timeout("timed out")

    monkeypatch.setattr(notify.urllib.request, "urlopen", no_answer)
    with pytest.raises(notify.NotifyError, match="timed out"):
        notify.post_webhook("http://127.0.0.1:9/hook", {"event": "lfrwatch.run"})
    assert waited == [10]


def test_log_rotates_at_1_mb_keeping_five_old_files(tmp_path, monkeypatch):
    """docs/unattended.md: "rotated at 1 MB with five old files kept (`lfrwatch.log.1` ... `lfrwatch.log.5`)"."""
    assert "rotated at 1 MB with five old files kept (`lfrwatch.log.1` ... `lfrwatch.log.5`)" in \
        _docs_text("docs/unattended.md")
    monkeypatch.delenv("LFRWATCH_LOG_DIR", raising=False)
    path = logs.setup_logging(str(tmp_path / "data" / "lfrwatch.db"), quiet=True)
    logger = logging.getLogger("lfrwatch.test_documented_rules")
    line = "x" * 999  # with the handler's prefix, about 1.1 KB a record
    try:
        for _ in range(850):  # about 0.9 MB: not rotated yet
            logger.info(line)
        assert not path.with_name(path.name + ".1").exists()
        for _ in range(7000):  # about 7.7 MB more: rotated several times over
            logger.info(line)
    finally:
        logs.teardown_logging()
    kept = sorted(p.name for p in path.parent.iterdir())
    assert kept == ["lfrwatch.log"] + [f"lfrwatch.log.{n}" for n in range(1, 6)]
    for n in range(1, 6):
        assert 990_000 <= path.with_name(f"lfrwatch.log.{n}").stat().st_size <= 1_000_000


# -- lfrwatch run (docs/unattended.md, "Exit codes", "Source health") ---------------------------------------------


def _outcome(*, fatal=False, broken=False, errors=False, problems=False) -> runner.RunOutcome:
    source = health.SourceHealth(source="met_news", broken_reasons=["found nothing in the last 3 runs"] if broken
                                 else [])
    return runner.RunOutcome(
        run_id=1, started_at="2025-07-01T00:00:00+00:00", sources=["met_news"], feeds=[], health=[source],
        fatal=["the crawl could not run"] if fatal else [],
        errors=[{"url": "http://127.0.0.1/a", "error": "HTTP 404", "source": "met_news"}] if errors else [],
        problems=["cannot write the feed"] if problems else [])


def test_run_exit_code_precedence():
    """docs/unattended.md: "`1` takes precedence over `6`, and `6` over `3`"; 3 for failed URLs or a feed or
    webhook that could not be written or sent; 0 when every source worked."""
    assert "`1` takes precedence over `6`, and `6` over `3`" in _docs_text("docs/unattended.md")
    assert _outcome().exit_code == 0
    assert _outcome(errors=True).exit_code == 3
    assert _outcome(problems=True).exit_code == 3
    assert _outcome(broken=True).exit_code == 6
    assert _outcome(broken=True, errors=True, problems=True).exit_code == 6
    assert _outcome(fatal=True).exit_code == 1
    assert _outcome(fatal=True, broken=True).exit_code == 1
    assert _outcome(fatal=True, broken=True, errors=True).exit_code == 1
    assert _outcome(fatal=True, errors=True).exit_code == 1
    assert [_outcome(**{k: True}).status for k in ("fatal", "broken", "errors")] == ["error", "broken", "partial"]


def test_broken_after_defaults_to_3_runs():
    """docs/unattended.md: found nothing "for `--broken-after` runs in a row (default 3)"."""
    assert "for `--broken-after` runs in a row (default 3)" in _docs_text("docs/unattended.md")
    result = CliRunner().invoke(cli, ["run", "--help"])
    assert result.exit_code == 0, result.output
    help_text = " ".join(result.output.split())
    assert re.search(r"--broken-after INTEGER RANGE .*?\[default: 3; x>=1\]", help_text), help_text
    option = next(p for p in cli.commands["run"].params if p.name == "broken_after")
    assert option.default == 3
    # The library's own default, for run_once and the health check, is the same 3 runs: flagged on the third.
    quiet = {"found": 0, "requests": 1, "responses": {"200": 1}}
    previous = [{"items_seen": 0}, {"items_seen": 0}]
    assert health.assess("met_news", quiet, start_urls=[], previous=previous, ever_found=True).broken
    assert not health.assess("met_news", quiet, start_urls=[], previous=previous[:1], ever_found=True).broken


# -- redirects (docs/unattended.md, "What a crawl does with a misbehaving server") --------------------------------


def test_more_than_5_redirects_are_reported(tmp_path):
    """docs/unattended.md: too many redirects | `REDIRECT_MAX_TIMES` (5) | `too many redirects: more than 5, last to
    URL`. Five redirects are followed; the sixth is reported and not fetched."""
    assert "| too many redirects | `REDIRECT_MAX_TIMES` (5) | `too many redirects: more than 5, last to URL` |" in \
        _docs_text("docs/unattended.md")
    routes = {f"/five/{n}": redirect(f"{{base}}/five/{n + 1}") for n in range(1, 5)}
    routes["/five/5"] = redirect("{base}/articles/met-lfr-1000-arrests")
    routes.update({f"/six/{n}": redirect(f"{{base}}/six/{n + 1}") for n in range(1, 7)})
    routes["/chains.rss"] = feed_of(["/five/1", "/six/1"])
    server = FaultServer(FIXTURES / "faults", FIXTURES / "feedsite", routes=routes).start()
    try:
        db_path = str(tmp_path / "lfrwatch.db")
        result = run_crawl(db_path, feeds=[server.url("/chains.rss")], settings=FAST_CRAWL, timeout=60)
    finally:
        server.stop()
    assert [e["url"] for e in result.errors] == [server.url("/six/1")], result.errors
    assert result.errors[0]["error"] == f"too many redirects: more than 5, last to {server.url('/six/7')}"
    assert [server.hits[f"/six/{n}"] for n in range(1, 8)] == [1, 1, 1, 1, 1, 1, 0]
    assert server.hits["/articles/met-lfr-1000-arrests"] == 1  # reached after five redirects
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 1


def test_rate_window_claims_are_rates():
    """The periods RATE_WINDOWS uses are read as rates of the unit the window is chosen by (docs/records.md)."""
    units = {"per day": 1, "a week": 7, "a fortnight": 14, "a month": 30, "a year": 365}
    for period, days in units.items():
        resolved = records.resolve_claim_period({"period": period, "claimed_on": CLAIMED_ON.isoformat()})
        assert (resolved.kind, resolved.unit_days, resolved.end) == ("rate", days, CLAIMED_ON)
