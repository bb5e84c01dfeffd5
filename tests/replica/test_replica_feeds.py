"""Feeds and sitemaps parse and list the articles; conditional requests answer 304."""

from __future__ import annotations

import feedparser
import pytest
from lxml import etree

from replica.registry import registry_entries

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _entries(rep) -> dict[str, dict]:
    return {e["id"]: e for e in registry_entries(rep.base_urls)}


def _truth_urls(rep, pid: str) -> set[str]:
    return {r["url"] for r in rep.truth() if r["portal"] == pid}


def _sitemap_locs(http, url: str, depth: int = 0) -> set[str]:
    res = http.fetch(url)
    assert res.status == 200, url
    assert "xml" in res.headers["Content-Type"]
    root = etree.fromstring(res.body)
    if root.tag == SM + "sitemapindex":
        assert depth < 3
        locs: set[str] = set()
        for loc in root.iter(SM + "loc"):
            locs |= _sitemap_locs(http, loc.text, depth + 1)
        return locs
    assert root.tag == SM + "urlset"
    return {loc.text for loc in root.iter(SM + "loc")}


def test_rss_portals_serve_feeds_listing_their_articles(live_replica, http):
    entries = _entries(live_replica)
    rss_portals = [pid for pid, p in live_replica.portals.items() if p.get("rss")]
    assert rss_portals
    for pid in rss_portals:
        feeds = entries[pid]["feeds"]
        assert feeds, pid
        linked: set[str] = set()
        for url in feeds:
            res = http.fetch(url)
            assert res.status == 200, url
            parsed = feedparser.parse(res.body)
            assert not parsed.bozo, (url, parsed.get("bozo_exception"))
            linked |= {e.link for e in parsed.entries}
            for e in parsed.entries:
                assert e.get("published_parsed") is not None
        truth = _truth_urls(live_replica, pid)
        assert linked <= truth
        home_feed = http.fetch(feeds[0])
        newest = sorted(truth & {e.link for e in feedparser.parse(home_feed.body).entries})
        assert len(newest) == min(len(truth), 50), pid


def test_sitemap_portals_list_every_article(live_replica, http):
    entries = _entries(live_replica)
    sm_portals = [pid for pid, p in live_replica.portals.items() if p.get("sitemap")]
    assert sm_portals
    for pid in sm_portals:
        assert entries[pid]["sitemaps"], pid
        robots = http.fetch(live_replica.base_urls[pid] + "/robots.txt").text
        assert "Sitemap: " + entries[pid]["sitemaps"][0] in robots
        locs: set[str] = set()
        for url in entries[pid]["sitemaps"]:
            locs |= _sitemap_locs(http, url)
        assert _truth_urls(live_replica, pid) <= locs, pid


def _pages_to_check(rep) -> list[str]:
    urls = []
    for pid, entry in _entries(rep).items():
        urls += entry["start_urls"][:1] + entry["feeds"][:1] + entry["sitemaps"][:1]
        arts = sorted(_truth_urls(rep, pid))
        urls += arts[:1]
    return urls


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_conditional_requests_answer_304_when_unchanged(live_replica, http, header):
    for url in _pages_to_check(live_replica):
        first = http.fetch(url)
        assert first.status == 200, url
        assert "ETag" in first.headers and "Last-Modified" in first.headers, url
        value = first.headers["ETag" if header == "If-None-Match" else "Last-Modified"]
        again = http.fetch(url, headers={header: value})
        assert again.status == 304, url
        assert again.body == b""
        stale = http.fetch(
            url,
            headers={
                header: '"other"' if header == "If-None-Match" else "Mon, 01 Jan 2001 00:00:00 GMT"
            },
        )
        assert stale.status == 200, url
