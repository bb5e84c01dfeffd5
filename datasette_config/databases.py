"""Which of the databases Datasette serves is govmon's."""

from __future__ import annotations


async def database_with(datasette, table: str):
    """The first served database (Datasette's internal ones aside) holding ``table``, or None."""
    for name, db in datasette.databases.items():
        if not name.startswith("_") and await db.table_exists(table):
            return db
    return None
