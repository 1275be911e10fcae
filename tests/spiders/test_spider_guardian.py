"""guardian: the Guardian's facial recognition tag feed and articles, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, items_of, make_spider, parse_page, requests_of

FROZEN = "2025-10-21 09:00:00"
SITE = "https://www.theguardian.com"
EXPANSION = f"{SITE}/technology/2025/oct/21/met-police-facial-recognition-expansion-critics"
SHOP = f"{SITE}/uk-news/2025/sep/29/shop-facial-recognition-wrongly-flagged-shoplifter"
PHONES = f"{SITE}/technology/2025/sep/10/phone-launches-what-we-learned"


@pytest.fixture(scope="module")
def expansion():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("guardian"),
                             "guardian/technology/2025/oct/21/met-police-facial-recognition-expansion-critics.html",
                             EXPANSION)
    return item


@pytest.fixture(scope="module")
def shop():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("guardian"),
                             "guardian/uk-news/2025/sep/29/shop-facial-recognition-wrongly-flagged-shoplifter.html", SHOP)
    return item


def test_tag_feed_items_are_all_fetched():
    spider = make_spider("guardian")
    requests = requests_of(spider.parse_feed(file_response("guardian/technology/facial-recognition/rss",
                                                           f"{SITE}/technology/facial-recognition/rss")))
    assert [r.url for r in requests] == [EXPANSION, SHOP, PHONES]


def test_tagged_page_that_does_not_mention_it_is_skipped():
    spider = make_spider("guardian")
    assert items_of(spider.parse_article(file_response(
        "guardian/technology/2025/sep/10/phone-launches-what-we-learned.html", PHONES))) == []
    assert spider.report.skipped_irrelevant == 1


def test_title(expansion, shop):
    assert expansion.title == "Met's facial recognition expansion 'goes far beyond what Parliament has approved'"
    assert shop.title == "Shopper wrongly flagged as a thief by store's camera system"


def test_published_and_updated_in_london_time(expansion):
    assert expansion.published == "2025-10-21T06:00:02+01:00"
    assert expansion.updated == "2025-10-21T09:31:15+01:00"


def test_author(expansion, shop):
    assert expansion.author == "Eleanor Pryce-Whitmore"
    assert shop.author == "PA Media"  # agency copy: the printed byline, not JSON-LD's "Guardian staff reporter"


def test_body_is_standfirst_then_paragraphs(expansion):
    assert expansion.text.splitlines() == [
        "Campaigners and MPs say plan to deploy cameras up to 10 times a week needs a legal basis",
        "The Metropolitan Police's plan to deploy live facial recognition cameras up to 10 times a week goes far "
        "beyond anything Parliament has approved, campaigners and MPs have said.",
        "The force announced on Monday that it would more than double its use of the technology, which compares the "
        "faces of passersby with a watchlist of wanted people.",
        "Rhiannon Pembury, the Liberal Democrat MP who secured a Westminster Hall debate on the issue in June, said: "
        '"There is still no Act of Parliament that even mentions facial recognition. The Met is writing its own rules '
        'and marking its own homework."',
        'A Met spokesperson said every deployment was "lawful, necessary and proportionate" and that the results were '
        "published online.",
        "The force says the cameras have led to more than 1,000 arrests since 2024.",
    ]


def test_published_comes_from_utc_metadata_not_the_printed_date(shop):
    assert shop.published == "2025-09-29T15:21:37+01:00"


def test_body_without_boilerplate(expansion):
    for furniture in ("cookies", "Related:", "Reuse this content", "More on this story", "small favour",
                      "Explore more on these topics", "All rights reserved", "newsletter", "Sign up to our weekly",
                      "Privacy Notice", "Photograph", "Home affairs correspondent", "Email link"):
        assert furniture not in expansion.text


def test_video_block_is_left_out(shop):
    assert "Video: how the cameras work" not in shop.text
    assert len(shop.text.splitlines()) == 4


def test_url(shop):
    assert shop.url == shop.canonical_url == SHOP


def test_publisher(expansion):
    assert (expansion.publisher, expansion.kind) == ("The Guardian", "press")
