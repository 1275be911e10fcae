"""police_platform: any force on the shared police platform, configured by URL; from saved pages."""

import pytest
from freezegun import freeze_time

from helpers import file_response, make_spider, parse_page, requests_of

FROZEN = "2025-10-04 09:00:00"
SITE = "https://www.northants.police.uk"
LISTING = f"{SITE}/news/northants/news/news/"
REVIEW = f"{SITE}/news/northants/news/news/2025/october/independent-review-of-live-facial-recognition-use/"
SILVERSTONE = f"{SITE}/news/northants/news/news/2025/august/facial-recognition-van-at-silverstone-grand-prix/"
PAGES = "police_platform/news/northants/news/news/2025"


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
        "https://www.leics.police.uk/news/leicestershire/news/news/",
        "https://www.leics.police.uk/news/leicestershire/news/",
    ]
    assert spider.publisher == "Leicestershire Police"
    assert spider.allowed_domains == ["www.leics.police.uk"]


def test_force_guessed_from_host():
    spider = make_spider("police_platform", base_url="https://www.kent.police.uk")
    assert spider.start_requests_list()[0].url == "https://www.kent.police.uk/news/kent/news/news/"


def test_listing_skips_other_news():
    spider = make_spider("police_platform")
    requests = requests_of(spider.parse_listing(file_response("police_platform/news/northants/news/news/index.html",
                                                              LISTING)))
    assert [r.url for r in requests] == [REVIEW, SILVERSTONE]
    assert spider.report.skipped_irrelevant == 1


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


# -- one catalogue row per force on the platform -------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from scrapy import Request  # noqa: E402
from scrapy.core.downloader import Downloader  # noqa: E402
from scrapy.settings import Settings  # noqa: E402

from lfrwatch.crawl.catalogue import POLICE_PLATFORM_FORCES  # noqa: E402
from lfrwatch.crawl.sources import get_source  # noqa: E402

FORCE_SLUGS = [row[0] for row in POLICE_PLATFORM_FORCES]


def test_the_catalogue_has_a_row_for_every_force_in_the_verified_newsroom_list():
    assert len(FORCE_SLUGS) == 27 == len(set(FORCE_SLUGS))  # 29 verified newsrooms, Essex and South Wales apart
    hosts = [row[2] for row in POLICE_PLATFORM_FORCES]
    assert len(set(hosts)) == len(hosts)  # each force its own host: its own download slot
    assert not {"essex_police", "south_wales_police"} & set(FORCE_SLUGS)


@pytest.mark.parametrize("slug, publisher, host, force, listing", POLICE_PLATFORM_FORCES, ids=FORCE_SLUGS)
def test_each_force_row_is_off_by_default_and_reads_its_own_newsroom(slug, publisher, host, force, listing):
    source = get_source(slug)
    assert (source.kind, source.publisher, source.enabled) == ("police", publisher, False)
    spider = make_spider(slug)
    assert isinstance(spider, type(make_spider("police_platform")))
    assert [r.url for r in spider.start_requests_list()] == [f"https://{host}{listing}"]
    assert spider.allowed_domains == [host]
    assert spider.article_path.search(f"/news/{force}/news/2025/october/a-story/")
    assert spider.check_listing.__doc__.count(f"@url https://{host}{listing}") == 1


def test_a_force_row_keeps_its_segment_when_pointed_at_another_host():
    spider = make_spider("greater_manchester_police", base_url="http://127.0.0.1:9/gmp")
    assert spider.force == "greater-manchester"  # not "127" or "gmp" guessed from the host
    assert [r.url for r in spider.start_requests_list()] == ["http://127.0.0.1:9/gmp/news/greater-manchester/news/"]


def test_kent_reads_its_latest_listing():
    (request,) = make_spider("kent_police").start_requests_list()
    assert request.url == "https://www.kent.police.uk/news/kent/latest/"


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


def test_platform_furniture_is_left_out_when_the_body_is_read_from_main():
    from scrapy.http import HtmlResponse

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
