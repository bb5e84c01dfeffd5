"""The canned Datasette queries of meeting intelligence (queries.yaml), for the Datasette metadata."""

from __future__ import annotations

from pathlib import Path

import yaml

QUERIES_FILE = Path(__file__).with_name("queries.yaml")


def canned_queries() -> dict[str, dict]:
    """{name: {title, description, sql}} in the shape of Datasette's `queries:` metadata block."""
    raw = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    return {
        q["name"]: {"title": q["title"], "description": q["description"], "sql": q["sql"]}
        for q in raw["queries"]
    }
