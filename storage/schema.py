"""The core tables (sources, articles, versions, images, attachments, crawl runs) and their search index."""

from __future__ import annotations

import sqlite_utils

from storage.migrations import CORE_STAGE, migration
from storage.search_index import SEARCH_INDEX_COLUMNS, create_index, rebuild

# FTS5 folds tones and both tone placements (hoà/hòa) but keeps đ; the folded column
# (crawler.text.fold: đ→d, every mark removed) makes accent-free typing find "Đề án".
FTS_COLUMNS = ["title", "lead", "body_text", "search_folded"]
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
# bm25 weights, in FTS_COLUMNS order: a hit in the text as published outranks a folded-only hit.
FTS_RANK = "bm25(10.0, 5.0, 1.0, 0.5)"

ARTICLE_COLUMNS: dict[str, type] = {
    "id": int,
    "url": str,
    "source_id": str,
    "canonical_url": str,
    "title": str,
    "lead": str,
    "body_text": str,
    "author": str,
    "published_at": str,
    "published_date": str,
    "published_year": int,
    "published_month": str,
    "modified_at": str,
    "province": str,
    "province_now": str,
    "cms_family": str,
    "extraction_method": str,
    "fetched_at": str,
    "first_seen_at": str,
    "last_seen_at": str,
    "content_hash": str,
    "version": int,
    "removed_at": str,
    "http_status": int,
    "etag": str,
    "last_modified": str,
    "topic_dx": int,
    "is_meeting_report": int,
    "is_dx_meeting_report": int,
    "relevance_score": float,
    "relevance_reasons": str,
    "event_id": str,
    "duplicate_of": int,
    "meeting_date": str,
    "image_count": int,
    "attachment_count": int,
    "search_folded": str,
    "body_truncated_at": int,
}


