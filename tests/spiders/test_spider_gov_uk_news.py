"""gov_uk_news: the GOV.UK news finder's Atom feed and its pages, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, items_of, make_spider, parse_page, requests_of

FROZEN = "2025-10-23 09:00:00"
SITE = "https://www.gov.uk"
FEED = f"{SITE}/search/news-and-communications.atom?keywords=facial+recognition"
VANS = f"{SITE}/government/news/facial-recognition-vans-to-be-rolled-out-to-seven-more-forces"
SPEECH = f"{SITE}/government/speeches/policing-minister-on-facial-recognition-and-public-trust"
AWARD = f"{SITE}/government/news/border-force-officers-recognised-for-service-at-dover"


@pytest.fixture(scope="module")
def vans():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("gov_uk_news"),
                             "gov_uk_news/government/news/facial-recognition-vans-to-be-rolled-out-to-seven-more-forces.html",
                             VANS)
    return item


@pytest.fixture(scope="module")
def speech():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("gov_uk_news"),
                             "gov_uk_news/government/speeches/policing-minister-on-facial-recognition-and-public-trust.html",
                             SPEECH)
    return item


def test_search_feed_entries_are_all_fetched():
    spider = make_spider("gov_uk_news")
    requests = requests_of(spider.parse_feed(file_response("gov_uk_news/search/news-and-communications.atom", FEED)))
    assert [r.url for r in requests] == [SPEECH, AWARD, VANS]
    assert spider.report.skipped_irrelevant == 0


def test_search_hit_not_about_facial_recognition_is_skipped_on_its_page():
    spider = make_spider("gov_uk_news")
    output = items_of(spider.parse_article(file_response(
        "gov_uk_news/government/news/border-force-officers-recognised-for-service-at-dover.html", AWARD)))
    assert output == []
    assert spider.report.skipped_irrelevant == 1


def test_title(vans, speech):
    assert vans.title == "Facial recognition vans to be rolled out to seven more forces"
    assert speech.title == "Policing minister on facial recognition and public trust"


def test_published(vans, speech):
    assert vans.published == "2025-08-13T00:01:00+01:00"
    assert speech.published == "2025-10-21T16:00:00+01:00"


def test_updated_is_the_public_update(vans, speech):
    assert vans.updated is None  # a silent republish (govuk:updated-at) is not an update
    assert speech.updated == "2025-10-22T14:05:10+01:00"


def test_body_starts_with_the_standfirst(vans):
    lines = vans.text.splitlines()
    assert lines[0] == "Ten vans will be shared between seven police forces under a new national programme."
    assert "Safeguards" in lines
    assert 'Policing Minister Dame Imelda Trask said: "Facial recognition has already helped' in vans.text


def test_body_is_lead_then_govspeak_only(vans):
    lines = vans.text.splitlines()
    assert len(lines) == 7  # lead paragraph, five paragraphs and one crosshead
    assert lines[-1] == "The government will consult on a new legal framework for the technology later this year."


def test_title_leaves_the_heading_caption_out(vans, speech):
    spider = make_spider("gov_uk_news")
    overrides = spider.article_overrides(file_response(
        "gov_uk_news/government/speeches/policing-minister-on-facial-recognition-and-public-trust.html", SPEECH))
    assert overrides["title"] == "Policing minister on facial recognition and public trust"  # caption inside the h1
    assert vans.title == "Facial recognition vans to be rolled out to seven more forces"


def test_feed_entries_have_only_updated(vans):
    spider = make_spider("gov_uk_news")
    entries = spider.feed_entries(file_response("gov_uk_news/search/news-and-communications.atom", FEED))
    assert [e["published"] for e in entries] == [None, None, None]
    assert entries[0]["updated"] == "2025-10-22T14:05:10+01:00"


def test_body_without_boilerplate(vans, speech):
    for item in (vans, speech):
        assert "cookies" not in item.text
        assert "Print this page" not in item.text
        assert "Crown copyright" not in item.text
        assert "Related content" not in item.text
        assert "Share this page" not in item.text
        assert "handover event" not in item.text
        assert "Published 13 August" not in item.text
    assert "Updates to this page" not in speech.text


def test_url(vans):
    assert vans.url == vans.canonical_url == VANS


def test_publisher_is_the_department_and_minister_the_byline(vans):
    assert vans.publisher == "Home Office"
    assert vans.author == "Dame Imelda Trask MP"
    assert vans.kind == "government"
