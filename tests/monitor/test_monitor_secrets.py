"""Secrets never enter the database in clear: a webhook URL (its token) is stored as origin + hash,
also in delivery errors, and databases from before are rewritten by a migration."""

from __future__ import annotations

import json

from crawler.monitor.alerts import SmtpSettings, run_alerts
from crawler.monitor.watches import load_watches
from crawler.redact import webhook_key
from storage import open_db, upsert_article
from storage.db import connect
from storage.migrations import apply_migrations

SECRET = "T0ps3cr3tT0k3n"


def _watches(tmp_path, url: str):
    path = tmp_path / "watches.yaml"
    path.write_text(
        "watches:\n  - id: cds\n    query: chuyen doi so\n    since: 2020-01-01\n"
        f"    channels:\n      webhook: {url}\n",
        encoding="utf-8",
    )
    return load_watches(path)


def test_webhook_url_and_its_token_are_not_stored(tmp_path):
    db = open_db(tmp_path / "govmon.db")
    upsert_article(
        db,
        {
            "url": "https://stttt.example.gov.vn/a.html",
            "title": "Hội nghị chuyển đổi số",
            "body_text": "Chuyển đổi số.",
            "source_id": "x",
        },
    )
    # Nothing listens on port 9: the delivery fails and its error is stored too.
    url = f"http://127.0.0.1:9/hooks/{SECRET}?token={SECRET}"
    run_alerts(db, _watches(tmp_path, url), smtp=SmtpSettings(host=None), timeout=2)
    dump = "\n".join(db.conn.iterdump())
    assert "deliveries" in dump and webhook_key(url) in dump
    assert SECRET not in dump
    failed = db["deliveries"].get(("cds", 1, webhook_key(url)))
    assert failed["status"] == "failed" and "127.0.0.1:9" in failed["last_error"]


def test_migration_rewrites_clear_webhook_urls(tmp_path):
    path = tmp_path / "govmon.db"
    db = open_db(path)
    url = f"https://hooks.example.org/services/{SECRET}"
    with db.conn:
        db.execute(
            "insert into watches (id, channels, created_at, updated_at) values (?, ?, '', '')",
            ["w", json.dumps(["email:a@example.vn", f"webhook:{url}"])],
        )
        db.execute(
            "insert into alert_matches (watch_id, article_id, matched_at, atom_id, atom_updated) "
            "values ('w', 1, '', 'x', '')"
        )
        db.execute(
            "insert into deliveries (watch_id, article_id, channel, created_at) "
            "values ('w', 1, ?, '')",
            [f"webhook:{url}"],
        )
        db.execute("delete from _migrations where name = 'alerts_0002_webhook_keys'")
    db.close()
    db = connect(path)
    assert apply_migrations(db) == ["alerts_0002_webhook_keys"]
    assert SECRET not in "\n".join(db.conn.iterdump())
    assert json.loads(db["watches"].get("w")["channels"]) == [
        "email:a@example.vn",
        webhook_key(url),
    ]
