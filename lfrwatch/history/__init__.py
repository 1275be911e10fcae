"""History: documents from the past, out of web archives and WARC files.

Reads from outside lfrwatch: a Wayback-style web archive (its CDX index and its replay of raw captures,
``backfill``, over ``cdx`` and the polite client in ``fetch``) and WARC files, local or at a URL
(``warcimport``, over the record stream in ``warcstream``). Reads from inside: the source registry
(:mod:`lfrwatch.crawl.sources`: base URLs, feeds, listings, allowed domains, relevance terms) and each
source's spider (:mod:`lfrwatch.spiders`), through ``reading``, so an archived page is read as the live
crawl reads it (:func:`lfrwatch.crawl.article.extract_article` under the spider's selectors).

Hands to its neighbours: documents and their versions to :mod:`lfrwatch.store` (``store_document``, with
the original URL, the capture time as ``fetched_at`` and the WARC record of the bytes), where the NLP picks
them up as it does crawled ones; the backfill's fetches to the archive folder as WARC records
(:class:`lfrwatch.crawl.archive.WarcArchive`). Its own working state, the backfill's ``ledger``, is a file
beside the database, not a table in it.
``pagepool``: the kept pages of an import read in worker processes, in record order.
``cluster``: the NLP of ``lfrwatch extract --scheduler``, and ``import-warc --scheduler`` a file per task, on a
Dask cluster's workers, stored by this process.
"""
