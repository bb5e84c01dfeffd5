"""What a crawler can reach from a site's start URL: links, robots.txt sitemaps, feeds and sitemaps.

Used by the tests to prove every truth article is reachable by GET from the start URL alone
(postback pagination is not followed: only feeds and sitemaps lead past it).
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from replica.generator.model import Site
from replica.generator.score import url_key
from replica.generator.urls import BASE

ORIGIN = "http://site.invalid"


def _decode(body: bytes, content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type) or re.search(
        rb'charset="?([\w-]+)', body[:2048]
    )
    charset = match.group(1) if match else "utf-8"
    charset = charset.decode() if isinstance(charset, bytes) else charset
    return body.decode(charset, errors="replace").lstrip("\ufeff")


def page_links(site: Site, target: str) -> list[str]:
    """Root-relative targets a page, feed, sitemap or robots.txt points to (same host only)."""
    res = site.resources.get(target)
    if res is None:
        return []
    body = res.body.replace(BASE.encode(), ORIGIN.encode())
    found: list[str] = []
    if res.kind == "robots":
        found = re.findall(r"(?im)^sitemap:\s*(\S+)", body.decode())
    elif res.kind in ("feed", "sitemap"):
        root = lxml.etree.fromstring(body)
        found = [
            el.text or el.get("href")
            for el in root.iter()
            if isinstance(el.tag, str) and el.tag.split("}")[-1] in ("loc", "link", "id")
        ]
        found = [u for u in found if u]
    elif res.content_type.startswith("text/html"):
        doc = lxml.html.fromstring(
            _decode(res.body.replace(BASE.encode(), ORIGIN.encode()), res.content_type)
        )
        # From the document, not the root element: after a stray </html> libxml2 puts the page
        # in a second root-level <html> that the first one's iter() never reaches.
        found = [a.get("href") for a in doc.getroottree().xpath("//a | //link") if a.get("href")]
    out = []
    for href in found:
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(ORIGIN + target, href.strip())
        if url.startswith(ORIGIN):
            parts = urlsplit(url)
            out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def reachable(site: Site) -> set[str]:
    """url_key()s of every resource reachable from the start page and /robots.txt."""
    keys = {url_key(p): p for p in site.resources}
    seen: set[str] = set()
    queue = deque([site.start_path, "/robots.txt"])
    while queue:
        target = queue.popleft()
        key = url_key(target)
        if key in seen or key not in keys:
            continue
        seen.add(key)
        queue.extend(page_links(site, keys[key]))
    return seen
