"""The `crawl_runs` table: one row per crawl, opened by `start_run` and closed by `finish_run`."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from storage.articles import now_iso


def start_run(
    db: sqlite_utils.Database, sources: Iterable[str] = (), started_at: str | None = None
) -> int:
    """Record a crawl starting over ``sources`` (ids); return the run id."""
    with db.conn:
        return (
            db["crawl_runs"]
            .insert(
                {
                    "started_at": started_at or now_iso(),
                    "finished_at": None,
                    "status": "running",
                    "sources": json.dumps(list(sources), ensure_ascii=False),
                    "stats": None,
                }
            )
            .last_pk
        )


def finish_run(
    db: sqlite_utils.Database,
    run_id: int,
    *,
    status: str = "finished",
    stats: dict | None = None,
    finished_at: str | None = None,
) -> None:
    """Close run ``run_id`` with its final ``status`` ("finished", "failed"...) and ``stats``."""
    with db.conn:
        db["crawl_runs"].update(
            run_id,
            {
                "finished_at": finished_at or now_iso(),
                "status": status,
                "stats": json.dumps(stats or {}, ensure_ascii=False, sort_keys=True, default=str),
            },
        )


def get_run(db: sqlite_utils.Database, run_id: int) -> dict | None:
    """The `crawl_runs` row ``run_id`` with `sources` and `stats` decoded, or None."""
    row = next(db.query("select * from crawl_runs where id = ?", [run_id]), None)
    if row is not None:
        row["sources"] = json.loads(row["sources"] or "[]")
        row["stats"] = json.loads(row["stats"]) if row["stats"] else None
    return row


def interrupted_sources(db: sqlite_utils.Database, source_ids: Iterable[str]) -> set[str]:
    """Sources whose latest crawl did not finish (killed, stopped, crashed).

    A cut crawl may have stored the newest articles of a listing and not the older ones below
    them; the next crawl must page such a source fully instead of stopping at stored articles.
    """
    out = set()
    if not db["crawl_runs"].exists():
        return out
    for source_id in source_ids:
        row = next(
            db.query(
                "select status from crawl_runs where exists "
                "(select 1 from json_each(crawl_runs.sources) where value = ?) "
                "order by id desc limit 1",
                [source_id],
            ),
            None,
        )
        if row is not None and row["status"] != "finished":
            out.add(source_id)
    return out
