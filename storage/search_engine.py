"""Running a search: newest first or by relevance, a bounded total, facets over a bounded sample.

Every cost here is bounded by a page or by ``CANDIDATES``, not by the number of hits:

- **Newest first** walks the index in rowid order (publication order, storage.search_index) and
  stops after the page.
- **The total** is counted exactly up to ``CANDIDATES`` hits; beyond, it is estimated from where
  the ``CANDIDATES``-th newest hit lies (hits per article in that stretch × articles in the date
  range, from ``search_days``) and labelled as an estimate. ``exact_count`` counts them all.
- **Relevance** ranks the newest ``CANDIDATES`` hits: first by how many words typed with accents
  they hold exactly (the index's ``exact`` column), then whether they hold the unquoted words as
  a phrase, then whether the title alone answers the query, then newest first. Each criterion
  is an FTS5 query over that rowid range.
- **Facets** count the newest ``CANDIDATES`` hits (all of them when there are fewer).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from crawler.search_query import Query, parse_query
from storage.search_index import (
    FTS_TABLE,
    MATCH_COLUMNS,
    article_id_of,
    rowid_of_day,
)

CANDIDATES = 2000
# The ranking criteria read at most this many index hits (the newest of the candidates' span):
# with a selective filter the candidates lie far apart, and a phrase query over every hit in
# between costs 0.3 s at 200,000 articles. Candidates older than that span follow, newest first.
SIGNAL_SPAN = 8000
MAX_PAGE_SIZE = 1000
FACET_COLUMNS = {
    "province": "a.province",
    "province_now": "a.province_now",
    "source_id": "a.source_id",
    "kind": "s.kind",
    "year": "a.published_year",
    "month": "a.published_month",
    "meeting": "a.is_dx_meeting_report",  # "DX meeting reports only" (issue 12)
    "event_id": "a.event_id",
}
_INTEGER_FILTERS = {"year", "meeting"}
RESULT_COLUMNS = (
    "a.id, a.title, a.lead, a.body_text, a.published_at, a.meeting_date, a.province, "
    "a.province_now, a.source_id, s.name as source_name, s.kind as source_kind, "
    "a.is_dx_meeting_report, a.event_id, a.url"
)


@dataclass
class SearchRequest:
    """What a search page, feed or export asks for."""

    query: str
    filters: dict[str, str] = field(default_factory=dict)
    published_from: str = ""
    published_to: str = ""
    meeting_from: str = ""
    meeting_to: str = ""
    sort: str = "newest"  # or "relevance"
    page: int = 1
    page_size: int = 20
    exact_count: bool = False


@dataclass
class SearchResult:
    """A page of hits, the total (exact or estimated) and facets with the sample they count."""

    rows: list[dict]
    total: int
    total_exact: bool
    sample: int  # hits the facets (and relevance) looked at
    facets: dict[str, list[tuple[object, int]]]
    query: Query


def _day(value: str) -> str:
    value = (value or "").strip()[:10]
    if (
        len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and value.replace("-", "").isdigit()
    ):
        return value
    return ""


class _Plan:
    """The SQL pieces of one request: MATCH, rowid range and the filters needing a join."""

    def __init__(self, request: SearchRequest, query: Query) -> None:
        self.match = query.fts(MATCH_COLUMNS)
        self.low = rowid_of_day(_day(request.published_from)) if _day(request.published_from) else 0
        self.high = (
            rowid_of_day(_day(request.published_to), end=True)
            if _day(request.published_to)
            else (1 << 62)
        )
        self.where: list[str] = []
        self.params: list = []
        for key, value in sorted(request.filters.items()):
            if key not in FACET_COLUMNS or value in (None, ""):
                continue
            if key in _INTEGER_FILTERS:
                try:
                    value = int(value)
                except ValueError:
                    continue
            self.where.append(f"{FACET_COLUMNS[key]} = ?")
            self.params.append(value)
        for bound, op in ((request.meeting_from, ">="), (request.meeting_to, "<=")):
            if _day(bound):
                self.where.append(f"a.meeting_date {op} ?")
                self.params.append(_day(bound))

    def hits_sql(self, select: str, low: int | None = None) -> tuple[str, list]:
        """SQL selecting ``select`` over the hits between ``low`` (default: range start) and the
        range end; filters add a join with articles and sources."""
        sql = f"select {select} from {FTS_TABLE} f "
        if self.where:
            # CROSS JOIN keeps the index as the outer loop: SQLite would otherwise start from
            # articles(province) and re-run the MATCH for every article of the province.
            sql += "cross join articles a on a.search_rowid = f.rowid "
            if any(w.startswith("s.") for w in self.where):
                sql += "left join sources s on s.id = a.source_id "
        sql += f"where {FTS_TABLE} match ? and f.rowid between ? and ?"
        for condition in self.where:
            sql += f" and {condition}"
        return sql, [self.match, self.low if low is None else low, self.high, *self.params]


def _newest_rowids(conn: sqlite3.Connection, plan: _Plan, limit: int, offset: int = 0) -> list:
    sql, params = plan.hits_sql("f.rowid")
    sql += " order by f.rowid desc limit ? offset ?"
    return [r[0] for r in conn.execute(sql, [*params, limit, offset])]


def _estimate(conn: sqlite3.Connection, plan: _Plan, kth_rowid: int) -> int:
    """Hits in the range, from CANDIDATES hits among the articles from ``kth_rowid`` on."""
    from storage.search_index import day_of_rowid

    first, kth = day_of_rowid(plan.low), day_of_rowid(kth_rowid)
    end = day_of_rowid(min(plan.high, (1 << 62) - 1))
    # One read of search_days: the articles of the range, and those from the k-th hit's day on.
    everything, stretch = conn.execute(
        "select coalesce(sum(articles), 0), coalesce(sum(articles) filter (where day >= ?), 0) "
        "from search_days where day between ? and ?",
        [kth, first, end],
    ).fetchone()
    # (The k-th hit lies inside the range, so kth >= first: the filter is the old second read.)
    stretch = max(stretch, CANDIDATES)
    return max(CANDIDATES + 1, round(CANDIDATES * everything / stretch))


def _rowids_in_range(conn: sqlite3.Connection, match: str, low: int, high: int) -> set[int]:
    return {
        r
        for (r,) in conn.execute(
            f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ? and rowid between ? and ?",
            [match, low, high],
        )
    }


def _rank(conn: sqlite3.Connection, plan: _Plan, query: Query, candidates: list[int]) -> list[int]:
    """The candidates (the newest hits, search rowids, newest first) in relevance order.

    Each criterion is one FTS5 query over the candidates' rowid range, so the cost follows the
    candidates, not the archive. (FTS5's bm25 was dropped: its document frequencies are counted
    over the whole index on every query, 0.25 s at 200,000 articles, growing with the archive.)
    """
    low, high = candidates[-1], candidates[0]
    if plan.where and len(candidates) > 1:
        # Filtered: the span may hold many hits the filter drops; bound it (SIGNAL_SPAN).
        edge = conn.execute(
            f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ? and rowid between ? and ? "
            "order by rowid desc limit 1 offset ?",
            [plan.match, low, high, SIGNAL_SPAN - 1],
        ).fetchone()
        if edge is not None and edge[0] > low:
            low = edge[0]
            older = [r for r in candidates if r < low]
            return _rank(conn, plan, query, [r for r in candidates if r >= low]) + older
    exact = dict.fromkeys(candidates, 0)
    for word in query.accented_words():
        for rowid in _rowids_in_range(conn, f'exact : "{word}"', low, high):
            if rowid in exact:
                exact[rowid] += 1
    phrase: set[int] = set()
    for words in query.loose_phrases():
        phrase |= _rowids_in_range(conn, f'{MATCH_COLUMNS} : "{" ".join(words)}"', low, high)
    in_title = _rowids_in_range(conn, query.fts("{title}"), low, high)
    return sorted(candidates, key=lambda r: (-exact[r], r not in phrase, r not in in_title, -r))


def _facet_rows(conn: sqlite3.Connection, rowids: list[int], dense: bool) -> list[tuple]:
    """The facet columns (source kind aside) of the articles behind ``rowids``.

    The sample is the newest hits: usually most articles of its rowid span, so one sequential
    read of idx_articles_search over the span (at most 4 rows per hit) beats a look-up per hit;
    a sparse sample (a rare word, or hits a filter thinned: ``dense`` False) is looked up hit
    by hit."""
    columns = ", ".join(c for k, c in FACET_COLUMNS.items() if k != "kind")
    if dense:
        cap = 4 * len(rowids)
        span = conn.execute(
            f"select a.search_rowid, {columns} from articles a indexed by idx_articles_search "
            "where a.search_rowid between ? and ? limit ?",
            [min(rowids), max(rowids), cap + 1],
        ).fetchall()
        if len(span) <= cap:
            wanted = set(rowids)
            return [row[1:] for row in span if row[0] in wanted]
    return conn.execute(
        f"select {columns} from json_each(?) j join articles a on a.search_rowid = j.value",
        [json.dumps(rowids)],
    ).fetchall()


def _facets(
    conn: sqlite3.Connection, rowids: list[int], dense: bool = True
) -> dict[str, list[tuple[object, int]]]:
    """Counts of each facet's values among ``rowids``: one read of the sample, counted here."""
    if not rowids:
        return {}
    rows = _facet_rows(conn, rowids, dense)
    if not rows:
        return {}
    keys = [k for k in FACET_COLUMNS if k != "kind"]
    columns = dict(zip(keys, zip(*rows, strict=True), strict=True))
    kinds = dict(conn.execute("select id, kind from sources"))
    columns["kind"] = tuple(kinds.get(source) for source in columns["source_id"])
    facets = {}
    # One column at a time: Counter counts an iterable in C.
    for key in FACET_COLUMNS:
        counter = Counter(columns[key])
        counter.pop(None, None)
        if counter:
            facets[key] = sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:30]
    return facets


