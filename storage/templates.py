"""The `source_templates` table: each source's learnt site template (crawler.extraction.template)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from crawler.clock import now_iso
from storage.migrations import describe_table, migration

TABLE = "source_templates"


@migration("templates_0001_source_templates")
def _create_source_templates(db: sqlite_utils.Database) -> None:
    db[TABLE].create(
        {
            "source_id": str,
            "pages": float,
            "site_names": str,
            "title_prefix": str,
            "title_suffix": str,
            "furniture_blocks": int,
            "furniture_samples": str,
            "template": str,
            "updated_at": str,
        },
        pk="source_id",
        if_not_exists=True,
    )


describe_table(
    TABLE,
    "What govmon learnt of each source's page layout: what repeats on most of its article pages "
    "is furniture (header, menus, 'Tin mới' boxes, footer), never content, title, date or author.",
    {
        "source_id": "The source (sources.id).",
        "pages": "Article pages learnt (older pages count less: counts halve every 40 pages).",
        "site_names": "JSON list: the site's own names (og:site_name, publisher, repeated meta "
        "author, the shared part of <title>): never an article's title or author.",
        "title_prefix": "Text every <title> starts with (cut from titles).",
        "title_suffix": "Text every <title> ends with (cut from titles).",
        "furniture_blocks": "Page blocks seen on most pages, removed before extraction.",
        "furniture_samples": "JSON list: the text of a few furniture blocks, to read.",
        "template": "The whole template as JSON (crawler.extraction.template.SiteTemplate).",
        "updated_at": "When the template last learnt a page (UTC).",
    },
)


def load_templates(db: sqlite_utils.Database, source_ids: Iterable[str]) -> dict[str, dict]:
    """Stored templates (their JSON value) by source id, for the sources that have one."""
    ids = list(source_ids)
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.query(f"select source_id, template from {TABLE} where source_id in ({marks})", ids)
    out = {}
    for row in rows:
        try:
            out[row["source_id"]] = json.loads(row["template"] or "{}")
        except ValueError:
            continue  # unreadable: the source learns again
    return out


def save_template(db: sqlite_utils.Database, source_id: str, template: dict, summary: dict) -> None:
    """Store one source's template (``template``: its JSON value; ``summary``: its readable
    ``describe()``)."""
    db[TABLE].upsert(
        {
            "source_id": source_id,
            "pages": summary.get("pages"),
            "site_names": json.dumps(summary.get("site_names") or [], ensure_ascii=False),
            "title_prefix": summary.get("title_prefix") or "",
            "title_suffix": summary.get("title_suffix") or "",
            "furniture_blocks": summary.get("furniture_blocks") or 0,
            "furniture_samples": json.dumps(
                summary.get("furniture_samples") or [], ensure_ascii=False
            ),
            "template": json.dumps(template, ensure_ascii=False),
            "updated_at": now_iso(),
        },
        pk="source_id",
    )


def template_summaries(db: sqlite_utils.Database) -> dict[str, dict]:
    """The readable columns of every stored template, by source id."""
    out = {}
    for row in db.query(f"select * from {TABLE}"):
        row = dict(row)
        row.pop("template", None)
        for key in ("site_names", "furniture_samples"):
            try:
                row[key] = json.loads(row[key] or "[]")
            except ValueError:
                row[key] = []
        out[row["source_id"]] = row
    return out
