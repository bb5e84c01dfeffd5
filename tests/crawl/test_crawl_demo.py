"""`govmon demo` twice, the replica on a different free port each time: one row per article."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from storage.db import open_db, upsert_article
from storage.rebase import rebase_urls

pytestmark = pytest.mark.slow


def _demo(db) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo", "--no-serve", "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_the_demo_keeps_one_row_per_article_whatever_the_port(tmp_path):
    db = tmp_path / "demo.db"
    _demo(db)
    conn = sqlite3.connect(db)
    first = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    second = _demo(db)  # port 0: another free port than the first run's
    assert "stored addresses to the replica's new port" in second.stdout + second.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("select count(*) from articles").fetchone()[0] == first > 0
        assert conn.execute("select max(version) from articles").fetchone()[0] == 1
    finally:
        conn.close()


def test_rebase_moves_only_addresses_under_the_old_base(tmp_path):
    db = open_db(tmp_path / "g.db")
    for url in ("http://127.0.1.1:8480/a.html", "http://127.0.1.1:84801/b.html"):
        upsert_article(db, {"url": url, "title": "t", "body_text": "b", "fetched_at": "2026-01-01"})
    assert rebase_urls(db, {"http://127.0.1.1:8480": "http://127.0.1.1:9000"}) == 1
    assert {r["url"] for r in db.query("select url from articles")} == {
        "http://127.0.1.1:9000/a.html",
        "http://127.0.1.1:84801/b.html",
    }
