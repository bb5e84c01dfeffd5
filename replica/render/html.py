"""Small HTML helpers shared by the family renderers: escaping, link lists, body blocks, head tags."""

from __future__ import annotations

import json
import re
from html import escape

from replica.text import ascii_fold


def esc(text: object) -> str:
    """HTML-escape text for element content and attribute values."""
    return escape("" if text is None else str(text), quote=True)


def slugify(text: str) -> str:
    """ASCII URL slug of Vietnamese text: "Chuyển đổi số" → "chuyen-doi-so"."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-")


def link_list(items: list[tuple[str, str]], ul_class: str = "", li_class: str = "") -> str:
    """<ul> of (href, text) links."""
    lis = "".join(
        f'<li{f" class={esc(li_class)!r}" if li_class else ""}><a href="{esc(h)}" title="{esc(t)}">{esc(t)}</a></li>'
        for h, t in items
    )
    return f"<ul{f' class={esc(ul_class)!r}' if ul_class else ''}>{lis}</ul>"


def meta_tags(
    *,
    title: str,
    url: str,
    description: str | None = None,
    image: str | None = None,
    published: str | None = None,
    modified: str | None = None,
    site_name: str = "",
    og_type: str = "article",
) -> str:
    """OpenGraph / article meta tags of a page head."""
    tags = [
        f'<meta property="og:site_name" content="{esc(site_name)}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:url" content="{esc(url)}">',
        f'<link rel="canonical" href="{esc(url)}">',
    ]
    if description:
        tags.append(f'<meta name="description" content="{esc(description)}">')
        tags.append(f'<meta property="og:description" content="{esc(description)}">')
    if image:
        tags.append(f'<meta property="og:image" content="{esc(image)}">')
    if published:
        tags.append(f'<meta property="article:published_time" content="{esc(published)}">')
    if modified:
        tags.append(f'<meta property="article:modified_time" content="{esc(modified)}">')
    return "\n".join(tags)


def json_ld(data: dict) -> str:
    """A JSON-LD <script> block (ensure_ascii off: portals print Vietnamese as is)."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def table_html(rows: list, table_class: str = "") -> str:
    """A body table; the first row is printed bold as most CMS editors do."""
    out = [
        f'<table{f" class={esc(table_class)!r}" if table_class else ""} border="1" cellpadding="4"><tbody>'
    ]
    for i, row in enumerate(rows or []):
        cells = row if isinstance(row, list) else [row]
        if i == 0:
            out.append(
                "<tr>" + "".join(f"<td><strong>{esc(c)}</strong></td>" for c in cells) + "</tr>"
            )
        else:
            out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def list_html(items: list, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in items or []) + f"</{tag}>"


def block_texts(block: object) -> list[str]:
    """The truth paragraphs of one body block (contract: paragraphs, captions, table rows with
    their cells joined by " | ", list items, headings)."""
    if isinstance(block, str):
        return [block] if block.strip() else []
    if not isinstance(block, dict):
        return [str(block)] if block is not None else []
    if "image" in block:
        caption = block.get("caption")
        return [caption] if caption else []
    if "table" in block:
        out: list[str] = []
        for row in block.get("table") or []:
            cells = [str(c).strip() for c in (row if isinstance(row, list) else [row])]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(line)
        return out
    if "list" in block:
        return [str(i) for i in block.get("list") or [] if str(i).strip()]
    if "heading" in block:
        return [str(block["heading"])]
    # An unknown block kind: its string values, so nothing the content wrote is silently lost.
    return [str(v) for v in block.values() if isinstance(v, str) and v.strip()]
