"""Links on HTML pages: a listing's article links, its next page, a home page's sections; block pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from crawler.discovery.urls import (
    _FEED_PATH,
    _NOT_ARTICLE,
    _host_ok,
    article_shapes,
    clean_url,
    current_page_number,
    escaped,
    explicit_page_number,
    in_article_shape,
    is_copy,
    looks_like_article_url,
)
from crawler.text import nfc

# Containers whose links are page furniture, not the listing: menus, headers, footers, share bars.
_FURNITURE = re.compile(
    r"(^|[\s_-])(menu|nav|navbar|header|footer|breadcrumb|share|social|sharing|copyright|"
    r"banner|topbar|login|search|lang|weblink|lienket|lien-ket)([\s_-]|$)",
    re.I,
)
# Not "form": ASP.NET WebForms portals wrap the whole page in one (search forms have classes).
_FURNITURE_TAGS = {"nav", "header", "footer"}
_NEXT_WORDS = {
    "»",
    "›",
    ">",
    ">>",
    "sau",
    "trang sau",
    "tiếp",
    "tiếp theo",
    "next",
    "xem thêm",
    "trang tiếp",
}
# Anchor texts of the link to one article when its title is not a link ("Xem tiếp" and
# "Xem thêm" are not here: they lead to a category or the next page).
_DETAIL_WORDS = {"xem chi tiết", "chi tiết", "đọc tiếp", "đọc thêm", "read more", "chi tiết »"}


# libxml2 drops everything after an early </html> or </body> (broken CMS templates close <html>
# before <head>); the parser closes both itself anyway.
_CLOSERS = re.compile(r"</(?:html|body)\s*>", re.I)
_CLOSERS_BYTES = re.compile(rb"</(?:html|body)\s*>", re.I)


def _parse(html: str | bytes, base_url: str) -> lxml.html.HtmlElement | None:
    if not html or not str(html).strip():
        return None
    html = (_CLOSERS_BYTES if isinstance(html, bytes) else _CLOSERS).sub(
        b"" if isinstance(html, bytes) else "", html
    )
    try:
        doc = lxml.html.fromstring(html, base_url=base_url)
    except (etree.ParserError, ValueError):
        return None
    doc.make_links_absolute(base_url, resolve_base_href=True, handle_failures="ignore")
    return doc


def _in_furniture(el: lxml.html.HtmlElement) -> bool:
    for anc in el.iterancestors():
        if anc.tag in _FURNITURE_TAGS:
            return True
        marker = f"{anc.get('class', '')} {anc.get('id', '')}"
        if marker.strip() and _FURNITURE.search(marker):
            return True
    return False


def find_article_links(
    html: str | bytes,
    base_url: str,
    *,
    family: dict | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> list[str]:
    """Article URLs linked from a listing page, in page order, without duplicates.

    With a family, its listing selectors come first; the heuristics (URL shape, anchor text of a
    title's length, links outside menus/footers) find the rest or serve portals of no known family.
    """
    doc = _parse(html, base_url)
    if doc is None:
        return []
    found: list[str] = []
    seen: set[str] = set()

    def add(url: str | None) -> None:
        url = escaped(url) if url else None
        if url and url not in seen and url != escaped(base_url) and _host_ok(url, allowed_hosts):
            seen.add(url)
            found.append(url)

    selectors = ((family or {}).get("listing") or {}).get("article_links") or []
    for sel in selectors:
        try:
            anchors = doc.cssselect(sel)
        except Exception:  # a bad selector in the data must not stop the crawl
            continue
        for a in anchors:
            url = clean_url(a.get("href"))
            if url and looks_like_article_url(url, family):
                add(url)
    anchors = []
    for a in doc.iter("a"):
        url = clean_url(a.get("href"))
        if not url or _in_furniture(a):
            continue
        text = " ".join(a.text_content().split())
        # A listing whose titles are plain text links its articles by "Xem chi tiết" only.
        anchors.append(
            (
                url,
                len(text) >= 20 and len(text.split()) >= 4 or nfc(text).lower() in _DETAIL_WORDS,
            )
        )
    shapes = article_shapes(u for u, title_like in anchors if title_like)
    for url, title_like in anchors:
        if url in seen:
            continue
        if looks_like_article_url(url, family) and (title_like or family):
            add(url)
        elif (
            title_like
            and in_article_shape(url, shapes)
            and not _NOT_ARTICLE.search(url)
            and not is_copy(url)
        ):
            add(url)
    return found


def _forward(url: str, base_url: str, here: int) -> bool:
    """False for a "next" link that is this page or leads back (a CMS bug that loops pagination)."""
    if url == base_url:
        return False
    number = explicit_page_number(url)
    return number is None or number > here


def find_next_page(html: str | bytes, base_url: str, *, family: dict | None = None) -> str | None:
    """The URL of the next listing page, or None on the last page.

    Order: rel=next, the family's next-page selectors, a "»"/"Trang sau" link, then the
    pagination link numbered current+1.
    """
    doc = _parse(html, base_url)
    if doc is None:
        return None
    here = current_page_number(base_url)
    for el in doc.xpath("//link[@rel='next'] | //a[@rel='next']"):
        url = clean_url(el.get("href"))
        if url and _forward(url, base_url, here):
            return url
    for sel in ((family or {}).get("listing") or {}).get("next_page") or []:
        try:
            anchors = doc.cssselect(sel)
        except Exception:  # a bad selector in the data must not stop the crawl
            continue
        for a in anchors:
            url = clean_url(a.get("href"))
            if url and _forward(url, base_url, here):
                return url
    numbered: str | None = None
    for a in doc.iter("a"):
        url = clean_url(a.get("href"))
        if not url or url == base_url:
            continue
        # NFC: windows-1258 pages and numeric character references give decomposed marks
        # ("Tie" + U+0302 U+0301 + "p", "Xem the&#770;m"), which are the same words.
        text = nfc(" ".join(a.text_content().split())).lower()
        title = nfc((a.get("title") or "").strip()).lower()
        if text in _NEXT_WORDS or title in _NEXT_WORDS:
            if current_page_number(url) > here:
                return url
        if text.isdigit() and int(text) == here + 1 and current_page_number(url) == here + 1:
            numbered = numbered or url
    return numbered


# Words of the "access denied" / challenge pages that portals' firewalls serve to scripts.
_BLOCK_WORDS = re.compile(
    r"access denied|request rejected|request unsuccessful|forbidden|captcha|are you a robot|"
    r"truy cập bị từ chối|bị chặn|checking your browser|ddos protection|the requested url was rejected",
    re.I,
)


def looks_blocked(status: int, html: str) -> bool:
    """True for 403/429 answers and for tiny 200 pages that are a firewall's refusal, not content."""
    if status in (403, 429):
        return True
    if status != 200:
        return False
    text = re.sub(r"<[^>]+>", " ", html or "")
    return len(text.strip()) < 2000 and bool(_BLOCK_WORDS.search(text))


# "Xem tiếp", "Xem tất cả", "Xem thêm": a section's own listing, linked from a home page block.
_MORE_WORDS = re.compile(r"(?i)^(?:xem (?:tiếp|thêm|tất cả|toàn bộ)|tất cả|more)\b")


# Paths that are never articles but are a section's listing (WordPress /category/<slug>/,
# /chuyen-muc/<slug>): read as sections, whereas tags, authors and searches are not.
_SECTION_PATH = re.compile(r"(?i)/(?:category|chuyen-muc)/[^/?#]+/?$")


def find_section_links(
    html: str | bytes,
    base_url: str,
    *,
    family: dict | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> list[str]:
    """Listings of the site's sections linked from a page: menu entries and "Xem tiếp" links
    that are not articles, feeds, tags, searches or documents. The spider reads each as a
    listing (one level deep), so that a home page or one section is enough to start from."""
    doc = _parse(html, base_url)
    if doc is None:
        return []
    here = urlsplit(base_url)
    articles = set(find_article_links(html, base_url, family=family, allowed_hosts=allowed_hosts))
    found: list[str] = []
    for a in doc.iter("a"):
        url = clean_url(a.get("href"))
        if not url or url in found or url in articles or not _host_ok(url, allowed_hosts):
            continue
        parts = urlsplit(url)
        if parts.hostname != here.hostname or parts.path in ("", "/") and not parts.query:
            continue
        if (
            (_NOT_ARTICLE.search(parts.path) and not _SECTION_PATH.search(parts.path))
            or _FEED_PATH.search(parts.path)
            or looks_like_article_url(url, family)
        ):
            continue
        if re.search(
            r"(?i)/(van-ban|vanban|lien-he|gioi-thieu|tim-kiem|hoi-dap|so-do|sitemap|lich)",
            parts.path,
        ):
            continue
        text = nfc(" ".join(a.text_content().split()))
        in_menu = any(
            anc.tag in ("nav", "ul")
            or _FURNITURE.search(f"{anc.get('class', '')} {anc.get('id', '')}")
            for anc in a.iterancestors()
        )
        if (in_menu and 2 <= len(text) <= 40) or _MORE_WORDS.match(text):
            found.append(url)
    return found
