"""End to end: a real Scrapy crawl (the `govmon crawl` command) of the real replica server into SQLite."""

from __future__ import annotations

import urllib.request
import urllib.robotparser
from pathlib import Path

import pytest
import sqlite_utils

from replica import registry_yaml
from replica.server import start_replica
from replica.truth import load_truth
from tests.support.cli import govmon

pytestmark = pytest.mark.slow

FURNITURE = (
    "Skip Ribbon Commands",
    "Skip to main content",
    "Trung tâm một cửa hỗ trợ triển khai chính phủ điện tử",
    "Cẩm nang chuyển đổi số",
    "Tin liên quan",
    "Bài viết khác",
    "Chia sẻ",
    "Bản quyền",
)


def snapshot(db_path: Path) -> dict[str, list[tuple]]:
    db = sqlite_utils.Database(db_path)
    tables = ["articles", "article_versions", "images", "attachments"]
    return {t: sorted(tuple(r.values()) for r in db[t].rows) for t in tables if db[t].exists()}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with start_replica(port=0) as rep:
        registry = tmp / "replica.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        db_path = tmp / "govmon.db"
        first = govmon(
            "crawl", "--sources", str(registry), "--db", str(db_path), "--fast", "--quiet"
        )
        log_after_first = list(rep.request_log)
        before = snapshot(db_path)
        second = govmon(
            "crawl", "--sources", str(registry), "--db", str(db_path), "--fast", "--quiet"
        )
        after = snapshot(db_path)
        truth = load_truth(rep.base_urls)
        robots = {}
        for pid, base in rep.base_urls.items():
            parser = urllib.robotparser.RobotFileParser()
            with urllib.request.urlopen(base + "/robots.txt") as resp:
                parser.parse(resp.read().decode("utf-8").splitlines())
            robots[pid] = parser
        yield {
            "db": sqlite_utils.Database(db_path),
            "truth": truth,
            "first": first,
            "second": second,
            "before": before,
            "after": after,
            "log": log_after_first,
            "robots": robots,
            "base_urls": rep.base_urls,
        }


def test_every_article_of_the_replica_is_stored(crawled):
    stored = {r["url"] for r in crawled["db"]["articles"].rows}
    missing = [t["url"] for t in crawled["truth"] if t["url"] not in stored]
    assert not missing, f"{len(missing)} articles not crawled, e.g. {missing[:5]}"


def test_no_listing_home_or_tag_page_is_stored_as_an_article(crawled):
    truth_urls = {t["url"] for t in crawled["truth"]}
    extra = [r["url"] for r in crawled["db"]["articles"].rows if r["url"] not in truth_urls]
    assert not extra, f"pages stored that are not articles: {extra[:10]}"


def test_titles_and_dates_are_exactly_right(crawled):
    rows = {r["url"]: r for r in crawled["db"]["articles"].rows}
    wrong = []
    for t in crawled["truth"]:
        row = rows.get(t["url"])
        if row is None:
            continue
        if row["title"] != t["title"]:
            wrong.append((t["url"], "title", row["title"], t["title"]))
        if row["published_at"] != t["published_at"]:
            wrong.append((t["url"], "published_at", row["published_at"], t["published_at"]))
    assert not wrong, "\n".join(map(str, wrong[:10]))


def test_bodies_are_free_of_furniture(crawled):
    dirty = []
    for r in crawled["db"]["articles"].rows:
        lines = [line.strip() for line in (r["body_text"] or "").split("\n")]
        for word in FURNITURE:
            if any(line.startswith(word) for line in lines):
                dirty.append((r["url"], word))
        if "A A" in lines or any(line.lower().endswith((".jpg", ".png")) for line in lines):
            dirty.append((r["url"], "widget or file name line"))
    assert not dirty, dirty[:10]


def test_second_crawl_of_the_unchanged_replica_adds_and_changes_nothing(crawled):
    assert crawled["before"]["articles"], "the first crawl stored nothing"
    assert crawled["after"] == crawled["before"]


def test_robots_disallowed_paths_are_never_requested(crawled):
    base_urls = crawled["base_urls"]
    requested = [(pid, path) for pid, _method, path, _status, _h in crawled["log"]]
    assert requested, "the replica saw no request"
    bad = [
        (pid, path)
        for pid, path in requested
        if not crawled["robots"][pid].can_fetch("govmon", base_urls[pid] + path)
    ]
    assert not bad, bad[:10]
    # robots.txt itself was read on every portal crawled.
    assert {pid for pid, path in requested if path == "/robots.txt"} == set(base_urls)


def test_crawl_prints_a_per_source_summary(crawled):
    out = crawled["first"].stderr + crawled["first"].stdout
    assert "Crawl summary per source" in out
    for pid in crawled["base_urls"]:
        assert pid in out


def test_a_bad_registry_is_refused_and_nothing_is_written(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n"
        "  - id: ok-source\n    name: A\n    province: An Giang\n    start_urls: [http://127.0.0.1:9/]\n"
        "  - id: ok-source\n    name: B\n    province: Atlantis\n    start_urls: [not-a-url]\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "never.db"
    proc = govmon("crawl", "--sources", str(bad), "--db", str(db_path), check=False)
    assert proc.returncode != 0
    assert "bad.yaml:6" in proc.stderr or "bad.yaml:7" in proc.stderr, proc.stderr
    assert "duplicate" in proc.stderr.lower()
    assert not db_path.exists()


def test_backfill_since_stores_only_articles_from_that_date(tmp_path):
    with start_replica(port=0) as rep:
        registry = tmp_path / "replica.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        db_path = tmp_path / "since.db"
        govmon(
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db_path),
            "--fast",
            "--quiet",
            "--backfill",
            "--since",
            "2025-01-01",
            "--source",
            "baochinhphu",
            "--source",
            "mst",
        )
        truth = [t for t in load_truth(rep.base_urls) if t["portal"] in ("baochinhphu", "mst")]
    stored = {r["url"] for r in sqlite_utils.Database(db_path)["articles"].rows}
    expected = {t["url"] for t in truth if t["published_at"][:10] >= "2025-01-01"}
    assert expected and stored == expected


def test_since_without_backfill_is_a_usage_error(tmp_path):
    proc = govmon("crawl", "--db", str(tmp_path / "x.db"), "--since", "2025-01-01", check=False)
    assert proc.returncode == 2 and "--since goes with --backfill" in proc.stderr
    assert not (tmp_path / "x.db").exists()