def fetch_rows(conn: sqlite3.Connection, rowids: list[int]) -> list[dict]:
    """The result columns of the articles behind ``rowids``, in that order."""
    if not rowids:
        return []
    cursor = conn.execute(
        f"select {RESULT_COLUMNS} from json_each(?) j join articles a on a.id = j.value "
        "left join sources s on s.id = a.source_id",
        [json.dumps([article_id_of(r) for r in rowids])],
    )
    names = [d[0] for d in cursor.description]
    by_id = {row[0]: dict(zip(names, row, strict=True)) for row in cursor}
    return [by_id[article_id_of(r)] for r in rowids if article_id_of(r) in by_id]


def run_search(conn: sqlite3.Connection, request: SearchRequest) -> SearchResult:
    """Run ``request`` on an open connection; raises QueryError for a query that cannot run."""
    query = parse_query(request.query)
    size = max(1, min(request.page_size, MAX_PAGE_SIZE))
    offset = (max(1, request.page) - 1) * size
    if query.empty:
        return SearchResult([], 0, True, 0, {}, query)
    plan = _Plan(request, query)
    sample = _newest_rowids(conn, plan, CANDIDATES + 1)
    if len(sample) <= CANDIDATES:
        total, exact = len(sample), True
    elif request.exact_count:
        sql, params = plan.hits_sql("count(*)")
        total, exact = conn.execute(sql, params).fetchone()[0], True
    else:
        total, exact = _estimate(conn, plan, sample[CANDIDATES - 1]), False
    sample = sample[:CANDIDATES]
    if request.sort == "relevance" and sample:
        ranked = _rank(conn, plan, query, sample)
        page = ranked[offset : offset + size]
    elif offset + size <= len(sample):
        page = sample[offset : offset + size]
    else:
        page = _newest_rowids(conn, plan, size, offset)
    return SearchResult(
        fetch_rows(conn, page),
        total,
        exact,
        len(sample),
        _facets(conn, sample, dense=not plan.where),
        query,
    )
