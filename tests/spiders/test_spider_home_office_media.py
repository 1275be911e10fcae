"""home_office_media: the Home Office media blog (WordPress), from saved pages with the clock frozen."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-02 09:00:00"
SITE = "https://homeofficemedia.blog.gov.uk"
FEED = f"{SITE}/feed/"
FACTSHEET = f"{SITE}/2025/08/13/live-facial-recognition-factsheet/"
COVERAGE = f"{SITE}/2025/10/01/coverage-of-the-facial-recognition-consultation/"


@pytest.fixture(scope="module")
def entries():
    spider = make_spider("home_office_media")
    requests = requests_of(spider.parse_feed(file_response("home_office_media/feed/index.html", FEED)))
    return spider, {r.url: r.meta["feed_entry"] for r in requests}


def _parse(path, url, entries):
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("home_office_media"), path, url, meta={"feed_entry": entries[1][url]})
    return item


@pytest.fixture(scope="module")
def factsheet(entries):
    return _parse("home_office_media/2025/08/13/live-facial-recognition-factsheet/index.html", FACTSHEET, entries)


@pytest.fixture(scope="module")
def coverage(entries):
    return _parse("home_office_media/2025/10/01/coverage-of-the-facial-recognition-consultation/index.html",
                  COVERAGE, entries)


def test_feed_entries_judged_on_their_full_content(entries):
    # The factsheet's title and summary do not say "facial recognition"; its content does.
    spider, by_url = entries
    assert list(by_url) == [COVERAGE, FACTSHEET]


def test_feed_skips_other_posts(entries):
    spider, _ = entries
    assert spider.report.skipped_irrelevant == 1


def test_title(factsheet, coverage):
    assert factsheet.title == "Factsheet: the national rollout of new police vans"
    assert coverage.title == "Coverage of the facial recognition consultation"


def test_published_has_the_pages_time_in_london_time(factsheet, coverage):
    assert factsheet.published == "2025-08-13T08:30:00+01:00"
    assert coverage.published == "2025-10-01T16:40:12+01:00"
    assert factsheet.updated is None  # the theme's time.updated is the publication time


def test_theme_selectors_read_title_time_and_author_without_the_feed():
    spider = make_spider("home_office_media")
    overrides = spider.article_overrides(file_response(
        "home_office_media/2025/10/01/coverage-of-the-facial-recognition-consultation/index.html", COVERAGE))
    assert overrides["title"] == "Coverage of the facial recognition consultation"
    assert overrides["published"] == "2025-10-01T16:40:12+01:00"
    assert overrides["author"] == "Home Office Press Office"


def test_author(factsheet):
    assert factsheet.author == "Home Office Press Office"


def test_body(factsheet):
    lines = factsheet.text.splitlines()
    assert lines[0].startswith("Today the Home Office has announced that ten live facial recognition vans")
    assert "What happens to my image?" in lines
    assert lines[-1] == ("If you are not on a watchlist your image is deleted immediately and automatically. "
                         "It is never seen by an officer.")
    assert len(lines) == 7


def test_body_without_boilerplate(factsheet, coverage):
    for item in (factsheet, coverage):
        assert "cookies" not in item.text
        assert "Sharing and comments" not in item.text
        assert "Subscribe to this blog" not in item.text
        assert "Posted by" not in item.text
        assert "home_office_media/2025" not in item.text and "homeofficemedia" not in item.text  # print-only permalink
        assert "You may also be interested in" not in item.text
        assert "Police powers factsheet" not in item.text
        assert "Tags:" not in item.text


def test_url(coverage):
    assert coverage.url == coverage.canonical_url == COVERAGE


def test_publisher(coverage):
    assert (coverage.publisher, coverage.kind) == ("Home Office", "government")
