"""computer_weekly: Computer Weekly's feed and articles, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-15 09:00:00"
SITE = "https://www.computerweekly.com"
WATCHLISTS = f"{SITE}/news/366632118/Police-facial-recognition-watchlists-unlawfully-broad-data-watchdog-told"
CONTRACT = f"{SITE}/news/366630457/Home-Office-signs-new-contract-for-national-facial-matching-service"


@pytest.fixture(scope="module")
def watchlists():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("computer_weekly"),
                             "computer_weekly/news/366632118/Police-facial-recognition-watchlists-unlawfully-broad-data-watchdog-told.html",
                             WATCHLISTS)
    return item


@pytest.fixture(scope="module")
def contract():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("computer_weekly"),
                             "computer_weekly/news/366630457/Home-Office-signs-new-contract-for-national-facial-matching-service.html",
                             CONTRACT)
    return item


def test_feed_skips_other_it_news():
    spider = make_spider("computer_weekly")
    requests = requests_of(spider.parse_feed(file_response("computer_weekly/rss/All-Computer-Weekly-content.xml",
                                                           f"{SITE}/rss/All-Computer-Weekly-content.xml")))
    assert [r.url for r in requests] == [WATCHLISTS, CONTRACT]  # "facial matching" counts
    assert spider.report.skipped_irrelevant == 1


def test_title(watchlists, contract):
    assert watchlists.title == "Police facial recognition watchlists 'unlawfully broad', data watchdog told"
    assert contract.title == "Home Office signs new contract for national facial matching service"


def test_published_from_printed_local_time(watchlists, contract):
    assert watchlists.published == "2025-10-14T16:45:00+01:00"
    assert contract.published == "2025-10-02T12:20:00+01:00"


def test_author(watchlists):
    assert watchlists.author == "Saoirse Achebe-Lindgren"


def test_body(watchlists, contract):
    assert watchlists.text.splitlines()[0].startswith("Legal complaint argues")
    assert "Forces' response" in watchlists.text.splitlines()
    assert "Read more on IT" not in watchlists.text and "Related content" not in watchlists.text
    assert "searched more than 25,000 times last year" in contract.text


def test_url(contract):
    assert contract.url == contract.canonical_url == CONTRACT


def test_publisher(contract):
    assert (contract.publisher, contract.kind) == ("Computer Weekly", "press")
