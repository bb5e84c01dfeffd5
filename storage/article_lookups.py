"""Read-only look-ups of stored articles for the crawler: known URLs, fetch validators, a row."""

from __future__ import annotations

import sqlite_utils

from storage.article_rows import ATTACHMENT_FIELDS, IMAGE_FIELDS


def known_urls(
    db: sqlite_utils.Database, source_id: str, *, include_removed: bool = True
) -> set[str]:
    """URLs of the articles stored for ``source_id``."""
    sql = "select url from articles where source_id = ?"
    if not include_removed:
        sql += " and removed_at is null"
    return {row["url"] for row in db.query(sql, [source_id])}


def get_article(db: sqlite_utils.Database, url: str) -> dict | None:
    """The stored article at ``url`` with its ``images`` and ``attachments`` lists, or None."""
    row = next(db.query("select * from articles where url = ?", [url]), None)
    if row is None:
        return None
    for table, fields in (("images", IMAGE_FIELDS), ("attachments", ATTACHMENT_FIELDS)):
        row[table] = [
            {name: child[name] for name in fields}
            for child in db.query(
                f"select * from [{table}] where article_id = ? order by position", [row["id"]]
            )
        ]
    return row


def article_fetch_info(db: sqlite_utils.Database, url: str) -> dict | None:
    """What a conditional re-fetch of ``url`` needs: etag, last_modified, published_at (or None)."""
    return next(
        db.query(
            "select etag, last_modified, published_at, content_hash, removed_at "
            "from articles where url = ?",
            [url],
        ),
        None,
    )
