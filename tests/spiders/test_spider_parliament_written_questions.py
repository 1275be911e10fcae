"""parliament_written_questions: the Written Questions API, parsed from saved JSON pages with the clock frozen."""

from urllib.parse import parse_qs, urlsplit

import pytest
from freezegun import freeze_time
from scrapy import Request

from helpers import file_response, items_of, make_spider, requests_of, results

FROZEN = "2025-11-01 09:00:00"
API = "https://writtenquestions-api.parliament.uk/api/writtenquestions/questions"
PAGES = "parliament_written_questions/api/writtenquestions"
DETAIL = "https://questions-statements.parliament.uk/written-questions/detail"


def _page(spider, name, skip):
    meta = {"since": "2024-11-01", "skip": skip, "api_url": API, "lfrwatch_start": skip == 0}
    return file_response(f"{PAGES}/{name}", spider.page_url(API, "2024-11-01", skip), meta=meta)


@pytest.fixture(scope="module")
def first_page():
    spider = make_spider("parliament_written_questions")
    with freeze_time(FROZEN):
        output = results(spider.parse_questions(_page(spider, "questions-skip-0.json", 0)))
    return spider, output


@pytest.fixture(scope="module")
def arrests(first_page):
    return items_of(first_page[1])[0]


@pytest.fixture(scope="module")
def accuracy(first_page):
    return items_of(first_page[1])[1]


def test_start_url_asks_for_answered_questions_of_the_last_year():
    with freeze_time(FROZEN):
        (request,) = make_spider("parliament_written_questions").start_requests_list()
    query = parse_qs(urlsplit(request.url).query)
    assert request.url.startswith(API + "?")
    assert query["searchTerm"] == ["facial recognition"]
    assert query["answeredWhenFrom"] == ["2024-11-01"]
    assert query["skip"] == ["0"] and query["take"] == ["20"] and query["expandMember"] == ["true"]


def test_next_page_skips_what_came_back(first_page):
    (request,) = requests_of(first_page[1])
    assert parse_qs(urlsplit(request.url).query)["skip"] == ["2"]


def test_last_page_has_no_next_page():
    spider = make_spider("parliament_written_questions")
    output = results(spider.parse_questions(_page(spider, "questions-skip-2.json", 2)))
    assert not any(isinstance(r, Request) for r in output)


def test_unanswered_and_off_topic_questions_are_skipped():
    spider = make_spider("parliament_written_questions")
    assert items_of(spider.parse_questions(_page(spider, "questions-skip-2.json", 2))) == []
    assert spider.report.skipped_irrelevant == 1  # number plate recognition; the unanswered one waits


def test_holding_and_withdrawn_answers_are_not_stored():
    spider = make_spider("parliament_written_questions")
    items = items_of(spider.parse_questions(_page(spider, "questions-skip-2.json", 2)))
    assert items == []
    assert spider.holding_answers == 1  # "I will reply as soon as ...": the real answer comes on a later run
    assert spider.report.skipped_irrelevant == 1  # only the number plate one; the withdrawn one is not judged


def test_title(arrests, accuracy):
    assert arrests.title == "Police: Facial Recognition (written question 71842)"
    assert accuracy.title == "Facial Recognition: Ethnic Groups (written question HL9421)"


def test_published_is_the_day_answered(arrests, accuracy):
    assert arrests.published == "2025-09-15"
    assert accuracy.published == "2025-08-01"


def test_updated_is_the_correction(arrests, accuracy):
    assert arrests.updated is None
    assert accuracy.updated == "2025-08-06"


def test_body_has_question_then_answer(arrests):
    lines = arrests.text.splitlines()
    assert lines[0] == "Police: Facial Recognition"
    assert "tabled on 2025-09-08 by Rhiannon Pembury (Liberal Democrats, Kingsford and Mere)" in lines[1]
    assert lines[2].startswith("To ask the Secretary of State for the Home Department, how many arrests")
    assert lines[3] == "Answered on 2025-09-15 by Dame Imelda Trask (Labour, Harwick North):"
    assert lines[5] == ("The Metropolitan Police publishes the results of each deployment. It reports that its "
                        "deployments led to 540 arrests in 2023, 620 in 2024 and 710 in the first eight months of 2025.")


def test_url_is_the_questions_public_page(arrests, accuracy):
    assert arrests.url == arrests.canonical_url == f"{DETAIL}/2025-09-08/71842"
    assert accuracy.url == f"{DETAIL}/2025-07-21/HL9421"


def test_author_publisher_and_kind(arrests):
    assert arrests.author == "Dame Imelda Trask"
    assert (arrests.publisher, arrests.kind) == ("UK Parliament", "parliament")


def test_a_page_that_is_not_the_api_is_reported():
    spider = make_spider("parliament_written_questions")
    response = file_response("met_news/rss/current_news/66871", f"{API}?skip=0", meta={"lfrwatch_start": True})
    assert results(spider.parse_questions(response)) == []
    assert spider.report.errors[0]["error"].startswith("not a Written Questions API answer")
