"""big_brother_watch: Big Brother Watch's WordPress feed and posts, from saved pages with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, items_of, make_spider, parse_page, requests_of

FROZEN = "2025-11-07 12:00:00"
SITE = "https://bigbrotherwatch.org.uk"
WATCHLIST = f"{SITE}/press-releases/met-facial-recognition-watchlist-revealed/"
VAN = f"{SITE}/blog/we-watched-the-watchers-a-day-with-the-lfr-van/"
DIGITAL_ID = f"{SITE}/press-releases/digital-id-plans-must-be-scrapped/"


@pytest.fixture(scope="module")
def watchlist():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("big_brother_watch"),
                             "big_brother_watch/press-releases/met-facial-recognition-watchlist-revealed/index.html",
                             WATCHLIST)
    return item


@pytest.fixture(scope="module")
def van():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("big_brother_watch"),
                             "big_brother_watch/blog/we-watched-the-watchers-a-day-with-the-lfr-van/index.html", VAN)
    return item


def test_feed_requests_facial_recognition_posts():
    spider = make_spider("big_brother_watch")
    requests = requests_of(spider.parse_feed(file_response("big_brother_watch/feed/index.html", f"{SITE}/feed/")))
    assert [r.url for r in requests] == [WATCHLIST, VAN]


def test_feed_skips_other_campaigns():
    spider = make_spider("big_brother_watch")
    requests_of(spider.parse_feed(file_response("big_brother_watch/feed/index.html", f"{SITE}/feed/")))
    assert spider.report.skipped_irrelevant == 1


def test_page_about_another_campaign_is_skipped():
    spider = make_spider("big_brother_watch")
    assert items_of(spider.parse_article(file_response(
        "big_brother_watch/press-releases/digital-id-plans-must-be-scrapped/index.html", DIGITAL_ID))) == []


def test_title_classic_and_block_theme(watchlist, van):
    assert watchlist.title == "Met facial recognition watchlist revealed"
    assert van.title == "We watched the watchers: a day with the van"


def test_published_and_updated(watchlist, van):
    assert watchlist.published == "2025-11-06T11:30:00+00:00"  # GMT in November
    assert watchlist.updated == "2025-11-07T09:12:00+00:00"
    assert van.published == "2025-10-17T16:00:00+01:00"  # UTC in the page, BST in London


def test_author_from_json_ld(van):
    assert van.author == "Jonah Featherstonehaugh"


def test_body(watchlist, van):
    assert 'Silkie Marchbanks, director of Big Brother Watch, said: "Londoners are being told' in watchlist.text
    assert '"They kept asking for my name like I was lying," the boy told us afterwards.' in van.text.splitlines()


def test_body_without_boilerplate(watchlist, van):
    for item in (watchlist, van):
        assert "cookies" not in item.text
        assert "donate" not in item.text.lower()
        assert "Share this post" not in item.text
        assert "Posted in" not in item.text


def test_press_office_boilerplate_is_left_out_and_the_notes_kept(watchlist):
    for line in ("Spokespeople are available", "press line", "NOTES", "more information regarding"):
        assert line not in watchlist.text
    assert "The documents were released to us in October 2025 after a request made in May." in watchlist.text
    assert "Big Brother Watch Team" not in watchlist.text


def test_url(van):
    assert van.url == van.canonical_url == VAN


def test_publisher(watchlist):
    assert (watchlist.publisher, watchlist.kind) == ("Big Brother Watch", "campaign")
