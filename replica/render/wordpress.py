"""WordPress portals (backancity.gov.vn): /<slug>/, .entry-title, time.entry-date, wp-sitemap.xml."""

from __future__ import annotations

import datetime as dt

from replica.dates import iso
from replica.render.base import Family
from replica.render.furniture import share_links
from replica.render.html import esc, link_list
from replica.site import Route, Site, category_name


class WordPress(Family):
    name = "wordpress"
    layout_template = "wordpress.html"
    menu_classes = ("menu", "menu-item")
    crumb_format = {
        "start": "<nav class='breadcrumb'><a href='/'>Trang chủ</a>",
        "item": " » <a href='{href}'>{text}</a>",
        "end": "</nav>",
    }
    date_format = "<div class='top-date'>{}</div>"
    default_variant = "wp_city"
    search_path = "/search/"
    admin_path = "/wp-admin/"
    variants = {
        # A city portal on a classic theme: the lead is the bold first paragraph of .entry-content.
        "wp_city": {
            "date_style": "weekday_dashes",
            "page_size": 5,
            "lead_inside": True,
            "meta_time": True,
            "jsonld": False,
            "disallow": ["/wp-login.php"],
        },
        # A newer theme: excerpt above the content, "22:41 | 30/11/2021", Yoast JSON-LD.
        "wp_news": {
            "date_style": "time_pipe",
            "page_size": 4,
            "lead_inside": False,
            "meta_time": True,
            "jsonld": True,
            "disallow": ["/wp-login.php"],
        },
        # A district portal with no meta tags at all and "Ngày 30 tháng 11 năm 2021".
        "wp_plain": {
            "date_style": "ngay_thang",
            "page_size": 5,
            "lead_inside": True,
            "meta_time": False,
            "jsonld": False,
            "disallow": [],
        },
    }

    def article_path(self, art: dict) -> str:
        return f"/{art['slug']}/"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/category/{category}/" if page == 1 else f"/category/{category}/page/{page}/"

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/wp-content/uploads/{moment:%Y/%m}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/wp-content/uploads/{moment:%Y/%m}/{file}"

    def feed_paths(self) -> tuple[str, str]:
        return "/feed/", "/category/{category}/feed/"

    def sitemap_roots(self) -> list[str]:
        return ["/wp-sitemap.xml"]

    def sitemap_routes(self, site: Site) -> dict[str, Route]:
        size = 50  # WordPress pages its sitemaps; a small size keeps the paging exercised
        n = max(1, -(-len(site.articles) // size))
        children = [f"/wp-sitemap-posts-post-{i}.xml" for i in range(1, n + 1)]
        children += ["/wp-sitemap-taxonomies-category-1.xml"]
        routes = {"/wp-sitemap.xml": Route("sitemapindex", {"children": children})}
        for i in range(1, n + 1):
            routes[f"/wp-sitemap-posts-post-{i}.xml"] = Route(
                "urlset", {"articles": lambda s, i=i: s.articles[(i - 1) * size : i * size]}
            )
        routes["/wp-sitemap-taxonomies-category-1.xml"] = Route(
            "urlset",
            {"articles": lambda s: [], "extra": [self.listing_path(c) for c in site.listings]},
        )
        return routes

    def extra_routes(self, site: Site) -> dict[str, Route]:
        routes = {}
        for a in site.articles:
            for t in self.tags(a)[1:]:
                routes[f"/tag/{t}/"] = Route("tag", {"tag": t, "label": t.replace("-", " ")})
        return routes

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        feed = (
            f'<link rel="alternate" type="application/rss+xml" title="{esc(name)} &raquo; Dòng thông tin" href="/feed/">'
            if self.portal.get("rss")
            else ""
        )
        return {"feed": feed}

    def _items(self, arts: list[dict]) -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            when = iso(a["_moment"], a["_has_time"]) if a["_moment"] else ""
            rows.append(
                f"<article id='post-{a['_num'] + 1000}' class='post type-post status-publish hentry'>"
                f"<header class='entry-header'><h2 class='entry-title'><a href='{href}' rel='bookmark'>{esc(a['title'])}</a></h2>"
                f"<div class='entry-meta'><time class='entry-date published' datetime='{esc(when)}'>{esc(self.date_text(a, 'dmy_time'))}</time></div></header>"
                f"<div class='entry-summary'><p>{esc(a.get('lead') or '')}</p></div></article>"
            )
        return "".join(rows)

    def render_home(self, site: Site) -> str:
        blocks = [self.latest_block(site, "{items}{pager}")]
        for c in site.categories:
            blocks.append(
                f"<section class='home-category'><h2 class='widget-title'><a href='{esc(self.listing_path(c))}'>"
                f"{esc(category_name(c))}</a></h2>"
                + link_list([(self.article_path(a), a["title"]) for a in site.in_category(c)[:3]])
                + "</section>"
            )
        return self.layout(site, title="Trang chủ", main="\n".join(blocks), body_class="home blog")

    def pager(self, site: Site, category: str, page: int) -> str:
        links = self.pager_links(
            site,
            category,
            page,
            prev="<a class='prev page-numbers' href='{href}'>&laquo; Trước</a>",
            number="<a class='page-numbers' href='{href}'>{n}</a>",
            current="<span aria-current='page' class='page-numbers current'>{n}</span>",
            next="<a class='next page-numbers' href='{href}'>Sau &raquo;</a>",
        )
        return f"<nav class='navigation pagination'><div class='nav-links'>{links}</div></nav>"

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        main = (
            f"<header class='page-header'><h1 class='page-title'>Chuyên mục: <span>{esc(category_name(category))}</span></h1></header>"
            f"{self._items(arts)}" + self.pager(site, category, page)
        )
        return self.layout(
            site,
            title=category_name(category),
            main=main,
            body_class="archive category",
            crumbs=[(self.listing_path(category), category_name(category))],
        )

    def figure(self, art: dict, src: str, caption: str | None, file: str) -> str:
        cap = (
            f"<figcaption class='wp-element-caption'>{esc(caption)}</figcaption>" if caption else ""
        )
        return (
            f"<figure class='wp-block-image size-large'><img decoding='async' src='{esc(src)}' "
            f"alt='' class='wp-image-{art['_num']}'>{cap}</figure>"
        )

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        url = site.base + self.article_path(art)
        cat = art["_category"]
        when = iso(art["_moment"], art["_has_time"]) if art["_moment"] else ""
        date = (
            (
                f"<span class='posted-on'><a href='{esc(self.article_path(art))}' rel='bookmark'>"
                f"<time class='entry-date published' datetime='{esc(when)}'>{esc(f['date'])}</time></a></span>"
            )
            if f["date"]
            else ""
        )
        author = ""
        if f["author"] and not art["extras"].get("author_bold_last"):
            author = f"<span class='byline'> <span class='author vcard'><a class='url fn n' href='/author/bientap/'>{esc(f['author'])}</a></span></span>"
        lead_html = ""
        if f["lead"]:
            lead_html = (
                f"<p class='sapo'><strong>{esc(f['lead'])}</strong></p>"
                if self.v["lead_inside"]
                else f"<div class='entry-excerpt'><p>{esc(f['lead'])}</p></div>"
            )
        inside, outside = (lead_html, "") if self.v["lead_inside"] else ("", lead_html)
        idx = site.articles.index(art)
        prev_a = site.articles[idx + 1] if idx + 1 < len(site.articles) else None
        next_a = site.articles[idx - 1] if idx > 0 else None
        nav = "".join(
            f"<div class='nav-{k}'><a href='{esc(self.article_path(a))}' rel='{k}'>{esc(a['title'])}</a></div>"
            for k, a in (("previous", prev_a), ("next", next_a))
            if a
        )
        main = f"""<article id="post-{art["_num"] + 1000}" class="post-{art["_num"] + 1000} post type-post status-publish format-standard hentry category-{esc(cat)}">
<header class="entry-header"><h1 class="entry-title">{esc(f["title"])}</h1>
<div class="entry-meta">{date}{author}</div></header>
{outside}
<div class="entry-content">
{inside}
{f["body"]}
</div>
{f["attachments"]}
<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="{esc(self.listing_path(cat))}" rel="category tag">{esc(category_name(cat))}</a></span>
{share_links(url)}</footer>
</article>
<nav class="navigation post-navigation"><h2 class="screen-reader-text">Điều hướng bài viết</h2><div class="nav-links">{nav}</div></nav>
<section class="related-posts"><h3>Bài viết liên quan</h3>{link_list([(self.article_path(a), a["title"]) for a in site.related(art, 3)])}</section>"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(cat), category_name(cat))],
            stale_date=f["stale_date"],
            body_class="single single-post",
        )
