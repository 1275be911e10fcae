"""General rules found by reading the NLP's output on unseen pages, each
checked on a short sentence written for this file."""

import pytest

from lfrwatch.nlp import analyse, load_pipeline
from lfrwatch.nlp.periods import resolve_period


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
    # "Two people were stopped" is a count of people stopped (`other`, as the set's conventions count them);
    # neither "Every one of these arrests" nor the bare "One was detained" is a count.
    assert pairs(found) == [(26, "arrests"), (2, "other")]
    assert found[0]["period"] is None


def test_one_beside_its_noun_still_counts(nlp):
    assert pairs(run(nlp, "One alert was a false alert.")["figures"]) == [(1, "false_alerts")]


# --- periods ------------------------------------------------------------------------


def test_since_clause_is_a_running_total(nlp):
    text = "Since the force started using the vans in March 2023, they have been deployed 52 times and led to 75 arrests."
    found = run(nlp, text, {"published": "2024-10-02"})["figures"]
    assert pairs(found) == [(52, "deployments"), (75, "arrests")]
    for figure in found:
        assert figure["period"] == "since March 2023"
        assert (figure["period_start"], figure["period_end"], figure["as_of"]) == ("2023-03-01", None, "2024-10-02")


def test_since_a_date_holds_as_of_publication(nlp):
    found = run(nlp, "Officers made 33 arrests since May 2023.", {"published": "2024-02-01"})["figures"]
    assert (found[0]["period"], found[0]["period_start"], found[0]["period_end"], found[0]["as_of"]) == (
        "since May 2023", "2023-05-01", None, "2024-02-01"
    )


def test_two_dates_joined_by_between_are_one_period(nlp):
    text = "The force recorded nine false alerts between March 2023 and June this year."
    found = run(nlp, text, {"published": "2024-08-01"})["figures"]
    assert found[0]["period"] == "between March 2023 and June this year"
    assert (found[0]["period_start"], found[0]["period_end"]) == ("2023-03-01", "2024-06-30")


def test_trailing_months_to_a_date(nlp):
    text = "In the six months to the end of May, the cameras produced 212 alerts."
    found = run(nlp, text, {"published": "2024-07-01"})["figures"]
    assert found[0]["period"] == "the six months to the end of May"
    assert (found[0]["period_start"], found[0]["period_end"]) == ("2023-12-01", "2024-05-31")


def test_date_of_the_document_is_not_the_period(nlp):
    text = "Kent Police plans to buy up to eight more vans, according to papers released this week."
    found = run(nlp, text, {"published": "2024-07-01"})["figures"]
    assert pairs(found) == [(8, "other")]
    assert found[0]["period"] is None


@pytest.mark.parametrize(
    "period, published, start, end, as_of",
    [
        ("between February and October 2023", "2024-01-10", "2023-02-01", "2023-10-31", None),
        ("between February and October last year", "2024-03-10", "2023-02-01", "2023-10-31", None),
        ("between October and February", "2024-03-10", "2023-10-01", "2024-02-29", None),
        ("from April to June", "2024-09-01", "2024-04-01", "2024-06-30", None),
        ("the year to March", "2024-09-01", "2023-04-01", "2024-03-31", None),
        ("Tuesday 4 June", "2024-06-06", None, None, "2024-06-04"),
        ("Saturday 7 and Sunday 8 December", "2024-12-05", "2024-12-07", "2024-12-08", None),
        ("30 December", "2024-01-03", None, None, "2023-12-30"),
        ("04/06/2024", "2024-06-10", None, None, "2024-06-04"),
        ("during 2023", "2024-01-29", "2023-01-01", "2023-12-31", None),
        # Anaphoric or vague: left unresolved rather than guessed.
        ("during the year", "2024-01-29", None, None, None),
        ("the week", "2024-01-29", None, None, None),
        ("months", "2024-01-29", None, None, None),
    ],
)
def test_period_resolution_against_publication(period, published, start, end, as_of):
    resolved = resolve_period(period, published)
    assert (resolved["period_start"], resolved["period_end"], resolved["as_of"]) == (start, end, as_of)


def test_period_on_another_line_is_not_the_figures(nlp):
    text = (
        "Read more: Burglaries fall after summer patrols\n"
        "A unit of 18 officers will staff the vans.\n"
        "- A review looked at nine deployments in Corby\n"
        "- Road checks on the A14 this week"
    )
    found = run(nlp, text, {"published": "2024-07-01"})["figures"]
    assert pairs(found) == [(18, "officers"), (9, "deployments")]
    assert [f["period"] for f in found] == [None, None]


# --- claimants ----------------------------------------------------------------------


def claimants(result):
    return [f["claimant"] for f in result["figures"]]


