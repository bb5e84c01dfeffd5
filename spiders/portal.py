"""The one generic spider: every registry source, its listings, feeds and sitemaps, its articles."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler.discovery import (
    find_article_links,
    find_next_page,
    looks_blocked,
    looks_like_article_url,
    parse_feed,
    parse_sitemap,
)
from crawler.extraction import detect_family, extract_article
from crawler.extraction.families import load_families
from crawler.monitor.health import RUN_COUNTERS

log = logging.getLogger(__name__)

# Stats every source reports, even when zero: the monitor's counters and the crawl's own.
STAT_KEYS = (*RUN_COUNTERS, "listing_pages", "offsite_filtered", "skipped_before_since")


def source_hosts(source: Any) -> set[str]:
    """The hosts a source may be crawled on: allowed domains, start/feed/sitemap hosts, aliases."""
    hosts = {d.lower() for d in (getattr(source, "allowed_domains", None) or [])}
    for url in [*source.start_urls, *(source.feeds or []), *(source.sitemaps or [])]:
        host = urlsplit(url).hostname
        if host:
            hosts.add(host.lower())
    for alias in getattr(source, "aliases", None) or []:
        domain = alias.get("domain") if isinstance(alias, dict) else getattr(alias, "domain", None)
        if domain:
            hosts.add(domain.lower())
    return hosts


def source_meta(source: Any, **extra: Any) -> dict:
    """Request meta carrying a source's own fetch settings (registry `download_timeout`, ...)."""
    meta = {"source_id": source.id, **extra}
    if getattr(source, "download_timeout", None):
        meta["download_timeout"] = float(source.download_timeout)
    if getattr(source, "retries", None) is not None:
        meta["max_retry_times"] = int(source.retries)
    if getattr(source, "obey_robots", True) is False:
        meta["dont_obey_robotstxt"] = True
    return meta


