"""A crawl that fails (full disk) or is killed is visible: its run says so, `govmon status` exits 1,
no article is left partial, and the next crawl on a roomy disk stores every article."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from replica import registry_yaml
from replica.server import start_replica
from storage.db import connect, open_db
from tests.support.checks import PARTIAL_ARTICLES

pytestmark = pytest.mark.slow


def govmon(*args: str, check: int | None = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True, timeout=300
    )
    if check is not None:
        assert proc.returncode == check, f"govmon {' '.join(args)}: {proc.stderr[-2000:]}"
    return proc


def crawl_args(registry, db_path) -> list[str]:
    return ["crawl", "--sources", str(registry), "--db", str(db_path), "--fast", "--quiet"]


def _rows(db_path, sql: str) -> list[dict]:
    db = connect(db_path, read_only=True)
    try:
        return list(db.query(sql))
    finally:
        db.close()


def _empty_database_bytes(tmp_path) -> int:
    """What a fresh database takes with its WAL (the schema grows as govmon does)."""
    db = open_db(tmp_path / "probe.db")
    size = sum(p.stat().st_size for p in tmp_path.glob("probe.db*"))
    db.close()
    return size


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs with room for an empty database and its WAL and a few articles, not the replica."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny tmpfs needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    size = (_empty_database_bytes(tmp_path) + 1_000_000) // 4096 * 4096
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_fails_the_run_visibly_and_loses_nothing(tmp_path, small_disk):
    db_path = small_disk / "govmon.db"
    with start_replica(port=0) as rep:
        registry = tmp_path / "sources.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        crawl = govmon(*crawl_args(registry, db_path), "--no-analyse", check=None)
        assert crawl.returncode == 1, crawl.stdout[-2000:] + crawl.stderr[-2000:]
        assert "Traceback" not in crawl.stderr
        full = govmon("status", "--db", str(db_path), check=None)
        assert full.returncode == 1 and "disk is full" in full.stderr  # says why, no traceback
        assert "The last crawl (run 1" in full.stderr
        assert "Traceback" not in full.stderr
        stored = _rows(db_path, "select count(*) as n from articles")[0]["n"]
        assert 0 < stored < len(rep.truth()), "the disk did not fill mid-crawl"
        assert _rows(db_path, PARTIAL_ARTICLES) == []

        # The operator frees space: status names the failed run; the next crawl completes it.
        subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
        status = govmon("status", "--db", str(db_path), check=1)
        assert "The last crawl (run 1" in status.stderr
        run = _rows(db_path, "select status, error from crawl_runs order by id")[0]
        assert run["status"] in ("failed", "killed") and run["error"]
        govmon(*crawl_args(registry, db_path), "--no-analyse")
        urls = {r["url"] for r in _rows(db_path, "select url from articles")}
        assert urls == {item["url"] for item in rep.truth()}
        assert _rows(db_path, PARTIAL_ARTICLES) == []
        govmon("status", "--db", str(db_path))


def test_killed_crawl_is_marked_killed_and_status_fails(tmp_path):
    db_path = tmp_path / "govmon.db"
    with start_replica(port=0) as rep:
        registry = tmp_path / "sources.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        for pid in rep.base_urls:
            rep.set_delay(pid, 0.3)  # still crawling when it is killed
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *crawl_args(registry, db_path), "--no-analyse"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if db_path.exists() and _count(db_path) >= 3:
                    break
                time.sleep(0.2)
            assert _rows(db_path, "select status from crawl_runs")[-1]["status"] == "running"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
    status = govmon("status", "--db", str(db_path), check=1)
    assert "killed" in status.stderr
    run = _rows(db_path, "select * from crawl_runs")[-1]
    assert run["status"] == "killed" and run["finished_at"]
    assert _rows(db_path, PARTIAL_ARTICLES) == []


def _count(db_path) -> int:
    try:
        return _rows(db_path, "select count(*) as n from articles")[0]["n"]
    except Exception:  # noqa: BLE001  (the tables may not exist yet)
        return 0
