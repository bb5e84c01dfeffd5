"""Datasette configuration for a govmon database: metadata merged at serve time, settings, modes."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import yaml

import storage.db  # noqa: F401  (every storage module, so every table description)
from crawler.analysis.queries import QUERIES_FILE as ANALYSIS_QUERIES
from storage.migrations import table_docs

# Package data: metadata, templates and static files travel in the wheel with this module.
CONFIG_DIR = Path(__file__).resolve().parent
METADATA_FILE = CONFIG_DIR / "metadata.yaml"
TEMPLATES_DIR = CONFIG_DIR / "templates"
STATIC_DIR = CONFIG_DIR / "static"
STATIC_MOUNT = "govmon-static"
METADATA_DB_KEY = "govmon"  # the database key used in metadata.yaml

# Set by `govmon serve` (a long-running server process, not an in-process test client): at
# Datasette's startup, govmon_datasette moves every object loaded so far (modules, templates,
# plugins: ~90,000) out of the garbage collector's reach with gc.freeze(). Each search request
# allocates enough to trigger collections; a full one then walked all of them (measured at
# 1,000,000 articles: single pauses of 120 ms, several ms per request in gen-0/1 collections).
FREEZE_GC_AT_STARTUP = False

# Datasette allow block matching any actor with an id: anonymous visitors have none.
SIGNED_IN = {"id": "*"}
BASE_SETTINGS = {
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 500,
    "default_facet_size": 15,
    "max_returned_rows": 1000,
    # Article bodies are long: table views show the start, the article page shows all.
    "truncate_cells_html": 300,
}
PRODUCTION_SETTINGS = {
    "sql_time_limit_ms": 2000,
    "facet_time_limit_ms": 300,
    "allow_download": False,
    # A streamed CSV walks a whole table past the time limit: not for a public instance.
    "allow_csv_stream": False,
    "suggest_facets": False,
    "default_cache_ttl": 60,
}


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives the database file (its stem)."""
    return Path(db_path).stem


def _existing_tables(db_path: str | Path) -> set[str]:
    path = Path(db_path)
    if not path.exists():
        return set()
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("select name from sqlite_master")}
    finally:
        conn.close()


def load_analysis_queries(path: Path = ANALYSIS_QUERIES) -> dict[str, dict]:
    """Canned queries written by the analysis part (name → {sql, title, description, ...})."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if isinstance(data, dict) and isinstance(data.get("queries"), dict | list):
        data = data["queries"]
    if isinstance(data, list):
        data = {item["name"]: {k: v for k, v in item.items() if k != "name"} for item in data}
    queries = {}
    for name, query in data.items():
        if isinstance(query, str):
            query = {"sql": query}
        if not isinstance(query, dict) or not query.get("sql"):
            raise ValueError(f"{path}: query {name!r} has no sql")
        queries[name] = dict(query)
    return queries


def build_metadata(db_path: str | Path, *, production: bool = False) -> dict[str, Any]:
    """The Datasette metadata for the database at ``db_path``.

    metadata.yaml, plus the table descriptions other storage modules register, plus the
    analysis canned queries; queries whose ``requires_tables`` are missing are left out.
    """
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    databases = metadata.setdefault("databases", {})
    db_meta = copy.deepcopy(databases.pop(METADATA_DB_KEY, {}))
    tables = db_meta.setdefault("tables", {})
    for table, doc in table_docs().items():
        entry = tables.setdefault(table, {})
        entry.setdefault("description", doc.description)
        columns = entry.setdefault("columns", {})
        for column, text in doc.columns.items():
            columns.setdefault(column, text)
    queries = db_meta.setdefault("queries", {})
    for name, query in load_analysis_queries().items():
        queries.setdefault(name, query)
    existing = _existing_tables(db_path)
    for name in list(queries):
        required = queries[name].pop("requires_tables", None) or []
        if existing and not set(required) <= existing:
            del queries[name]
    metadata.setdefault("extra_css_urls", []).append(f"/{STATIC_MOUNT}/govmon.css")
    plugins = metadata.setdefault("plugins", {})
    plugins.setdefault("govmon", {})["production"] = production
    if production:
        # Canned queries stay open; arbitrary SQL only for a signed-in actor (the operator).
        metadata["allow_sql"] = SIGNED_IN
        db_meta["allow_sql"] = SIGNED_IN
    else:
        # The `allow` blocks of metadata.yaml say what a public instance keeps for the operator;
        # a development server on the analyst's own machine shows everything.
        for entry in [*tables.values(), *queries.values()]:
            entry.pop("allow", None)
    databases[database_name(db_path)] = db_meta
    return metadata


def settings(*, production: bool = False) -> dict[str, Any]:
    """Datasette settings for the chosen mode."""
    return {**BASE_SETTINGS, **(PRODUCTION_SETTINGS if production else {})}


def make_datasette(db_path: str | Path, *, production: bool = False):
    """An in-process Datasette over ``db_path`` with govmon's full configuration (used by tests).

    The govmon plugins are not passed here: they are installed plugins (entry points).
    """
    from datasette.app import Datasette

    return Datasette(
        [str(db_path)],
        metadata=build_metadata(db_path, production=production),
        template_dir=str(TEMPLATES_DIR),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
        settings=settings(production=production),
    )
