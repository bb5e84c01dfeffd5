"""Downloader middlewares: keep each source on its own domains, ask conditionally, count per source."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.urls import host_in, host_of
from spiders import signals, stats

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

log = logging.getLogger(__name__)


class _SpiderAware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class SourceScopeMiddleware(_SpiderAware):
    """Drop a source's requests, redirects included, that leave its domains and aliases.

    Scrapy's OffsiteMiddleware knows one list of domains per spider; here every source of the
    registry has its own, so a portal redirecting to another site (a merged department's domain
    pointing elsewhere) is not followed.
    """

    def process_request(self, request: Request) -> None:
        source_id = request.meta.get("source_id")
        hosts = getattr(self.spider, "source_hosts", {}).get(source_id)
        if source_id is None or not hosts:
            return None  # robots.txt and other engine requests
        if not host_in(host_of(request.url), hosts):
            stats.inc(self.crawler.stats, source_id, "offsite_filtered")
            log.info("Not following %s: outside the domains of source %s", request.url, source_id)
            raise IgnoreRequest(f"offsite for source {source_id}: {request.url}")
        return None


class ConditionalRequestMiddleware(_SpiderAware):
    """Send If-None-Match / If-Modified-Since from what the last crawl saw (the crawl's
    GOVMON_FETCH_STATE setting); say which validators this crawl saw (spiders.signals)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.earlier: dict[str, dict] = crawler.settings.get("GOVMON_FETCH_STATE") or {}

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional"):
            return None
        state = self.earlier.get(request.url)
        if not state:
            return None
        if state.get("etag"):
            request.headers.setdefault(b"If-None-Match", state["etag"].encode("latin-1"))
        if state.get("last_modified"):
            request.headers.setdefault(
                b"If-Modified-Since", state["last_modified"].encode("latin-1")
            )
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("source_id") and response.status == 200:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            if etag or modified:
                self.crawler.signals.send_catch_log(
                    signal=signals.validators_seen,
                    url=request.url,
                    source_id=request.meta["source_id"],
                    etag=etag.decode("latin-1") if etag else None,
                    last_modified=modified.decode("latin-1") if modified else None,
                    article=bool(request.meta.get("article")),
                )
        return response


class SourceStatsMiddleware(_SpiderAware):
    """Count requests and responses by status per source.

    A failed attempt is not recorded here: retries may still succeed, and the request that fails
    for good is recorded once by the spider's errback (``PortalSpider.download_failed``).
    """

    def process_request(self, request: Request) -> None:
        source_id = request.meta.get("source_id")
        if source_id:
            stats.inc(self.crawler.stats, source_id, "requests")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        source_id = request.meta.get("source_id")
        if source_id:
            stats.inc_status(self.crawler.stats, source_id, response.status)
        return response


# What RFC 9309 (2.3.1.4) says a crawler must assume when robots.txt fails with a server error.
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class _OneLineDownloadErrors(logging.Filter):
    """A robots.txt that cannot be downloaded is logged by Scrapy with a full traceback.

    A portal that is down is an everyday event, not a bug: keep the line (it names the URL and
    the error), drop the traceback. The source's own requests then fail and are recorded.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Error downloading"):
            exc = record.exc_info[1]
            record.msg = f"{record.msg} (robots.txt not reachable: crawling as if it allowed all)"
            if exc is not None and exc.__cause__ is not None:
                record.msg += f" [{type(exc.__cause__).__name__}]"
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class SourceRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, except that a 5xx robots.txt disallows the host for this crawl.

    Scrapy parses whatever body comes back, so a portal's "503 Service Unavailable" page reads as
    an empty robots.txt and the whole site is crawled. A 4xx (no robots.txt) still allows all; an
    unreachable one too, as in Scrapy (the start URL then fails and is the source's error).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        robots_log = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
        if not any(isinstance(f, _OneLineDownloadErrors) for f in robots_log.filters):
            robots_log.addFilter(_OneLineDownloadErrors())

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            source_id = request.meta.get("source_id")
            message = (
                f"robots.txt answered HTTP {response.status} ({response.url}): "
                f"nothing on {netloc} crawled this time"
            )
            log.warning(message)
            if source_id:
                # The source's only answer this run: counted, so the monitor reports it as 5xx.
                stats.inc(self.crawler.stats, source_id, "requests")
                stats.inc_status(self.crawler.stats, source_id, response.status)
                stats.add_error(self.crawler.stats, source_id, message)
            response = response.replace(status=200, body=_DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)


class SourceErrorsMiddleware(_SpiderAware):
    """Spider middleware: an exception while parsing one page is that source's error, not a traceback.

    Scrapy would log the traceback and go on; here the error is recorded with the URL at fault in
    the source's run statistics (where the monitor reads it) and logged on one line; the
    traceback stays available at DEBUG level.
    """

    def process_spider_exception(self, response: Response, exception: Exception):
        source_id = response.meta.get("source_id")
        if not source_id:
            return None  # not a source's page: let Scrapy report it
        detail = " ".join(str(exception).split())[:200]
        message = f"{type(exception).__name__} while parsing {response.url}: {detail}"
        stats.add_error(self.crawler.stats, source_id, message)
        self.crawler.stats.inc_value(f"spider_exceptions/{type(exception).__name__}")
        log.warning("Source %s: %s", source_id, message)
        log.debug("Traceback of the error on %s", response.url, exc_info=exception)
        return []
