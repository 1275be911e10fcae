"""Article extraction: text without boilerplate, dates in the page's timezone, canonical URLs, relevance."""

from pathlib import Path

import pytest

from lfrwatch.crawl.article import (ExtractionError, canonicalize_url, extract_article, is_relevant, page_metadata,
                              parse_date)

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "feedsite"
BASE = "http://127.0.0.1:8000"


def page(name: str) -> str:
    return (SITE / "articles" / name).read_text().replace("{{BASE_URL}}", BASE)


@pytest.fixture(scope="module")
def article_a():
    return extract_article(page("met-lfr-1000-arrests.html"), f"{BASE}/articles/met-lfr-1000-arrests")


def test_title(article_a):
    assert article_a.title == "Live facial recognition reaches 1,000 arrests"


def test_published_keeps_the_page_timezone(article_a):
    assert article_a.published == "2025-07-14T10:00:00+01:00"


def test_publisher_from_open_graph(article_a):
    assert article_a.publisher == "Metropolitan Police"


def test_body_has_the_article_and_no_boilerplate(article_a):
    assert "The force has now made 1,000 arrests to date using live facial recognition." in article_a.text
    for furniture in ("We use cookies", "Accept all", "Copyright", "Related stories"):
        assert furniture not in article_a.text


def test_update_date_is_kept_when_stated():
    b = extract_article(page("essex-lfr-chelmsford/index.html"), f"{BASE}/articles/essex-lfr-chelmsford/")
    assert b.published == "2025-09-02T15:30:00+01:00"
    assert b.updated == "2025-09-03T09:00:00+01:00"


def test_empty_page_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="empty page"):
        extract_article(b"", f"{BASE}/articles/empty-page")


def test_page_without_article_text_is_an_extraction_error():
    with pytest.raises(ExtractionError):
        extract_article("<html><body><nav>Home</nav></body></html>", f"{BASE}/x")


def test_feed_date_is_used_when_the_page_has_none():
    html = "<html><body><article><p>" + "Live facial recognition was used in Croydon again today. " * 8 + \
           "</p></article></body></html>"
    found = extract_article(html, f"{BASE}/x", feed_entry={"published": "Mon, 14 Jul 2025 10:00:00 +0100"})
    assert found.published == "2025-07-14T10:00:00+01:00"


@pytest.mark.parametrize("raw, expected", [
    ("https://WWW.Example.com:443/news/a?utm_source=rss&utm_medium=x&id=3#top", "https://www.example.com/news/a?id=3"),
    ("https://example.com/a?at_medium=RSS&at_campaign=KARANGA", "https://example.com/a"),
    ("https://example.com/a?CMP=share_btn_tw&page=2", "https://example.com/a?page=2"),
])
def test_canonical_url_strips_tracking(raw, expected):
    assert canonicalize_url(raw) == expected


def test_rel_canonical_is_honoured():
    html = page("met-lfr-1000-arrests.html").replace(
        "</head>", f'<link rel="canonical" href="{BASE}/articles/met-lfr-1000-arrests?utm_source=feed"></head>', 1)
    found = extract_article(html, f"{BASE}/syndicated/copy?ref=aggregator")
    assert found.canonical_url == f"{BASE}/articles/met-lfr-1000-arrests"


@pytest.mark.parametrize("value, expected", [
    ("Mon, 14 Jul 2025 10:00:00 +0100", "2025-07-14T10:00:00+01:00"),
    ("2025-07-14T09:00:00Z", "2025-07-14T09:00:00+00:00"),
    ("2025-07-14", "2025-07-14"),
    ("not a date", None),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("text, relevant", [
    ("Met expands live facial recognition in Croydon", True),
    ("Police use LFR vans at carnival", True),
    ("Retrospective facial-recognition searches rose", True),
    ("Man charged after burglaries in Bexleyheath", False),
    ("Self-reflection on policing: flr codes", False),
])
def test_relevance(text, relevant):
    assert is_relevant(text) is relevant


def test_json_ld_fills_missing_metadata():
    html = """<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"NewsArticle","headline":"Cameras go live","datePublished":"2026-03-04T17:30:00Z",
       "author":[{"@type":"Person","name":"Owen Castellano"}],"publisher":{"@type":"Organization","name":"The Daily Register"}}
    ]}</script></head><body></body></html>"""
    from parsel import Selector

    meta = page_metadata(Selector(text=html), "http://x")
    assert meta["published"] == "2026-03-04T17:30:00Z"
    assert meta["author"] == "Owen Castellano" and meta["publisher"] == "The Daily Register"


PARAGRAPH = ("Live facial recognition cameras were used in Croydon town centre on Saturday, "
             "and officers made several arrests. ")


def test_byline_and_site_name_come_from_the_page_when_its_metadata_has_none():
    html = ("<html><head><title>Cameras in Croydon | Croydon Courier</title></head><body><nav>Home News</nav>"
            "<article><h1>Cameras in Croydon</h1>"
            "<p class='byline'>By <a rel='author' href='/author/jane'>Jane Smith</a></p>"
            + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(6)) + "</article><footer>Copyright</footer></body></html>")
    found = extract_article(html, "https://www.croydon-courier.example/news/cameras")
    assert found.author == "Jane Smith"
    assert found.publisher == "croydon-courier.example"
    assert found.title == "Cameras in Croydon"


def test_trafilatura_metadata_search_only_runs_for_what_the_page_left_out(monkeypatch):
    import trafilatura

    def refuse(*args, **kwargs):
        raise AssertionError("title, author and publisher were all stated by the page")

    monkeypatch.setattr(trafilatura, "extract_metadata", refuse)
    found = extract_article(page("met-lfr-1000-arrests.html"), f"{BASE}/articles/met-lfr-1000-arrests")
    assert found.author == "Metropolitan Police" and found.publisher == "Metropolitan Police"


@pytest.fixture
def cascade_calls(monkeypatch):
    """The ``fast`` flag of each trafilatura.bare_extraction call."""
    import trafilatura

    calls = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        calls.append(kwargs.get("fast"))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


def test_a_plain_article_needs_only_trafilaturas_main_extractor(cascade_calls):
    found = extract_article(page("met-lfr-1000-arrests.html"), f"{BASE}/articles/met-lfr-1000-arrests")
    assert "1,000 arrests" in found.text
    assert cascade_calls == [True]


@pytest.mark.parametrize("body", [
    # Half the page's paragraphs are elsewhere than the main extractor looked.
    "<article>" + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(3)) + "</article><aside>"
    + "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(9)) + "</aside>",
    # Too short for trafilatura to trust its main extractor.
    f"<article><p>{PARAGRAPH}</p><p>Officers said more deployments would follow.</p></article>",
], ids=["half-the-paragraphs", "short"])
def test_a_doubtful_first_extraction_gets_trafilaturas_full_cascade(cascade_calls, body):
    html = f"<html><head><title>Croydon</title></head><body><nav>Home News Sport</nav>{body}</body></html>"
    found = extract_article(html, "https://news.example/croydon")
    assert "Croydon town centre" in found.text
    assert cascade_calls == [True, False]
