"""essex_police: Essex Police news on the shared police platform, from saved pages with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-17 09:00:00"
SITE = "https://www.essex.police.uk"
LISTING = f"{SITE}/news/essex/news/news/"
SOUTHEND = f"{SITE}/news/essex/news/news/2025/october/live-facial-recognition-cameras-to-be-used-in-southend-this-weekend/"
BASILDON = f"{SITE}/news/essex/news/news/2025/october/seven-arrests-after-deployment-in-basildon/"
PAGES = "essex_police/news/essex/news/news/2025/october"


@pytest.fixture(scope="module")
def southend():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("essex_police"),
                             f"{PAGES}/live-facial-recognition-cameras-to-be-used-in-southend-this-weekend/index.html",
                             SOUTHEND)
    return item


@pytest.fixture(scope="module")
def basildon():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("essex_police"),
                             f"{PAGES}/seven-arrests-after-deployment-in-basildon/index.html", BASILDON)
    return item


def test_listing_links_to_facial_recognition_news_only():
    spider = make_spider("essex_police")
    requests = requests_of(spider.parse_listing(file_response("essex_police/news/essex/news/news/index.html", LISTING)))
    # The Basildon card's title does not say "facial recognition"; its summary does.
    assert [r.url for r in requests] == [SOUTHEND, BASILDON]
    assert spider.report.skipped_irrelevant == 2


def test_start_urls_are_both_listing_addresses():
    spider = make_spider("essex_police")
    assert [r.url for r in spider.start_requests_list()] == [LISTING, f"{SITE}/news/essex/news/"]


def test_title(southend, basildon):
    assert southend.title == "Live facial recognition cameras to be used in Southend this weekend"
    assert basildon.title == "Seven arrests after deployment in Basildon"


def test_published_from_printed_local_time(southend, basildon):
    assert southend.published == "2025-10-16T11:15:00+01:00"
    assert basildon.published == "2025-10-13T14:02:00+01:00"


def test_updated(southend, basildon):
    assert southend.updated is None
    assert basildon.updated == "2025-10-14T09:30:00+01:00"


def test_body(basildon):
    assert basildon.text.startswith("Seven people were arrested when we used live facial recognition technology")
    assert "Chief Inspector Priya Stallwood, district commander for Basildon, said:" in basildon.text
    assert "Two arrests were recalls to prison." in basildon.text.splitlines()


def test_body_without_boilerplate(southend, basildon):
    for item in (southend, basildon):
        assert "cookies" not in item.text
        assert "Share this page" not in item.text
        assert "Related news" not in item.text
    for furniture in ("exit this site", "Leave this site", "technical problem", "This site is a beta"):
        assert furniture not in basildon.text


def test_url(southend):
    assert southend.url == SOUTHEND
    assert southend.canonical_url == SOUTHEND


def test_publisher(southend):
    assert (southend.publisher, southend.kind, southend.source) == ("Essex Police", "police", "essex_police")
