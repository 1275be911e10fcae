"""hansard_debates: Hansard's debate search and plain-text debates, from saved copies with the clock frozen."""

from urllib.parse import parse_qs, urlsplit

import pytest
from freezegun import freeze_time

from helpers import file_response, items_of, make_spider, requests_of

FROZEN = "2025-10-01 09:00:00"
SITE = "https://hansard.parliament.uk"
LORDS_GUID = "0D5F2A71-3C4B-4E8F-9A10-2B7C6D8E9F01"
WH_GUID = "A3B4C5D6-E7F8-4A9B-8C0D-1E2F3A4B5C6D"
FILLERS_GUID = "7C1E9B42-8A3D-4F56-B0C2-9D4E5F6A7B83"
LORDS = f"{SITE}/Lords/2025-09-09/debates/{LORDS_GUID}/FacialRecognitionTechnologyRegulation"
WESTMINSTER_HALL = f"{SITE}/Commons/2025-06-18/debates/{WH_GUID}/LiveFacialRecognitionPoliceUse"


@pytest.fixture(scope="module")
def listing_requests():
    spider = make_spider("hansard_debates")
    return requests_of(spider.parse_listing(file_response("hansard_debates/search/Debates",
                                                          f"{SITE}/search/Debates?searchTerm=x")))


def _debate(guid, listing_requests):
    (request,) = [r for r in listing_requests if guid in r.url]
    spider = make_spider("hansard_debates")
    with freeze_time(FROZEN):
        response = file_response(f"hansard_debates/debates/GetDebateAsText/{guid}", request.url, meta=request.meta)
        return spider, items_of(spider.parse_debate(response))


@pytest.fixture(scope="module")
def lords(listing_requests):
    return _debate(LORDS_GUID, listing_requests)[1][0]


@pytest.fixture(scope="module")
def westminster_hall(listing_requests):
    return _debate(WH_GUID, listing_requests)[1][0]


def test_search_covers_the_last_year():
    with freeze_time(FROZEN):
        (request,) = make_spider("hansard_debates").start_requests_list()
    query = parse_qs(urlsplit(request.url).query)
    assert (query["searchTerm"], query["startDate"], query["endDate"]) == (
        ['"facial recognition"'], ["2024-10-01"], ["2025-10-01"])


def test_each_result_is_fetched_as_plain_text(listing_requests):
    assert [r.url for r in listing_requests if r.meta["lfrwatch_role"] == "article"] == [
        f"{SITE}/debates/GetDebateAsText/{guid}" for guid in (LORDS_GUID, FILLERS_GUID, WH_GUID)]


def test_result_titles_come_from_the_links_title_without_the_house(listing_requests):
    titles = [r.meta["feed_entry"]["title"] for r in listing_requests if r.meta["lfrwatch_role"] == "article"]
    assert titles == ["Facial Recognition Technology: Regulation", "Cosmetic Procedures: Licensing",
                      "Live Facial Recognition: Police Use"]


def test_next_page_is_the_go_to_next_page_link(listing_requests):
    (next_page,) = [r for r in listing_requests if r.meta["lfrwatch_role"] == "listing"]
    assert parse_qs(urlsplit(next_page.url).query)["page"] == ["2"]
    last = make_spider("hansard_debates")
    requests = requests_of(last.parse_listing(file_response("hansard_debates/search/Debates-page-2.html",
                                                            f"{SITE}/search/Debates?searchTerm=x&page=2",
                                                            meta={"lfrwatch_page": 2})))
    assert [r.meta["lfrwatch_role"] for r in requests] == ["article"]  # "Go to previous page" is not followed


def test_debate_without_the_phrase_is_skipped(listing_requests):
    spider, items = _debate(FILLERS_GUID, listing_requests)
    assert items == []
    assert spider.report.skipped_irrelevant == 1


def test_title(lords, westminster_hall):
    assert lords.title == "Facial Recognition Technology: Regulation"
    assert westminster_hall.title == "Live Facial Recognition: Police Use"


def test_published_is_the_sitting_day(lords, westminster_hall):
    assert (lords.published, westminster_hall.published) == ("2025-09-09", "2025-06-18")


def test_body_is_the_debate_text(westminster_hall):
    lines = westminster_hall.text.splitlines()
    assert lines[1] == "Volume 769: debated on Wednesday 18 June 2025"
    assert "Rhiannon Pembury (Kingsford and Mere) (LD)" in lines
    assert any("produced 1,035 alerts last year, and that 8 of them were false alerts" in line for line in lines)


def test_url_is_the_debate_page(lords):
    assert lords.url == lords.canonical_url == LORDS


def test_publisher_and_kind(lords):
    assert (lords.publisher, lords.kind) == ("Hansard (UK Parliament)", "parliament")
