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


def test_the_campaign_page_is_the_first_listing_and_its_posts_are_all_fetched():
    spider = make_spider("liberty")
    assert spider.start_requests_list()[0].url == f"{SITE}/campaign/resist-facial-recognition/"
    response = file_response("liberty/campaign/resist-facial-recognition/index.html",
                             f"{SITE}/campaign/resist-facial-recognition/")
    assert [r.url for r in requests_of(spider.parse_listing(response))] == [CONSULTATION, CARNIVAL]


def test_posted_on_date_is_read_from_the_text(carnival):
    assert carnival.published == "2025-08-20"  # "Posted on 20 Aug 2025"


def test_advice_rights_and_feedback_boxes_are_left_out(carnival):
    for box in ("looking for advice", "legal advice", "What are my rights", "your rights and the law",
                "find this page useful", "Help us make our content", "Need advice or information", "Posted on",
                "Privacy and surveillance"):
        assert box not in carnival.text
    assert carnival.text.splitlines()[:2] == ["Cameras will be on the routes into Carnival, not inside it.",
                                              "You can choose another route."]


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
