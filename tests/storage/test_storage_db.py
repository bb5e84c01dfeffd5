"""open_db and the migrations mechanism, on real SQLite files."""

from __future__ import annotations

import sqlite3

import pytest

from storage import migrations
from storage.db import connect, open_db


def test_open_db_sets_wal_foreign_keys_and_busy_timeout(db):
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute("pragma busy_timeout").fetchone()[0] >= 5000


def test_open_db_creates_the_core_tables(db):
    names = set(db.table_names())
    for table in (
        "sources",
        "articles",
        "article_versions",
        "images",
        "attachments",
        "crawl_runs",
        "article_sightings",
        "articles_fts",
        "_migrations",
    ):
        assert table in names
    columns = set(db["articles"].columns_dict)
    contract = {
        "id",
        "url",
        "source_id",
        "canonical_url",
        "title",
        "lead",
        "body_text",
        "author",
        "published_at",
        "published_date",
        "published_year",
        "modified_at",
        "province",
        "province_now",
        "cms_family",
        "extraction_method",
        "fetched_at",
        "first_seen_at",
        "last_seen_at",
        "content_hash",
        "version",
        "removed_at",
        "http_status",
        "topic_dx",
        "is_meeting_report",
        "relevance_score",
        "relevance_reasons",
        "event_id",
        "duplicate_of",
        "meeting_date",
        "etag",
        "last_modified",
    }
    assert contract <= columns
    assert db["articles"].pks == ["id"]


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "govmon.db"
    first = open_db(path)
    recorded = migrations.applied_migrations(first)
    assert "core_0001_tables" in recorded and "core_0002_articles_fts" in recorded
    first.close()
    second = open_db(path)
    assert migrations.applied_migrations(second) == recorded
    assert migrations.apply_migrations(second) == []


def test_a_registered_migration_runs_once_after_the_core(tmp_path):
    calls = []

    @migrations.migration("test_storage_0001_extra_table")
    def _extra(database):
        # The core tables exist already: this stage sorts after them.
        assert database["articles"].exists()
        calls.append(1)
        database["test_extra"].create({"id": int, "note": str}, pk="id", if_not_exists=True)

    try:
        path = tmp_path / "govmon.db"
        open_db(path).close()
        open_db(path).close()
        assert calls == [1]
        db = open_db(path)
        assert db["test_extra"].exists()
        names = migrations.applied_migrations(db)
        assert names.index("core_0001_tables") < names.index("test_storage_0001_extra_table")
    finally:
        migrations._MIGRATIONS.pop("test_storage_0001_extra_table", None)


def test_a_migration_name_cannot_be_reused_by_another_function():
    with pytest.raises(ValueError, match="core_0001_tables"):

        @migrations.migration("core_0001_tables")
        def _other(database):
            pass


def test_read_only_connection_sees_writes_and_refuses_its_own(tmp_path, samples):
    from storage.db import upsert_article

    path = tmp_path / "govmon.db"
    writer = open_db(path)
    reader = connect(path, read_only=True)
    assert reader["articles"].count == 0
    upsert_article(writer, samples["articles"][0])
    assert reader["articles"].count == 1
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("delete from articles")
