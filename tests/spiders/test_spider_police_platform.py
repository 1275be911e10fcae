"""police_platform: any force on the shared police platform; its news feed first, the news search when it fails.

Saved pages parsed offline with the clock frozen, then two crawls of the
loopback mirror: one where the feed answers, one where it is refused.
"""

import sqlite3

import pytest
from freezegun import freeze_time
from scrapy import Request
from scrapy.contracts import ContractsManager
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from conftest import FAST_CRAWL
from helpers import SOURCES, file_response, make_spider, mirror_env, mirror_routes, parse_page, requests_of
from lfrwatch.crawl.process import run_crawl

FROZEN = "2025-10-04 09:00:00"
SITE = "https://www.northants.police.uk"
FEED = f"{SITE}/news/northants/news/GetNewsRss/"
SEARCH = f"{SITE}/news/news-search/?q=facial+recognition"
SEARCH_PAGE_2 = f"{SITE}/news/news-search/GetPaginatedResults/?q=facial+recognition&page=2"
SEARCH_PAGE_3 = f"{SITE}/news/news-search/GetPaginatedResults/?q=facial+recognition&page=3"
REVIEW = f"{SITE}/news/northants/news/news/2025/october/independent-review-of-live-facial-recognition-use/"
SILVERSTONE = f"{SITE}/news/northants/news/news/2025/august/facial-recognition-van-at-silverstone-grand-prix/"
AWARDS = f"{SITE}/news/northants/news/news/2025/september/officers-and-staff-recognised-at-the-county-bravery-awards/"
JAILED = f"{SITE}/news/northants/news/in-court/2025/january/man-jailed-after-facial-recognition-van-stop/"
PAGES = "police_platform/news/northants/news/news/2025"


def feed_response(url=FEED):
    return file_response("police_platform/news/northants/news/GetNewsRss", url)


def search_response(page=1):
    if page == 1:
        return file_response("police_platform/news/news-search/index.html", SEARCH)
    url = {2: SEARCH_PAGE_2, 3: SEARCH_PAGE_3}[page]
    return file_response(f"police_platform/news/news-search/GetPaginatedResults/page-{page}.html", url,
                         meta={"lfrwatch_page": page})


@pytest.fixture(scope="module")
def review():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("police_platform"),
                             f"{PAGES}/october/independent-review-of-live-facial-recognition-use/index.html", REVIEW)
    return item


@pytest.fixture(scope="module")
def silverstone():
    with freeze_time(FROZEN):
        (item,) = parse_page(make_spider("police_platform"),
                             f"{PAGES}/august/facial-recognition-van-at-silverstone-grand-prix/index.html", SILVERSTONE)
    return item


def test_configured_by_base_url_force_and_publisher():
    spider = make_spider("police_platform", base_url="https://www.leics.police.uk", force="leicestershire",
                         publisher="Leicestershire Police")
    assert [r.url for r in spider.start_requests_list()] == [
        "https://www.leics.police.uk/news/leicestershire/news/GetNewsRss/"]
    assert spider.listing_urls == ["https://www.leics.police.uk/news/news-search/?q=facial+recognition"]
    assert spider.publisher == "Leicestershire Police"
    assert spider.allowed_domains == ["www.leics.police.uk"]


def test_force_guessed_from_host():
    spider = make_spider("police_platform", base_url="https://www.kent.police.uk")
    assert spider.start_requests_list()[0].url == "https://www.kent.police.uk/news/kent/news/GetNewsRss/"


# -- the feed ---------------------------------------------------------------------------------------------------


def test_the_feed_is_the_only_start_and_the_search_waits_for_it_to_fail():
    spider = make_spider("police_platform")
    (request,) = spider.start_requests_list()
    assert (request.url, request.meta["lfrwatch_role"]) == (FEED, "feed")
    assert spider.listing_urls == [SEARCH]


def test_feed_requests_only_facial_recognition_releases():
    spider = make_spider("police_platform")
    requests = requests_of(spider.parse_feed(feed_response()))
    assert [r.url for r in requests] == [REVIEW, SILVERSTONE]
    assert spider.report.skipped_irrelevant == 1  # the A45 speed checks: never fetched
    assert not spider.report.errors


