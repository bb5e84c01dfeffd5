"""Provincial newspaper CMS (baoangiang.com.vn and kin): /<slug>-a<id>.html, .article__title.cms-title."""

from __future__ import annotations

import datetime as dt

from replica.render.base import Family
from replica.render.furniture import share_links
from replica.render.html import esc, link_list
from replica.site import Route, Site, category_name


class NewsAId(Family):
    name = "news_a_id"
    layout_template = "news_a_id.html"
    menu_classes = ("main-menu",)
    crumb_format = {
        "start": "<div class='breadcrumbs'><a href='/'>Trang chủ</a>",
        "item": " / <a href='{href}'>{text}</a>",
        "end": "</div>",
    }
    date_format = "<span class='today'>{}</span>"
    default_variant = "baoangiang"
    search_path = "/tim-kiem/"
    admin_path = "/admin/"
    variants = {
        # baoangiang.com.vn: "30/11/2021 - 20:07", lead printed after " - ", "A A" font widget,
        # the author in bold as the last line of the body.
        "baoangiang": {
            "id_style": "a",
            "date_style": "dmy_dash_time",
            "page_size": 5,
            "lead_dash": True,
            "author_bold_last": True,
            "meta_time": True,
            "jsonld": False,
        },
        # baocantho.com.vn-like: same vendor, day-name date "Thứ Bảy, 09-10-2021, 15:20", author on top.
        "baocantho": {
            "id_style": "a",
            "date_style": "weekday_dashes",
            "page_size": 4,
            "lead_dash": False,
            "author_bold_last": False,
            "meta_time": False,
            "jsonld": True,
        },
        # A ONECMS paper: /<slug>-post<id>.html and "22:03' - 13/03/2025".
        "onecms_post": {
            "id_style": "post",
            "date_style": "time_quote",
            "page_size": 5,
            "lead_dash": False,
            "author_bold_last": False,
            "meta_time": True,
            "jsonld": True,
        },
    }

    def article_path(self, art: dict) -> str:
        num = 423000 + art["_num"] * 17
        if self.v["id_style"] == "post":
            return f"/{art['slug']}-post{num}.html"
        return f"/{art['slug']}-a{num}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/{category}/" if page == 1 else f"/{category}/?page={page}"

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"] or dt.datetime(2020, 1, 1)
        return f"/image/fckeditor/upload/{moment:%Y}/{moment:%Y%m%d}/images/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        return f"/upload/files/{file}"

    def extra_routes(self, site: Site) -> dict[str, Route]:
        routes = {}
        for a in site.articles:
            for t in self.tags(a):
                routes[f"/tags/{t}.html"] = Route("tag", {"tag": t, "label": t})
        return routes

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        rss = (
            f"<a href='{esc(self.feed_paths()[0])}' class='rss-link'>RSS</a>"
            if self.portal.get("rss")
            else ""
        )
        return {"rss": rss}

    def _items(self, arts: list[dict], cls: str = "story") -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            rows.append(
                f"<article class='{cls}'><h3 class='{cls}__heading'><a class='cms-link' href='{href}' title='{esc(a['title'])}'>"
                f"{esc(a['title'])}</a></h3><div class='{cls}__summary'>{esc(a.get('lead') or '')}</div></article>"
            )
        return "<div class='timeline'>" + "".join(rows) + "</div>"

    def render_home(self, site: Site) -> str:
        blocks = [self.latest_block(site, "<section class='hot-news'>{items}{pager}</section>")]
        for c in site.categories:
            blocks.append(
                f"<section class='cate-box'><h2 class='cate-title'><a href='{esc(self.listing_path(c))}'>"
                f"{esc(category_name(c))}</a></h2>{self._items(site.in_category(c)[:3])}</section>"
            )
        return self.layout(
            site, title=f"{self.portal.get('name', '')} điện tử", main="\n".join(blocks)
        )

    def pager(self, site: Site, category: str, page: int) -> str:
        links = self.pager_links(
            site,
            category,
            page,
            window=2,
            prev="<a class='prev' href='{href}'>«</a>",
            number="<a href='{href}'>{n}</a>",
            current="<span class='current'>{n}</span>",
            next="<a class='next' href='{href}'>»</a>",
        )
        return f"<div class='pagination'>{links}</div>"

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        main = (
            f"<h1 class='cate-title'>{esc(category_name(category))}</h1>{self._items(arts)}"
            + self.pager(site, category, page)
        )
        return self.layout(
            site,
            title=f"{category_name(category)} - {self.portal.get('name', '')}",
            main=main,
            crumbs=[(self.listing_path(category), category_name(category))],
        )

    def figure(self, art: dict, src: str, caption: str | None, file: str) -> str:
        # The image's file name is its alt text: naive extractors print it as a line of its own.
        cap = f"<figcaption class='image_desc'>{esc(caption)}</figcaption>" if caption else ""
        return f"<figure class='image align-center'><img src='{esc(src)}' alt='{esc(file)}' title='{esc(file)}'>{cap}</figure>"

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        url = site.base + self.article_path(art)
        cat = art["_category"]
        lead = f["lead"]
        if lead and self.v["lead_dash"]:
            lead = " - " + lead
        date = (
            f"<time class='time' datetime='{esc(art['_moment'].isoformat() if art['_moment'] else '')}'>{esc(f['date'])}</time>"
            if f["date"]
            else ""
        )
        author_top = ""
        if (
            f["author"]
            and not self.v["author_bold_last"]
            and not art["extras"].get("author_bold_last")
        ):
            author_top = f"<span class='author'>{esc(f['author'])}</span>"
        tags = link_list(
            [(f"/tags/{t}.html", t.replace("-", " ")) for t in self.tags(art)], "tags-list"
        )
        main = f"""<article class="article">
<h1 class="article__title cms-title">{esc(f["title"])}</h1>
<div class="article__meta">{date} {author_top}</div>
{f"<div class='detail-sapo article__sapo cms-desc'>{esc(lead)}</div>" if lead else ""}
<div class="font-size-tool"><a href="javascript:;" class="font-minus">A</a> <a href="javascript:;" class="font-plus">A</a></div>
<div class="article__body cms-body">
{f["body"]}
</div>
{f["attachments"]}
<div class="article__tags"><strong>Từ khóa:</strong>{tags}</div>
{share_links(url)}
<div class="related-news"><h3 class="related-title">Bài viết khác</h3>{self._items(site.related(art, 4), "story-related")}</div>
</article>"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(cat), category_name(cat))],
            stale_date=f["stale_date"],
        )
