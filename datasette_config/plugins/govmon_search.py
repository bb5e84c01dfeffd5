"""govmon's search page (/-/search): newest first or by relevance, date ranges, bounded totals
and facets, JSON, CSV and the Atom feed of the same search (storage.search_engine does the work).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from crawler.search_query import QueryError
from datasette_config.databases import database_with
from datasette_config.plugins.govmon_datasette import clean_html, safe_url
from datasette_config.plugins.govmon_events import event_path
from datasette_config.plugins.govmon_i18n import language, translator
from storage.search import snippet_html, snippet_text
from storage.search_engine import CANDIDATES, FACET_COLUMNS, SearchRequest, run_search

PAGE_SIZE = 20
# The facets and results: most of the page's output, rendered by plain (synchronous) Jinja.
# Datasette's environment renders asynchronously, awaiting every output node: for the page's
# ~2,000 nodes that was most of the rendering time.
_PARTIALS = Environment(
    loader=FileSystemLoader(str(Path(__file__).resolve().parents[1] / "templates")),
    autoescape=True,
)
EXPORT_SIZE = 1000
FACET_LABELS = {
    "province": "Province as published",
    "province_now": "Province today",
    "source_id": "Source",
    "kind": "Source kind",
    "year": "Year",
    "month": "Month",
    "meeting": "DX meeting report",
    "event_id": "Event",
}
DATE_ARGS = ("published_from", "published_to", "meeting_from", "meeting_to")
EXPORT_COLUMNS = (
    "id", "title", "published_at", "meeting_date", "province", "province_now", "source_id",
    "source_name", "is_dx_meeting_report", "event_id", "url", "link", "snippet",
)  # fmt: skip


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def read_request(args) -> tuple[SearchRequest, dict]:
    """The SearchRequest of the page's arguments, and the arguments that define the search."""
    kept = {"q": (args.get("q") or "").strip()}
    filters = {key: args.get(key) for key in FACET_COLUMNS if args.get(key)}
    kept.update(filters)
    dates = {key: (args.get(key) or "").strip() for key in DATE_ARGS if args.get(key)}
    kept.update(dates)
    # Most relevant first unless asked: what a reader typing words expects.
    sort = "newest" if args.get("sort") == "newest" else "relevance"
    if sort == "newest":
        kept["sort"] = sort
    fmt = args.get("_format") or ""
    size = PAGE_SIZE if fmt not in ("json", "csv") else _int(args.get("_size"), PAGE_SIZE)
    request = SearchRequest(
        query=kept["q"],
        filters=filters,
        sort=sort,
        page=max(1, _int(args.get("page"), 1)),
        page_size=max(1, min(size, EXPORT_SIZE)),
        exact_count=args.get("count") == "exact",
        **dates,
    )
    return request, kept


def _feed_href(database: str, kept: dict) -> str:
    """The search_feed canned query with this page's query and filters (every parameter given)."""
    params = {
        "q": kept["q"],
        "meeting_reports_only": kept.get("meeting", ""),
        **{key: kept.get(key, "") for key in FACET_COLUMNS if key != "meeting"},
        **{key: kept.get(key, "") for key in DATE_ARGS},
    }
    return f"/{database}/search_feed.atom?" + urlencode(params)


def _facet_items(key: str, values, kept: dict) -> list[dict]:
    items = []
    # A facet not chosen yet adds its value after the page's arguments: encode those once
    # (up to 240 links a page), then only the value; the same href as urlencode({**kept, ...}).
    base = "?" + urlencode(kept) + "&" if key not in kept and kept else None
    for value, count in values:
        selected = str(kept.get(key)) == str(value)
        if base is not None and not selected:
            href = base + urlencode({key: value})
        else:
            args = {**kept, key: value}
            if selected:
                args.pop(key)
            href = "?" + urlencode(args)
        label = ("yes" if value == 1 else "no") if key == "meeting" else str(value)
        items.append(
            {"value": value, "label": label, "count": count, "selected": selected, "href": href}
        )
    return items


def _decorate(
    rows: list[dict], words: str, datasette, database: str, *, plain: bool = True
) -> list[dict]:
    """Snippets, highlighted title and links; ``plain``: the plain-text snippet too (JSON, CSV;
    the HTML page does not show it, and snippets are most of a page's cost)."""
    for row in rows:
        text = "\n\n".join(row[n] for n in ("lead", "body_text") if row.get(n))
        row["snippet"] = clean_html(snippet_html(text, words))
        row["snippet_text"] = snippet_text(text, words) if plain else ""
        row["title_html"] = clean_html(snippet_html(row["title"] or "(no title)", words, 400))
        row["link"] = datasette.urls.row(database, "articles", str(row["id"]))
        row["original"] = safe_url(row["url"])
    return rows