def test_figures_published_by_an_organisation_are_its_claim(nlp):
    text = "The cameras led to 212 arrests in 2023, according to figures released on Monday by Essex Police."
    assert claimants(run(nlp, text)) == ["Essex Police"]


def test_the_forces_own_figures_and_the_force_refer_to_the_force_named(nlp):
    text = (
        "South Wales police has expanded its use of facial recognition. "
        "According to the force's own figures, there were four false alerts in 2023. "
        "Officers made 61 arrests, the force has confirmed, as the vans went out more often."
    )
    assert claimants(run(nlp, text)) == ["South Wales Police", "South Wales Police"]


def test_figures_of_unnamed_origin(nlp):
    text = "Figures show officers made 31 arrests after alerts in March."
    police = run(nlp, text, {"kind": "police", "publisher": "Kent Police"})
    assert claimants(police) == ["Kent Police"]  # a force's own release
    press = run(nlp, "Essex Police began using the vans in 2022. " + text, {"kind": "press", "publisher": "A Paper"})
    assert claimants(press) == ["Essex Police"]  # the force the article is about


def test_data_that_show_a_figure(nlp):
    text = "Documents obtained by Liberty showed 14 false alerts in Leeds."
    assert claimants(run(nlp, text)) == ["Liberty"]


def test_the_group_is_not_a_police_force(nlp):
    text = "Essex Police defended the vans. Big Brother Watch disagreed, and the group said the cameras had produced 12 false alerts."
    assert claimants(run(nlp, text)) == ["Big Brother Watch"]


# --- people and quotes ------------------------------------------------------------------


def test_double_barrelled_surname_is_one_name(nlp):
    text = (
        'Corinna Vale-Hutchins, a solicitor at Liberty, said: "The rules are not clear." '
        'Ms Vale-Hutchins added: "Parliament must decide."'
    )
    result = run(nlp, text)
    assert [(p["name"], p["role"], p["org"]) for p in result["people"]] == [("Corinna Vale-Hutchins", "solicitor", "Liberty")]
    assert [q["speaker"] for q in result["quotes"]] == ["Corinna Vale-Hutchins", "Corinna Vale-Hutchins"]


def test_a_spaced_dash_still_ends_a_name(nlp):
    result = run(nlp, "The report was written by Corinna Vale - a solicitor - and published on Monday.")
    assert all(p["name"] == "Corinna Vale" for p in result["people"])


def test_a_byline_is_not_a_transcript_turn(nlp):
    text = (
        "Kent to add two vans\n"
        "Oskar Whitlow-Byrne\n"
        "Home affairs correspondent\n"
        "Kent Police will use the vans up to six times a week, with 14 officers in the unit."
    )
    result = run(nlp, text, {"kind": "press", "publisher": "A Paper"})
    assert [f["claimant"] for f in result["figures"]] == [None, None]
    assert [(p["name"], p["role"]) for p in result["people"]] == [("Oskar Whitlow-Byrne", "Home affairs correspondent")]


def test_a_name_line_over_a_speech_is_still_a_turn(nlp):
    text = "Oskar Whitlow (Dover) (Con)\nThe force has made 80 arrests with these cameras, and I welcome that."
    result = run(nlp, text, {"kind": "parliament"})
    assert [f["claimant"] for f in result["figures"]] == ["Oskar Whitlow"]


def test_second_quotation_after_he_said_has_the_same_speaker(nlp):
    text = (
        "Inspector Jan Moss-Ferreira leads the unit in Dover.\n"
        "“We check every alert by hand,” he said. “Nobody is stopped on the machine's word alone.”\n"
        "The phrase “a solution looking for a problem” appears in the review."
    )
    quotes = run(nlp, text)["quotes"]
    assert [q["speaker"] for q in quotes] == ["Jan Moss-Ferreira", "Jan Moss-Ferreira", None]


@pytest.mark.parametrize(
    "text",
    [
        "Officers arrested a woman wanted for a burglary in Selby Heath and a man wanted for fraud.",
        "The Evening Gazette reports that the trial will run for ten weeks.",
    ],
)
def test_places_and_titles_are_not_people(nlp, text):
    assert run(nlp, text)["people"] == []


def test_a_name_after_in_with_an_honorific_is_a_person(nlp):
    people = run(nlp, 'The case was raised in Mr Selby Heath\'s speech. Mr Heath said: "We need rules."')["people"]
    assert [p["name"] for p in people] == ["Selby Heath"]


