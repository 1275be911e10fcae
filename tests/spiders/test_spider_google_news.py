"""google_news: a Google News search feed as a discovery source, from saved copies with the clock frozen."""

import base64
from urllib.parse import parse_qs

import pytest
from freezegun import freeze_time

from helpers import file_response, items_of, make_spider, parse_page, requests_of

FROZEN = "2025-10-21 10:00:00"
GOOGLE = "https://news.google.com"
FEED = f"{GOOGLE}/rss/search?q=%22facial+recognition%22+police&hl=en-GB&gl=GB&ceid=GB:en"
GUARDIAN_TOKEN = "CBMiKEFVX3lxTFBxNG1FdEV4cGFuc2lvbkNyaXRpY3NHdWFyZGlhbjIwMjU"
COURIER_TOKEN = "CBMiJkFVX3lxTE5jUm9ZZE9uQ291cmllckxhbXBQb3N0Q2FtZXJhczAx"
INTERSTITIAL_TOKEN = "CBMiJkFVX3lxTEludGVyc3RpdGlhbE9ubHlFeGFtcGxlMDAwMDAwMDAx"
GUARDIAN = "https://www.theguardian.com/technology/2025/oct/21/met-police-facial-recognition-expansion-critics"
COURIER = "https://www.croydoncourier.example/news/2025/10/19/lamp-post-cameras-croydon"
COURIER_PAGE = "google_news/publisher/croydon-courier/news/2025/10/19/lamp-post-cameras-croydon.html"


def _token(payload: bytes) -> str:
    return base64.urlsafe_b64encode(b"\x08\x13\x22" + bytes([len(payload)]) + payload).decode().rstrip("=")


@pytest.fixture(scope="module")
def feed():
    spider = make_spider("google_news")
    return spider, requests_of(spider.parse_feed(file_response("google_news/rss/search", FEED)))


@pytest.fixture(scope="module")
def courier(feed):
    entry = feed[1][1].meta["feed_entry"]
    with freeze_time(FROZEN):
        # As after the redirect: the response is the publisher's page (whose canonical link has utm_* on it).
        (item,) = parse_page(make_spider("google_news"), COURIER_PAGE, COURIER, prefix="google_news/publisher/croydon-courier",
                             meta={"feed_entry": entry})
    return item


@pytest.fixture(scope="module")
def guardian(feed):
    entry = feed[1][0].meta["feed_entry"]
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("google_news"),
                             "guardian/technology/2025/oct/21/met-police-facial-recognition-expansion-critics.html",
                             GUARDIAN, meta={"feed_entry": entry})
    return item


def test_old_tokens_hold_the_publishers_url():
    from lfrwatch.spiders.google_news import decode_article_url

    link = f"{GOOGLE}/rss/articles/{_token(GUARDIAN.encode())}?oc=5"
    assert decode_article_url(link) == GUARDIAN


def test_new_tokens_hold_only_an_id():
    from lfrwatch.spiders.google_news import decode_article_url

    assert decode_article_url(f"{GOOGLE}/rss/articles/{GUARDIAN_TOKEN}?oc=5") is None
    assert decode_article_url(f"{GOOGLE}/search?q=x") is None


def test_feed_requests_the_google_links_of_relevant_items(feed):
    spider, requests = feed
    assert [r.url for r in requests] == [f"{GOOGLE}/rss/articles/{GUARDIAN_TOKEN}?oc=5",
                                         f"{GOOGLE}/rss/articles/{COURIER_TOKEN}?oc=5"]
    assert all(r.meta["allow_offsite"] for r in requests)  # the redirect leaves news.google.com


def test_feed_skips_irrelevant_items(feed):
    assert feed[0].report.skipped_irrelevant == 1


def test_an_article_with_its_own_source_is_read_by_that_sources_spider(guardian):
    with freeze_time(FROZEN):
        (own,) = parse_page(make_spider("guardian"),
                            "guardian/technology/2025/oct/21/met-police-facial-recognition-expansion-critics.html",
                            GUARDIAN)
    assert (guardian.source, guardian.publisher, guardian.kind) == ("guardian", "The Guardian", "press")
    assert (guardian.canonical_url, guardian.text, guardian.title) == (own.canonical_url, own.text, own.title)


def test_a_police_forces_page_is_read_by_that_forces_spider():
    """A police force on the shared platform has no spider module of its own (spiders/police_forces.py makes
    all 27): a Google News result on its site must still reach its spider, not fail to import one."""
    from scrapy.http import HtmlResponse

    response = HtmlResponse("https://www.kent.police.uk/news/kent/latest/news/2025/june/a-van-in-the-town/",
                            body=b"<html></html>")
    spider = make_spider("google_news").extraction_spider_for(response)
    assert (spider.name, spider.publisher) == ("kent_police", "Kent Police")


