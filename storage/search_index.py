"""The search index: a contentless FTS5 table whose rowid follows publication order.

``articles_fts`` holds no copy of the text (``content=''``): only the index of three columns,

- ``title``: the title folded (crawler.search_query.index_fold: search_fold's tokens, marks
  removed, đ→d),
- ``body``: the lead and body folded,
- ``exact``: title and lead with their marks, tones placed one way (hoà→hòa), for ranking
  articles that hold a word exactly as typed above those that only match it folded.

The columns are computed once, at write time, by :func:`index_values`. The tokenizer keeps
diacritics (``remove_diacritics 0``): the folded columns have none, and the exact column must keep
them. (Folding in the tokenizer, ``remove_diacritics 2``, was measured: its C folding costs about
what Python's does, docs/search.md.) The FTS rowid is the article's ``search_rowid`` (:func:`search_rowid`): publication minute
times 2**32 plus the article id, so ``order by rowid desc`` is newest first and a search can stop
after its first page; a publication date range is a rowid range. ``search_days`` counts articles
per day of that key, for estimating totals without scanning.

A contentless table forgets what it indexed, so removing an article's row needs the values it
was indexed with: :func:`unindex` recomputes them from the stored text (folding is deterministic).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from crawler.clock import VIETNAM as _VIETNAM
from crawler.clock import parse_moment
from crawler.search_query import exact_text, index_fold
from storage.migrations import describe_table

FTS_TABLE = "articles_fts"
FTS_TOKENIZE = "unicode61 remove_diacritics 0"
# bm25 weights in column order: title, body, exact (the exact column only ranks, never matches).
FTS_RANK = "bm25(10.0, 1.0, 0.0)"
MATCH_COLUMNS = "{title body}"
# The articles index a search joins through: search_rowid first, then every filter and facet
# column, so filtering and counting hits never reads the long article rows.
SEARCH_INDEX_COLUMNS = (
    "search_rowid, source_id, province, province_now, published_year, published_month, "
    "is_dx_meeting_report, is_meeting_report, event_id, meeting_date"
)
ID_BITS = 32
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Keys stay inside SQLite's 63-bit integers: minutes are clamped to 1970..2200.
_MAX_MINUTE = 120_000_000

describe_table(
    "search_days",
    "How many articles the search index holds per publication day (Vietnam time); the search "
    "page estimates large totals from it (internal).",
    {
        "day": "Publication day (YYYY-MM-DD) of the articles' search rowid.",
        "articles": "Articles indexed with that day.",
    },
)


def _minute(value: str | None) -> int | None:
    moment = parse_moment(value, naive=_VIETNAM)  # a bare date or a local time: Vietnam time
    return None if moment is None else int((moment - _EPOCH).total_seconds() // 60)


def search_rowid(article_id: int, published_at: str | None, fallback: str | None = None) -> int:
    """The FTS rowid of an article: publication minute (else ``fallback``'s) << 32 | id."""
    minute = _minute(published_at)
    if minute is None:
        minute = _minute(fallback) or 0
    minute = min(max(minute, 0), _MAX_MINUTE)
    return (minute << ID_BITS) | (article_id & ((1 << ID_BITS) - 1))


def rowid_of_day(day: str, *, end: bool = False) -> int:
    """The first search rowid of ``day`` (YYYY-MM-DD, Vietnam time); with ``end``, the last."""
    start = _minute(day[:10])
    if start is None or len(day) < 10:
        raise ValueError(f"not a date (YYYY-MM-DD): {day!r}")
    if end:
        return ((start + 24 * 60) << ID_BITS) - 1
    return max(start, 0) << ID_BITS


def day_of_rowid(rowid: int) -> str:
    """The Vietnam-time day (YYYY-MM-DD) a search rowid falls on."""
    moment = _EPOCH + timedelta(minutes=rowid >> ID_BITS)
    return moment.astimezone(_VIETNAM).date().isoformat()


def article_id_of(rowid: int) -> int:
    """The article id inside a search rowid."""
    return rowid & ((1 << ID_BITS) - 1)


# The exact column holds the title and lead: where a word typed with its accents matters most,
# and short, so the write path stays fast (docs/search.md has the measurements).
EXACT_BODY = False


def index_values(
    title: str | None, lead: str | None, body_text: str | None
) -> tuple[str, str, str]:
    """The three indexed columns of an article (title folded, lead+body folded, exact text)."""
    text = "\n".join(p for p in (lead, body_text) if p)
    exact = "\n".join(p for p in (title, text if EXACT_BODY else lead) if p)
    return index_fold(title or ""), index_fold(text), exact_text(exact)


def create_index(conn: sqlite3.Connection) -> None:
    """Create the FTS table, its rank function and the per-day counts (empty)."""
    conn.execute(
        f"create virtual table if not exists {FTS_TABLE} using fts5("
        f"title, body, exact, content='', tokenize='{FTS_TOKENIZE}')"
    )
    conn.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values('rank', '{FTS_RANK}')")
    conn.execute(
        "create table if not exists search_days (day text primary key, articles integer not null)"
    )


def index_rows(conn: sqlite3.Connection, rows: Iterable[tuple[int, tuple[str, str, str]]]) -> int:
    """Add ``(search_rowid, index_values)`` rows to the index and to ``search_days``.

    The rows go in ascending rowid order: FTS5 writes its pending terms out as a new segment
    whenever a rowid is lower than the previous one, so a batch in publication-minute disorder
    (any crawl) made one tiny segment per article and merged them again: 3x the insert cost
    (docs/search.md)."""
    rows = sorted(rows, key=lambda row: row[0])
    conn.executemany(
        f"insert into {FTS_TABLE}(rowid, title, body, exact) values (?, ?, ?, ?)",
        [(rowid, *values) for rowid, values in rows],
    )
    days: dict[str, int] = {}
    for rowid, _ in rows:
        day = day_of_rowid(rowid)
        days[day] = days.get(day, 0) + 1
    conn.executemany(
        "insert into search_days(day, articles) values (?, ?) "
        "on conflict(day) do update set articles = articles + excluded.articles",
        list(days.items()),
    )
    return len(rows)


def unindex(conn: sqlite3.Connection, rowid: int, old: dict) -> None:
    """Remove an article's index row; ``old`` holds the title, lead and body it was indexed with."""
    values = index_values(old.get("title"), old.get("lead"), old.get("body_text"))
    conn.execute(
        f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, title, body, exact) "
        "values ('delete', ?, ?, ?, ?)",
        [rowid, *values],
    )
    conn.execute(
        "update search_days set articles = articles - 1 where day = ?", [day_of_rowid(rowid)]
    )


def rebuild(conn: sqlite3.Connection, batch: int = 2000) -> int:
    """Empty and refill the index and ``search_days`` from ``articles`` (a migration, a repair)."""
    conn.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values('delete-all')")
    conn.execute("delete from search_days")
    done, last = 0, 0
    while True:
        chunk = conn.execute(
            "select id, published_at, first_seen_at, title, lead, body_text from articles "
            "where id > ? order by id limit ?",
            [last, batch],
        ).fetchall()
        if not chunk:
            return done
        keyed = [
            (search_rowid(article_id, published_at, first_seen), article_id)
            for article_id, published_at, first_seen, *_ in chunk
        ]
        index_rows(
            conn,
            [(key, index_values(*row[3:])) for (key, _), row in zip(keyed, chunk, strict=True)],
        )
        conn.executemany("update articles set search_rowid = ? where id = ?", keyed)
        done += len(chunk)
        last = chunk[-1][0]
