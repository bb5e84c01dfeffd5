"""Every canned query through Datasette's JSON API, on the sample database and a replica crawl."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml

from crawler.provinces import province_record
from datasette_config.serving import build_metadata, load_analysis_queries

SAMPLE_PARAMS = {
    "q": "chuyen doi so",
    "province": "Hoa Binh",
    "since": "2026-01-01",
    "event_id": "ncdt-2022-review",
}


def _rows(client, name: str, **params) -> list[dict]:
    query = urlencode({**params, "_shape": "array"})
    return client.json(f"/govmon/{name}.json?{query}")


def test_every_canned_query_runs(client, db_path):
    queries = build_metadata(db_path)["databases"]["govmon"]["queries"]
    assert {
        "latest_meeting_reports",
        "sources_by_health",
        "changed_last_night",
        "search_in_province",
        "event_map",
        "meeting_reports_feed",
    } <= set(queries)
    for name, query in queries.items():
        assert query.get("description"), f"canned query {name} has no description"
        names = set(re.findall(r":(\w+)", query["sql"])) | set(query.get("params", []))
        params = {n: SAMPLE_PARAMS.get(n, "") for n in names}
        response = client.get(f"/govmon/{name}.json?" + urlencode({**params, "_shape": "objects"}))
        assert response.status_code == 200, (name, response.text[:300])


def test_latest_meeting_reports(client):
    rows = _rows(client, "latest_meeting_reports")
    assert [r["meeting_date"] for r in rows] == ["2023-07-12", "2022-12-25", "2021-11-30"]
    assert rows[1]["source"] == "Cổng Thông tin điện tử tỉnh Hà Nam"


def test_meeting_reports_atom_feed(client):
    response = client.get("/govmon/meeting_reports_feed.atom")
    assert response.status_code == 200
    assert (
        "application/xml" in response.headers["content-type"]
        or "atom" in response.headers["content-type"]
    )
    assert response.text.count("<entry>") == 3
    # A date-only publication gets Vietnam midnight, as Atom requires a time zone.
    assert "2022-12-26T00:00:00+07:00" in response.text
    assert "Họp trực tuyến toàn quốc Ủy ban quốc gia về chuyển đổi số" in response.text


def test_sources_by_health(client):
    rows = _rows(client, "sources_by_health")
    by_id = {r["id"]: r for r in rows}
    assert by_id["hanam"]["articles"] == 2
    assert by_id["hanam"]["dx_meeting_reports"] == 1
    assert by_id["hoabinh"]["latest_published"] == "2023-07-12"


def test_changed_last_night(client):
    rows = _rows(client, "changed_last_night", since="2026-11-21")
    assert [(r["change"], r["version"]) for r in rows] == [("new version", 2)]
    everything = _rows(client, "changed_last_night", since="2026-01-01")
    assert sorted(r["change"] for r in everything) == ["new"] * 5 + ["new version"]
    # Without a date the window is the last 24 hours of the real clock: the samples are older.
    assert _rows(client, "changed_last_night", since="") == []


def test_search_in_province_matches_either_province_column_and_tone_style(client):
    rows = _rows(client, "search_in_province", q="chuyen doi so", province="Hoà Bình")
    assert [r["province"] for r in rows] == ["Hòa Bình"]
    assert "[chuyển đổi số]" in rows[0]["snippet"]
    rows_now = _rows(client, "search_in_province", q="Đề án", province="Ninh Bình")
    assert [r["province"] for r in rows_now] == ["Hà Nam"]
    everywhere = _rows(client, "search_in_province", q="chuyen doi so", province="")
    assert len(everywhere) == 3


def test_event_map_has_coordinates_for_the_cluster_map(client):
    rows = _rows(client, "event_map", event_id="ncdt-session-1")
    assert [r["province"] for r in rows] == ["An Giang"]
    assert 9 < rows[0]["latitude"] < 11 and 104 < rows[0]["longitude"] < 106
    html = client.get("/govmon/event_map?event_id=ncdt-session-1").text
    assert "datasette-cluster-map" in html


def test_event_map_counts_provinces_as_they_are_today_like_the_event_page(client):
    """A report from Hà Nam (merged into Ninh Bình in 2025) is placed at Ninh Bình's capital,
    as the event page's coverage and event_coverage count it; the published name stays visible."""
    rows = _rows(client, "event_map", event_id="ncdt-2022-review")
    assert [r["province"] for r in rows] == ["Ninh Bình"]
    assert rows[0]["as_published"] == "Hà Nam"
    capital = province_record("Ninh Bình")
    assert (rows[0]["latitude"], rows[0]["longitude"]) == (capital["lat"], capital["lon"])
    assert capital != province_record("Hà Nam")


def test_analysis_queries_file_is_loaded_in_either_shape(tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump({"event_coverage": {"sql": "select 1", "title": "T"}}))
    assert load_analysis_queries(mapping) == {"event_coverage": {"sql": "select 1", "title": "T"}}
    listed = tmp_path / "listed.yaml"
    listed.write_text(yaml.safe_dump({"queries": [{"name": "a", "sql": "select 2"}]}))
    assert load_analysis_queries(listed) == {"a": {"sql": "select 2"}}
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump({"b": {"title": "no sql"}}))
    with pytest.raises(ValueError, match="broken.yaml.*'b'"):
        load_analysis_queries(broken)


def _replica_event(replica_crawl) -> str:
    """The replica event reported from the most provinces."""
    conn = sqlite3.connect(replica_crawl["db"])
    try:
        return conn.execute(
            "select event_id from articles where event_id is not null and province is not null "
            "group by 1 order by count(distinct province) desc, 1 limit 1"
        ).fetchone()[0]
    finally:
        conn.close()


