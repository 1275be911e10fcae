"""Property-based tests: arbitrary text and HTML through the article extractor and the NLP.

A cron job meets pages nobody designed for it. Whatever comes in, the
extractor returns an Article or raises its documented ExtractionError, the NLP
returns claims whose offsets lie within the text, and neither takes long on
one document. Example counts are small so the module runs in about 30 s.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lfrwatch.crawl.article import Article, ExtractionError, extract_article

#: Seconds one document may take (generous: the CI machine is shared); a hang fails well before pytest-timeout.
PER_DOCUMENT = 5.0
URL = "https://news.example.org/2025/07/lfr-update?utm_source=feed&id=7#top"

#: In CI the examples are a fixed, reproducible set; LFRWATCH_FUZZ_EXAMPLES=5000 explores new random ones.
EXPLORE = int(os.environ.get("LFRWATCH_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 300, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=not EXPLORE, database=None)

# Text with the characters that break things: controls, NULs, quotes, non-Latin scripts, RTL marks, emoji.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)

FRAGMENTS = [
    "Live facial recognition", " facial recognition ", "LFR", " The Met ", "Metropolitan Police", " said ",
    "Chief Constable Jane Doe", "Detective Superintendent Rowan Fairley", ", ", ". ", "\n", "\n\n", " “", "” ",
    '"', "'", "‘", "’", " made ", "more than ", "up to ", "almost ", "1,000", "1.2 million", "£3m", "£180,000",
    "12", "0", "000000000000000000000000", "1e9", "½", "a dozen", " arrests", " false alerts", " deployments",
    " faces were scanned", " per cent", "%", " to date", " last year", " a week", " between 5 and 10 ",
    " since January 2024", " in 2025", "Croydon", " Camden ", "(", ")", " — ", "-", "&amp;", "<b>", "\u200f",
    "\x00", "\x0b", "😀", "Ωμέγα", "مرحبا", "   ", "\t",
]
claim_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), any_text.map(lambda t: t[:20])), max_size=40).map("".join)

TAGS = ["p", "div", "article", "main", "section", "h1", "h2", "span", "a", "b", "time", "blockquote", "li",
        "ul", "table", "td", "script", "style", "header", "footer", "nav", "title", "noscript", "iframe"]
META = ["og:title", "og:site_name", "article:published_time", "article:modified_time", "author", "description"]
DATES = st.one_of(st.sampled_from(["2025-07-14T10:00:00+01:00", "14 July 2025", "2025-02-30T10:00:00Z", "0000",
                                   "2025-13-45", "yesterday", "", "2025-07-14", "Mon, 14 Jul 2025 10:00:00 +0100"]),
                  any_text)


def element(children):
    return st.builds(lambda tag, attr, inner: f"<{tag}{attr}>{inner}</{tag}>",
                     st.sampled_from(TAGS),
                     st.sampled_from(["", ' class="content"', ' id="x"', ' datetime="2025-07-14"', ' href="/a"']),
                     st.lists(children, max_size=4).map("".join))


html_body = st.recursive(st.one_of(claim_like, any_text), element, max_leaves=25)


@st.composite
def html_pages(draw):
    head = "".join(
        f'<meta property="{name}" content="{draw(DATES if "time" in name else claim_like).replace(chr(34), "")}">'
        for name in draw(st.lists(st.sampled_from(META), max_size=4, unique=True))
    )
    if draw(st.booleans()):
        head += f'<script type="application/ld+json">{draw(st.sampled_from(["{", "[]", "null", "{}"]))}' \
                f'{draw(any_text)}</script>'
    if draw(st.booleans()):
        head += f'<link rel="canonical" href="{draw(st.sampled_from(["/x", "https://other.example/y", "", "::"]))}">'
    body = draw(html_body)
    if draw(st.booleans()):
        return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return body  # a fragment, unclosed tags and all


def check_article(result, seconds: float) -> None:
    assert seconds < PER_DOCUMENT
    assert isinstance(result, Article)
    assert isinstance(result.text, str) and result.text.strip()
    assert result.canonical_url.startswith(("http://", "https://"))
    for value in (result.published, result.updated):
        if value is not None:
            datetime.fromisoformat(value)  # a stored date is always ISO 8601


def extract_timed(body, **kwargs):
    started = time.perf_counter()
    try:
        result = extract_article(body, URL, **kwargs)
    except ExtractionError as exc:
        assert str(exc)  # the documented error, with a reason
        assert time.perf_counter() - started < PER_DOCUMENT
        return None
    return result, time.perf_counter() - started


@FUZZ
@given(page=html_pages(), entry=st.fixed_dictionaries({}, optional={"title": any_text, "published": DATES,
                                                                    "author": any_text}))
def test_extractor_on_arbitrary_html(page, entry):
    outcome = extract_timed(page, feed_entry=entry)
    if outcome:
        check_article(*outcome)


@settings(FUZZ, max_examples=EXPLORE or 200)
@given(body=st.one_of(any_text, st.binary(max_size=2000)))
def test_extractor_on_arbitrary_text_and_bytes(body):
    outcome = extract_timed(body)
    if outcome:
        check_article(*outcome)


# -- the NLP (the session pipeline from conftest.py) ----------------------------------------


@FUZZ
@given(text=st.one_of(claim_like, any_text),
       meta=st.fixed_dictionaries({}, optional={"published": DATES, "publisher": any_text,
                                               "kind": st.sampled_from(["police", "press", "campaign", None])}))
def test_nlp_offsets_stay_inside_the_text(nlp, text, meta):
    from lfrwatch.nlp import analyse

    started = time.perf_counter()
    result = analyse(nlp(text), meta)
    assert time.perf_counter() - started < PER_DOCUMENT
    assert set(result) >= {"figures", "quotes", "people", "places"}
    for kind in ("figures", "quotes", "places"):
        for item in result[kind]:
            start, end = item["start"], item["end"]
            assert isinstance(start, int) and isinstance(end, int)
            assert 0 <= start < end <= len(text), (kind, item)
    for item in result["figures"] + result["quotes"]:
        assert text[item["start"]:item["end"]] == item["text"], item
    for figure in result["figures"]:
        assert isinstance(figure["value"], (int, float)) and figure["value"] == figure["value"]  # not NaN


def test_an_impossible_date_is_not_stored():
    """Found by test_extractor_on_arbitrary_html: parse_date once returned any YYYY-MM-DD unchecked."""
    page = ('<html><head><meta property="article:published_time" content="2025-13-45"></head><body><p>'
            + "Live facial recognition was used again in Croydon this week. " * 5 + "</p></body></html>")
    outcome = extract_timed(page)
    assert outcome is not None
    check_article(*outcome)
