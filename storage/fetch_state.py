"""What the crawler remembers between nights: HTTP validators, known and recent article URLs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlite_utils

from storage.migrations import migration


@migration("fetch_state_0001")
def _create(db: sqlite_utils.Database) -> None:
    db["fetch_state"].create(
        {"url": str, "source_id": str, "etag": str, "last_modified": str, "checked_at": str},
        pk="url",
        if_not_exists=True,
    )


def load_validators(db: sqlite_utils.Database, source_ids: Iterable[str]) -> dict[str, dict]:
    """{url: {etag, last_modified}} for the given sources, for conditional requests."""
    ids = list(source_ids)
    if not ids or not db["fetch_state"].exists():
        return {}
    marks = ",".join("?" for _ in ids)
    rows = db.query(
        f"select url, etag, last_modified from fetch_state where source_id in ({marks})", ids
    )
    return {r["url"]: {"etag": r["etag"], "last_modified": r["last_modified"]} for r in rows}


def save_validators(db: sqlite_utils.Database, rows: Iterable[dict]) -> None:
    rows = list(rows)
    if rows:
        db["fetch_state"].upsert_all(rows, pk="url", alter=True)


def known_article_urls(db: sqlite_utils.Database, source_ids: Iterable[str]) -> dict[str, set[str]]:
    """{source_id: urls of stored articles}: listings stop paging when they reach these."""
    out: dict[str, set[str]] = defaultdict(set)
    ids = list(source_ids)
    if not ids or not db["articles"].exists():
        return out
    marks = ",".join("?" for _ in ids)
    for r in db.query(f"select source_id, url from articles where source_id in ({marks})", ids):
        out[r["source_id"]].add(r["url"])
    return out


def recent_article_urls(
    db: sqlite_utils.Database, source_ids: Iterable[str], published_since: str
) -> dict[str, list[str]]:
    """{source_id: urls} of live articles published on or after the date: re-fetched for edits."""
    out: dict[str, list[str]] = defaultdict(list)
    ids = list(source_ids)
    if not ids or not db["articles"].exists():
        return out
    marks = ",".join("?" for _ in ids)
    sql = (
        f"select source_id, url from articles where source_id in ({marks}) "
        "and removed_at is null and substr(published_at, 1, 10) >= ? order by published_at desc"
    )
    for r in db.query(sql, [*ids, published_since]):
        out[r["source_id"]].append(r["url"])
    return out
