"""Source health jobs: store a run's statistics and refresh `source_health` with the pure rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlite_utils

from crawler.clock import now_iso
from crawler.monitor.health import assess_run, assess_source
from storage import runs


def record_source_stats(
    db: sqlite_utils.Database,
    run_id: int,
    source_id: str,
    stats: dict,
    *,
    now: datetime | None = None,
) -> dict:
    """Store one source's stats of crawl `run_id` and refresh its health; returns the health row.

    Recording the same (run_id, source_id) twice replaces the first record.
    """
    runs.save_source_run(db, run_id, source_id, stats, assess_run(stats), now=now)
    return refresh_source_health(db, [source_id], now=now)[0]


def refresh_source_health(
    db: sqlite_utils.Database, source_ids: list[str] | None = None, *, now: datetime | None = None
) -> list[dict]:
    """Recompute `source_health` for the given sources (all known sources by default)."""
    moment = now or datetime.now(UTC)
    latest = runs.latest_runs(db)
    rows = []
    for source_id in source_ids if source_ids is not None else runs.known_sources(db):
        run = latest.get(source_id)
        health = assess_source(
            runs.stats_of(run) if run else None,
            runs.publication_history(db, source_id, dx_only=False),
            runs.publication_history(db, source_id, dx_only=True),
            now=moment,
        )
        times = runs.run_times(db, source_id)
        rows.append(
            {
                "source_id": source_id,
                "status": health.status,
                "reason": health.reason,
                "dx_silent": int(health.dx_silent),
                "notes": json.dumps(health.notes, ensure_ascii=False),
                "last_run_id": run["run_id"] if run else None,
                "last_run_at": run["recorded_at"] if run else None,
                "last_ok_at": times["ok"],
                "last_new_article_at": times["new"],
                "last_new_dx_article_at": runs.last_dx_seen(db, source_id),
                "last_published_on": health.last_published_on,
                "last_dx_published_on": health.last_dx_published_on,
                "usual_interval_days": health.usual_interval_days,
                "dx_usual_interval_days": health.dx_usual_interval_days,
                "updated_at": now_iso(moment),
            }
        )
    runs.save_health(db, rows)
    return rows
