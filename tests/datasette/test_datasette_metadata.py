"""The Datasette metadata documents every table and column and configures search and facets."""

from __future__ import annotations

import yaml

from datasette_config.serving import METADATA_FILE, build_metadata
from storage.db import open_db
from storage.migrations import table_docs


def _is_internal(table: str) -> bool:
    # FTS virtual and shadow tables are hidden by Datasette and documented with articles.
    return table.startswith("articles_fts") or table.startswith("sqlite_")


def _undocumented(tmp_path, *, registered_only: bool) -> list[str]:
    path = tmp_path / "govmon.db"
    db = open_db(path)
    tables = build_metadata(path)["databases"]["govmon"]["tables"]
    core = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))["databases"]["govmon"][
        "tables"
    ]
    registered = table_docs()
    missing = []
    for table in db.table_names():
        if _is_internal(table) or (table in core) == registered_only:
            continue
        meta = tables.get(table) or {}
        where = (
            f"describe_table({table!r}, ...) in its storage module"
            if table in registered
            else "datasette_config/metadata.yaml or a describe_table() call"
        )
        if not meta.get("description"):
            missing.append(f"table {table}")
        for column in db[table].columns_dict:
            if not (meta.get("columns") or {}).get(column):
                missing.append(f"{table}.{column} [{where}]")
    return missing


def test_every_column_of_the_core_tables_has_a_description(tmp_path):
    missing = _undocumented(tmp_path, registered_only=False)
    assert not missing, "undocumented: " + ", ".join(missing)


def test_every_column_of_other_storage_modules_tables_has_a_description(tmp_path):
    # Tables created by storage/analysis.py, runs.py, alerts.py: documented by their owners.
    missing = _undocumented(tmp_path, registered_only=True)
    assert not missing, "undocumented: " + ", ".join(missing)


def test_metadata_yaml_documents_no_column_that_does_not_exist(tmp_path):
    db = open_db(tmp_path / "govmon.db")
    raw = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    for table, meta in raw["databases"]["govmon"]["tables"].items():
        assert db[table].exists(), table
        extra = set(meta.get("columns", {})) - set(db[table].columns_dict)
        assert not extra, f"{table}: {extra}"


def test_articles_search_facets_and_sort(tmp_path):
    path = tmp_path / "monitor.db"
    open_db(path)
    meta = build_metadata(path)
    assert "govmon" not in meta["databases"]
    articles = meta["databases"]["monitor"]["tables"]["articles"]
    assert articles["fts_table"] == "articles_fts"
    assert articles["sort_desc"] == "published_at"
    # A facet is a column name, or {facet type: column} (time columns facet newest first).
    columns = {f if isinstance(f, str) else next(iter(f.values())) for f in articles["facets"]}
    assert columns >= {
        "source_id",
        "province",
        "province_now",
        "published_year",
        "is_meeting_report",
    }
    assert {"chronological": "published_year"} in articles["facets"]


def test_production_turns_off_arbitrary_sql(tmp_path):
    path = tmp_path / "govmon.db"
    open_db(path)
    assert build_metadata(path, production=True)["allow_sql"] == {"id": "*"}
    assert "allow_sql" not in build_metadata(path)


def test_docs_schema_md_lists_every_core_column(tmp_path):
    from pathlib import Path

    doc = (Path(METADATA_FILE).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    db = open_db(tmp_path / "govmon.db")
    core = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))["databases"]["govmon"][
        "tables"
    ]
    for table, meta in core.items():
        if meta.get("hidden"):
            continue
        section = doc.split(f"### `{table}`", 1)
        assert len(section) == 2, (
            f"docs/schema.md has no section for {table}: run python -m datasette_config.schema_doc"
        )
        body = section[1].split("\n### ", 1)[0]
        for column in db[table].columns_dict:
            assert f"| `{column}` |" in body, f"docs/schema.md: {table}.{column} missing"


def test_every_plugin_module_is_an_installed_plugin():
    # The plugins load through pyproject's entry points, not a plugins folder: a module added to
    # datasette_config/plugins/ without its entry point would silently not run.
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    registered = set(pyproject["project"]["entry-points"]["datasette"].values())
    modules = {
        f"datasette_config.plugins.{p.stem}"
        for p in (root / "datasette_config" / "plugins").glob("*.py")
        if "@hookimpl" in p.read_text(encoding="utf-8")
    }
    assert modules and modules <= registered, modules - registered
