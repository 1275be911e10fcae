"""What ``scrapy check <source>`` runs: the work behind each spider's contract callbacks.

Each source spider has small callbacks (``check_feed``, ``check_listing``,
``check_article``) whose docstrings carry Scrapy contracts: ``@url`` a live
page of the source, ``@returns`` how many requests or items it must give,
``@scrapes`` the fields an article must have. On a connected machine::

    scrapy check met_news        # does the Met's live feed still read as lfrwatch expects?
    scrapy check -l              # every contract, without the network

They call the functions below, which run the spider's own parsing code (its
``parse_feed``, ``parse_listing``, ``parse_article`` and selectors) with one
difference: nothing is judged on relevance. A contract asks whether the site's
shape still matches, not whether today's feed happens to mention facial
recognition. Contract callbacks are only ever called by ``scrapy check``; the
crawl's own callbacks are untouched (so pages are still read in worker
processes during a crawl), and Scrapy drops whatever a contract callback
returns, so nothing is followed or stored.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, Iterator

import scrapy


@contextmanager
def everything_relevant(spider) -> Iterator[None]:
    """While inside, the spider takes every entry, link and page as relevant."""
    saved = {name: spider.__dict__.get(name) for name in ("entry_is_relevant", "article_is_relevant")}
    spider.entry_is_relevant = lambda entry: True
    spider.article_is_relevant = lambda article: True
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                spider.__dict__.pop(name, None)
            else:
                spider.__dict__[name] = value


def feed_contract(spider, response) -> list[scrapy.Request]:
    """The requests the spider's ``parse_feed`` makes of a live feed, every entry taken."""
    with everything_relevant(spider):
        return [r for r in spider.parse_feed(response) or [] if isinstance(r, scrapy.Request)]


def listing_contract(spider, response) -> list[scrapy.Request]:
    """The article requests the spider's ``parse_listing`` makes of a live listing, every link taken."""
    with everything_relevant(spider):
        return [r for r in spider.parse_listing(response) or [] if isinstance(r, scrapy.Request)
                and r.meta.get("lfrwatch_role") == "article"]


def article_contract(spider, response, callback: str = "parse_article") -> list[dict[str, Any]]:
    """What the spider's ``parse_article`` (or ``callback``) reads from a live page, as the fields it found.

    Each item comes back as a dict of its non-empty fields, so ``@scrapes`` fails on a field the page no longer gives.
    """
    with everything_relevant(spider):
        items = [i for i in getattr(spider, callback)(response) or [] if not isinstance(i, scrapy.Request)]
    return [{key: value for key, value in asdict(item).items() if value} for item in items]
