"""The `crawl_runs` table: one row per crawl, opened by `start_run` and closed by `finish_run`.

A crawl killed by SIGKILL, the OOM killer or a power cut cannot close its own row. It records
the process that runs it (`pid`, `host`, and the process's start tick, so a recycled pid is not
mistaken for it); `reconcile_runs` marks a `running` row whose process is gone as `killed`.
`govmon status` and every new crawl call it, so a dead crawl never looks like one in progress.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

import storage.schema  # noqa: F401  (the core tables' migrations register before this one)
from crawler.clock import now_iso
from storage.migrations import CORE_STAGE, migration

# Statuses of a run that ended without doing its whole work (README "Schema", crawl_runs).
FAILED_STATUSES = ("failed", "killed")


@migration("core_0005_crawl_run_process", stage=CORE_STAGE)
def _add_process_columns(db: sqlite_utils.Database) -> None:
    for name, kind in (("pid", int), ("host", str), ("process_start", int), ("error", str)):
        if name not in db["crawl_runs"].columns_dict:
            db["crawl_runs"].add_column(name, kind)


def _process_start(pid: int) -> int | None:
    """The start tick of process ``pid`` (Linux /proc), or None when unknown or gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22 (starttime) counts after the ")" closing the command name, which may hold spaces.
    fields = stat.rsplit(")", 1)[-1].split()
    return int(fields[19]) if len(fields) > 19 else None


def _alive(pid: int, start: int | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    current = _process_start(pid)
    return start is None or current is None or current == start


def start_run(
    db: sqlite_utils.Database, sources: Iterable[str] = (), started_at: str | None = None
) -> int:
    """Record a crawl starting over ``sources`` (ids) in this process; return the run id."""
    reconcile_runs(db)
    pid = os.getpid()
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
                    "pid": pid,
                    "host": socket.gethostname(),
                    "process_start": _process_start(pid),
                },
                alter=True,
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
    error: str | None = None,
) -> None:
    """Close run ``run_id`` with its final ``status`` ("finished", "failed"...) and ``stats``."""
    changes = {
        "finished_at": finished_at or now_iso(),
        "status": status,
        "stats": json.dumps(stats or {}, ensure_ascii=False, sort_keys=True, default=str),
    }
    if error:
        changes["error"] = error
    with db.conn:
        db["crawl_runs"].update(run_id, changes, alter=True)


KILLED_ERROR = "the crawl process ended without closing its run (killed or crashed)"


def is_dead(row: dict) -> bool:
    """True when ``row`` (of `crawl_runs`) says `running` but its process on this host is gone."""
    return (
        row.get("status") == "running"
        and row.get("pid") is not None
        and row.get("host") == socket.gethostname()
        and not _alive(row["pid"], row.get("process_start"))
    )


def reconcile_runs(db: sqlite_utils.Database) -> list[int]:
    """Mark `running` runs of this host whose process is gone as `killed`; return their ids."""
    dead = [
        row["id"]
        for row in db.query("select * from crawl_runs where status = 'running'")
        if is_dead(row)
    ]
    for run_id in dead:
        finish_run(db, run_id, status="killed", error=KILLED_ERROR)
    return dead


def latest_run(db: sqlite_utils.Database) -> dict | None:
    """The most recent `crawl_runs` row (decoded like :func:`get_run`), or None."""
    row = next(db.query("select id from crawl_runs order by id desc limit 1"), None)
    run = get_run(db, row["id"]) if row else None
    if run is not None and is_dead(run):  # not reconciled yet (a read-only or full database)
        run.update(status="killed", error=KILLED_ERROR)
    return run


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
