"""the_register: The Register's Atom feed and articles, from saved copies with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-21 12:00:00"
SITE = "https://www.theregister.com"
TENDER = f"{SITE}/2025/10/21/met_lfr_expansion_tender/"
RETAIL = f"{SITE}/2025/10/08/retail_face_recognition_ico/"


@pytest.fixture(scope="module")
def tender():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("the_register"), "the_register/2025/10/21/met_lfr_expansion_tender/index.html",
                             TENDER)
    return item


@pytest.fixture(scope="module")
def retail():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("the_register"), "the_register/2025/10/08/retail_face_recognition_ico/index.html",
                             RETAIL)
    return item


def test_feed_skips_other_it_news():
    spider = make_spider("the_register")
    requests = requests_of(spider.parse_feed(file_response("the_register/headlines.atom", f"{SITE}/headlines.atom")))
    assert [r.url for r in requests] == [TENDER, RETAIL]
    assert spider.report.skipped_irrelevant == 1


def test_redirect_links_are_rewritten_to_the_article():
    spider = make_spider("the_register")
    entry = {"link": "https://go.theregister.com/feed/www.theregister.com/2025/10/21/met_lfr_expansion_tender/"}
    assert spider.entry_link(entry, None) == TENDER


def test_redirect_links_follow_a_rebased_source():
    spider = make_spider("the_register", base_url="http://127.0.0.1:9/the_register")
    entry = {"link": "https://go.theregister.com/feed/www.theregister.com/2025/10/21/met_lfr_expansion_tender/"}
    assert spider.entry_link(entry, None) == "http://127.0.0.1:9/the_register/2025/10/21/met_lfr_expansion_tender/"
    other = {"link": "https://go.theregister.com/feed/www.devclass.com/2025/10/21/story/"}
    assert spider.entry_link(other, None) == "https://www.devclass.com/2025/10/21/story/"


def test_feed_entries_have_utc_dates_and_the_standfirst_in_the_summary():
    spider = make_spider("the_register")
    entries = spider.feed_entries(file_response("the_register/headlines.atom", f"{SITE}/headlines.atom"))
    assert entries[0]["published"] == "2025-10-21T09:14:11.00Z"
    assert entries[0]["summary"].startswith("<h4>Tender documents reveal plan to more than double fleet</h4>")
    assert entries[0]["author"] == "Barnaby Quist"


def test_title(tender, retail):
    assert tender.title == "Met Police goes shopping for more facial recognition vans"
    assert retail.title == "ICO warns retailers over face recognition watchlists"


def test_published_in_utc_as_printed(tender, retail):
    assert tender.published == "2025-10-21T09:14:11+00:00"  # JSON-LD, to the second
    assert retail.published == "2025-10-08T11:30:00+00:00"  # the dateline


def test_author(tender, retail):
    assert (tender.author, retail.author) == ("Barnaby Quist", "Ffion Havergal")


def test_body(tender):
    lines = tender.text.splitlines()
    assert lines[0] == "Tender documents reveal plan to more than double fleet"
    assert "Advertisement" not in tender.text and "More like these" not in tender.text
    assert lines[-1].startswith("Asked whether the extra vans meant more deployments")


def test_url(retail):
    assert retail.url == retail.canonical_url == RETAIL


def test_publisher(retail):
    assert (retail.publisher, retail.kind) == ("The Register", "press")