def test_feed_entries_keep_title_summary_and_rfc822_date():
    (entry, *_) = make_spider("police_platform").feed_entries(feed_response())
    assert entry["title"] == "Independent review of our live facial recognition use published"
    assert entry["summary"] == "An academic review looked at six deployments in Northampton and Kettering."
    assert entry["published"] == "Fri, 03 Oct 2025 09:45:00 GMT"


def _start(spider, response):
    """``response`` as the answer to the spider's own start request for its URL (so it carries that request's meta)."""
    (request,) = [r for r in spider.start_requests_list() if r.url == response.url]
    return response.replace(request=request)


def test_a_feed_that_is_not_a_feed_leads_to_the_news_search():
    spider = make_spider("police_platform")
    refused = HtmlResponse(FEED, body=b"<html><body><h1>Access denied</h1></body></html>", request=Request(FEED))
    (request,) = requests_of(spider.parse_feed(_start(spider, refused)))
    assert (request.url, request.meta["lfrwatch_role"]) == (SEARCH, "listing")
    assert request.callback == spider.parse_listing
    assert not spider.report.errors  # not yet: the search may still work


def test_a_refused_feed_leads_to_the_news_search_through_the_errback():
    from scrapy.spidermiddlewares.httperror import HttpError

    spider = make_spider("police_platform")
    (start,) = spider.start_requests_list()
    failure = Failure(HttpError(HtmlResponse(FEED, status=403, body=b"Forbidden", request=start)))
    failure.request = start
    (request,) = spider.on_error(failure)
    assert request.url == SEARCH


def test_a_working_feed_never_leads_to_the_search():
    spider = make_spider("police_platform")
    requests = requests_of(spider.parse_feed(_start(spider, feed_response())))
    assert SEARCH not in [r.url for r in requests]
    assert spider.fallback_requests() == []


def test_the_feeds_failure_is_a_warning_when_the_search_is_read_and_an_error_when_it_fails_too():
    spider = make_spider("police_platform")
    refused = HtmlResponse(FEED, body=b"<html><body>Access denied</body></html>", request=Request(FEED))
    (search,) = requests_of(spider.parse_feed(_start(spider, refused)))
    requests_of(spider.parse_listing(search_response().replace(request=search)))
    assert not spider.report.errors
    assert [w["url"] for w in spider.report.warnings] == [FEED]
    assert spider.report.warnings[0]["warning"].endswith("the news search was read instead")

    spider = make_spider("police_platform")
    (search,) = requests_of(spider.parse_feed(_start(spider, refused)))
    spider.start_failed(SEARCH, "HTTP 403", search.meta)
    assert [e["url"] for e in spider.report.errors] == [FEED, SEARCH]
    assert spider.report.errors[0]["error"].startswith("malformed feed")


# -- the news search ---------------------------------------------------------------------------------------------


def test_search_results_are_the_cards_with_a_published_line():
    results = make_spider("police_platform").search_results(search_response())
    # The image link shares its card's address and has no text; the "Most read" link has no card: neither counts.
    assert [url for url, _ in results] == [REVIEW, AWARDS]


def test_search_card_gives_title_summary_and_london_time():
    (url, entry), _ = make_spider("police_platform").search_results(search_response())
    assert entry == {"title": "Independent review of our live facial recognition use published",
                     "summary": "An academic review looked at six deployments in Northampton and Kettering.",
                     "published": "2025-10-03T10:45:00+01:00"}


def test_search_card_dates_are_greenwich_time_in_winter_and_category_segments_count():
    results = dict(make_spider("police_platform").search_results(search_response(2)))
    assert list(results) == [SILVERSTONE, JAILED]  # /news/northants/news/in-court/...: a category, like news/
    assert results[SILVERSTONE]["published"] == "2025-08-04T16:20:00+01:00"
    assert results[JAILED]["published"] == "2025-01-14T09:05:00+00:00"


def test_every_search_result_is_fetched_and_judged_on_its_page():
    spider = make_spider("police_platform")
    requests = requests_of(spider.parse_listing(search_response()))
    assert [r.url for r in requests[:2]] == [REVIEW, AWARDS]
    assert requests[0].meta["feed_entry"]["published"] == "2025-10-03T10:45:00+01:00"
    with freeze_time(FROZEN):
        assert parse_page(spider, f"{PAGES}/september/officers-and-staff-recognised-at-the-county-bravery-awards/"
                                  "index.html", AWARDS) == []
    assert spider.report.skipped_irrelevant == 1  # "recognised" for bravery: not about facial recognition


