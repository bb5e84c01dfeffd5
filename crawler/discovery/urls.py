"""URLs of portals: cleaning (sessions, fragments, copies), article URL shapes, page numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from w3lib.url import safe_url_string

from crawler.urls import host_in, host_of

# Paths that are never articles on these portals.
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|tim-kiem|search|timkiem|rss|feed|sitemap|lien-he|contact|login|dang-nhap|"
    r"author|category|chuyen-muc|page|wp-admin|admin)(/|$|\?|\.|-)|\.(jpe?g|png|gif|pdf|docx?|xlsx?|zip|rar|rss|xml)$",
    re.I,
)


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
    return not allowed_hosts or host_in(host_of(url), allowed_hosts)


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


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def _slug_shape(m: re.Match) -> str:
    """A slug is "S" whatever numbers its words hold ("nam-2021", "18-000-nguoi"); an id at its
    end (three digits or more: "-246286", "-post27619", "-a341230") stays: "S-N"."""
    parts = re.split(r"[-_]", m.group(0))
    if not any(p.isalpha() for p in parts):
        return re.sub(r"\d+", "N", m.group(0))
    return "S-N" if re.search(r"\d{3,}$", parts[-1]) else "S"


# A page named after its title in CamelCase, often with a hash tail and no dash (SharePoint:
# "UyBanNhanDanTinhSocTrang7f9d26ec.aspx"): at least four capitalised words and 20 characters.
_CAMEL_NAME = re.compile(r"(?:[A-Z][a-z0-9]+){4,}[A-Za-z0-9]*(?=\.\w+$|$)")


def _shape_part(text: str) -> str:
    if len(text) >= 20 and (m := _CAMEL_NAME.match(text)):
        return "S" + text[m.end() :].lower()
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


def title_slug(url: str) -> bool:
    """The URL's last path segment is a story's title written as a slug: five words or more
    joined by dashes ("ra-mat-mo-hinh-khu-dan-cu-so"), not a section's name ("van-hoa-xa-hoi")."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return False
    words = re.sub(r"\.(html?|aspx|php)$", "", segments[-1].lower()).split("-")
    return len(words) >= 5 and sum(w.isalpha() for w in words) >= 4


def _title_shape(url: str) -> str | None:
    """The shape of a URL whose last segment is a title slug, that segment as "{title}" whatever
    numbers its words hold (``/tin-tuc/<slug>`` and ``/tin-tuc/<slug>-nam-2024`` alike)."""
    if not title_slug(url):
        return None
    parts = urlsplit(url)
    head = parts.path.rstrip("/").rsplit("/", 1)[0]
    tail = "/" if parts.path.endswith("/") else ""
    return url_shape(parts._replace(path=f"{head}/{{title}}{tail}").geturl())


def article_shapes(title_links: Iterable[str], minimum: int = 3) -> set[str]:
    """Shapes of at least ``minimum`` distinct links with title-like anchors on one page (or
    entries of one sitemap): a listing prints its articles as a run of links alike in all but
    their id."""
    by_shape: dict[str, set[str]] = {}
    for url in title_links:
        by_shape.setdefault(url_shape(url), set()).add(url)
    # Only shapes told apart by a number: pages that differ by a word alone (``/tin-tuc/``,
    # ``/van-hoa/``) are sections, not articles.
    shapes = {s for s, urls in by_shape.items() if len(urls) >= minimum and "N" in s}
    # Sites whose article URLs carry no id at all (``/tin-tuc/<slug>``): a run of title slugs
    # of five words or more under one path (links no id shape took).
    by_title: dict[str, set[str]] = {}
    for shape, urls in by_shape.items():
        if shape in shapes:
            continue
        for url in urls:
            if (title := _title_shape(url)) is not None:
                by_title.setdefault(title, set()).add(url)
    return shapes | {s for s, urls in by_title.items() if len(urls) >= minimum}


def in_article_shape(url: str, shapes: set[str]) -> bool:
    """``url`` has one of ``shapes`` (article_shapes): alike in all but an id, or a title slug
    under the same path as a run of them (a section's short name never is)."""
    return url_shape(url) in shapes or _title_shape(url) in shapes


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


def query_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def absolute(base: str, href: str) -> str:
    return urljoin(base, href)


# Feeds a page points at: <link rel=alternate> (RSS/Atom) or links whose path names a feed.
_FEED_PATH = re.compile(
    r"(?i)(?:\.rss$|rss\.xml$|atom\.xml$|/feed/?$|/rss/?$|/rss/[\w-]+\.rss$|[?&]format=feed)"
)