@migration("core_0001_tables", stage=CORE_STAGE)
def _create_core_tables(db: sqlite_utils.Database) -> None:
    db["sources"].create(
        {
            "id": str,
            "name": str,
            "province": str,
            "province_now": str,
            "kind": str,
            "cms": str,
            "base_url": str,
            "start_urls": str,
            "enabled": int,
            "extra": str,
            "synced_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["articles"].create(
        ARTICLE_COLUMNS,
        pk="id",
        not_null={"url"},
        foreign_keys=[("source_id", "sources", "id"), ("duplicate_of", "articles", "id")],
        if_not_exists=True,
    )
    db["articles"].create_index(["url"], unique=True, if_not_exists=True)
    for columns in (
        ["source_id"],
        ["published_at"],
        ["published_date"],
        ["province"],
        ["province_now"],
        ["event_id"],
        ["is_meeting_report", "published_at"],
        ["fetched_at"],
    ):
        db["articles"].create_index(columns, if_not_exists=True)
    db["article_versions"].create(
        {
            "article_id": int,
            "version": int,
            "content_hash": str,
            "title": str,
            "lead": str,
            "body_text": str,
            "author": str,
            "published_at": str,
            "fetched_at": str,
        },
        pk=("article_id", "version"),
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["article_versions"].create_index(["fetched_at"], if_not_exists=True)
    db["images"].create(
        {"article_id": int, "position": int, "src": str, "caption": str},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["attachments"].create(
        {"article_id": int, "position": int, "url": str, "title": str, "kind": str},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["article_sightings"].create(
        {"article_id": int, "last_seen_at": str, "http_status": int},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "sources": str,
            "stats": str,
        },
        pk="id",
        if_not_exists=True,
    )


@migration("core_0002_articles_fts", stage=CORE_STAGE)
def _create_articles_fts(db: sqlite_utils.Database) -> None:
    # External-content FTS5 kept in sync by triggers: any write path updates the index.
    db["articles"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZE, create_triggers=True)
    db.execute(f"insert into articles_fts(articles_fts, rank) values('rank', '{FTS_RANK}')")
    db.conn.commit()


@migration("core_0003_fetch_validators", stage=CORE_STAGE)
def _create_fetch_validators(db: sqlite_utils.Database) -> None:
    db["fetch_validators"].create(
        {"url": str, "source_id": str, "etag": str, "last_modified": str, "updated_at": str},
        pk="url",
        if_not_exists=True,
    )
    db["fetch_validators"].create_index(["source_id"], if_not_exists=True)


@migration("core_0004_article_urls", stage=CORE_STAGE)
def _create_article_urls(db: sqlite_utils.Database) -> None:
    # Other addresses of a stored article: the links that redirected to it. Without them a
    # listing that links the old address would make every night fetch the article again.
    db["article_urls"].create(
        {"url": str, "article_id": int, "source_id": str, "first_seen_at": str},
        pk="url",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["article_urls"].create_index(["source_id"], if_not_exists=True)


@migration("core_0006_body_truncated_at", stage=CORE_STAGE)
def _add_body_truncated_at(db: sqlite_utils.Database) -> None:
    if "body_truncated_at" not in db["articles"].columns_dict:
        db["articles"].add_column("body_truncated_at", int)


@migration("core_0005_lean_search_index", stage=CORE_STAGE)
def _lean_search_index(db: sqlite_utils.Database) -> None:
    """Search at scale (issue 13): a contentless index in publication order, no folded copy.

    Replaces core_0002's external-content index (and its triggers and the stored
    ``search_folded`` column) with storage.search_index's; empties the text of each article's
    current version in article_versions (it is the row in articles).
    """
    conn = db.conn
    with conn:
        for trigger in db.triggers:
            if trigger.table == "articles" and trigger.name.startswith("articles_"):
                conn.execute(f"drop trigger if exists [{trigger.name}]")
        conn.execute("drop table if exists articles_fts")
        columns = db["articles"].columns_dict
        if "search_rowid" not in columns:
            conn.execute("alter table articles add column search_rowid integer")
        if "search_folded" in columns:
            conn.execute("alter table articles drop column search_folded")
        create_index(conn)
        rebuild(conn)
        # Covering: joining hits to their facet columns never reads the (long) article rows.
        conn.execute(
            f"create index if not exists idx_articles_search on articles({SEARCH_INDEX_COLUMNS})"
        )
        conn.execute(
            "update article_versions set title = null, lead = null, body_text = null, "
            "author = null where version = "
            "(select a.version from articles a where a.id = article_versions.article_id)"
        )


@migration("core_0007_search_index_covers_dx_meetings", stage=CORE_STAGE)
def _search_index_covers_dx_meetings(db: sqlite_utils.Database) -> None:
    """idx_articles_search also holds is_dx_meeting_report (the search page's "DX meeting
    report" filter and facet), so counting facets over a search's hits never reads article rows
    (at 200,000 articles: 47 ms of a 63 ms search went to those reads)."""
    conn = db.conn
    current = conn.execute(
        "select sql from sqlite_master where name = 'idx_articles_search'"
    ).fetchone()
    if current and "is_dx_meeting_report" in current[0]:
        return
    with conn:
        conn.execute("drop index if exists idx_articles_search")
        conn.execute(f"create index idx_articles_search on articles({SEARCH_INDEX_COLUMNS})")


@migration("core_0008_copy_lookups", stage=CORE_STAGE)
def _copy_lookups(db: sqlite_utils.Database) -> None:
    """Finding the stored article a copy repeats (storage.articles: print, mobile and AMP copies,
    canonical links): by source and title, and by a canonical link naming another address (a
    partial index: only rows whose canonical URL is not their own)."""
    conn = db.conn
    with conn:
        conn.execute(
            "create index if not exists idx_articles_source_title on articles(source_id, title)"
        )
        conn.execute(
            "create index if not exists idx_articles_canonical_elsewhere on articles(canonical_url)"
            " where canonical_url != url"
        )
