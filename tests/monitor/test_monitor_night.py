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


def test_scheduled_pipeline_run_and_status_of_a_bad_night(tmp_path, replica):
    blocked, broken = sorted(replica.base_urls)[:2]
    replica.block_portal(blocked, "403")
    replica.break_portal(broken, 503)
    db = tmp_path / "govmon.db"
    run = govmon(
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
    )
    log = (tmp_path / "scheduler.log").read_text()
    # A night with sources down is not "ok": exit 1, and the failing sources are named.
    assert run.returncode == 1, log[-3000:]
    for source in (blocked, broken):
        assert f"source failing: {source} (" in run.stderr
    failing_line = next(line for line in log.splitlines() if "sources failing: " in line)
    assert blocked in failing_line and broken in failing_line
    assert "run failed" in log
    # The default pipeline, in order: the crawl says which sources failed, the rest still runs.
    steps = [
        line.split("crawler.cli ")[1].split()[0:2] for line in log.splitlines() if "step: " in line
    ]
    assert steps[0][0] == "crawl" and steps[-1] == ["alerts", "run"]
    assert f"2 of {len(replica.base_urls)} sources failed: " in log

    status = govmon("status", "--db", str(db), "--json")
    assert status.returncode == 1
    rows = {r["source_id"]: r for r in json.loads(status.stdout)}
    assert set(rows) == set(replica.base_urls)
    assert rows[blocked]["status"] == "blocked"
    assert rows[broken]["status"] == "failing" and "5xx" in rows[broken]["reason"]
    healthy = [r for sid, r in rows.items() if sid not in (blocked, broken)]
    assert all(r["status"] in ("ok", "silent") and r["run"]["articles_new"] > 0 for r in healthy)
    assert sorted(status.stderr.split(": ")[-1].strip().split(", ")) == sorted([blocked, broken])
    assert open_db(db)["watches"].get("cds")["last_checked_at"]


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
    log = (tmp_path / "scheduler.log").read_text()
    assert "run interrupted" in log
    assert "stopping the running step" in log and "scheduler stopped" in log
    # The crawl closed its run itself (Scrapy's graceful shutdown), not killed mid-write.
    run = next(
        open_db(db).query("select status, finished_at from crawl_runs order by id desc limit 1")
    )
    assert run["finished_at"] is not None and run["status"] != "running"
