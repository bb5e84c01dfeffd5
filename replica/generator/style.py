"""A portal's look and behaviour drawn from a seed: CMS family, URL scheme, pagination, dates, titles."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from replica.generator.dates import FEED_FORMS, FORMATS

FAMILIES = (
    "sharepoint",
    "liferay",
    "nukeviet",
    "wordpress",
    "joomla",
    "newspaper",
    "webforms",
    "oneoff",
)
URL_SCHEMES = (
    "slug_id_html",  # /<slug>-<id>.html
    "cat_slug_id_htm",  # /<cat>/<slug>-<id>.htm
    "query_id",  # /tin-tuc/chi-tiet?id=N
    "view_id",  # /view?id=N
    "joomla",  # /index.php?option=com_content&view=article&id=N:slug&catid=M
    "chitiet_aspx",  # /Pages/ChiTiet.aspx?ItemID=N
    "numeric_path",  # /1446/38995/68251/<id>/<cat>/<slug>
    "sharepoint_pages",  # /Pages/<cat>-<n>/<slug>-<hex>.aspx
    "timestamp_id",  # /<slug>-102<yymmddhhmmss><nnn>.htm
    "liferay_asset",  # /web/guest/tin-tuc/-/asset_publisher/<token>/content/<slug>
    "wp_slash",  # /<yyyy>/<mm>/<slug>/
    "a_id",  # /<slug>-a<id>.html
    "post_id",  # /<cat>/<slug>-post<id>.html
    "wp_p",  # /?p=<id>
    "lists_aspx",  # /Lists/TinTucSuKien/ChiTiet.aspx?ID=<n>
    "node",  # /vi/node/<id>
    "slug_only",  # /tin-tuc/<slug> (no id at all)
    "date_path",  # /portal/Pages/<YYYY-M-D>/<Slug><random>.aspx
)
# Which schemes a family uses most (any family may draw any scheme now and then).
FAMILY_SCHEMES = {
    "sharepoint": ("sharepoint_pages", "chitiet_aspx", "lists_aspx", "date_path"),
    "liferay": ("liferay_asset", "query_id"),
    "nukeviet": ("cat_slug_id_htm", "slug_id_html"),
    "wordpress": ("wp_slash", "slug_id_html", "view_id", "wp_p"),
    "joomla": ("joomla",),
    "newspaper": ("timestamp_id", "slug_id_html", "cat_slug_id_htm", "a_id", "post_id"),
    "webforms": ("chitiet_aspx", "numeric_path", "query_id", "date_path"),
    "oneoff": URL_SCHEMES,
}
PAGINATIONS = (
    "page",
    "pg",
    "start",
    "limitstart",
    "Page",
    "p",
    "path_trang",
    "path_page",
    "liferay_cur",
    "trang",
    "PageIndex",
    "phan_trang",
)
PAGER_WORDS = ("numbers", "trang_sau", "xem_them", "arrows", "tiep")
LISTINGS = (
    "list",
    "table",
    "cards",
    "title_more",
)  # title_more: title in <h3>, link "Xem chi tiết"
HOME_STYLES = ("latest_more", "latest_pager", "category_blocks")
DATE_POSITIONS = ("under_title", "byline_top", "bottom", "breadcrumb_row", "meta_only")
DATE_META = ("none", "og", "jsonld", "itemprop", "og_jsonld")
TITLE_TAGS = ("suffix_pipe", "suffix_dash", "prefix", "site_only", "title_only", "with_category")
HEADINGS = ("h1", "h2_logo_h1", "div", "h1_logo_h1")
AUTHORS = ("caps_end", "tac_gia", "theo", "tin_anh", "byline_top", "meta_org", "jsonld_org", "none")
ENCODINGS = ("utf8", "utf8", "utf8_bom", "cp1258", "meta_only")
MARKUPS = ("clean", "word", "br", "div")
LEADS = ("sapo_h2", "sapo_p", "bold_first", "plain_first")
IMAGES = ("figure", "table", "p_em")
FEEDS = ("none", "rss", "atom")
FEED_DISCOVERY = ("link_alt", "footer_link", "rss_page", "hidden")
SITEMAPS = ("none", "plain", "index_monthly", "news")
ROBOTS = ("missing", "plain", "disallow_search")
DUPLICATES = ("print", "amp", "jsessionid", "sid")
LINK_FORMS = ("absolute", "root", "relative")


@dataclass
class Style:
    """Every choice that shapes one generated portal; `features()` lists them for tests and reports."""

    family: str
    url_scheme: str
    pagination: str
    pager_words: str
    listing: str
    home: str
    page_size: int
    start: str  # "home" or "listing"
    date_format: str
    date_position: str
    date_meta: str
    title_tag: str
    heading: str
    og_title: bool
    author: str
    meta_author_person: bool
    encoding: str
    nfd: bool
    markup: str
    lead: str
    image: str
    feed: str
    feed_date: str
    feed_discovery: str
    sitemap: str
    sitemap_in_robots: bool
    robots: str
    canonical: bool
    duplicates: list[str] = field(default_factory=list)
    header_date: str = "none"  # none, current, stale
    link_form: str = "root"
    sidebars: list[str] = field(default_factory=list)
    related: bool = True
    modified_meta: bool = False
    class_names: str = "family"  # family or random (a one-off redesign)
    date_pair: bool = False  # "Ngày đăng: ... | Cập nhật: ..." (a later update time beside it)
    meta_utc: bool = False  # metadata times in UTC ("...Z"): the same instant, another notation
    comments: bool = False  # reader comments with names, dates and text under the article
    related_inside: bool = False  # the related list sits inside the body's container
    broken_markup: bool = False  # a stray </html> at the top, unclosed <p> (seen on real portals)
    extra_pages: list[str] = field(default_factory=list)  # lich_cong_tac, thu_vien_anh, hoi_dap

    def features(self) -> dict[str, object]:
        return asdict(self)


def _pick(rng: random.Random, options: tuple, weights: tuple | None = None) -> str:
    return rng.choices(options, weights=weights)[0] if weights else rng.choice(options)


def cycled(seed: int, name: str, options: tuple) -> str:
    """options[k] for seed, each option once in every run of len(options) consecutive seeds.

    The URL scheme, pagination and encoding are drawn this way so that any few dozen seeds
    cover all of them (the order within each run is shuffled by the run's number)."""
    block, k = divmod(seed, len(options))
    order = list(options)
    random.Random(f"{name}:{block}").shuffle(order)
    return order[k]


def draw_style(rng: random.Random, seed: int) -> Style:
    """One portal's style; a family goes with the URL scheme and pagination it usually has."""
    scheme = cycled(seed, "scheme", URL_SCHEMES)
    pagination = cycled(seed, "pagination", (*PAGINATIONS, "postback"))
    users = [f for f in FAMILIES if scheme in FAMILY_SCHEMES[f] and f != "oneoff"]
    if pagination == "postback":  # only ASP.NET builds page by postback
        family = _pick(rng, ("webforms", "sharepoint"))
    elif users and rng.random() < 0.6:
        family = _pick(rng, tuple(users))
    else:
        # Weights follow how often each kind of build appears in registry-research.yaml (most
        # newspapers and many portals are of no known family).
        family = _pick(rng, FAMILIES, (3, 2, 1, 1, 1, 3, 2, 4))
    feed = _pick(rng, FEEDS, (3, 4, 2))
    sitemap = _pick(rng, SITEMAPS, (3, 3, 2, 2))
    sitemap_in_robots = rng.random() < 0.7
    feed_discovery = _pick(rng, FEED_DISCOVERY, (4, 3, 2, 2))
    robots = _pick(rng, ROBOTS, (2, 3, 3))
    if pagination == "postback":
        # Older articles are reachable only through a feed or a sitemap: one must be findable.
        if rng.random() < 0.5 or feed == "none":
            sitemap = sitemap if sitemap != "none" else _pick(rng, SITEMAPS[1:])
            sitemap_in_robots, robots = True, _pick(rng, ROBOTS[1:])
        else:
            feed_discovery = "link_alt"
    date_position = _pick(rng, DATE_POSITIONS, (5, 3, 2, 1, 1))
    date_meta = _pick(rng, DATE_META, (4, 3, 2, 1, 1))
    if date_position == "meta_only" and date_meta == "none":
        date_meta = _pick(rng, DATE_META[1:])
    author = _pick(rng, AUTHORS, (3, 2, 1, 1, 1, 1, 1, 2))
    if author == "byline_top":
        date_position = "byline_top"
    elif date_position == "byline_top":
        date_position = "under_title"
    listing = _pick(rng, LISTINGS, (3, 3, 3, 1))
    return Style(
        family=family,
        url_scheme=scheme,
        pagination=pagination,
        pager_words=_pick(rng, PAGER_WORDS),
        listing=listing,
        home=_pick(rng, HOME_STYLES),
        page_size=rng.randint(3, 6),
        start=_pick(rng, ("home", "listing"), (3, 2)),
        date_format=_pick(rng, tuple(FORMATS)),
        date_position=date_position,
        date_meta=date_meta,
        title_tag=_pick(rng, TITLE_TAGS, (4, 2, 2, 2, 1, 1)),
        heading=_pick(rng, HEADINGS, (5, 2, 2, 1)),
        og_title=rng.random() < 0.6,
        author=author,
        meta_author_person=rng.random() < 0.3,
        encoding=cycled(seed, "encoding", ENCODINGS),
        nfd=rng.random() < 0.15,
        markup=_pick(rng, MARKUPS, (4, 2, 2, 1)),
        lead=_pick(rng, LEADS),
        image=_pick(rng, IMAGES),
        feed=feed,
        feed_date=_pick(rng, tuple(FEED_FORMS)),
        feed_discovery=feed_discovery,
        sitemap=sitemap,
        sitemap_in_robots=sitemap_in_robots,
        robots=robots,
        canonical=rng.random() < 0.6,
        duplicates=sorted(d for d in DUPLICATES if rng.random() < 0.25),
        header_date=_pick(rng, ("none", "current", "stale"), (2, 2, 2)),
        link_form=_pick(rng, LINK_FORMS, (2, 3, 1)),
        sidebars=sorted(s for s in ("tin_moi", "xem_nhieu", "van_ban") if rng.random() < 0.6),
        related=rng.random() < 0.7,
        modified_meta=rng.random() < 0.3,
        class_names=_pick(rng, ("family", "random"), (7, 3)),
        date_pair=rng.random() < 0.2,
        meta_utc=rng.random() < 0.2,
        comments=family in ("newspaper", "nukeviet", "oneoff") and rng.random() < 0.4,
        related_inside=rng.random() < 0.15,
        broken_markup=rng.random() < 0.15,
        extra_pages=sorted(
            p for p in ("lich_cong_tac", "thu_vien_anh", "hoi_dap") if rng.random() < 0.35
        ),
    )