def test_search_pages_on_through_get_paginated_results_while_they_list_results():
    spider = make_spider("police_platform")
    assert requests_of(spider.parse_listing(search_response()))[-1].url == SEARCH_PAGE_2
    next_page = requests_of(spider.parse_listing(search_response(2)))[-1]
    assert (next_page.url, next_page.meta["lfrwatch_page"]) == (SEARCH_PAGE_3, 3)
    assert spider.next_listing_page(search_response(3)) is None  # no results: the end


def test_search_stops_at_max_pages():
    spider = make_spider("police_platform")
    spider.options["max_pages"] = 2
    assert SEARCH_PAGE_3 not in [r.url for r in requests_of(spider.parse_listing(search_response(2)))]


def test_search_cards_with_root_relative_links_and_the_date_in_its_own_element():
    body = b"""<div><div><a href="/news/northants/news/news/2025/march/a-van-in-corby/"><img src="/x.jpg" alt=""></a>
    <h3><a href="/news/northants/news/news/2025/march/a-van-in-corby/">Live facial recognition van in Corby</a></h3>
    <p>Officers will use the van in the town centre on Friday.</p>
    <span><strong>Published:</strong> 08:00 28/03/2025</span></div></div>"""
    response = HtmlResponse(SEARCH_PAGE_2, body=body, request=Request(SEARCH_PAGE_2))
    ((url, entry),) = make_spider("police_platform").search_results(response)
    assert url == f"{SITE}/news/northants/news/news/2025/march/a-van-in-corby/"
    assert (entry["summary"], entry["published"]) == ("Officers will use the van in the town centre on Friday.",
                                                      "2025-03-28T08:00:00+00:00")


# -- articles --------------------------------------------------------------------------------------------------------


def test_title(review, silverstone):
    assert review.title == "Independent review of our live facial recognition use published"
    assert silverstone.title == "Facial recognition van at the Silverstone Grand Prix"


def test_published_from_written_date(review, silverstone):
    assert review.published == "2025-10-03T10:45:00+01:00"
    assert silverstone.published == "2025-08-04T16:20:00+01:00"


def test_body(silverstone):
    assert silverstone.text.startswith("Our live facial recognition van was used at the entrances to the circuit")
    assert "It produced four alerts, and officers made three arrests." in silverstone.text


def test_url(review):
    assert review.url == review.canonical_url == REVIEW


def test_publisher(review):
    assert review.publisher == "Northamptonshire Police"


def test_platform_furniture_is_left_out_when_the_body_is_read_from_main():
    url = f"{SITE}/news/northants/news/news/2025/october/a-story/"
    body = b"""<html><body><a href="#">Press Escape to exit this site quickly</a>
    <main><p>Leave this site</p><p>We use essential cookies so the site works, and others only if you agree.</p>
    <p>Your cookie preferences were saved.</p><p>Sorry, there was a technical problem, please try again.</p>
    <p>This site is a beta: tell us what you think.</p><h1>Van used at the county show</h1>
    <p>Published: 10:15 02/10/2025</p>
    <p>Our live facial recognition van was at the county show on Saturday and made two arrests.</p>
    <p>Both men were wanted on warrant.</p></main></body></html>"""
    overrides = make_spider("police_platform").article_overrides(HtmlResponse(url, body=body, request=Request(url)))
    assert overrides["text"].splitlines() == [
        "Our live facial recognition van was at the county show on Saturday and made two arrests.",
        "Both men were wanted on warrant."]
    assert overrides["published"] == "2025-10-02T10:15:00+01:00"


# -- `scrapy check`: the contracts hold on the saved feed and search page ------------------------------------------


def _manager() -> ContractsManager:
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    contracts = settings.get_component_priority_dict_with_base("SPIDER_CONTRACTS")
    return ContractsManager(load_object(path) for path, order in contracts.items() if order is not None)


@pytest.mark.parametrize("method, response, url", [
    ("check_feed", feed_response, FEED), ("check_listing", search_response, f"{SITE}/news/news-search/?q=police")])
def test_contracts_name_the_feed_and_the_search_and_hold_on_the_saved_copies(method, response, url):
    spider = make_spider("police_platform")
    callback = getattr(spider, method)
    contracts = {c.name: c for c in _manager().extract_contracts(callback)}
    assert list(contracts["url"].args) == [url] and contracts["returns"].args[0] == "requests"
    output = list(callback(response()))
    assert output and all(r.meta["lfrwatch_role"] == "article" for r in output)
    contracts["returns"].post_process(output)  # raises ContractFail when the condition does not hold


