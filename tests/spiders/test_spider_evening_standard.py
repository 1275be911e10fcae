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


def test_body_is_standfirst_then_paragraphs_and_crossheads(oxford_circus):
    assert oxford_circus.text.splitlines() == [
        "The man was arrested 20 minutes after the cameras were switched on",
        "A man wanted for a string of burglaries was arrested at Oxford Circus just 20 minutes after police switched "
        "on live facial recognition cameras on Thursday.",
        "The 41-year-old was stopped by officers near the Tube station entrance on Regent Street after the system "
        "matched him to a watchlist of 9,800 people.",
        "Second alert of the day",
        "A second alert later that afternoon was dismissed by officers within a minute, the Met said.",
        'Inspector Rafferty Olawale-Brennan said: "He had been avoiding us for months. Within minutes of the van '
        'arriving, he was in custody."',
    ]


def test_no_newsletter_fact_box_wall_or_topics(oxford_circus):
    for stray in ("Sign up for our evening bulletin", "occasional offers", "The cameras in numbers",
                  "faces on the watchlist for the day", "free account", "Your email address", "MORE ABOUT",
                  "Most Read", "Bus lane cameras", "cookies", "News | Crime"):
        assert stray not in oxford_circus.text


def test_older_layout_without_main_and_with_read_more_cards(camden):
    assert camden.text.splitlines() == [
        "Around 200 people joined the demonstration on Saturday",
        "Around 200 people gathered outside Camden Town station on Saturday to protest against the Met's use of "
        "live facial recognition vans in the borough.",
        "Organisers handed out leaflets explaining how to avoid the cameras and read out the number of false alerts "
        "the force has recorded this year.",
        "The Met said the deployment went ahead as planned and that it respected the right to protest.",
    ]


def test_title_is_the_printed_headline_not_the_seo_one(oxford_circus):
    assert "Wanted man caught" not in oxford_circus.title


def test_url(camden):
    assert camden.url == camden.canonical_url == CAMDEN


def test_publisher(camden):
    assert (camden.publisher, camden.kind) == ("Evening Standard", "press")
