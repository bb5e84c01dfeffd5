"""Articles: upsert by URL with git-history-style versions, removal marks, and crawler look-ups.

Re-crawl rule: fetching a page whose content is unchanged changes no row of ``articles``,
``article_versions``, ``images`` or ``attachments``. The moment of that latest sighting goes to
``article_sightings`` (one row per article), so analysts can still ask "when was this last seen".
``articles.last_seen_at`` is therefore the last time a crawl *wrote* the article: its first
fetch, a new version, or its reappearance after having been marked removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import sqlite_utils

from crawler.text import fold, nfc

CONTENT_FIELDS = ("title", "lead", "body_text", "author", "published_at")
IMAGE_FIELDS = ("src", "caption")
ATTACHMENT_FIELDS = ("url", "title", "kind")
# Columns a crawl sets once or on a content change, never on an unchanged re-crawl.
_CRAWL_TIME_FIELDS = {"fetched_at", "first_seen_at", "last_seen_at"}
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(record: dict) -> str:
    """SHA-256 over the NFC title, lead, body text, author and publication time."""
    parts = [nfc(str(record.get(name) or "")).strip() for name in CONTENT_FIELDS]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _clean(value: Any) -> Any:
    """NFC for text, 0/1 for booleans, JSON for lists and dicts: what SQLite stores."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(_nfc_deep(value), ensure_ascii=False, sort_keys=True)
    return value


