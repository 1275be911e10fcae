"""liberty: Liberty's news listing, campaign page and posts, from saved pages with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-23 09:00:00"
SITE = "https://www.libertyhumanrights.org.uk"
CONSULTATION = f"{SITE}/issue/liberty-responds-to-facial-recognition-consultation/"
CARNIVAL = f"{SITE}/issue/cameras-at-carnival-what-you-need-to-know/"


@pytest.fixture(scope="module")
def consultation():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("liberty"),
                             "liberty/issue/liberty-responds-to-facial-recognition-consultation/index.html", CONSULTATION)
    return item


@pytest.fixture(scope="module")
def carnival():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("liberty"),
                             "liberty/issue/cameras-at-carnival-what-you-need-to-know/index.html", CARNIVAL)
    return item


def test_news_listing_skips_other_campaigns():
    spider = make_spider("liberty")
    requests = requests_of(spider.parse_listing(file_response("liberty/news/index.html", f"{SITE}/news/")))
    assert [r.url for r in requests] == [CONSULTATION]
    assert spider.report.skipped_irrelevant == 1


def test_campaign_page_posts_are_all_fetched():
    spider = make_spider("liberty")
    response = file_response("liberty/fundamental/facial-recognition/index.html", f"{SITE}/fundamental/facial-recognition/")
    assert [r.url for r in requests_of(spider.parse_listing(response))] == [CARNIVAL, CONSULTATION]


def test_title(consultation, carnival):
    assert consultation.title == "Liberty responds to facial recognition consultation"
    assert carnival.title == "Cameras at Carnival: what you need to know"


def test_published_is_a_date(consultation, carnival):
    assert (consultation.published, carnival.published) == ("2025-10-22", "2025-08-20")


def test_body(consultation, carnival):
    assert 'Tabitha Ormsley-Grant, a lawyer at Liberty, said: "Facial recognition turns every high street' in consultation.text
    assert "What if I am stopped?" in carnival.text.splitlines()


def test_body_without_boilerplate(consultation):
    assert "cookies" not in consultation.text
    assert "Stand with Liberty" not in consultation.text
    assert "membership organisation" not in consultation.text


def test_url(carnival):
    assert carnival.url == carnival.canonical_url == CARNIVAL


def test_publisher(consultation):
    assert (consultation.publisher, consultation.kind) == ("Liberty", "campaign")