def test_a_broken_feed_fails_its_contract_rather_than_falling_back():
    from scrapy.exceptions import ContractFail

    spider = make_spider("police_platform")
    refused = HtmlResponse(FEED, body=b"<html><body>Access denied</body></html>", request=Request(FEED))
    output = list(spider.check_feed(refused))
    assert output == []
    returns = [c for c in _manager().extract_contracts(spider.check_feed) if c.name == "returns"][0]
    with pytest.raises(ContractFail):
        returns.post_process(output)


def test_essex_and_south_wales_read_listings_and_have_no_feed_contract():
    for slug in ("essex_police", "south_wales_police"):
        spider = make_spider(slug)
        assert spider.check_feed is None and not spider.listing_fallback
        assert {r.meta["lfrwatch_role"] for r in spider.start_requests_list()} == {"listing"}


# -- one catalogue row per force on the platform -------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from scrapy.core.downloader import Downloader  # noqa: E402

from lfrwatch.crawl.catalogue import POLICE_PLATFORM_FORCES  # noqa: E402
from lfrwatch.crawl.sources import get_source  # noqa: E402

FORCE_SLUGS = [row[0] for row in POLICE_PLATFORM_FORCES]


def test_the_catalogue_has_a_row_for_every_force_in_the_verified_newsroom_list():
    assert len(FORCE_SLUGS) == 27 == len(set(FORCE_SLUGS))  # 29 verified newsrooms, Essex and South Wales apart
    hosts = [row[2] for row in POLICE_PLATFORM_FORCES]
    assert len(set(hosts)) == len(hosts)  # each force its own host: its own download slot
    assert not {"essex_police", "south_wales_police"} & set(FORCE_SLUGS)


@pytest.mark.parametrize("slug, publisher, host, force, listing", POLICE_PLATFORM_FORCES, ids=FORCE_SLUGS)
def test_each_force_row_is_off_by_default_and_reads_its_own_feed_then_the_search(slug, publisher, host, force,
                                                                                 listing):
    source = get_source(slug)
    assert (source.kind, source.publisher, source.enabled) == ("police", publisher, False)
    spider = make_spider(slug)
    assert isinstance(spider, type(make_spider("police_platform")))
    assert [r.url for r in spider.start_requests_list()] == [f"https://{host}{listing}GetNewsRss/"]
    assert spider.listing_urls == [f"https://{host}/news/news-search/?q=facial+recognition"]
    assert spider.allowed_domains == [host]
    assert spider.article_path.search(f"/news/{force}/news/2025/october/a-story/")
    assert spider.article_path.search(f"/news/{force}/news/news/2025/october/a-story/")
    assert spider.check_feed.__doc__.count(f"@url https://{host}{listing}GetNewsRss/") == 1
    assert spider.check_listing.__doc__.count(f"@url https://{host}/news/news-search/?q=police") == 1


def test_a_force_row_keeps_its_segment_when_pointed_at_another_host():
    spider = make_spider("greater_manchester_police", base_url="http://127.0.0.1:9/gmp")
    assert spider.force == "greater-manchester"  # not "127" or "gmp" guessed from the host
    assert [r.url for r in spider.start_requests_list()] == [
        "http://127.0.0.1:9/gmp/news/greater-manchester/news/GetNewsRss/"]


def test_the_attested_feeds_are_the_ones_crawled():
    """The four forces whose GetNewsRss feed public code reads on the live sites."""
    feeds = {slug: make_spider(slug).start_requests_list()[0].url for slug in
             ("greater_manchester_police", "west_midlands_police", "gloucestershire_police", "merseyside_police")}
    assert feeds == {
        "greater_manchester_police": "https://www.gmp.police.uk/news/greater-manchester/news/GetNewsRss/",
        "west_midlands_police": "https://www.westmidlands.police.uk/news/west-midlands/news/GetNewsRss/",
        "gloucestershire_police": "https://www.gloucestershire.police.uk/news/gloucestershire/news/GetNewsRss/",
        "merseyside_police": "https://www.merseyside.police.uk/news/merseyside/news/GetNewsRss/",
    }


