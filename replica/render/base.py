"""The family renderer base: URL-shape hooks, the page table, extras, feeds, sitemaps and robots."""

from __future__ import annotations

import datetime as dt
import unicodedata

from replica.render.article_parts import ArticlePartsMixin
from replica.render.feeds import FeedsMixin
from replica.render.html import esc, link_list
from replica.render.layout import render_layout
from replica.render.payloads import CHARSET_UTF8, HTML, RSS, XML, Page, encode_legacy, file_page
from replica.site import ALL_CATEGORY, DX_CATEGORY, Route, Site, category_name, route_key


class Family(ArticlePartsMixin, FeedsMixin):
    """A CMS family. Subclasses give URL shapes and markup; ``variants`` are template versions."""

    name = "base"
    default_variant = ""
    variants: dict[str, dict] = {}
    search_path = "/tim-kiem"
    admin_path = "/admin/"

    def __init__(self, portal: dict) -> None:
        self.portal = portal
        self.template = portal.get("template") or self.default_variant
        if self.template not in self.variants:
            raise ValueError(
                f"portal {portal['id']!r}: template {self.template!r} is not one of "
                f"{sorted(self.variants)} of family {self.name!r}"
            )
        self.v = {**self.variants[self.default_variant], **self.variants[self.template]}

    # ---- URL shapes (subclasses override) --------------------------------------------------
    @property
    def page_size(self) -> int:
        return int(self.portal.get("page_size") or self.v.get("page_size", 5))

    def article_path(self, art: dict) -> str:
        raise NotImplementedError

    def listing_path(self, category: str, page: int = 1) -> str:
        raise NotImplementedError

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/uploads/images/{moment:%Y/%m}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        return f"/uploads/files/{file}"

    def feed_paths(self) -> tuple[str, str]:
        """(main feed path, category feed path with a {category} placeholder)."""
        return "/rss/home.rss", "/rss/{category}.rss"

    def feed_routes(self, site: Site) -> dict[str, Route]:
        """The portal's main feed, then one per category (only served when ``rss: true``)."""
        home, per_cat = self.feed_paths()
        routes = {home: Route("feed", {"title": "Tin mới nhất"})}
        for c in site.categories:
            routes[per_cat.format(category=c)] = Route(
                "feed", {"category": c, "title": category_name(c)}
            )
        return routes

    def sitemap_routes(self, site: Site) -> dict[str, Route]:
        """One urlset of every article plus the listings (only served when ``sitemap: true``)."""
        extra = ["/"] + [self.listing_path(c) for c in site.listings]
        return {
            self.sitemap_roots()[0]: Route(
                "urlset", {"articles": lambda s: s.articles, "extra": extra}
            )
        }

    def extra_routes(self, site: Site) -> dict[str, Route]:
        """Day listings, tag pages and the like."""
        return {}

    @property
    def dx_category(self) -> str:
        """The portal's digital-transformation category (``dx_category`` of portals.yaml)."""
        return self.portal.get("dx_category") or DX_CATEGORY

    def start_paths(self) -> list[str]:
        """Where a crawl starts: the DX category listing and the home page (whose pager continues
        into the all-articles listing, so pagination reaches every article)."""
        return [self.listing_path(self.dx_category), "/"]

    # ---- the page table --------------------------------------------------------------------
    def build_routes(self, site: Site) -> dict[str, Route]:
        routes: dict[str, Route] = {"/": Route("home"), "/robots.txt": Route("robots")}
        routes[route_key(self.search_path)] = Route("search")
        routes[route_key(self.admin_path)] = Route("admin")
        for category in site.listings:
            pages = self.page_count(len(site.in_category(category)))
            for n in range(1, pages + 1):
                routes[route_key(self.listing_path(category, n))] = Route(
                    "listing", {"category": category, "page": n}
                )
        for art in site.articles:
            routes[route_key(self.article_path(art))] = Route("article", {"id": art["id"]})
            for att in art["extras"].get("attachments") or []:
                if isinstance(att, dict) and att.get("file"):
                    routes[route_key(self.attachment_path(art, att["file"]))] = Route(
                        "file", {"file": att["file"]}
                    )
        for path, (_art, status) in site.removed.items():
            routes.setdefault(route_key(path), Route("gone", {"status": status}))
        if self.portal.get("rss"):
            routes.update({route_key(k): r for k, r in self.feed_routes(site).items()})
        if self.portal.get("sitemap"):
            routes.update({route_key(k): r for k, r in self.sitemap_routes(site).items()})
        routes.update({route_key(k): r for k, r in self.extra_routes(site).items()})
        return routes

    def page_count(self, n_articles: int) -> int:
        return max(1, -(-n_articles // self.page_size))

    # ---- rendering -------------------------------------------------------------------------
    def render(self, site: Site, route: Route, *, layout_changed: bool = False) -> Page:
        kind, a = route.kind, route.args
        if kind == "article":
            art = site.by_id[a["id"]]
            text = (
                self.render_unknown_layout(site, art)
                if layout_changed
                else self.render_article(site, art)
            )
            return self.html_page(
                text,
                art["_modified"],
                nfd=bool(art["extras"].get("nfd")),
                broken=bool(art["extras"].get("broken_markup")),
            )
        if kind == "listing":
            arts = site.in_category(a["category"])
            size = self.page_size
            chunk = arts[(a["page"] - 1) * size : a["page"] * size]
            return self.html_page(
                self.render_listing(site, a["category"], a["page"], chunk), site.last_modified(arts)
            )
        if kind == "home":
            return self.html_page(self.render_home(site), site.last_modified(site.articles))
        if kind == "robots":
            return Page(200, "text/plain; charset=utf-8", self.robots(site).encode())
        if kind == "feed":
            arts = site.in_category(a["category"]) if a.get("category") else site.articles
            return Page(
                200,
                RSS,
                self.rss(site, arts[:50], a.get("title")).encode(),
                site.last_modified(arts),
            )
        if kind == "urlset":
            arts = a["articles"](site)
            return Page(
                200,
                XML,
                self.urlset(site, arts, a.get("extra", [])).encode(),
                site.last_modified(arts),
            )
        if kind == "sitemapindex":
            return Page(
                200,
                XML,
                self.sitemap_index(site, a["children"]).encode(),
                site.last_modified(site.articles),
            )
        if kind == "file":
            return file_page(a["file"])
        if kind == "gone":
            return self.html_page(
                self.render_simple(
                    site, "Không tìm thấy trang", "Bài viết không tồn tại hoặc đã bị gỡ."
                ),
                None,
                status=a["status"],
            )
        if kind in ("search", "admin", "tag", "day"):
            return self.html_page(self.render_aux(site, kind, a), site.last_modified(site.articles))
        raise KeyError(kind)

    def html_page(
        self,
        text: str,
        modified: dt.datetime | None,
        *,
        nfd: bool = False,
        broken: bool = False,
        status: int = 200,
    ) -> Page:
        if nfd:
            text = unicodedata.normalize("NFD", text)
        if broken:
            # Seen on real portals: a stray </html> right after <html>, and unclosed blocks.
            text = text.replace(">\n<head>", ">\n</html>\n<head>", 1).replace("</aside>", "", 1)
        encoding = self.portal.get("encoding")
        if encoding and encoding.lower() not in ("utf-8", "utf8"):
            text = CHARSET_UTF8.sub(f"charset={encoding}", text)
            return Page(
                status, f"text/html; charset={encoding}", encode_legacy(text, encoding), modified
            )
        return Page(status, HTML, text.encode("utf-8"), modified)

    def render_home(self, site: Site) -> str:
        raise NotImplementedError

    def pager(self, site: Site, category: str, page: int) -> str:
        """The family's pagination links of a listing page."""
        raise NotImplementedError

    @staticmethod
    def crumb_trail(crumbs: list | None, *, start: str, item: str, end: str) -> str:
        """A breadcrumb: ``start`` (its home link included), one ``item`` per (href, text) crumb
        (a template with ``{href}`` and ``{text}``), then ``end``; empty without crumbs."""
        if not crumbs:
            return ""
        return start + "".join(item.format(href=esc(h), text=esc(t)) for h, t in crumbs) + end

    def menu_items(self, site: Site) -> list[tuple[str, str]]:
        """The main menu: home, then every category listing (href, label)."""
        return [("/", "Trang chủ")] + [
            (self.listing_path(c), category_name(c)) for c in site.listings
        ]

    def pager_links(
        self,
        site: Site,
        category: str,
        page: int,
        *,
        number: str,
        current: str | None = None,
        prev: str | None = None,
        next: str | None = None,
        window: int | None = None,
    ) -> str:
        """The joined links of a numbered pager. Each kind is a template with ``{href}`` and
        ``{n}``: ``prev``, the page numbers (``current`` for this page, else ``number``), ``next``;
        ``window`` limits the numbers shown to that many on each side of this page."""
        pages = self.page_count(len(site.in_category(category)))

        def href(n: int) -> str:
            return esc(self.listing_path(category, n))

        first, last = (
            (1, pages) if window is None else (max(1, page - window), min(pages, page + window))
        )
        links = [prev.format(href=href(page - 1))] if prev and page > 1 else []
        for n in range(first, last + 1):
            links.append((current if current and n == page else number).format(href=href(n), n=n))
        if next and page < pages:
            links.append(next.format(href=href(page + 1)))
        return "".join(links)

    def latest_block(self, site: Site, template: str) -> str:
        """The home page's newest articles with the family's pager continuing into the
        all-articles listing: from the home page, pagination reaches every article."""
        arts = site.articles[: self.page_size]
        return template.format(
            label=esc(category_name(ALL_CATEGORY)),
            items=self._items(arts),  # type: ignore[attr-defined]
            pager=self.pager(site, ALL_CATEGORY, 1),
        )

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        raise NotImplementedError

    def render_article(self, site: Site, art: dict) -> str:
        raise NotImplementedError

    def render_simple(self, site: Site, title: str, message: str) -> str:
        return self.layout(
            site,
            title=title,
            main=f"<div class='message'><h1>{esc(title)}</h1><p>{esc(message)}</p></div>",
        )

    def render_aux(self, site: Site, kind: str, args: dict) -> str:
        """Search, admin, tag and day pages: listings of titles, never articles."""
        if kind == "admin":
            return self.layout(
                site,
                title="Đăng nhập quản trị",
                main=(
                    "<div class='login'><h1>Đăng nhập hệ thống quản trị</h1><form method='post'>"
                    "<input name='username' placeholder='Tên đăng nhập'><input type='password' name='password'>"
                    "<button>Đăng nhập</button></form></div>"
                ),
            )
        if kind == "search":
            arts, title = site.articles[:10], "Kết quả tìm kiếm"
        elif kind == "tag":
            arts = [x for x in site.articles if args["tag"] in self.tags(x)]
            title = f"Tag: {args['label']}"
        else:
            arts = [
                x for x in site.articles if x["_moment"] and x["_moment"].date() == args["date"]
            ]
            title = f"Tin ngày {args['date']:%d/%m/%Y}"
        items = "".join(
            f"<li class='search-item'><a href='{esc(self.article_path(x))}'>{esc(x['title'])}</a>"
            f"<span class='time'>{esc(self.date_text(x, self.v.get('aux_date_style', 'dmy_time')))}</span>"
            f"<p class='sapo'>{esc(x.get('lead') or '')}</p></li>"
            for x in arts
        )
        return self.layout(
            site,
            title=title,
            main=f"<div class='list-result'><h1 class='page-title'>{esc(title)}</h1><ul>{items}</ul></div>",
        )

    def render_unknown_layout(self, site: Site, art: dict) -> str:
        """The same story in a markup no family selector knows (a redesign overnight)."""
        f = self.fields(site, art)
        return (
            f"<!DOCTYPE html>\n<html lang='vi'>\n<head><meta charset='utf-8'><title>{esc(f['title'])}</title></head>\n"
            f"<body><div id='app-root'><div class='x9-wrap'><div class='x9-head'>{esc(self.portal.get('name'))}</div>"
            f"<section class='x9-main'><div class='x9-t'>{esc(f['title'])}</div>"
            f"<div class='x9-meta'>{esc(f['date'] or '')}</div><div class='x9-s'>{esc(f['lead'] or '')}</div>"
            f"<div class='x9-c'>{f['body']}</div></section></div></div></body></html>"
        )

    # The page layout: a Jinja2 template a family (replica/render/templates/), filled with the
    # pieces every family has, shaped by its data below, plus its own (`layout_extras`).
    layout_template = ""
    menu_classes: tuple[str, ...] = ()  # the menu's <ul> class, and its <li> class if any
    crumb_format: dict[str, str] = {}  # crumb_trail's start, item and end
    date_format = "{}"  # the header's (stale) date, placed in the family's element

    def layout(
        self,
        site: Site,
        *,
        title: str,
        main: str,
        head: str = "",
        crumbs: list | None = None,
        stale_date: str | None = None,
        body_class: str = "",
        exclude: str | None = None,
    ) -> str:
        name = self.portal.get("name", "")
        return render_layout(
            self.layout_template,
            family=self,
            site=site,
            name=name,
            title=title,
            main=main,
            head=head,
            body_class=body_class,
            exclude=exclude,
            menu=link_list(self.menu_items(site), *self.menu_classes),
            crumb_html=self.crumb_trail(crumbs, **self.crumb_format),
            top=self.date_format.format(esc(stale_date)) if stale_date else "",
            **self.layout_extras(site, title=title, name=name),
        )

    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        """The family's own pieces of its layout (a feed link, a portlet id...)."""
        return {}
