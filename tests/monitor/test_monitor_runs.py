"""source_runs / source_health in a real SQLite file, and `govmon status` over it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.service.health import record_source_stats, refresh_source_health
from storage import open_db, start_run, upsert_article
from storage.runs import health_report

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)


def good(**overrides) -> dict:
    s = {
        "requests": 12,
        "responses_by_status": {"200": 11, "304": 1},
        "articles_new": 3,
        "articles_updated": 0,
        "articles_unchanged": 8,
        "articles_removed": 0,
        "extraction_failures": 0,
        "relevant_articles": 1,
        "blocked_pages": 0,
        "errors": [],
        "duration_s": 4.2,
        "new_dx_articles": 1,
        "last_new_article_at": "2026-11-22T19:58:00+00:00",
    }
    s.update(overrides)
    return s


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "govmon.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def add_articles(
    db, source_id: str, days_ago: list[int], *, dx: bool = False, prefix: str = "a"
) -> None:
    today = (NOW + timedelta(hours=7)).date()
    for i, n in enumerate(days_ago):
        upsert_article(
            db,
            {
                "url": f"http://{source_id}.test/{prefix}{i}.html",
                "source_id": source_id,
                # Distinct articles: one title and text each (a repeat would be stored as a copy).
                "title": f"Tin số {prefix}{i}",
                "body_text": f"Nội dung bài viết {prefix}{i}.",
                "topic_dx": int(dx),
                "published_at": (today - timedelta(days=n)).isoformat(),
                "fetched_at": (NOW - timedelta(days=n)).isoformat(timespec="seconds"),
            },
        )


def test_record_source_stats_stores_every_stat(db):
    run_id = start_run(db, ["baoangiang"])
    stats = good(
        responses_by_status={"200": 10, "404": 2},
        errors=["Timeout: /tin-tuc?page=3"],
        pages_listed=7,
    )
    health = record_source_stats(db, run_id, "baoangiang", stats, now=NOW)
    row = db["source_runs"].get((run_id, "baoangiang"))
    assert row["requests"] == 12 and row["articles_new"] == 3 and row["duration_s"] == 4.2
    assert json.loads(row["responses_by_status"]) == {"200": 10, "404": 2}
    assert json.loads(row["errors"]) == ["Timeout: /tin-tuc?page=3"]
    assert json.loads(row["extra"]) == {"pages_listed": 7}
    assert row["status"] == "ok"
    assert health["status"] == "ok" and health["last_run_id"] == run_id


def test_recording_a_run_twice_replaces_it(db):
    run_id = start_run(db, ["s1"])
    record_source_stats(db, run_id, "s1", good(articles_new=1), now=NOW)
    record_source_stats(db, run_id, "s1", good(articles_new=4), now=NOW)
    rows = list(db["source_runs"].rows)
    assert len(rows) == 1 and rows[0]["articles_new"] == 4


def test_failing_after_ok_keeps_last_ok_time(db):
    first = start_run(db, ["s1"])
    record_source_stats(db, first, "s1", good(), now=NOW - timedelta(days=1))
    second = start_run(db, ["s1"])
    health = record_source_stats(
        db, second, "s1", good(responses_by_status={}, errors=["ConnectionRefusedError"]), now=NOW
    )
    assert health["status"] == "failing"
    assert "ConnectionRefusedError" in health["reason"]
    assert health["last_ok_at"] == (NOW - timedelta(days=1)).isoformat(timespec="seconds")
    assert health["last_run_at"] == NOW.isoformat(timespec="seconds")


def test_silence_uses_the_sources_own_rhythm(db):
    add_articles(db, "daily", list(range(10, 40)))
    add_articles(db, "weekly", list(range(10, 120, 7)))
    for sid in ("daily", "weekly"):
        record_source_stats(db, start_run(db, [sid]), sid, good(articles_new=0), now=NOW)
    by_id = {r["source_id"]: r for r in refresh_source_health(db, now=NOW)}
    assert by_id["daily"]["status"] == "silent"
    assert by_id["daily"]["usual_interval_days"] == 1.0
    assert by_id["weekly"]["status"] == "ok"
    assert by_id["weekly"]["usual_interval_days"] == 7.0


def test_dx_silence_from_stored_topic(db):
    add_articles(db, "tinh", list(range(0, 30)))
    add_articles(db, "tinh", list(range(90, 190, 10)), dx=True, prefix="dx")
    record_source_stats(db, start_run(db, ["tinh"]), "tinh", good(), now=NOW)
    row = db["source_health"].get("tinh")
    assert row["status"] == "ok" and row["dx_silent"] == 1
    assert "dx_silent" in row["notes"]
    assert (
        row["last_dx_published_on"]
        == ((NOW + timedelta(hours=7)).date() - timedelta(days=90)).isoformat()
    )


def test_sources_never_crawled_are_unknown(db):
    db["sources"].insert({"id": "moi", "name": "Nguồn mới", "enabled": 1})
    db["sources"].insert({"id": "tat", "name": "Nguồn tắt", "enabled": 0})
    rows = refresh_source_health(db, now=NOW)
    assert [(r["source_id"], r["status"]) for r in rows] == [("moi", "unknown")]


def test_health_report_joins_latest_run(db):
    record_source_stats(db, 1, "s1", good(articles_new=1), now=NOW - timedelta(days=1))
    record_source_stats(db, 2, "s1", good(articles_new=9), now=NOW)
    (row,) = health_report(db)
    assert row["run"]["articles_new"] == 9


def test_status_command_exit_codes(db, db_path):
    record_source_stats(db, 1, "baoangiang", good(), now=NOW)
    runner = CliRunner()
    ok = runner.invoke(main, ["status", "--db", str(db_path)])
    assert ok.exit_code == 0, ok.output
    assert "baoangiang" in ok.output and "ok" in ok.output

    record_source_stats(db, 1, "hanam", good(responses_by_status={"403": 8}), now=NOW)
    bad = runner.invoke(main, ["status", "--db", str(db_path)])
    assert bad.exit_code == 1
    assert "blocked" in bad.output and "hanam" in bad.output

    as_json = runner.invoke(main, ["status", "--db", str(db_path), "--json"])
    statuses = {r["source_id"]: r["status"] for r in json.loads(as_json.stdout)}
    assert statuses == {"baoangiang": "ok", "hanam": "blocked"}


def test_status_command_on_missing_database(tmp_path):
    result = CliRunner().invoke(main, ["status", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 2
    assert "nope.db: no such database" in result.output
    assert "Traceback" not in result.output


def test_every_monitor_column_is_described(db):
    from storage.migrations import table_docs

    docs = table_docs()
    for table in ("source_runs", "source_health", "watches", "alert_matches", "deliveries"):
        missing = set(db[table].columns_dict) - set(docs[table].columns)
        assert not missing, f"{table}: undocumented columns {sorted(missing)}"


def test_old_databases_get_the_new_counters(tmp_path):
    from storage.migrations import MIGRATIONS_TABLE

    path = tmp_path / "old.db"
    db = open_db(path)
    # As a database made before runs_0002: the table without the two later counters.
    db["source_runs"].transform(drop={"not_modified", "family_selector_misses"})
    db.execute(
        f"delete from [{MIGRATIONS_TABLE}] where name = 'runs_0002_not_modified_selector_misses'"
    )
    db.conn.commit()
    db.close()
    db = open_db(path)
    health = record_source_stats(
        db,
        1,
        "s1",
        good(family_selector_misses=9, articles_new=0, articles_unchanged=0, articles_updated=9),
        now=NOW,
    )
    assert health["status"] == "layout_changed"
    assert db["source_runs"].get((1, "s1"))["family_selector_misses"] == 9
