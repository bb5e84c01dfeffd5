"""Downloader middleware bounding what one source may cost a night, and where it may go.

Per source: a time budget, a number of requests and of article pages; past one of them the
source is cut off (its remaining requests dropped) and the cut is recorded as its error, which
the monitor reports as `failing`: a calendar or pagination trap ends as a health problem, not as
thousands of junk rows. Every request, redirects and robots.txt included: no non-public address
unless the source allows it (`allow_private_network: true`), no port the source did not name,
robots.txt capped in size and redirected only within the source's own hosts.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.netguard import non_public_reason, port_of, source_ports
from crawler.urls import host_in as _in
from crawler.urls import host_of as _host
from spiders import signals, stats

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

# A backfill pages listings to the end: its request and article caps are this many times higher.
BACKFILL_FACTOR = 20


class SourceLimitsMiddleware:
    """Cut off a source past its budget; refuse private addresses, foreign ports, big robots.txt."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        s = crawler.settings
        self.time_budget = s.getfloat("GOVMON_SOURCE_TIME_BUDGET", 1800.0)
        self.max_requests = s.getint("GOVMON_SOURCE_MAX_REQUESTS", 3000)
        self.max_articles = s.getint("GOVMON_SOURCE_MAX_ARTICLE_PAGES", 600)
        self.robots_maxsize = s.getint("GOVMON_ROBOTSTXT_MAXSIZE", 500_000)
        self.started: dict[str, float] = {}
        self.requests: Counter = Counter()
        self.articles: Counter = Counter()
        self.cut: dict[str, str] = {}
        self._ports: dict[str, set[int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceLimitsMiddleware:
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider

    def _source(self, source_id: str):
        return getattr(self.spider, "sources", {}).get(source_id)

    def _allows_private(self, source_ids: list[str]) -> bool:
        return any(
            (source := self._source(sid)) is not None and source.allow_private_network
            for sid in source_ids
        )

    def _sources_on(self, host: str) -> list[str]:
        hosts = getattr(self.spider, "source_hosts", {})
        return [sid for sid, names in hosts.items() if _in(host, names)]

    def _refuse(self, request: Request, source_id: str | None, why: str) -> None:
        log.warning("Refused %s: %s", request.url, why)
        if source_id:
            stats.inc(self.crawler.stats, source_id, "requests_refused")
            stats.add_error(self.crawler.stats, source_id, f"refused {request.url}: {why}")
        raise IgnoreRequest(why)

    def cut_off(self, source_id: str, why: str) -> None:
        """Drop the source's further requests this run and record why (once)."""
        if source_id in self.cut:
            return
        self.cut[source_id] = why
        log.warning("Source %s cut off: %s", source_id, why)
        stats.inc(self.crawler.stats, source_id, "cut_off")
        stats.add_error(self.crawler.stats, source_id, f"cut off: {why}")
        # Its listings were not read to the end: their validators must not say "seen".
        self.crawler.signals.send_catch_log(signal=signals.source_incomplete, source_id=source_id)

    def process_request(self, request: Request) -> None:
        source_id = request.meta.get("source_id")
        if source_id is None:
            return self._engine_request(request)
        self._check_network(request, [source_id], source_id)
        if source_id in self.cut:
            raise IgnoreRequest(f"source {source_id} cut off: {self.cut[source_id]}")
        self._check_budget(request, source_id)
        return None

    def _check_network(self, request: Request, source_ids: list[str], source_id: str | None):
        source = self._source(source_id) if source_id else None
        if source is not None:
            ports = self._ports.get(source_id)
            if ports is None:
                urls = [*source.start_urls, *(source.feeds or []), *(source.sitemaps or [])]
                ports = self._ports[source_id] = source_ports(urls)
            if port_of(request.url) not in ports:
                self._refuse(request, source_id, f"port {port_of(request.url)} is not the source's")
        if not self._allows_private(source_ids):
            why = non_public_reason(request.url)
            if why:
                self._refuse(request, source_id, why + " (allow_private_network is not set)")

    def _check_budget(self, request: Request, source_id: str) -> None:
        factor = BACKFILL_FACTOR if getattr(self.spider, "backfill", False) else 1
        now = time.monotonic()
        started = self.started.setdefault(source_id, now)
        if self.time_budget and now - started > self.time_budget:
            self.cut_off(source_id, f"time budget of {self.time_budget:g} s spent")
        self.requests[source_id] += 1
        if self.max_requests and self.requests[source_id] > self.max_requests * factor:
            self.cut_off(
                source_id,
                f"more than {self.max_requests * factor} requests in one run "
                "(a pagination or calendar trap?)",
            )
        if request.meta.get("article"):
            self.articles[source_id] += 1
            if self.max_articles and self.articles[source_id] > self.max_articles * factor:
                self.cut_off(
                    source_id,
                    f"more than {self.max_articles * factor} article pages in one run "
                    "(a calendar trap?)",
                )
        if source_id in self.cut:
            raise IgnoreRequest(f"source {source_id} cut off: {self.cut[source_id]}")

    def _engine_request(self, request: Request) -> None:
        """robots.txt (the only request without a source): small, on the sources' own hosts."""
        if urlsplit(request.url).path != "/robots.txt":
            return None
        request.meta.setdefault("download_maxsize", self.robots_maxsize)
        request.meta.setdefault("download_warnsize", min(self.robots_maxsize, 100_000))
        redirects = request.meta.get("redirect_urls") or []
        first = redirects[0] if redirects else request.url
        owners = self._sources_on(_host(first))
        if redirects:
            allowed = (
                set().union(*(self.spider.source_hosts[sid] for sid in owners)) if owners else set()
            )
            if not _in(_host(request.url), allowed):
                self._refuse(
                    request, None, f"robots.txt of {first} redirects off the source's hosts"
                )
        self._check_network(request, owners, owners[0] if len(owners) == 1 else None)
        return None
