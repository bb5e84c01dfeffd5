""" "Create a watch from this search": the watches.yaml entry that follows what was searched."""

from __future__ import annotations

import re

import yaml
from datasette import hookimpl

from crawler.text import fold

# Search-page filters (storage.search.FACET_COLUMNS keys) → watches.yaml keys.
FILTER_KEYS = {
    "province": "province",
    "province_now": "province",
    "source_id": "source",
    "event_id": "event",
}


def watch_id_for(query: str) -> str:
    """A readable id from the search words: "Đề án 06" → "de-an-06"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(query)).strip("-")[:48].strip("-")
    return slug or "watch"


def watch_entry(query: str, filters: dict) -> tuple[str, list[str]]:
    """(YAML of one `watches:` entry, search filters a watch cannot carry over)."""
    entry: dict = {"id": watch_id_for(query), "query": query}
    dropped = []
    for key, value in filters.items():
        if key == "meeting" and str(value) == "1":
            entry["meeting_reports_only"] = True
        elif key in FILTER_KEYS:
            entry[FILTER_KEYS[key]] = str(value)
        elif value:
            dropped.append(key)
    entry["channels"] = {"email": ["ban-bien-tap@example.vn"], "webhook": "https://example.vn/hook"}
    text = yaml.safe_dump(
        {"watches": [entry]}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    return text, dropped


@hookimpl
def extra_template_vars():
    return {"govmon_watch_entry": watch_entry}
