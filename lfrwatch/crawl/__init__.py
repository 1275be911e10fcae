"""Crawl: from the source registry to stored document versions.

Reads the source catalogue (``sources``, ``catalogue``) and runs Scrapy in a
child process (``process``) with lfrwatch's settings (``settings``). Each
response passes the downloader middlewares (``middlewares``: loopback-only,
retry-after, guarded redirects, encoding), is kept whole in the HTTP cache
(``httpcache``) and as WARC records (``archive``); article pages and feeds are
read into :class:`~lfrwatch.crawl.article.Article` objects (``article``, in a
pool of worker processes), checked and handed to the store by the item
pipelines (``pipelines``, ``items``). Hands documents and their versions to
:mod:`lfrwatch.store`; the NLP (:mod:`lfrwatch.nlp`) picks them up from there.
``mirror`` is the loopback web server the demo, tests and benchmarks crawl.
"""
