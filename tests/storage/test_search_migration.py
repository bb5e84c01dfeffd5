"""A database written before the lean search index gains it on opening, its articles searchable."""

from __future__ import annotations

import sqlite3

from crawler.text import fold
from storage.db import connect, open_db
from storage.migrations import apply_migrations, registered_migrations
from storage.search_engine import SearchRequest, run_search


def test_an_old_database_is_migrated_and_searchable(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    # The schema as it was: every core migration before core_0005, nothing else.
    old_steps = [
        m for m in registered_migrations() if m.name.startswith("core_0") and m.name < "core_0005"
    ]
    monkeypatch.setattr("storage.migrations.registered_migrations", lambda: old_steps)
    db = connect(path)
    apply_migrations(db)
    title, body = "Hội nghị chuyển đổi số", "Đề án 06 được triển khai."
    db["articles"].insert(
        {
            "id": 7,
            "url": "https://a.gov.vn/7",
            "title": title,
            "body_text": body,
            "published_at": "2023-05-01",
            "version": 1,
            "content_hash": "h",
            "search_folded": fold(f"{title}\n{body}"),
        }
    )
    db["article_versions"].insert(
        {"article_id": 7, "version": 1, "content_hash": "h", "title": title, "body_text": body}
    )
    db.close()
    monkeypatch.undo()

    migrated = open_db(path)
    assert "search_folded" not in migrated["articles"].columns_dict
    assert migrated.execute("select title, body_text from article_versions").fetchone() == (
        None,
        None,
    )
    migrated.close()
    conn = sqlite3.connect(path)
    result = run_search(conn, SearchRequest("de an 06"))
    assert [r["id"] for r in result.rows] == [7] and result.total == 1
    assert run_search(conn, SearchRequest("de an", published_to="2023-04-30")).total == 0
