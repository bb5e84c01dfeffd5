"""E-mail digests: one message per watch and address, grouped by meeting event, HTML and plain text."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from html import escape

NO_EVENT = "Bài viết khác (không thuộc cuộc họp nào)"


def group_by_event(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """[(event title, rows)], events in order of their first row, articles without one last."""
    groups: dict[str | None, list[dict]] = {}
    titles: dict[str | None, str] = {None: NO_EVENT}
    for row in rows:
        key = row.get("event_id") or None
        groups.setdefault(key, []).append(row)
        if key is not None:
            titles[key] = row.get("event_title") or key
    ordered = [k for k in groups if k is not None] + ([None] if None in groups else [])
    return [(titles[k], groups[k]) for k in ordered]


def _plain(watch: dict, groups: list[tuple[str, list[dict]]], n: int) -> str:
    lines = [
        f"Theo dõi '{watch['id']}' (truy vấn: {watch.get('query') or '(tất cả)'}): {n} bài mới.",
        f"Watch '{watch['id']}' matched {n} new article(s).",
        "",
    ]
    for title, rows in groups:
        lines += [f"== {title} ==", ""]
        for r in rows:
            lines.append(f"* {r.get('title') or r.get('url')}")
            lines.append(
                f"  {r.get('published_at') or ''} {r.get('source_name') or r.get('source_id') or ''}".rstrip()
            )
            lines.append(f"  {r.get('url')}")
            if r.get("lead"):
                lines.append(f"  {r['lead'][:300]}")
            lines.append("")
    return "\n".join(lines)


def _html(watch: dict, groups: list[tuple[str, list[dict]]], n: int) -> str:
    parts = [
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>',
        f"<p>Theo dõi <strong>{escape(watch['id'])}</strong> "
        f"(truy vấn: <code>{escape(watch.get('query') or '(tất cả)')}</code>): {n} bài mới.</p>",
    ]
    for title, rows in groups:
        parts.append(f"<h2>{escape(title)}</h2><ul>")
        for r in rows:
            url = str(r.get("url") or "")
            link = (
                f'<a href="{escape(url)}">{escape(r.get("title") or url)}</a>'
                if url.startswith(("http://", "https://"))
                else escape(r.get("title") or url)
            )
            meta = " · ".join(
                escape(str(v))
                for v in (r.get("published_at"), r.get("source_name") or r.get("source_id"))
                if v
            )
            lead = f"<br>{escape(r['lead'][:300])}" if r.get("lead") else ""
            parts.append(f"<li>{link}<br><small>{meta}</small>{lead}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def digest_message(
    watch: dict, rows: list[dict], address: str, sender: str, key: str
) -> EmailMessage:
    """The digest of a watch's new articles: plain text with an HTML alternative, both grouped
    by event. Text is escaped in the HTML part; only http(s) links become anchors."""
    message = EmailMessage()
    n = len(rows)
    message["Subject"] = f"[govmon] {watch['id']}: {n} new article{'s' if n != 1 else ''}"
    message["From"] = sender
    message["To"] = address
    message["Date"] = formatdate(localtime=False)
    # Deterministic Message-ID: a resent digest (after a lost "250 OK") is recognisably the same.
    message["Message-ID"] = f"<{key}@govmon>"
    groups = group_by_event(rows)
    message.set_content(_plain(watch, groups, n))
    message.add_alternative(_html(watch, groups, n), subtype="html")
    return message
