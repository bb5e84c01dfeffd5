"""Page furniture of the generated portals: skeleton, header, menu, breadcrumbs, sidebars, footer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html import escape

from replica.generator.urls import BASE, href

# Class names by role and family; a "random" site renames every role (a one-off build).
ROLES = (
    "main",
    "title",
    "date",
    "body",
    "sapo",
    "author",
    "side",
    "related",
    "crumb",
    "menu",
    "pager",
    "list",
)
FAMILY_CLASSES = {
    "sharepoint": ("ms-rtestate-field", "ArticleTitle", "NewsDate", "ArticleContent", "ArticleSapo", "NewsAuthor", "ms-webpart-zone", "OtherNews", "breadcrumb", "ms-core-listMenu", "paging", "NewsList"),
    "liferay": ("journal-content-article", "asset-title", "publish-date", "asset-content", "asset-summary", "asset-author", "portlet-column", "asset-related", "breadcrumb", "nav-menu", "lfr-pagination", "asset-list"),
    "nukeviet": ("news-detail", "title margin-bottom-lg", "h-date", "bodytext", "hometext", "author", "col-md-8", "related", "breadcrumbs", "site-menu", "pagination", "news_column"),
    "wordpress": ("site-main", "entry-title", "entry-date", "entry-content", "entry-summary", "byline", "widget-area", "related-posts", "breadcrumbs", "main-navigation", "nav-links", "post-list"),
    "joomla": ("item-page", "page-header", "published", "articleBody", "introtext", "createdby", "moduletable", "relateditems", "breadcrumb", "nav menu", "pagination", "blog"),
    "newspaper": ("article", "article__title cms-title", "article__meta", "article__body cms-body", "detail-sapo", "article__author", "sidebar", "box-related", "breadcrumb", "main-menu", "pagination", "box-stream"),
    "webforms": ("content-detail", "lblTitle", "lblDate", "divContent", "lblSummary", "lblAuthor", "right-col", "tinkhac", "duongdan", "topmenu", "pager", "dstin"),
    "oneoff": ("noidung", "tieude", "ngaydang", "chitiet", "tomtat", "tacgia", "cot-phai", "tinlienquan", "vitri", "menutop", "phantrang", "danhsach"),
}  # fmt: skip


@dataclass
class Ctx:
    """What every page of one site shares: its style, identity and the furniture drawn once."""

    style: object
    rng: random.Random
    site_name: str
    org: str
    address: str
    province: str
    tag: str | None
    categories: list[tuple[str, str, str]]  # (slug, name, listing path)
    header_date: str | None
    classes: dict[str, str] = field(default_factory=dict)
    sidebar_boxes: list[tuple[str, list[tuple[str, str, str | None]]]] = field(default_factory=list)
    crumb_sep: str = " / "
    http_equiv: bool = False
    extra_menu: list[tuple[str, str]] = field(default_factory=list)  # (name, path)
    feed_path: str | None = None
    search_path: str = "/tim-kiem"
    portlet: str = "abc"  # Liferay portlet instance id (pagination parameters carry it)
    list_date: str = "d"  # date form in listings (dates.SHORT_FORMS)

    def c(self, role: str) -> str:
        return self.classes[role]

    def link(self, from_path: str, to_path: str) -> str:
        return escape(href(from_path, to_path, self.style.link_form))


def make_classes(family: str, mode: str, rng: random.Random) -> dict[str, str]:
    names = FAMILY_CLASSES[family]
    if mode == "random":
        stem = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3))
        names = tuple(f"{stem}-{rng.randint(10, 99)}{r[:2]}" for r in ROLES)
    return dict(zip(ROLES, names, strict=True))


def document(ctx: Ctx, path: str, title_tag: str, head: str, body: str) -> str:
    """The whole page; WebForms and SharePoint sites wrap everything in one postback form."""
    st = ctx.style
    charset = "windows-1258" if st.encoding == "cp1258" else "utf-8"
    if ctx.http_equiv or st.family == "webforms":
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta = f'<meta charset="{charset}">'
    generator = {
        "nukeviet": '<meta name="generator" content="NukeViet v4.5">',
        "wordpress": '<meta name="generator" content="WordPress 6.4.2">',
        "joomla": '<meta name="generator" content="Joomla! - Open Source Content Management">',
    }.get(st.family, "")
    if st.family in ("webforms", "sharepoint"):
        # One server form holds the page: inner forms become plain blocks, as WebForms renders them.
        body = body.replace("<form ", "<div data-form ").replace("</form>", "</div>")
        body = (
            f'<form name="aspnetForm" method="post" action="{escape(path)}" id="aspnetForm">'
            '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk">'
            f"{body}</form>"
        )
    if st.family == "sharepoint":
        body = (
            '<div id="s4-ribbonrow"><a href="#" class="ms-skip">Skip Ribbon Commands</a></div>'
            '<a href="#mainContent" class="ms-skip">Skip to main content</a>' + body
        )
    stray = "</html>\n" if st.broken_markup else ""  # as some real portals send it
    return (
        f'<!DOCTYPE html>\n<html lang="vi">\n{stray}<head>\n'
        f"{meta}\n<title>{escape(title_tag)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{generator}\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def header(ctx: Ctx, path: str) -> str:
    st = ctx.style
    logo_tag = "h1" if st.heading in ("h2_logo_h1", "h1_logo_h1") else "div"
    date = f'<div class="top-date">{escape(ctx.header_date)}</div>' if ctx.header_date else ""
    search = (
        f'<form class="search-form" action="{escape(ctx.search_path)}" method="get">'
        '<input type="text" name="q" placeholder="Tìm kiếm..."><button>Tìm</button></form>'
    )
    return (
        f'<header id="header"><div class="top-bar">{date}'
        '<span class="font-size">Cỡ chữ: <a href="#">A-</a> <a href="#">A</a> <a href="#">A+</a></span></div>'
        f'<{logo_tag} class="logo"><a href="{ctx.link(path, "/")}">'
        f"{escape(ctx.site_name)}</a></{logo_tag}>{search}</header>\n{menu(ctx, path)}"
    )


def menu(ctx: Ctx, path: str) -> str:
    items = [f'<li><a href="{ctx.link(path, "/")}">Trang chủ</a></li>']
    for _slug, name, lpath in ctx.categories:
        items.append(f'<li><a href="{ctx.link(path, lpath)}">{escape(name)}</a></li>')
    for name, mpath in ctx.extra_menu:
        items.append(f'<li><a href="{ctx.link(path, mpath)}">{escape(name)}</a></li>')
    return f'<nav class="{ctx.c("menu")}"><ul>{"".join(items)}</ul></nav>'


def breadcrumb(ctx: Ctx, path: str, trail: list[tuple[str, str | None]]) -> str:
    parts = [f'<a href="{ctx.link(path, "/")}">Trang chủ</a>']
    for name, target in trail:
        parts.append(
            f'<a href="{ctx.link(path, target)}">{escape(name)}</a>' if target else escape(name)
        )
    return f'<div class="{ctx.c("crumb")}">{ctx.crumb_sep.join(parts)}</div>'


def link_list(
    ctx: Ctx, path: str, heading: str, items: list[tuple[str, str, str | None]], cls: str
) -> str:
    """A titled list of links with an optional date each (sidebars, related articles)."""
    lis = []
    for title, target, date in items:
        when = f' <span class="time">{escape(date)}</span>' if date else ""
        lis.append(f'<li><a href="{ctx.link(path, target)}">{escape(title)}</a>{when}</li>')
    return f'<div class="{cls}"><h3 class="box-title">{escape(heading)}</h3><ul>{"".join(lis)}</ul></div>'


def footer(ctx: Ctx, path: str) -> str:
    feed = ""
    if ctx.feed_path and ctx.style.feed_discovery == "footer_link":
        feed = f' | <a href="{ctx.link(path, ctx.feed_path)}">RSS</a>'
    elif ctx.feed_path and ctx.style.feed_discovery == "rss_page":
        feed = f' | <a href="{ctx.link(path, "/rss.html")}">RSS</a>'
    return (
        f'<footer id="footer"><p><strong>{escape(ctx.org)}</strong></p>'
        f"<p>Địa chỉ: {escape(ctx.address)}</p>"
        "<p>Điện thoại: 0208.3855.123 - Email: banbientap@"
        + escape(ctx.tag or "portal").lower()
        + ".gov.vn</p>"
        f"<p>Giấy phép số 45/GP-TTĐT ngày 12/3/2019 của Cục Phát thanh, truyền hình và thông tin điện tử.</p>"
        f"<p>Ghi rõ nguồn “{escape(ctx.site_name)}” khi phát hành lại thông tin từ cổng thông tin này."
        f'{feed} | <a href="{ctx.link(path, "/lien-he")}">Liên hệ</a></p></footer>'
    )


def feed_link_tag(ctx: Ctx) -> str:
    if not ctx.feed_path or ctx.style.feed_discovery != "link_alt":
        return ""
    kind = "atom+xml" if ctx.style.feed == "atom" else "rss+xml"
    return f'<link rel="alternate" type="application/{kind}" title="{escape(ctx.site_name)}" href="{BASE}{ctx.feed_path}">'


def layout(ctx: Ctx, path: str, main: str, crumb: str = "") -> str:
    """Header, menu, breadcrumb, main column, sidebar and footer around `main`."""
    boxes = "".join(link_list(ctx, path, h, items, "box") for h, items in ctx.sidebar_boxes)
    side = f'<aside class="{ctx.c("side")}">{boxes}</aside>' if boxes else ""
    return (
        f'{header(ctx, path)}\n<div class="container">{crumb}'
        f'<div class="row"><div class="main-col">{main}</div>{side}</div></div>\n{footer(ctx, path)}'
    )
