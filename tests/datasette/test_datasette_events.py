"""Event pages over a real crawl of the replica: title from facts, three coverage states, 404, links."""

from __future__ import annotations

import re
import sqlite3
from html import escape
from urllib.parse import quote

import yaml

from crawler.provinces import current_provinces, province_now
from replica.registry import PORTALS_FILE

SESSION_1 = "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021"


def _event_of(crawl: dict, truth_id: str) -> str:
    url = next(t["url"] for t in crawl["truth"] if t["id"] == truth_id)
    conn = sqlite3.connect(crawl["db"])
    try:
        return conn.execute("select event_id from articles where url = ?", [url]).fetchone()[0]
    finally:
        conn.close()


def _expected_states(crawl: dict, truth_event: str) -> dict[str, str]:
    """Every current province's state, from the replica's ground truth and portal list."""
    portals = yaml.safe_load(PORTALS_FILE.read_text(encoding="utf-8"))["portals"]
    monitored = {province_now(p["province"]) for p in portals if p.get("province")}
    reported = {
        province_now(t["province"])
        for t in crawl["truth"]
        if t.get("event") == truth_event and t.get("province")
    }
    return {
        name: "reported"
        if name in reported
        else "not_reported"
        if name in monitored
        else "unmonitored"
        for name in current_provinces()
    }


def test_event_page_names_the_meeting_and_shows_three_coverage_states(
    replica_crawl, replica_client
):
    event_id = _event_of(replica_crawl, "a001")
    html = replica_client.get(f"/-/events/{quote(event_id)}").text
    assert f'<h1 class="govmon-event-title">{SESSION_1}</h1>' in html
    data = replica_client.json(f"/-/events/{quote(event_id)}?_format=json")
    states = {row["name"]: row["state"] for row in data["coverage"]}
    assert states == _expected_states(replica_crawl, "ncdt-session-1")
    assert set(states.values()) == {"reported", "not_reported", "unmonitored"}
    # Reports link to govmon's article pages and to the originals.
    truth_urls = {t["url"] for t in replica_crawl["truth"] if t.get("event") == "ncdt-session-1"}
    assert {r["original"] for r in data["reports"]} <= truth_urls
    for report in data["reports"]:
        assert f'href="{report["link"]}"' in html
        assert f'href="{escape(report["original"])}"' in html
    # Province lists follow the Vietnamese alphabet (Đ after D, not after Y).
    names = [row["name"] for row in data["coverage"]]
    assert (
        names.index("Đà Nẵng")
        < names.index("Gia Lai")
        < names.index("Yên Bái" if "Yên Bái" in names else "Vĩnh Long")
    )
    assert sum(day["n"] for day in data["timeline"]) == len(data["reports"])


def test_a_wrong_event_id_is_no_such_event(replica_client):
    response = replica_client.get("/-/events/2099-01-01-no-such-meeting")
    assert response.status_code == 404
    assert "Không có sự kiện này" in response.text
    english = replica_client.get("/-/events/2099-01-01-no-such-meeting?lang=en")
    assert english.status_code == 404 and "No such event" in english.text
    assert "govmon_lang=en" in english.headers.get("set-cookie", "")
    rows = replica_client.json("/crawl/event_coverage.json?_shape=array&event_id=2099-01-01-nope")
    assert rows == []


def test_every_event_appears_by_its_title_and_links_to_its_page(replica_crawl, replica_client):
    event_id = _event_of(replica_crawl, "a001")
    href = f'href="/-/events/{quote(event_id, safe="")}"'
    listing = replica_client.get("/-/events").text
    assert href in listing and SESSION_1 in listing
    search = replica_client.get("/-/search?q=phien+hop+thu+nhat+uy+ban+quoc+gia").text
    assert href in search and SESSION_1 in search
    conn = sqlite3.connect(replica_crawl["db"])
    article_id = conn.execute("select id from articles where event_id = ?", [event_id]).fetchone()[
        0
    ]
    conn.close()
    article = replica_client.get(f"/crawl/articles/{article_id}").text
    assert re.search(rf"<h2>Sự kiện: <a [^>]*{re.escape(href)}>{SESSION_1}</a>", article)
    canned = replica_client.get("/crawl/latest_meeting_reports").text
    assert href in canned and f">{SESSION_1}</a>" in canned
    table = replica_client.get(f"/crawl/articles?event_id={event_id}").text
    assert href in table


def test_event_coverage_query_has_three_states(replica_crawl, replica_client):
    event_id = _event_of(replica_crawl, "a001")
    rows = replica_client.json(f"/crawl/event_coverage.json?_shape=array&event_id={event_id}")
    expected = _expected_states(replica_crawl, "ncdt-session-1")
    words = {
        "reported": "reported",
        "not_reported": "not reported",
        "unmonitored": "no monitored source",
    }
    assert {r["province"]: r["status"] for r in rows} == {k: words[v] for k, v in expected.items()}


def test_the_dx_meetings_page_lists_dx_events_and_any_subject_on_request(
    replica_crawl, replica_client
):
    # Issue 12 item 4: /-/events says "Digital-transformation meetings"; an event of a meeting
    # on another subject (the Government's year-end conference with the provinces) is listed only
    # among the meetings on any subject.
    dx_event = _event_of(replica_crawl, "a001")
    other_event = _event_of(replica_crawl, "a112")
    dx_href = f'href="/-/events/{quote(dx_event, safe="")}"'
    other_href = f'href="/-/events/{quote(other_event, safe="")}"'
    listing = replica_client.get("/-/events").text
    assert dx_href in listing and other_href not in listing
    assert 'href="/-/events?subject=any"' in listing
    every = replica_client.get("/-/events?subject=any").text
    assert dx_href in every and other_href in every
    assert "Meetings on any subject" in replica_client.get("/-/events?subject=any&lang=en").text
    counts = replica_client.get("/-/events?_format=json").json()["events"]
    assert counts and all(e["is_dx_meeting"] == 1 for e in counts)
