"""One query language: the search page, Datasette's _search, the search feed and watches agree."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

import pytest

from crawler.monitor.watches import Watch

QUERIES = [
    # The docs' watch example (docs/monitor.md): 0 on the old search page, several as a watch.
    '"uy ban quoc gia" "chuyen doi so" OR "de an 06"',
    "chuyen doi so -hoi",  # the old page required "hoi"
    "hoà bình OR ubnd",
    '"chuyen doi so" -"uy ban"',
    "Đề án",
]


def _stored(db_path) -> list[dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("select * from articles where removed_at is null")]
    conn.close()
    return rows


@pytest.mark.parametrize("query", QUERIES)
def test_every_surface_finds_what_a_watch_matches(client, db_path, query):
    expected = {a["id"] for a in _stored(db_path) if Watch(id="w", query=query).matches(a)}
    assert expected, "the sample articles should match each query"
    page = client.json("/-/search?" + urlencode({"q": query, "_format": "json"}))
    assert page["total"] == len(expected)
    assert {r["id"] for r in page["results"]} == expected
    table = client.json("/govmon/articles.json?" + urlencode({"_search": query, "_shape": "array"}))
    assert {r["id"] for r in table} == expected
    feed = client.json(
        "/govmon/search_feed.json?"
        + urlencode({"q": query, "meeting_reports_only": "", "_shape": "array"})
    )
    by_url = {a["url"]: a["id"] for a in _stored(db_path)}
    assert {by_url[r["atom_id"]] for r in feed} == expected


def test_a_query_that_only_excludes_says_why_on_the_page(client):
    html = client.get("/-/search?" + urlencode({"q": "-hoi"})).text
    assert "only excludes" in html
