"""Changes of source health (`health_changes`) and their delivery to the operator, once per channel."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from crawler.clock import now_iso
from storage.migrations import describe_table

_SCHEMA = """
create table if not exists health_changes (
    id integer primary key,
    source_id text not null,
    status text not null,
    previous_status text,
    reason text,
    changed_at text not null,
    run_id integer
);
create index if not exists health_changes_source on health_changes (source_id, id);
create table if not exists health_deliveries (
    change_id integer not null references health_changes(id),
    channel text not null,
    status text not null default 'pending',
    attempts integer not null default 0,
    created_at text not null,
    delivered_at text,
    last_error text,
    primary key (change_id, channel)
);
"""
# A source first seen in one of these states is the baseline, not news.
QUIET_FIRST_STATES = frozenset({"ok", "unknown", "silent"})


def record_health_changes(
    db: sqlite_utils.Database, channels: list[str], *, now: datetime | None = None
) -> list[dict]:
    """Compare `source_health` with the last recorded status of each source; record each
    change once, with a pending delivery per channel. Returns the changes that are news."""
    if "source_health" not in db.table_names():
        return []
    # Created on first use (by `alerts run`), not by open_db: a database nobody alerts from
    # stays as small as before.
    db.conn.executescript(_SCHEMA)
    last = {
        r["source_id"]: r["status"]
        for r in db.query(
            "select source_id, status from health_changes where id in "
            "(select max(id) from health_changes group by source_id)"
        )
    }
    stamp = now_iso(now)
    news = []
    with db.conn:
        for row in db.query("select source_id, status, reason, last_run_id from source_health"):
            previous = last.get(row["source_id"])
            if row["status"] == previous:
                continue
            cursor = db.execute(
                "insert into health_changes (source_id, status, previous_status, reason, "
                "changed_at, run_id) values (?, ?, ?, ?, ?, ?)",
                [
                    row["source_id"],
                    row["status"],
                    previous,
                    row["reason"],
                    stamp,
                    row["last_run_id"],
                ],
            )
            if previous is None and row["status"] in QUIET_FIRST_STATES:
                continue
            change = {"id": cursor.lastrowid, **dict(row), "previous_status": previous}
            news.append(change)
            for channel in channels:
                db.execute(
                    "insert or ignore into health_deliveries (change_id, channel, created_at) "
                    "values (?, ?, ?)",
                    [change["id"], channel, stamp],
                )
    return news


def undelivered_changes(db: sqlite_utils.Database, channel: str) -> list[dict]:
    """Health changes not yet delivered on a channel, oldest first, with the source's name."""
    if "health_deliveries" not in db.table_names():
        return []
    sql = """
        select c.id, c.source_id, coalesce(s.name, c.source_id) as source_name, c.status,
          c.previous_status, c.reason, c.changed_at, c.run_id
        from health_deliveries d join health_changes c on c.id = d.change_id
          left join sources s on s.id = c.source_id
        where d.channel = ? and d.status != 'delivered' order by c.id
    """
    return [dict(r) for r in db.query(sql, [channel])]


def mark_changes(
    db: sqlite_utils.Database, channel: str, ids: list[int], error: str | None = None
) -> None:
    """Record a send: delivered (error None) or failed (retried on the next run)."""
    with db.conn:
        for change_id in ids:
            if error is None:
                db.execute(
                    "update health_deliveries set status = 'delivered', attempts = attempts + 1,"
                    " delivered_at = ?, last_error = null where change_id = ? and channel = ?",
                    [now_iso(), change_id, channel],
                )
            else:
                db.execute(
                    "update health_deliveries set status = 'failed', attempts = attempts + 1,"
                    " last_error = ? where change_id = ? and channel = ? and status != 'delivered'",
                    [error[:500], change_id, channel],
                )


describe_table(
    "health_changes",
    "Each change of a source's health status, recorded once (govmon alerts run).",
    {
        "id": "Change number, increasing.",
        "source_id": "The source (sources.id).",
        "status": "The new status (ok, failing, blocked, no_links, nothing_extracted, layout_changed, silent...).",
        "previous_status": "The status before; empty the first time the source was seen.",
        "reason": "The monitor's one-line reason for the new status.",
        "changed_at": "When govmon noticed the change (UTC).",
        "run_id": "The crawl run whose statistics gave the new status (crawl_runs.id).",
    },
)
describe_table(
    "health_deliveries",
    "One row per health change and operator channel: delivered once, failed ones retried.",
    {
        "change_id": "The change (health_changes.id).",
        "channel": "email:<address> or webhook:<url>.",
        "status": "pending, failed (retried next run) or delivered.",
        "attempts": "Send attempts so far.",
        "created_at": "When the change was queued for this channel (UTC).",
        "delivered_at": "When the SMTP server or webhook accepted it (UTC).",
        "last_error": "The latest failure.",
    },
)


def failing_sources(
    db: sqlite_utils.Database,
    bad_statuses: frozenset[str] | set[str],
    *,
    run_id: int | None = None,
    source_ids: list[str] | None = None,
) -> list[dict]:
    """Sources whose health is one of ``bad_statuses`` (after run ``run_id`` when given):
    [{source_id, status, reason}], by source id."""
    if "source_health" not in db.table_names():
        return []
    rows = db.query("select source_id, status, reason, last_run_id from source_health")
    return sorted(
        (
            {"source_id": r["source_id"], "status": r["status"], "reason": r["reason"]}
            for r in rows
            if r["status"] in bad_statuses
            and (run_id is None or r["last_run_id"] == run_id)
            and (source_ids is None or r["source_id"] in source_ids)
        ),
        key=lambda r: r["source_id"],
    )