def _nfc_deep(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list | tuple):
        return [_nfc_deep(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_deep(v) for k, v in value.items()}
    return value


def _date_parts(published_at: str | None) -> dict:
    match = _DATE_PREFIX.match(published_at or "")
    if not match:
        return {"published_date": None, "published_year": None, "published_month": None}
    year, month, day = match.groups()
    return {
        "published_date": f"{year}-{month}-{day}",
        "published_year": int(year),
        "published_month": f"{year}-{month}",
    }


def _as_dicts(items: Iterable | None, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    for item in items or []:
        data = item if isinstance(item, dict) else vars(item)
        rows.append({name: _clean(data.get(name)) for name in fields})
    return rows


def article_row(record: dict, columns: Iterable[str]) -> dict:
    """The ``articles`` columns derived from ``record`` (only keys it has, plus derived ones)."""
    columns = set(columns)
    row = {
        key: _clean(value)
        for key, value in record.items()
        if key in columns and key not in {"id", "images", "attachments"}
    }
    row.update(_date_parts(row.get("published_at")))
    if "is_dx_meeting_report" in columns and "is_dx_meeting_report" not in row:
        # A record with both analysis facts but not their conjunction (older callers).
        if row.get("is_meeting_report") is not None and row.get("topic_dx") is not None:
            row["is_dx_meeting_report"] = int(bool(row["is_meeting_report"] and row["topic_dx"]))
    row["content_hash"] = content_hash(row)
    searchable = "\n".join(row.get(name) or "" for name in ("title", "lead", "body_text"))
    row["search_folded"] = fold(searchable)
    if "images" in record:
        row["image_count"] = len(record["images"] or [])
    if "attachments" in record:
        row["attachment_count"] = len(record["attachments"] or [])
    return row


def _replace_children(
    db: sqlite_utils.Database,
    table: str,
    fields: tuple[str, ...],
    article_id: int,
    rows: list[dict],
) -> bool:
    """Replace an article's images or attachments when they differ; True when rows changed."""
    current = [
        tuple(row[name] for name in fields)
        for row in db.query(
            f"select * from [{table}] where article_id = ? order by position", [article_id]
        )
    ]
    if current == [tuple(row[name] for name in fields) for row in rows]:
        return False
    db.execute(f"delete from [{table}] where article_id = ?", [article_id])
    if rows:
        db[table].insert_all(
            {"article_id": article_id, "position": i, **row} for i, row in enumerate(rows)
        )
    return True


def _record_sighting(db: sqlite_utils.Database, article_id: int, when: str, status: int | None):
    db["article_sightings"].upsert(
        {"article_id": article_id, "last_seen_at": when, "http_status": status},
        pk="article_id",
    )


def _insert_version(db: sqlite_utils.Database, article_id: int, version: int, row: dict) -> None:
    db["article_versions"].insert(
        {
            "article_id": article_id,
            "version": version,
            "content_hash": row["content_hash"],
            **{name: row.get(name) for name in CONTENT_FIELDS},
            "fetched_at": row.get("fetched_at"),
        }
    )


def upsert_article(db: sqlite_utils.Database, record: dict) -> str:
    """Store one crawled article by URL; return ``"new"``, ``"updated"`` or ``"unchanged"``.

    ``record`` is ``Article.to_dict()`` plus ``source_id``, ``province`` and ``fetched_at``, and
    optionally analysis fields (``topic_dx``, ``is_meeting_report``, ``relevance_score``,
    ``relevance_reasons``, ``province_now``, ``event_id``, ``meeting_date``...), ``etag``,
    ``last_modified``, ``http_status`` and ``requested_url`` (the link followed, when a redirect
    led elsewhere: kept in ``article_urls``). Keys that are not ``articles`` columns are ignored; a
    key absent from ``record`` leaves the stored value alone. A content change (see
    :func:`content_hash`) adds a row to ``article_versions``; other changed fields (analysis,
    etag) are updated in place without a new version and the result is ``"unchanged"``.
    """
    if not record.get("url"):
        raise ValueError("article record has no url")
    table = db["articles"]
    existing = next(db.query("select * from articles where url = ?", [nfc(record["url"])]), None)
    if existing is not None:
        # A content field the record lacks keeps its stored value (and so its hash).
        kept = {name: existing[name] for name in CONTENT_FIELDS if name not in record}
        record = {**kept, **record}
    row = article_row(record, table.columns_dict)
    fetched_at = row.get("fetched_at") or now_iso()
    row["fetched_at"] = fetched_at
    images = _as_dicts(record.get("images"), IMAGE_FIELDS)
    attachments = _as_dicts(record.get("attachments"), ATTACHMENT_FIELDS)
    status = row.get("http_status")
    with db.conn:
        if row.get("source_id"):
            db["sources"].insert({"id": row["source_id"], "enabled": 1}, ignore=True)
        if existing is None:
            row.update(first_seen_at=fetched_at, last_seen_at=fetched_at, version=1)
            row.setdefault("http_status", 200)
            article_id = table.insert(row).last_pk
            _insert_version(db, article_id, 1, row)
            outcome = "new"
        elif existing["content_hash"] != row["content_hash"]:
            article_id = existing["id"]
            row.update(version=(existing["version"] or 0) + 1, last_seen_at=fetched_at)
            row["removed_at"] = None
            row["http_status"] = status or 200
            row.pop("first_seen_at", None)
            table.update(article_id, row)
            _insert_version(db, article_id, row["version"], row)
            outcome = "updated"
        else:
            article_id = existing["id"]
            changes = {
                key: value
                for key, value in row.items()
                if key not in _CRAWL_TIME_FIELDS and key != "url" and existing.get(key) != value
            }
            if existing["removed_at"] is not None:
                changes.update(removed_at=None, last_seen_at=fetched_at)
                changes["http_status"] = status or 200
            if changes:
                table.update(article_id, changes)
            outcome = "unchanged"
        requested = nfc(record.get("requested_url") or "")
        if requested and requested != row["url"]:
            db["article_urls"].insert(
                {
                    "url": requested,
                    "article_id": article_id,
                    "source_id": row.get("source_id"),
                    "first_seen_at": fetched_at,
                },
                ignore=True,
            )
        if "images" in record:
            _replace_children(db, "images", IMAGE_FIELDS, article_id, images)
        if "attachments" in record:
            _replace_children(db, "attachments", ATTACHMENT_FIELDS, article_id, attachments)
        _record_sighting(db, article_id, fetched_at, status or 200)
    return outcome


def mark_removed(
    db: sqlite_utils.Database, url: str, status: int | None, when: str | None = None
) -> bool:
    """Note that ``url`` is gone (HTTP ``status``, e.g. 404/410); never deletes.

    ``removed_at`` is set the first time only; ``http_status`` follows the latest check.
    Returns False when the URL is not a stored article.
    """
    existing = next(
        db.query("select id, removed_at, http_status from articles where url = ?", [url]), None
    )
    if existing is None:
        return False
    changes = {}
    if existing["removed_at"] is None:
        changes["removed_at"] = when or now_iso()
    if existing["http_status"] != status:
        changes["http_status"] = status
    if changes:
        with db.conn:
            db["articles"].update(existing["id"], changes)
    return True


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
