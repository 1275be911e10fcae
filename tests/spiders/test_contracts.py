"""Scrapy contracts on every source spider: listed offline, and holding on the fixtures (no network).

``scrapy check <source>`` fetches each contract's ``@url`` from the live site, so
it is run by hand on a connected machine (docs/sources.md). Here: every source
has contracts, ``scrapy check -l`` lists them, each ``@url`` is a page the spider
may fetch, and each contract's conditions hold when its callback reads the
source's saved copy of the same kind of page.
"""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest
from scrapy.contracts import ContractsManager
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from conftest import REPO
from helpers import file_response, make_spider, spider_class
from lfrwatch.crawl.sources import all_sources

RECORDS = {"met_lfr_records", "swp_lfr_records", "essex_lfr_records"}  # deployment records: their own checks
SOURCES = sorted(s.name for s in all_sources() if s.name not in RECORDS)


def _manager() -> ContractsManager:
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    contracts = settings.get_component_priority_dict_with_base("SPIDER_CONTRACTS")
    return ContractsManager(load_object(path) for path, order in contracts.items() if order is not None)


MANAGER = _manager()


def _contracts(slug: str) -> dict[str, dict[str, list[str]]]:
    """{callback name: {contract name: its arguments}} for a source's spider."""
    spider = make_spider(slug)
    found = {}
    for method in MANAGER.tested_methods_from_spidercls(spider_class(slug)):
        found[method] = {c.name: list(c.args) for c in MANAGER.extract_contracts(getattr(spider, method))}
    return found


@pytest.mark.parametrize("slug", SOURCES)
def test_every_source_spider_has_contracts_with_a_live_url_and_expectations(slug):
    contracts = _contracts(slug)
    assert contracts, f"{slug} has no contract"
    for method, found in contracts.items():
        assert "url" in found and found["url"][0].startswith("https://"), method
        assert "returns" in found, method
        if found["returns"][0].startswith("item"):
            assert "scrapes" in found and "title" in found["scrapes"], method


@pytest.mark.parametrize("slug", SOURCES)
def test_contract_urls_are_on_the_sources_own_domains(slug):
    """A contract's request must not be dropped as off-site by the spider it checks."""
    spider = make_spider(slug)
    for method, found in _contracts(slug).items():
        host = urlsplit(found["url"][0]).hostname
        assert any(host == d or host.endswith("." + d) for d in spider.allowed_domains), (method, host)


def test_scrapy_check_lists_every_sources_contracts_without_the_network():
    listed = subprocess.run([str(REPO / ".venv/bin/scrapy"), "check", "-l"], cwd=REPO, text=True,
                            capture_output=True, check=True, timeout=120).stdout
    spiders = {}
    current = None
    for line in listed.splitlines():
        if line and not line.startswith(" "):
            current = line.strip()
            spiders[current] = []
        elif line.strip().startswith("* ") and current:
            spiders[current].append(line.strip()[2:])
    assert set(SOURCES) <= set(spiders)
    for slug in SOURCES:
        assert sorted(spiders[slug]) == sorted(_contracts(slug)), slug


# -- the contracts' conditions, checked against the saved copies ------------------------------------------------

