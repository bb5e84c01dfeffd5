"""The scheduler killed (SIGKILL) in the middle of a real crawl, then started again: the next run
completes, no article row is duplicated, and every alert goes out exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlite_utils

from replica import registry_yaml
from replica.server import start_replica
from tests.support.receivers import WebhookReceiver

pytestmark = pytest.mark.slow


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def scheduler(tmp_path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "schedule",
            "--interval",
            "3600",
            "--sources",
            str(tmp_path / "sources.yaml"),
            "--db",
            str(tmp_path / "govmon.db"),
            "--watches",
            str(tmp_path / "watches.yaml"),
            "--crawl-arg=--fast",
            "--crawl-arg=--quiet",
            "--log-file",
            str(tmp_path / "scheduler.log"),
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )


def test_kill_during_crawl_then_restart(tmp_path):
    receiver = WebhookReceiver().start()
    (tmp_path / "watches.yaml").write_text(
        "watches:\n  - id: cds\n    query: chuyen doi so\n    meeting_reports_only: true\n    since: 2026-01-01\n"
        f"    channels:\n      webhook: {receiver.url}\n",
        encoding="utf-8",
    )
    with start_replica(port=0) as rep:
        (tmp_path / "sources.yaml").write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        for pid in rep.base_urls:
            rep.set_delay(pid, 0.4)  # slow portals: the crawl is still running when it is killed
        first = scheduler(tmp_path, "--run-now")
        try:
            # Kill once the crawl has stored some articles but not all of them.
            db_path = tmp_path / "govmon.db"

            def some_articles():
                if not db_path.exists():
                    return False
                db = sqlite_utils.Database(db_path)
                return db["articles"].exists() and db["articles"].count >= 5

            wait_for(some_articles, 120, "the first crawl to store articles")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        partial = sqlite_utils.Database(tmp_path / "govmon.db")["articles"].count
        truth = rep.truth()
        assert 5 <= partial < len(truth)

        for pid in rep.base_urls:
            rep.set_delay(pid, 0)
        second = scheduler(tmp_path)  # no --run-now: the cut run is made up at start-up
        try:
            wait_for(
                lambda: "step exit code" in _alerts_log(tmp_path), 300, "the catch-up run's alerts"
            )
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=60) == 0

    db = sqlite_utils.Database(tmp_path / "govmon.db")
    urls = [r["url"] for r in db.query("select url from articles")]
    assert len(urls) == len(set(urls)) == len(truth)
    delivered = [item["url"] for body in receiver.bodies for item in body.get("articles", [])]
    assert delivered, "no alert was delivered"
    assert len(delivered) == len(set(delivered)), "an alert went out twice"
    matched = {
        r["url"]
        for r in db.query(
            "select a.url from alert_matches m join articles a on a.id = m.article_id where m.watch_id = 'cds'"
        )
    }
    assert set(delivered) == matched, "an alert was lost"
    undelivered = list(db.query("select * from deliveries where status != 'delivered'"))
    assert not undelivered, json.dumps(undelivered, default=str)[:500]
    receiver.stop()


def _alerts_log(tmp_path) -> str:
    log = tmp_path / "scheduler.log"
    if not log.exists():
        return ""
    text = log.read_text()
    # the line that ends the alerts step of a run
    tail = text.split("alerts run", 1)
    return tail[1] if len(tail) > 1 else ""
