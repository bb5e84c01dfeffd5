"""generate_site(seed): a whole new portal, its pages and its ground truth, drawn from one seed."""

from __future__ import annotations

import datetime as dt
import random

from replica.generator import article as A
from replica.generator import dates as D
from replica.generator import pages as P
from replica.generator import words as W
from replica.generator.dates import FORMATS, SHORT_FORMS, header_date
from replica.generator.encode import encode_page
from replica.generator.feeds import FEED_PATHS, atom, robots, rss, sitemaps
from replica.generator.html import Ctx, make_classes
from replica.generator.model import Article, Resource, Site
from replica.generator.prose import make_story, person
from replica.generator.style import Style, draw_style
from replica.generator.urls import (
    PRINT_FORMS,
    amp_path,
    article_path,
    listing_path,
    print_path,
    session_path,
    slugify,
)

XML = "application/xml; charset=utf-8"


def _identity(rng: random.Random) -> tuple[str, str, str, str | None]:
    """(site name, organisation, province, lead tag) of one portal."""
    prov = rng.choice(W.PROVINCES)
    dist = rng.choice(W.DISTRICTS)
    kind = rng.randrange(5)
    if kind == 0:
        return (
            f"Cổng Thông tin điện tử tỉnh {prov}",
            f"Ủy ban nhân dân tỉnh {prov}",
            prov,
            "Cổng TTĐT",
        )
    if kind == 1:
        name = f"Sở Khoa học và Công nghệ tỉnh {prov}"
        return f"Trang thông tin điện tử {name}", name, prov, None
    if kind == 2:
        return f"Báo {prov} điện tử", f"Báo {prov}", prov, W.ABBREV.get(prov, f"Báo {prov}")
    if kind == 3:
        return f"Cổng thông tin điện tử huyện {dist}", f"UBND huyện {dist}", prov, None
    return f"Cổng Thông tin điện tử Sở Nội vụ tỉnh {prov}", f"Sở Nội vụ tỉnh {prov}", prov, None


def _moments(rng: random.Random, n: int) -> list[dt.datetime]:
    """Publication times, newest first, over a few weeks somewhere in 2019–2026."""
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2800))
    out = []
    for _ in range(n):
        out.append(dt.datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.randrange(60)))
        day -= dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5)))
    return sorted(out, reverse=True)


def _author(rng: random.Random, style: Style) -> tuple[str | None, str | None]:
    """(truth author, byline as printed) of one article."""
    if style.author in ("meta_org", "jsonld_org", "none") or rng.random() < 0.15:
        return None, None
    pen = rng.choice(W.PEN_NAMES) if rng.random() < 0.7 else person(rng)
    if style.author == "caps_end":
        return pen.upper(), pen.upper()
    if style.author == "tac_gia":
        return pen, f"Tác giả: {pen}"
    if style.author == "theo":
        outlet = rng.choice(W.OUTLETS)
        return outlet, f"Theo {outlet}"
    if style.author == "tin_anh":
        return pen, f"Tin, ảnh: {pen}"
    return pen, pen  # byline_top: "Name - 18:54, 30/11/2021"


