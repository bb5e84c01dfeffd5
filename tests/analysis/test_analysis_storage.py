"""storage.analysis on a real SQLite file: analysis columns, tables, canned queries, `govmon analyse`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.analysis.evaluation import load_ground_truth
from crawler.analysis.queries import canned_queries
from crawler.cli import main
from storage.analysis import analyse_db
from storage.articles import upsert_article
from storage.db import open_db


@pytest.fixture(scope="module")
def replica_db(tmp_path_factory: pytest.TempPathFactory):
    """A govmon database holding the replica's ground-truth articles (stored as a crawl would).

    Shared by the module's tests (filling it is the slow part); analysis is idempotent.
    """
    path = tmp_path_factory.mktemp("analysis") / "govmon.db"
    db = open_db(path)
    items = load_ground_truth()
    for item in items:
        record = dict(item["article"])
        record.pop("id")
        record["url"] = f"https://{item['truth']['portal']}.example.vn/{item['truth']['id']}"
        upsert_article(db, record)
    return db, path, items


def _by_truth_id(db, items) -> dict[str, dict]:
    rows = {r["url"].rsplit("/", 1)[1]: r for r in db["articles"].rows}
    return {i["truth"]["id"]: rows[i["truth"]["id"]] for i in items}


def test_analyse_db_fills_articles_and_tables(replica_db) -> None:
    db, _, items = replica_db
    counts = analyse_db(db)
    assert counts["articles"] == len(items)
    rows = _by_truth_id(db, items)
    truth = {i["truth"]["id"]: i["truth"] for i in items}
    for key, row in rows.items():
        assert row["topic_dx"] in (0, 1) and row["is_meeting_report"] in (0, 1)
        assert isinstance(json.loads(row["relevance_reasons"]), list)
        if truth[key].get("meeting") and row["is_meeting_report"]:
            assert row["event_id"] and row["meeting_date"]
    # a000 and a001 report the same meeting (seed notes): one event, counted in `events`.
    assert rows["a000"]["event_id"] == rows["a001"]["event_id"]
    event = db["events"].get(rows["a001"]["event_id"])
    assert event["n_articles"] >= 2 and "An Giang" in json.loads(event["provinces"])
    meeting = db["meetings"].get(rows["a001"]["id"])
    assert (
        meeting["kind"] == "phien_hop" and meeting["body_id"] == "ncdt" and meeting["session"] == 1
    )
    assert json.loads(meeting["bridge_points"]) == ["An Giang"]
    assert db["provinces"].count >= 63 + 1
    chinh = next(db.query("select * from people where name = ?", ["Phạm Minh Chính"]))
    assert chinh["n_events"] >= 3
    assert db["mentions"].count >= chinh["n_articles"]


def test_analyse_db_twice_changes_nothing(replica_db) -> None:
    db, _, _ = replica_db
    analyse_db(db)
    before = list(
        db.query("select id, event_id, relevance_score, duplicate_of from articles order by id")
    )
    assert analyse_db(db)["updated"] == 0
    after = list(
        db.query("select id, event_id, relevance_score, duplicate_of from articles order by id")
    )
    assert before == after


def test_republication_points_to_the_original_row(replica_db) -> None:
    db, _, items = replica_db
    analyse_db(db)
    duplicates = list(
        db.query(
            "select a.id, a.duplicate_of, o.published_at as original_published, "
            "a.published_at from articles a join articles o on o.id = a.duplicate_of"
        )
    )
    assert duplicates, "the replica holds at least one republication (Theo mic.gov.vn)"
    for row in duplicates:
        assert row["original_published"] <= row["published_at"]


def test_canned_queries_run_on_a_real_database(replica_db) -> None:
    db, _, items = replica_db
    analyse_db(db)
    event_id = _by_truth_id(db, items)["a001"]["event_id"]
    queries = canned_queries()
    assert set(queries) == {"event_coverage", "event_articles_by_source"}
    coverage = list(db.query(queries["event_coverage"]["sql"], {"event_id": event_id}))
    assert len(coverage) == 34  # every current province, reported or not
    reported = {r["province"] for r in coverage if r["status"] == "reported"}
    assert "An Giang" in reported and "Ninh Bình" in reported  # Hà Nam's portal → Ninh Bình today
    assert coverage[0]["status"] == "reported"
    by_source = list(db.query(queries["event_articles_by_source"]["sql"], {"event_id": event_id}))
    stored = db.execute("select count(*) from articles where event_id = ?", [event_id]).fetchone()[
        0
    ]
    assert len(by_source) == stored >= 2
    assert [r["source_id"] for r in by_source] == sorted(r["source_id"] for r in by_source)


def test_govmon_analyse_command(replica_db) -> None:
    _, path, items = replica_db
    result = CliRunner().invoke(main, ["analyse", "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"{len(items)} articles analysed" in result.output


def test_govmon_analyse_names_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = CliRunner().invoke(main, ["analyse", "--db", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in result.output and "Traceback" not in result.output


def test_dx_flag_date_phrase_and_other_coverage_are_stored(replica_db) -> None:
    db, _, items = replica_db
    analyse_db(db)
    rows = list(db["articles"].rows)
    assert all(
        r["is_dx_meeting_report"] == int(bool(r["is_meeting_report"] and r["topic_dx"]))
        for r in rows
    )
    # Some meeting reports are not about digital transformation: the two flags differ.
    assert any(r["is_meeting_report"] and not r["is_dx_meeting_report"] for r in rows)
    meetings = list(db["meetings"].rows)
    read = [m for m in meetings if m["meeting_date_source"] in ("lead", "title", "body")]
    assert read and all(m["meeting_date_phrase"] and m["meeting_date_confidence"] for m in read)
    assert all(isinstance(json.loads(m["from_other_coverage"]), dict) for m in meetings)
    # A migrated database from before the column gets the flag from the two facts it holds.
    db.execute("update articles set is_dx_meeting_report = null")
    from storage.analysis import _add_dx_reports_and_evidence

    _add_dx_reports_and_evidence(db)
    assert db.execute(
        "select count(*) from articles where is_dx_meeting_report is null"
    ).fetchone() == (0,)
