"""News CMS with numeric timestamp ids (mst.gov.vn, baochinhphu.vn): /<slug>-197<yymmddhhmmss><nnn>.htm."""

from __future__ import annotations

import datetime as dt

from replica.render.base import Family
from replica.render.furniture import share_links
from replica.render.html import esc
from replica.site import Route, Site, category_name


class NumericTimestampNews(Family):
    name = "numeric_timestamp_news"
    layout_template = "numeric.html"
    menu_classes = ("menu-nav", "menu-item")
    crumb_format = {
        "start": "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li>",
        "item": "<li><a href='{href}'>{text}</a></li>",
        "end": "</ul>",
    }
    date_format = "<div class='header__date'>{}</div>"
    default_variant = "mst"
    search_path = "/tim-kiem.htm"
    admin_path = "/admin/"
    variants = {
        # mst.gov.vn: numbered pager, sitemap index by month, JSON-LD and article:published_time.
        "mst": {
            "id_prefix": "197",
            "date_style": "time_pipe",
            "page_size": 5,
            "pager": "numbers",
            "section": "tin-tuc-su-kien",
            "meta_time": True,
            "jsonld": True,
            "title_suffix": " - Bộ Khoa học và Công nghệ",
            "wrapper": "detail__main",
        },
        # baochinhphu.vn: "Xem thêm" link instead of page numbers, RSS, photo credits "Ảnh: VGP/...".
        "baochinhphu": {
            "id_prefix": "102",
            "date_style": "dmy_time",
            "page_size": 4,
            "pager": "more",
            "section": "khoa-giao",
            "meta_time": False,
            "jsonld": False,
            "title_suffix": "",
            "wrapper": "detail-container",
        },
        # vpcp.chinhphu.vn: the same CMS, date under the sapo, day-name date line.
        "vpcp": {
            "id_prefix": "115",
            "date_style": "weekday_comma",
            "page_size": 5,
            "pager": "numbers",
            "section": "tin-tuc",
            "meta_time": True,
            "jsonld": False,
            "title_suffix": "",
            "wrapper": "detail-wrap",
        },
    }

    def _stamp(self, art: dict) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        if not art["_has_time"]:
            # The id always carries a time; a date-only story gets a plausible morning one.
            moment = moment.replace(hour=8, minute=art["_num"] % 60, second=art["_num"] % 47)
        return moment.strftime("%y%m%d%H%M%S")

    def article_path(self, art: dict) -> str:
        return f"/{art['slug']}-{self.v['id_prefix']}{self._stamp(art)}{art['_num'] % 1000:03d}.htm"

    def listing_path(self, category: str, page: int = 1) -> str:
        base = f"/{self.v['section']}/{category}.htm"
        return base if page == 1 else f"{base}?page={page}"

    def day_path(self, day: dt.date) -> str:
        return f"/tin-tuc-su-kien/xem-theo-ngay-{day:%d-%m-%Y}.htm"

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/{moment:%Y/%-m/%-d}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/files/{moment:%Y/%m}/{file}"

    def _months(self, site: Site) -> list[str]:
        return sorted(
            {f"{a['_moment']:%Y-%m}" for a in site.articles if a["_moment"]}, reverse=True
        )

    def sitemap_routes(self, site: Site) -> dict[str, Route]:
        children = [f"/sitemaps/news-{m}.xml" for m in self._months(site)] + [
            "/sitemaps/categories.xml"
        ]
        routes = {"/sitemap.xml": Route("sitemapindex", {"children": children})}
        for m in self._months(site):
            routes[f"/sitemaps/news-{m}.xml"] = Route(
                "urlset",
                {
                    "articles": (
                        lambda s, m=m: [
                            a for a in s.articles if a["_moment"] and f"{a['_moment']:%Y-%m}" == m
                        ]
                    )
                },
            )
        routes["/sitemaps/categories.xml"] = Route(
            "urlset",
            {
                "articles": lambda s: [],
                "extra": ["/"] + [self.listing_path(c) for c in site.listings],
            },
        )
        return routes

    def extra_routes(self, site: Site) -> dict[str, Route]:
        days = {a["_moment"].date() for a in site.articles if a["_moment"]}
        return {self.day_path(d): Route("day", {"date": d}) for d in days}

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        rss = (
            f"<a class='rss' href='{esc(self.feed_paths()[0])}'>RSS</a>"
            if self.portal.get("rss")
            else ""
        )
        return {"rss": rss}

    def _items(self, arts: list[dict]) -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            rows.append(
                f"<div class='box-stream-item box-category-item'>"
                f"<a class='box-stream-link-with-avatar' href='{href}' title='{esc(a['title'])}'><img src='/thumb/{a['_num']}.jpg' alt=''></a>"
                f"<div class='box-stream-content'><h3><a class='box-stream-link-title box-category-link-title' href='{href}'>{esc(a['title'])}</a></h3>"
                f"<p class='box-stream-sapo'>{esc(a.get('lead') or '')}</p></div></div>"
            )
        return "<div class='box-stream timeline_list list__news'>" + "".join(rows) + "</div>"

    def render_home(self, site: Site) -> str:
        blocks = [self.latest_block(site, "<div class='box-focus'>{items}{pager}</div>")]
        for c in site.categories:
            blocks.append(
                f"<div class='box-cate'><h2 class='box-cate-title'><a href='{esc(self.listing_path(c))}'>"
                f"{esc(category_name(c))}</a></h2>{self._items(site.in_category(c)[:3])}</div>"
            )
        return self.layout(site, title=self.portal.get("name", ""), main="\n".join(blocks))

    def pager(self, site: Site, category: str, page: int) -> str:
        pages = self.page_count(len(site.in_category(category)))
        if self.v["pager"] == "more":
            pager = (
                f"<div class='list__viewmore'><a class='btn-viewmore' href='{esc(self.listing_path(category, page + 1))}'>Xem thêm</a></div>"
                if page < pages
                else ""
            )
        else:
            links = self.pager_links(
                site,
                category,
                page,
                number="<li class=''><a href='{href}'>{n}</a></li>",
                current="<li class='active'><a href='{href}'>{n}</a></li>",
                next="<li class='next'><a href='{href}'>›</a></li>",
            )
            pager = f"<ul class='pagination'>{links}</ul>"
        return pager

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        pager = self.pager(site, category, page)
        main = (
            f"<h1 class='list__title'>{esc(category_name(category))}</h1>{self._items(arts)}{pager}"
        )
        return self.layout(
            site,
            title=f"{category_name(category)} - {self.portal.get('name', '')}",
            main=main,
            crumbs=[(self.listing_path(category), category_name(category))],
        )

    def figure(self, art: dict, src: str, caption: str | None, file: str) -> str:
        cap = (
            f"<div class='PhotoCMS_Caption'><p data-placeholder='[nhập chú thích]'>{esc(caption)}</p></div>"
            if caption
            else ""
        )
        return (
            f"<figure class='VCSortableInPreviewMode' type='Photo'><div><img src='{esc(src)}' "
            f"alt='{esc(caption or '')}' data-original='{esc(src)}'></div>{cap}</figure>"
        )

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        url = site.base + self.article_path(art)
        cat = art["_category"]
        date = (
            f"<div class='detail-time'><div data-role='publishdate'>{esc(f['date'])}</div></div>"
            if f["date"]
            else ""
        )
        author = ""
        if f["author"] and not art["extras"].get("author_bold_last"):
            author = (
                f"<div class='detail-author'><a class='detail-author-top-name' href='/tac-gia/{art['_num']}.htm'>"
                f"{esc(f['author'])}</a></div>"
            )
        day_link = (
            f"<a class='detail-day' href='{esc(self.day_path(art['_moment'].date()))}'>Tin cùng ngày</a>"
            if art["_moment"]
            else ""
        )
        lead = (
            f"<h2 class='detail-sapo' data-role='sapo'>{esc(f['lead'])}</h2>" if f["lead"] else ""
        )
        if self.template == "vpcp":
            top = f"<h1 class='detail-title' data-role='title'>{esc(f['title'])}</h1>{lead}{date}{author}"
        else:
            top = f"<h1 class='detail-title' data-role='title'>{esc(f['title'])}</h1>{date}{author}{lead}"
        tags = "".join(
            f"<li><a href='{esc(self.listing_path(cat))}'>{esc(category_name(cat))}</a></li>"
            for _ in [0]
        )
        main = f"""<div class="{self.v["wrapper"]}" data-id="{art["_num"]}">
<div class="detail-cate"><a href="{esc(self.listing_path(cat))}">{esc(category_name(cat))}</a></div>
{top}
<div class="detail-content afcbc-body" data-role="content">
{f["body"]}
</div>
{f["attachments"]}
<div class="detail-tab"><span>Từ khóa:</span><ul>{tags}</ul></div>
{day_link}
{share_links(url)}
</div>
<div class="box-related"><div class="box-related-title">Tin liên quan</div>{self._items(site.related(art, 3))}</div>"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(cat), category_name(cat))],
            stale_date=f["stale_date"],
        )
