"""Listing pages, the home page and pages that are not articles (contact, documents, tags, search)."""

from __future__ import annotations

import math
from html import escape

from replica.generator import dates as D
from replica.generator.html import Ctx, breadcrumb, document, feed_link_tag, layout
from replica.generator.model import Article
from replica.generator.urls import page_url


def _short_date(ctx: Ctx, art: Article, form: str) -> str:
    return D.SHORT_FORMS[form](art.moment)


def entries(ctx: Ctx, path: str, arts: list[Article], form: str) -> str:
    """The articles of one listing page as a list, a table or a grid of cards."""
    st = ctx.style
    if st.listing == "table":
        rows = "".join(
            f'<tr><td>{i}</td><td><a href="{ctx.link(path, a.listed_path)}">{escape(a.title)}</a></td>'
            f"<td>{escape(_short_date(ctx, a, form))}</td></tr>"
            for i, a in enumerate(arts, 1)
        )
        return (
            f'<table class="{ctx.c("list")}"><thead><tr><th>STT</th><th>Tiêu đề</th>'
            f"<th>Ngày đăng</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if st.listing == "cards":
        cards = []
        for a in arts:
            link = ctx.link(path, a.listed_path)
            sapo = (a.lead or a.body_paragraphs()[0])[:150].rsplit(" ", 1)[0] + "..."
            cards.append(
                f'<div class="card"><a href="{link}"><img src="/uploads/thumb/{a.id}.jpg" alt=""></a>'
                f'<div class="card-body"><h3 class="card-title"><a href="{link}">{escape(a.title)}</a></h3>'
                f'<p class="card-text">{escape(sapo)}</p><span class="card-time">'
                f"{escape(_short_date(ctx, a, form))}</span></div></div>"
            )
        return f'<div class="{ctx.c("list")} grid">{"".join(cards)}</div>'
    if (
        st.listing == "title_more"
    ):  # the title is not a link: only "Xem chi tiết" and the picture are
        items = "".join(
            f'<div class="item"><a href="{ctx.link(path, a.listed_path)}"><img src="/uploads/thumb/{a.id}.jpg" '
            f'alt="{escape(a.title)}"></a><h3 class="title">{escape(a.title)}</h3>'
            f'<span class="date">{escape(_short_date(ctx, a, form))}</span> '
            f'<a class="more" href="{ctx.link(path, a.listed_path)}">Xem chi tiết</a></div>'
            for a in arts
        )
        return f'<div class="{ctx.c("list")}">{items}</div>'
    lis = "".join(
        f'<li><a href="{ctx.link(path, a.listed_path)}">{escape(a.title)}</a> '
        f'<span class="date">{escape(_short_date(ctx, a, form))}</span></li>'
        for a in arts
    )
    return f'<ul class="{ctx.c("list")}">{lis}</ul>'


def pager(ctx: Ctx, path: str, listing: str, n: int, total: int) -> str:
    """Links to other pages of a listing in the site's manner (or postback-only links)."""
    st = ctx.style
    if total <= 1:
        return ""

    def url(k: int) -> str:
        if st.pagination == "postback":
            return f"javascript:__doPostBack('ctl00$ContentPlaceHolder1$rptPager$ctl{k:02d}$lnkPage','')"
        return ctx.link(path, page_url(listing, st.pagination, k, st.page_size, ctx.portlet))

    links = []
    words = st.pager_words
    if words == "numbers" or st.pagination == "postback":
        for k in range(1, total + 1):
            links.append(
                f"<span class='active'>{k}</span>" if k == n else f'<a href="{url(k)}">{k}</a>'
            )
        if n < total:
            links.append(f'<a href="{url(n + 1)}">»</a>')
    elif words == "trang_sau":
        if n > 1:
            links.append(f'<a href="{url(n - 1)}">Trang trước</a>')
        if n < total:
            links.append(f'<a href="{url(n + 1)}">Trang sau</a>')
    elif words == "xem_them":
        if n < total:
            links.append(f'<a class="btn-more" href="{url(n + 1)}">Xem thêm</a>')
    elif words == "arrows":
        if n > 1:
            links += [f'<a href="{url(1)}">«</a>', f'<a href="{url(n - 1)}">‹</a>']
        links.append(f"<span>Trang {n}/{total}</span>")
        if n < total:
            links += [f'<a href="{url(n + 1)}">›</a>', f'<a href="{url(total)}">»</a>']
    else:
        if n > 1:
            links.append(f'<a href="{url(1)}">Trang đầu</a>')
        if n < total:
            links.append(f'<a href="{url(n + 1)}">Tiếp</a>')
    return f'<div class="{ctx.c("pager")}">{" ".join(links)}</div>'


def listing_pages(ctx: Ctx, name: str, listing: str, arts: list[Article]) -> dict[str, str]:
    """Every page of one listing, keyed by its path (page 1 is the listing itself)."""
    size = ctx.style.page_size
    total = max(1, math.ceil(len(arts) / size))
    if ctx.style.pagination == "postback":
        totals = [1]  # later pages come back only from a POST: nothing to GET
    else:
        totals = list(range(1, total + 1))
    out = {}
    for n in totals:
        path = page_url(listing, ctx.style.pagination, n, size, ctx.portlet) if n > 1 else listing
        chunk = arts[(n - 1) * size : n * size]
        main = (
            f'<h2 class="cat-title">{escape(name)}</h2>'
            + entries(ctx, path, chunk, ctx.list_date)
            + pager(ctx, path, listing, n, total)
        )
        crumb = breadcrumb(ctx, path, [(name, None)])
        title = f"{name} | {ctx.site_name}" if ctx.style.title_tag != "site_only" else ctx.site_name
        out[path] = document(ctx, path, title, feed_link_tag(ctx), layout(ctx, path, main, crumb))
    return out


def home_pages(
    ctx: Ctx, arts: list[Article], all_listing: str, by_cat: dict[str, list[Article]]
) -> dict[str, str]:
    """The home page (and its own pages when the home is paginated)."""
    st = ctx.style
    if st.home == "latest_pager":
        pages = listing_pages(ctx, "Tin mới nhất", "/", arts)
        return pages
    head = feed_link_tag(ctx)
    featured = arts[0]
    lead = featured.lead or featured.body_paragraphs()[0]
    main = (
        f'<div class="featured"><h2><a href="{ctx.link("/", featured.listed_path)}">{escape(featured.title)}</a>'
        f"</h2><p>{escape(lead[:200])}</p></div>"
    )
    if st.home == "latest_more":
        main += entries(ctx, "/", arts[1 : st.page_size + 1], ctx.list_date)
        word = ctx.rng.choice(("Xem thêm", "Xem tất cả", "Tin khác »"))
        main += f'<a class="more" href="{ctx.link("/", all_listing)}">{word}</a>'
    else:
        for slug, name, lpath in ctx.categories:
            if not by_cat.get(slug):
                continue
            main += (
                f'<section class="cat-block"><h2><a href="{ctx.link("/", lpath)}">{escape(name)}</a></h2>'
                + entries(ctx, "/", by_cat[slug][:3], ctx.list_date)
                + f'<a class="more" href="{ctx.link("/", lpath)}">Xem tiếp</a></section>'
            )
    return {"/": document(ctx, "/", ctx.site_name, head, layout(ctx, "/", main))}


def contact_page(ctx: Ctx) -> str:
    main = (
        f"<h1>Liên hệ</h1><p>{escape(ctx.org)}</p><p>Địa chỉ: {escape(ctx.address)}</p>"
        '<form action="/lien-he" method="post"><input name="hoten"><textarea name="noidung"></textarea>'
        "<button>Gửi</button></form>"
    )
    return document(
        ctx, "/lien-he", f"Liên hệ | {ctx.site_name}", "", layout(ctx, "/lien-he", main)
    )


def about_page(ctx: Ctx, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    main = f'<div class="{ctx.c("main")}"><h1 class="{ctx.c("title")}">Giới thiệu chung</h1><div class="{ctx.c("body")}">{body}</div></div>'
    return document(
        ctx, "/gioi-thieu", f"Giới thiệu | {ctx.site_name}", "", layout(ctx, "/gioi-thieu", main)
    )


def document_page(ctx: Ctx, path: str, doc: dict) -> str:
    """A legal document ("văn bản") page: a title, a date and a summary, but not an article."""
    rows = (
        ("Số ký hiệu", doc["number"]),
        ("Ngày ban hành", doc["date"]),
        ("Cơ quan ban hành", ctx.org),
        ("Loại văn bản", doc["kind"]),
        ("Trích yếu", doc["subject"]),
        ("Người ký", doc["signer"]),
    )
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    main = (
        f'<div class="{ctx.c("main")}"><h1 class="{ctx.c("title")}">{escape(doc["title"])}</h1>'
        f'<div class="{ctx.c("date")}">{escape(doc["date"])}</div>'
        f'<table class="vanban">{table}</table><p>File đính kèm: <a href="/uploads/vanban/{doc["id"]}.pdf">'
        f"{escape(doc['number'].replace('/', '-'))}.pdf</a></p></div>"
    )
    crumb = breadcrumb(ctx, path, [("Văn bản", "/van-ban"), (doc["number"], None)])
    return document(
        ctx, path, f"{doc['title']} | {ctx.site_name}", "", layout(ctx, path, main, crumb)
    )


def document_listing(ctx: Ctx, docs: list[tuple[str, dict]]) -> str:
    rows = "".join(
        f'<tr><td>{escape(d["number"])}</td><td><a href="{ctx.link("/van-ban", p)}">{escape(d["subject"])}</a></td>'
        f"<td>{escape(d['date'])}</td></tr>"
        for p, d in docs
    )
    main = f'<h1>Văn bản</h1><table class="table"><tr><th>Số ký hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th></tr>{rows}</table>'
    return document(
        ctx, "/van-ban", f"Văn bản | {ctx.site_name}", "", layout(ctx, "/van-ban", main)
    )


def tag_page(ctx: Ctx, path: str, tag: str, arts: list[Article]) -> str:
    main = f"<h1>Từ khóa: {escape(tag)}</h1>" + entries(ctx, path, arts, "t_d")
    return document(ctx, path, f"{tag} | {ctx.site_name}", "", layout(ctx, path, main))


def search_page(ctx: Ctx, path: str, arts: list[Article]) -> str:
    main = f"<h1>Kết quả tìm kiếm</h1><p>Tìm thấy {len(arts)} kết quả</p>" + entries(
        ctx, path, arts, "d"
    )
    return document(ctx, path, f"Tìm kiếm | {ctx.site_name}", "", layout(ctx, path, main))


def schedule_page(ctx: Ctx, monday: str, rows: list[tuple[str, str]]) -> str:
    """ "Lịch công tác": a week of dated engagements, news-like but not an article."""
    trs = "".join(f"<tr><td>{escape(d)}</td><td>{escape(t)}</td></tr>" for d, t in rows)
    main = (
        f'<h1 class="{ctx.c("title")}">Lịch công tác tuần từ ngày {escape(monday)}</h1>'
        f'<table class="lich"><tr><th>Ngày</th><th>Nội dung</th></tr>{trs}</table>'
    )
    return document(
        ctx,
        "/lich-cong-tac",
        f"Lịch công tác | {ctx.site_name}",
        "",
        layout(ctx, "/lich-cong-tac", main),
    )


def gallery_page(ctx: Ctx, captions: list[str]) -> str:
    figs = "".join(
        f'<figure><img src="/uploads/album/{i}.jpg" alt=""><figcaption>{escape(c)}</figcaption></figure>'
        for i, c in enumerate(captions)
    )
    main = f'<h1>Thư viện ảnh</h1><div class="album">{figs}</div>'
    return document(
        ctx,
        "/thu-vien-anh",
        f"Thư viện ảnh | {ctx.site_name}",
        "",
        layout(ctx, "/thu-vien-anh", main),
    )


def questions_page(ctx: Ctx, items: list[tuple[str, str, str]]) -> str:
    """ "Hỏi đáp": readers' questions with the answer and a date each."""
    qa = "".join(
        f'<div class="qa"><p class="q"><b>Hỏi:</b> {escape(q)}</p><p class="date">{escape(d)}</p>'
        f'<p class="a"><b>Trả lời:</b> {escape(a)}</p></div>'
        for q, a, d in items
    )
    main = f"<h1>Hỏi đáp</h1>{qa}"
    return document(
        ctx, "/hoi-dap", f"Hỏi đáp | {ctx.site_name}", "", layout(ctx, "/hoi-dap", main)
    )


def rss_index_page(ctx: Ctx, feeds: list[tuple[str, str]]) -> str:
    """The page listing the site's feeds, linked as "RSS" from the footer."""
    lis = "".join(
        f'<li><a href="{ctx.link("/rss.html", p)}">{escape(n)}</a></li>' for n, p in feeds
    )
    main = f"<h1>RSS</h1><p>Các kênh tin RSS của cổng thông tin:</p><ul>{lis}</ul>"
    return document(ctx, "/rss.html", f"RSS | {ctx.site_name}", "", layout(ctx, "/rss.html", main))
