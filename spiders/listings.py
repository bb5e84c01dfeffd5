"""Listings, feeds, sitemaps and robots.txt: the spider's discovery callbacks (a mixin of PortalSpider)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

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
    in_article_shape,
    lastmod_before,
    looks_like_article_url,
    newest_entries,
    parse_feed,
    parse_sitemap,
    sitemap_urls_in_robots,
)
from spiders import signals

# Discovery from a start page: section listings read, and (without --backfill) what is taken
# from sitemaps the registry does not name.
MAX_SECTIONS = 40
MAX_GUESSED_SITEMAPS = 12
MAX_GUESSED_ENTRIES = 300
# Where CMSes put their feed, tried when a start page announces none.
CONVENTIONAL_FEEDS = (
    "/feed/",
    "/rss",
    "/rss.xml",
    "/rss/home.rss",
    "/index.php?format=feed&type=rss",
)


class ListingCallbacks:
    """parse_listing, parse_feed, parse_sitemap, parse_robots: article requests out, and the
    listings' next pages and sections. Needs PortalSpider's state and request helpers."""

    def parse_listing(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "listing"):
            return
        page = response.meta.get("page", 1)
        listing = response.meta.get("listing", response.url)
        if self.since and any(self._all_before_since(listing, p) for p in range(1, page)):
            # An earlier page held only articles older than --since: so will the later ones.
            self._count(sid, "since_stops")
            return
        self._count(sid, "listing_pages")
        family = self._family(sid, response)
        if response.meta.get("entry") and page == 1:
            yield from self._discover(sid, response, family)
        links = find_article_links(
            response.text, response.url, family=family, allowed_hosts=self.source_hosts[sid]
        )
        self._count(sid, "listing_links", len(links))
        if not links:
            # Read again in full next time: a 304 on an empty listing would hide that it stays empty.
            self.crawler.signals.send_catch_log(signal=signals.listing_reread, url=response.url)
        known = self.known_urls.get(sid, set())
        new = [u for u in links if u not in known]
        for url in new:
            request = self._article_request(url, sid, listing=listing, page=page)
            if request:
                self.page_articles[(listing, page)] += 1
                self.page_pending[(listing, page)] += 1
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
            self._count(sid, "listing_page_cap_hits")
            self._error(
                sid,
                f"stopped paging at page {page} ({self.max_pages_setting}="
                f"{self.max_pages}): {response.url}",
            )
            return
        if next_url and escaped(next_url) not in self.listing_urls:
            self.listing_urls.add(escaped(next_url))
            request = self._request(
                next_url, self.parse_listing, sid, page=page + 1, conditional=False, listing=listing
            )
            if self.since and self.page_pending[(listing, page)]:
                # With --since, the next page waits until this page's articles are extracted:
                # their dates decide whether there is a next page to read at all. (Priorities
                # cannot promise that order: responses and held pages come back in any order.)
                self.page_next[(listing, page)] = request
            else:
                yield request

    def _discover(self, sid: str, response: Response, family: dict | None):
        """From a start page: the feeds it announces and the sitemaps of robots.txt (when the
        registry names none), and the listings of the site's sections (menus, "Xem tiếp")."""
        source = self.sources[sid]
        if not source.feeds:
            feeds = find_feeds(response.text, response.url, self.source_hosts[sid])
            # A feed the page does not announce may still be at its CMS's usual address
            # (WordPress /feed/, /rss, /rss.xml, /rss/home.rss, Joomla ?format=feed): asked
            # as guesses (a 404 is no error), only when the page names none.
            feeds = feeds or [urljoin(response.url, path) for path in CONVENTIONAL_FEEDS]
            for url in feeds:
                yield self._request(url, self.parse_feed, sid, guessed=True)
        if not source.sitemaps:
            # No sitemap in the registry: the ones robots.txt names, else /sitemap.xml. Asked only
            # when a start page changed (a 304 means nothing new), so a quiet source stays cheap.
            yield self._map_request(
                urljoin(response.url, "/robots.txt"), self.parse_robots, sid, guessed=True
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
            yield self._map_request(url, self.parse_sitemap, sid, guessed=True)
        yield from self._map_answered(response.meta)

    def parse_feed(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "feed"):
            return
        for entry in parse_feed(response.body):
            self._count(sid, "feed_links")
            request = self._article_request(response.urljoin(entry["url"]), sid)
            if request:
                yield request

    def parse_sitemap(self, response: Response):
        yield from self._sitemap_entries(response)
        yield from self._map_answered(response.meta)

    def _sitemap_entries(self, response: Response):
        sid = response.meta["source_id"]
        if not self._usable(response, "sitemap"):
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a sitemap.xml.gz file (gzip as content, not as encoding)
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except (OSError, EOFError, ValueError) as exc:
                self._error(sid, f"unreadable gzip sitemap ({exc}): {response.url}")
                return
        kind, entries = parse_sitemap(body)
        if kind == "invalid":
            self._error(sid, f"unreadable sitemap: {response.url}")
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
                    yield self._map_request(url, self.parse_sitemap, sid, guessed=guessed)
            return
        family = self.families.get(getattr(self.sources[sid], "cms", None) or "")
        # Entries alike in all but their id (``/tin?id=N``) are the articles, whatever the shape.
        shapes = article_shapes(e["url"] for e in entries)
        for entry in entries:
            if entry.get("published") or entry.get("title"):
                # A Google News entry: its publication time and title are evidence for the
                # extraction of that page, however the page is reached (listing, feed, here).
                url = clean_url(entry["url"])
                if url:
                    self.listed[escaped(url)] = {
                        k: entry[k] for k in ("published", "title") if entry.get(k)
                    }
            when = entry.get("lastmod") or entry.get("published")
            if self.since and lastmod_before(when, self.since):
                continue
            if looks_like_article_url(entry["url"], family) or in_article_shape(
                entry["url"], shapes
            ):
                self._count(sid, "feed_links")
                request = self._article_request(entry["url"], sid)
                if request:
                    yield request
