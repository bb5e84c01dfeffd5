"""Per-source crawl statistics (`source_runs`) and the `source_health` table refreshed after each run."""

from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from crawler.clock import now_iso
from crawler.models import RUN_COUNTERS
from storage.migrations import describe_table, migration

# Integer counters of the crawl → storage contract (README "Schema", table source_runs).
COUNTERS = RUN_COUNTERS
# How much publishing history feeds the rhythm estimate: recent enough to follow a portal
# that changed its pace, long enough for a weekly source.
HISTORY_LIMIT = 400


@migration("runs_0001_source_runs_health")
def _create_runs_tables(db: sqlite_utils.Database) -> None:
    # Databases older than the migrations table may have these tables already.
    if not db["source_runs"].exists():
        db["source_runs"].create(
            {
                "run_id": int,
                "source_id": str,
                "recorded_at": str,
                **{name: int for name in COUNTERS},
                "responses_by_status": str,
                "errors": str,
                "duration_s": float,
                "last_new_article_at": str,
                "status": str,
                "reason": str,
                "extra": str,
            },
            pk=("run_id", "source_id"),
        )
        db["source_runs"].create_index(["source_id", "recorded_at"])
    if not db["source_health"].exists():
        db["source_health"].create(
            {
                "source_id": str,
                "status": str,
                "reason": str,
                "dx_silent": int,
                "notes": str,
                "last_run_id": int,
                "last_run_at": str,
                "last_ok_at": str,
                "last_new_article_at": str,
                "last_new_dx_article_at": str,
                "last_published_on": str,
                "last_dx_published_on": str,
                "usual_interval_days": float,
                "dx_usual_interval_days": float,
                "updated_at": str,
            },
            pk="source_id",
        )


@migration("runs_0002_not_modified_selector_misses")
def _add_selector_columns(db: sqlite_utils.Database) -> None:
    # Databases created before these two counters existed; new ones got them from 0001.
    for name in ("not_modified", "family_selector_misses"):
        if name not in db["source_runs"].columns_dict:
            db["source_runs"].add_column(name, int)


describe_table(
    "source_runs",
    "One row per source per crawl run: what the crawl fetched and stored.",
    {
        "run_id": "The crawl run (crawl_runs.id).",
        "source_id": "The source (sources.id).",
        "recorded_at": "When the crawl recorded these numbers (UTC), i.e. the end of the source's crawl.",
        "requests": "HTTP requests made for this source.",
        "articles_new": "Articles stored for the first time.",
        "articles_updated": "Stored articles whose content changed (a new version).",
        "articles_unchanged": "Article pages fetched (or answered 304) with unchanged content.",
        "articles_removed": "Stored articles now gone (404/410), marked removed.",
        "extraction_failures": "Article pages that yielded no title or no body.",
        "relevant_articles": "New or updated articles about digital transformation.",
        "blocked_pages": "Challenge or tiny access-denied pages received.",
        "new_dx_articles": "New digital-transformation articles.",
        "not_modified": "Article pages answered 304 Not Modified (counted in articles_unchanged too).",
        "family_selector_misses": "Article pages where the source's CMS selectors found no body "
        "and the generic extractor was used.",
        "responses_by_status": "JSON object: HTTP status → number of responses.",
        "errors": "JSON list of short error messages (timeouts, DNS, TLS...).",
        "duration_s": "Seconds the source's crawl took.",
        "last_new_article_at": "When the crawl last stored a new article of this source.",
        "status": "This run's verdict: ok, failing, blocked, no_links, nothing_extracted or layout_changed (docs/monitor.md).",
        "reason": "Why, in one line.",
        "extra": "JSON of any further stats the crawl passed.",
    },
)
describe_table(
    "source_health",
    "Each source's health, refreshed after every run and by `govmon status`.",
    {
        "source_id": "The source (sources.id).",
        "status": "ok, silent, layout_changed, nothing_extracted, no_links, failing, blocked or unknown (docs/monitor.md).",
        "reason": "Why, in one line.",
        "dx_silent": "1 when no digital-transformation article appeared for much longer than usual.",
        "notes": "JSON list of side notes (dx_silent, minor errors...).",
        "last_run_id": "Latest crawl run of the source.",
        "last_run_at": "When that run recorded its numbers (UTC).",
        "last_ok_at": "Latest run judged ok (UTC).",
        "last_new_article_at": "When a crawl last found a new article of the source.",
        "last_new_dx_article_at": "When a new digital-transformation article of the source was last stored.",
        "last_published_on": "Latest publication day among the source's articles (Vietnam time).",
        "last_dx_published_on": "Latest publication day of its digital-transformation articles.",
        "usual_interval_days": "Median days between the source's publishing days (null: too little history).",
        "dx_usual_interval_days": "The same for its digital-transformation articles.",
        "updated_at": "When this row was computed (UTC).",
    },
)


