"""The analyst's Datasette in headless Chromium, over a real crawl of the local portal replica."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from crawler.text import fold

pytestmark = pytest.mark.browser

SEED_QUERY = "phien hop thu nhat uy ban quoc gia ve chuyen doi so"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)"]


def _truth(crawl: dict, article_id: str) -> dict:
    return next(t for t in crawl["truth"] if t["id"] == article_id)


def _query(crawl: dict, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(crawl["db"])
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _row_id(crawl: dict, url: str) -> int:
    rows = _query(crawl, "select id from articles where url = ?", (url,))
    assert rows, f"{url} was not crawled"
    return rows[0]["id"]


def _total(page) -> int:
    return int(
        re.match(r"[\d,]+", page.locator(".govmon-count").inner_text()).group().replace(",", "")
    )


def test_search_without_accents_finds_the_seed_reports(
    replica_crawl, replica_server, page, screenshot
):
    page.goto(replica_server + "/")
    page.fill("#govmon-q", SEED_QUERY)
    page.press("#govmon-q", "Enter")
    page.wait_for_selector(".govmon-result")
    titles = page.locator(".govmon-result h2").all_inner_texts()
    for article_id in ("a000", "a001"):
        assert _truth(replica_crawl, article_id)["title"] in titles, (article_id, titles)
    # The session-1 reports outrank the other sessions' and events' articles.
    assert _truth(replica_crawl, "a000")["title"] in titles[:3]
    # Accents typed or not, the matched words are highlighted in the accented text.
    assert "chuyển đổi số" in [
        m.lower() for m in page.locator(".govmon-result mark").all_inner_texts()
    ]
    screenshot(page, "search", "search.png")


def test_a_province_facet_narrows_the_results(replica_server, page, screenshot):
    page.goto(replica_server + "/-/search?" + urlencode({"q": SEED_QUERY}))
    page.wait_for_selector(".govmon-result")
    before = _total(page)
    items = page.locator('.govmon-facet[data-facet="province"] li')
    counts = [int(items.nth(i).locator(".n").inner_text()) for i in range(items.count())]
    assert counts, "no province facet on the results page"
    pick = min(range(len(counts)), key=lambda i: counts[i])
    assert counts[pick] < before, "every result has the same province: nothing to narrow"
    province = items.nth(pick).locator("a").inner_text()
    items.nth(pick).locator("a").click()
    page.wait_for_selector(".govmon-result")
    after = _total(page)
    assert after == counts[pick] < before
    assert parse_qs(urlsplit(page.url).query)["province"] == [province]
    metas = page.locator(".govmon-result .govmon-meta").all_inner_texts()
    assert len(metas) == min(after, 20)
    assert all(f"· {province}" in meta for meta in metas), metas
    screenshot(page, "search-province-facet")


def test_an_article_page_lists_its_events_other_coverage(
    replica_crawl, replica_server, page, screenshot
):
    a001 = _truth(replica_crawl, "a001")
    same_event = {
        t["title"]
        for t in replica_crawl["truth"]
        if t["event"] == a001["event"] and t["id"] != "a001"
    }
    assert same_event, "the replica has no other report of a001's event"
    page.goto(f"{replica_server}/crawl/articles/{_row_id(replica_crawl, a001['url'])}")
    page.wait_for_selector("article.govmon-article")
    assert page.locator("article.govmon-article h1").inner_text() == a001["title"]
    coverage = page.locator(".govmon-coverage li a").all_inner_texts()
    assert same_event & set(coverage), (coverage, same_event)
    # From the article, one click leads to the map of the event's coverage.
    page.click(".govmon-event-links a.govmon-event-map-link")
    page.wait_for_selector(".leaflet-marker-icon")
    screenshot(page, "article-coverage-map-link")


def test_the_dashboard_charts_render_the_databases_numbers(
    replica_crawl, replica_server, page, screenshot
):
    responses: dict[str, list] = {}

    def keep(response):
        query = parse_qs(urlsplit(response.url).query)
        if "sql" in query and response.ok:
            responses[query["sql"][0]] = response.json()["rows"]

    page.on("response", keep)
    page.goto(replica_server + "/")
    page.click(".govmon-charts-link a")
    page.wait_for_url("**/-/dashboards/overview")
    for chart in ("meeting-reports-per-month", "event-coverage", "articles-per-source"):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg", timeout=15_000)
    n_articles = _query(replica_crawl, "select count(*) from articles where removed_at is null")[0][
        0
    ]
    page.wait_for_function("document.querySelector('#chart-n-articles p') !== null")
    assert page.locator("#chart-n-articles p").inner_text() == str(n_articles)
    monthly = next(rows for sql, rows in responses.items() if "as reports" in sql)
    expected: dict[str, int] = {}
    for row in _query(
        replica_crawl, "select published_at from articles where is_dx_meeting_report = 1"
    ):
        month = row[0][:7] + "-01"
        expected[month] = expected.get(month, 0) + 1
    assert {r["month"]: r["reports"] for r in monthly} == expected
    screenshot(page, "dashboard")

    # Choosing an event redraws the coverage chart with that event's provinces only.
    event = _query(
        replica_crawl,
        "select event_id from articles where event_id is not null and province is not null "
        "group by 1 order by count(distinct province) desc, 1 limit 1",
    )[0][0]
    title = _query(replica_crawl, "select title from events where event_id = ?", (event,))[0][0]
    responses.clear()
    page.select_option("select#event_id", title)  # events are offered by their human title
    page.click(".dashboard-filters input[type=submit]")
    page.wait_for_selector("#chart-event-coverage canvas, #chart-event-coverage svg")
    page.wait_for_load_state("networkidle")
    coverage = next(
        rows
        for sql, rows in responses.items()
        if "Articles reporting" not in sql and "as sources" in sql
    )
    # Counted by today's province, as the event page's coverage counts them.
    provinces = _query(
        replica_crawl,
        "select coalesce(a.province_now, s.province_now) as now, count(*) from articles a"
        " left join sources s on s.id = a.source_id where a.event_id = ? and now is not null"
        " group by 1",
        (event,),
    )
    assert {r["province"]: r["articles"] for r in coverage} == {p[0]: p[1] for p in provinces}
    screenshot(page, "dashboard-event")


def test_the_event_map_shows_a_marker_per_province(replica_crawl, replica_server, page, screenshot):
    event, n_provinces = _query(
        replica_crawl,
        "select event_id, count(distinct province) from articles where province is not null "
        "and event_id is not null group by 1 order by 2 desc, 1 limit 1",
    )[0]
    assert n_provinces >= 3, "the replica should have an event covered by several provinces"
    page.goto(f"{replica_server}/crawl/event_map?" + urlencode({"event_id": event, "_hide_sql": 1}))
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_timeout(500)  # the cluster layer settles after the first markers appear

    def markers_shown() -> int:
        # A cluster icon prints how many markers it holds; a lone marker counts one.
        total = 0
        for icon in page.locator(".leaflet-marker-icon").all():
            classes = icon.get_attribute("class") or ""
            total += int(icon.inner_text()) if "marker-cluster" in classes else 1
        return total

    assert markers_shown() == n_provinces
    # Lone markers are images served by Datasette itself (datasette-leaflet), so they show
    # although this machine reaches no tile server.
    widths = page.eval_on_selector_all(
        "img.leaflet-marker-icon", "imgs => imgs.map(i => i.naturalWidth)"
    )
    assert all(w > 0 for w in widths), widths
    # The markers sit at the capitals stored in the provinces table.
    rows = json.loads(
        page.evaluate(
            "async (url) => JSON.stringify(await (await fetch(url)).json())",
            f"{replica_server}/crawl/event_map.json?"
            + urlencode({"event_id": event, "_shape": "array"}),
        )
    )
    capitals = {
        fold(r["name"]): (r["lat"], r["lon"])
        for r in _query(replica_crawl, "select * from provinces")
    }
    assert {(r["latitude"], r["longitude"]) for r in rows} == {
        capitals[fold(r["province"])] for r in rows
    }
    # The picture shows the event's id above the whole map.
    page.evaluate(
        "window.scrollTo(0, document.querySelector('.leaflet-container')"
        ".getBoundingClientRect().top + window.scrollY - 170)"
    )
    screenshot(page, "event-map", "event-map.png")


def test_the_hostile_article_shows_its_text_and_runs_nothing(
    replica_crawl, replica_server, page, screenshot
):
    a140 = _truth(replica_crawl, "a140")
    assert all(s in a140["body_text"] for s in HOSTILE)
    page.goto(replica_server + "/-/search?" + urlencode({"q": "canh giac duong link la"}))
    page.wait_for_selector(".govmon-result")
    assert page.locator(".govmon-result h2").first.inner_text() == a140["title"]
    page.click(".govmon-result h2 a")
    page.wait_for_selector("article.govmon-article")
    page.wait_for_load_state("load")
    body = page.locator("article.govmon-article .govmon-body")
    text = body.inner_text()
    for hostile in HOSTILE:
        assert hostile in text, hostile
    assert page.dialogs == []
    assert body.locator("script, img, iframe, [onerror]").count() == 0
    assert page.locator("article.govmon-article script").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], hrefs
    page.locator("article.govmon-article .govmon-body").scroll_into_view_if_needed()
    screenshot(page, "hostile-article")
    # The table view of the same row shows the text escaped too.
    page.goto(
        f"{replica_server}/crawl/articles?"
        + urlencode({"_search": "canh giac duong link", "_columns": "all"})
    )
    page.wait_for_selector("table.rows-and-columns")
    assert HOSTILE[0] in page.locator("table.rows-and-columns").inner_text()
    assert page.locator("table.rows-and-columns script").count() == 0
    assert page.dialogs == []