def _replica_rows(replica_crawl, sql: str, params: tuple = ()) -> list[dict]:
    conn = sqlite3.connect(replica_crawl["db"])
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_event_map_on_the_replica_places_each_province_at_its_capital(
    replica_client, replica_crawl
):
    event = _replica_event(replica_crawl)
    rows = replica_client.json(
        "/crawl/event_map.json?" + urlencode({"event_id": event, "_shape": "array"})
    )
    articles = _replica_rows(
        replica_crawl,
        "select coalesce(a.province_now, s.province_now) as now from articles a"
        " left join sources s on s.id = a.source_id where a.event_id = ?",
        (event,),
    )
    # Counted by today's province, as the event page's coverage and event_coverage count them.
    reported = {a["now"] for a in articles} - {None}
    assert {r["province"] for r in rows} == reported
    assert sum(r["articles"] for r in rows) == sum(1 for a in articles if a["now"])
    capitals = {
        p["name"]: (p["lat"], p["lon"])
        for p in _replica_rows(replica_crawl, 'select * from provinces where "current" = 1')
    }
    for row in rows:
        assert (row["latitude"], row["longitude"]) == capitals[row["province"]], row


def test_event_coverage_lists_all_34_provinces_reported_first(replica_client, replica_crawl):
    event = _replica_event(replica_crawl)
    rows = replica_client.json(
        "/crawl/event_coverage.json?" + urlencode({"event_id": event, "_shape": "array"})
    )
    current = _replica_rows(replica_crawl, 'select name from provinces where "current" = 1')
    assert len(rows) == len(current) == 34
    now = [
        a["province_now"]
        for a in _replica_rows(
            replica_crawl, "select province_now from articles where event_id = ?", (event,)
        )
        if a["province_now"]
    ]
    reported = {r["province"]: r["n_articles"] for r in rows if r["status"] == "reported"}
    assert reported == {p: now.count(p) for p in set(now)}
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(statuses, key=lambda s: s != "reported")


def test_event_articles_by_source_lists_every_report_of_the_event(replica_client, replica_crawl):
    event = _replica_event(replica_crawl)
    rows = replica_client.json(
        "/crawl/event_articles_by_source.json?" + urlencode({"event_id": event, "_shape": "array"})
    )
    stored = _replica_rows(
        replica_crawl, "select url, source_id from articles where event_id = ?", (event,)
    )
    assert sorted(r["url"] for r in rows) == sorted(a["url"] for a in stored)
    assert [r["source_id"] for r in rows] == sorted(r["source_id"] for r in rows)
    assert all(r["source_name"] for r in rows)


def test_watch_feed_serves_one_atom_feed_per_watch(replica_crawl, make_client, tmp_path):
    import shutil

    from crawler.monitor.watches import load_watches
    from storage.alerts import record_matches, sync_watches
    from storage.db import open_db

    path = tmp_path / "alerts.db"
    shutil.copy(replica_crawl["db"], path)
    watches = tmp_path / "watches.yaml"
    watches.write_text(
        "watches:\n  - id: da06\n    query: de an 06\n  - id: other\n    query: lua gao\n",
        encoding="utf-8",
    )
    db = open_db(path)
    sync_watches(db, load_watches(watches))
    matched = _replica_rows(
        replica_crawl,
        "select a.* from articles_fts f join articles a on a.search_rowid = f.rowid "
        "where articles_fts match '\"de an 06\"' order by a.id limit 3",
    )
    assert matched
    record_matches(db, "da06", matched, [], datetime(2026, 11, 22, tzinfo=UTC))
    db.close()
    client = make_client(path)
    rows = client.json("/alerts/watch_feed.json?watch=da06&_shape=array")
    assert sorted(r["atom_link"] for r in rows) == sorted(a["url"] for a in matched)
    assert client.json("/alerts/watch_feed.json?watch=other&_shape=array") == []
    feed = client.get("/alerts/watch_feed.atom?watch=da06")
    assert feed.status_code == 200 and feed.text.count("<entry>") == len(matched)
    assert "tag:govmon,2026:watch/da06/article/" in feed.text


def test_every_canned_query_has_its_own_json_api_test(db_path):
    """A canned query added to metadata.yaml or queries.yaml needs a test here that reads its answer."""
    source = Path(__file__).read_text(encoding="utf-8")
    queries = build_metadata(db_path)["databases"]["govmon"]["queries"]
    untested = [
        name
        for name in queries
        if f'_rows(client, "{name}"' not in source
        and f"/{name}.json" not in source
        and f"/{name}.atom" not in source
    ]
    assert not untested, f"canned queries without a JSON API test: {untested}"


def test_search_feed_follows_any_search_typed_without_accents(client):
    rows = _rows(client, "search_feed", q="de an 06", meeting_reports_only="")
    assert [r["atom_title"] for r in rows] == [
        "Hội nghị trực tuyến toàn quốc sơ kết 01 năm triển khai Đề án 06/CP"
    ]
    # "Hoà Bình" typed without accents: the app launch (not a meeting) and the steering committee.
    everything = _rows(client, "search_feed", q="hoa binh", meeting_reports_only="")
    meetings = _rows(client, "search_feed", q="hoa binh", meeting_reports_only="1")
    assert len(everything) == 2
    assert [r["atom_title"] for r in meetings] == [
        "Ban Chỉ đạo chuyển đổi số tỉnh Hòa Bình họp phiên thường kỳ"
    ]
    response = client.get("/govmon/search_feed.atom?" + urlencode({"q": "hoa binh"}))
    assert response.status_code == 200
    assert response.text.count("<entry>") == len(everything)


def test_search_page_links_the_feed_of_its_search(client):
    html = client.get("/-/search?" + urlencode({"q": "de an 06"})).text
    assert "/govmon/search_feed.atom?q=de+an+06" in html
