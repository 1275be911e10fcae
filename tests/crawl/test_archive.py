"""The WARC archive (lfrwatch.crawl.archive): one gzip member a record, readable by warcio and by read_record.

Crawls in test_crawl.py and test_incremental.py read the records back through
the documents that point at them; these tests look at the writer itself.
"""

from __future__ import annotations

import gzip
import zlib

import pytest
from scrapy.http import HtmlResponse, Request
from warcio.archiveiterator import ArchiveIterator

from lfrwatch.crawl.archive import WarcArchive, WarcArchiveMiddleware, read_record, record_at

URL = "http://127.0.0.1:9/news/lfr-deployment-in-croydon"
BODY = ("<html><body><h1>Live facial recognition in Croydon</h1>"
        + "<p>Officers made 14 arrests after a live facial recognition deployment.</p>" * 80
        + "</body></html>").encode()


def fetched(url: str = URL, body: bytes = BODY) -> tuple[Request, HtmlResponse]:
    request = Request(url, headers={"User-Agent": "lfrwatch-test"})
    response = HtmlResponse(url, status=200, body=body, request=request,
                            headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})
    return request, response


def test_each_record_is_a_gzip_member_of_its_own_and_reads_back(tmp_path):
    warc = WarcArchive(tmp_path)
    first = warc.write_exchange(url=URL, method="GET", request_headers=[("User-Agent", "t")], request_body=b"",
                                status=200, response_headers=[("Content-Type", "text/html")], body=BODY)
    second = warc.write_exchange(url=URL + "-2", method="GET", request_headers=[], request_body=b"",
                                 status=200, response_headers=[], body=b"<p>second</p>")
    warc.close()

    data = warc.path.read_bytes()
    assert len(data) < len(BODY) / 2  # compressed (four records, their headers included)
    assert gzip.decompress(data).count(b"WARC/1.") == 4  # two exchanges, a request and a response each
    # The response record's offset starts a gzip member that decompresses on its own.
    member = zlib.decompressobj(wbits=31)
    assert member.decompress(data[first["warc_offset"]:]).startswith(b"WARC/1.")
    assert first["warc_offset"] == 0 and second["warc_offset"] > 0

    record = read_record(tmp_path, first["warc_file"], first["warc_offset"])
    assert (record["url"], record["status"], record["body"], record["record_id"]) == \
        (URL, 200, BODY, first["warc_record_id"])
    assert read_record(tmp_path, second["warc_file"], second["warc_offset"])["body"] == b"<p>second</p>"
    with open(warc.path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Concurrent-To")) for r in ArchiveIterator(fh)]
    assert [kind for kind, _ in records] == ["response", "request", "response", "request"]
    assert records[1][1] == first["warc_record_id"]  # the request names its response


def test_record_at_gives_the_record_starting_at_an_offset_and_none_at_the_end(tmp_path):
    warc = WarcArchive(tmp_path)
    gzipped = gzip.compress(BODY)
    where = warc.write_exchange(url=URL, method="GET", request_headers=[], request_body=b"", status=200,
                                response_headers=[("Content-Encoding", "gzip")], body=gzipped)
    warc.close()
    with open(warc.path, "rb") as fh:
        record = record_at(fh, where["warc_offset"])
        assert record.rec_headers.get_header("WARC-Record-ID") == where["warc_record_id"]
        assert record.content_stream().read() == BODY  # the payload as the browser got it
        assert record_at(fh, warc.path.stat().st_size) is None
    assert read_record(tmp_path, where["warc_file"], where["warc_offset"])["body"] == gzipped  # as sent
    with pytest.raises(KeyError, match=f"no record at {where['warc_file']}:"):
        read_record(tmp_path, where["warc_file"], warc.path.stat().st_size)


def test_the_middleware_archives_network_responses_only(tmp_path):
    middleware = WarcArchiveMiddleware(tmp_path)
    request, response = fetched()
    assert middleware.process_response(request, response) is response
    where = request.meta["lfrwatch_warc"]
    assert where["warc_file"].endswith(".warc.gz") and where["warc_record_id"].startswith("<urn:uuid:")
    record = read_record(tmp_path, where["warc_file"], where["warc_offset"])
    assert (record["body"], record["status"]) == (BODY, 200)
    assert dict((k.lower(), v) for k, v in record["headers"])["etag"] == '"v1"'

    cached_request, cached = fetched()
    cached.flags.append("cached")  # served by the HTTP cache: nothing new to archive
    middleware.process_response(cached_request, cached)
    assert "lfrwatch_warc" not in cached_request.meta
    middleware.spider_closed()
    assert middleware.archive is None


def test_a_documents_raw_sha256_is_of_the_decoded_body_not_the_archived_wire_bytes(tmp_path):
    """The WARC record keeps the bytes as sent (gzip-encoded, say); the document's raw_sha256 is of the
    body the spider parsed, which is what `already_stored` compares a re-fetched page against."""
    import hashlib

    from scrapy.utils.test import get_crawler

    from lfrwatch.crawl.article import Article
    from lfrwatch.spiders.feed import FeedSpider

    request, response = fetched()
    wire = gzip.compress(BODY)
    request.meta["lfrwatch_warc"] = WarcArchive(tmp_path).write_exchange(
        url=URL, method="GET", request_headers=[], request_body=b"", status=200,
        response_headers=[("Content-Encoding", "gzip")], body=wire)
    spider = FeedSpider.from_crawler(get_crawler(FeedSpider, {}), feeds="http://127.0.0.1:9/feed")
    article = Article(url=URL, canonical_url=URL, text="Officers made 14 arrests with live facial recognition.",
                      title="Live facial recognition in Croydon")
    item = spider.make_item(response, article)
    assert item.raw_sha256 == hashlib.sha256(BODY).hexdigest() != hashlib.sha256(wire).hexdigest()
    assert item.warc_offset == request.meta["lfrwatch_warc"]["warc_offset"]
