"""Move stored addresses from one site base to another (the demo's replica on another port)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlite_utils

# The columns that hold addresses of a source's pages, table by table.
URL_COLUMNS = {
    "articles": ("url", "canonical_url"),
    "article_urls": ("url",),
    "fetch_validators": ("url",),
    "images": ("src",),
    "attachments": ("url",),
    "alert_matches": ("url", "atom_id", "atom_link"),
}


def source_bases(db: sqlite_utils.Database) -> dict[str, str]:
    """{source id: scheme://host[:port]} of each source's first start URL, as stored."""
    if "sources" not in db.table_names():
        return {}
    bases = {}
    for row in db.query("select id, start_urls from sources"):
        try:
            first = (json.loads(row["start_urls"] or "[]") or [None])[0]
        except ValueError:
            continue
        if first:
            parts = urlsplit(first)
            bases[row["id"]] = f"{parts.scheme}://{parts.netloc}"
    return bases


def rebase_urls(db: sqlite_utils.Database, moves: dict[str, str]) -> int:
    """Rewrite every stored address under an old base (``http://127.0.1.1:8480``) to its new
    base, so re-crawling the same site on another port finds the same articles; returns the
    number of values changed."""
    tables = set(db.table_names())
    changed = 0
    with db.conn:
        for old, new in moves.items():
            if not old or old == new:
                continue
            for table, columns in URL_COLUMNS.items():
                if table not in tables:
                    continue
                for column in columns:
                    cursor = db.execute(
                        f"update [{table}] set [{column}] = ? || substr([{column}], ?) "
                        f"where substr([{column}], 1, ?) = ? "
                        f"and substr([{column}], ? , 1) in ('', '/', '?')",
                        [new, len(old) + 1, len(old), old, len(old) + 1],
                    )
                    changed += cursor.rowcount
    return changed