FIXTURE_PAGES = [
    ("met_news", "check_feed", "met_news/rss/current_news/66871", "https://news.met.police.uk/rss/current_news/66871"),
    ("met_news", "check_article", "met_news/news/appeal-for-witnesses-after-burglary-in-bromley-490771.html",
     "https://news.met.police.uk/news/appeal-for-witnesses-after-burglary-in-bromley-490771"),
    ("bbc_news", "check_feed", "bbc_news/news/uk/rss.xml", "https://feeds.bbci.co.uk/news/uk/rss.xml"),
    ("bbc_news", "check_article", "bbc_news/news/articles/c4g7x1e2v9zo.html",
     "https://www.bbc.com/news/articles/c4g7x1e2v9zo"),
    ("guardian", "check_article", "guardian/technology/2025/sep/10/phone-launches-what-we-learned.html",
     "https://www.theguardian.com/technology/2025/sep/10/phone-launches-what-we-learned"),
    ("evening_standard", "check_article", "evening_standard/news/london/camden-lfr-van-protest-b1251234.html",
     "https://www.standard.co.uk/news/london/camden-lfr-van-protest-b1251234.html"),
    ("independent", "check_feed", "independent/topic/facial-recognition/rss",
     "https://www.independent.co.uk/topic/facial-recognition/rss"),
    ("sky_news", "check_article",
     "sky_news/story/facial-recognition-cameras-to-be-fixed-permanently-in-croydon-town-centre-13441234.html",
     "https://news.sky.com/story/facial-recognition-cameras-to-be-fixed-permanently-in-croydon-town-centre-13441234"),
    ("the_register", "check_feed", "the_register/headlines.atom", "https://www.theregister.com/headlines.atom"),
    ("google_news", "check_feed", "google_news/rss/search",
     "https://news.google.com/rss/search?q=%22facial+recognition%22+police&hl=en-GB&gl=GB&ceid=GB:en"),
    ("gov_uk_news", "check_article",
     "gov_uk_news/government/news/border-force-officers-recognised-for-service-at-dover.html",
     "https://www.gov.uk/government/news/border-force-officers-recognised-for-service-at-dover"),
    ("home_office_media", "check_feed", "home_office_media/feed/index.html",
     "https://homeofficemedia.blog.gov.uk/feed/"),
    ("big_brother_watch", "check_article",
     "big_brother_watch/press-releases/digital-id-plans-must-be-scrapped/index.html",
     "https://bigbrotherwatch.org.uk/press-releases/digital-id-plans-must-be-scrapped/"),
    ("liberty", "check_listing", "liberty/campaign/resist-facial-recognition/index.html",
     "https://www.libertyhumanrights.org.uk/campaign/resist-facial-recognition/"),
    ("essex_police", "check_listing", "essex_police/news/essex/news/news/index.html",
     "https://www.essex.police.uk/news/essex/news/"),
    ("hansard_debates", "check_listing", "hansard_debates/search/Debates",
     "https://hansard.parliament.uk/search/Debates?searchTerm=x"),
    ("parliament_written_questions", "check_api",
     "parliament_written_questions/api/writtenquestions/questions-skip-0.json",
     "https://writtenquestions-api.parliament.uk/api/writtenquestions/questions?searchTerm=facial%20recognition"),
]


@pytest.mark.parametrize("slug, method, path, url", FIXTURE_PAGES, ids=[f"{p[0]}.{p[1]}" for p in FIXTURE_PAGES])
def test_contract_conditions_hold_on_the_saved_copy(slug, method, path, url):
    """Pages not about facial recognition count too: a contract checks the page's shape, not its topic."""
    spider = make_spider(slug)
    callback = getattr(spider, method)
    output = list(callback(file_response(path, url)))
    for contract in MANAGER.extract_contracts(callback):
        if hasattr(contract, "post_process"):
            contract.post_process(output)  # raises ContractFail when a condition does not hold


def test_a_contract_fails_when_the_page_no_longer_matches():
    """A redesigned page that still has words but no byline and no date fails ``@scrapes``."""
    from scrapy.exceptions import ContractFail
    from scrapy.http import HtmlResponse, Request

    url = "https://news.sky.com/story/a-page-in-another-layout-13400000"
    body = ("<html><body><div class='new-layout'><h1>Cameras switched on in a new town centre</h1>"
            + "".join(f"<p>Paragraph {n} of a story told in a layout lfrwatch has never seen before today.</p>"
                      for n in range(6)) + "</div></body></html>").encode()
    spider = make_spider("sky_news")
    output = list(spider.check_article(HtmlResponse(url, body=body, request=Request(url))))
    assert len(output) == 1 and output[0]["title"] and "published" not in output[0]
    scrapes = [c for c in MANAGER.extract_contracts(spider.check_article) if c.name == "scrapes"][0]
    with pytest.raises(ContractFail):
        scrapes.post_process(output)
