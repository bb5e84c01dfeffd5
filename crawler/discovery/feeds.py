"""Feeds, sitemaps and robots.txt: entries, lastmod dates, the feeds a page announces."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import feedparser
from scrapy.utils.sitemap import Sitemap

from crawler.clock import VIETNAM
from crawler.discovery.links import _parse
from crawler.discovery.urls import _FEED_PATH, _host_ok, clean_url


def parse_feed(body: bytes | str) -> list[dict]:
    """Entries of an RSS/Atom feed: [{url, title, published}] (feedparser does the formats)."""
    parsed = feedparser.parse(body)
    out = []
    for e in parsed.entries:
        link = e.get("link")
        if link:
            out.append(
                {"url": link.strip(), "title": e.get("title"), "published": e.get("published")}
            )
    return out


class _Sitemap(Sitemap):
    """Scrapy's sitemap reader, also keeping the Google News extension of each ``<url>``.

    Scrapy keeps a ``<url>``'s direct children by local name only (``<news:news>`` becomes an
    empty "news" value) and clears each child as it goes, so ``<news:publication_date>`` and
    ``<news:title>``, one level down, are read here first.
    """

    __slots__ = ()

    def _process_sitemap_element(self, elem):
        news: dict[str, str] = {}
        for child in elem:
            if self._get_tag_name(child) == "news":
                for part in child.iter():
                    name = self._get_tag_name(part)
                    if name in ("publication_date", "title") and part.text and part.text.strip():
                        news[name] = " ".join(part.text.split())
        d = super()._process_sitemap_element(elem)
        if d is not None and news:
            d["news"] = news
        return d


def parse_sitemap(body: bytes) -> tuple[str, list[dict]]:
    """(kind, entries) of a sitemap: kind is "sitemapindex" or "urlset"; entries {url, lastmod},
    and from a Google News sitemap also ``published`` (``news:publication_date``) and ``title``
    (``news:title``) as written."""
    try:
        sm = _Sitemap(body)
    except Exception:
        return ("invalid", [])
    entries = []
    for e in sm:
        if not e.get("loc"):
            continue
        entry = {"url": e["loc"].strip(), "lastmod": e.get("lastmod")}
        news = e.get("news")
        if isinstance(news, dict):
            if news.get("publication_date"):
                entry["published"] = news["publication_date"]
            if news.get("title"):
                entry["title"] = news["title"]
        entries.append(entry)
    return (sm.type or "urlset", entries)


_ISO_LASTMOD = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY_LASTMOD = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2}))?")


def lastmod_date(lastmod: str | None) -> date | None:
    """The Việt Nam calendar date of a sitemap ``lastmod`` (W3C datetime, or dd/mm/yyyy); None if unreadable.

    A UTC time late in the evening is the next morning in Việt Nam, which is what ``--since`` means.
    """
    text = (lastmod or "").strip()
    try:
        if m := _ISO_LASTMOD.match(text):
            year, month, day, hh, mm, ss, tz = m.groups()
            moment = datetime(
                int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0)
            )
            if tz:
                offset = (
                    UTC
                    if tz == "Z"
                    else timezone(
                        (-1 if tz[0] == "-" else 1)
                        * timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:]))
                    )
                )
                moment = moment.replace(tzinfo=offset).astimezone(VIETNAM)
            return moment.date()
        if m := _DMY_LASTMOD.match(text):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return date(year, month, day)
    except ValueError:  # 31/02 and friends
        return None
    return None


def lastmod_before(lastmod: str | None, since: str) -> bool:
    """True only when a sitemap ``lastmod`` is surely before the ISO date ``since`` (unreadable: False)."""
    when = lastmod_date(lastmod)
    return when is not None and when < date.fromisoformat(since)


def find_feeds(
    html: str | bytes, base_url: str, allowed_hosts: Iterable[str] | None = None
) -> list[str]:
    """RSS/Atom feeds a page announces (``<link rel="alternate">``) or links to."""
    doc = _parse(html, base_url)
    if doc is None:
        return []
    found: list[str] = []
    for el in doc.xpath("//link[@rel='alternate'][@href]"):
        kind = (el.get("type") or "").lower()
        if "rss" in kind or "atom" in kind:
            url = clean_url(el.get("href"))
            if url and url not in found and _host_ok(url, allowed_hosts):
                found.append(url)
    for a in doc.iter("a"):
        url = clean_url(a.get("href"))
        if url and url not in found and _host_ok(url, allowed_hosts):
            parts = urlsplit(url)
            if _FEED_PATH.search(parts.path + (f"?{parts.query}" if parts.query else "")):
                found.append(url)
    return found[:5]


def sitemap_urls_in_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, as absolute URLs."""
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = clean_url(urljoin(base_url, value.strip()))
            if url and url not in out:
                out.append(url)
    return out


def newest_entries(entries: list[dict], limit: int) -> list[dict]:
    """At most ``limit`` sitemap entries, the newest ``lastmod`` (or news publication date)
    first, undated ones last."""
    if len(entries) <= limit:
        return entries

    def when(entry: dict) -> date | None:  # a news entry without lastmod has its publication date
        return lastmod_date(entry.get("lastmod") or entry.get("published"))

    dated = sorted((e for e in entries if when(e)), key=when, reverse=True)
    undated = [e for e in entries if not when(e)]
    return (dated + undated)[:limit]
