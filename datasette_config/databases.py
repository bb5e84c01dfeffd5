"""Which of the databases Datasette serves is govmon's."""

from __future__ import annotations


async def database_with(datasette, table: str):
    """The first served database (Datasette's internal ones aside) holding ``table``, or None.

    Tables are not dropped while serving, so a database found is remembered (on the Datasette
    object) for as long as Datasette serves it; a table not found is looked for again (a
    migration may add it). Every page of the search asked SQLite again before (a thread trip)."""
    found = datasette.__dict__.setdefault("_govmon_tables", {})
    db = found.get(table)
    if db is not None and datasette.databases.get(db.name) is db:
        return db
    for name, db in datasette.databases.items():
        if not name.startswith("_") and await db.table_exists(table):
            found[table] = db
            return db
    return None
