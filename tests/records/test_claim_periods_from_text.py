"""Claim periods as the NLP reads them from text, resolved by the records' check (#18's real claims)."""

from __future__ import annotations

from datetime import date

import pytest

from lfrwatch import records
from lfrwatch.nlp import analyse

TEXT = ("Police made 17 arrests during deployments on 19 and 21 March, the Metropolitan Police said. "
        "Officers made six arrests on 15 May after the cameras flagged people wanted by the courts. "
        "The force made 42 arrests in February using the technology.")


@pytest.fixture(scope="module")
def figures(nlp):
    found = analyse(nlp(TEXT), {"published": "2024-05-20", "publisher": "BBC News", "kind": "news"})["figures"]
    return {f["value"]: dict(f, claimed_on="2024-05-20") for f in found}


@pytest.mark.parametrize("value, period, kind, start, end", [
    (17, "19 and 21 March", "days", date(2024, 3, 19), date(2024, 3, 21)),
    (6, "15 May", "day", date(2024, 5, 15), date(2024, 5, 15)),
    (42, "February", "range", date(2024, 2, 1), date(2024, 2, 29)),
])
def test_a_figure_dated_to_days_gets_its_period_and_the_check_its_span(figures, value, period, kind, start, end):
    claim = figures[value]
    assert claim["metric"] == "arrests" and claim["period"] == period
    resolved = records.resolve_claim_period(claim)
    assert (resolved.kind, resolved.start, resolved.end) == (kind, start, end)


def test_on_two_days_counts_only_those_days(figures):
    assert records.resolve_claim_period(figures[17]).days == (date(2024, 3, 19), date(2024, 3, 21))