async def search_page(request, datasette):
    """/-/search?q=...: newest or most relevant articles, highlighted, with facets and exports."""
    db = await database_with(datasette, "search_days")
    search, kept = read_request(request.args)
    fmt = request.args.get("_format") or ""
    result, error, names = None, None, ({}, {})
    if db is not None and kept["q"]:
        try:
            # One trip to the database thread: the search and the names its page shows.
            result, names = await db.execute_fn(lambda conn: _search_with_names(conn, search))
        except QueryError as exc:
            error = str(exc)
    words = " ".join(result.query.words()) if result else ""
    typed = _typed_words(result)
    rows = (
        _decorate(result.rows, typed or words, datasette, db.name, plain=fmt in ("json", "csv"))
        if result
        else []
    )
    total = result.total if result else 0
    context = {
        "q": kept["q"],
        "error": error,
        "kept": kept,
        "filters": {k: v for k, v in kept.items() if k in FACET_COLUMNS},
        "dates": {k: kept.get(k, "") for k in DATE_ARGS},
        "sort": search.sort,
        "results": rows,
        "total": total,
        "total_exact": result.total_exact if result else True,
        "sample": result.sample if result else 0,
        "candidates": CANDIDATES,
        "facets": [
            {"key": key, "label": FACET_LABELS[key], "items": _facet_items(key, values, kept)}
            for key, values in (result.facets.items() if result else [])
        ],
        "page": search.page,
        "pages": max(1, math.ceil(total / PAGE_SIZE)),
        "database": db.name if db else None,
        "metadata": datasette.metadata(),
    }
    context.update(_links(kept, search, context, db))
    if fmt == "json":
        return Response.json(_json_payload(context))
    if fmt == "csv":
        return _csv_response(rows)
    context["results_html"] = _results_html(context, request, datasette, names)
    return Response.html(
        await datasette.render_template("govmon_search.html", context, request=request)
    )


def _search_with_names(conn: sqlite3.Connection, search: SearchRequest):
    """Run the search; with it, the names of its sources and events, as the page shows them."""
    result = run_search(conn, search)
    sources = {r[0]: r[1] or r[0] for r in conn.execute("select id, name from sources")}
    events = {row.get("event_id") for row in result.rows} | {
        value for value, _ in result.facets.get("event_id", ())
    }
    events.discard(None)
    titles = {}
    if events:
        try:
            titles = {
                r[0]: r[1] or r[0]
                for r in conn.execute(
                    "select event_id, title from events where event_id in "
                    "(select value from json_each(?))",
                    [json.dumps(sorted(events))],
                )
            }
        except sqlite3.OperationalError:  # a database without the analysis tables
            titles = {}
    return result, (sources, titles)


def _results_html(context: dict, request, datasette, names: tuple[dict, dict]) -> Markup:
    """The facets and the result list (templates/_govmon_search_results.html)."""
    sources, titles = names
    return Markup(
        _PARTIALS.get_template("_govmon_search_results.html").render(
            facets=context["facets"],
            results=context["results"],
            page=context["page"],
            total=context["total"],
            total_exact=context["total_exact"],
            sample=context["sample"],
            tr=translator(language(request)),
            source_names=sources,
            event_titles=titles,
            event_path=lambda event_id: event_path(datasette, event_id),
        )
    )


def _typed_words(result) -> str:
    """The required words as typed (accents kept), for highlighting and exact ranking."""
    if result is None:
        return ""
    words: list[str] = []
    for alternative in result.query.alternatives:
        for term in alternative:
            if not term.negated:
                words.extend(w for w in term.typed if w not in words)
    return " ".join(words)


def _links(kept: dict, search: SearchRequest, context: dict, db) -> dict:
    links = {"nav": {}}
    if search.page > 1:
        links["nav"]["previous"] = "?" + urlencode({**kept, "page": search.page - 1})
    if search.page < context["pages"]:
        links["nav"]["next"] = "?" + urlencode({**kept, "page": search.page + 1})
    if search.sort == "relevance":
        links["sort_href"] = "?" + urlencode({**kept, "sort": "newest"})
    else:
        links["sort_href"] = "?" + urlencode({k: v for k, v in kept.items() if k != "sort"})
    links["exact_count_href"] = "?" + urlencode({**kept, "count": "exact"})
    links["json_href"] = "?" + urlencode({**kept, "_format": "json", "page": search.page})
    links["csv_href"] = "?" + urlencode({**kept, "_format": "csv", "_size": EXPORT_SIZE})
    links["meeting_only_href"] = "?" + urlencode({**kept, "meeting": 1})
    links["feed_href"] = _feed_href(db.name, kept) if db is not None and kept["q"] else None
    return links


def _json_payload(context: dict) -> dict:
    keep = ("q", "error", "filters", "dates", "sort", "total", "total_exact", "sample", "page")
    payload = {k: context[k] for k in keep}
    payload["pages"] = context["pages"]
    payload["facets"] = context["facets"]
    payload["results"] = [
        {
            **{k: row.get(k) for k in EXPORT_COLUMNS if k != "snippet"},
            "snippet": str(row["snippet"]),
            "snippet_text": row["snippet_text"],
            "title_html": str(row["title_html"]),
        }
        for row in context["results"]
    ]
    payload["feed_href"] = context["feed_href"]
    return payload


def _csv_response(rows: list[dict]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [row.get("snippet_text") if c == "snippet" else row.get(c) for c in EXPORT_COLUMNS]
        )
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="govmon-search.csv"'},
    )


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]
