"""The scheduler driving the real pipeline (crawl → analyse → alerts) against the portal replica."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from replica import registry_yaml, start_replica
from storage import open_db

pytestmark = pytest.mark.slow


def govmon(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def replica(tmp_path):
    with start_replica(port=0) as rep:
        (tmp_path / "sources.yaml").write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        (tmp_path / "watches.yaml").write_text(
            "watches:\n  - id: cds\n    query: chuyen doi so\n    meeting_reports_only: true\n",
            encoding="utf-8",
        )
        yield rep


def test_nightly_pipeline_then_a_blocked_portal_shows_in_status(tmp_path, replica):
    db = tmp_path / "govmon.db"
    common = [
        "schedule",
        "--once",
        "--sources",
        str(tmp_path / "sources.yaml"),
        "--db",
        str(db),
        "--watches",
        str(tmp_path / "watches.yaml"),
        "--crawl-arg=--fast",
        "--crawl-arg=--quiet",
        "--log-file",
        str(tmp_path / "scheduler.log"),
    ]
    first = govmon(*common)
    assert first.returncode == 0, (tmp_path / "scheduler.log").read_text()[-3000:]
    log = (tmp_path / "scheduler.log").read_text()
    assert "crawler.cli crawl" in log and "crawler.cli alerts run" in log
    healthy = govmon("status", "--db", str(db), "--json")
    assert healthy.returncode == 0, healthy.stdout
    rows = {r["source_id"]: r for r in json.loads(healthy.stdout)}
    assert set(rows) == set(replica.base_urls)
    assert all(r["status"] in ("ok", "silent") for r in rows.values())
    assert all(r["run"]["articles_new"] > 0 for r in rows.values())

    blocked, broken = sorted(replica.base_urls)[:2]
    replica.block_portal(blocked, "403")
    replica.break_portal(broken, 503)
    replica.publish(
        {
            "id": "night1",
            "portal": "hanam",
            "slug": "hoi-nghi-bcd-chuyen-doi-so-tinh",
            "title": "Hội nghị Ban Chỉ đạo chuyển đổi số tỉnh",
            "author": None,
            "lead": "Sáng nay, đồng chí Chủ tịch UBND tỉnh chủ trì hội nghị Ban Chỉ đạo chuyển đổi số tỉnh.",
            "body": ["Hội nghị đánh giá kết quả chuyển đổi số 6 tháng."],
            "label": "dx_meeting",
            "event": None,
            "province": "Hà Nam",
        }
    )
    second = govmon(*common)
    assert second.returncode == 0
    after = govmon("status", "--db", str(db), "--json")
    assert after.returncode == 1
    rows = {r["source_id"]: r for r in json.loads(after.stdout)}
    assert rows[blocked]["status"] == "blocked"
    assert rows[broken]["status"] == "failing" and "5xx" in rows[broken]["reason"]
    assert f"{blocked}, {broken}" in after.stderr or f"{broken}, {blocked}" in after.stderr

    database = open_db(db)
    matched = [r["atom_title"] for r in database.query("select atom_title from alert_matches")]
    # The watch was added after the first crawl: only the new meeting report matched.
    assert matched == ["Hội nghị Ban Chỉ đạo chuyển đổi số tỉnh"]


def test_sigterm_stops_a_real_crawl_gracefully(tmp_path, replica):
    for portal in replica.base_urls:
        replica.set_delay(portal, 0.5)  # a slow night: the crawl is still running when we stop
    db = tmp_path / "govmon.db"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "schedule",
            "--interval",
            "3600",
            "--run-now",
            "--sources",
            str(tmp_path / "sources.yaml"),
            "--db",
            str(db),
            "--crawl-arg=--fast",
            "--crawl-arg=--quiet",
            "--stop-timeout",
            "20",
            "--log-file",
            str(tmp_path / "scheduler.log"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: len(replica.request_log) >= 3, 30, "the crawl to fetch pages")
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(40) == 0
        assert time.monotonic() - began < 30
    finally:
        if proc.poll() is None:
            proc.kill()
    state = json.loads((tmp_path / "govmon.db.schedule.json").read_text())
    assert state["last_status"] == "interrupted"
    log = (tmp_path / "scheduler.log").read_text()
    assert "stopping the running step" in log and "scheduler stopped" in log
    # The crawl closed its run itself (Scrapy's graceful shutdown), not killed mid-write.
    run = next(
        open_db(db).query("select status, finished_at from crawl_runs order by id desc limit 1")
    )
    assert run["finished_at"] is not None and run["status"] != "running"