def test_kent_reads_its_latest_listings_feed():
    (request,) = make_spider("kent_police").start_requests_list()
    assert request.url == "https://www.kent.police.uk/news/kent/latest/GetNewsRss/"


def test_forces_crawl_each_at_their_own_pace():
    """Scrapy keys download slots (delay, concurrency, AutoThrottle) by host, not by IP: one slot per force."""
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    assert settings.getint("CONCURRENT_REQUESTS_PER_IP") == 0  # a shared hosting IP does not merge the forces
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getfloat("DOWNLOAD_DELAY") > 0
    downloader = SimpleNamespace(DOWNLOAD_SLOT=Downloader.DOWNLOAD_SLOT, ip_concurrency=0)
    keys = {Downloader.get_slot_key(downloader, Request(f"https://{row[2]}{row[4]}")) for row in POLICE_PLATFORM_FORCES}
    assert len(keys) == len(POLICE_PLATFORM_FORCES)


# -- over loopback: the feed, and the search when the feed is refused ---------------------------------------------

FEED_PATH = "/police_platform/news/northants/news/GetNewsRss/"


def _crawl(serve, tmp_path, monkeypatch, routes):
    mirror = serve(SOURCES, routes={**mirror_routes(), **routes})
    for key, value in mirror_env(mirror.base_url, ["police_platform"]).items():
        monkeypatch.setenv(key, value)
    db = str(tmp_path / "lfrwatch.db")
    result = run_crawl(db, sources=["police_platform"], settings=FAST_CRAWL)
    con = sqlite3.connect(db)
    stored = {row[0].removeprefix(mirror.base_url + "/police_platform"): row[1]
              for row in con.execute("select canonical_url, published from documents")}
    con.close()
    return result, stored, [entry.path.removeprefix("/police_platform") for entry in mirror.log], mirror.base_url


def test_crawl_reads_the_feed_and_never_the_search(serve, tmp_path, monkeypatch):
    result, stored, requested, _ = _crawl(serve, tmp_path, monkeypatch, {})
    assert stored == {"/news/northants/news/news/2025/october/independent-review-of-live-facial-recognition-use/":
                      "2025-10-03T10:45:00+01:00",
                      "/news/northants/news/news/2025/august/facial-recognition-van-at-silverstone-grand-prix/":
                      "2025-08-04T16:20:00+01:00"}
    assert not [path for path in requested if "news-search" in path or "speed-checks" in path]
    assert result.errors == [] and result.warnings == []


REFUSALS = {
    # West Midlands answers 403 to some networks (one attesting project's own note): the errback falls back.
    "refused": (403, "HTTP 403; the news search was read instead"),
    # A bot-check page in place of the feed: the feed reader (in a worker process) falls back.
    "not a feed": (200, "malformed feed: text/html is not an XML media type; the news search was read instead"),
}


@pytest.mark.parametrize("status, warning", REFUSALS.values(), ids=REFUSALS.keys())
def test_crawl_reads_the_news_search_page_by_page_when_the_feed_fails(serve, tmp_path, monkeypatch, status, warning):
    page = (status, {"Content-Type": "text/html"}, b"<html><body>Access denied</body></html>")
    result, stored, requested, base = _crawl(serve, tmp_path, monkeypatch, {FEED_PATH: lambda handler: page})
    assert stored == {"/news/northants/news/news/2025/october/independent-review-of-live-facial-recognition-use/":
                      "2025-10-03T10:45:00+01:00",
                      "/news/northants/news/news/2025/august/facial-recognition-van-at-silverstone-grand-prix/":
                      "2025-08-04T16:20:00+01:00",
                      "/news/northants/news/in-court/2025/january/man-jailed-after-facial-recognition-van-stop/":
                      "2025-01-14T09:05:00+00:00"}
    searched = [path for path in requested if "news-search" in path]
    assert searched == ["/news/news-search/?q=facial+recognition",
                        "/news/news-search/GetPaginatedResults/?q=facial+recognition&page=2",
                        "/news/news-search/GetPaginatedResults/?q=facial+recognition&page=3"]
    assert [p for p in requested if "bravery-awards" in p]  # fetched, then skipped on its text
    assert not [p for p in requested if "half-marathon" in p]  # a "Most read" link, not a result
    assert result.errors == []
    assert [(w["url"], w["warning"]) for w in result.warnings] == [(base + FEED_PATH, warning)]

