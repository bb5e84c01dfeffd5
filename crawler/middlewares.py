"""Downloader middlewares: keep each source on its own domains, ask conditionally, count per source."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

log = logging.getLogger(__name__)


def host_allowed(url: str, hosts: set[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


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
        if not host_allowed(request.url, hosts):
            self.spider.count(source_id, "offsite_filtered")
            log.info("Not following %s: outside the domains of source %s", request.url, source_id)
            raise IgnoreRequest(f"offsite for source {source_id}: {request.url}")
        return None


class ConditionalRequestMiddleware(_SpiderAware):
    """Send If-None-Match / If-Modified-Since from what the last crawl saw; remember new validators."""

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional"):
            return None
        state = getattr(self.spider, "fetch_state", {}).get(request.url)
        if not state:
            return None
        if state.get("etag"):
            request.headers.setdefault(b"If-None-Match", state["etag"].encode("latin-1"))
        if state.get("last_modified"):
            request.headers.setdefault(b"If-Modified-Since", state["last_modified"].encode("latin-1"))
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("source_id") and response.status == 200:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            if etag or modified:
                self.spider.remember_validators(
                    request.url,
                    request.meta["source_id"],
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                )
        return response


class SourceStatsMiddleware(_SpiderAware):
    """Count requests, responses by status and download errors per source."""

    def process_request(self, request: Request) -> None:
        source_id = request.meta.get("source_id")
        if source_id:
            self.spider.count(source_id, "requests")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        source_id = request.meta.get("source_id")
        if source_id:
            self.spider.count_status(source_id, response.status)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        source_id = request.meta.get("source_id")
        if source_id and not isinstance(exception, IgnoreRequest):
            detail = " ".join(str(exception).split())[:200]
            self.spider.record_error(source_id, f"{type(exception).__name__} on {request.url}: {detail}")
        return None
