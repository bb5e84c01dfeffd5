"""Articles: upsert by URL with git-history-style versions and removal marks.

Copies of stored articles are recognised in storage.copies; read-only look-ups are in
storage.article_lookups.

Re-crawl rule: fetching a page whose content is unchanged changes no row of ``articles``,
``article_versions``, ``images`` or ``attachments``. The moment of that latest sighting goes to
``article_sightings`` (one row per article), so analysts can still ask "when was this last seen".
``articles.last_seen_at`` is therefore the last time a crawl *wrote* the article: its first
fetch, a new version, or its reappearance after having been marked removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import sqlite_utils

from crawler.clock import now_iso
from crawler.text import nfc
from storage.analysis_state import cache_analyses
from storage.article_rows import (
    ATTACHMENT_FIELDS,
    CONTENT_FIELDS,
    IMAGE_FIELDS,
    article_row,
    as_dicts,
    content_hash,
)
from storage.copies import copy_of
from storage.search_index import index_rows, index_values, search_rowid, unindex

# The row helpers live in storage.article_rows; they stay importable from here.
__all__ = [
    "ATTACHMENT_FIELDS",
    "CONTENT_FIELDS",
    "IMAGE_FIELDS",
    "article_row",
    "content_hash",
    "mark_removed",
    "upsert_article",
    "upsert_articles",
]

# Columns a crawl sets once or on a content change, never on an unchanged re-crawl.
_CRAWL_TIME_FIELDS = {"fetched_at", "first_seen_at", "last_seen_at"}


def _replace_children(
    conn: sqlite3.Connection,
    table: str,
    fields: tuple[str, ...],
    article_id: int,
    rows: list[dict],
) -> bool:
    """Replace an article's images or attachments when they differ; True when rows changed."""
    current = conn.execute(
        f"select {', '.join(fields)} from [{table}] where article_id = ? order by position",
        [article_id],
    ).fetchall()
    if current == [tuple(row[name] for name in fields) for row in rows]:
        return False
    conn.execute(f"delete from [{table}] where article_id = ?", [article_id])
    _insert_children(conn, table, fields, [(article_id, rows)])
    return True


def _insert_children(
    conn: sqlite3.Connection, table: str, fields: tuple[str, ...], items: list[tuple[int, list]]
) -> None:
    conn.executemany(
        f"insert into [{table}] (article_id, position, {', '.join(fields)}) "
        f"values ({', '.join('?' * (len(fields) + 2))})",
        [
            (article_id, i, *(row[name] for name in fields))
            for article_id, rows in items
            for i, row in enumerate(rows)
        ],
    )


_SIGHTING_SQL = (
    "insert into article_sightings (article_id, last_seen_at, http_status) values (?, ?, ?) "
    "on conflict(article_id) do update set last_seen_at = excluded.last_seen_at, "
    "http_status = excluded.http_status"
)
# The current version's text lives in articles only; article_versions keeps it once superseded.
_VERSION_SQL = (
    "insert into article_versions (article_id, version, content_hash, published_at, fetched_at) "
    "values (?, ?, ?, ?, ?)"
)


def _version_row(article_id: int, version: int, row: dict) -> tuple:
    return (article_id, version, row["content_hash"], row.get("published_at"), row["fetched_at"])


def _keep_superseded_text(conn: sqlite3.Connection, existing: dict) -> None:
    """Copy the text of the version being replaced into its article_versions row."""
    conn.execute(
        "update article_versions set title = ?, lead = ?, body_text = ?, author = ? "
        "where article_id = ? and version = ?",
        [
            *(existing.get(n) for n in ("title", "lead", "body_text", "author")),
            existing["id"],
            existing["version"],
        ],
    )


