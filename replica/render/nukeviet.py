"""NukeViet portals (ict.thainguyen.gov.vn): /<category>/<alias>-<id>.html, /page-N, /tag/, RSS, sitemap."""

from __future__ import annotations

import datetime as dt

from replica.render.base import Family
from replica.render.html import esc, link_list
from replica.site import Route, Site, category_name


class NukeViet(Family):
    name = "nukeviet"
    layout_template = "nukeviet.html"
    menu_classes = ("nav navbar-nav",)
    crumb_format = {
        "start": "<div class='breadcrumbs-wrap'><ul class='breadcrumbs'><li><a href='/'><span>Trang nhất</span></a></li>",
        "item": "<li><a href='{href}'><span>{text}</span></a></li>",
        "end": "</ul></div>",
    }
    date_format = "<div class='current-time'>{}</div>"
    default_variant = "nukeviet4"
    admin_path = "/admin/"
    variants = {
        # NukeViet 4 with the news module at the root: "Thứ năm - 08/04/2021 05:04" and a view counter.
        "nukeviet4": {
            "module": "",
            "date_style": "nukeviet",
            "page_size": 5,
            "meta_time": False,
            "jsonld": False,
            "body_id": "news-bodyhtml",
            "aux_date_style": "time_dmy",
        },
        # NukeViet 4.5 with the module under /news/ and JSON-LD.
        "nukeviet45": {
            "module": "/news",
            "date_style": "nukeviet",
            "page_size": 4,
            "meta_time": True,
            "jsonld": True,
            "body_id": "news-bodyhtml",
        },
        # An older NukeViet 3 theme: date printed "Ngày 30 tháng 11 năm 2021", body div.bodytext only.
        "nukeviet3": {
            "module": "/news",
            "date_style": "ngay_thang",
            "page_size": 5,
            "meta_time": False,
            "jsonld": False,
            "body_id": "bodytext",
        },
    }

    @property
    def search_path(self) -> str:  # type: ignore[override]
        return f"{self.v['module']}/search/"

    def article_path(self, art: dict) -> str:
        return f"{self.v['module']}/{art['_category']}/{art['slug']}-{200 + art['_num']}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        base = f"{self.v['module']}/{category}/"
        return base if page == 1 else f"{base}page-{page}"

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/uploads/news/{moment:%Y_%m}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        return f"/uploads/news/files/{file}"

    def feed_paths(self) -> tuple[str, str]:
        return f"{self.v['module']}/rss/", f"{self.v['module']}/rss/{{category}}/"

    def sitemap_routes(self, site: Site) -> dict[str, Route]:
        return {
            "/sitemap.xml": Route(
                "sitemapindex", {"children": ["/sitemap-vi.news.xml", "/sitemap-vi.page.xml"]}
            ),
            "/sitemap-vi.news.xml": Route("urlset", {"articles": lambda s: s.articles}),
            "/sitemap-vi.page.xml": Route(
                "urlset",
                {
                    "articles": lambda s: [],
                    "extra": ["/"] + [self.listing_path(c) for c in site.listings],
                },
            ),
        }

    def extra_routes(self, site: Site) -> dict[str, Route]:
        routes = {}
        for a in site.articles:
            for t in self.tags(a):
                routes[f"{self.v['module']}/tag/{t}"] = Route(
                    "tag", {"tag": t, "label": t.replace("-", " ")}
                )
        return routes

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        rss = f"<a href='{self.v['module']}/rss/'>RSS</a>" if self.portal.get("rss") else ""
        return {"rss": rss}

    def _items(self, arts: list[dict]) -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            rows.append(
                f"<div class='news_column panel panel-default'><div class='panel-body'>"
                f"<h3><a href='{href}' title='{esc(a['title'])}'>{esc(a['title'])}</a></h3>"
                f"<ul class='list-inline'><li><em class='fa fa-clock-o'>&nbsp;</em> {esc(self.date_text(a, 'dmy_time'))}</li></ul>"
                f"<div class='text-muted'>{esc(a.get('lead') or '')}</div></div></div>"
            )
        return "".join(rows)

    def render_home(self, site: Site) -> str:
        blocks = [
            self.latest_block(
                site, "<div class='news_column home-latest'><h2>{label}</h2>{items}{pager}</div>"
            )
        ]
        for c in site.categories:
            blocks.append(
                f"<div class='news_column'><h2><a href='{esc(self.listing_path(c))}'>{esc(category_name(c))}</a></h2>"
                f"{self._items(site.in_category(c)[:3])}</div>"
            )
        return self.layout(site, title=self.portal.get("name", ""), main="\n".join(blocks))

    def pager(self, site: Site, category: str, page: int) -> str:
        lis = self.pager_links(
            site,
            category,
            page,
            prev="<li><a href='{href}'>&laquo;</a></li>",
            number="<li><a href='{href}'>{n}</a></li>",
            current="<li class='active'><a href='#'>{n}</a></li>",
            next="<li><a href='{href}'>&raquo;</a></li>",
        )
        return f"<div class='text-center'><ul class='pagination'>{lis}</ul></div>"

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        main = (
            f"<h1 class='page-title'>{esc(category_name(category))}</h1>{self._items(arts)}"
            + self.pager(site, category, page)
        )
        return self.layout(
            site,
            title=f"{category_name(category)} - {self.portal.get('name', '')}",
            main=main,
            crumbs=[(self.listing_path(category), category_name(category))],
        )

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        cat = art["_category"]
        date = (
            (
                f"<div class='col-md-12'><span class='h5'>{esc(f['date'])}</span></div>"
                f"<div class='col-md-12 text-right'><ul class='list-inline'><li>Đã xem: {art['_num'] * 37 + 105}</li></ul></div>"
            )
            if f["date"]
            else ""
        )
        author = ""
        if f["author"] and not art["extras"].get("author_bold_last"):
            author = f"<div class='margin-bottom-lg'><p class='h5 text-right'><strong>Tác giả bài viết: </strong>{esc(f['author'])}</p></div>"
        tags = " ".join(
            f"<a title='{t}' href='{self.v['module']}/tag/{t}'><em>{t.replace('-', ' ')}</em></a>"
            for t in self.tags(art)
        )
        idx = site.articles.index(art)
        newer, older = site.articles[max(0, idx - 3) : idx], site.articles[idx + 1 : idx + 4]
        others = "".join(
            f"<div class='news_column panel'><div class='panel-heading'>{label}</div>"
            + link_list([(self.article_path(a), a["title"]) for a in arts], "related")
            + "</div>"
            for label, arts in (("Những tin mới hơn", newer), ("Những tin cũ hơn", older))
            if arts
        )
        main = f"""<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{esc(f["title"])}</h1>
<div class="row margin-bottom-lg">{date}</div>
{f"<div class='hometext m-bottom'>{esc(f['lead'])}</div>" if f["lead"] else ""}
<div id="{self.v["body_id"]}" class="bodytext margin-bottom-lg">
{f["body"]}
</div>
{f["attachments"]}
{author}
</div></div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>{tags}</div></div></div>
{others}"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(cat), category_name(cat))],
            stale_date=f["stale_date"],
        )
