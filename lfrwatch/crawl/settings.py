"""Scrapy settings for lfrwatch: polite by default.

`scrapy crawl SOURCE` from the repository root reads these through
``scrapy.cfg``; `lfrwatch crawl` loads the same module and adds its own
per-run values (database path, archive folder, report file) on top.
"""

from lfrwatch import config

BOT_NAME = "lfrwatch"
SPIDER_MODULES = ["lfrwatch.spiders"]
NEWSPIDER_MODULE = "lfrwatch.spiders"

# Politeness: robots.txt, a User-Agent naming the project with a contact URL,
# AutoThrottle, and a small per-site concurrency.
ROBOTSTXT_OBEY = True
USER_AGENT = config.USER_AGENT
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
CLOSESPIDER_ERRORCOUNT = 50

# Incremental crawling: Scrapy's HTTP cache with the RFC 2616 policy stores
# every response and revalidates it with If-None-Match / If-Modified-Since.
# Requests ask for revalidation (max-age=0), so a feed is never served stale
# from the cache, and an unchanged page costs one 304.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
# One SQLite file per spider, each entry written whole or not at all.
HTTPCACHE_STORAGE = "lfrwatch.crawl.httpcache.CrashSafeCacheStorage"
HTTPCACHE_DIR = "httpcache"  # lfrwatch crawl sets an absolute folder beside the database
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_GZIP = True
DEFAULT_REQUEST_HEADERS = {
    "Accept": ("text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,"
               "*/*;q=0.8"),
    "Accept-Language": "en-GB,en;q=0.8",
    "Cache-Control": "max-age=0",
}

DOWNLOADER_MIDDLEWARES = {
    # Closest to the network (above the cache's 900), so it sees every
    # response as it came over the wire, 304s included.
    "lfrwatch.crawl.archive.WarcArchiveMiddleware": 950,
    # Fault handling (lfrwatch/crawl/middlewares.py): Retry-After, redirects that are
    # refused before any connection (other domain, private address, loops),
    # pages misdeclared as UTF-8, schemes and addresses that are never fetched,
    # and an opt-in loopback-only safety net.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "lfrwatch.crawl.middlewares.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "lfrwatch.crawl.middlewares.SafeMetaRefreshMiddleware": 580,
    "lfrwatch.crawl.middlewares.MisdeclaredEncodingMiddleware": 585,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "lfrwatch.crawl.middlewares.SafeRedirectMiddleware": 600,
    "lfrwatch.crawl.middlewares.LoopbackOnlyMiddleware": 10,
    # Before robots.txt is asked for and before the cache: only http(s), only public addresses (loopback too
    # with LFRWATCH_LOOPBACK_ONLY), for every request, whatever led to it (a feed, a listing, a redirect).
    "lfrwatch.crawl.middlewares.HttpOnlyMiddleware": 5,
    "lfrwatch.crawl.middlewares.PublicAddressMiddleware": 15,
    "lfrwatch.crawl.middlewares.WireStatusMiddleware": 960,  # responses by status as sent, 304s included
}
SPIDER_MIDDLEWARES = {
    # An item read from a page the HTTP cache answered (a 304) gets that page's WARC record, written then.
    "lfrwatch.crawl.archive.CachedProvenanceMiddleware": 800,
}
ITEM_PIPELINES = {
    "lfrwatch.crawl.pipelines.ValidationPipeline": 100,
    "lfrwatch.crawl.pipelines.StorePipeline": 300,
}
EXTENSIONS = {
    "lfrwatch.crawl.pipelines.CrawlReportExtension": 500,
    "lfrwatch.crawl.extensions.ParentWatchExtension": 100,  # only when LFRWATCH_PARENT_PID is set
}

# lfrwatch's own settings (overridden per run by `lfrwatch crawl`).
LFRWATCH_DB = config.db_path()
LFRWATCH_ARCHIVE_DIR = None  # default: data/archive beside the database
LFRWATCH_REPORT_FILE = None  # JSON lines of per-source results, for the CLI
LFRWATCH_RETRY_AFTER_MAX = 60  # longest Retry-After (s) worth waiting for; longer means give up
LFRWATCH_LOOPBACK_ONLY = False  # True: refuse every host but 127.0.0.1, and allow loopback addresses (tests)
LFRWATCH_PARENT_PID = 0  # set by `lfrwatch run`: the crawl stops if that process dies
# Record files (the records spiders; lfrwatch/records/limits.py): the largest downloaded (bytes), and each PDF
# read in a process of its own within a page count, a time limit (s) and a memory limit (bytes beyond the reader's
# own); a file over one is reported and kept as failed, and the crawl goes on.
LFRWATCH_RECORD_MAXSIZE = 20 * 1024 * 1024
LFRWATCH_RECORD_MAX_PAGES = 200
LFRWATCH_RECORD_READ_TIMEOUT = 60
LFRWATCH_RECORD_READ_MEMORY = 1024 * 1024 * 1024

# Article pages are read (HTML to text and metadata: trafilatura, the CPU-heavy part of a crawl) in
# this many worker processes while Scrapy goes on fetching, archiving and storing in the crawl process.
# None: the cores available less one (at least 1); 0: read them in the crawl process.
LFRWATCH_EXTRACT_WORKERS = None

# Each response's output goes through this many asyncio tasks (Scrapy's default, 100, is made for
# every response); an article page yields one item and lfrwatch's pipelines are synchronous.
CONCURRENT_ITEMS = 1

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
