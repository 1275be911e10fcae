"""RSS and Atom feeds read into plain entries (:func:`read_feed`), in a crawl's worker processes or in-process,
for :meth:`lfrwatch.spiders.base.ArticleSpider.parse_feed`.
"""

from __future__ import annotations

from typing import Any

import feedparser


def response_content_type(response) -> str:
    """The Content-Type header of a response, as text."""
    return response.headers.get(b"Content-Type", b"").decode("latin-1")


def read_feed(body: bytes, content_type: str) -> tuple[list[dict[str, Any]] | None, str | None]:
    """A feed's entries as plain dicts and None; or None and why it is not a feed. [] is a feed without entries.

    The body must already have passed :func:`lfrwatch.crawl.failures.unsafe_xml_entities`.
    Module-level (and its result plain data) so a crawl can run it in a worker process.
    """
    parsed = feedparser.parse(body, response_headers={"content-type": content_type})
    if not parsed.entries:
        if parsed.bozo:
            reason = getattr(parsed, "bozo_exception", None) or "not RSS or Atom"
            return None, f"malformed feed: {reason}"
        if not parsed.feed:
            return None, "malformed feed: not RSS or Atom"
        return [], None
    feed_title = parsed.feed.get("title")
    entries = []
    for entry in parsed.entries:
        content = " ".join(c.get("value", "") for c in entry.get("content", []) or [])
        source = entry.get("source") or {}
        entries.append({
            "link": entry.get("link"),
            "title": entry.get("title"),
            "summary": entry.get("summary"),
            "content": content or None,
            "published": entry.get("published") or entry.get("created"),
            # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
            "updated": dict.get(entry, "updated"),
            "author": entry.get("author"),
            "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
            "feed_title": feed_title,
            "source_title": source.get("title"),
            "source_href": source.get("href"),
        })
    return entries, None