@pytest.mark.parametrize(
    "text, role, org",
    [
        ('Lena Oduya, director of Citizens’ Safety Forum, said: "It is wrong."', "director", "Citizens' Safety Forum"),
        ('Lena Oduya, director of the campaign group Citizens\' Safety Forum, said: "It is wrong."', "director", "Citizens' Safety Forum"),
        ('Citizens’ Safety Forum wrote to the council. Lena Oduya, the group’s director, said: "It is wrong."', "director", "Citizens' Safety Forum"),
        ('Lena Oduya, the group’s director, said: "It is wrong."', "director", None),
        ('Inspector Lena Oduya, district commander for Grays, said: "It is busy."', "Inspector", None),
        ('Flower seller Lena Oduya said: "It is busy."', "Flower seller", None),
    ],
)
def test_role_and_organisation(nlp, text, role, org):
    people = run(nlp, text)["people"]
    assert [(p["name"], p["role"], p["org"]) for p in people] == [("Lena Oduya", role, org)]


def test_our_officer_works_for_the_publisher(nlp):
    text = 'Tomas Brandt, our senior policy officer, said: "The law is silent."'
    people = run(nlp, text, {"kind": "campaign", "publisher": "Open Rights Watch"})["people"]
    assert [(p["role"], p["org"]) for p in people] == [("senior policy officer", "Open Rights Watch")]
    assert run(nlp, text)["people"][0]["org"] is None  # no publisher known


def test_a_number_with_its_own_verb_does_not_borrow_a_metric(nlp):
    text = "The van produced 12 alerts, of which nine led to an arrest and three were dealt with by a word of advice."
    assert pairs(run(nlp, text)["figures"]) == [(12, "alerts"), (9, "arrests")]


def test_hyphenated_length_of_time_is_not_a_count(nlp):
    text = "The three-day deployment in Luton and a 12-week consultation followed 40 arrests."
    assert pairs(run(nlp, text)["figures"]) == [(40, "arrests")]


def test_predicate_after_the_object_says_what_it_counts(nlp):
    text = "The cameras raised 300 alerts. Reviewers judged 11 of them to be false alerts."
    assert pairs(run(nlp, text)["figures"]) == [(300, "alerts"), (11, "false_alerts")]


@pytest.mark.parametrize(
    "text, metric",
    [
        ("Kent Police is sending the vans out up to six times a week.", "deployments"),
        ("Forces searched the custody image database 8,000 times last year.", "other"),
    ],
)
def test_times_with_other_verbs(nlp, text, metric):
    assert [f["metric"] for f in run(nlp, text)["figures"]] == [metric]


def test_one_claim_with_two_wordings_of_its_period(nlp):
    text = "Nine officers receive an award for their work over the summer.\nNine officers were honoured for their work during the busiest summer on record."
    assert pairs(run(nlp, text)["figures"]) == [(9, "officers")]


def test_a_release_keeps_its_own_claim_when_a_quotation_repeats_it(nlp):
    text = (
        "Kent Police has made 400 arrests using the vans.\n"
        'Superintendent Ola Brandt said: "Reaching 400 arrests shows what careful use can do."'
    )
    release = run(nlp, text, {"kind": "police", "publisher": "Kent Police"})["figures"]
    assert [(f["value"], f["claimant"]) for f in release] == [(400, "Kent Police")]
    article = run(nlp, text, {"kind": "press", "publisher": "A Paper"})["figures"]
    assert [(f["value"], f["claimant"]) for f in article] == [(400, "Ola Brandt")]


def test_period_of_another_coordinated_clause_is_not_the_figures(nlp):
    text = "A unit of 30 officers will staff the vans, the force said, and the new cameras are due to go live early next year."
    found = run(nlp, text)["figures"]
    assert pairs(found) == [(30, "officers")]
    assert found[0]["period"] is None
    same_clause = run(nlp, "The force deployed the vans 20 times and made 31 arrests last year.")["figures"]
    assert [f["period"] for f in same_clause] == ["last year", "last year"]


def test_scotland_yard_is_not_scotland(nlp):
    places = run(nlp, "Scotland Yard said the vans would return to Lewisham.")["places"]
    assert [p["name"] for p in places] == ["Lewisham"]


def test_double_barrelled_name_the_recogniser_calls_an_organisation(nlp):
    text = 'We want a ban.\nOrla Penhaligon-Tate, a solicitor at Liberty, said: "A line-up on every street."'
    result = run(nlp, text)
    assert [(p["name"], p["role"], p["org"]) for p in result["people"]] == [("Orla Penhaligon-Tate", "solicitor", "Liberty")]


def test_apostrophe_inside_an_organisation_name_is_no_possessive(nlp):
    text = 'Chief Constable Ruth Amory, the National Police Chiefs’ Council lead for vans, said: "We asked for this."'
    people = run(nlp, text)["people"]
    assert [(p["name"], p["org"]) for p in people] == [("Ruth Amory", "National Police Chiefs' Council")]


