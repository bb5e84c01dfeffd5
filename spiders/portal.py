"""The one generic spider: every registry source, its listings, feeds and sitemaps, its articles."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip

from crawler.discovery import (
    article_shapes,
    clean_url,
    escaped,
    find_article_links,
    find_feeds,
    find_next_page,
    find_section_links,
    is_copy,
    lastmod_before,
    looks_blocked,
    looks_like_article_url,
    newest_entries,
    parse_feed,
    parse_sitemap,
    sitemap_urls_in_robots,
    url_shape,
)
from crawler.extraction import SiteTemplate, detect_family, extract_article, learn_from_page
from crawler.extraction.families import load_families
from crawler.models import RUN_COUNTERS

log = logging.getLogger(__name__)

# Discovery from a start page: section listings read, and (without --backfill) what is taken
# from sitemaps the registry does not name.
MAX_SECTIONS = 40
MAX_GUESSED_SITEMAPS = 12
MAX_GUESSED_ENTRIES = 300

# Stats every source reports, even when zero: the monitor's counters and the crawl's own.
STAT_KEYS = (
    *RUN_COUNTERS,
    "listing_pages",
    "listing_links",  # article links found on listing pages (known ones included)
    "feed_links",  # article entries found in feeds and sitemaps (known ones included)
    "offsite_filtered",
    "skipped_before_since",
    "listing_page_cap_hits",
    "since_stops",
    "cut_off",  # 1 when crawler.limits cut the source off (budget, trap)
    "requests_refused",  # non-public addresses, foreign ports
    "not_articles",
    "duplicates",
)


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
        templates: dict[str, dict] | None = None,
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
        # Listing URLs asked for in this run: start URLs bypass the dupe filter (dont_filter), so
        # a "next" link wrapping around to one of them would otherwise fetch it again.
        self.listing_urls: set[str] = set()
        # Sources with an article that could not be fetched this run (5xx, timeout, block page):
        # their listings' validators are not saved, so the next crawl reads the listings again
        # instead of getting a 304 and never retrying the article.
        self.incomplete: set[str] = set()
        # --backfill --since: per (start URL, page), articles asked for and those older than
        # --since; a listing page whose articles were all older ends the paging of that listing.
        self.page_articles: Counter = Counter()
        self.page_old: Counter = Counter()
        self.last_new_article_at: dict[str, str] = {}
        self.started_at = datetime.now(UTC)
        # Site templates learnt from every article page (crawler.extraction.template); a source
        # without a usable one holds its first pages back until it has learnt enough of them.
        self.templates = {sid: SiteTemplate.from_dict(t) for sid, t in (templates or {}).items()}
        self.held: dict[str, list[tuple[str, str, int, dict]]] = defaultdict(list)
        self.content_keys: dict[str, set[bytes]] = defaultdict(set)

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
        crawler.signals.connect(spider.release_held_pages, signal=signals.spider_idle)
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

    def remember_validators(
        self,
        url: str,
        source_id: str,
        etag: str | None,
        modified: str | None,
        *,
        article: bool = True,
    ) -> None:
        self.new_validators[url] = {
            "url": url,
            "source_id": source_id,
            "etag": etag,
            "last_modified": modified,
            "article": article,
        }

    def validators_to_save(self) -> list[dict]:
        """Validators seen this run, less the listings, feeds and sitemaps of incomplete sources."""
        return [
            {k: v for k, v in item.items() if k != "article"}
            for item in self.new_validators.values()
            if item["article"] or item["source_id"] not in self.incomplete
        ]

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
            yield self._request(
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
        headers = {}
        if hasattr(source, "user_agent_string"):
            headers["User-Agent"] = source.user_agent_string()
        return scrapy.Request(
            url,
            callback,
            headers=headers,
            dont_filter=dont_filter,
            priority=priority,
            meta=source_meta(source, conditional=conditional, **meta),
            errback=self.download_failed,
        )

    def download_failed(self, failure) -> None:
        """Errback: a request that failed for good (after retries) is its source's error.

        Without it Scrapy logs a traceback for every unreachable page, nightly, for every portal
        that is down. Dropped requests (offsite, robots.txt) are not errors.
        """
        if failure.check(IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" not in str(failure.value):
            return  # a compression bomb is dropped as "ignored" too, but it is the portal's fault
        request = failure.request
        sid = request.meta.get("source_id", "")
        if request.callback == self.parse_article and not request.meta.get("recheck"):
            self.incomplete.add(sid)
        exc = failure.value
        detail = " ".join(str(exc).split())[:200]
        self.record_error(sid, f"{type(exc).__name__} on {request.url}: {detail}")
        log.warning("Source %s: %s on %s: %s", sid, type(exc).__name__, request.url, detail)

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
        if self._blocked(response):
            self.count(sid, "blocked_pages")
            self.record_error(sid, f"blocked ({response.status}) on {kind}: {response.url}")
            return False
        if response.status >= 400:
            if not (response.meta.get("guessed") and response.status in (404, 410)):
                self.record_error(sid, f"HTTP {response.status} on {kind}: {response.url}")
            return False
        if kind in ("listing", "article") and not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "no type"
            self.record_error(sid, f"not an HTML page ({content_type}) on {kind}: {response.url}")
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
        if url in self.known_urls.get(source_id, set()) or is_copy(url):
            return None
        # Not stored: ask unconditionally. Validators may exist without the article (a backfill
        # that skipped it as too old, an extraction that failed), and a 304 would lose it for good.
        return self._request(url, self.parse_article, source_id, conditional=False, **meta)

    def _all_before_since(self, listing: str, page: int) -> bool:
        asked = self.page_articles[(listing, page)]
        return asked > 0 and self.page_old[(listing, page)] == asked

    # -- listings, feeds, sitemaps ----------------------------------------------------------
    def parse_listing(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "listing"):
            return
        page = response.meta.get("page", 1)
        listing = response.meta.get("listing", response.url)
        if self.since and any(self._all_before_since(listing, p) for p in range(1, page)):
            # An earlier page held only articles older than --since: so will the later ones. (The
            # page right after it may have been parsed before those articles came back: at most
            # one more page is read.)
            self.count(sid, "since_stops")
            return
        self.count(sid, "listing_pages")
        family = self._family(sid, response)
        if response.meta.get("entry") and page == 1:
            yield from self._discover(sid, response, family)
        links = find_article_links(
            response.text, response.url, family=family, allowed_hosts=self.source_hosts[sid]
        )
        self.count(sid, "listing_links", len(links))
        if not links:
            # Read again in full next time: a 304 on an empty listing would hide that it stays empty.
            self.new_validators.pop(response.url, None)
        known = self.known_urls.get(sid, set())
        new = [u for u in links if u not in known]
        for url in new:
            request = self._article_request(url, sid, listing=listing, page=page)
            if request:
                self.page_articles[(listing, page)] += 1
                yield request
        reached_known = len(links) - len(new) >= min(self.overlap, max(len(links), 1))
        if self.incremental and sid not in self.full_pass and known and reached_known:
            return  # the rest of this listing was stored by earlier crawls
        if not links:
            return
        self.listing_urls.add(response.url)
        next_url = find_next_page(response.text, response.url, family=family)
        if next_url and page >= self.max_pages:
            # Said, not silent: older articles of this listing are not reached.
            self.count(sid, "listing_page_cap_hits")
            self.record_error(
                sid,
                f"stopped paging at page {page} ({self.max_pages_setting}="
                f"{self.max_pages}): {response.url}",
            )
            return
        if next_url and escaped(next_url) not in self.listing_urls:
            self.listing_urls.add(escaped(next_url))
            # With --since, the page's articles go first (lower priority for the next page), so
            # their dates are known when the next page comes back.
            yield self._request(
                next_url,
                self.parse_listing,
                sid,
                page=page + 1,
                conditional=False,
                listing=listing,
                priority=-2 if self.since else 0,
            )

    def _discover(self, sid: str, response: Response, family: dict | None):
        """From a start page: the feeds it announces and the sitemaps of robots.txt (when the
        registry names none), and the listings of the site's sections (menus, "Xem tiếp")."""
        source = self.sources[sid]
        if not source.feeds:
            for url in find_feeds(response.text, response.url, self.source_hosts[sid]):
                yield self._request(url, self.parse_feed, sid, guessed=True)
        if not source.sitemaps:
            # No sitemap in the registry: the ones robots.txt names, else /sitemap.xml. Asked only
            # when a start page changed (a 304 means nothing new), so a quiet source stays cheap.
            yield self._request(
                urljoin(response.url, "/robots.txt"),
                self.parse_robots,
                sid,
                guessed=True,
                priority=-1,
            )
        sections = find_section_links(
            response.text, response.url, family=family, allowed_hosts=self.source_hosts[sid]
        )
        for url in sections[:MAX_SECTIONS]:
            if escaped(url) in self.listing_urls:
                continue
            self.listing_urls.add(escaped(url))
            yield self._request(url, self.parse_listing, sid, page=1, listing=url)

    def parse_robots(self, response: Response):
        """The sitemaps robots.txt names (else /sitemap.xml), for a source whose registry has none."""
        sid = response.meta["source_id"]
        maps: list[str] = []
        if response.status == 200 and isinstance(response, TextResponse):
            maps = [u for u in sitemap_urls_in_robots(response.text, response.url)]
        hosts = self.source_hosts[sid]
        maps = [u for u in maps if urlsplit(u).hostname in hosts] or [
            urljoin(response.url, "/sitemap.xml")
        ]
        for url in maps[:5]:
            yield self._request(url, self.parse_sitemap, sid, guessed=True)

    def parse_feed(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "feed"):
            return
        for entry in parse_feed(response.body):
            self.count(sid, "feed_links")
            request = self._article_request(response.urljoin(entry["url"]), sid)
            if request:
                yield request

    def parse_sitemap(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "sitemap"):
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a sitemap.xml.gz file (gzip as content, not as encoding)
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except (OSError, EOFError, ValueError) as exc:
                self.record_error(sid, f"unreadable gzip sitemap ({exc}): {response.url}")
                return
        kind, entries = parse_sitemap(body)
        if kind == "invalid":
            self.record_error(sid, f"unreadable sitemap: {response.url}")
            return
        guessed = bool(response.meta.get("guessed"))
        if guessed and not self.backfill:
            # A sitemap found, not configured: the newest entries only (a portal's full history
            # is what --backfill is for).
            entries = newest_entries(
                entries, MAX_GUESSED_SITEMAPS if kind == "sitemapindex" else MAX_GUESSED_ENTRIES
            )
        if kind == "sitemapindex":
            for entry in entries:
                url = clean_url(entry["url"])
                if url and not (self.since and lastmod_before(entry.get("lastmod"), self.since)):
                    yield self._request(url, self.parse_sitemap, sid, guessed=guessed)
            return
        family = self.families.get(getattr(self.sources[sid], "cms", None) or "")
        # Entries alike in all but their id (``/tin?id=N``) are the articles, whatever the shape.
        shapes = article_shapes(e["url"] for e in entries)
        for entry in entries:
            if self.since and lastmod_before(entry.get("lastmod"), self.since):
                continue
            if looks_like_article_url(entry["url"], family) or url_shape(entry["url"]) in shapes:
                self.count(sid, "feed_links")
                request = self._article_request(entry["url"], sid)
                if request:
                    yield request

    # -- articles ---------------------------------------------------------------------------
    def parse_article(self, response: Response):
        sid = response.meta["source_id"]
        if response.status in (404, 410):
            if response.meta.get("recheck"):
                # The stored URL is the one re-checked: a portal may redirect a takedown to its 404 page.
                url = (response.meta.get("redirect_urls") or [response.url])[0]
                yield {"_kind": "removed", "url": url, "status": response.status, "source_id": sid}
            else:
                self.record_error(sid, f"HTTP {response.status} on article: {response.url}")
            return
        if response.status == 304:
            self.count(sid, "not_modified")
            self.count(sid, "articles_unchanged")
            return
        if not self._usable(response, "article"):
            if response.status >= 500 or response.status in (403, 429) or self._blocked(response):
                if not response.meta.get("recheck"):
                    self.incomplete.add(sid)  # worth another try tomorrow
            return
        meta = {k: response.meta[k] for k in ("listing", "page") if k in response.meta}
        meta["requested_url"] = (response.meta.get("redirect_urls") or [response.url])[0]
        template = learn_from_page(self.templates.get(sid), response.text, response.url)
        self.templates[sid] = template
        self.held[sid].append((response.text, response.url, response.status, meta))
        if template.mature:
            yield from self._extract_held(sid)

    def release_held_pages(self) -> None:
        """spider_idle: extract the pages held back by sources that never learnt enough pages."""
        if any(self.held.values()):
            request = scrapy.Request("data:,", self._release, dont_filter=True)
            self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def _release(self, response: Response):
        for sid in list(self.held):
            yield from self._extract_held(sid)

    def _extract_held(self, sid: str):
        pages, self.held[sid] = self.held[sid], []
        for text, url, status, meta in pages:
            record = self._extract(sid, text, url, status, meta)
            if record:
                yield record

    def _duplicate(self, sid: str, url: str, article: Any) -> bool:
        """A copy of an article stored already: same title and text this crawl (a print or
        session-id copy), or a page whose canonical URL is a stored article."""
        key = hashlib.blake2b(
            f"{article.title}\x1f{article.body_text}".encode(), digest_size=12
        ).digest()
        seen = self.content_keys[sid]
        if key in seen:
            return True
        seen.add(key)
        canonical = escaped(article.canonical_url or url)
        return canonical != escaped(url) and canonical in self.known_urls.get(sid, set())

    def _extract(self, sid: str, text: str, url: str, status: int, meta: dict) -> dict | None:
        source = self.sources[sid]
        article = extract_article(
            text,
            url,
            cms=getattr(source, "cms", None),
            selectors=getattr(source, "selectors", None) or None,
            template=self.templates.get(sid),
        )
        if getattr(source, "cms", None) and article.extraction_method == "generic":
            # The source's family selectors found no body: a redesign, even if the generic path copes.
            self.count(sid, "family_selector_misses")
        if not article.is_complete:
            self.count(sid, "extraction_failures")
            self.record_error(sid, f"no title or body: {url}")
            # Not stored, so tried again next time: the source's listings must not answer 304.
            self.incomplete.add(sid)
            return None
        if not article.has_prose:
            self.count(sid, "not_articles")  # a document record, a gallery: not a news story
            return None
        if self._duplicate(sid, url, article):
            self.count(sid, "duplicates")
            return None
        if self.since and article.published_at and article.published_at[:10] < self.since:
            self.count(sid, "skipped_before_since")
            if "listing" in meta:
                self.page_old[(meta["listing"], meta["page"])] += 1
            return None
        record = article.to_dict()
        record.update(
            _kind="article",
            source_id=sid,
            province=getattr(source, "province", None),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            http_status=status,
            # The link followed, when redirects led elsewhere: the next crawl knows it too.
            requested_url=meta["requested_url"],
        )
        return record


def recheck_cutoff(days: int, now: datetime | None = None) -> str:
    """ISO date from which stored articles are re-fetched to catch edits and takedowns."""
    now = now or datetime.now(UTC)
    return (now - timedelta(days=days)).date().isoformat()