class _Batch:
    """One transaction's worth of articles: new ones inserted together, known ones one by one."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.conn = db.conn
        self.columns = list(db["articles"].columns_dict)
        self.next_id = (self.conn.execute("select max(id) from articles").fetchone()[0] or 0) + 1
        self.new: list[dict] = []
        self.children: dict[str, list[tuple[int, list]]] = {"images": [], "attachments": []}
        self.pending: set[str] = set()  # URLs of the new articles not yet inserted
        # The new rows by (source, URL / canonical URL / title): copies are looked up among them.
        self.pending_keys: dict[tuple, list[dict]] = {}
        self.redirects: list[tuple] = []
        self.analyses: list[tuple] = []  # (article id, content hash, analysis) from the pipeline

    def row(self, sql: str, params: list) -> dict | None:
        cursor = self.conn.execute(sql, params)
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def pending_alike(self, source: str, url: str, canonical: str, title: str) -> list[dict]:
        """New rows of ``source`` not inserted yet at the address ``canonical``, naming ``url``
        as canonical, or titled ``title``."""
        keys = [("url", source, canonical), ("canonical", source, url), ("title", source, title)]
        found: list[dict] = []
        for key in keys:
            for row in self.pending_keys.get(key, []):
                if not any(row is other for other in found):
                    found.append(row)
        return found

    def existing(self, url: str) -> dict | None:
        if url in self.pending:
            self.flush()  # the same URL twice in one batch: the first must be in the table
        cursor = self.conn.execute("select * from articles where url = ?", [url])
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def add_new(self, record: dict, row: dict, fetched_at: str) -> int:
        article_id = self.next_id
        self.next_id += 1
        row.update(id=article_id, first_seen_at=fetched_at, last_seen_at=fetched_at, version=1)
        row.setdefault("http_status", 200)
        row["search_rowid"] = search_rowid(article_id, row.get("published_at"), fetched_at)
        self.new.append(row)
        self.pending.add(row["url"])
        source = row.get("source_id")
        for key in (
            ("url", source, row["url"]),
            ("canonical", source, row.get("canonical_url")),
            ("title", source, row.get("title")),
        ):
            if key[2]:
                self.pending_keys.setdefault(key, []).append(row)
        for table, fields in (("images", IMAGE_FIELDS), ("attachments", ATTACHMENT_FIELDS)):
            if table in record:
                self.children[table].append((article_id, as_dicts(record[table], fields)))
        return article_id

    def flush(self) -> None:
        """Insert the new articles, their index rows, versions, children and sightings."""
        if self.new:
            self._insert_new()
        self.conn.executemany(
            "insert or ignore into article_urls (url, article_id, source_id, first_seen_at) "
            "values (?, ?, ?, ?)",
            self.redirects,
        )
        self.redirects = []
        if self.analyses:
            cache_analyses(self.conn, self.analyses)
            self.analyses = []

    def _insert_new(self) -> None:
        present = set().union(*self.new)
        names = [c for c in self.columns if c in present]
        self.conn.executemany(
            f"insert into articles ({', '.join(names)}) values ({', '.join('?' * len(names))})",
            [tuple(map(row.get, names)) for row in self.new],
        )
        index_rows(
            self.conn,
            [
                (
                    row["search_rowid"],
                    index_values(row.get("title"), row.get("lead"), row.get("body_text")),
                )
                for row in self.new
            ],
        )
        self.conn.executemany(_VERSION_SQL, [_version_row(r["id"], 1, r) for r in self.new])
        self.conn.executemany(
            _SIGHTING_SQL, [(r["id"], r["fetched_at"], r["http_status"]) for r in self.new]
        )
        _insert_children(self.conn, "images", IMAGE_FIELDS, self.children["images"])
        _insert_children(self.conn, "attachments", ATTACHMENT_FIELDS, self.children["attachments"])
        self.new, self.children = [], {"images": [], "attachments": []}
        self.pending = set()
        self.pending_keys = {}


def _update_known(batch: _Batch, record: dict, existing: dict) -> tuple[str, int, dict]:
    """Write a record whose URL is stored: a new version, in-place changes, or nothing."""
    conn = batch.conn
    # A content field the record lacks keeps its stored value (and so its hash).
    kept = {name: existing[name] for name in CONTENT_FIELDS if name not in record}
    row = article_row({**kept, **record}, batch.columns)
    fetched_at = row.get("fetched_at") or now_iso()
    row["fetched_at"] = fetched_at
    status = row.get("http_status")
    article_id = existing["id"]
    if existing["content_hash"] != row["content_hash"]:
        row.update(version=(existing["version"] or 0) + 1, last_seen_at=fetched_at)
        row["removed_at"] = None
        row["http_status"] = status or 200
        row.pop("first_seen_at", None)
        row["search_rowid"] = search_rowid(
            article_id, row.get("published_at"), existing["first_seen_at"]
        )
        if existing.get("search_rowid") is not None:
            unindex(conn, existing["search_rowid"], existing)
        _keep_superseded_text(conn, existing)
        _set(conn, article_id, row)
        index_rows(
            conn,
            [
                (
                    row["search_rowid"],
                    index_values(row.get("title"), row.get("lead"), row.get("body_text")),
                )
            ],
        )
        conn.execute(_VERSION_SQL, _version_row(article_id, row["version"], row))
        return "updated", article_id, row
    changes = {
        key: value
        for key, value in row.items()
        if key not in _CRAWL_TIME_FIELDS and key != "url" and existing.get(key) != value
    }
    if existing["removed_at"] is not None:
        changes.update(removed_at=None, last_seen_at=fetched_at)
        changes["http_status"] = status or 200
    if changes:
        _set(conn, article_id, changes)
    return "unchanged", article_id, row


def _set(conn: sqlite3.Connection, article_id: int, values: dict) -> None:
    values = {k: v for k, v in values.items() if k != "id"}
    conn.execute(
        f"update articles set {', '.join(f'[{k}] = ?' for k in values)} where id = ?",
        [*values.values(), article_id],
    )


def upsert_articles(db: sqlite_utils.Database, records: Iterable[dict]) -> list[str]:
    """Store crawled articles by URL in ONE transaction; return each one's outcome.

    The bulk write path: new articles, their index rows, versions, sightings, images and
    attachments go in with one statement per table for the whole batch; text is folded once,
    here. Either the whole batch is committed or none of it (an error rolls everything back).
    See :func:`upsert_article` for what a record holds and what each outcome means.
    """
    records = list(records)
    for record in records:
        if not record.get("url"):
            raise ValueError("article record has no url")
    conn = db.conn
    outcomes: list[str] = []
    with conn:
        if not conn.in_transaction:
            # Take the write lock before reading max(id): another writer cannot slip in between.
            conn.execute("begin immediate")
        batch = _Batch(db)
        sources = {nfc(str(r["source_id"])) for r in records if r.get("source_id")}
        conn.executemany(
            "insert or ignore into sources (id, enabled) values (?, 1)", [(s,) for s in sources]
        )
        for record in records:
            outcomes.append(_write_one(batch, record))
        batch.flush()
    return outcomes


def _write_one(batch: _Batch, record: dict) -> str:
    url = nfc(record["url"])
    existing = batch.existing(url)
    if existing is None:
        relation = copy_of(batch, record, url)
        fetched_at = record.get("fetched_at") or now_iso()
        if relation and relation[0] == "copy":
            # A print, mobile or AMP copy of a stored article: no row of its own, its address
            # is remembered with the article's (article_urls), so it is not fetched again.
            row = relation[1]
            batch.redirects.append((url, row["id"], row["source_id"], fetched_at))
            return "duplicate"
        if relation:
            # The stored row was a copy reached first; the article its canonical link names is
            # here now: the row takes the article's address, the copy's becomes another one.
            existing = relation[1]
            batch.conn.execute("update articles set url = ? where id = ?", [url, existing["id"]])
            batch.redirects.append(
                (existing["url"], existing["id"], existing["source_id"], fetched_at)
            )
            existing["url"] = url
    if existing is None:
        row = article_row(record, batch.columns)
        fetched_at = row.get("fetched_at") or now_iso()
        row["fetched_at"] = fetched_at
        article_id = batch.add_new(record, row, fetched_at)
        outcome = "new"
    else:
        outcome, article_id, row = _update_known(batch, record, existing)
        for table, fields in (("images", IMAGE_FIELDS), ("attachments", ATTACHMENT_FIELDS)):
            if table in record:
                _replace_children(
                    batch.conn, table, fields, article_id, as_dicts(record[table], fields)
                )
        batch.conn.execute(
            _SIGHTING_SQL, (article_id, row["fetched_at"], row.get("http_status") or 200)
        )
    if isinstance(record.get("analysis"), dict) and outcome != "unchanged":
        # Analysed by the crawl's pipeline: the nightly step reuses it instead of analysing again.
        batch.analyses.append((article_id, row["content_hash"], record["analysis"]))
    requested = nfc(record.get("requested_url") or "")
    if requested and requested != url:
        # After the article row (flush): article_urls.article_id references it.
        batch.redirects.append((requested, article_id, row.get("source_id"), row["fetched_at"]))
    return outcome


def upsert_article(db: sqlite_utils.Database, record: dict) -> str:
    """Store one crawled article by URL; return ``"new"``, ``"updated"``, ``"unchanged"`` or
    ``"duplicate"``.

    A record at an address not stored yet that copies a stored article of its source (its
    canonical link names that article, or it has the same title over the same text, and no
    other publication day: a print, mobile or AMP copy) gets no row: its address goes to ``article_urls`` and the result is
    ``"duplicate"``. A stored row that was such a copy, reached first, takes the address its
    canonical link names when the article itself arrives (the copy's address is kept in
    ``article_urls``), and is updated as a known article.

    ``record`` is ``Article.to_dict()`` plus ``source_id``, ``province`` and ``fetched_at``, and
    optionally analysis fields (``topic_dx``, ``is_meeting_report``, ``relevance_score``,
    ``relevance_reasons``, ``province_now``, ``event_id``, ``meeting_date``...), ``etag``,
    ``last_modified``, ``http_status`` and ``requested_url`` (the link followed, when a redirect
    led elsewhere: kept in ``article_urls``). Keys that are not ``articles`` columns are ignored; a
    key absent from ``record`` leaves the stored value alone. A content change (see
    :func:`content_hash`) adds a row to ``article_versions``; other changed fields (analysis,
    etag) are updated in place without a new version and the result is ``"unchanged"``.
    One transaction: the article, its index row, version, images and attachments together.
    """
    return upsert_articles(db, [record])[0]


def mark_removed(
    db: sqlite_utils.Database, url: str, status: int | None, when: str | None = None
) -> bool:
    """Note that ``url`` is gone (HTTP ``status``, e.g. 404/410); never deletes.

    ``removed_at`` is set the first time only; ``http_status`` follows the latest check.
    Returns False when the URL is not a stored article.
    """
    existing = next(
        db.query("select id, removed_at, http_status from articles where url = ?", [url]), None
    )
    if existing is None:
        return False
    changes = {}
    if existing["removed_at"] is None:
        changes["removed_at"] = when or now_iso()
    if existing["http_status"] != status:
        changes["http_status"] = status
    if changes:
        with db.conn:
            db["articles"].update(existing["id"], changes)
    return True