def test_since_a_noun_phrase_holding_the_date(nlp):
    found = run(nlp, "Since its launch in June 2022, the van has led to 140 arrests.", {"published": "2024-01-10"})["figures"]
    assert (found[0]["period"], found[0]["period_start"], found[0]["as_of"]) == ("since June 2022", "2022-06-01", "2024-01-10")


def test_quarter_of_a_year(nlp):
    found = run(nlp, "The van raised 57 alerts in the second quarter of 2024.", {"published": "2024-09-01"})["figures"]
    assert (found[0]["period"], found[0]["period_start"], found[0]["period_end"]) == ("the second quarter of 2024", "2024-04-01", "2024-06-30")


def test_counted_noun_tagged_as_a_verb(nlp):
    found = run(nlp, "Between 3 May and 9 May, 1,800 faces a day were scanned.")["figures"]
    assert pairs(found) == [(1800, "faces_scanned")]


def test_the_previous_year_is_left_unresolved(nlp):
    resolved = resolve_period("previous year", "2024-05-01")
    assert (resolved["period_start"], resolved["period_end"]) == (None, None)
    resolved = resolve_period("the previous 12 months", "2024-05-01")
    assert (resolved["period_start"], resolved["period_end"]) == ("2023-05-01", "2024-05-01")


def test_newspaper_after_the_is_not_a_person(nlp):
    text = "Figures seen by the Kent Clarion show the force spent £900,000 on the vans."
    assert run(nlp, text)["people"] == []


def test_lead_for_a_subject_is_no_organisation(nlp):
    text = 'Chief Inspector Dee Marlow, the force\'s lead for LFR, said: "It works."'
    people = run(nlp, text, {"kind": "police", "publisher": "Kent Police"})["people"]
    assert [(p["role"], p["org"]) for p in people] == [("Chief Inspector", "Kent Police")]


def test_name_with_a_title_after_it_in_apposition(nlp):
    text = 'The Green Party justice spokesperson, Ivo Stannard MP, said: "No vote was ever held."'
    result = run(nlp, text)
    assert [(p["name"], p["role"]) for p in result["people"]] == [("Ivo Stannard", "justice spokesperson")]
    assert [q["speaker"] for q in result["quotes"]] == ["Ivo Stannard"]


def test_name_in_apposition_to_a_longer_role_phrase(nlp):
    text = "The force's head of crime data, Detective Inspector Lulu Barrow, said more than 250 alerts had been checked."
    result = run(nlp, text)
    assert [(p["name"], p["role"]) for p in result["people"]] == [("Lulu Barrow", "Detective Inspector")]
    assert [f["claimant"] for f in result["figures"]] == ["Lulu Barrow"]


def test_the_force_said_in_its_own_release(nlp):
    text = '"We will keep publishing our results," the force said.'
    quote = run(nlp, text, {"kind": "police", "publisher": "Kent Police"})["quotes"][0]
    assert (quote["speaker"], quote["org"]) == ("Kent Police", "Kent Police")
    assert run(nlp, text, {"kind": "press", "publisher": "A Paper"})["quotes"][0]["speaker"] == "the force"


def test_a_year_earlier_is_no_rate(nlp):
    found = run(nlp, "Arrests rose to 275 in 2024 from 160 a year earlier.", {"published": "2025-02-01"})["figures"]
    assert pairs(found) == [(275, "arrests"), (160, "arrests")]
    assert (found[1]["as_of"], found[1]["period_start"]) == (None, None)


def test_football_matches_are_fixtures_not_face_matches(nlp):
    found = run(nlp, "The van was used at 9 football matches last season, and the system made 14 matches.")["figures"]
    assert pairs(found) == [(9, "deployments"), (14, "alerts")]


def test_a_verb_of_another_subject_does_not_count_the_crowd(nlp):
    assert run(nlp, "Around 3,000 fans walked past the van, but nobody was flagged.")["figures"] == []
    assert pairs(run(nlp, "The van scanned 3,000 fans and flagged four people.")["figures"]) == [(3000, "faces_scanned"), (4, "alerts")]


def test_police_said_in_a_release(nlp):
    found = run(nlp, "Police said 16 people were arrested.", {"kind": "police", "publisher": "Kent Police"})["figures"]
    assert [f["claimant"] for f in found] == ["Kent Police"]


def test_someone_named_between_two_quotations_speaks_the_second(nlp):
    text = 'Inspector Jan Moss runs the unit. "We check every alert," he said. Councillor Bob Hale disagreed: "It is not enough."'
    assert [q["speaker"] for q in run(nlp, text)["quotes"]] == ["Jan Moss", "Bob Hale"]


def test_a_neutral_verb_still_elides_the_earlier_noun(nlp):
    found = run(nlp, "The van made 30 arrests in May, while 41 were recorded in June.")["figures"]
    assert pairs(found) == [(30, "arrests"), (41, "arrests")]
