"""govmon's Datasette plugin: readable article pages, SQL helpers, search arguments, robots."""

from __future__ import annotations

import difflib
import gc
import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import nh3
from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup

from crawler.search_query import QueryError
from crawler.text import fold, nfc
from storage.search import (
    fts_query,
    snippet_text,
)


def _config(datasette) -> dict:
    return datasette.plugin_config("govmon") or {}


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None: never a javascript: or data: link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def clean_html(fragment: str) -> Markup:
    """Sanitise generated HTML with nh3 (only <mark> survives) before marking it safe."""
    return Markup(nh3.clean(fragment, tags={"mark"}, attributes={}))


def _province_coordinate(name: str | None, key: str) -> float | None:
    if not name:
        return None
    from crawler.provinces import province_record

    record = province_record(name)
    return record.get(key) if record else None


@hookimpl
def prepare_connection(conn):
    conn.create_function(
        "vn_fold", 1, lambda text: fold(text) if text is not None else "", deterministic=True
    )
    conn.create_function(
        "vn_snippet", 2, lambda text, q: snippet_text(text or "", q or ""), deterministic=True
    )
    conn.create_function("search_match", 1, _search_match, deterministic=True)
    conn.create_function(
        "search_rowid_of_day",
        2,
        lambda day, end: _rowid_of_day(day, bool(end)),
        deterministic=True,
    )
    conn.create_function(
        "province_lat", 1, lambda name: _province_coordinate(name, "lat"), deterministic=True
    )
    conn.create_function(
        "province_lon", 1, lambda name: _province_coordinate(name, "lon"), deterministic=True
    )


def _rowid_of_day(day: str | None, end: bool) -> int:
    """search_rowid_of_day(:day, 0|1): the first (or, with 1, last) search rowid of a day;
    no day gives the whole index."""
    from storage.search_index import rowid_of_day

    day = (day or "").strip()[:10]
    try:
        return rowid_of_day(day, end=end) if day else ((1 << 62) if end else 0)
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {day!r}") from None


def _search_match(query: str | None) -> str:
    """SQL function search_match(:q): the FTS5 expression of a query in govmon's language."""
    try:
        return fts_query(query or "") or '""'
    except QueryError as exc:
        raise ValueError(f"search: {exc}") from exc


async def robots_txt(request, datasette):
    body = (
        "User-agent: *\nDisallow: /\n"
        if _config(datasette).get("production")
        else "User-agent: *\nAllow: /\n"
    )
    return Response.text(body)


@hookimpl
def startup(datasette):
    """In `govmon serve`, freeze what is loaded (see serving.FREEZE_GC_AT_STARTUP)."""
    from datasette_config import serving

    if serving.FREEZE_GC_AT_STARTUP:
        gc.collect()
        gc.freeze()


@hookimpl
def register_routes():
    # /-/search is govmon_search.py's.
    return [(r"^/robots\.txt$", robots_txt)]


def normalise_search_args(query_string: bytes) -> bytes:
    """NFC and look-alike Ð→Đ in ``_search`` arguments, so Datasette's own search finds them."""
    if b"_search" not in query_string:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    pairs = [(k, nfc(v) if k.startswith("_search") else v) for k, v in pairs]
    if any(k == "_search" for k, _ in pairs) and not any(k == "_searchmode" for k, _ in pairs):
        # ?_search= speaks govmon's query language: hand Datasette the compiled expression.
        compiled = []
        for key, value in pairs:
            if key == "_search":
                try:
                    value = fts_query(value) or value
                    compiled.append(("_searchmode", "raw"))
                except QueryError:
                    pass  # Datasette then searches the text literally
            compiled.append((key, value))
        pairs = compiled
    return urlencode(pairs).encode("latin-1")


# Above this many hits, Datasette's own count and facets over every hit of a ?_search= on the
# articles table would run into their time limits (at a million articles: seconds each); the
# search page (/-/search) gives bounded totals and facets instead. Same bound as search_engine.
TABLE_SEARCH_FULL_COUNT = 2000


