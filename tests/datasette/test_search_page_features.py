"""The search page's order, date ranges, exports, feed link and labelled totals (real Datasette)."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlencode, urlsplit

from storage import search_engine

Q = "chuyen doi so"


def _page(client, **args) -> dict:
    return client.json("/-/search?" + urlencode({"q": Q, **args, "_format": "json"}))


def test_newest_first_and_publication_date_range(client):
    newest = _page(client, sort="newest")
    dates = [r["published_at"][:10] for r in newest["results"]]
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True)
    ranged = _page(client, sort="newest", published_from="2022-01-01", published_to="2023-12-31")
    assert [d for d in dates if "2022-01-01" <= d <= "2023-12-31"] == [
        r["published_at"][:10] for r in ranged["results"]
    ]
    assert ranged["total"] < newest["total"] and ranged["total_exact"]


def test_meeting_date_range(client):
    everything = _page(client)["results"]
    met = [r for r in everything if r["meeting_date"]]
    assert met, "the samples have meeting dates"
    day = met[0]["meeting_date"]
    only = _page(client, meeting_from=day, meeting_to=day)["results"]
    assert {r["id"] for r in only} == {r["id"] for r in met if r["meeting_date"] == day}


def test_csv_and_json_hold_the_same_results(client):
    page = _page(client)
    response = client.get("/-/search?" + urlencode({"q": Q, "_format": "csv"}))
    assert response.status_code == 200 and "text/csv" in response.headers["content-type"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [r["id"] for r in page["results"]]
    assert all(r["title"] and r["url"] for r in rows)


def test_the_feed_link_carries_the_filters_and_finds_the_same_articles(client):
    args = {"q": Q, "province_now": "Phú Thọ", "published_from": "2023-01-01", "meeting": "1"}
    html = client.get("/-/search?" + urlencode(args)).text
    start = html.index('class="govmon-feed" href="') + len('class="govmon-feed" href="')
    href = html[start : html.index('"', start)].replace("&amp;", "&")
    params = parse_qs(urlsplit(href).query)
    assert params["province_now"] == ["Phú Thọ"] and params["published_from"] == ["2023-01-01"]
    assert params["meeting_reports_only"] == ["1"]
    feed = client.json(href.replace(".atom?", ".json?") + "&_shape=array")
    page = client.json("/-/search?" + urlencode({**args, "sort": "newest", "_format": "json"}))
    assert [r["atom_id"] for r in feed] == [r["url"] for r in page["results"]]
    assert feed


def test_a_total_beyond_the_candidates_is_labelled_an_estimate(client, monkeypatch):
    monkeypatch.setattr(search_engine, "CANDIDATES", 1)
    html = client.get("/-/search?" + urlencode({"q": Q, "lang": "en"})).text  # Vietnamese first
    assert "About" in html and "estimate from the newest 1 matches" in html
    assert "count=exact" in html and "Counts among the newest 1 matches" in html
    estimated = _page(client)
    assert not estimated["total_exact"]
    exact = _page(client, count="exact")
    assert exact["total_exact"] and exact["total"] == 3
