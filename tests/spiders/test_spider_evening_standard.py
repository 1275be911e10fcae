"""evening_standard: the Standard's crime and London feeds and articles, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-10 09:00:00"
SITE = "https://www.standard.co.uk"
OXFORD_CIRCUS = f"{SITE}/news/crime/facial-recognition-oxford-circus-wanted-man-b1254321.html"
CAMDEN = f"{SITE}/news/london/camden-lfr-van-protest-b1251234.html"


@pytest.fixture(scope="module")
def oxford_circus():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("evening_standard"),
                             "evening_standard/news/crime/facial-recognition-oxford-circus-wanted-man-b1254321.html",
                             OXFORD_CIRCUS)
    return item


@pytest.fixture(scope="module")
def camden():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("evening_standard"),
                             "evening_standard/news/london/camden-lfr-van-protest-b1251234.html", CAMDEN)
    return item


def test_feeds_lead_to_facial_recognition_stories_only():
    spider = make_spider("evening_standard")
    crime = requests_of(spider.parse_feed(file_response("evening_standard/news/crime/rss", f"{SITE}/news/crime/rss")))
    london = requests_of(spider.parse_feed(file_response("evening_standard/news/london/rss", f"{SITE}/news/london/rss")))
    assert [r.url for r in crime + london] == [OXFORD_CIRCUS, CAMDEN]
    assert spider.report.skipped_irrelevant == 2


def test_title(oxford_circus, camden):
    assert oxford_circus.title == "Facial recognition cameras catch wanted man at Oxford Circus within minutes"
    assert camden.title == "Protesters gather in Camden against police LFR vans"


def test_published_in_london_time(oxford_circus, camden):
    assert oxford_circus.published == "2025-10-09T18:45:00+01:00"
    assert camden.published == "2025-09-27T16:20:00+01:00"


def test_author(oxford_circus, camden):
    assert (oxford_circus.author, camden.author) == ("Gideon Thackeray-Nwosu", "Orla Featherby")


def test_body(oxford_circus):
    lines = oxford_circus.text.splitlines()
    assert lines[0] == "The man was arrested 20 minutes after the cameras were switched on"
    assert lines[-1].startswith('Inspector Rafferty Olawale-Brennan said: "He had been avoiding us')
    assert "MORE ABOUT" not in oxford_circus.text and "cookies" not in oxford_circus.text


def test_url(camden):
    assert camden.url == camden.canonical_url == CAMDEN


def test_publisher(camden):
    assert (camden.publisher, camden.kind) == ("Evening Standard", "press")
