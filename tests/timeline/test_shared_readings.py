"""One reading of a claim for every stage: the conflict check and `lfrwatch check` read qualifiers,
running totals and rates through the same rules (lfrwatch.nlp.qualifiers, lfrwatch.nlp.periods)."""

from __future__ import annotations

import math

import pytest
from claimset import FILLER, build_db, doc, fig

from lfrwatch import records
from lfrwatch import timeline as tl
from lfrwatch.nlp import periods, qualifiers

MET = "https://news.met.example/news/lfr-passes-1000"
OTHER = "https://news.met.example/news/lfr-990"


def _check(value: float, qualifier: str, recorded: int) -> str:
    """`lfrwatch check`'s verdict on a Met running total against records that cover its whole period."""
    deployments = [{"date": "2025-03-01", "location": "Croydon", "place": None, "borough": None, "arrests": recorded,
                    "total_alerts": None, "false_alerts": None, "faces_seen": None, "watchlist_size": None}]
    claim = {"id": 1, "metric": "arrests", "value": value, "qualifier": qualifier, "period": "to date",
             "claimed_on": "2025-07-01", "as_of": "2025-07-01"}
    return records.compare_claim(claim, records.FORCES["met"], deployments, [("2025-01-01", "2025-07-01")])["verdict"]


def _conflicts(tmp_path, qualifier: str, other_value: float) -> list[dict]:
    docs = [
        doc(MET, "Metropolitan Police", "police", "2025-07-01T09:00:00+00:00",
            f"Live facial recognition {qualifier} 1,000 arrests to date. " + FILLER,
            figures=[fig(f"{qualifier} 1,000 arrests to date", "arrests", 1000, qualifier=qualifier,
                         period="to date", claimant="Metropolitan Police", as_of="2025-07-01")]),
        doc(OTHER, "Metropolitan Police", "police", "2025-07-01T15:00:00+00:00",
            f"The force has made {other_value:,.0f} arrests to date using the cameras. " + FILLER,
            figures=[fig(f"{other_value:,.0f} arrests to date", "arrests", other_value, period="to date",
                         claimant="Metropolitan Police", as_of="2025-07-01")]),
    ]
    return tl.conflicts(build_db(tmp_path / "db.sqlite", docs), metric="arrests")


def test_passes_1000_is_read_alike_by_both_stages():
    bounds = records.claim_bounds(1000, "passes")
    assert (bounds.low, bounds.high, bounds.low_strict) == (1000, math.inf, True)
    assert tl.value_range(1000, "passes") == (1000, math.inf)
    assert tl.qualifier_class("passes") == "lower" == qualifiers.qualifier_class("Passes")


@pytest.mark.parametrize("other, conflict, verdict", [(990, True, "higher"), (1000, True, "higher"),
                                                      (1046, False, "consistent")])
def test_passes_1000_against_another_figure_and_against_the_records(tmp_path, other, conflict, verdict):
    """990 or exactly 1,000 contradict "passes 1,000" in both stages; 1,046 agrees with it in both."""
    found = _conflicts(tmp_path, "passes", other)
    assert [c["kind"] for c in found] == (["value_mismatch"] if conflict else [])
    assert _check(1000, "passes", other) == verdict


def test_about_allows_ten_percent_in_both_stages(tmp_path):
    assert _conflicts(tmp_path, "about", 950) == []
    assert _check(1000, "about", 950) == "consistent"
    assert [c["kind"] for c in _conflicts(tmp_path / "b", "about", 880)] == ["value_mismatch"]
    assert _check(1000, "about", 880) == "higher"  # the claim is above what the records hold


@pytest.mark.parametrize("period, running", [("to date", True), ("so far", True), ("since January", True),
                                             ("as of March", True), ("last year", False), ("a week", False)])
def test_one_running_total_rule(period, running):
    assert periods.is_running_total(period) is running
    assert tl.is_cumulative({"period": period}) is running
    kind = records.resolve_claim_period({"period": period, "claimed_on": "2025-07-01"}).kind
    assert (kind == "cumulative") is running


@pytest.mark.parametrize("period, days", [("a week", 7), ("per day", 1), ("each month", 30), ("weekly", 7),
                                          ("to date", None), ("a year ago", None)])
def test_one_rate_rule(period, days):
    assert periods.rate_unit_days(period) == days
    resolved = records.resolve_claim_period({"period": period, "claimed_on": "2025-07-01"})
    assert (resolved.unit_days if resolved.kind == "rate" else None) == days