def _articles(
    rng: random.Random, style: Style, province: str, tag: str | None, cats: list
) -> list[Article]:
    n = rng.randint(8, 15)
    visible_time = FORMATS[style.date_format][1] or style.author == "byline_top"
    meta_time = style.date_meta != "none" and rng.random() < 0.6
    has_time = meta_time if style.date_position == "meta_only" else (visible_time or meta_time)
    next_id, token = rng.randint(1000, 900000), f"{rng.getrandbits(64):016x}"
    print_form = rng.choice(PRINT_FORMS)
    arts: list[Article] = []
    seen_titles, seen_paths = set(), set()
    for i, moment in enumerate(reversed(_moments(rng, n))):  # oldest first: ids grow with time
        next_id += rng.randint(1, 40)
        for _try in range(20):
            story = make_story(rng, province, moment, i + 1, tag)
            if story.title not in seen_titles:
                break
        seen_titles.add(story.title)
        cat = rng.choice(cats)
        path = article_path(style.url_scheme, next_id, slugify(story.title), cat[0], moment, token)
        if path in seen_paths:
            path = article_path(
                style.url_scheme,
                next_id,
                f"{slugify(story.title)}-{next_id}",
                cat[0],
                moment,
                token,
            )
        seen_paths.add(path)
        author, byline = _author(rng, style)
        art = Article(
            next_id,
            path,
            story.title,
            moment,
            has_time,
            author,
            byline,
            story.lead,
            story.blocks,
            cat,
        )
        if "print" in style.duplicates:
            art.copies["print"] = print_path(path, print_form, next_id)
        if "amp" in style.duplicates:
            art.copies["amp"] = amp_path(path)
        session = next((d for d in style.duplicates if d in ("jsessionid", "sid")), None)
        art.listed_path = session_path(path, session, token[:10]) if session else path
        arts.append(art)
    arts.reverse()  # newest first, as listings show them
    return arts


def _docs(
    rng: random.Random, style: Style, org: str, latest: dt.datetime, token: str
) -> list[tuple[str, dict]]:
    docs = []
    for k in range(rng.randint(2, 4)):
        kind = rng.choice(W.DOC_KINDS)
        number = f"{rng.randint(10, 3999)}/{W.DOC_CODES[kind]}-UBND"
        when = latest - dt.timedelta(days=rng.randint(1, 90))
        subject = rng.choice(W.DOC_SUBJECTS).format(y=when.year, y2=when.year + 5)
        doc = {
            "id": 500 + k,
            "number": number,
            "kind": kind,
            "date": f"{when:%d/%m/%Y}",
            "title": f"{kind} số {number} về việc {subject}",
            "subject": subject[0].upper() + subject[1:],
            "signer": person(rng),
        }
        if rng.random() < 0.5:  # the same URL shape as the articles: only the page tells them apart
            path = article_path(
                style.url_scheme, 70000 + k, slugify(doc["title"]), "van-ban", when, token
            )
        else:
            path = f"/van-ban/{slugify(number)}-{doc['id']}.html"
        docs.append((path, doc))
    return docs


def generate_site(seed: int) -> Site:
    """A new portal drawn from `seed` alone (same seed, same bytes)."""
    rng = random.Random(f"govmon-generated-portal:{seed}")
    style = draw_style(rng, seed)
    name, org, province, tag = _identity(rng)
    street = rng.choice(W.STREETS)
    address = f"Số {rng.randint(1, 300)} đường {street}, thành phố {province}, tỉnh {province}"
    picked = rng.sample(W.CATEGORIES[1:], rng.randint(2, 3))
    cats = [(slug, cname, listing_path(style.family, slug)) for slug, cname in picked]
    all_cat = ("tin-tuc", "Tin tức", listing_path(style.family, "tin-tuc"))
    dateline = rng.choice(("({t}) - ", "{t} - ", "({t})- ")).format(t=tag) if tag else None
    arts = _articles(rng, style, province, dateline, cats)
    latest = arts[0].moment
    hdate = None
    if style.header_date != "none":
        shift = rng.randint(1, 20) if style.header_date == "current" else -rng.randint(400, 1500)
        hdate = header_date((latest + dt.timedelta(days=shift)).date(), rng.randrange(3))
    ctx = Ctx(style, rng, name, org, address, province, tag, [all_cat, *cats], hdate)
    ctx.classes = make_classes(style.family, style.class_names, rng)
    ctx.crumb_sep = rng.choice((" / ", " » ", " > "))
    ctx.http_equiv = rng.random() < 0.4
    ctx.portlet = f"{rng.getrandbits(32):08x}"
    ctx.list_date = rng.choice(tuple(SHORT_FORMS))
    ctx.extra_menu = [EXTRA_PAGES[p] for p in style.extra_pages] + [
        ("Giới thiệu", "/gioi-thieu"),
        ("Văn bản", "/van-ban"),
        ("Liên hệ", "/lien-he"),
    ]
    if style.feed != "none":
        ctx.feed_path = rng.choice(FEED_PATHS)
    docs = _docs(rng, style, org, latest, f"{rng.getrandbits(64):016x}")
    ctx.sidebar_boxes = _sidebars(rng, style, arts, docs)
    html, other = _render(ctx, rng, arts, docs, all_cat)
    resources = {}
    for path, (kind, text) in html.items():
        body, ctype = encode_page(
            text, style.encoding, style.nfd, header_charset=not ctx.http_equiv
        )
        resources[path] = Resource(ctype, body, kind=kind)
    resources.update(_machine_files(ctx, style, arts, other))
    start = "/" if style.start == "home" else all_cat[2]
    return Site(seed, name, org, style, arts, resources, start)


