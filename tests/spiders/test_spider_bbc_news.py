"""bbc_news: BBC News feeds and article pages, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-20 10:00:00"
FEEDS = "https://feeds.bbci.co.uk"
SITE = "https://www.bbc.co.uk"
VANS = f"{SITE}/news/articles/c4g7x1e2v9zo"
STUDENT = f"{SITE}/news/articles/cz0ym3kq8p1o"


@pytest.fixture(scope="module")
def vans():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("bbc_news"), "bbc_news/news/articles/c4g7x1e2v9zo.html",
                             VANS + "?at_medium=RSS&at_campaign=rss")
    return item


@pytest.fixture(scope="module")
def student():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("bbc_news"), "bbc_news/news/articles/cz0ym3kq8p1o.html", STUDENT)
    return item


def _feed(spider, name):
    return requests_of(spider.parse_feed(file_response(f"bbc_news/news/{name}/rss.xml", f"{FEEDS}/news/{name}/rss.xml",
                                                       site=SITE)))


def test_feeds_lead_to_facial_recognition_stories_without_tracking_parameters():
    spider = make_spider("bbc_news")
    assert [r.url for r in _feed(spider, "technology")] == [VANS, STUDENT]
    assert [r.url for r in _feed(spider, "uk")] == [VANS]  # the same request: Scrapy fetches it once


def test_feeds_skip_other_news():
    spider = make_spider("bbc_news")
    _feed(spider, "technology")
    _feed(spider, "uk")
    assert spider.report.skipped_irrelevant == 2


def test_title(vans, student):
    assert vans.title == "Met to double use of facial recognition vans"
    assert student.title == "Student wrongly stopped after facial recognition alert"


def test_published_and_updated_in_london_time(vans):
    assert vans.published == "2025-10-20T06:12:31+01:00"
    assert vans.updated == "2025-10-20T10:40:02+01:00"


def test_author(vans, student):
    assert (vans.author, student.author) == ("Priya Lakhani-Doyle, Hamish Oduya", "Tomasz Wellbeloved")


def test_byline_names_are_read_from_the_contributors_block():
    spider = make_spider("bbc_news")
    overrides = spider.article_overrides(file_response("bbc_news/news/articles/cz0ym3kq8p1o.html", STUDENT))
    assert overrides["author"] == "Tomasz Wellbeloved"
    assert overrides["title"] == "Student wrongly stopped after facial recognition alert"


def test_published_is_json_ld_not_the_byline_time(vans):
    # The byline's <time> is the modified time, printed "35 minutes ago".
    assert vans.published == "2025-10-20T06:12:31+01:00"


def test_body_reads_every_text_block_and_crosshead(vans):
    assert vans.text.splitlines() == [
        "The Metropolitan Police is to more than double its use of live facial recognition, with vans deployed up to "
        "ten times a week across London.",
        "The force currently uses the technology about four times a week. It says the expansion will be paid for from "
        "its existing budget.",
        'Commander Felicity Arbuthnot-Reyes said the cameras had "helped us arrest more than 1,000 people who were '
        'wanted for serious crimes, and we want to make that possible in every part of London".',
        "Concerns about accuracy",
        'Campaigners say the plans go too far. Silkie Marchbanks of Big Brother Watch called the announcement "a huge '
        'expansion of mass surveillance without a single vote in Parliament".',
        "The Met says every alert is checked by an officer before anyone is stopped.",
        "Images of people not on a watchlist are deleted within seconds, it says.",
    ]


def test_body_without_boilerplate(vans):
    for furniture in ("cookies", "How live facial recognition vans work", "Shoppers asked", "Student wrongly stopped",
                      "masts above the roof", "Picture agency", "Copyright", "Metropolitan Police Service", "Share",
                      "minutes ago"):
        assert furniture not in vans.text


def test_url_is_canonical(vans):
    assert vans.url == VANS + "?at_medium=RSS&at_campaign=rss"
    assert vans.canonical_url == VANS


def test_publisher(vans):
    assert (vans.publisher, vans.kind) == ("BBC News", "press")
