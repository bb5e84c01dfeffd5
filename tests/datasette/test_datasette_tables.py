"""The analyst's table pages: default columns, time-ordered facets, readable reasons, CSV with a BOM."""

from __future__ import annotations

import re


def test_the_articles_page_shows_a_default_column_set_and_exports_everything(replica_client):
    html = replica_client.get("/crawl/articles").text
    shown = set(re.findall(r'<th [^>]*class="col-([a-z_]+)"', html))
    assert {"title", "source_id", "published_at", "event_id"} <= shown
    assert not shown & {"body_text", "lead", "content_hash"}
    everything = replica_client.get("/crawl/articles?_columns=all").text
    assert 'class="col-body_text"' in everything
    rows = replica_client.json("/crawl/articles.json?_shape=array&_size=1")
    assert "body_text" in rows[0] and "lead" in rows[0] and "content_hash" in rows[0]


def test_year_and_month_facets_run_newest_first(replica_client):
    data = replica_client.json("/crawl/articles.json?_size=0")
    for column in ("published_year", "published_month"):
        facet = data["facet_results"][column]
        assert facet["type"] == "chronological"
        values = [str(item["value"]) for item in facet["results"]]
        assert len(values) > 2 and values == sorted(values, reverse=True)


def test_relevance_reasons_read_as_a_list(replica_client):
    html = replica_client.get("/crawl/articles?is_meeting_report=1&_col=relevance_reasons").text
    assert '<ul class="govmon-reasons"><li>' in html
    assert '["' not in re.search(r'<td class="col-relevance_reasons.*?</td>', html, re.S).group()


def plain_text(client) -> str:
    return client.get("/crawl/articles.csv?_size=3").content.decode("utf-8")


def test_csv_has_a_byte_order_mark_on_request(replica_client):
    with_bom = replica_client.get("/crawl/articles.csv?_bom=1&_size=3")
    assert with_bom.content.startswith(b"\xef\xbb\xbfid,url,")
    assert with_bom.content.decode("utf-8-sig") == plain_text(replica_client)
    plain = replica_client.get("/crawl/articles.csv?_size=3")
    assert plain.content.startswith(b"id,url,")
    query = replica_client.get("/crawl/latest_meeting_reports.csv?_bom=1")
    assert query.content.startswith(b"\xef\xbb\xbf")


def test_the_health_page_lists_every_source_worst_first(replica_crawl, replica_client):
    data = replica_client.json("/-/health?_format=json")
    assert {s["id"] for s in data["sources"]} == set(replica_crawl["base_urls"])
    html = replica_client.get("/-/health").text
    assert "<h1>Tình trạng nguồn tin</h1>" in html
    assert "<h1>Source health</h1>" in replica_client.get("/-/health?lang=en").text
