"""Atom feeds that a feed reader accepts: valid and 200 when empty, titled by their search or watch.

Replaces datasette-atom (no longer a dependency; where still installed, this renderer is
registered last, so it wins): that one answered 500 on an empty result (``max()`` of no rows)
and wrote no feed-level author, which RFC 4287 requires when an entry has none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from datasette import __version__, hookimpl
from datasette.utils.asgi import Response

from crawler.clock import parse_moment

ATOM = "http://www.w3.org/2005/Atom"
REQUIRED = {"atom_id", "atom_updated", "atom_title"}
FEED_AUTHOR = "govmon"
# The time of an empty feed: fixed, so an empty feed does not look new on every poll.
EMPTY_FEED_UPDATED = "2000-01-01T00:00:00+00:00"


def feed_title(query_name: str | None, args: dict, configured: str | None) -> str:
    """A title that says what the feed follows: the search words or the watch."""
    if query_name == "search_feed":
        words = (args.get("q") or "").strip()
        meeting = " (chỉ báo cáo cuộc họp)" if args.get("meeting_reports_only") in ("1",) else ""
        return f"govmon — tìm kiếm: {words}{meeting}" if words else "govmon — tìm kiếm"
    if query_name == "watch_feed":
        return f"govmon — theo dõi: {(args.get('watch') or '').strip()}"
    if query_name == "meeting_reports_feed":
        return "govmon — báo cáo cuộc họp về chuyển đổi số mới nhất"
    return f"govmon — {configured or query_name or 'feed'}"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _iso(value) -> str:
    text = str(value or "").strip()
    if parse_moment(text) is None:
        return EMPTY_FEED_UPDATED
    if len(text) == 10:  # a date alone: midnight Vietnam time
        return text + "T00:00:00+07:00"
    return text if ("+" in text[10:] or text.endswith("Z") or "-" in text[19:]) else text + "Z"


def atom_document(title: str, self_url: str, rows: list[dict], subtitle: str = "") -> bytes:
    """The Atom XML of ``rows`` (atom_id, atom_title, atom_updated, optional atom_link,
    atom_content, atom_author_name); zero rows give a valid feed with no entries."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", self_url)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    updated = max((_iso(r["atom_updated"]) for r in rows), default=EMPTY_FEED_UPDATED)
    _text(feed, "updated", updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", FEED_AUTHOR)
    _text(feed, "generator", "govmon on Datasette", version=__version__)
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", str(row["atom_id"]))
        _text(entry, "title", str(row["atom_title"] or ""))
        _text(entry, "updated", _iso(row["atom_updated"]))
        if row.get("atom_link"):
            ET.SubElement(entry, f"{{{ATOM}}}link", {"href": str(row["atom_link"])})
        if row.get("atom_author_name"):
            entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(entry_author, "name", str(row["atom_author_name"]))
        if row.get("atom_content"):
            _text(entry, "content", str(row["atom_content"]), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def render_atom(datasette, request, columns, rows, database, query_name, data):
    if not REQUIRED.issubset(columns):
        return Response.text(
            "an Atom feed needs the columns atom_id, atom_title and atom_updated", status=400
        )
    configured = None
    if query_name:
        queries = (datasette.metadata(database=database) or {}).get("queries") or {}
        configured = (queries.get(query_name) or {}).get("title")
    title = feed_title(
        query_name, {k: request.args.get(k) for k in request.args.keys()}, configured
    )
    body = atom_document(
        title,
        request.url,
        [dict(zip(columns, row, strict=False)) for row in rows],
        configured or "",
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8", status=200)


def can_render_atom(columns):
    return REQUIRED.issubset(columns)


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    return {"extension": "atom", "render": render_atom, "can_render": can_render_atom}
