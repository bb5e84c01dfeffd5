"""sync_sources and crawl runs."""

from __future__ import annotations

import json

from crawler.registry import parse_registry
from storage.db import finish_run, get_run, start_run, sync_sources


def test_sync_sources_from_dicts_and_objects(db, samples):
    counts = sync_sources(db, samples["sources"])
    assert counts == {"new": 3, "updated": 0, "unchanged": 0, "disabled": 0}
    row = db["sources"].get("hanam")
    assert row["name"] == "Cổng Thông tin điện tử tỉnh Hà Nam"
    assert json.loads(row["start_urls"]) == ["http://127.0.1.2/Pages/chuyen-doi-so.aspx"]
    assert row["enabled"] == 1


def test_sync_sources_stores_a_registry_source_column_by_column(db):
    # The registry's own Source, as `govmon crawl` passes it: every column filled from the
    # fields it really has (base_url was always null when storage guessed field names).
    registry, problems = parse_registry(
        """
sources:
  - id: mst
    name: Bộ Khoa học và Công nghệ
    province: null
    kind: ministry
    cms: numeric_timestamp_news
    start_urls: [https://mst.gov.vn/tin-tuc-su-kien/tin-tong-hop.htm]
    feeds: [https://mst.gov.vn/rss/home.rss]
  - id: hanam
    name: Cổng Thông tin điện tử tỉnh Hà Nam
    province: Hà Nam
    start_urls: [https://www.hanam.gov.vn/Pages/chuyen-doi-so.aspx]
    enabled: false
    disabled_reason: moved
"""
    )
    assert not problems
    sync_sources(db, registry.sources)
    mst = db["sources"].get("mst")
    assert mst["base_url"] == "https://mst.gov.vn/"
    assert (mst["kind"], mst["cms"], mst["province"], mst["enabled"]) == (
        "ministry",
        "numeric_timestamp_news",
        None,
        1,
    )
    assert json.loads(mst["start_urls"]) == ["https://mst.gov.vn/tin-tuc-su-kien/tin-tong-hop.htm"]
    assert json.loads(mst["extra"])["feeds"] == ["https://mst.gov.vn/rss/home.rss"]
    hanam = db["sources"].get("hanam")
    assert hanam["base_url"] == "https://www.hanam.gov.vn/"
    assert (hanam["province"], hanam["province_now"], hanam["enabled"]) == (
        "Hà Nam",
        "Ninh Bình",
        0,
    )
    assert json.loads(hanam["extra"])["disabled_reason"] == "moved"


def test_sync_sources_is_idempotent_and_prunes_by_disabling(db, samples):
    sync_sources(db, samples["sources"])
    before = list(db.query("select * from sources order by id"))
    assert sync_sources(db, samples["sources"])["unchanged"] == 3
    assert list(db.query("select * from sources order by id")) == before
    counts = sync_sources(db, samples["sources"][:1], prune=True)
    assert counts["disabled"] == 2
    assert db["sources"].count == 3
    assert {r["id"] for r in db.query("select id from sources where enabled = 1")} == {"baoangiang"}


def test_crawl_run_lifecycle(db):
    run_id = start_run(db, ["hanam", "baoangiang"], started_at="2026-11-22T00:00:00+00:00")
    run = get_run(db, run_id)
    assert run["status"] == "running" and run["finished_at"] is None
    assert run["sources"] == ["hanam", "baoangiang"]
    finish_run(db, run_id, status="finished", stats={"new": 3, "updated": 1})
    run = get_run(db, run_id)
    assert run["status"] == "finished" and run["finished_at"]
    assert run["stats"] == {"new": 3, "updated": 1}
    assert start_run(db, []) == run_id + 1