def _sidebars(rng: random.Random, style: Style, arts: list[Article], docs: list) -> list:
    form = rng.choice(tuple(SHORT_FORMS))
    boxes = []
    if "tin_moi" in style.sidebars:
        boxes.append(
            ("Tin mới", [(a.title, a.listed_path, SHORT_FORMS[form](a.moment)) for a in arts[:5]])
        )
    if "xem_nhieu" in style.sidebars:
        boxes.append(
            (
                "Tin xem nhiều",
                [(a.title, a.listed_path, None) for a in rng.sample(arts, min(5, len(arts)))],
            )
        )
    if "van_ban" in style.sidebars:
        boxes.append(("Văn bản mới", [(d["title"], p, d["date"]) for p, d in docs]))
    return boxes


def _render(
    ctx: Ctx, rng: random.Random, arts: list[Article], docs: list, all_cat: tuple
) -> tuple[dict, list]:
    """Every HTML page by path with its kind; also the non-article paths a sitemap may list."""
    style = ctx.style
    out: dict[str, tuple[str, str]] = {}
    by_cat: dict[str, list[Article]] = {}
    for a in arts:
        by_cat.setdefault(a.category[0], []).append(a)
    tag_names = ("chuyển đổi số", "Đề án 06", "chính quyền số", "cải cách hành chính")
    tag_paths = {
        t: rng.choice(("/tag/{}", "/tags/{}.html", "/tim-kiem?tag={}")).format(slugify(t))
        for t in tag_names
    }
    for path, text in P.home_pages(ctx, arts, all_cat[2], by_cat).items():
        out[path] = ("home", text)
    listings = [(all_cat[1], all_cat[2], arts)] + [
        (n, p, by_cat.get(s, [])) for s, n, p in ctx.categories[1:]
    ]
    for name, lpath, members in listings:
        for path, text in P.listing_pages(ctx, name, lpath, members).items():
            out.setdefault(path, ("listing", text))
    article_tags: dict[str, list[Article]] = {}
    for a in arts:
        others = [b for b in arts if b is not a]
        related = rng.sample(others, min(len(others), rng.randint(3, 5))) if style.related else []
        form = rng.choice(tuple(SHORT_FORMS))
        rel = [(b.title, b.listed_path, SHORT_FORMS[form](b.moment)) for b in related]
        tags = rng.sample(tag_names, rng.randint(0, 2))
        for t in tags:
            article_tags.setdefault(t, []).append(a)
        page = A.article_page(
            ctx, a, rel, a.has_time and style.date_meta != "none", [(t, tag_paths[t]) for t in tags]
        )
        out[a.path] = ("article", page)
        if "print" in a.copies:
            out[a.copies["print"]] = ("copy", A.print_page(ctx, a))
        if "amp" in a.copies:
            out[a.copies["amp"]] = ("copy", A.amp_page(ctx, a))
    for t, members in article_tags.items():
        out[tag_paths[t]] = ("other", P.tag_page(ctx, tag_paths[t], t, members))
    for path, doc in docs:
        out[path] = ("other", P.document_page(ctx, path, doc))
    out["/van-ban"] = ("other", P.document_listing(ctx, docs))
    out["/lien-he"] = ("other", P.contact_page(ctx))
    about = [
        f"{ctx.org} là cơ quan chuyên môn thuộc tỉnh {ctx.province}, có chức năng tham mưu, giúp việc.",
        "Cổng thông tin điện tử cung cấp thông tin chỉ đạo, điều hành và dịch vụ công trực tuyến.",
    ]
    out["/gioi-thieu"] = ("other", P.about_page(ctx, about))
    out["/tim-kiem"] = ("other", P.search_page(ctx, "/tim-kiem", arts[:3]))
    out.update(_extra_pages(ctx, rng, arts))
    others = [p for p, (k, _t) in out.items() if k in ("listing", "other") and "?" not in p]
    return out, others


