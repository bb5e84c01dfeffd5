"""Alert tables: `watches`, `alert_matches` (also the Atom feed rows) and `deliveries` (one per match and channel)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlite_utils

from crawler.clock import now_iso, parse_moment
from storage.migrations import describe_table, migration

# Raw DDL: article_id keeps whatever type `articles.id` has (no affinity), and the unique keys
# are what makes a delivery happen once per match and channel.
_SCHEMA = """
create table if not exists watches (
    id text primary key,
    query text not null default '',
    query_folded text not null default '',
    filters text not null default '{}',
    channels text not null default '[]',
    since text,
    active integer not null default 1,
    created_at text not null,
    updated_at text not null,
    last_checked_at text
);
create table if not exists alert_matches (
    watch_id text not null references watches(id),
    article_id not null,
    matched_at text not null,
    source_id text,
    url text,
    title text,
    published_at text,
    atom_id text not null,
    atom_title text,
    atom_updated text not null,
    atom_link text,
    atom_content text,
    primary key (watch_id, article_id)
);
create index if not exists alert_matches_feed on alert_matches (watch_id, atom_updated);
create table if not exists deliveries (
    watch_id text not null,
    article_id not null,
    channel text not null,
    status text not null default 'pending',
    attempts integer not null default 0,
    created_at text not null,
    delivered_at text,
    last_error text,
    primary key (watch_id, article_id, channel),
    foreign key (watch_id, article_id) references alert_matches (watch_id, article_id)
);
create index if not exists deliveries_status on deliveries (status);
"""
RECHECK_OVERLAP = timedelta(minutes=10)
ARTICLE_FIELDS = (
    "id",
    "url",
    "source_id",
    "title",
    "lead",
    "body_text",
    "published_at",
    "province",
    "province_now",
    "is_meeting_report",
    "is_dx_meeting_report",
    "topic_dx",
    "event_id",
    "first_seen_at",
    "removed_at",
)


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or timestamp as an aware datetime (naive values are taken as UTC)."""
    return parse_moment(value) if value else None


@migration("alerts_0001_watches_matches_deliveries")
def _create_alert_tables(db: sqlite_utils.Database) -> None:
    db.conn.executescript(_SCHEMA)


@migration("alerts_0002_webhook_keys")
def _hide_webhook_urls(db: sqlite_utils.Database) -> None:
    # Before issue 14 a webhook's channel key was its whole URL, token included.
    from crawler.redact import WEBHOOK_PREFIX, is_redacted, webhook_key

    def key(channel: str) -> str:
        return channel if is_redacted(channel) else webhook_key(channel[len(WEBHOOK_PREFIX) :])

    with db.conn:
        for row in list(db.query("select rowid, channel from deliveries")):
            if not is_redacted(row["channel"]):
                db.execute(
                    "update deliveries set channel = ? where rowid = ?",
                    [key(row["channel"]), row["rowid"]],
                )
        for row in list(db.query("select id, channels from watches")):
            channels = json.loads(row["channels"] or "[]")
            if not all(is_redacted(c) for c in channels):
                db.execute(
                    "update watches set channels = ? where id = ?",
                    [json.dumps([key(c) for c in channels], ensure_ascii=False), row["id"]],
                )


describe_table(
    "watches",
    "Saved searches synced from the watches YAML file (govmon alerts run).",
    {
        "id": "The watch id from the file.",
        "query": "The query as written (accent-free typing works).",
        "query_folded": "The query folded (accents removed, đ→d).",
        "filters": "JSON: province, source, event, meeting_reports_only.",
        "channels": "JSON list: email:<address>, webhook:<origin>/…#<hash> (a webhook URL holds a token: never stored whole).",
        "since": "Optional start: articles first seen after it match on the first check.",
        "active": "0 once the watch was removed from the file (history kept).",
        "created_at": "When the watch first appeared in the file (UTC).",
        "updated_at": "When its definition last changed (UTC).",
        "last_checked_at": "End of the latest matching window (UTC).",
    },
)
describe_table(
    "alert_matches",
    "Articles that matched a watch; also the rows of each watch's Atom feed.",
    {
        "watch_id": "The watch (watches.id).",
        "article_id": "The article (articles.id).",
        "matched_at": "When the match was found (UTC).",
        "source_id": "The article's source (sources.id).",
        "url": "The article URL.",
        "title": "The article title when it matched.",
        "published_at": "The article's publication time as printed.",
        "atom_id": "Atom entry id (tag: URI).",
        "atom_title": "Atom entry title: the article title.",
        "atom_updated": "Atom entry time: the publication time (midnight Vietnam time for a date).",
        "atom_link": "The article URL.",
        "atom_content": "The lead (or the start of the body).",
    },
)
describe_table(
    "deliveries",
    "One row per match and channel: delivered once, failed ones retried.",
    {
        "watch_id": "The watch (watches.id).",
        "article_id": "The article (articles.id).",
        "channel": "email:<address> or webhook:<origin>/…#<hash of the URL>.",
        "created_at": "When the match was queued for this channel (UTC).",
        "status": "pending, failed (retried next run) or delivered.",
        "attempts": "Send attempts so far.",
        "delivered_at": "When the SMTP server or webhook accepted it (UTC).",
        "last_error": "The latest failure.",
    },
)


