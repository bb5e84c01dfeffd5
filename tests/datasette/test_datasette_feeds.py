"""Atom feeds: valid (RFC 4287's required elements) and 200 when empty, titled by what they follow."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import feedparser

A = "{http://www.w3.org/2005/Atom}"


def assert_valid_atom(body: bytes) -> ET.Element:
    """The feed-level elements RFC 4287 requires, an author for every entry, parseable times."""
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    feed = ET.fromstring(body)
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{tag}") or "").strip(), f"feed without {tag}"
    feed_author = feed.find(f"{A}author/{A}name")
    for entry in feed.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{A}{tag}") is not None, f"entry without {tag}"
        assert feed_author is not None or entry.find(f"{A}author") is not None
    assert feed_author is not None and feed_author.text
    return feed


def test_an_empty_search_feed_is_valid_and_named_after_the_search(replica_client):
    response = replica_client.get(
        "/crawl/search_feed.atom?" + urlencode({"q": "khong co bai nao xyzzy"})
    )
    assert response.status_code == 200
    assert "atom" in response.headers["content-type"]
    feed = assert_valid_atom(response.content)
    assert feed.findall(f"{A}entry") == []
    assert feed.findtext(f"{A}title") == "govmon — tìm kiếm: khong co bai nao xyzzy"


def test_a_search_feed_with_entries_is_valid(replica_client):
    response = replica_client.get("/crawl/search_feed.atom?" + urlencode({"q": "de an 06"}))
    assert response.status_code == 200
    feed = assert_valid_atom(response.content)
    assert len(feed.findall(f"{A}entry")) > 0
    assert feed.findtext(f"{A}title") == "govmon — tìm kiếm: de an 06"


def test_a_new_watch_feed_is_valid_and_named_after_the_watch(replica_client):
    response = replica_client.get("/crawl/watch_feed.atom?watch=ncdt-moi")
    assert response.status_code == 200
    feed = assert_valid_atom(response.content)
    assert feed.findtext(f"{A}title") == "govmon — theo dõi: ncdt-moi"
    meeting = replica_client.get("/crawl/meeting_reports_feed.atom")
    assert meeting.status_code == 200 and assert_valid_atom(meeting.content) is not None
