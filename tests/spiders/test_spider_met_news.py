"""met_news: the Met's Mynewsdesk newsroom, parsed from saved pages with the clock frozen."""

import pytest
from freezegun import freeze_time
from scrapy.http import Request, TextResponse

from helpers import file_response, items_of, make_spider, parse_page, requests_of

FROZEN = "2025-10-15 08:00:00"
SITE = "https://news.met.police.uk"
CROYDON = f"{SITE}/news/live-facial-recognition-leads-to-14-arrests-in-croydon-491237"
REPORT = f"{SITE}/news/met-publishes-annual-report-on-facial-recognition-technology-489016"
FEED = f"{SITE}/rss/current_news/66871"
SOURCE_FEED = f"{SITE}/rss/source/60923/news"


@pytest.fixture(scope="module")
def spider():
    return make_spider("met_news")


@pytest.fixture(scope="module")
def feed_requests(spider):
    return requests_of(spider.parse_feed(file_response("met_news/rss/current_news/66871", FEED)))


@pytest.fixture(scope="module")
def croydon(spider):
    with freeze_time(FROZEN):
        (item,) = parse_page(spider, "met_news/news/live-facial-recognition-leads-to-14-arrests-in-croydon-491237.html",
                             CROYDON)
    return item


@pytest.fixture(scope="module")
def report(spider):
    with freeze_time(FROZEN):
        (item,) = parse_page(spider, "met_news/news/met-publishes-annual-report-on-facial-recognition-technology-489016.html",
                             REPORT)
    return item


def test_feed_requests_only_facial_recognition_releases(feed_requests):
    assert [r.url for r in feed_requests] == [CROYDON, REPORT]


def test_the_real_mynewsdesk_feeds_are_the_ones_crawled(spider):
    assert [r.url for r in spider.start_requests_list()] == [FEED, SOURCE_FEED]


def test_feed_links_lose_their_tracking_parameters(feed_requests):
    assert all("utm_" not in r.url for r in feed_requests)


def test_one_release_in_both_real_feeds_is_requested_once(feed_requests):
    # The two real feeds list the same release, their links differing only in utm_content
    # ("current_news" / "news"); both lead to one canonical URL, which Scrapy then fetches once.
    body = file_response("met_news/rss/current_news/66871", FEED).body.replace(b"utm_content=current_news",
                                                                               b"utm_content=news")
    response = TextResponse(url=SOURCE_FEED, body=body, encoding="utf-8", request=Request(SOURCE_FEED),
                            headers={"Content-Type": "application/rss+xml"})
    from_source_feed = requests_of(make_spider("met_news").parse_feed(response))
    assert [r.url for r in from_source_feed] == [r.url for r in feed_requests] == [CROYDON, REPORT]


def test_feed_titles_lose_the_spaces_the_newsroom_leaves_at_their_end(spider):
    entries = spider.feed_entries(file_response("met_news/rss/current_news/66871", FEED))
    assert entries[0]["title"] == "Live facial recognition leads to 14 arrests in Croydon"


def test_feed_entries_keep_the_summary_and_london_time(spider):
    entries = spider.feed_entries(file_response("met_news/rss/current_news/66871", FEED))
    assert entries[0]["summary"].startswith("Officers using live facial recognition cameras in Croydon")
    assert entries[0]["published"] == "Tue, 14 Oct 2025 09:30:00 +0100"
    assert entries[0]["author"] == "Metropolitan Police"


def test_feed_skips_other_news_without_fetching_it():
    spider = make_spider("met_news")
    requests_of(spider.parse_feed(file_response("met_news/rss/current_news/66871", FEED)))
    assert spider.report.skipped_irrelevant == 2


def test_title(croydon, report):
    assert croydon.title == "Live facial recognition leads to 14 arrests in Croydon"
    assert report.title == "Met publishes its annual report on facial recognition technology"


def test_published_in_london_time(croydon, report):
    assert croydon.published == "2025-10-14T09:30:00+01:00"
    assert report.published == "2025-09-30T11:00:00+01:00"


def test_updated(croydon, report):
    assert croydon.updated is None
    assert report.updated == "2025-10-02T15:45:00+01:00"


def test_body_starts_with_summary_and_keeps_the_quote(croydon):
    lines = croydon.text.splitlines()
    assert lines[0].startswith("Officers using live facial recognition cameras in Croydon town centre")
    assert 'Superintendent Arlo Pennyfeather, who led the operation, said: "Each of these arrests' in croydon.text


def test_body_without_boilerplate(croydon, report):
    for item in (croydon, report):
        assert "cookies" not in item.text
        assert "Share this press release" not in item.text
        assert "Related content" not in item.text
        assert "Mynewsdesk" not in item.text
        assert "Media enquiries" not in item.text
        assert "non-emergency number" not in item.text


def test_release_lines_in_order(croydon):
    lines = croydon.text.splitlines()
    assert len(lines) == 6  # summary + five body paragraphs, nothing else
    assert lines[-1].startswith("Details of every deployment")


def test_url_and_canonical_url(croydon):
    assert croydon.url == CROYDON
    assert croydon.canonical_url == CROYDON


def test_publisher_and_kind(croydon):
    assert croydon.publisher == "Metropolitan Police"
    assert croydon.kind == "police"
    assert croydon.source == "met_news"


def test_page_not_about_facial_recognition_is_skipped():
    spider = make_spider("met_news")
    url = f"{SITE}/news/appeal-for-witnesses-after-burglary-in-bromley-490771"
    assert items_of(spider.parse_article(file_response("met_news/news/appeal-for-witnesses-after-burglary-in-bromley-490771.html", url))) == []
    assert spider.report.skipped_irrelevant == 1


def test_one_alternative_feed_failing_is_not_an_error():
    spider = make_spider("met_news")
    spider.start_requests_list()
    spider.start_failed(SOURCE_FEED, "HTTP 404", {"lfrwatch_start": True})
    requests_of(spider.parse_feed(file_response("met_news/rss/current_news/66871", FEED,
                                                meta={"lfrwatch_start": True})))
    assert spider.report.errors == []


def test_both_alternative_feeds_failing_is_reported():
    spider = make_spider("met_news")
    spider.start_requests_list()
    spider.start_failed(SOURCE_FEED, "HTTP 404", {"lfrwatch_start": True})
    spider.start_failed(FEED, "HTTP 503", {"lfrwatch_start": True})
    assert [e["url"] for e in spider.report.errors] == [SOURCE_FEED, FEED]
