"""south_wales_police: South Wales Police news on the shared police platform, from saved pages."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-21 09:00:00"
SITE = "https://www.south-wales.police.uk"
LISTING = f"{SITE}/news/south-wales/news/"
STADIUM = f"{SITE}/news/south-wales/news/2025/october/facial-recognition-at-principality-stadium-concerts/"
SUMMER = f"{SITE}/news/south-wales/news/2025/september/lfr-deployment-figures-for-the-summer/"
PAGES = "south_wales_police/news/south-wales/news/2025"


@pytest.fixture(scope="module")
def stadium():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("south_wales_police"),
                             f"{PAGES}/october/facial-recognition-at-principality-stadium-concerts/index.html", STADIUM)
    return item


@pytest.fixture(scope="module")
def summer():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("south_wales_police"),
                             f"{PAGES}/september/lfr-deployment-figures-for-the-summer/index.html", SUMMER)
    return item


def test_listing_first_page_and_next_page():
    spider = make_spider("south_wales_police")
    requests = requests_of(spider.parse_listing(file_response("south_wales_police/news/south-wales/news/index.html",
                                                              LISTING)))
    assert [r.url for r in requests] == [STADIUM, f"{LISTING}?page=2"]
    assert requests[1].callback == spider.parse_listing


def test_listing_second_page_uses_the_acronym_and_skips_the_rest():
    spider = make_spider("south_wales_police")
    response = file_response("south_wales_police/news/south-wales/news/page-2.html", f"{LISTING}?page=2",
                             meta={"lfrwatch_page": 2})
    assert [r.url for r in requests_of(spider.parse_listing(response))] == [SUMMER]
    assert spider.report.skipped_irrelevant == 1


def test_pages_stop_at_max_pages():
    spider = make_spider("south_wales_police")
    response = file_response("south_wales_police/news/south-wales/news/index.html", LISTING,
                             meta={"lfrwatch_page": spider.options["max_pages"]})
    assert all("page=" not in r.url for r in requests_of(spider.parse_listing(response)))


def test_title(stadium, summer):
    assert stadium.title == "Facial recognition to be used at Principality Stadium concerts"
    assert summer.title == "LFR deployment figures for the summer published"


def test_published_from_time_element(stadium, summer):
    assert stadium.published == "2025-10-20T16:30:00+01:00"
    assert summer.published == "2025-09-12T10:00:00+01:00"


def test_body(summer):
    assert summer.text.splitlines() == [
        "We have published the results of every live facial recognition (LFR) deployment between June and August.",
        "Across 11 deployments, the cameras produced 23 alerts, which led to 17 arrests. Two alerts were false alerts.",
        'Assistant Chief Constable Morwenna Tibbs said: "Publishing these figures is part of the commitment we made '
        'after the Court of Appeal judgment in 2020. People are entitled to see what the technology does and does not do."',
    ]


def test_url(stadium):
    assert stadium.url == stadium.canonical_url == STADIUM


def test_publisher(stadium):
    assert (stadium.publisher, stadium.kind) == ("South Wales Police", "police")
