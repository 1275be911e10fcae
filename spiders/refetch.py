"""Stored pages fetched again: `lfrwatch verify --refetch` re-fetches documents whose archived bytes are lost.

Not a source: it is handed the pages (``pages=[{"url": ..., "source": ...}]``)
and fetches each one past the HTTP cache (``dont_cache``), through the rest of
the crawl as any page is (robots.txt, the address and scheme guards, the WARC
archive, validation and the store). A page is read with the selectors of the
source that stored it, and read even when its bytes are the ones stored, so a
new WARC record is written and its place reported: the spider's report lists
every page it read under ``refetched`` (URL, WARC record, sha256 of the bytes
and of the text), for :func:`lfrwatch.ops.verify.refetch_lost` to point the
stored version at when its text is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.spiderloader import SpiderLoader

from lfrwatch.crawl.pipelines import SourceReport
from lfrwatch.spiders.base import ArticleSpider
from lfrwatch.store.stamps import sha256_text


@dataclass
class RefetchReport(SourceReport):
    """A source report with the pages read again and where their new records are."""

    refetched: list[dict[str, Any]] = field(default_factory=list)


class RefetchSpider(ArticleSpider):
    name = "refetch"
    source_kind = "other"

    def __init__(self, *args: Any, pages: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.report = RefetchReport(source=self.name)
        self.pages = list(pages or [])
        if not self.pages:
            raise ValueError("the refetch spider needs pages: [{'url': ..., 'source': ...}]")
        self._readers: dict[str, ArticleSpider] = {}

    async def start(self):
        for page in self.pages:
            request = self.link_request(page["url"], None, dont_cache=True, lfrwatch_stored_by=page.get("source"))
            if request is not None:
                yield request.replace(dont_filter=True)

    def already_stored(self, response, *urls: str) -> bool:
        """Never: the point is a new record of the page, even when its bytes are the ones stored."""
        return False

    def extraction_spider_for(self, response) -> ArticleSpider:
        """The spider of the source that stored the page (its selectors, its relevance terms); else this one."""
        name = response.meta.get("lfrwatch_stored_by")
        crawler = getattr(self, "crawler", None)
        if not name or name in (self.name, "feed") or crawler is None:
            return self
        if name not in self._readers:
            try:
                self._readers[name] = SpiderLoader.from_settings(crawler.settings).load(name)()
            except KeyError:  # a source no longer in the catalogue: read as an ad-hoc page
                self._readers[name] = self
        return self._readers[name]

    def make_item(self, response, article, entry=None, *, owner=None):
        item = super().make_item(response, article, entry, owner=owner)
        self.report.refetched.append({
            "url": item.url, "canonical_url": item.canonical_url,
            "requested_url": response.request.url if response.request is not None else response.url,
            "warc_file": item.warc_file, "warc_offset": item.warc_offset, "warc_record_id": item.warc_record_id,
            "raw_sha256": item.raw_sha256, "text_sha256": sha256_text(item.text), "http_status": response.status})
        return item


