"""Event pages: /-/events (every meeting) and /-/events/<event_id> (one meeting, its coverage)."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from crawler.analysis.titles import vietnamese_date
from crawler.collation import vietnamese_key
from datasette_config.databases import database_with

REPORTED, NOT_REPORTED, UNMONITORED = "reported", "not_reported", "unmonitored"
# Map frame: Vietnam's extent in degrees, drawn as an SVG scatter of provincial capitals.
MAP_BOUNDS = {"lat": (8.3, 23.6), "lon": (102.0, 109.8)}
MAP_SIZE = (180, 360)


async def events_db(datasette):
    """The served govmon database (the first one holding an events table)."""
    return await database_with(datasette, "events")


def event_path(datasette, event_id: str) -> str:
    return datasette.urls.path("/-/events/" + quote(event_id, safe=""))


def coverage_by_province(
    provinces: list[dict], monitored: set[str], reports: list[dict]
) -> list[dict]:
    """Every current province in one of three states: reported first, then not reported, then
    unmonitored, each in Vietnamese alphabetical order.

    ``reported``: a stored article of the event comes from it; ``not_reported``: a monitored
    source covers it but none reported the event; ``unmonitored``: no enabled source covers it,
    so silence there says nothing.
    """
    reported: dict[str, list[dict]] = {}
    for report in reports:
        if report.get("province_now"):
            reported.setdefault(report["province_now"], []).append(report)
    rows = []
    for province in provinces:
        name = province["name"]
        state = REPORTED if name in reported else NOT_REPORTED if name in monitored else UNMONITORED
        articles = reported.get(name, [])
        rows.append(
            {
                **province,
                "state": state,
                "n_articles": len(articles),
                "as_published": sorted(
                    {a["province"] for a in articles if a.get("province") not in (None, name)},
                    key=vietnamese_key,
                ),
                "first_published": min((a["published_at"] or "" for a in articles), default=None),
            }
        )
    order = {REPORTED: 0, NOT_REPORTED: 1, UNMONITORED: 2}
    return sorted(rows, key=lambda r: (order[r["state"]], vietnamese_key(r["name"])))


def svg_map(coverage: list[dict], titles: dict[str, str]) -> Markup:
    """An offline map: one dot per province capital, coloured by coverage state."""
    (lat0, lat1), (lon0, lon1) = MAP_BOUNDS["lat"], MAP_BOUNDS["lon"]
    width, height = MAP_SIZE
    dots = []
    for row in coverage:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        x = (row["lon"] - lon0) / (lon1 - lon0) * width
        y = (lat1 - row["lat"]) / (lat1 - lat0) * height
        radius = 5 + min(row["n_articles"], 5)
        label = f"{row['name']}: {titles[row['state']]}"
        dots.append(
            f'<circle class="govmon-dot {row["state"]}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">'
            f"<title>{escape(label)}</title></circle>"
        )
    return Markup(
        f'<svg class="govmon-map" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(titles["map"])}">'
        + "".join(dots)
        + "</svg>"
    )


def timeline(reports: list[dict]) -> list[dict]:
    """Reports per day of publication, in order, with a bar width in percent."""
    days = Counter((r.get("published_at") or "")[:10] for r in reports if r.get("published_at"))
    most = max(days.values(), default=1)
    return [
        {"day": vietnamese_date(day) or day, "n": n, "width": round(100 * n / most)}
        for day, n in sorted(days.items())
    ]


def facts_with_evidence(reports: list[dict]) -> list[dict]:
    """Each meeting fact with the values the reports give and which reports give them."""
    facts = []
    for key in ("meeting_date", "chair", "format", "body_name", "session"):
        values: dict[str, list[dict]] = {}
        for report in reports:
            value = report.get(key)
            if key == "meeting_date":
                value = vietnamese_date(value) or value
            if value not in (None, ""):
                values.setdefault(str(value), []).append(report)
        if values:
            ranked = sorted(values.items(), key=lambda kv: -len(kv[1]))
            facts.append({"key": key, "values": [{"value": v, "reports": r} for v, r in ranked]})
    points = Counter(p for r in reports for p in json.loads(r.get("bridge_points") or "[]"))
    if points:
        facts.append(
            {
                "key": "bridge_points",
                "values": [{"value": p, "reports": [None] * n} for p, n in points.most_common()],
            }
        )
    return facts


async def _reports(db, datasette, event_id: str) -> list[dict]:
    rows = await db.execute(
        "select a.id, a.title, a.url, a.published_at, a.source_id, a.duplicate_of, a.removed_at,"
        " coalesce(s.name, a.source_id) as source_name, s.kind as source_kind, a.province,"
        " coalesce(a.province_now, s.province_now) as province_now, m.meeting_date,"
        " m.meeting_date_source, m.chair, m.format, m.body_name, m.session, m.bridge_points"
        " from articles a left join sources s on s.id = a.source_id"
        " left join meetings m on m.article_id = a.id"
        " where a.event_id = ? order by a.published_at, a.id",
        [event_id],
    )
    return [
        dict(
            r,
            link=datasette.urls.row(db.name, "articles", str(r["id"])),
            original=r["url"] if str(r["url"]).startswith(("http://", "https://")) else None,
        )
        for r in rows.rows
    ]


async def _provinces_and_sources(db) -> tuple[list[dict], set[str]]:
    provinces = await db.execute('select name, lat, lon from provinces where "current" = 1')
    monitored = await db.execute(
        "select distinct coalesce(s.province_now, p.now) as province from sources s"
        " left join provinces p on p.name = s.province where s.enabled = 1"
    )
    return [dict(r) for r in provinces.rows], {r["province"] for r in monitored.rows if r[0]}


def _by_source(reports: list[dict]) -> list[dict]:
    groups: dict[str, dict] = {}
    for report in reports:
        group = groups.setdefault(
            report["source_id"] or "",
            {"source_id": report["source_id"], "name": report["source_name"], "reports": []},
        )
        group["reports"].append(report)
    return sorted(groups.values(), key=lambda g: vietnamese_key(g["name"] or ""))


async def event_page(request, datasette):
    """/-/events/<event_id>: title, facts, reports by source, coverage, map and timeline."""
    db = await events_db(datasette)
    event_id = request.url_vars["event_id"]
    rows = await db.execute("select * from events where event_id = ?", [event_id]) if db else None
    if not rows or not rows.rows:
        context = {"event_id": event_id, "database": db.name if db else None}
        html = await datasette.render_template("govmon_event_missing.html", context, request)
        return Response.html(html, status=404)
    event = dict(rows.rows[0])
    reports = await _reports(db, datasette, event_id)
    provinces, monitored = await _provinces_and_sources(db)
    coverage = coverage_by_province(provinces, monitored, reports)
    counts = Counter(row["state"] for row in coverage)
    context = {
        "event": event,
        "date": vietnamese_date(event.get("meeting_date")),
        "reports": reports,
        "sources": _by_source(reports),
        "facts": facts_with_evidence(reports),
        "coverage": coverage,
        "counts": {s: counts.get(s, 0) for s in (REPORTED, NOT_REPORTED, UNMONITORED)},
        "timeline": timeline(reports),
        "database": db.name,
        "svg_map": svg_map,
        "event_map_link": datasette.urls.query(db.name, "event_map")
        + "?"
        + urlencode({"event_id": event_id}),
        "articles_link": datasette.urls.table(db.name, "articles")
        + "?"
        + urlencode({"event_id": event_id}),
    }
    if request.args.get("_format") == "json":
        keep = ("event", "reports", "coverage", "counts", "timeline", "facts")
        return Response.json({k: context[k] for k in keep}, default=str)
    return Response.html(await datasette.render_template("govmon_event.html", context, request))


async def events_list(request, datasette):
    """/-/events: the digital-transformation meetings (events.is_dx_meeting), newest meeting
    first, with their human titles; ``?subject=any`` lists the meetings on any subject."""
    db = await events_db(datasette)
    any_subject = request.args.get("subject") == "any"
    events = []
    if db is not None:
        rows = await db.execute(
            "select event_id, title, meeting_date, kind, n_articles, n_sources, n_provinces,"
            " is_dx_meeting, n_dx_reports from events"
            + ("" if any_subject else " where is_dx_meeting = 1")
            + " order by meeting_date desc, event_id"
        )
        events = [dict(r, link=event_path(datasette, r["event_id"])) for r in rows.rows]
    if request.args.get("_format") == "json":
        return Response.json({"events": events, "subject": "any" if any_subject else "dx"})
    context = {
        "events": events,
        "database": db.name if db else None,
        "any_subject": any_subject,
    }
    return Response.html(await datasette.render_template("govmon_events.html", context, request))


async def event_titles(datasette) -> dict[str, str]:
    """{event_id: human title} of the served database (empty without events)."""
    db = await events_db(datasette)
    if db is None:
        return {}
    rows = await db.execute("select event_id, title from events")
    return {r["event_id"]: r["title"] or r["event_id"] for r in rows.rows}


@hookimpl
def register_routes():
    return [(r"^/-/events$", events_list), (r"^/-/events/(?P<event_id>[^/]+)$", event_page)]


@hookimpl
def render_cell(value, column, table, database, datasette):
    """An event id anywhere (tables, canned queries) links to its page, named by its title;
    an ``article_id`` in a canned query links to govmon's article page."""
    if column == "event_id" and isinstance(value, str) and value:

        async def link():
            titles = await event_titles(datasette)
            title = titles.get(value)
            if title is None:
                return None
            return Markup(f'<a href="{escape(event_path(datasette, value))}">{escape(title)}</a>')

        return link()
    if column == "article_id" and table is None and isinstance(value, int) and database:
        href = datasette.urls.row(database, "articles", str(value))
        return Markup(f'<a href="{escape(href)}">{value}</a>')
    return None


async def source_names(datasette) -> dict[str, str]:
    """{source id: name} of the served database, for facets that would show ids."""
    db = await events_db(datasette)
    if db is None or not await db.table_exists("sources"):
        return {}
    rows = await db.execute("select id, name from sources")
    return {r["id"]: r["name"] or r["id"] for r in rows.rows}


# Pages that look their names up themselves, with their own query (one trip to the database).
_NAMES_OWN = {"govmon_search.html"}


@hookimpl
def extra_template_vars(template, datasette):
    async def inner():
        if template in _NAMES_OWN:
            return {"govmon_event_path": lambda event_id: event_path(datasette, event_id)}
        return {
            "govmon_source_names": await source_names(datasette),
            "govmon_event_titles": await event_titles(datasette),
            "govmon_event_path": lambda event_id: event_path(datasette, event_id),
        }

    return inner
