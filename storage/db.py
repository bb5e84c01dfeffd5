"""Opening the govmon SQLite database: WAL, busy timeout, foreign keys, migrations applied."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

# Importing a storage module registers its tables' migrations (and their descriptions):
# every module with tables is imported here, so `open_db` applies all of them. Inside a stage
# migrations run in registration order, so this order is kept as it shipped.
# isort: off
import storage.schema  # noqa: F401  (the core tables, stage 0)
import storage.analysis  # noqa: F401
import storage.runs  # noqa: F401
import storage.alerts  # noqa: F401
import storage.templates  # noqa: F401
import storage.health_alerts  # noqa: F401

# isort: on
from storage.migrations import apply_migrations
from storage.transactions import nestable_connect

BUSY_TIMEOUT_MS = 30_000


def connect(path: str | Path, *, read_only: bool = False) -> sqlite_utils.Database:
    """A connection with govmon's pragmas, without applying migrations."""
    # Every connection nests `with db.conn:` blocks, so one article or one analysis batch is
    # one transaction even though sqlite-utils opens its own block per insert.
    if str(path) == ":memory:":
        db = sqlite_utils.Database(nestable_connect(":memory:"))
    elif read_only:
        # mode=ro keeps WAL working (readers see the crawler's commits); immutable=1 would not.
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        db = sqlite_utils.Database(nestable_connect(uri, uri=True, check_same_thread=False))
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(nestable_connect(str(path)))
    db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("pragma foreign_keys = on")
    if str(path) != ":memory:" and not read_only:
        db.execute("pragma journal_mode = wal")
        # WAL with synchronous=NORMAL is durable across application crashes and much faster.
        db.execute("pragma synchronous = normal")
        # A writer's page cache (64 MB): batches of articles update the url index, the search
        # index and FTS5 segments all over a large file; the default 2 MB thrashes at scale.
        db.execute("pragma cache_size = -65536")
    return db


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the govmon database at ``path`` with every migration applied."""
    db = connect(path)
    if apply_migrations(db) and str(path) != ":memory:":
        # Migrations fill the WAL (a new database: about 1 MB); fold it into the file now
        # rather than carrying it into the first crawl (a small disk fills on it).
        db.execute("pragma wal_checkpoint(truncate)")
    return db


# The crawler imports the write API from here as well as from the package.
from storage.article_lookups import article_fetch_info, get_article, known_urls  # noqa: E402
from storage.articles import mark_removed, upsert_article  # noqa: E402
from storage.crawl_runs import finish_run, get_run, start_run  # noqa: E402
from storage.sources import sync_sources  # noqa: E402

__all__ = [
    "article_fetch_info",
    "connect",
    "finish_run",
    "get_article",
    "get_run",
    "known_urls",
    "mark_removed",
    "open_db",
    "start_run",
    "sync_sources",
    "upsert_article",
]
