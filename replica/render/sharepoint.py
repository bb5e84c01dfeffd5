"""SharePoint portals (mic.gov.vn, hanam.gov.vn): ribbon skip links, web-part ids, /Pages/ URLs."""

from __future__ import annotations

import hashlib

from replica.render.base import Family
from replica.render.furniture import related_box, share_links
from replica.render.html import esc, link_list
from replica.site import ALL_CATEGORY, Site, category_name


def _guid(seed: str) -> str:
    h = hashlib.md5(seed.encode()).hexdigest()
    return f"{h[:8]}_{h[8:12]}_{h[12:16]}_{h[16:20]}_{h[20:32]}"


def _title_slug(slug: str) -> str:
    # MIC capitalises the first letter of its .html slugs: "Quang-Ninh-tren-hanh-trinh-...".
    return slug[:1].upper() + slug[1:]


class SharePoint(Family):
    name = "sharepoint"
    layout_template = "sharepoint.html"
    menu_classes = ("menu-top",)
    crumb_format = {
        "start": "<div class='breadcrumb'><a href='/'>Trang chủ</a>",
        "item": " &gt; <a href='{href}'>{text}</a>",
        "end": "</div>",
    }
    date_format = "<span class='date-now'>{}</span>"
    default_variant = "mic_2020"
    variants = {
        # mic.gov.vn before 2023: /mic_2020/Pages/TinTuc/<id>/<Slug>.html, page number in the path.
        "mic_2020": {
            "url_style": "mic",
            "date_style": "weekday_comma",
            "page_size": 5,
            "site_prefix": "/mic_2020",
            "title_box": "divArticleDescription3",
            "lead_box": "divArticleDescription1",
            "body_box": "divArticleDescription2",
            "meta_time": False,
            "jsonld": False,
        },
        # A provincial SharePoint publishing site (hanam.gov.vn): /Pages/<slug>.aspx, ?Page=N.
        "province_pages": {
            "url_style": "pages",
            "date_style": "ngay_thang",
            "page_size": 4,
            "site_prefix": "",
            "meta_time": True,
        },
        # A ministry on a Tandan SharePoint build: /Pages/<cat>-<n>/<slug>-<hex>.aspx, ?page=N.
        "ministry_tandan": {
            "url_style": "tandan",
            "date_style": "cap_nhat",
            "page_size": 5,
            "site_prefix": "",
            "meta_time": False,
            "jsonld": True,
        },
    }

    @property
    def search_path(self) -> str:  # type: ignore[override]
        return f"{self.v['site_prefix']}/Pages/TimKiem.aspx"

    admin_path = "/_layouts/15/Authenticate.aspx"

    def _cat_id(self, category: str) -> int:
        if category == "chuyen-doi-so":
            return 1753
        return 1000 + int(hashlib.md5(category.encode()).hexdigest(), 16) % 900

    def article_path(self, art: dict) -> str:
        style = self.v["url_style"]
        if style == "mic":
            return f"/mic_2020/Pages/TinTuc/{150000 + art['_num'] * 13}/{_title_slug(art['slug'])}.html"
        if style == "tandan":
            hexid = hashlib.md5(art["id"].encode()).hexdigest()[:6]
            return f"/Pages/{art['_category']}-{self._cat_id(art['_category'])}/{art['slug']}-{hexid}.aspx"
        return f"/Pages/{art['slug']}.aspx"

    def listing_path(self, category: str, page: int = 1) -> str:
        style = self.v["url_style"]
        if style == "mic":
            return f"/mic_2020/Pages/ChuyenMuc/PhanTrang/{self._cat_id(category)}/{page}/{_title_slug(category)}.html"
        if style == "tandan":
            base = f"/Pages/{category}.aspx?CatID={self._cat_id(category)}"
            return base if page == 1 else f"{base}&page={page}"
        base = f"/Pages/chuyen-muc/{category}.aspx"
        return base if page == 1 else f"{base}?Page={page}"

    def feed_paths(self) -> tuple[str, str]:
        # SharePoint list feeds: one per news list, named by a query parameter.
        return (
            "/_layouts/15/listfeed.aspx?List=TinTuc",
            "/_layouts/15/listfeed.aspx?List=TinTuc&Category={category}",
        )

    def image_src(self, art: dict, file: str) -> str:
        moment = art["_moment"]
        folder = f"{moment:%Y/%m}" if moment else "2020/01"
        return f"{self.v['site_prefix']}/PublishingImages/TinTuc/{folder}/{file}"

    def attachment_path(self, art: dict, file: str) -> str:
        return f"{self.v['site_prefix']}/Documents/VanBan/{file}"

    # ---- markup ------------------------------------------------------------------------------
    def layout_extras(self, site: Site, *, title: str, name: str) -> dict:
        footer_links = ""
        if self.v["url_style"] == "mic":
            footer_links = link_list(
                [
                    (
                        "https://ais.gov.vn/",
                        "Trung tâm một cửa hỗ trợ triển khai chính phủ điện tử",
                    ),
                    ("https://aita.gov.vn/", "Cục tin học hóa"),
                    ("https://dx.mic.gov.vn/", "Cẩm nang chuyển đổi số www.dx.mic.gov.vn"),
                ],
                "footer-links",
            )
        return {"zone": _guid(self.portal["id"] + title), "footer_links": footer_links}

    def render_home(self, site: Site) -> str:
        blocks = [
            self.latest_block(site, "<div class='home-latest'><h2>{label}</h2>{items}{pager}</div>")
        ]
        for c in site.categories:
            arts = site.in_category(c)[:3]
            blocks.append(
                f"<div class='home-cat'><h2><a href='{esc(self.listing_path(c))}'>{esc(category_name(c))}</a></h2>"
                + self._items(arts)
                + "</div>"
            )
        return self.layout(site, title=self.portal.get("name", ""), main="\n".join(blocks))

    def _items(self, arts: list[dict]) -> str:
        rows = []
        for a in arts:
            href = esc(self.article_path(a))
            rows.append(
                f"<div class='news-item'><a class='news-title' href='{href}'>{esc(a['title'])}</a>"
                f"<span class='news-date'>{esc(self.date_text(a, 'dmy_time'))}</span>"
                f"<p class='news-sapo'>{esc(a.get('lead') or '')}</p></div>"
            )
        return "<div class='list-news'>" + "".join(rows) + "</div>"

    def pager(self, site: Site, category: str, page: int) -> str:
        links = self.pager_links(
            site,
            category,
            page,
            number="<a href='{href}'>{n}</a>",
            current="<a class='active' href='{href}'>{n}</a>",
            next="<a class='next' href='{href}'>Trang sau</a>",
        )
        return f"<div class='paging'>{links}</div>"

    def render_listing(self, site: Site, category: str, page: int, arts: list[dict]) -> str:
        label = category_name(category)
        if self.v["url_style"] == "pages" and category != ALL_CATEGORY:
            label = (
                f"Tin theo lĩnh vực {label}" if not label.lower().startswith("tin theo") else label
            )
        main = (
            f"<h2 class='cat-title'>{esc(label)}</h2>"
            + self._items(arts)
            + self.pager(site, category, page)
        )
        return self.layout(
            site,
            title=f"{label} - {self.portal.get('name', '')}",
            main=main,
            crumbs=[(self.listing_path(category), label)],
        )

    def render_article(self, site: Site, art: dict) -> str:
        f = self.fields(site, art)
        url = site.base + self.article_path(art)
        label = category_name(art["_category"])
        if self.v["url_style"] == "pages":
            label = (
                f"Tin theo lĩnh vực {label}" if not label.lower().startswith("tin theo") else label
            )
        date = f"<div class='date-post'>{esc(f['date'])}</div>" if f["date"] else ""
        lead = f["lead"]
        author = (
            f"<div class='author'><strong>{esc(f['author'])}</strong></div>"
            if f["author"] and not art["extras"].get("author_bold_last")
            else ""
        )
        if self.v["url_style"] == "mic":
            main = f"""<div class="ArticleDetail">
<div id="divArticleDescription3" class="title-detail"><h1>{esc(f["title"])}</h1></div>
{date}
{f"<div id='divArticleDescription1' class='sapo-detail'><strong>{esc(lead)}</strong></div>" if lead else ""}
<div id="divArticleDescription2" class="content-detail">
{f["body"]}
</div>
{author}{f["attachments"]}
{share_links(url)}
{related_box(self, site, art, "Tin liên quan", "other-news")}
</div>"""
        else:
            main = f"""<div class="article-page">
<div class="page-title"><h1 class="title-news">{esc(f["title"])}</h1></div>
{date}
{f"<div class='sapo'><p><strong>{esc(lead)}</strong></p></div>" if lead else ""}
<div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" class="ms-rtestate-field noi-dung">
{f["body"]}
</div>
{author}{f["attachments"]}
{share_links(url)}
{related_box(self, site, art, "Bài viết khác", "other-news")}
</div>"""
        return self.layout(
            site,
            title=f["title"],
            main=main,
            head=f["head"],
            exclude=art["id"],
            crumbs=[(self.listing_path(art["_category"]), label)],
            stale_date=f["stale_date"],
        )
