"""Named, ordered, recorded schema migrations, and the column documentation that goes with them.

How another storage module adds its own tables (analysis, runs, alerts...)::

    # storage/runs.py
    from storage.migrations import describe_table, migration

    @migration("runs_0001_source_runs")           # a name unique across the project
    def _create_source_runs(db):                   # receives the sqlite_utils.Database
        db["source_runs"].create({...}, pk=..., if_not_exists=True)

    describe_table("source_runs", "One row per source per crawl run.",
                   {"run_id": "The crawl run (crawl_runs.id).", ...})

`storage.db` imports every storage module that has tables, so registering happens on import;
`open_db` then applies, in order, the migrations not yet recorded in
the `_migrations` table. The core migrations (stage 0) run before every other module's (stage 10,
the default), whatever the import order; inside a stage, migrations run in registration order.
A migration runs once per database: never rename one that has shipped, add a new one instead.
`describe_table` feeds the Datasette metadata (every column shown to analysts has a description).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from crawler.clock import now_iso

MIGRATIONS_TABLE = "_migrations"
CORE_STAGE = 0
DEFAULT_STAGE = 10


@dataclass(frozen=True)
class Migration:
    """One schema step: a unique name, the function applying it, and where it sorts."""

    name: str
    apply: Callable[[sqlite_utils.Database], None]
    stage: int = DEFAULT_STAGE
    index: int = 0


@dataclass
class TableDoc:
    """What an analyst reads about a table in Datasette and docs/schema.md."""

    description: str
    columns: dict[str, str] = field(default_factory=dict)


_MIGRATIONS: dict[str, Migration] = {}
_TABLE_DOCS: dict[str, TableDoc] = {}


def migration(
    name: str, *, stage: int = DEFAULT_STAGE
) -> Callable[[Callable[[sqlite_utils.Database], None]], Callable[[sqlite_utils.Database], None]]:
    """Decorator registering ``fn(db)`` as the migration called ``name``."""

    def register(fn: Callable[[sqlite_utils.Database], None]) -> Callable:
        existing = _MIGRATIONS.get(name)
        if existing is not None and existing.apply.__qualname__ != fn.__qualname__:
            raise ValueError(
                f"migration name {name!r} is already used by {existing.apply.__module__}."
                f"{existing.apply.__qualname__}"
            )
        # Re-registering the same function (a module reloaded in tests) keeps its first position.
        index = existing.index if existing else len(_MIGRATIONS)
        _MIGRATIONS[name] = Migration(name=name, apply=fn, stage=stage, index=index)
        return fn

    return register


def describe_table(table: str, description: str, columns: dict[str, str] | None = None) -> None:
    """Record the analyst-facing description of ``table`` and of its columns (merged if repeated)."""
    doc = _TABLE_DOCS.setdefault(table, TableDoc(description=description))
    doc.description = description or doc.description
    doc.columns.update(columns or {})


def table_docs() -> dict[str, TableDoc]:
    """Descriptions registered through :func:`describe_table`, by table name."""
    return dict(_TABLE_DOCS)


def registered_migrations() -> list[Migration]:
    """Every registered migration, in the order they apply."""
    return sorted(_MIGRATIONS.values(), key=lambda m: (m.stage, m.index))


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations recorded in ``db``, oldest first."""
    if not db[MIGRATIONS_TABLE].exists():
        return []
    return [
        row["name"]
        for row in db.query(f"select name from [{MIGRATIONS_TABLE}] order by applied_at, rowid")
    ]


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply the registered migrations not yet recorded in ``db``; return the names applied."""
    db[MIGRATIONS_TABLE].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = set(applied_migrations(db))
    applied = []
    # One transaction for all pending steps: a new database's schema is written to the WAL once
    # (not once per step), and a failure leaves the schema as it was.
    with db.conn:
        for step in registered_migrations():
            if step.name in done:
                continue
            step.apply(db)
            db[MIGRATIONS_TABLE].insert({"name": step.name, "applied_at": now_iso()})
            applied.append(step.name)
    return applied
