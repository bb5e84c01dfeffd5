"""One portal's current state: its articles newest first, categories, and the table of its pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from replica.store import VN_TZ, numeric_seed, parse_published

DX_CATEGORY = "chuyen-doi-so"
# A listing of every article of the portal, newest first (mic's "Pages/TinTuc.aspx", a blog's home
# pages): the one listing whose pagination reaches everything, whatever the categories.
ALL_CATEGORY = "tin-moi-nhat"

# Display names of category slugs the content uses; unknown slugs get a readable fallback.
CATEGORY_NAMES = {
    "chuyen-doi-so": "Chuyển đổi số",
    "tin-tuc": "Tin tức",
    "tin-tuc-su-kien": "Tin tức - Sự kiện",
    "thoi-su": "Thời sự",
    "chinh-tri": "Chính trị",
    "kinh-te": "Kinh tế",
    "xa-hoi": "Xã hội",
    "van-hoa": "Văn hóa",
    "the-thao": "Thể thao",
    "giao-duc": "Giáo dục",
    "y-te": "Y tế",
    "nong-nghiep": "Nông nghiệp",
    "khoa-hoc-cong-nghe": "Khoa học - Công nghệ",
    "khoa-hoc-va-cong-nghe": "Khoa học và Công nghệ",
    "doi-moi-sang-tao": "Đổi mới sáng tạo",
    "cai-cach-hanh-chinh": "Cải cách hành chính",
    "chinh-quyen-so": "Chính quyền số",
    "de-an-06": "Đề án 06",
    "hoat-dong-lanh-dao": "Hoạt động lãnh đạo",
    "tin-hoat-dong": "Tin hoạt động",
    "thong-bao": "Thông báo",
    "an-ninh-quoc-phong": "An ninh - Quốc phòng",
    "phap-luat": "Pháp luật",
    "du-lich": "Du lịch",
    "dia-phuong": "Địa phương",
    "tin-tong-hop": "Tin tổng hợp",
    "tin-theo-linh-vuc-chuyen-doi-so": "Tin theo lĩnh vực Chuyển đổi số",
    "tin-moi-nhat": "Tin mới nhất",
    "khoa-giao": "Khoa giáo",
    "chinh-sach": "Chính sách",
    "hoat-dong-cua-so": "Hoạt động của Sở",
}


def category_name(slug: str) -> str:
    """The Vietnamese label of a category slug."""
    return CATEGORY_NAMES.get(slug) or slug.replace("-", " ").capitalize()


def route_key(path_and_query: str) -> str:
    """A request target with its query parameters sorted, so parameter order does not matter."""
    parts = urlsplit(path_and_query)
    if not parts.query:
        return parts.path or "/"
    return f"{parts.path}?{urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))}"


@dataclass
class Route:
    """What a request target shows: ``kind`` (home, listing, article, feed...) and its arguments."""

    kind: str
    args: dict = field(default_factory=dict)


@dataclass
class Site:
    """A portal with its live articles (already merged with the replica's mutations)."""

    portal: dict
    articles: list[dict]  # newest first, each with computed "_..." keys
    base: str = ""  # "http://127.0.1.1:8480", for absolute links in feeds, sitemaps and meta tags
    removed: dict[str, tuple[dict, int]] = field(default_factory=dict)  # path → (article, status)
    changed_at: dt.datetime | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    by_id: dict[str, dict] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        """Category slugs, the DX category first, then the others in order of first use."""
        seen = [self.portal.get("dx_category") or DX_CATEGORY]
        for art in self.articles:
            if art["_category"] not in seen:
                seen.append(art["_category"])
        return seen

    @property
    def listings(self) -> list[str]:
        """The categories plus the all-articles listing (menus, page table, sitemaps)."""
        return [*self.categories, ALL_CATEGORY]

    def in_category(self, category: str) -> list[dict]:
        if category == ALL_CATEGORY:
            return list(self.articles)
        return [a for a in self.articles if a["_category"] == category]

    def latest(self, n: int, exclude: str | None = None) -> list[dict]:
        return [a for a in self.articles if a["id"] != exclude][:n]

    def most_viewed(self, n: int, exclude: str | None = None) -> list[dict]:
        # A deterministic stand-in for view counts: a stable shuffle of the articles.
        ranked = sorted(self.articles, key=lambda a: (a["_num"] * 7919) % 997)
        return [a for a in ranked if a["id"] != exclude][:n]

    def related(self, art: dict, n: int = 3) -> list[dict]:
        same = [a for a in self.in_category(art["_category"]) if a["id"] != art["id"]]
        others = [a for a in self.articles if a["id"] != art["id"] and a not in same]
        return (same + others)[:n]

    def last_modified(self, articles: list[dict]) -> dt.datetime:
        """Last-Modified of a page listing ``articles``: the newest change, mutations included."""
        moments = [a["_modified"] for a in articles]
        if self.changed_at:
            moments.append(self.changed_at)
        return max(moments) if moments else dt.datetime(2020, 1, 1, tzinfo=VN_TZ)


_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _slug(text: str) -> str:
    from replica.render.html import slugify  # late: render imports this module

    return slugify(text)


def prepare_article(art: dict, modified: dt.datetime | None = None) -> dict:
    """A copy of a truth article with the computed fields the renderers use."""
    view = dict(art)
    moment, has_time = parse_published(art.get("published_at"))
    view["_moment"] = moment
    view["_has_time"] = has_time
    view["_num"] = numeric_seed(str(art["id"]))
    category = str(art.get("category") or DX_CATEGORY)
    # Slugs are ASCII by contract; anything else is slugified rather than put raw into a URL.
    view["_category"] = category if _SLUG_OK.match(category) else (_slug(category) or DX_CATEGORY)
    if not _SLUG_OK.match(str(art["slug"])):
        view["slug"] = _slug(str(art["slug"])) or f"bai-viet-{view['_num']}"
    view["_modified"] = modified or moment or dt.datetime(2020, 1, 1, tzinfo=VN_TZ)
    view["_edited"] = modified is not None
    view["extras"] = art.get("extras") or {}
    return view


def newest_first(articles: list[dict]) -> list[dict]:
    """Newest first; undated articles last; ties broken by id so the order is stable."""

    def key(a: dict) -> tuple:
        moment = a["_moment"] or dt.datetime(1970, 1, 1, tzinfo=VN_TZ)
        return (moment, a["_has_time"], a["id"])

    return sorted(articles, key=key, reverse=True)


def dedupe_slugs(family: object, articles: list[dict]) -> None:
    """Give a later article (by id) whose URL collides with an earlier one's the slug "<slug>-2",
    "-3"..., as WordPress does, so two content files never fight over one URL."""
    used: set[str] = set()
    for art in sorted(articles, key=lambda a: a["id"]):
        slug, n = art["slug"], 1
        path = family.article_path(art)  # type: ignore[attr-defined]
        while path in used:
            n += 1
            art["slug"] = f"{slug}-{n}"
            path = family.article_path(art)  # type: ignore[attr-defined]
        used.add(path)
