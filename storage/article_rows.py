"""Article rows: a crawled record turned into the ``articles`` columns SQLite stores (NFC text,
0/1 booleans, JSON lists, derived date parts and the content hash) and its child rows."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from crawler.text import nfc

CONTENT_FIELDS = ("title", "lead", "body_text", "author", "published_at")
IMAGE_FIELDS = ("src", "caption")
ATTACHMENT_FIELDS = ("url", "title", "kind")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def content_hash(record: dict) -> str:
    """SHA-256 over the NFC title, lead, body text, author and publication time."""
    parts = [nfc(str(record.get(name) or "")).strip() for name in CONTENT_FIELDS]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _clean(value: Any) -> Any:
    """NFC for text, 0/1 for booleans, JSON for lists and dicts: what SQLite stores."""
    if isinstance(value, str):  # most values: checked first
        return nfc(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
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


def as_dicts(items: Iterable | None, fields: tuple[str, ...]) -> list[dict]:
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
    # The row's text is NFC already (_clean): hash it without normalising it again.
    parts = [str(row.get(name) or "").strip() for name in CONTENT_FIELDS]
    row["content_hash"] = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    if "images" in record:
        row["image_count"] = len(record["images"] or [])
    if "attachments" in record:
        row["attachment_count"] = len(record["attachments"] or [])
    return row
