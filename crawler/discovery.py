"""Link discovery on listing pages, feeds and sitemaps: pure functions (HTML or XML in, URLs out)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree
from scrapy.utils.sitemap import Sitemap

# Containers whose links are page furniture, not the listing: menus, headers, footers, share bars.
_FURNITURE = re.compile(
    r"(^|[\s_-])(menu|nav|navbar|header|footer|breadcrumb|share|social|sharing|copyright|"
    r"banner|topbar|login|search|lang|weblink|lienket|lien-ket)([\s_-]|$)",
    re.I,
)
_FURNITURE_TAGS = {"nav", "header", "footer", "form"}
# Paths that are never articles on these portals.
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|tim-kiem|search|timkiem|rss|feed|sitemap|lien-he|contact|login|dang-nhap|"
    r"author|category|chuyen-muc|page|wp-admin|admin)(/|$|\?|\.|-)|\.(jpe?g|png|gif|pdf|docx?|xlsx?|zip|rar|rss|xml)$",
    re.I,
)
_NEXT_WORDS = {"»", "›", ">", ">>", "sau", "trang sau", "tiếp", "tiếp theo", "next", "xem thêm", "trang tiếp"}
_PAGE_IN_URL = [
    re.compile(r"[?&](?:page|Page|trang|p|paged|pageindex)=(\d+)"),
    re.compile(r"_cur=(\d+)"),
    re.compile(r"/page[/-](\d+)"),
    re.compile(r"/PhanTrang/\d+/(\d+)/"),
    re.compile(r"/trang-(\d+)"),
]


def _parse(html: str | bytes, base_url: str) -> lxml.html.HtmlElement | None:
    if not html or not str(html).strip():
        return None
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


def _clean_url(href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urldefrag(href)[0]
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


def _host_ok(url: str, allowed_hosts: Iterable[str] | None) -> bool:
    if not allowed_hosts:
        return True
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in allowed_hosts)


def _matches(url: str, patterns: Iterable[str]) -> bool:
    parts = urlsplit(url)
    target = parts.path + (("?" + parts.query) if parts.query else "")
    return any(re.search(p, target) for p in patterns)


def looks_like_article_url(url: str, family: dict | None = None) -> bool:
    """URL shape alone: the family's article patterns when known, else generic slug/id shapes."""
    if family and family.get("article_url_patterns"):
        return _matches(url, family["article_url_patterns"])
    parts = urlsplit(url)
    if _NOT_ARTICLE.search(parts.path):
        return False
    last = [s for s in parts.path.split("/") if s]
    if not last and not parts.query:
        return False
    slug = last[-1] if last else ""
    slug = re.sub(r"\.(html?|aspx|php)$", "", slug)
    if re.search(r"-\d{5,}$|-a\d{3,}$", slug):
        return True
    if "dDocName=" in parts.query or "articleId=" in parts.query.replace("_articleId", "articleId"):
        return True
    return slug.count("-") >= 4


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
        if url and url not in seen and url != base_url and _host_ok(url, allowed_hosts):
            seen.add(url)
            found.append(url)

    selectors = ((family or {}).get("listing") or {}).get("article_links") or []
    for sel in selectors:
        try:
            anchors = doc.cssselect(sel)
        except Exception:  # a bad selector in the data must not stop the crawl
            continue
        for a in anchors:
            url = _clean_url(a.get("href"))
            if url and looks_like_article_url(url, family):
                add(url)
    for a in doc.iter("a"):
        url = _clean_url(a.get("href"))
        if not url or url in seen or _in_furniture(a):
            continue
        text = " ".join(a.text_content().split())
        title_like = len(text) >= 20 and len(text.split()) >= 4
        if looks_like_article_url(url, family) and (title_like or family):
            add(url)
    return found


def current_page_number(url: str) -> int:
    """The page number a listing URL shows (1 when the URL names none)."""
    for pat in _PAGE_IN_URL:
        m = pat.search(url)
        if m:
            return int(m.group(1))
    return 1


def find_next_page(
    html: str | bytes, base_url: str, *, family: dict | None = None
) -> str | None:
    """The URL of the next listing page, or None on the last page.

    Order: rel=next, the family's next-page selectors, a "»"/"Trang sau" link, then the
    pagination link numbered current+1.
    """
    doc = _parse(html, base_url)
    if doc is None:
        return None
    for el in doc.xpath("//link[@rel='next'] | //a[@rel='next']"):
        url = _clean_url(el.get("href"))
        if url and url != base_url:
            return url
    for sel in ((family or {}).get("listing") or {}).get("next_page") or []:
        try:
            for a in doc.cssselect(sel):
                url = _clean_url(a.get("href"))
                if url and url != base_url:
                    return url
        except Exception:
            continue
    here = current_page_number(base_url)
    numbered: str | None = None
    for a in doc.iter("a"):
        url = _clean_url(a.get("href"))
        if not url or url == base_url:
            continue
        text = " ".join(a.text_content().split()).lower()
        title = (a.get("title") or "").strip().lower()
        if text in _NEXT_WORDS or title in _NEXT_WORDS:
            if current_page_number(url) > here:
                return url
        if text.isdigit() and int(text) == here + 1 and current_page_number(url) == here + 1:
            numbered = numbered or url
    return numbered


def parse_feed(body: bytes | str) -> list[dict]:
    """Entries of an RSS/Atom feed: [{url, title, published}] (feedparser does the formats)."""
    parsed = feedparser.parse(body)
    out = []
    for e in parsed.entries:
        link = e.get("link")
        if link:
            out.append({"url": link.strip(), "title": e.get("title"), "published": e.get("published")})
    return out


def parse_sitemap(body: bytes) -> tuple[str, list[dict]]:
    """(kind, entries) of a sitemap: kind is "sitemapindex" or "urlset"; entries {url, lastmod}."""
    try:
        sm = Sitemap(body)
    except Exception:
        return ("invalid", [])
    entries = [{"url": e["loc"].strip(), "lastmod": e.get("lastmod")} for e in sm if e.get("loc")]
    return (sm.type or "urlset", entries)


def query_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def absolute(base: str, href: str) -> str:
    return urljoin(base, href)


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