async def _bounded_table_search(datasette, scope) -> bytes:
    """``?_search=`` on the articles table at scale: newest first by the index's own order
    (``search_rowid``, so SQLite stops after the page) unless a sort is asked for, and Datasette's
    ``_nocount``/``_nofacet`` when the search has more than TABLE_SEARCH_FULL_COUNT hits."""
    query_string = scope["query_string"]
    parts = [p for p in (scope.get("path") or "").split("/") if p]
    if len(parts) != 2 or parts[1].split(".")[0] != "articles":
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    args = dict(pairs)
    if args.get("_searchmode") != "raw" or not args.get("_search"):
        return query_string
    try:
        db = datasette.get_database(tilde_decode(parts[0]))
        hits = (
            await db.execute(
                "select count(*) from (select rowid from articles_fts where articles_fts "
                "match :q limit :n)",
                {"q": args["_search"], "n": TABLE_SEARCH_FULL_COUNT + 1},
            )
        ).first()[0]
    except Exception:  # noqa: BLE001 - no such database or index: Datasette answers as usual
        return query_string
    if not any(k.startswith("_sort") for k in args):
        pairs.append(("_sort_desc", "search_rowid"))
        # Datasette pages by the sort column, so a page showing chosen columns must show it.
        if "." not in parts[1] and not any(k in args for k in ("_format", "_shape", "_nocol")):
            if "_col" not in args and ("_columns", "all") not in pairs:
                defaults = (_config(datasette).get("default_columns") or {}).get("articles")
                pairs += [("_col", column) for column in defaults or []]
            if any(k == "_col" for k, _ in pairs):
                pairs.append(("_col", "search_rowid"))
    if hits > TABLE_SEARCH_FULL_COUNT:
        pairs += [(k, "1") for k in ("_nocount", "_nofacet") if k not in args]
    return urlencode(pairs).encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    """Normalise search text; in production, tell crawlers not to index any page."""

    def wrap(app):
        async def govmon_asgi(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            scope = {**scope, "query_string": normalise_search_args(scope.get("query_string", b""))}
            if b"_search" in scope["query_string"]:
                scope = {**scope, "query_string": await _bounded_table_search(datasette, scope)}
            return await app(scope, receive, send)  # response headers: govmon_security

        return govmon_asgi

    return wrap


async def _meeting_facts(db, article_id: str) -> dict | None:
    """The article's meeting facts with the phrase its date was read from and the facts taken
    from other reports of the same event (None when the database has no such row)."""
    if not await db.table_exists("meetings"):
        return None
    rows = await db.execute("select * from meetings where article_id = ?", [article_id])
    if not rows.rows:
        return None
    facts = dict(rows.rows[0])
    try:
        facts["other_coverage"] = json.loads(facts.get("from_other_coverage") or "[]")
    except ValueError:
        facts["other_coverage"] = []
    facts.setdefault("meeting_date_phrase", None)  # a database from before the column
    return facts


async def _article_context(datasette, database: str, article_id: str) -> dict | None:
    db = datasette.get_database(database)
    rows = await db.execute(
        "select a.*, s.name as source_name, s.kind as source_kind from articles a "
        "left join sources s on s.id = a.source_id where a.id = ?",
        [article_id],
    )
    if not rows.rows:
        return None
    article = dict(rows.rows[0])
    article["paragraphs"] = [p for p in (article.get("body_text") or "").split("\n\n") if p.strip()]
    article["original"] = safe_url(article.get("url"))
    try:
        article["reasons"] = json.loads(article.get("relevance_reasons") or "[]")
    except ValueError:
        article["reasons"] = []
    article["meeting"] = await _meeting_facts(db, article_id)
    images = await db.execute(
        "select position, src, caption from images where article_id = ? order by position",
        [article_id],
    )
    article["images"] = [
        dict(r, safe_src=safe_url(r["src"]), host=urlsplit(safe_url(r["src"]) or "").hostname)
        for r in images.rows
    ]
    attachments = await db.execute(
        "select position, url, title, kind from attachments where article_id = ? order by position",
        [article_id],
    )
    article["attachments"] = [dict(r, safe_href=safe_url(r["url"])) for r in attachments.rows]
    versions = await db.execute(
        "select v.version, v.content_hash, coalesce(v.title, a.title) as title, v.fetched_at "
        "from article_versions v join articles a on a.id = v.article_id "
        "where v.article_id = ? order by v.version desc",
        [article_id],
    )
    article["versions"] = [
        dict(
            r, link=datasette.urls.row(database, "article_versions", f"{article_id},{r['version']}")
        )
        for r in versions.rows
    ]
    article["coverage"] = []
    if article.get("event_id"):
        others = await db.execute(
            "select a.id, a.title, a.published_at, a.province, s.name as source_name "
            "from articles a left join sources s on s.id = a.source_id "
            "where a.event_id = ? and a.id != ? order by a.published_at",
            [article["event_id"], article_id],
        )
        article["coverage"] = [
            dict(r, link=datasette.urls.row(database, "articles", str(r["id"])))
            for r in others.rows
        ]
        article["event_link"] = (
            datasette.urls.table(database, "articles")
            + "?"
            + urlencode({"event_id": article["event_id"]})
        )
        article["event_map_link"] = (
            datasette.urls.query(database, "event_map")
            + "?"
            + urlencode({"event_id": article["event_id"]})
        )
        if not _config(datasette).get("production"):
            # The charts run SQL, which production mode keeps for signed-in users.
            article["event_charts_link"] = datasette.urls.path(
                "/-/dashboards/overview?" + urlencode({"event_id": article["event_id"]})
            )
        if await db.table_exists("events"):
            article["event_row_link"] = datasette.urls.row(database, "events", article["event_id"])
    if article.get("source_id"):
        article["source_link"] = datasette.urls.row(database, "sources", article["source_id"])
    return article


def paragraph_diff(old: dict, new: dict) -> list[dict]:
    """What changed from one article version to the next, field by field and paragraph by paragraph.

    Returns ``{"field", "op", "text"}`` items with op ``-`` (removed), ``+`` (added) or ``=``
    (kept, body paragraphs only, so the reader sees where a change sits).
    """
    changes: list[dict] = []
    for field in ("title", "lead", "author", "published_at"):
        if (old.get(field) or "") != (new.get(field) or ""):
            if old.get(field):
                changes.append({"field": field, "op": "-", "text": old[field]})
            if new.get(field):
                changes.append({"field": field, "op": "+", "text": new[field]})
    before = [p for p in (old.get("body_text") or "").split("\n\n") if p.strip()]
    after = [p for p in (new.get("body_text") or "").split("\n\n") if p.strip()]
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend({"field": "body", "op": "=", "text": p} for p in before[a1:a2])
            continue
        changes.extend({"field": "body", "op": "-", "text": p} for p in before[a1:a2])
        changes.extend({"field": "body", "op": "+", "text": p} for p in after[b1:b2])
    return changes


async def _version_diff(datasette, database: str, article_id: str, version: str) -> dict | None:
    db = datasette.get_database(database)
    # The current version's text lives in articles only (article_versions keeps it once
    # superseded), hence the coalesce.
    rows = await db.execute(
        "select v.version, v.content_hash, v.fetched_at, "
        "coalesce(v.published_at, a.published_at) as published_at, "
        + ", ".join(
            f"case when v.version = a.version then a.{c} else v.{c} end as {c}"
            for c in ("title", "lead", "body_text", "author")
        )
        + " from article_versions v join articles a on a.id = v.article_id "
        "where v.article_id = ? and v.version <= ? order by v.version desc limit 2",
        [article_id, version],
    )
    versions = [dict(r) for r in rows.rows]
    if not versions or str(versions[0]["version"]) != str(version):
        return None
    previous = versions[1] if len(versions) > 1 else {}
    return {
        "version": versions[0]["version"],
        "previous": previous.get("version"),
        "changes": paragraph_diff(previous, versions[0]),
        "article_link": datasette.urls.row(database, "articles", str(article_id)),
    }


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    async def inner():
        extra = {"govmon_production": bool(_config(datasette).get("production"))}
        pks = request.url_vars.get("pks") if request is not None else None
        if view_name == "row" and table == "articles" and pks:
            extra["govmon_article"] = await _article_context(datasette, database, tilde_decode(pks))
        if view_name == "row" and table == "article_versions" and pks:
            article_id, _, version = (tilde_decode(p) for p in pks.partition(","))
            extra["govmon_version_diff"] = await _version_diff(
                datasette, database, article_id, version
            )
        return extra

    return inner
