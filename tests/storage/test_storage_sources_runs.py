"""sync_sources and crawl runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from storage.db import finish_run, get_run, start_run, sync_sources


@dataclass
class FakeRegistrySource:
    """Shaped like a registry Source: a dataclass with extra attributes."""

    id: str
    name: str
    province: str | None
    kind: str
    cms_family: list[str]
    start_urls: list[str] = field(default_factory=list)
    enabled: bool = True
    rss: str | None = None


def test_sync_sources_from_dicts_and_objects(db, samples):
    counts = sync_sources(db, samples["sources"])
    assert counts == {"new": 3, "updated": 0, "unchanged": 0, "disabled": 0}
    row = db["sources"].get("hanam")
    assert row["name"] == "Cổng Thông tin điện tử tỉnh Hà Nam"
    assert json.loads(row["start_urls"]) == ["http://127.0.1.2/Pages/chuyen-doi-so.aspx"]
    assert row["enabled"] == 1
    obj = FakeRegistrySource(
        "mst",
        "Bộ Khoa học và Công nghệ",
        None,
        "ministry",
        ["numeric_timestamp_news"],
        ["http://127.0.1.3/"],
        rss="/rss/home.rss",
    )
    sync_sources(db, [obj])
    mst = db["sources"].get("mst")
    assert mst["cms"] == "numeric_timestamp_news"
    assert json.loads(mst["extra"]) == {"rss": "/rss/home.rss"}


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
