"""A bound, not a mode of lfrwatch: `lfrwatch crawl` with article reading replaced by a near-free stand-in.

The crawl benchmark's limit statement says that reading each page during
the crawl (trafilatura and the page's metadata, 2-3 ms of CPU a page) is what
keeps lfrwatch from 0.7 of a bare spider, and that the fix would be an
archive-only crawl that leaves reading to the extraction stage. This child
measures that claim on every run: the real crawl child (``lfrwatch.crawl.process``,
every middleware, the WARC archive, the HTTP cache, the store, feeds parsed)
with :func:`lfrwatch.crawl.article.extract_article` swapped for a stand-in that
builds the :class:`~lfrwatch.crawl.article.Article` from the feed entry. Pages are
read in the crawl process (``LFRWATCH_EXTRACT_WORKERS=0``), as an archive-only
crawl would parse its feeds there; no worker process runs.

What the stand-in stores is the feed entry's summary, so its document is
smaller than a real one: an archive-only crawl would store the raw page
instead (one blob, no full-text index), so the two costs are alike.

Run as ``python -m benchmarks.crawl_without_reading ARGS_FILE RESULT_FILE``
with ``{"db", "feeds", "settings"}`` (see :func:`benchmarks.common.run_child`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import child_main


def stand_in_article(body: bytes | str, url: str, *, feed_entry: dict[str, Any] | None = None,
                     overrides: dict[str, Any] | None = None):
    """An Article from the feed entry alone; the page is not parsed."""
    from lfrwatch.crawl.article import Article, canonicalize_url, parse_date

    entry = feed_entry or {}
    return Article(url=url, canonical_url=canonicalize_url(url), title=entry.get("title") or url,
                   text=f"{entry.get('summary') or ''}\n(live facial recognition: page not read)",
                   published=parse_date(entry.get("published")))


def crawl(db: str, feeds: list[str], settings: dict[str, Any]) -> dict[str, Any]:
    import lfrwatch.spiders.base as spider_base
    from lfrwatch.crawl import process as lfrwatch_crawl

    spider_base.extract_article = stand_in_article  # what ArticleSpider.parse_article calls
    with tempfile.TemporaryDirectory(prefix="lfrwatch-bench-") as tmp:
        report_file = Path(tmp) / "report.jsonl"
        job_file = Path(tmp) / "job.json"
        job_file.write_text(json.dumps({
            "db": db, "sources": [], "feeds": feeds, "report_file": str(report_file), "log_level": "WARNING",
            "log_file": None, "settings": {**settings, "LFRWATCH_EXTRACT_WORKERS": 0},
        }))
        lfrwatch_crawl._child(str(job_file))
        result = lfrwatch_crawl.CrawlResult(
            sources=[json.loads(line) for line in report_file.read_text().splitlines() if line.strip()])
    return {key: result.total(key) for key in ("found", "new", "skipped_irrelevant")} | {"errors": len(result.errors)}


if __name__ == "__main__":
    child_main(crawl)
