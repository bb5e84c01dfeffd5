"""One write, one transaction: a SQLite connection whose ``with conn:`` blocks nest.

sqlite-utils 3.x wraps every ``insert``/``upsert``/``update`` in ``with self.db.conn:``, and a
plain ``sqlite3.Connection`` commits when *any* such block exits, also an inner one. So
``with db.conn: insert(); insert()`` committed after the first insert: a kill or a full disk
between the two left half an article. With this connection only the outermost block commits
(or rolls back on an exception); inner blocks and ``commit()`` calls inside it do nothing.
"""

from __future__ import annotations

import sqlite3
from typing import Any


class NestableConnection(sqlite3.Connection):
    """``sqlite3.Connection`` where only the outermost ``with conn:`` commits or rolls back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._depth = 0

    def __enter__(self) -> NestableConnection:
        self._depth += 1
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._depth -= 1
        if self._depth > 0:
            return False  # the outer block decides; an exception still propagates to it
        return bool(super().__exit__(exc_type, exc, tb))

    def commit(self) -> None:
        if self._depth == 0:
            super().commit()

    @property
    def in_block(self) -> bool:
        """True inside a ``with conn:`` block (a commit would be premature)."""
        return self._depth > 0


def nestable_connect(database: str, **kwargs: Any) -> NestableConnection:
    """``sqlite3.connect`` returning a :class:`NestableConnection`."""
    return sqlite3.connect(database, factory=NestableConnection, **kwargs)  # type: ignore[return-value]
