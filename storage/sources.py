"""The `sources` table: the registry's portals, synced from `Source` values or dicts."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from crawler.text import nfc
from storage.articles import now_iso

# Registry attribute names accepted for each column, first match wins.
_ALIASES = {
    "id": ("id",),
    "name": ("name",),
    "province": ("province", "former_province"),
    "province_now": ("province_now",),
    "kind": ("kind", "publisher_kind"),
    "cms": ("cms", "cms_family", "family"),
    "base_url": ("base_url", "url", "homepage"),
    "start_urls": ("start_urls",),
    "enabled": ("enabled",),
}


def _as_dict(source: Any) -> dict:
    if isinstance(source, dict):
        return dict(source)
    if dataclasses.is_dataclass(source) and not isinstance(source, type):
        return dataclasses.asdict(source)
    if hasattr(source, "to_dict"):
        return source.to_dict()
    return {k: v for k, v in vars(source).items() if not k.startswith("_")}


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
    """The `sources` row for one registry source (unknown attributes go to `extra` as JSON)."""
    data = _as_dict(source)
    row: dict[str, Any] = {}
    used: set[str] = set()
    for column, names in _ALIASES.items():
        for name in names:
            if data.get(name) is not None:
                row[column] = data[name]
                used.add(name)
                break
    if not row.get("id"):
        raise ValueError(f"source without an id: {data!r}")
    cms = row.get("cms")
    if isinstance(cms, list | tuple):
        row["cms"] = ", ".join(str(c) for c in cms)
    row["start_urls"] = json.dumps(_jsonable(list(row.get("start_urls") or [])), ensure_ascii=False)
    row["enabled"] = int(bool(row.get("enabled", True)))
    for key in ("name", "province", "province_now", "kind", "cms", "base_url"):
        if isinstance(row.get(key), str):
            row[key] = nfc(row[key])
    extra = {k: _jsonable(v) for k, v in data.items() if k not in used and v not in (None, [], {})}
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
