"""URL shapes of the generated portals: article paths, listing pages, copies of an article."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

BASE = "__BASE__"  # replaced by the server's http://host:port when a page is served


def slugify(text: str, max_words: int = 12) -> str:
    """ASCII slug of a Vietnamese title: marks dropped, đ → d, words joined by '-'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


def article_path(
    scheme: str, art_id: int, slug: str, cat: str, moment: dt.datetime, token: str
) -> str:
    """The canonical path of one article under a URL scheme (see style.URL_SCHEMES)."""
    if scheme == "slug_id_html":
        return f"/{slug}-{art_id}.html"
    if scheme == "cat_slug_id_htm":
        return f"/{cat}/{slug}-{art_id}.htm"
    if scheme == "query_id":
        return f"/tin-tuc/chi-tiet?id={art_id}"
    if scheme == "view_id":
        return f"/view?id={art_id}"
    if scheme == "joomla":
        catid = 10 + sum(map(ord, cat)) % 50
        return f"/index.php?option=com_content&view=article&id={art_id}:{slug}&catid={catid}"
    if scheme == "chitiet_aspx":
        return f"/Pages/ChiTiet.aspx?ItemID={art_id}"
    if scheme == "numeric_path":
        return f"/1446/38995/68251/{art_id}/{cat}/{slug}"
    if scheme == "sharepoint_pages":
        short = "-".join(slug.split("-")[:6])
        return f"/Pages/{cat}-{art_id % 97}/{short}-{art_id:08x}{token[:8]}.aspx"
    if scheme == "timestamp_id":
        return f"/{slug}-102{moment:%y%m%d%H%M%S}{art_id % 1000:03d}.htm"
    if scheme == "liferay_asset":
        return f"/web/guest/tin-tuc/-/asset_publisher/{token[:12]}/content/{slug}-{art_id}"
    if scheme == "wp_slash":
        return f"/{moment:%Y/%m}/{slug}/"
    if scheme == "a_id":
        return f"/{slug}-a{art_id}.html"
    if scheme == "post_id":
        return f"/{cat}/{slug}-post{art_id}.html"
    if scheme == "wp_p":
        return f"/?p={art_id}"
    if scheme == "lists_aspx":
        return f"/Lists/TinTucSuKien/ChiTiet.aspx?ID={art_id}"
    if scheme == "node":
        return f"/vi/node/{art_id}"
    if scheme == "slug_only":  # a Drupal path alias: nothing but the slug tells it apart
        return f"/tin-tuc/{slug}"
    if scheme == "date_path":
        short = "".join(w.capitalize() for w in slug.split("-")[:7])
        return f"/portal/Pages/{moment.year}-{moment.month}-{moment.day}/{short}{token[art_id % 8 : art_id % 8 + 8]}.aspx"
    raise ValueError(f"unknown URL scheme {scheme!r}")


def listing_path(family: str, cat: str) -> str:
    """Where a category's listing lives, in the family's manner."""
    return {
        "sharepoint": f"/Pages/{cat}.aspx",
        "liferay": f"/web/guest/{cat}",
        "nukeviet": f"/news/{cat}/",
        "wordpress": f"/category/{cat}/",
        "joomla": f"/index.php?option=com_content&view=category&id={10 + sum(map(ord, cat)) % 50}",
        "newspaper": f"/{cat}.htm",
        "webforms": f"/Pages/DanhMuc.aspx?CatID={10 + sum(map(ord, cat)) % 50}",
        "oneoff": f"/{cat}",
    }[family]


def page_url(listing: str, pagination: str, n: int, size: int, portlet: str) -> str:
    """Page n (1-based) of a listing; page 1 is the listing itself."""
    if n == 1:
        return listing
    if pagination in ("page", "pg", "Page", "p", "trang", "PageIndex"):
        return _with_query(listing, {pagination: str(n)})
    if pagination in ("start", "limitstart"):
        return _with_query(listing, {pagination: str((n - 1) * size)})
    if pagination == "liferay_cur":
        pid = f"_101_INSTANCE_{portlet}_"
        return _with_query(
            listing,
            {"p_p_id": f"101_INSTANCE_{portlet}", pid + "cur": str(n), pid + "delta": str(size)},
        )
    if pagination == "phan_trang":  # SharePoint: the page number is a path segment of another page
        name = listing.rstrip("/").rsplit("/", 1)[-1].split("?")[0].split(".")[0] or "TinTuc"
        return f"/Pages/ChuyenMuc/PhanTrang/{sum(map(ord, listing)) % 9000 + 1000}/{n}/{name}.html"
    if pagination in ("path_trang", "path_page"):
        word = "trang-" if pagination == "path_trang" else "page/"
        if "?" in listing:  # a query-string listing cannot take a path segment
            return _with_query(listing, {"trang": str(n)})
        stem = re.sub(r"\.(aspx|htm|html)$", "", listing.rstrip("/"))
        return f"{stem}/{word}{n}" + ("/" if pagination == "path_page" else ".html")
    raise ValueError(f"pagination {pagination!r} has no URL")


def _with_query(path: str, params: dict[str, str]) -> str:
    parts = urlsplit(path)
    pairs = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return parts.path + "?" + urlencode(pairs, safe=":")


PRINT_FORMS = ("query", "path", "aspx", "true")


def print_path(path: str, form: str = "query", art_id: int = 0) -> str:
    """The print copy's URL: ?print=1, /print/<id>.html, print.aspx?p=<id> or &print=true."""
    if form == "path":
        return f"/print/{art_id}.html"
    if form == "aspx":
        return f"/portal/pages/print.aspx?p={art_id}"
    if form == "true":
        return _with_query(path, {"print": "true"})
    return _with_query(path, {"print": "1"})


def amp_path(path: str) -> str:
    return "/amp" + path


def session_path(path: str, kind: str, token: str) -> str:
    """The article's URL as a listing writes it with a session id in it."""
    if kind == "jsessionid":
        parts = urlsplit(path)
        return (
            parts.path + f";jsessionid={token.upper()}" + (f"?{parts.query}" if parts.query else "")
        )
    return _with_query(path, {"sid": token})


def strip_session(target: str) -> str:
    """The target without a ;jsessionid= path parameter or a sid= query parameter."""
    target = re.sub(r";jsessionid=[^?#/]*", "", target, flags=re.I)
    parts = urlsplit(target)
    if not parts.query:
        return target
    pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "sid"
    ]
    return parts.path + ("?" + urlencode(pairs, safe=":") if pairs else "")


def href(from_path: str, to_path: str, form: str) -> str:
    """A link as the page writes it: absolute, root-relative, or relative to the page's folder."""
    if form == "absolute":
        return BASE + to_path
    if form == "relative":
        here = posixpath.dirname(urlsplit(from_path).path) or "/"
        there = urlsplit(to_path)
        if posixpath.dirname(there.path) == here and there.path != here:
            name = posixpath.basename(there.path) or "./"
            return name + (f"?{there.query}" if there.query else "")
    return to_path


def request_key(target: str) -> str:
    """A request target (path?query) in one comparable form: query pairs sorted, no fragment."""
    parts = urlsplit(target)
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + ("?" + urlencode(pairs, safe=":") if pairs else "")
