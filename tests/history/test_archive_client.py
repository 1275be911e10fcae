"""The pieces under the backfill: CDX answers, replay addresses, Retry-After, content codings, redirects."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from lfrwatch.history.cdx import (CdxError, CdxQuery, parse_cdx_json, parse_replay_url, replay_base, replay_url,
                                  timestamp_iso)
from lfrwatch.history.fetch import (MAX_DECODED_BYTES, FetchError, Politeness, PoliteClient, decoded_body,
                                    retry_after_seconds)

HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
ROW = ["uk,police,met,news)/news/a-1", "20190210093000", "https://news.met.police.uk/news/a-1", "text/html", "200",
       "ABC", "1200"]


def test_a_cdx_answer_with_a_resume_key():
    captures, key = parse_cdx_json(json.dumps([HEADER, ROW, ROW, [], ["uk%2Cpolice+20190210093000%21"]]).encode())
    assert len(captures) == 2 and key == "uk%2Cpolice+20190210093000%21"
    assert captures[0].original == ROW[2] and captures[0].captured_at == "2019-02-10T09:30:00+00:00"


def test_fields_are_read_by_the_names_the_first_row_gives():
    captures, _ = parse_cdx_json(json.dumps([["timestamp", "original", "urlkey"], [ROW[1], ROW[2], ROW[0]]]).encode())
    assert (captures[0].timestamp, captures[0].urlkey, captures[0].statuscode) == (ROW[1], ROW[0], "")


@pytest.mark.parametrize("body", [b"", b"[]", b"  \n"])
def test_no_captures(body):
    assert parse_cdx_json(body) == ([], None)


@pytest.mark.parametrize("body, reason", [
    (b"<html>Service unavailable</html>", "not CDX JSON: the answer starts"),
    (b'{"error": "too busy"}', "expected a list of rows"),
    (json.dumps([["a", "b"], ["1", "2"]]).encode(), "names no urlkey, timestamp, original field"),
])
def test_an_answer_that_is_not_cdx_json(body, reason):
    with pytest.raises(CdxError, match=reason):
        parse_cdx_json(body)


def test_queries_say_the_documented_parameters():
    query = CdxQuery("news.met.police.uk/", "prefix", "20190101000000", "20201231235959",
                     ("statuscode:200", "mimetype:text/html"), collapse="urlkey")
    params = query.params(page_size=100, resume_key="k")
    assert ("matchType", "prefix") in params and ("collapse", "urlkey") in params
    assert [v for k, v in params if k == "filter"] == ["statuscode:200", "mimetype:text/html"]
    assert ("limit", "100") in params and ("showResumeKey", "true") in params and ("resumeKey", "k") in params
    assert query.key() == CdxQuery(*query.__dict__.values()).key()  # the same question, the same key
    assert ("resumeKey", "k") not in CdxQuery("x", limit=1).params(page_size=100, resume_key="k")


def test_replay_addresses():
    assert replay_base("https://web.archive.org/cdx/search/cdx") == "https://web.archive.org/web/"
    assert replay_base("http://127.0.0.1:8080/coll/cdx") == "http://127.0.0.1:8080/coll/"
    with pytest.raises(ValueError, match="give --replay"):
        replay_base("https://archive.example/api")
    url = replay_url("https://web.archive.org/web/", "20190210093000", "https://a.test/x?y=1")
    assert url == "https://web.archive.org/web/20190210093000id_/https://a.test/x?y=1"
    assert parse_replay_url(url, "https://web.archive.org/web/") == ("20190210093000", "https://a.test/x?y=1")
    assert parse_replay_url("https://elsewhere.test/web/20190210093000id_/x", "https://web.archive.org/web/") is None
    assert timestamp_iso("2019") == "2019-01-01T00:00:00+00:00"
    assert timestamp_iso("20190210") == "2019-02-10T00:00:00+00:00"


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("120") == 120
    now = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now=now.timestamp()) == pytest.approx(90)
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_content_codings_are_undone_and_bounded():
    page = b"<html>" + b"x" * 1000 + b"</html>"
    assert decoded_body(gzip.compress(page), "gzip") == page
    assert decoded_body(gzip.compress(page), None) == page  # stored gzip served without saying so
    assert decoded_body(zlib.compress(page), "deflate") == page
    assert decoded_body(zlib.compress(page)[2:-4], "deflate") == page  # raw deflate
    assert decoded_body(page, None) == page
    bomb = gzip.compress(b"\0" * (MAX_DECODED_BYTES + 1000))
    assert len(decoded_body(bomb, "gzip")) == MAX_DECODED_BYTES
    with pytest.raises(ValueError, match="'br' is not read"):
        decoded_body(page, "br")


def test_redirects_away_from_the_archive_are_not_followed(serve, tmp_path):
    site = serve(tmp_path, routes={"/web/away": (302, {"Location": "http://localhost:9/elsewhere"}, b"")})
    client = PoliteClient(Politeness(delay=0, retries=0))
    with pytest.raises(FetchError, match="redirected away from the archive"):
        client.get(f"{site.base_url}/web/away")


def test_requests_are_spaced_by_the_delay(serve, tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>")
    site = serve(tmp_path)
    pauses = []
    client = PoliteClient(Politeness(delay=5, retries=0), sleep=pauses.append)
    for _ in range(3):
        assert client.get(f"{site.base_url}/page.html").body == b"<p>hello</p>"
    assert len(pauses) == 2 and all(4 < pause <= 5 for pause in pauses)


def test_the_archives_redirect_to_the_nearest_capture_is_followed(serve, tmp_path):
    """The Wayback Machine answers a timestamp it does not hold with a redirect to the nearest one it does."""
    asked, nearest = "/web/20190101000000id_/https://a.test/x", "/web/20190102030405id_/https://a.test/x"
    site = serve(tmp_path, routes={asked: (302, {"Location": nearest}, b""),
                                   nearest: (200, {"Content-Type": "text/html"}, b"<p>the capture</p>")})
    fetched = PoliteClient(Politeness(delay=0, retries=0)).get(site.base_url + asked)
    assert fetched.body == b"<p>the capture</p>" and fetched.url == site.base_url + nearest
    assert parse_replay_url(fetched.url, site.base_url + "/web/") == ("20190102030405", "https://a.test/x")
