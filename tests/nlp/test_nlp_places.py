"""The places component and the gazetteer shipped with it."""

import math

import pytest

from lfrwatch.nlp import analyse, load_pipeline
from lfrwatch.nlp.places import load_gazetteer

LONDON_BOROUGHS = {
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing",
    "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering",
    "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth",
    "Lewisham", "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton",
    "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster",
}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def gazetteer():
    return {row["name"]: row for row in load_gazetteer()}


def places(nlp, text):
    return analyse(nlp(text))["places"]


def test_gazetteer_covers_boroughs_and_force_areas(gazetteer):
    boroughs = {name for name, row in gazetteer.items() if row["kind"] == "borough"}
    assert boroughs == LONDON_BOROUGHS | {"City of London"}
    areas = {name for name, row in gazetteer.items() if row["kind"] == "police_force_area"}
    # 42 force areas of England and Wales have this kind and the 43rd, the City
    # of London, is a borough row; Scotland and Northern Ireland make 45.
    assert len(areas | {"City of London"}) == 45
    assert {"Metropolitan Police District", "Scotland", "Northern Ireland", "Dyfed-Powys", "Thames Valley"} <= areas


def test_gazetteer_coordinates_are_in_the_uk(gazetteer):
    for row in gazetteer.values():
        assert 49.8 < row["lat"] < 61.0 and -8.7 < row["lon"] < 2.0, row["name"]


def _km(a, b):
    """Rough distance in km between two (lat, lon) points."""
    dy = (a[0] - b[0]) * 111.0
    dx = (a[1] - b[1]) * 111.0 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


@pytest.mark.parametrize(
    "name, lat, lon",
    [
        # Well-known reference points (town centres, stations), to within a few km.
        ("Croydon", 51.3762, -0.0982),
        ("Brixton", 51.4613, -0.1156),
        ("Finsbury Park", 51.5642, -0.1065),
        ("Cardiff", 51.4816, -3.1791),
        ("Manchester", 53.4808, -2.2426),
        ("Chelmsford", 51.7356, 0.4685),
    ],
)
def test_gazetteer_coordinates_are_close(gazetteer, name, lat, lon):
    row = gazetteer[name]
    assert _km((row["lat"], row["lon"]), (lat, lon)) < 4


def test_places_once_each_with_first_offsets(nlp):
    text = "The van was in Brixton on Monday and in Croydon on Tuesday before returning to Brixton."
    found = places(nlp, text)
    assert [p["name"] for p in found] == ["Brixton", "Croydon"]
    assert text[found[0]["start"] : found[0]["end"]] == "Brixton"
    assert found[1]["kind"] == "borough" and found[1]["lat"] == pytest.approx(51.37, abs=0.05)


def test_alias_keeps_the_written_name(nlp):
    found = places(nlp, "Officers patrolled Kingston and Southend on Saturday.")
    assert [(p["name"], p["canonical"]) for p in found] == [
        ("Kingston", "Kingston upon Thames"),
        ("Southend", "Southend-on-Sea"),
    ]


def test_force_names_and_people_are_not_places(nlp):
    found = places(nlp, "Essex Police and Police Scotland both replied. Mr Sutton said the cameras were in Essex.")
    assert [p["name"] for p in found] == ["Essex"]
    assert found[0]["start"] > 60


def test_streets_take_coordinates_of_a_named_place_inside(nlp):
    found = places(nlp, "The cameras were mounted on Tottenham High Road and later on Queen Street.")
    by_name = {p["name"]: p for p in found}
    assert by_name["Tottenham High Road"]["kind"] == "street"
    assert by_name["Tottenham High Road"]["lat"] == pytest.approx(51.597, abs=0.01)
    assert by_name["Queen Street"]["lat"] is None


def test_page_furniture_names_no_place(nlp):
    text = "The deployment went ahead.\nRead more:\nFloods hit Leeds and York\nFollow Example News on X"
    assert places(nlp, text) == []
