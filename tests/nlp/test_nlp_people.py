"""The people component: one entry per person, honorific, role, org."""

import pytest

from lfrwatch.nlp import analyse, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def people(nlp, text, meta=None):
    return {p["name"]: p for p in analyse(nlp(text), meta)["people"]}


def test_title_before_name_splits_org_and_honorific(nlp):
    found = people(nlp, "Met Commissioner Sir Alan Brook said the vans would be used more often. Mr Brook later repeated it.")
    assert list(found) == ["Alan Brook"]
    assert found["Alan Brook"] == {"name": "Alan Brook", "honorific": "Sir", "role": "Commissioner", "org": "Metropolitan Police"}


def test_a_force_s_police_and_crime_commissioner(nlp):
    # the force's "Police" is the title's too (dev: maidenhead-advertiser-tvp-lfr-fair-privacy-fears-2026)
    found = people(nlp, "Matthew Barber, the Thames Valley Police and Crime Commissioner, backed the vans.")
    assert [(p["name"], p["role"], p["org"]) for p in found.values()] == [
        ("Matthew Barber", "Police and Crime Commissioner", "Thames Valley Police")]
    found = people(nlp, "Hampshire Police and Crime Commissioner Donna Jones backed the vans.")
    assert [(p["name"], p["role"]) for p in found.values()] == [("Donna Jones", "Police and Crime Commissioner")]


def test_apposition_with_organisation(nlp):
    found = people(nlp, "Ruth Okafor, policy and campaigns officer at Big Brother Watch, said the rollout was unlawful.")
    assert found["Ruth Okafor"]["role"] == "policy and campaigns officer"
    assert found["Ruth Okafor"]["org"] == "Big Brother Watch"


def test_possessive_organisation_before_role(nlp):
    found = people(nlp, "Lena Hart, the Met's director of intelligence, said the watchlist was small.")
    assert found["Lena Hart"]["role"] == "director of intelligence"
    assert found["Lena Hart"]["org"] == "Metropolitan Police"


def test_party_and_constituency(nlp):
    found = people(nlp, "Greg Lowe, Conservative MP for Croydon South, said he supported the cameras.")
    assert "MP for Croydon South" in found["Greg Lowe"]["role"]
    assert found["Greg Lowe"]["org"] == "Conservative Party"


def test_role_of_a_place_stays_in_the_role(nlp):
    found = people(nlp, "Mayor of London Sir Tariq Hussain said the plans needed scrutiny.")
    assert found["Tariq Hussain"]["role"] == "Mayor of London"
    assert found["Tariq Hussain"]["honorific"] == "Sir"


def test_rank_abbreviation_is_honorific_and_role(nlp):
    found = people(nlp, "DCI Sam Hollis, of Avon and Somerset Police, said three men had been charged.")
    assert found["Sam Hollis"]["honorific"] == "DCI"
    assert found["Sam Hollis"]["role"] == "DCI"
    assert found["Sam Hollis"]["org"] == "Avon and Somerset Police"


def test_police_rank_takes_the_force_named_in_the_text(nlp):
    text = "Merseyside Police used the van in Liverpool. Inspector Joe Kerr said it had gone well."
    assert people(nlp, text)["Joe Kerr"]["org"] == "Merseyside Police"


def test_officer_in_a_force_release_works_for_the_publisher(nlp):
    meta = {"publisher": "Cleveland Police", "kind": "police"}
    text = "Chief Inspector Amy Ford said the cameras would return. Mo Khan, a local trader, welcomed them."
    found = people(nlp, text, meta)
    assert found["Amy Ford"]["org"] == "Cleveland Police"
    assert found["Mo Khan"]["org"] is None and found["Mo Khan"]["role"] == "local trader"


def test_lowercase_job_title_before_name(nlp):
    found = people(nlp, "Local resident and shop owner Bea Marsh said: “It makes me feel safer.”")
    assert "shop owner" in found["Bea Marsh"]["role"]


def test_transcript_speaker_lines(nlp):
    text = (
        "Tom Vale (Ipswich) (Con)\n"
        "Will the Minister set out the rules?\n"
        "The Minister for Crime and Policing (Nora Quinn)\n"
        "We will publish them this year."
    )
    found = people(nlp, text)
    assert set(found) == {"Tom Vale", "Nora Quinn"}
    assert found["Tom Vale"]["role"] == "MP for Ipswich"
    assert found["Tom Vale"]["org"] == "Conservative Party"
    assert found["Nora Quinn"]["role"] == "Minister for Crime and Policing"


def test_places_and_organisations_are_not_people(nlp):
    found = people(nlp, "Big Brother Watch and Liberty criticised the Home Office. The van was parked in Croydon.")
    assert found == {}


def test_a_surname_after_a_particle_the_recogniser_missed(nlp):
    # Liberty Investigates on children on watchlists (twelfth dev batch): "Dame Rachel de Souza, the children's
    # commissioner for England, said she was “deeply concerned” ...", then "She said: “...”", where the recogniser
    # finds no person and the name had been cut to "Rachel".
    text = ("Officers scan crowds with the vans.\n"
            "Dame Rachel de Souza, the children’s commissioner for England, said she was “deeply concerned” to "
            "learn that forces are putting footage of children on their watchlists.\n"
            "She said: “It raises serious questions about why this is needed and how it is being used.")
    result = analyse(nlp(text))
    assert [q["speaker"] for q in result["quotes"]] == ["Rachel de Souza"]
