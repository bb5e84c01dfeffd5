"""Liferay portals (bacninh.gov.vn, EcoIT / VNPT ePortal): portlet ids, _cur/_delta pagination."""

from __future__ import annotations

from urllib.parse import urlencode

from replica.render.base import Family
from replica.render.furniture import share_links
from replica.render.html import esc, link_list
from replica.site import Site, category_name


class Liferay(Family):
    name = "liferay"
    layout_template = "liferay.html"
    menu_classes = ("nav", "lfr-nav-item")
    crumb_format = {
        "start": "<ul aria-label='Breadcrumb' class='breadcrumb breadcrumb-horizontal'><li class='first'><a href='/'>Trang chủ</a></li>",
        "item": "<li><a href='{href}'>{text}</a></li>",
        "end": "</ul>",
    }
    date_format = "<div class='date-time'>{}</div>"
    default_variant = "ecoit"
    search_path = "/web/guest/tim-kiem"
    admin_path = "/c/portal/login"
    variants = {
        # EcoIT CMS portlet: list and detail both through CmsView_WAR_CmsViewEcoITportlet parameters.
        "ecoit": {
            "portlet": "CmsView_WAR_CmsViewEcoITportlet",
            "detail": "params",
            "date_style": "cap_nhat",
            "page_size": 5,
            "meta_time": False,
            "jsonld": False,
        },
        # VNPT ePortal: /news/-/details/<groupId>/<slug>-<id> detail pages, dsnews portlet lists.
        "vnpt": {
            "portlet": "dsnews_WAR_vnpteportalnewsportlet",
            "detail": "details",
            "date_style": "dmy_time",
            "page_size": 4,
            "meta_time": True,
            "jsonld": False,
        },
        # Liferay 6 asset publisher: /-/asset_publisher/<instance>/content/<slug>.
        "asset_publisher": {
            "portlet": "101_INSTANCE_k3Xa9LmQ2pZt",
            "detail": "asset",
            "date_style": "weekday_comma",
            "page_size": 5,
            "meta_time": False,
            "jsonld": True,
        },
    }

    def _p(self, name: str) -> str:
        return f"_{self.v['portlet']}_{name}"

    def article_path(self, art: dict) -> str:
        art_id = 93458000 + art["_num"] * 11
        if self.v["detail"] == "details":
            return f"/news/-/details/37632/{art['slug']}-{art_id}"
        if self.v["detail"] == "asset":
            inst = self.v["portlet"].split("_INSTANCE_")[-1]
            return f"/web/guest/{art['_category']}/-/asset_publisher/{inst}/content/{art['slug']}"
        query = {
            "p_p_id": self.v["portlet"],
            "p_p_lifecycle": "0",
            "p_p_state": "normal",
            "p_p_mode": "view",
            self._p("action"): "detail",
            self._p("articleId"): str(art_id),
            self._p("urlTitle"): art["slug"],
        }
        return f"/web/guest/{art['_category']}?{urlencode(query)}"

    def listing_path(self, category: str, page: int = 1) -> str:
        base = f"/web/guest/{category}"
        if page == 1:
            return base
        query = {
            "p_p_id": self.v["portlet"],
            "p_p_lifecycle": "0",
            "p_p_state": "normal",
            "p_p_mode": "view",
            self._p("cur"): str(page),
            self._p("delta"): str(self.page_size),
        }
        return f"{base}?{urlencode(query)}"

    def feed_paths(self) -> tuple[str, str]:
        return "/web/guest/rss", "/web/guest/rss?category={category}"

    def image_src(self, art: dict, file: str) -> str:
        return f"/documents/20182/{30000 + art['_num']}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        return f"/documents/20182/{40000 + art['_num']}/{file}"

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        return {"pid": self.v["portlet"]}

    def _items(self, arts: list[dict]) -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            rows.append(
                f"<div class='news-item row-fluid'><div class='news-image span3'><a href='{href}'><img src='/documents/thumb/{a['_num']}.jpg' alt=''></a></div>"
                f"<div class='news-info span9'><a class='news-title' href='{href}'>{esc(a['title'])}</a>"
                f"<p class='news-date'>{esc(self.date_text(a, 'dmy_time'))}</p><p class='news-desc'>{esc(a.get('lead') or '')}</p></div></div>"
            )
        return "<div class='list-news'>" + "".join(rows) + "</div>"

    def render_home(self, site: Site) -> str:
        blocks = [
            self.latest_block(
                site,
                "<div class='home-latest'><h2 class='category-title'>{label}</h2>{items}{pager}</div>",
            )
        ]
        for c in site.categories:
            blocks.append(
                f"<div class='home-news-category'><h2 class='category-title'><a href='{esc(self.listing_path(c))}'>"
                f"{esc(category_name(c))}</a></h2>{self._items(site.in_category(c)[:3])}</div>"
            )
        return self.layout(site, title="Trang chủ", main="\n".join(blocks))

    def pager(self, site: Site, category: str, page: int) -> str:
        pages = self.page_count(len(site.in_category(category)))
        buttons = []
        for label, n, ok in (
            ("Đầu", 1, page > 1),
            ("Trước", page - 1, page > 1),
            ("Tiếp", page + 1, page < pages),
            ("Cuối", pages, page < pages),
        ):
            buttons.append(
                f"<li><a href='{esc(self.listing_path(category, n))}'>{label}</a></li>"
                if ok
                else f"<li class='disabled'><a href='javascript:;'>{label}</a></li>"
            )
        return (
            f"<div class='taglib-page-iterator'><div class='search-results'>Trang {page} / {pages}</div>"
            f"<ul class='pager lfr-pagination-buttons'>{''.join(buttons)}</ul></div>"
        )

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        main = (
            f"<h2 class='category-title'>{esc(category_name(category))}</h2>{self._items(arts)}"
            + self.pager(site, category, page)
        )
        return self.layout(
            site,
            title=category_name(category),
            main=main,
            crumbs=[(self.listing_path(category), category_name(category))],
        )

    def figure(self, art: dict, src: str, caption: str | None, file: str) -> str:
        cap = (
            f"<p class='image-caption' style='text-align:center'><em>{esc(caption)}</em></p>"
            if caption
            else ""
        )
        return f"<div class='image-block' style='text-align:center'><img src='{esc(src)}' alt='' style='width:600px'>{cap}</div>"

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        url = site.base + self.article_path(art)
        cat = art["_category"]
        date = f"<div class='date-news'>{esc(f['date'])}</div>" if f["date"] else ""
        author = ""
        if f["author"] and not art["extras"].get("author_bold_last"):
            author = f"<div class='author-news'><strong>{esc(f['author'])}</strong></div>"
        main = f"""<div class="news-detail" id="{self._p("detail")}">
<h1 class="title-news">{esc(f["title"])}</h1>
{date}
{f"<div class='sapo-news'><strong>{esc(f['lead'])}</strong></div>" if f["lead"] else ""}
<div class="content-news journal-content-article">
{f["body"]}
</div>
{author}
{f["attachments"]}
{share_links(url)}
<div class="other-news"><h3 class="other-news-title">Tin khác</h3>{link_list([(self.article_path(a), a["title"]) for a in site.related(art, 5)])}</div>
</div>"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(cat), category_name(cat))],
            stale_date=f["stale_date"],
        )
