"""govmon storage: the only code that touches SQLite (sqlite-utils)."""

from __future__ import annotations

from storage.article_lookups import article_fetch_info, get_article, known_urls
from storage.articles import content_hash, mark_removed, upsert_article
from storage.crawl_runs import finish_run, get_run, start_run
from storage.db import connect, open_db
from storage.migrations import apply_migrations, describe_table, migration
from storage.sources import sync_sources

__all__ = [
    "apply_migrations",
    "article_fetch_info",
    "connect",
    "content_hash",
    "describe_table",
    "finish_run",
    "get_article",
    "get_run",
    "known_urls",
    "mark_removed",
    "migration",
    "open_db",
    "start_run",
    "sync_sources",
    "upsert_article",
]
