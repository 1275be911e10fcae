"""General rules found by reading the NLP's output on unseen pages, each
checked on a short sentence written for this file."""

import pytest

from lfrwatch.nlp import analyse, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text, meta=None):
    return analyse(nlp(text), meta)


def pairs(found):
    return [(f["value"], f["metric"]) for f in found]


# --- figures ----------------------------------------------------------------------


def test_watchlist_verb_shares_its_subject_with_a_coordinated_verb(nlp):
    found = run(nlp, "Officers patrolled the station and held 43 people in 2023.")["figures"]
    assert pairs(found) == [(43, "arrests")]  # held by officers: detained
    found = run(nlp, "Watchlists are approved by a superintendent and held an average of 4,300 people in 2023.")["figures"]
    assert pairs(found) == [(4300, "watchlist_size")]
    assert found[0]["qualifier"] == "an average of"


@pytest.mark.parametrize(
    "text",
    [
        "Kent Police has made 420 arrests, with 305 of those arrested having been charged or cautioned.",
        "Kent Police has made 420 arrests, and 305 of the people arrested have been charged or cautioned.",
    ],
)
def test_part_of_the_arrested_counted_by_its_own_predicate(nlp, text):
    assert pairs(run(nlp, text)["figures"]) == [(420, "arrests"), (305, "charges_or_cautions")]


def test_every_one_of_and_a_bare_one_are_not_counts(nlp):
    text = (
        "Officers made 26 arrests in Luton. Every one of these arrests was somebody wanted for weeks. "
        "Two people were stopped. One was detained, the other released."
    )
    found = run(nlp, text)["figures"]
    assert pairs(found) == [(26, "arrests")]
    assert found[0]["period"] is None


def test_one_beside_its_noun_still_counts(nlp):
    assert pairs(run(nlp, "One alert was a false alert.")["figures"]) == [(1, "false_alerts")]
