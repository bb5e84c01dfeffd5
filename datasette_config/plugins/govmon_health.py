"""/-/health: the operator's page, every source's health worst first, and the latest changes."""

from __future__ import annotations

import json

from datasette import hookimpl
from datasette.utils.asgi import Response

from crawler.collation import vietnamese_key
from crawler.monitor.health import STATUSES
from datasette_config.databases import database_with


async def health_page(request, datasette):
    db = await database_with(datasette, "sources")
    sources, changes = [], []
    if db is not None and await db.table_exists("source_health"):
        rows = await db.execute(
            "select s.id, s.name, s.province, s.kind, coalesce(h.status, 'unknown') as status,"
            " h.reason, h.notes, h.last_run_at, h.last_ok_at, h.last_new_article_at,"
            " (select count(*) from articles a where a.source_id = s.id) as articles"
            " from sources s left join source_health h on h.source_id = s.id where s.enabled = 1"
        )
        rank = {status: i for i, status in enumerate(STATUSES)}
        sources = sorted(
            (dict(r, notes=json.loads(r["notes"] or "[]")) for r in rows.rows),
            key=lambda r: (rank.get(r["status"], len(rank)), vietnamese_key(r["name"] or r["id"])),
        )
        for row in sources:
            row["link"] = datasette.urls.row(db.name, "sources", row["id"])
    if db is not None and await db.table_exists("health_changes"):
        rows = await db.execute(
            "select c.*, coalesce(s.name, c.source_id) as name from health_changes c"
            " left join sources s on s.id = c.source_id"
            " where c.previous_status is not null order by c.id desc limit 30"
        )
        changes = [dict(r) for r in rows.rows]
    counts = {}
    for row in sources:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    if request.args.get("_format") == "json":
        return Response.json({"sources": sources, "changes": changes, "counts": counts})
    context = {"sources": sources, "changes": changes, "counts": counts}
    return Response.html(await datasette.render_template("govmon_health.html", context, request))


@hookimpl
def register_routes():
    return [(r"^/-/health$", health_page)]