class PortalSpider(scrapy.Spider):
    """Crawl the sources given by the CLI (``sources``: registry ``Source`` objects).

    State from earlier crawls (known article URLs, HTTP validators, recent articles to re-check)
    is handed in by the CLI as plain values, so the spider never touches SQLite itself.
    """

    name = "portal"

    def __init__(
        self,
        sources: Iterable[Any] = (),
        known_urls: dict[str, set[str]] | None = None,
        fetch_state: dict[str, dict] | None = None,
        recheck_urls: dict[str, list[str]] | None = None,
        backfill: bool = False,
        full_pass: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in sources}
        self.known_urls = known_urls or {}
        self.fetch_state = dict(fetch_state or {})
        self.recheck_urls = recheck_urls or {}
        self.backfill = backfill
        # Sources whose last crawl was cut short: page them fully, ask unconditionally.
        self.full_pass = set(full_pass)
        self.families = load_families()
        self.source_hosts = {sid: source_hosts(s) for sid, s in self.sources.items()}
        self.allowed_domains = sorted({h for hosts in self.source_hosts.values() for h in hosts})
        self.source_stats: dict[str, Counter] = {sid: Counter() for sid in self.sources}
        self.source_status: dict[str, Counter] = {sid: Counter() for sid in self.sources}
        self.source_errors: dict[str, list[str]] = defaultdict(list)
        self.new_validators: dict[str, dict] = {}
        self.last_new_article_at: dict[str, str] = {}
        self.started_at = datetime.now(UTC)

    # -- settings ---------------------------------------------------------------------------
    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_pages = s.getint("GOVMON_MAX_LISTING_PAGES", 50)
        spider.incremental = s.getbool("GOVMON_INCREMENTAL", True) and not spider.backfill
        spider.overlap = s.getint("GOVMON_INCREMENTAL_OVERLAP", 2)
        spider.since = s.get("GOVMON_SINCE")
        return spider

    # -- bookkeeping used by the middlewares and the pipelines ------------------------------
    def count(self, source_id: str, key: str, n: int = 1) -> None:
        self.source_stats.setdefault(source_id, Counter())[key] += n

    def count_status(self, source_id: str, status: int) -> None:
        self.source_status.setdefault(source_id, Counter())[str(status)] += 1

    def record_error(self, source_id: str, message: str) -> None:
        errors = self.source_errors[source_id]
        if len(errors) < 50:
            errors.append(message)

    def remember_validators(self, url: str, source_id: str, etag: str | None, modified: str | None):
        self.new_validators[url] = {
            "url": url,
            "source_id": source_id,
            "etag": etag,
            "last_modified": modified,
        }

    def stats_for(self, source_id: str) -> dict:
        """The per-source statistics of this run, in the monitor's format."""
        c = self.source_stats.get(source_id, Counter())
        stats = {k: c.get(k, 0) for k in STAT_KEYS}
        stats["responses_by_status"] = dict(self.source_status.get(source_id, {}))
        stats["errors"] = list(self.source_errors.get(source_id, []))
        stats["duration_s"] = round((datetime.now(UTC) - self.started_at).total_seconds(), 3)
        stats["last_new_article_at"] = self.last_new_article_at.get(source_id)
        return stats

    # -- entry points -----------------------------------------------------------------------
    async def start(self):
        for source in self.sources.values():
            for request in self._entry_requests(source):
                yield request

    def _entry_requests(self, source: Any) -> Iterable[scrapy.Request]:
        sid = source.id
        conditional = sid not in self.full_pass
        for url in source.start_urls:
            yield self._request(url, self.parse_listing, sid, page=1, dont_filter=True,
                                conditional=conditional)
        for url in source.feeds or []:
            yield self._request(url, self.parse_feed, sid, dont_filter=True, conditional=conditional)
        for url in source.sitemaps or []:
            yield self._request(url, self.parse_sitemap, sid, dont_filter=True,
                                conditional=conditional)
        for url in self.recheck_urls.get(sid, []):
            yield self._request(url, self.parse_article, sid, recheck=True, priority=-1)

    def _request(self, url: str, callback, source_id: str, *, dont_filter: bool = False,
                 priority: int = 0, conditional: bool = True, **meta: Any) -> scrapy.Request:
        """A request of a source: its fetch settings, its User-Agent, conditional by default."""
        source = self.sources[source_id]
        headers = {}
        if hasattr(source, "user_agent_string"):
            headers["User-Agent"] = source.user_agent_string()
        return scrapy.Request(
            url, callback, headers=headers, dont_filter=dont_filter, priority=priority,
            meta=source_meta(source, conditional=conditional, **meta),
        )

    def _family(self, source_id: str, response: Response) -> dict | None:
        source = self.sources[source_id]
        name = getattr(source, "cms", None)
        if not name and isinstance(response, TextResponse):
            name = detect_family(response.text, response.url)
        return self.families.get(name) if name else None

    def _usable(self, response: Response, kind: str) -> bool:
        """False for 304s, errors and block pages (counted); True for a page worth parsing."""
        sid = response.meta["source_id"]
        if response.status == 304:
            self.count(sid, "not_modified")
            return False
        text = response.text if isinstance(response, TextResponse) else ""
        if looks_blocked(response.status, text):
            self.count(sid, "blocked_pages")
            self.record_error(sid, f"blocked ({response.status}) on {kind}: {response.url}")
            return False
        if response.status >= 400:
            self.record_error(sid, f"HTTP {response.status} on {kind}: {response.url}")
            return False
        return True

    def _article_request(self, url: str, source_id: str) -> scrapy.Request | None:
        if url in self.known_urls.get(source_id, set()):
            return None
        return self._request(url, self.parse_article, source_id)

    # -- listings, feeds, sitemaps ----------------------------------------------------------
    def parse_listing(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "listing"):
            return
        self.count(sid, "listing_pages")
        family = self._family(sid, response)
        links = find_article_links(
            response.text, response.url, family=family, allowed_hosts=self.source_hosts[sid]
        )
        known = self.known_urls.get(sid, set())
        new = [u for u in links if u not in known]
        for url in new:
            request = self._article_request(url, sid)
            if request:
                yield request
        page = response.meta.get("page", 1)
        reached_known = len(links) - len(new) >= min(self.overlap, max(len(links), 1))
        if self.incremental and sid not in self.full_pass and known and reached_known:
            return  # the rest of this listing was stored by earlier crawls
        if not links or page >= self.max_pages:
            return
        next_url = find_next_page(response.text, response.url, family=family)
        if next_url:
            yield self._request(next_url, self.parse_listing, sid, page=page + 1, conditional=False)

    def parse_feed(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "feed"):
            return
        for entry in parse_feed(response.body):
            request = self._article_request(response.urljoin(entry["url"]), sid)
            if request:
                yield request

    def parse_sitemap(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "sitemap"):
            return
        kind, entries = parse_sitemap(response.body)
        if kind == "invalid":
            self.record_error(sid, f"unreadable sitemap: {response.url}")
            return
        if kind == "sitemapindex":
            for entry in entries:
                yield self._request(entry["url"], self.parse_sitemap, sid)
            return
        family = self.families.get(getattr(self.sources[sid], "cms", None) or "")
        for entry in entries:
            if self.since and entry.get("lastmod") and entry["lastmod"][:10] < self.since:
                continue
            if looks_like_article_url(entry["url"], family):
                request = self._article_request(entry["url"], sid)
                if request:
                    yield request

    # -- articles ---------------------------------------------------------------------------
    def parse_article(self, response: Response):
        sid = response.meta["source_id"]
        source = self.sources[sid]
        if response.status in (404, 410):
            if response.meta.get("recheck"):
                yield {"_kind": "removed", "url": response.url, "status": response.status, "source_id": sid}
            else:
                self.record_error(sid, f"HTTP {response.status} on article: {response.url}")
            return
        if response.status == 304:
            self.count(sid, "not_modified")
            self.count(sid, "articles_unchanged")
            return
        if not self._usable(response, "article") or not isinstance(response, TextResponse):
            return
        article = extract_article(
            response.text,
            response.url,
            cms=getattr(source, "cms", None),
            selectors=getattr(source, "selectors", None) or None,
        )
        if getattr(source, "cms", None) and article.extraction_method == "generic":
            # The source's family selectors found no body: a redesign, even if the generic path copes.
            self.count(sid, "family_selector_misses")
        if not article.is_complete:
            self.count(sid, "extraction_failures")
            self.record_error(sid, f"no title or body: {response.url}")
            return
        if self.since and article.published_at and article.published_at[:10] < self.since:
            self.count(sid, "skipped_before_since")
            return
        record = article.to_dict()
        record.update(
            _kind="article",
            source_id=sid,
            province=getattr(source, "province", None),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            http_status=response.status,
        )
        yield record


def recheck_cutoff(days: int, now: datetime | None = None) -> str:
    """ISO date from which stored articles are re-fetched to catch edits and takedowns."""
    now = now or datetime.now(UTC)
    return (now - timedelta(days=days)).date().isoformat()