EXTRA_PAGES = {
    "lich_cong_tac": ("Lịch công tác", "/lich-cong-tac"),
    "thu_vien_anh": ("Thư viện ảnh", "/thu-vien-anh"),
    "hoi_dap": ("Hỏi đáp", "/hoi-dap"),
}


def _extra_pages(ctx: Ctx, rng: random.Random, arts: list[Article]) -> dict[str, tuple[str, str]]:
    """Pages that look like news (dates, captions, prose) but are not articles."""
    out: dict[str, tuple[str, str]] = {}
    style, latest = ctx.style, arts[0].moment
    if "lich_cong_tac" in style.extra_pages:
        monday = latest - dt.timedelta(days=latest.weekday())
        rows = [
            (
                f"{D.WEEKDAYS[k]}, {monday + dt.timedelta(days=k):%d/%m/%Y}",
                f"{rng.choice(('Sáng', 'Chiều'))}: {person(rng)} {rng.choice(W.POSITIONS)} chủ trì họp {rng.choice(W.OTHER_TOPICS)[0]}",
            )
            for k in range(5)
        ]
        out["/lich-cong-tac"] = ("other", P.schedule_page(ctx, f"{monday:%d/%m/%Y}", rows))
    if "thu_vien_anh" in style.extra_pages:
        caps = [f"Quang cảnh hội nghị tại huyện {rng.choice(W.DISTRICTS)}" for _ in range(4)]
        out["/thu-vien-anh"] = ("other", P.gallery_page(ctx, caps))
    if "hoi_dap" in style.extra_pages:
        items = [
            (
                f"Tôi muốn hỏi thủ tục {t[0]} cần những giấy tờ gì?",
                f"Về nội dung {t[1]}, đề nghị ông/bà liên hệ bộ phận một cửa cấp huyện.",
                f"{latest - dt.timedelta(days=9 * k):%d/%m/%Y}",
            )
            for k, t in enumerate(rng.sample(W.OTHER_TOPICS, 3))
        ]
        out["/hoi-dap"] = ("other", P.questions_page(ctx, items))
    if ctx.feed_path and style.feed_discovery == "rss_page":
        out["/rss.html"] = ("other", P.rss_index_page(ctx, [("Tin mới nhất", ctx.feed_path)]))
    return out


def _machine_files(
    ctx: Ctx, style: Style, arts: list[Article], others: list[str]
) -> dict[str, Resource]:
    files: dict[str, Resource] = {}
    if ctx.feed_path:
        text = (
            atom(ctx.site_name, arts, style.feed_date)
            if style.feed == "atom"
            else rss(ctx.site_name, arts, style.feed_date)
        )
        ctype = (
            "application/atom+xml; charset=utf-8"
            if style.feed == "atom"
            else "application/rss+xml; charset=utf-8"
        )
        files[ctx.feed_path] = Resource(ctype, text.encode(), kind="feed")
    roots: list[str] = []
    if style.sitemap != "none":
        docs = sitemaps(style.sitemap, ctx.site_name, arts, others)
        roots = [next(iter(docs))]
        for path, text in docs.items():
            files[path] = Resource(XML, text.encode(), kind="sitemap")
    text = robots(style.robots, roots if style.sitemap_in_robots else [])
    if text is not None:
        files["/robots.txt"] = Resource("text/plain; charset=utf-8", text.encode(), kind="robots")
    return files
