"""Scrapy settings for govmon: polite defaults for slow government portals; the CLI and tests override them."""

from __future__ import annotations

BOT_NAME = "govmon"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# An honest User-Agent; GOVMON_CONTACT_URL should point at whoever runs the crawler.
GOVMON_CONTACT_URL = "https://github.com/govmon/govmon"
USER_AGENT = f"govmon/0.1 (+{GOVMON_CONTACT_URL}; monitor of public government news)"

ROBOTSTXT_OBEY = True

# One request at a time per domain; AutoThrottle adapts to slow portals.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Public scrapers of these portals use 25 s timeouts and retries: they are slow and flaky.
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

# 404/410 must reach the spider (takedowns); 304 too (conditional requests).
# Every other error status too (after retries): the spider records it with the URL at fault
# for the monitor; Scrapy's HttpErrorMiddleware would only log it.
HTTPERROR_ALLOWED_CODES = [304, 403, 404, 410, 429]
HTTPERROR_ALLOW_ALL = True

# Bounded downloads (Scrapy's default is 1 GB): a page, and a compressed body once decompressed
# (HttpCompressionMiddleware applies the same limits), above DOWNLOAD_MAXSIZE is dropped and
# recorded as its source's error. Redirect chains stop after a few hops.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
METAREFRESH_MAXDELAY = 5

# What one source may cost a night (crawler.limits.SourceLimitsMiddleware; --backfill x20).
GOVMON_SOURCE_TIME_BUDGET = 1800  # seconds from its first request
GOVMON_SOURCE_MAX_REQUESTS = 3000
GOVMON_SOURCE_MAX_ARTICLE_PAGES = 600
GOVMON_ROBOTSTXT_MAXSIZE = 500_000  # bytes (RFC 9309 asks crawlers to read at least 500 KiB)

DOWNLOADER_MIDDLEWARES = {
    # First: budgets, non-public addresses, foreign ports, robots.txt size and redirects.
    "crawler.limits.SourceLimitsMiddleware": 40,
    # Runs before the redirect middleware re-queues, and again for every redirected request:
    # a source's requests (redirects included) stay on its own domains and aliases. It replaces
    # Scrapy's OffsiteMiddleware, which filters at scheduling time against the union of every
    # source's domains, and would drop offsite links silently (uncounted) or let them through.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.SourceScopeMiddleware": 50,
    # Scrapy's robots.txt middleware, but a 5xx robots.txt means "disallow all" (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SourceRobotsTxtMiddleware": 100,
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    "crawler.middlewares.SourceStatsMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    # Next to the engine: it gets the exceptions of the callbacks that no other middleware handled.
    "crawler.middlewares.SourceErrorsMiddleware": 10,
}
# The run's record and each source's results (source_runs), written when the spider closes.
EXTENSIONS = {
    "crawler.extensions.SourceRunsExtension": 500,
}
ITEM_PIPELINES = {
    "crawler.pipelines.AnalysisPipeline": 300,
    "crawler.pipelines.StoragePipeline": 500,
}

# govmon's own settings (read with from_crawler; the CLI sets GOVMON_DB).
GOVMON_DB = None
GOVMON_MAX_LISTING_PAGES = 50  # per start URL, a guard against endless pagination
GOVMON_BACKFILL_MAX_LISTING_PAGES = 2000  # the same guard for --backfill (listings to the end)
GOVMON_INCREMENTAL = True  # stop paging once a listing page reaches stored articles
GOVMON_INCREMENTAL_OVERLAP = 2  # known article links seen on a listing page that end the paging
GOVMON_EDIT_WINDOW_DAYS = 3  # re-fetch articles published this recently, to catch edits
GOVMON_SINCE = None  # ISO date: with --backfill, articles published before it are not stored
GOVMON_IGNORE_SOURCE_PACING = False  # --fast: the registry's per-source delays are not applied
# HTTP validators of the last crawls by URL ({url: {"etag", "last_modified"}}), set by the crawl
# from the database for crawler.middlewares.ConditionalRequestMiddleware.
GOVMON_FETCH_STATE: dict[str, dict] = {}

# Certificates are verified (Scrapy's default is not to); a source with `tls_verify: false` in the
# registry lists its hosts in GOVMON_TLS_INSECURE_HOSTS (set by the crawl) and only those skip it.
DOWNLOAD_VERIFY_CERTIFICATES = True
DOWNLOADER_CLIENTCONTEXTFACTORY = "crawler.tls.PerSourceTLSPolicy"
GOVMON_TLS_INSECURE_HOSTS: list[str] = []

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
