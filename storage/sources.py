"""The `sources` table: the registry's portals, synced from `Source` values (or dicts of their fields)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from crawler.clock import now_iso
from crawler.text import nfc

# The columns of `sources`, each a field of the registry's `Source` (crawler/registry/model.py);
# every other field goes to `extra` as JSON. base_url is derived: the home page of the first
# start URL.
COLUMNS = ("id", "name", "province", "province_now", "kind", "cms", "start_urls", "enabled")


def _as_dict(source: Any) -> dict:
    """A registry `Source` (its `to_dict()`) or a dict with the same keys."""
    return dict(source) if isinstance(source, Mapping) else source.to_dict()


def home_page(url: str | None) -> str | None:
    """scheme://host/ of `url` ("https://www.hanam.gov.vn/Pages/x.aspx" → "https://www.hanam.gov.vn/")."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def source_row(source: Any, synced_at: str | None = None) -> dict:
    """The `sources` row of one registry `Source` (or a dict of its fields)."""
    data = _as_dict(source)
    if not data.get("id"):
        raise ValueError(f"source without an id: {data!r}")
    start_urls = list(data.get("start_urls") or [])
    row: dict[str, Any] = {k: data.get(k) for k in COLUMNS}
    for key in ("name", "province", "province_now", "kind", "cms"):
        if isinstance(row[key], str):
            row[key] = nfc(row[key])
    row["base_url"] = home_page(start_urls[0] if start_urls else None)
    row["start_urls"] = json.dumps(_jsonable(start_urls), ensure_ascii=False)
    row["enabled"] = int(bool(data.get("enabled", True)))
    extra = {
        k: _jsonable(v) for k, v in data.items() if k not in COLUMNS and v not in (None, [], {})
    }
    row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    row["synced_at"] = synced_at or now_iso()
    return row


def sync_sources(db: sqlite_utils.Database, sources: Iterable[Any], *, prune: bool = False) -> dict:
    """Upsert registry sources into `sources`; with ``prune``, disable those no longer listed.

    Rows are never deleted (articles refer to them). A source whose values did not change keeps
    its row untouched, `synced_at` included. Returns counts: new, updated, unchanged, disabled.
    """
    counts = {"new": 0, "updated": 0, "unchanged": 0, "disabled": 0}
    seen = set()
    when = now_iso()
    with db.conn:
        for source in sources:
            row = source_row(source, when)
            seen.add(row["id"])
            existing = next(db.query("select * from sources where id = ?", [row["id"]]), None)
            if existing is None:
                db["sources"].insert(row)
                counts["new"] += 1
            elif any(existing.get(k) != v for k, v in row.items() if k != "synced_at"):
                db["sources"].update(row["id"], row)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if prune:
            for existing in db.query("select id from sources where enabled = 1"):
                if existing["id"] not in seen:
                    db["sources"].update(existing["id"], {"enabled": 0, "synced_at": when})
                    counts["disabled"] += 1
    return counts
