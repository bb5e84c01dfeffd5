"""What the next crawl needs from the last ones: known URLs, HTTP validators, articles to re-check.

The `fetch_validators` table is created with the core tables (storage/schema.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from crawler.clock import now_iso


def _placeholders(values: list) -> str:
    return ", ".join("?" for _ in values)


def known_article_urls(db: sqlite_utils.Database, source_ids: Iterable[str]) -> dict[str, set[str]]:
    """Stored article URLs by source id, redirecting links included (every id asked for is a
    key, maybe with an empty set)."""
    ids = list(source_ids)
    known: dict[str, set[str]] = {sid: set() for sid in ids}
    if ids:
        marks = _placeholders(ids)
        # Stored URLs and the links that redirected to them (article_urls).
        sql = (
            f"select source_id, url from articles where source_id in ({marks}) union "
            f"select source_id, url from article_urls where source_id in ({marks})"
        )
        for row in db.query(sql, [*ids, *ids]):
            known[row["source_id"]].add(row["url"])
    return known


def load_validators(db: sqlite_utils.Database, source_ids: Iterable[str]) -> dict[str, dict]:
    """HTTP validators by URL: ``{url: {"etag": ..., "last_modified": ...}}`` for those sources."""
    ids = list(source_ids)
    if not ids:
        return {}
    sql = (
        "select url, etag, last_modified from fetch_validators "
        f"where source_id in ({_placeholders(ids)})"
    )
    return {
        row["url"]: {"etag": row["etag"], "last_modified": row["last_modified"]}
        for row in db.query(sql, ids)
    }


def save_validators(db: sqlite_utils.Database, validators: Iterable[dict]) -> int:
    """Store ``{"url", "source_id", "etag", "last_modified"}`` dicts; return how many changed.

    A validator equal to the stored one writes nothing, so an unchanged re-crawl stays a no-op.
    """
    changed = 0
    when = now_iso()
    with db.conn:
        for item in validators:
            url = item.get("url")
            if not url or not (item.get("etag") or item.get("last_modified")):
                continue
            current = next(
                db.query(
                    "select source_id, etag, last_modified from fetch_validators where url = ?",
                    [url],
                ),
                None,
            )
            wanted = {
                "source_id": item.get("source_id"),
                "etag": item.get("etag"),
                "last_modified": item.get("last_modified"),
            }
            if current == wanted:
                continue
            db["fetch_validators"].upsert({"url": url, **wanted, "updated_at": when}, pk="url")
            changed += 1
    return changed


def recent_article_urls(
    db: sqlite_utils.Database, source_ids: Iterable[str], cutoff: str
) -> dict[str, list[str]]:
    """Articles still online published (or, undated, first seen) on or after ``cutoff`` (ISO date).

    The crawler re-fetches them to catch edits and takedowns; newest first.
    """
    ids = list(source_ids)
    recent: dict[str, list[str]] = {sid: [] for sid in ids}
    if not ids:
        return recent
    sql = (
        "select source_id, url from articles "
        f"where source_id in ({_placeholders(ids)}) and removed_at is null "
        "and coalesce(published_date, substr(first_seen_at, 1, 10)) >= ? "
        "order by coalesce(published_at, first_seen_at) desc"
    )
    for row in db.query(sql, [*ids, cutoff[:10]]):
        recent[row["source_id"]].append(row["url"])
    return recent
