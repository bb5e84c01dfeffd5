"""Link discovery on listing pages, feeds and sitemaps: pure functions (HTML or XML in, URLs out)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree
from scrapy.utils.sitemap import Sitemap
from w3lib.url import safe_url_string

# Containers whose links are page furniture, not the listing: menus, headers, footers, share bars.
_FURNITURE = re.compile(
    r"(^|[\s_-])(menu|nav|navbar|header|footer|breadcrumb|share|social|sharing|copyright|"
    r"banner|topbar|login|search|lang|weblink|lienket|lien-ket)([\s_-]|$)",
    re.I,
)
# Not "form": ASP.NET WebForms portals wrap the whole page in one (search forms have classes).
_FURNITURE_TAGS = {"nav", "header", "footer"}
# Paths that are never articles on these portals.
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|tim-kiem|search|timkiem|rss|feed|sitemap|lien-he|contact|login|dang-nhap|"
    r"author|category|chuyen-muc|page|wp-admin|admin)(/|$|\?|\.|-)|\.(jpe?g|png|gif|pdf|docx?|xlsx?|zip|rar|rss|xml)$",
    re.I,
)
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
_PAGE_IN_URL = [
    # ASP.NET portals write PageIndex / pageIndex / CurrentPage: the parameter name is case-blind.
    re.compile(
        r"[?&](?:page|trang|p|pg|paged|pageindex|pagenumber|pageno|currentpage)=(\d+)", re.I
    ),
    # Offsets (Joomla limitstart, start=, offset=) grow page by page too: only the order matters.
    re.compile(r"[?&](?:start|limitstart|offset|from|begin)=(\d+)", re.I),
    re.compile(r"_cur=(\d+)"),
    re.compile(r"/page[/-](\d+)"),
    re.compile(r"/PhanTrang/\d+/(\d+)/"),
    re.compile(r"/trang-(\d+)"),
]


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


# Session ids written into links (Java ";jsessionid=", PHP and ASP query tokens): one article
# must have one URL. A numeric "sid" is an id, not a session.
_SESSION_PATH = re.compile(r";jsessionid=[^?#/]*", re.I)
_SESSION_KEYS = {"jsessionid", "phpsessid", "aspsessionid", "sessionid", "session_id", "sid"}
# Print and AMP copies of an article: the article itself is linked too.
_COPY = re.compile(
    r"(?i)(?:^/amp/|/amp/?$|\.amp$|/print/|/in-bai/|/ban-in/)|(?:^|&)(?:amp|print|printable|inbai)=|"
    r"(?:^|&)(?:view|layout|tmpl)=(?:print|component)\b"
)


def strip_session(url: str) -> str:
    """``url`` without session ids (``;jsessionid=...``, ``?sid=<token>``, ``PHPSESSID=``)."""
    url = _SESSION_PATH.sub("", url)
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [pair for pair in pairs if not _session_pair(pair)]
    if len(kept) == len(pairs):
        return url
    return parts._replace(query="&".join(kept)).geturl()


def _session_pair(pair: str) -> bool:
    key, _, value = pair.partition("=")
    return key.lower() in _SESSION_KEYS and len(value) >= 8 and not value.isdigit()


def is_copy(url: str) -> bool:
    """A print or AMP copy of an article (``?print=1``, ``/amp/...``, ``view=print``)."""
    parts = urlsplit(url)
    return bool(_COPY.search(parts.path) or _COPY.search(parts.query))


def clean_url(href: str | None) -> str | None:
    """An http(s) URL without its fragment and session ids, or None for scripts, mail links and
    broken URLs."""
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except (
        ValueError
    ):  # "http://[bad", "http://host:99999/": one broken link must not lose the page
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return strip_session(url)


def escaped(url: str) -> str:
    """The URL as Scrapy requests it (non-ASCII and spaces percent-encoded).

    Stored article URLs are the responses' URLs, so links must be compared in this form: a raw
    ``/tin-tức/...`` link would never match its stored ``/tin-t%E1%BB%A9c/...`` and be fetched nightly.
    """
    return safe_url_string(url)


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
    if is_copy(url):
        return False
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
                len(text) >= 20
                and len(text.split()) >= 4
                or unicodedata.normalize("NFC", text).lower() in _DETAIL_WORDS,
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
            and url_shape(url) in shapes
            and not _NOT_ARTICLE.search(url)
            and not is_copy(url)
        ):
            add(url)
    return found


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def _slug_shape(m: re.Match) -> str:
    """A slug is "S" whatever numbers its words hold ("nam-2021", "18-000-nguoi"); an id at its
    end (three digits or more: "-246286", "-post27619", "-a341230") stays: "S-N"."""
    parts = re.split(r"[-_]", m.group(0))
    if not any(p.isalpha() for p in parts):
        return re.sub(r"\d+", "N", m.group(0))
    return "S-N" if re.search(r"\d{3,}$", parts[-1]) else "S"


def _shape_part(text: str) -> str:
    return re.sub(r"\d+", "N", _SLUG.sub(_slug_shape, text.lower()))


def url_shape(url: str) -> str:
    """A URL with its ids and slugs blanked: ``/tin-tuc/chi-tiet?id=N``, ``/S/S-N.html``.

    Articles of one portal share a shape (often the same path, only the query differs); a
    Joomla ``id=12:slug`` is its number, and query values that are words (``view=article``)
    stay, so a category (``view=category``) has another shape than its articles.
    """
    parts = urlsplit(url)
    path = "/".join(_shape_part(seg) for seg in parts.path.split("/"))
    query = sorted(
        (key.lower(), _shape_part(value.split(":")[0]))
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return (parts.hostname or "") + path + "?" + "&".join(f"{k}={v}" for k, v in query)


def article_shapes(title_links: Iterable[str], minimum: int = 3) -> set[str]:
    """Shapes of at least ``minimum`` distinct links with title-like anchors on one page (or
    entries of one sitemap): a listing prints its articles as a run of links alike in all but
    their id."""
    by_shape: dict[str, set[str]] = {}
    for url in title_links:
        by_shape.setdefault(url_shape(url), set()).add(url)
    # Only shapes told apart by a number: pages that differ by a word alone (``/tin-tuc/``,
    # ``/van-hoa/``) are sections, not articles.
    return {shape for shape, urls in by_shape.items() if len(urls) >= minimum and "N" in shape}


def explicit_page_number(url: str) -> int | None:
    """The page number a listing URL names, or None when it names none."""
    for pat in _PAGE_IN_URL:
        m = pat.search(url)
        if m:
            return int(m.group(1))
    return None


def current_page_number(url: str) -> int:
    """The page number a listing URL shows (1 when the URL names none)."""
    number = explicit_page_number(url)
    return 1 if number is None else number


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
            out.append(
                {"url": link.strip(), "title": e.get("title"), "published": e.get("published")}
            )
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


_ISO_LASTMOD = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY_LASTMOD = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2}))?")
_VIETNAM = timezone(timedelta(hours=7))


def lastmod_date(lastmod: str | None) -> date | None:
    """The Việt Nam calendar date of a sitemap ``lastmod`` (W3C datetime, or dd/mm/yyyy); None if unreadable.

    A UTC time late in the evening is the next morning in Việt Nam, which is what ``--since`` means.
    """
    text = (lastmod or "").strip()
    try:
        if m := _ISO_LASTMOD.match(text):
            year, month, day, hh, mm, ss, tz = m.groups()
            moment = datetime(
                int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0)
            )
            if tz:
                offset = (
                    UTC
                    if tz == "Z"
                    else timezone(
                        (-1 if tz[0] == "-" else 1)
                        * timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:]))
                    )
                )
                moment = moment.replace(tzinfo=offset).astimezone(_VIETNAM)
            return moment.date()
        if m := _DMY_LASTMOD.match(text):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return date(year, month, day)
    except ValueError:  # 31/02 and friends
        return None
    return None


def lastmod_before(lastmod: str | None, since: str) -> bool:
    """True only when a sitemap ``lastmod`` is surely before the ISO date ``since`` (unreadable: False)."""
    when = lastmod_date(lastmod)
    return when is not None and when < date.fromisoformat(since)


# Feeds a page points at: <link rel=alternate> (RSS/Atom) or links whose path names a feed.
_FEED_PATH = re.compile(
    r"(?i)(?:\.rss$|rss\.xml$|atom\.xml$|/feed/?$|/rss/?$|/rss/[\w-]+\.rss$|[?&]format=feed)"
)


def find_feeds(
    html: str | bytes, base_url: str, allowed_hosts: Iterable[str] | None = None
) -> list[str]:
    """RSS/Atom feeds a page announces (``<link rel="alternate">``) or links to."""
    doc = _parse(html, base_url)
    if doc is None:
        return []
    found: list[str] = []
    for el in doc.xpath("//link[@rel='alternate'][@href]"):
        kind = (el.get("type") or "").lower()
        if "rss" in kind or "atom" in kind:
            url = clean_url(el.get("href"))
            if url and url not in found and _host_ok(url, allowed_hosts):
                found.append(url)
    for a in doc.iter("a"):
        url = clean_url(a.get("href"))
        if url and url not in found and _host_ok(url, allowed_hosts):
            parts = urlsplit(url)
            if _FEED_PATH.search(parts.path + (f"?{parts.query}" if parts.query else "")):
                found.append(url)
    return found[:5]


# "Xem tiếp", "Xem tất cả", "Xem thêm": a section's own listing, linked from a home page block.
_MORE_WORDS = re.compile(r"(?i)^(?:xem (?:tiếp|thêm|tất cả|toàn bộ)|tất cả|more)\b")


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
            _NOT_ARTICLE.search(parts.path)
            or _FEED_PATH.search(parts.path)
            or looks_like_article_url(url, family)
        ):
            continue
        if re.search(
            r"(?i)/(van-ban|vanban|lien-he|gioi-thieu|tim-kiem|hoi-dap|so-do|sitemap|lich)",
            parts.path,
        ):
            continue
        text = " ".join(a.text_content().split())
        in_menu = any(
            anc.tag in ("nav", "ul")
            or _FURNITURE.search(f"{anc.get('class', '')} {anc.get('id', '')}")
            for anc in a.iterancestors()
        )
        if (in_menu and 2 <= len(text) <= 40) or _MORE_WORDS.match(text):
            found.append(url)
    return found


def sitemap_urls_in_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, as absolute URLs."""
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = clean_url(urljoin(base_url, value.strip()))
            if url and url not in out:
                out.append(url)
    return out


def newest_entries(entries: list[dict], limit: int) -> list[dict]:
    """At most ``limit`` sitemap entries, the newest ``lastmod`` first (undated ones last)."""
    if len(entries) <= limit:
        return entries
    dated = sorted(
        (e for e in entries if lastmod_date(e.get("lastmod"))),
        key=lambda e: lastmod_date(e.get("lastmod")),
        reverse=True,
    )
    undated = [e for e in entries if not lastmod_date(e.get("lastmod"))]
    return (dated + undated)[:limit]