def test_title(courier):
    assert courier.title == "Lamp-post facial recognition cameras 'a step too far', say Croydon traders"


def test_published(courier):
    assert courier.published == "2025-10-19T18:25:00+01:00"


def test_body(courier):
    lines = courier.text.splitlines()
    assert lines[0].startswith("Market traders in Croydon town centre say plans to fix live facial recognition cameras")
    assert "Croydon Courier Media" not in courier.text


def test_url_is_the_publishers_canonical_url(courier):
    assert courier.url == COURIER
    assert courier.canonical_url == COURIER  # utm_* dropped from the page's canonical link


def test_publisher_of_an_unknown_site_comes_from_the_page(courier):
    assert (courier.source, courier.publisher, courier.kind) == ("google_news", "Croydon Courier", "press")


def test_interstitial_page_asks_batchexecute():
    spider = make_spider("google_news")
    url = f"{GOOGLE}/rss/articles/{INTERSTITIAL_TOKEN}"
    (request,) = requests_of(spider.parse_article(file_response(f"google_news/rss/articles/{INTERSTITIAL_TOKEN}.html", url)))
    assert request.method == "POST"
    assert request.url == f"{GOOGLE}/_/DotsSplashUi/data/batchexecute"
    freq = parse_qs(request.body.decode())["f.req"][0]
    assert "garturlreq" in freq and INTERSTITIAL_TOKEN in freq and "1761037200" in freq
    assert "AZ5r3eT9xKq2mV8bL1pWcN0dHfJ4gYs7" in freq and "GB:en" in freq


def test_batchexecute_answer_gives_the_publishers_url():
    spider = make_spider("google_news")
    response = file_response("google_news/_/DotsSplashUi/data/batchexecute",
                             f"{GOOGLE}/_/DotsSplashUi/data/batchexecute", meta={"feed_entry": {"title": "x"}})
    (request,) = requests_of(spider.parse_batchexecute(response))
    assert request.url == COURIER and request.meta["allow_offsite"]


def test_google_page_without_a_way_out_is_reported():
    spider = make_spider("google_news")
    url = f"{GOOGLE}/rss/articles/{GUARDIAN_TOKEN}"
    assert items_of(spider.parse_article(file_response("guardian/technology/facial-recognition/rss", url))) == []
    assert spider.report.errors == [{"url": url, "error": "Google News link not resolved to a publisher's page"}]


def test_a_redirect_to_googles_consent_page_is_reported_not_read_as_an_article():
    from scrapy.http import HtmlResponse, Request

    spider = make_spider("google_news")
    google_link = f"{GOOGLE}/rss/articles/{GUARDIAN_TOKEN}?oc=5"
    consent = "https://consent.google.com/ml?continue=https://news.google.com/rss/articles/x&gl=GB&hl=en-GB"
    body = (b'<html><body><form action="https://consent.google.com/save"><p>Before you continue to Google</p></form>'
            b'<a href="https://policies.google.com/technologies/cookies">Learn more</a></body></html>')
    response = HtmlResponse(consent, body=body, request=Request(consent, meta={"redirect_urls": [google_link]}))
    assert list(spider.parse_article(response)) == []
    assert [e["url"] for e in spider.report.errors] == [google_link]
    assert "consent.google.com" in spider.report.errors[0]["error"]


def test_googles_own_hosts_are_never_taken_for_the_publisher():
    from lfrwatch.spiders.google_news import is_google_host

    for host in ("news.google.com", "consent.google.com", "policies.google.com", "www.google.co.uk",
                 "fonts.gstatic.com", "lh3.googleusercontent.com"):
        assert is_google_host(host), host
    for host in ("www.theguardian.com", "www.bbc.co.uk", "googlenewsfan.example", "127.0.0.1", None):
        assert not is_google_host(host), host


def test_the_real_feed_shape_reads_headline_publisher_and_gmt_date():
    spider = make_spider("google_news")
    entries = spider.feed_entries(file_response("google_news/rss/search", FEED))
    first = entries[0]
    assert first["title"].endswith(" - The Guardian")
    assert first["source_title"] == "The Guardian" and first["source_href"] == "https://www.theguardian.com"
    assert first["published"] == "Tue, 21 Oct 2025 05:00:02 GMT"
