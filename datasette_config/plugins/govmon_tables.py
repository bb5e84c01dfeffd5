"""Analyst's table pages: default column sets, time-ordered facets, readable reasons, CSV for Excel."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup, escape

BOM = b"\xef\xbb\xbf"


def _config(datasette) -> dict:
    return datasette.plugin_config("govmon") or {}


class ChronologicalFacet(ColumnFacet):
    """A column facet listed newest first (years, months), not by count: a reader scans time."""

    type = "chronological"

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for item in self.get_configs():
            config = item["config"]
            column = config.get("column") or config["simple"]
            sql = (
                f"select {escape_sqlite(column)} as value, count(*) as count from ({self.sql}) "
                f"where {escape_sqlite(column)} is not null group by 1 order by 1 desc "
                f"limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                selected = (column, str(row["value"])) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                toggle = change(self.request, {column: str(row["value"])})
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "hideable": item["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_chronological": column})
                    ),
                    "results": values,
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [ChronologicalFacet]


def readable_reasons(value: str) -> Markup | None:
    """A JSON list of reasons as a bulleted list (escaped); None when it is not one."""
    try:
        reasons = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(reasons, list) or not reasons:
        return None
    items = "".join(f"<li>{escape(str(r))}</li>" for r in reasons)
    return Markup(f'<ul class="govmon-reasons">{items}</ul>')


@hookimpl
def render_cell(value, column):
    if column == "relevance_reasons" and isinstance(value, str):
        return readable_reasons(value)
    return None


def default_columns_query(path: str, query_string: bytes, defaults: dict[str, list[str]]) -> bytes:
    """Add ``_col=`` for a table's default columns to a plain HTML table page request.

    Only when the visitor chose no columns (no ``_col``/``_nocol``) and asked for the page, not
    JSON or CSV: ``?_columns=all`` shows every column, and exports always have them all.
    """
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." in parts[1] or parts[1] not in defaults:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    if ("_columns", "all") in pairs:  # "show every column": ours, so Datasette never sees it
        return urlencode([p for p in pairs if p[0] != "_columns"]).encode("latin-1")
    if any(key in ("_col", "_nocol", "_format", "_shape") for key, _ in pairs):
        return query_string
    pairs += [("_col", column) for column in defaults[parts[1]]]
    return urlencode(pairs).encode("latin-1")


def wants_bom(path: str, query_string: bytes, default: bool) -> bool:
    """CSV gets a UTF-8 byte-order mark with ``?_bom=1`` (or by default when configured)."""
    is_csv = path.endswith(".csv") or b"_format=csv" in query_string
    if not is_csv:
        return False
    chosen = dict(parse_qsl(query_string.decode("latin-1"))).get("_bom")
    return default if chosen is None else chosen == "1"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def tables(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            config = _config(datasette)
            path, query = scope.get("path", ""), scope.get("query_string", b"")
            defaults = config.get("default_columns") or {}
            scope = {**scope, "query_string": default_columns_query(path, query, defaults)}
            if not wants_bom(path, query, bool(config.get("csv_bom"))):
                return await app(scope, receive, send)
            first = [True]

            async def send_with_bom(message):
                if message["type"] == "http.response.start":
                    # The length changes by three bytes; drop it rather than compute it.
                    headers = [
                        (k, v)
                        for k, v in message.get("headers", [])
                        if k.lower() != b"content-length"
                    ]
                    message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and first[0]:
                    first[0] = False
                    message = {**message, "body": BOM + message.get("body", b"")}
                await send(message)

            return await app(scope, receive, send_with_bom)

        return tables

    return wrap
