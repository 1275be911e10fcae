"""The crawl baseline: a bare Scrapy spider that fetches the same feeds and pages as `lfrwatch crawl`.

It reads each feed's ``<item><link>`` and requests every article, yielding one
small item per page: no HTTP cache, no archive, no article extraction, no
store. It runs with Scrapy's defaults plus the settings the lfrwatch crawl is
given in the benchmark (same concurrency, robots.txt obeyed, AutoThrottle off,
no download delay), so the difference is what lfrwatch does per page.

Run as ``python -m benchmarks.bare_spider ARGS_FILE RESULT_FILE`` (see
:func:`benchmarks.common.run_child`).
"""

from __future__ import annotations

import time

import scrapy

from benchmarks.common import child_main


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, *args, feeds: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.feed_urls = list(feeds)

    async def start(self):
        for url in self.feed_urls:
            yield scrapy.Request(url, callback=self.parse_feed, dont_filter=True)

    def parse_feed(self, response):
        for link in response.xpath("//item/link/text()").getall():
            yield scrapy.Request(link.strip(), callback=self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url, "status": response.status, "bytes": len(response.body)}


def crawl(feeds: list[str], settings: dict) -> dict:
    from scrapy.crawler import CrawlerProcess

    from lfrwatch.crawl import settings as lfr_settings

    base = {
        "USER_AGENT": lfr_settings.USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": lfr_settings.CONCURRENT_REQUESTS,
        "CONCURRENT_REQUESTS_PER_DOMAIN": lfr_settings.CONCURRENT_REQUESTS_PER_DOMAIN,
    }
    base.update(settings)
    process = CrawlerProcess(base)
    crawler = process.create_crawler(BareSpider)
    started = time.perf_counter()
    process.crawl(crawler, feeds=feeds)
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats()
    return {
        "seconds": seconds,
        "items": stats.get("item_scraped_count", 0),
        "responses": stats.get("response_received_count", 0),
        "errors": stats.get("log_count/ERROR", 0),
    }


if __name__ == "__main__":
    child_main(crawl)
