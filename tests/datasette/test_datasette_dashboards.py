"""The charts (datasette-dashboards) over a real crawl of the replica, through Datasette's JSON API."""

from __future__ import annotations

import html
import sqlite3
from collections import Counter
from urllib.parse import urlencode

import pytest
from datasette_dashboards import replace_opts_in_query

DASHBOARD = "overview"


def _dashboard(client) -> dict:
    return client.ds.plugin_config("datasette-dashboards")[DASHBOARD]


def _chart_rows(client, chart: str, **options: str) -> list[dict]:
    """Run a chart's query the way its page does: options filled in, filters as parameters."""
    config = _dashboard(client)["charts"][chart]
    sql = replace_opts_in_query(config["query"], options)
    return client.json(
        f"/{config['db']}.json?" + urlencode({"sql": sql, **options, "_shape": "array"})
    )


def _sqlite(crawl: dict, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(crawl["db"])
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _busiest_event(crawl: dict) -> str:
    return _sqlite(
        crawl,
        "select event_id from articles where event_id is not null and province is not null "
        "group by 1 order by count(distinct province) desc, 1 limit 1",
    )[0][0]


def test_charts_point_at_the_served_database_whatever_its_name(replica_client, client):
    for served, name in ((replica_client, "crawl"), (client, "govmon")):
        dashboard = _dashboard(served)
        assert {c["db"] for c in dashboard["charts"].values()} == {name}
        assert {f["db"] for f in dashboard["filters"].values() if "query" in f} == {name}


def test_every_chart_runs_with_and_without_filters(replica_client, replica_crawl):
    dashboard = _dashboard(replica_client)
    assert {"meeting-reports-per-month", "event-coverage", "articles-per-source"} <= set(
        dashboard["charts"]
    )
    options = {"event_id": _busiest_event(replica_crawl), "province": "An Giang"}
    for chart, config in dashboard["charts"].items():
        assert config["library"] in ("vega-lite", "metric"), f"{chart}: table charts use innerHTML"
        assert _chart_rows(replica_client, chart), f"{chart} is empty on the replica crawl"
        assert _chart_rows(replica_client, chart, **options) is not None


def test_meeting_reports_per_month_counts_every_report_once(replica_client, replica_crawl):
    rows = _chart_rows(replica_client, "meeting-reports-per-month")
    published = _sqlite(
        replica_crawl,
        "select published_at from articles where is_dx_meeting_report = 1 and removed_at is null",
    )
    assert {r["month"]: r["reports"] for r in rows} == Counter(p[:7] + "-01" for (p,) in published)
    assert [r["month"] for r in rows] == sorted(r["month"] for r in rows)
    # The province filter keeps reports published in that province, then or now.
    an_giang = _chart_rows(replica_client, "meeting-reports-per-month", province="An Giang")
    expected = _sqlite(
        replica_crawl,
        "select count(*) from articles where is_dx_meeting_report = 1 and removed_at is null "
        "and (province = 'An Giang' or province_now = 'An Giang')",
    )[0][0]
    assert 0 < sum(r["reports"] for r in an_giang) == expected < sum(r["reports"] for r in rows)


def test_event_coverage_counts_the_chosen_events_provinces(replica_client, replica_crawl):
    event = _busiest_event(replica_crawl)
    rows = _chart_rows(replica_client, "event-coverage", event_id=event)
    # Today's provinces, as the event page and the event_coverage query count them.
    stored = _sqlite(
        replica_crawl,
        "select coalesce(a.province_now, s.province_now), a.source_id from articles a"
        " left join sources s on s.id = a.source_id where a.event_id = ?",
        (event,),
    )
    expected = Counter(p for p, _ in stored if p)
    assert {r["province"]: r["articles"] for r in rows} == expected
    assert len(rows) >= 3
    every_event = _chart_rows(replica_client, "event-coverage")
    assert sum(r["articles"] for r in every_event) > sum(expected.values())


def test_articles_per_source_per_month_adds_up_to_every_dated_article(
    replica_client, replica_crawl
):
    rows = _chart_rows(replica_client, "articles-per-source")
    names = dict(_sqlite(replica_crawl, "select id, name from sources"))
    stored = _sqlite(replica_crawl, "select source_id, published_at from articles")
    expected = Counter((p[:7] + "-01", names.get(s, s)) for s, p in stored if p)
    assert {(r["month"], r["source"]): r["articles"] for r in rows} == expected
    assert len({r["source"] for r in rows}) == len(names)


def test_the_dashboard_page_offers_every_event_and_loads_no_cdn(replica_client, replica_crawl):
    response = replica_client.get(f"/-/dashboards/{DASHBOARD}")
    assert response.status_code == 200
    page = response.text
    # The event filter offers events by their human title, not their id.
    for (title,) in _sqlite(replica_crawl, "select title from events"):
        assert f'<option value="{html.escape(title)}"' in page
    # Vega comes from the plugin's own static files: the page works offline.
    assert "/-/static-plugins/datasette_dashboards/vega.min.js" in page
    assert "cdn." not in page and "jsdelivr" not in page


def test_the_home_page_links_to_the_charts_and_maps(replica_client):
    page = replica_client.get("/").text
    assert 'href="/-/dashboards/overview"' in page
    assert 'href="/crawl/event_map"' in page


@pytest.mark.parametrize("path", ["/", "/-/dashboards/overview"])
def test_production_mode_keeps_the_charts_for_signed_in_users(make_client, replica_crawl, path):
    # The charts run arbitrary SQL, which production mode allows only to a signed-in actor.
    client = make_client(replica_crawl["db"], production=True)
    response = client.get(path)
    if path == "/":
        assert response.status_code == 200 and "/-/dashboards/overview" not in response.text
    else:
        assert response.status_code == 403


def test_an_event_articles_page_links_to_its_map_and_chart(
    replica_client, make_client, replica_crawl
):
    a001 = next(t for t in replica_crawl["truth"] if t["id"] == "a001")
    article_id, event = _sqlite(
        replica_crawl, "select id, event_id from articles where url = ?", (a001["url"],)
    )[0]
    assert event
    query = urlencode({"event_id": event})
    page = replica_client.get(f"/crawl/articles/{article_id}").text
    assert f'href="/crawl/event_map?{html.escape(query)}"' in page
    assert f'href="/-/dashboards/overview?{html.escape(query)}"' in page
    production = make_client(replica_crawl["db"], production=True)
    public_page = production.get(f"/crawl/articles/{article_id}").text
    assert f'href="/crawl/event_map?{html.escape(query)}"' in public_page
    assert "/-/dashboards/overview" not in public_page
