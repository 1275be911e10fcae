"""sky_news: Sky News feeds and story pages, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-20 12:30:00"
FEEDS = "https://feeds.skynews.com"
SITE = "https://news.sky.com"
CROYDON = f"{SITE}/story/facial-recognition-cameras-to-be-fixed-permanently-in-croydon-town-centre-13441234"
SHOPS = f"{SITE}/story/facial-recognition-in-shops-what-are-your-rights-13439876"
VIDEO = f"{SITE}/video/watch-how-live-facial-recognition-works-13440987"


@pytest.fixture(scope="module")
def croydon():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("sky_news"),
                             "sky_news/story/facial-recognition-cameras-to-be-fixed-permanently-in-croydon-town-centre-13441234.html",
                             CROYDON)
    return item


@pytest.fixture(scope="module")
def shops():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("sky_news"),
                             "sky_news/story/facial-recognition-in-shops-what-are-your-rights-13439876.html", SHOPS)
    return item


def _feed(spider, name):
    return requests_of(spider.parse_feed(file_response(f"sky_news/feeds/rss/{name}.xml", f"{FEEDS}/feeds/rss/{name}.xml",
                                                       site=SITE)))


def test_feeds_lead_to_facial_recognition_stories_and_videos():
    spider = make_spider("sky_news")
    assert [r.url for r in _feed(spider, "uk")] == [CROYDON, VIDEO]
    assert [r.url for r in _feed(spider, "technology")] == [SHOPS]


def test_feeds_skip_other_news():
    spider = make_spider("sky_news")
    _feed(spider, "uk")
    _feed(spider, "technology")
    assert spider.report.skipped_irrelevant == 2


def test_title(croydon, shops):
    assert croydon.title == "Facial recognition cameras to be fixed permanently in Croydon town centre"
    assert shops.title == "Facial recognition in shops: what are your rights?"


def test_published_from_json_ld_in_london_time_or_the_printed_date(croydon, shops):
    # JSON-LD's naive "2025-10-20T08:05:00" is London time; the printed 11:14 is the last change.
    assert croydon.published == "2025-10-20T08:05:00+01:00"
    assert croydon.updated == "2025-10-20T11:14:00+01:00"
    assert shops.published == "2025-10-17T18:02:00+01:00"  # no JSON-LD: the printed date


def test_author(croydon, shops):
    assert (croydon.author, shops.author) == ("Faisal Okonkwo-Hart", "Hettie Grainger-Lowe")


def test_body(croydon):
    assert croydon.text.splitlines() == [
        "Live facial recognition cameras are to be fixed to lamp posts in Croydon town centre, the first permanent "
        "installation of the technology by a British police force.",
        "The Metropolitan Police says the cameras will only be switched on when officers are present and a deployment "
        "has been authorised.",
        "It will be the first time the Met has installed the technology on street furniture rather than on vans.",
        "Councillor Benedict Oyelaran-Shaw, who chairs the borough's community safety committee, said: "
        '"Residents have told us they feel safer when they know the police can find people who are wanted. '
        'But they also want to know the cameras are not watching them all the time."',
        "The force expects the cameras to be in place by the end of the year.",
    ]  # the standfirst repeats the third paragraph: read once


def test_body_without_tweets_related_stories_ads_or_captions(croydon):
    for stray in ("Our statement on the Croydon cameras", "@CroydonResForum", "More from UK", "Train strikes",
                  "Advertisement", "A camera mounted on a lamp post", "Related Topics", "cookies"):
        assert stray not in croydon.text


def test_standfirst_opens_the_text_when_the_body_does_not_repeat_it(shops):
    first = shops.text.splitlines()[0]
    assert first == "More retailers are using cameras that check shoppers' faces against watchlists."


def test_url(shops):
    assert shops.url == shops.canonical_url == SHOPS


def test_publisher(croydon):
    assert (croydon.publisher, croydon.kind) == ("Sky News", "press")
