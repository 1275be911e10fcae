"""independent: the Independent's topic and crime feeds and articles, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-16 09:00:00"
SITE = "https://www.independent.co.uk"
ARRESTS = f"{SITE}/news/uk/crime/met-police-facial-recognition-arrests-b2841234.html"
EUROPE = f"{SITE}/tech/ai-surveillance-rules-uk-europe-b2830011.html"


@pytest.fixture(scope="module")
def arrests():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("independent"),
                             "independent/news/uk/crime/met-police-facial-recognition-arrests-b2841234.html", ARRESTS)
    return item


@pytest.fixture(scope="module")
def europe():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("independent"), "independent/tech/ai-surveillance-rules-uk-europe-b2830011.html",
                             EUROPE)
    return item


def test_topic_feed_is_fetched_in_full():
    # The second item's title and summary do not say "facial recognition": the topic feed is fetched anyway.
    spider = make_spider("independent")
    requests = requests_of(spider.parse_feed(file_response("independent/topic/facial-recognition/rss",
                                                           f"{SITE}/topic/facial-recognition/rss")))
    assert [r.url for r in requests] == [ARRESTS, EUROPE]


def test_crime_feed_is_filtered():
    spider = make_spider("independent")
    requests = requests_of(spider.parse_feed(file_response("independent/news/uk/crime/rss", f"{SITE}/news/uk/crime/rss")))
    assert [r.url for r in requests] == [ARRESTS]
    assert spider.report.skipped_irrelevant == 1


def test_title(arrests, europe):
    assert arrests.title == "Met Police facial recognition cameras lead to record month of arrests"
    assert europe.title == "UK 'falling behind Europe' on rules for AI surveillance"


def test_published_in_london_time(arrests, europe):
    assert arrests.published == "2025-10-14T15:33:12+01:00"
    assert arrests.updated == "2025-10-14T17:05:40+01:00"
    assert europe.published == "2025-09-25T10:00:00+01:00"


def test_author(arrests, europe):
    assert (arrests.author, europe.author) == ("Amara Lindqvist-Obi", "Rufus Penhaligon")


def test_body_is_standfirst_then_paragraphs(arrests):
    assert arrests.text.splitlines() == [
        "Force says 112 people were arrested in September after being identified by the cameras",
        "The Metropolitan Police arrested 112 people in September after they were identified by live facial "
        "recognition cameras, the highest monthly total since the force began using the technology.",
        "Among those arrested were 23 people wanted on recall to prison and 9 registered sex offenders found breaching "
        "their conditions.",
        'A Met spokesperson said: "These results show what the technology can do when it is used carefully and in the '
        'right places."',
        "Civil liberties groups said the figures did not answer questions about the legal basis for the cameras.",
    ]


def test_body_without_newsletter_topics_or_share_overlay(arrests):
    for stray in ("newsletter", "Sign up", "privacy policy", "More about", "Independent Premium", "Comments",
                  "Join the conversation", "Partner offers", "PA Wire", "cookies"):
        assert stray not in arrests.text


def test_header_selectors_read_title_standfirst_and_byline():
    spider = make_spider("independent")
    overrides = spider.article_overrides(file_response("independent/tech/ai-surveillance-rules-uk-europe-b2830011.html",
                                                       EUROPE))
    assert overrides["title"] == "UK 'falling behind Europe' on rules for AI surveillance"
    assert overrides["author"] == "Rufus Penhaligon"
    assert overrides["text"].splitlines()[0] == ("Experts say Britain has no equivalent of the EU's ban on real-time "
                                                 "biometric identification")


def test_url(arrests):
    assert arrests.url == arrests.canonical_url == ARRESTS


def test_publisher(europe):
    assert (europe.publisher, europe.kind) == ("The Independent", "press")