def sync_watches(db: sqlite_utils.Database, watches: list, *, now: datetime | None = None) -> dict:
    """Make the `watches` table match the file: add, update, and deactivate the ones removed.

    A removed watch is kept (inactive) with its matches and delivery history.
    """
    from crawler.text import fold

    stamp = now_iso(now)
    existing = {r["id"]: r for r in db.query("select * from watches")}
    counts = {"added": 0, "updated": 0, "deactivated": 0}
    with db.conn:
        for w in watches:
            values = {
                "query": w.query,
                "query_folded": fold(w.query),
                "filters": json.dumps(
                    {
                        "province": w.provinces,
                        "source": w.sources,
                        "event": w.events,
                        "meeting_reports_only": w.meeting_reports_only,
                    },
                    ensure_ascii=False,
                ),
                "channels": json.dumps(w.channels, ensure_ascii=False),
                "since": w.since,
                "active": 1,
            }
            old = existing.get(w.id)
            if old is None:
                db["watches"].insert(
                    {"id": w.id, **values, "created_at": stamp, "updated_at": stamp}
                )
                counts["added"] += 1
            elif any(old[k] != v for k, v in values.items()):
                db["watches"].update(w.id, {**values, "updated_at": stamp})
                counts["updated"] += 1
        for watch_id, old in existing.items():
            if old["active"] and watch_id not in {w.id for w in watches}:
                db["watches"].update(watch_id, {"active": 0, "updated_at": stamp})
                counts["deactivated"] += 1
    return counts


def watch_row(db: sqlite_utils.Database, watch_id: str) -> dict:
    return db["watches"].get(watch_id)


def check_start(row: dict) -> datetime:
    """Articles first seen after this moment are new to the watch: its last check, else its
    `since`, else its creation (a new watch does not replay the whole archive)."""
    baseline = parse_time(row.get("since")) or parse_time(row["created_at"])
    if row.get("last_checked_at"):
        # Overlap the previous window a little: an article committed while the last check ran
        # is caught now, and the unique keys make re-matching it a no-op. Never reach back
        # before the watch's own start, though: that would replay what it chose to skip.
        return max(parse_time(row["last_checked_at"]) - RECHECK_OVERLAP, baseline)
    return baseline


def articles_first_seen_between(
    db: sqlite_utils.Database, start: datetime, end: datetime
) -> list[dict]:
    """Articles with start < first_seen_at <= end, compared as instants whatever the ISO style stored."""
    fields = ", ".join(ARTICLE_FIELDS)
    # Coarse filter in SQL on the day (a day of slack covers time zones), exact one in Python.
    low = (start - timedelta(days=1)).date().isoformat()
    rows = db.query(f"select {fields} from articles where first_seen_at >= ?", [low])
    out = []
    for row in rows:
        seen = parse_time(row.get("first_seen_at"))
        if seen is not None and start < seen <= end:
            out.append(dict(row))
    return out


def _atom_updated(article: dict, matched_at: str) -> str:
    published = article.get("published_at")
    if published and "T" in str(published) and parse_time(published):
        return parse_time(published).isoformat()
    if published and parse_time(published):
        return f"{str(published)[:10]}T00:00:00+07:00"  # date only: midnight, Vietnam time
    return matched_at


