"""Points the datasette-dashboards charts of metadata.yaml at the served database, whatever its name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from datasette import hookimpl

DASHBOARDS_PLUGIN = "datasette-dashboards"
METADATA_FILE = Path(__file__).resolve().parent.parent / "metadata.yaml"


@lru_cache(maxsize=4)
def _declared(path: Path, mtime: float) -> dict[str, dict[str, list[str]]]:
    """{dashboard slug: {"charts": [slugs], "filters": [keys of filters with a query]}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    dashboards = (data.get("plugins") or {}).get(DASHBOARDS_PLUGIN) or {}
    declared = {}
    for slug, dashboard in dashboards.items():
        dashboard = dashboard or {}
        filters = dashboard.get("filters") or {}
        declared[slug] = {
            "charts": list(dashboard.get("charts") or {}),
            "filters": [key for key, f in filters.items() if (f or {}).get("query")],
        }
    return declared


def bind_dashboards(declared: dict[str, dict[str, list[str]]], database: str) -> dict:
    """Metadata giving every chart and every query-filled filter ``db: database``.

    The dashboards in metadata.yaml name no database because `govmon serve` names it after
    the file (govmon.db → govmon, crawl.db → crawl). Datasette merges this under the local
    metadata, so a chart that does name its ``db`` keeps it.
    """
    return {
        "plugins": {
            DASHBOARDS_PLUGIN: {
                slug: {
                    part: {name: {"db": database} for name in names}
                    for part, names in parts.items()
                    if names
                }
                for slug, parts in declared.items()
            }
        }
    }


def served_database(datasette) -> str | None:
    """The first database that is not Datasette's own (_internal, _memory)."""
    for name in datasette.databases:
        if not name.startswith("_"):
            return name
    return None


@hookimpl
def get_metadata(datasette, key, database, table):
    name = served_database(datasette)
    if name is None or not METADATA_FILE.exists():
        return {}
    declared = _declared(METADATA_FILE, METADATA_FILE.stat().st_mtime)
    return bind_dashboards(declared, name)
