"""police_platform: any force on the shared police platform, configured by URL; from saved pages."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-04 09:00:00"
SITE = "https://www.northants.police.uk"
LISTING = f"{SITE}/news/northants/news/news/"
REVIEW = f"{SITE}/news/northants/news/news/2025/october/independent-review-of-live-facial-recognition-use/"
SILVERSTONE = f"{SITE}/news/northants/news/news/2025/august/facial-recognition-van-at-silverstone-grand-prix/"
PAGES = "police_platform/news/northants/news/news/2025"


@pytest.fixture(scope="module")
def review():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("police_platform"),
                             f"{PAGES}/october/independent-review-of-live-facial-recognition-use/index.html", REVIEW)
    return item


@pytest.fixture(scope="module")
def silverstone():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("police_platform"),
                             f"{PAGES}/august/facial-recognition-van-at-silverstone-grand-prix/index.html", SILVERSTONE)
    return item


def test_configured_by_base_url_force_and_publisher():
    spider = make_spider("police_platform", base_url="https://www.leics.police.uk", force="leicestershire",
                         publisher="Leicestershire Police")
    assert [r.url for r in spider.start_requests_list()] == [
        "https://www.leics.police.uk/news/leicestershire/news/news/",
        "https://www.leics.police.uk/news/leicestershire/news/",
    ]
    assert spider.publisher == "Leicestershire Police"
    assert spider.allowed_domains == ["www.leics.police.uk"]


def test_force_guessed_from_host():
    spider = make_spider("police_platform", base_url="https://www.kent.police.uk")
    assert spider.start_requests_list()[0].url == "https://www.kent.police.uk/news/kent/news/news/"


def test_listing_skips_other_news():
    spider = make_spider("police_platform")
    requests = requests_of(spider.parse_listing(file_response("police_platform/news/northants/news/news/index.html",
                                                              LISTING)))
    assert [r.url for r in requests] == [REVIEW, SILVERSTONE]
    assert spider.report.skipped_irrelevant == 1


def test_title(review, silverstone):
    assert review.title == "Independent review of our live facial recognition use published"
    assert silverstone.title == "Facial recognition van at the Silverstone Grand Prix"


def test_published_from_written_date(review, silverstone):
    assert review.published == "2025-10-03T10:45:00+01:00"
    assert silverstone.published == "2025-08-04T16:20:00+01:00"


def test_body(silverstone):
    assert silverstone.text.startswith("Our live facial recognition van was used at the entrances to the circuit")
    assert "It produced four alerts, and officers made three arrests." in silverstone.text


def test_url(review):
    assert review.url == review.canonical_url == REVIEW


def test_publisher(review):
    assert review.publisher == "Northamptonshire Police"