def record_matches(
    db: sqlite_utils.Database,
    watch_id: str,
    articles: list[dict],
    channels: list[str],
    checked_at: datetime,
    *,
    tag: str = "govmon",
) -> int:
    """Store new matches with one pending delivery per channel, and move the watch's last check
    to `checked_at`, all in one transaction: a match is never lost between the two. Returns
    how many matches were new."""
    stamp = now_iso(checked_at)
    added = 0
    with db.conn:
        for a in articles:
            lead = a.get("lead") or (a.get("body_text") or "")[:400]
            cur = db.execute(
                "insert or ignore into alert_matches (watch_id, article_id, matched_at, source_id, url, "
                "title, published_at, atom_id, atom_title, atom_updated, atom_link, atom_content) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    watch_id,
                    a["id"],
                    stamp,
                    a.get("source_id"),
                    a.get("url"),
                    a.get("title"),
                    a.get("published_at"),
                    f"tag:{tag},2026:watch/{watch_id}/article/{a['id']}",
                    a.get("title") or a.get("url"),
                    _atom_updated(a, stamp),
                    a.get("url"),
                    lead,
                ],
            )
            added += cur.rowcount
            for channel in channels:
                db.execute(
                    "insert or ignore into deliveries (watch_id, article_id, channel, created_at) "
                    "values (?, ?, ?, ?)",
                    [watch_id, a["id"], channel, stamp],
                )
        db.execute("update watches set last_checked_at = ? where id = ?", [stamp, watch_id])
    return added


def undelivered(db: sqlite_utils.Database, watch_id: str, channel: str) -> list[dict]:
    """Matches of a watch not yet delivered on a channel (pending or failed), oldest first."""
    sql = """
        select d.article_id, d.attempts, m.url, m.title, m.published_at, m.source_id, m.atom_content as lead
        from deliveries d join alert_matches m on m.watch_id = d.watch_id and m.article_id = d.article_id
        where d.watch_id = ? and d.channel = ? and d.status != 'delivered'
        order by m.published_at, m.matched_at, d.article_id
    """
    rows = [dict(r) for r in db.query(sql, [watch_id, channel])]
    return with_events(db, rows)


def with_events(db: sqlite_utils.Database, rows: list[dict]) -> list[dict]:
    """Add each row's event (event_id, event_title) and source name, for digests grouped by event."""
    if not rows:
        return rows
    has_events = "events" in db.table_names()
    title = "e.title" if has_events else "null"
    join = "left join events e on e.event_id = a.event_id" if has_events else ""
    ids = [r["article_id"] for r in rows]
    marks = ",".join("?" * len(ids))
    found = {
        r["id"]: r
        for r in db.query(
            f"select a.id, a.event_id, {title} as event_title, s.name as source_name "
            f"from articles a left join sources s on s.id = a.source_id {join} "
            f"where a.id in ({marks})",
            ids,
        )
    }
    return [
        {**r, **{k: v for k, v in found.get(r["article_id"], {}).items() if k != "id"}}
        for r in rows
    ]


def mark_delivered(
    db: sqlite_utils.Database,
    watch_id: str,
    channel: str,
    article_ids: list,
    *,
    now: datetime | None = None,
) -> None:
    """Record a successful send; called only after the SMTP or HTTP call succeeded."""
    with db.conn:
        for article_id in article_ids:
            db.execute(
                "update deliveries set status = 'delivered', attempts = attempts + 1, delivered_at = ?, "
                "last_error = null where watch_id = ? and article_id = ? and channel = ? "
                "and status != 'delivered'",
                [now_iso(now), watch_id, article_id, channel],
            )


def mark_failed(
    db: sqlite_utils.Database, watch_id: str, channel: str, article_ids: list, error: str
) -> None:
    """Record a failed attempt; the rows stay undelivered and are retried on the next run."""
    with db.conn:
        for article_id in article_ids:
            db.execute(
                "update deliveries set status = 'failed', attempts = attempts + 1, last_error = ? "
                "where watch_id = ? and article_id = ? and channel = ? and status != 'delivered'",
                [error[:500], watch_id, article_id, channel],
            )


def delivery_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {
        r["status"]: r["n"]
        for r in db.query("select status, count(*) as n from deliveries group by status")
    }