def _row(run_id: int, source_id: str, stats: dict, recorded_at: str) -> dict:
    row: dict = {"run_id": int(run_id), "source_id": str(source_id), "recorded_at": recorded_at}
    for name in COUNTERS:
        value = stats.get(name)
        row[name] = int(value) if value not in (None, "") else 0
    row["responses_by_status"] = json.dumps(
        {str(k): int(v) for k, v in (stats.get("responses_by_status") or {}).items()},
        sort_keys=True,
    )
    row["errors"] = json.dumps([str(e) for e in (stats.get("errors") or [])], ensure_ascii=False)
    row["duration_s"] = float(stats["duration_s"]) if stats.get("duration_s") is not None else None
    row["last_new_article_at"] = stats.get("last_new_article_at")
    known = set(COUNTERS) | {"responses_by_status", "errors", "duration_s", "last_new_article_at"}
    extra = {k: v for k, v in stats.items() if k not in known}
    row["extra"] = json.dumps(extra, ensure_ascii=False, default=str) if extra else None
    return row


def save_source_run(
    db: sqlite_utils.Database,
    run_id: int,
    source_id: str,
    stats: dict,
    verdict: tuple[str, str],
    *,
    now: datetime | None = None,
) -> None:
    """Store one source's stats of crawl `run_id` with the run's (status, reason) verdict.

    Recording the same (run_id, source_id) twice replaces the first record, so a crawl may
    call this again after a late correction.
    """
    row = _row(run_id, source_id, stats, now_iso(now))
    row["status"], row["reason"] = verdict
    with db.conn:
        db["source_runs"].upsert(row, pk=("run_id", "source_id"))


def stats_of(row: dict) -> dict:
    """A `source_runs` row back in the shape of the crawl's stats dict."""
    # Counters outside COUNTERS (cut_off, requests_refused...) travel in `extra`.
    stats = dict(json.loads(row.get("extra") or "{}"))
    stats.update({k: row.get(k) for k in COUNTERS})
    stats["responses_by_status"] = json.loads(row.get("responses_by_status") or "{}")
    stats["errors"] = json.loads(row.get("errors") or "[]")
    stats["duration_s"] = row.get("duration_s")
    stats["last_new_article_at"] = row.get("last_new_article_at")
    return stats


def latest_runs(db: sqlite_utils.Database) -> dict[str, dict]:
    """The most recent `source_runs` row of every source."""
    sql = """
        select * from source_runs r
        where r.rowid = (select r2.rowid from source_runs r2 where r2.source_id = r.source_id
                         order by r2.recorded_at desc, r2.run_id desc limit 1)
    """
    return {row["source_id"]: row for row in db.query(sql)}


def publication_history(db: sqlite_utils.Database, source_id: str, *, dx_only: bool) -> list[str]:
    """The source's latest publication (or first-seen) times, newest first."""
    where = "source_id = ?"
    if dx_only:
        where += " and coalesce(topic_dx, 0) not in (0, '0', '', 'false')"
    sql = f"""
        select coalesce(published_at, first_seen_at) as day from articles
        where {where} and coalesce(published_at, first_seen_at) is not null
        order by day desc limit {HISTORY_LIMIT}
    """
    return [row["day"] for row in db.query(sql, [source_id])]


def last_dx_seen(db: sqlite_utils.Database, source_id: str) -> str | None:
    """When a digital-transformation article of the source was last stored."""
    row = next(
        db.query(
            "select max(first_seen_at) as seen from articles where source_id = ? "
            "and coalesce(topic_dx, 0) not in (0, '0', '', 'false')",
            [source_id],
        )
    )
    if row["seen"]:
        return row["seen"]
    row = next(
        db.query(
            "select max(recorded_at) as seen from source_runs where source_id = ? and new_dx_articles > 0",
            [source_id],
        )
    )
    return row["seen"]


def known_sources(db: sqlite_utils.Database) -> list[str]:
    """Every source that ran, or is enabled in the registry."""
    ids = {r["source_id"] for r in db.query("select distinct source_id from source_runs")}
    # A disabled source that never ran is not news; one that ran keeps its history.
    ids.update(
        str(r["id"]) for r in db.query("select id from sources where coalesce(enabled, 1) != 0")
    )
    return sorted(ids)


def run_times(db: sqlite_utils.Database, source_id: str) -> dict:
    """{"ok": latest run judged ok, "new": latest run that found a new article} of a source."""
    return next(
        db.query(
            "select max(case when status = 'ok' then recorded_at end) as ok, "
            "max(last_new_article_at) as new from source_runs where source_id = ?",
            [source_id],
        )
    )


def save_health(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Upsert `source_health` rows."""
    with db.conn:
        if rows:
            db["source_health"].upsert_all(rows, pk="source_id")


def health_report(db: sqlite_utils.Database) -> list[dict]:
    """Every source's health row joined with its latest run's numbers, for `govmon status`."""
    latest = latest_runs(db)
    report = []
    for row in db.query("select * from source_health order by source_id"):
        row = dict(row)
        row["notes"] = json.loads(row.get("notes") or "[]")
        run = latest.get(row["source_id"])
        row["run"] = stats_of(run) if run else None
        report.append(row)
    return report
