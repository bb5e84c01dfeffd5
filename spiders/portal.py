"""The one generic spider: every registry source, its listings, feeds and sitemaps, its articles."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import scrapy
from scrapy import signals as scrapy_signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from crawler.discovery import clean_url, escaped, is_copy, looks_blocked
from crawler.extraction import SiteTemplate, detect_family
from crawler.extraction.families import load_families
from crawler.registry import Source
from spiders import signals, stats
from spiders.articles import ArticleCallbacks
from spiders.listings import ListingCallbacks
from spiders.sources import source_hosts, source_meta

log = logging.getLogger(__name__)


class PortalSpider(ListingCallbacks, ArticleCallbacks, scrapy.Spider):
    """Crawl the sources given by the CLI (``sources``: registry ``Source`` objects).

    State from earlier crawls (known article URLs, recent articles to re-check, site templates)
    is handed in by the CLI as plain values, so the spider never touches SQLite itself. Its
    counters go to Scrapy's stats collector (spiders.stats), its pages out as spiders.items, and
    what the next crawl needs to know out as spiders.signals.
    """

    name = "portal"

    def __init__(
        self,
        sources: Iterable[Source] = (),
        known_urls: dict[str, set[str]] | None = None,
        recheck_urls: dict[str, list[str]] | None = None,
        backfill: bool = False,
        full_pass: Iterable[str] = (),
        templates: dict[str, dict] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in sources}
        self.known_urls = known_urls or {}
        self.recheck_urls = recheck_urls or {}
        self.backfill = backfill
        # Sources whose last crawl was cut short: page them fully, ask unconditionally.
        self.full_pass = set(full_pass)
        self.families = load_families()
        self.source_hosts = {sid: source_hosts(s) for sid, s in self.sources.items()}
        self.allowed_domains = sorted({h for hosts in self.source_hosts.values() for h in hosts})
        # Listing URLs asked for in this run: start URLs bypass the dupe filter (dont_filter), so
        # a "next" link wrapping around to one of them would otherwise fetch it again.
        self.listing_urls: set[str] = set()
        # --backfill --since: per (start URL, page), articles asked for and those older than
        # --since; a listing page whose articles were all older ends the paging of that listing.
        self.page_articles: Counter = Counter()
        self.page_old: Counter = Counter()
        # ... the articles of a page not settled yet (extracted, skipped or failed), and the next
        # page's request, held until they are.
        self.page_pending: Counter = Counter()
        self.page_next: dict[tuple[str, int], scrapy.Request] = {}
        self.asked: set[str] = set()  # article URLs requested this run
        # Site templates learnt from every article page (crawler.extraction.template); a source
        # without a usable one holds its first pages back until it has learnt enough of them.
        self.templates = {sid: SiteTemplate.from_dict(t) for sid, t in (templates or {}).items()}
        self.held: dict[str, list[tuple[str, str, int, dict]]] = defaultdict(list)
        # What Google News sitemaps said of article URLs ({"published", "title"}), and per source
        # the robots.txt and sitemap requests not answered yet: article pages are held until
        # they are, so that the sitemap's word is in when the page is extracted.
        self.listed: dict[str, dict] = {}
        self.maps_pending: Counter = Counter()

    # -- settings ---------------------------------------------------------------------------
    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        # A backfill pages listings to the end: only the (much higher) backfill guard applies.
        cap = "GOVMON_BACKFILL_MAX_LISTING_PAGES" if spider.backfill else "GOVMON_MAX_LISTING_PAGES"
        spider.max_pages_setting = cap
        spider.max_pages = s.getint(cap, 2000 if spider.backfill else 50)
        spider.incremental = s.getbool("GOVMON_INCREMENTAL", True) and not spider.backfill
        spider.overlap = s.getint("GOVMON_INCREMENTAL_OVERLAP", 2)
        spider.since = s.get("GOVMON_SINCE")
        crawler.signals.connect(spider.release_held_pages, signal=scrapy_signals.spider_idle)
        return spider

    # -- bookkeeping ------------------------------------------------------------------------
    def _count(self, source_id: str, name: str, n: int = 1) -> None:
        stats.inc(self.crawler.stats, source_id, name, n)

    def _error(self, source_id: str, message: str) -> None:
        stats.add_error(self.crawler.stats, source_id, message)

    def _incomplete(self, source_id: str) -> None:
        """An article of the source could not be had: its listings are read again next time."""
        self.crawler.signals.send_catch_log(signal=signals.source_incomplete, source_id=source_id)

    # -- entry points -----------------------------------------------------------------------
    async def start(self):
        for source in self.sources.values():
            for request in self._entry_requests(source):
                yield request

    def _entry_requests(self, source: Source) -> Iterable[scrapy.Request]:
        sid = source.id
        conditional = sid not in self.full_pass
        for url in source.start_urls:
            self.listing_urls.add(escaped(url))
            yield self._request(
                url,
                self.parse_listing,
                sid,
                page=1,
                dont_filter=True,
                conditional=conditional,
                listing=url,
                entry=True,
            )

        for url in source.feeds or []:
            yield self._request(
                url, self.parse_feed, sid, dont_filter=True, conditional=conditional
            )
        for url in source.sitemaps or []:
            yield self._map_request(
                url, self.parse_sitemap, sid, dont_filter=True, conditional=conditional
            )
        for url in self.recheck_urls.get(sid, []):
            yield self._request(url, self.parse_article, sid, recheck=True, priority=-1)

    def _request(
        self,
        url: str,
        callback,
        source_id: str,
        *,
        dont_filter: bool = False,
        priority: int = 0,
        conditional: bool = True,
        **meta: Any,
    ) -> scrapy.Request:
        """A request of a source: its fetch settings, its User-Agent, conditional by default."""
        source = self.sources[source_id]
        return scrapy.Request(
            url,
            callback,
            headers={"User-Agent": source.user_agent_string()},
            dont_filter=dont_filter,
            priority=priority,
            meta=source_meta(
                source, conditional=conditional, article=callback == self.parse_article, **meta
            ),
            errback=self.download_failed,
        )

    def _map_request(self, url: str, callback, source_id: str, **kwargs: Any) -> scrapy.Request:
        """A robots.txt or sitemap request, fetched before the articles and counted as pending
        until answered (see parse_article: pages wait for the sitemaps' dates and titles).
        A request dropped on the way (offsite, a duplicate) never answers: the pages held for
        it are released when the crawl goes idle."""
        self.maps_pending[source_id] += 1
        kwargs.setdefault("priority", 1)
        return self._request(url, callback, source_id, map_request=True, **kwargs)

    def _map_answered(self, meta: dict) -> Iterable[Any]:
        """A robots.txt or sitemap request is done with; the last one releases held pages."""
        sid = meta.get("source_id", "")
        if not meta.get("map_request") or self.maps_pending[sid] <= 0:
            return
        self.maps_pending[sid] -= 1
        template = self.templates.get(sid)
        if not self.maps_pending[sid] and template is not None and template.mature:
            yield from self._extract_held(sid)

    def download_failed(self, failure) -> Iterable[scrapy.Request]:
        """Errback: a request that failed for good (after retries) is its source's error.

        Without it Scrapy logs a traceback for every unreachable page, nightly, for every portal
        that is down. Dropped requests (offsite, robots.txt) are not errors.
        """
        request = failure.request
        if request.callback == self.parse_article:
            yield from self._settled(request.meta)
        yield from self._map_answered(request.meta)
        if failure.check(IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" not in str(failure.value):
            return  # a compression bomb is dropped as "ignored" too, but it is the portal's fault
        sid = request.meta.get("source_id", "")
        if request.callback == self.parse_article and not request.meta.get("recheck"):
            self._incomplete(sid)
        exc = failure.value
        detail = " ".join(str(exc).split())[:200]
        self._error(sid, f"{type(exc).__name__} on {request.url}: {detail}")
        log.warning("Source %s: %s on %s: %s", sid, type(exc).__name__, request.url, detail)

    def _family(self, source_id: str, response: Response) -> dict | None:
        source = self.sources[source_id]
        name = source.cms
        if not name and isinstance(response, TextResponse):
            name = detect_family(response.text, response.url)
        return self.families.get(name) if name else None

    def _usable(self, response: Response, kind: str) -> bool:
        """False for 304s, errors and block pages (counted); True for a page worth parsing."""
        sid = response.meta["source_id"]
        if response.status == 304:
            self._count(sid, "not_modified")
            return False
        if self._blocked(response):
            self._count(sid, "blocked_pages")
            self._error(sid, f"blocked ({response.status}) on {kind}: {response.url}")
            return False
        if response.status >= 400:
            if not (response.meta.get("guessed") and response.status in (404, 410)):
                self._error(sid, f"HTTP {response.status} on {kind}: {response.url}")
            return False
        if kind in ("listing", "article") and not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "no type"
            self._error(sid, f"not an HTML page ({content_type}) on {kind}: {response.url}")
            return False
        return True

    @staticmethod
    def _blocked(response: Response) -> bool:
        text = response.text if isinstance(response, TextResponse) else ""
        return looks_blocked(response.status, text)

    def _article_request(self, url: str, source_id: str, **meta: Any) -> scrapy.Request | None:
        url = clean_url(url)  # feeds and sitemaps carry "javascript:", "" and broken hosts too
        if not url:
            return None
        url = escaped(url)
        if url in self.known_urls.get(source_id, set()) or is_copy(url) or url in self.asked:
            return None
        # Asked once (Scrapy's dupe filter would drop a second request silently, and a listing
        # page waiting on its articles under --since would wait for it).
        self.asked.add(url)
        # Not stored: ask unconditionally. Validators may exist without the article (a backfill
        # that skipped it as too old, an extraction that failed), and a 304 would lose it for good.
        return self._request(url, self.parse_article, source_id, conditional=False, **meta)

    def _all_before_since(self, listing: str, page: int) -> bool:
        asked = self.page_articles[(listing, page)]
        return asked > 0 and self.page_old[(listing, page)] == asked

    def _settled(self, meta: dict) -> Iterable[scrapy.Request]:
        """An article of a listing page is done with: once all of the page's are, its next page
        is asked for, unless every one of them was older than --since."""
        if "listing" not in meta or "page" not in meta:
            return
        key = (meta["listing"], meta["page"])
        if self.page_pending[key] > 0:
            self.page_pending[key] -= 1
        if self.page_pending[key] == 0 and key in self.page_next:
            request = self.page_next.pop(key)
            if self._all_before_since(*key):
                self._count(request.meta["source_id"], "since_stops")
            else:
                yield request

    # -- listings, feeds, sitemaps ----------------------------------------------------------
