"""The figures component on short texts written for these tests."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lfrwatch.nlp import analyse, load_pipeline
from lfrwatch.nlp.numbers import fraction_of, parse_number, tidy_value
from lfrwatch.nlp.periods import resolve_period


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def figures(nlp, text, meta=None):
    return analyse(nlp(text), meta)["figures"]


def pairs(found):
    return [(f["value"], f["metric"]) for f in found]


def test_counted_noun_gives_metric_value_and_offsets(nlp):
    text = "Kent Police said the cameras had led to 1,250 arrests and 86 false alerts."
    found = figures(nlp, text)
    assert pairs(found) == [(1250, "arrests"), (86, "false_alerts")]
    assert found[0]["text"] == "1,250 arrests"
    assert text[found[0]["start"] : found[0]["end"]] == found[0]["text"]


def test_word_numbers_and_verbs(nlp):
    found = figures(nlp, "Officers arrested seven people in Leeds and deployed the van nine times.")
    assert pairs(found) == [(7, "arrests"), (9, "deployments")]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("The force has spent £1.2bn on its technology programme.", 1_200_000_000, "GBP"),
        ("The Home Office is providing £4.5 million for new vans.", 4_500_000, "GBP"),
        ("The contract is worth £750,000 to the supplier.", 750_000, "GBP"),
        ("The scheme cost £5m.", 5_000_000, "GBP"),
    ],
)
def test_money(nlp, text, value, unit):
    found = figures(nlp, text)
    assert pairs(found) == [(value, "money")]
    assert found[0]["unit"] == unit


def test_abbreviated_millions_of_faces(nlp):
    found = figures(nlp, "Its cameras have scanned 1.4m faces since the trial began.")
    assert pairs(found) == [(1_400_000, "faces_scanned")]


def test_range_gives_two_figures(nlp):
    found = figures(nlp, "The dedicated unit will grow from 48 to 63 officers next year.")
    assert pairs(found) == [(48, "officers"), (63, "officers")]


def test_watchlist_and_clause_metrics(nlp):
    text = (
        "Each deployment uses a watchlist of 9,000 people. "
        "The force said it had made 500 arrests since March, of which 310 had led to a charge or caution. "
        "Four of the alerts were false."
    )
    assert pairs(figures(nlp, text)) == [
        (9000, "watchlist_size"),
        (500, "arrests"),
        (310, "charges_or_cautions"),
        (4, "false_alerts"),
    ]


def test_qualifier_and_rate_period(nlp):
    found = figures(nlp, "The vans will be used up to six times per week, and the force has more than 2,000 alerts on record.")
    assert found[0]["value"] == 6 and found[0]["metric"] == "deployments"
    assert found[0]["qualifier"] == "up to" and found[0]["period"] == "per week"
    assert found[0]["text"] == "up to six times per week"
    assert found[1]["qualifier"] == "more than" and found[1]["metric"] == "alerts"


@pytest.mark.parametrize(
    "text",
    [
        "On 12 March 2024 a 34-year-old man was stopped in the town centre.",
        "Anyone with information should call 0800 123 4567 or 101.",
        "The operation ran from 10am until 4pm over five days.",
        "Facial recognition is one of the tools the force uses, and it was first trialled in 2016.",
        "The report runs to 48 pages and makes 12 recommendations.",
        "Thirty officers will move to the neighbourhood team in the spring.",
        "Around one in 40,000 faces scanned produces an alert, a rate three times the national average.",
    ],
)
def test_numbers_that_are_not_claims(nlp, text):
    assert figures(nlp, text) == []


def test_page_furniture_yields_nothing(nlp):
    text = (
        "The force made 14 arrests during the operation.\n"
        "Read more:\n"
        "Police make 20 arrests at festival\n"
        "Install the Daily Example app for free\n"
        "Sign up for our newsletter to get 5 stories a day\n"
        "Image: PA"
    )
    assert pairs(figures(nlp, text)) == [(14, "arrests")]


def test_the_force_said_resolves_to_the_force_named_earlier(nlp):
    text = "Thames Valley Police has expanded its use of the vans. The force said it had made 25 arrests in May."
    found = figures(nlp, text)
    assert pairs(found) == [(25, "arrests")]
    assert found[0]["claimant"] == "Thames Valley Police"


def test_speaker_is_claimant_and_quoted_figures_carry_the_speaker(nlp):
    text = (
        "Chief Constable Ruth Ashby said her officers had made 60 arrests. "
        '"We have scanned 200,000 faces so far," she said.'
    )
    found = figures(nlp, text)
    assert pairs(found) == [(60, "arrests"), (200_000, "faces_scanned")]
    assert found[0]["claimant"] == "Ruth Ashby"
    assert found[1]["speaker"] == "Ruth Ashby" and found[1]["quote_index"] == 0


def test_publisher_claims_its_own_press_release(nlp):
    meta = {"publisher": "Kent Police", "kind": "police", "published": "2025-03-10"}
    found = figures(nlp, "Officers made 12 arrests during the deployment last week.", meta)
    assert found[0]["claimant"] == "Kent Police"
    assert (found[0]["period_start"], found[0]["period_end"]) == ("2025-03-03", "2025-03-09")
    press = figures(nlp, "Officers made 12 arrests during the deployment.", {"publisher": "Example News", "kind": "news"})
    assert press[0]["claimant"] is None


def test_transcript_speaker_claims_figures_on_the_floor(nlp):
    text = (
        "Tom Vale (Ipswich) (Con)\n"
        "Suffolk Police have made 30 arrests with the vans.\n"
        "The Minister for Crime and Policing (Nora Quinn)\n"
        "Forces scanned 2 million faces last year."
    )
    found = figures(nlp, text, {"publisher": "Hansard", "kind": "parliament"})
    assert [(f["value"], f["claimant"]) for f in found] == [(30, "Tom Vale"), (2_000_000, "Nora Quinn")]


def test_verb_before_the_number_when_the_parse_misses_it(nlp):
    found = figures(nlp, "New figures show the cameras have helped Essex Police arrest at least 146 people since June.")
    assert pairs(found) == [(146, "arrests")]
    assert found[0]["qualifier"] == "at least"


def test_same_claim_twice_is_one_figure(nlp):
    text = "Facial recognition leads to nine arrests\nPolice made nine arrests in Luton on Friday."
    assert pairs(figures(nlp, text)) == [(9, "arrests")]


@pytest.mark.parametrize(
    "period, start, end, as_of",
    [
        ("last year", "2024-01-01", "2024-12-31", None),
        ("February", "2025-02-01", "2025-02-28", None),
        ("November", "2024-11-01", "2024-11-30", None),
        ("since January 2024", "2024-01-01", None, "2025-03-10"),
        ("to date", None, None, "2025-03-10"),
        ("2023", "2023-01-01", "2023-12-31", None),
        ("between January and March", "2025-01-01", "2025-03-31", None),
        ("per week", None, None, "2025-03-10"),
    ],
)
def test_period_resolution(period, start, end, as_of):
    resolved = resolve_period(period, "2025-03-10T09:30:00Z")
    assert (resolved["period_start"], resolved["period_end"], resolved["as_of"]) == (start, end, as_of)


def test_period_without_publication_date_keeps_only_absolute_dates():
    assert resolve_period("last year", None)["period_start"] is None
    assert resolve_period("since May 2022", None)["period_start"] == "2022-05-01"


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_commas_parse_back(n):
    assert tidy_value(parse_number([f"{n:,}"])[0]) == n


@pytest.mark.parametrize(
    "words, value",
    [
        (["four"], 4),
        (["twenty-five"], 25),
        (["one", "hundred", "and", "twenty"], 120),
        (["1.4", "m"], 1_400_000),
        (["1.2bn"], 1_200_000_000),
        (["half", "a", "million"], 500_000),
        (["tens", "of", "thousands"], 10_000),
        (["single"], 1),
    ],
)
def test_written_numbers(words, value):
    assert tidy_value(parse_number(words)[0]) == value


def test_phone_number_is_not_one_number():
    assert parse_number(["0800", "555", "0199"]) is None


@pytest.mark.parametrize(
    "words, share",
    [
        (["a", "quarter"], 0.25),
        (["three", "-", "quarters"], 0.75),
        (["two", "thirds"], 2 / 3),
        (["one", "half"], 0.5),
        (["three", "quarter"], None),  # no fraction: "three quarter-final places"
        (["a", "quarters"], None),
        (["the", "quarter"], None),
    ],
)
def test_fractions_before_of(words, share):
    assert fraction_of(words) == share
