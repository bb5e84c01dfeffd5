"""Article pages (and their print and AMP copies) of a generated portal."""

from __future__ import annotations

import datetime as dt
import json
from html import escape

from replica.generator import dates as D
from replica.generator import words as W
from replica.generator.html import Ctx, breadcrumb, document, feed_link_tag, layout, link_list
from replica.generator.model import Article
from replica.generator.urls import BASE, amp_path

IMG_ALTS = ("", "anh-tin-bai", "IMG_{n}.jpg", "{caption}")


def _image(ctx: Ctx, art: Article, caption: str, n: int) -> str:
    src = f"/uploads/news/{art.moment:%Y_%m}/{art.id}-{n}.jpg"
    alt = ctx.rng.choice(IMG_ALTS).format(n=n, caption=caption)
    img = f'<img src="{src}" alt="{escape(alt)}" width="600">'
    style = ctx.style.image
    if ctx.style.markup == "br":
        return img + (f"<br><em>{escape(caption)}</em>" if caption else "")
    if not caption:
        return f'<p style="text-align:center">{img}</p>'
    if style == "figure":
        return f'<figure class="image">{img}<figcaption>{escape(caption)}</figcaption></figure>'
    if style == "table":
        return (
            '<table class="image" align="center"><tbody><tr><td>'
            f'{img}</td></tr><tr><td class="image_desc">{escape(caption)}</td></tr></tbody></table>'
        )
    return f'<p style="text-align:center">{img}</p><p style="text-align:center"><em>{escape(caption)}</em></p>'


def _para(markup: str, text: str, strong: bool = False) -> str:
    inner = f"<strong>{escape(text)}</strong>" if strong else escape(text)
    if markup == "word":
        return (
            '<p class="MsoNormal" style="text-align:justify;text-indent:36.0pt;line-height:150%">'
            f'<span lang="VI" style="font-size:14.0pt;font-family:&quot;Times New Roman&quot;">'
            f"{inner}<o:p></o:p></span></p>"
        )
    if markup == "div":
        return f'<div style="text-align: justify;">{inner}</div>'
    return f'<p style="text-align: justify;">{inner}</p>'


def _table(rows: list[list[str]], markup: str) -> str:
    cls = ' class="MsoNormalTable" border="1"' if markup == "word" else ' class="table" border="1"'
    trs = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{cls}><tbody>{trs}</tbody></table>"


def body_html(ctx: Ctx, art: Article, lead_inside: bool) -> str:
    """The story's blocks in the site's markup (clean, Word-pasted, <br><br>-split, divs)."""
    markup = ctx.style.markup
    parts: list[str] = []
    if lead_inside and art.lead:
        bold = ctx.style.lead == "bold_first"
        if markup == "br":
            parts.append(f"<strong>{escape(art.lead)}</strong>" if bold else escape(art.lead))
        else:
            parts.append(_para(markup, art.lead, bold))
    for n, (kind, value) in enumerate(art.blocks):
        if kind == "p":
            parts.append(escape(value) if markup == "br" else _para(markup, value))
        elif kind == "h":
            parts.append(
                f"<b>{escape(value)}</b>" if markup == "br" else _para(markup, value, True)
            )
        elif kind == "img":
            parts.append(_image(ctx, art, value, n))
        elif kind == "table":
            parts.append(_table(value, markup))
        elif kind == "li":
            parts.append("<ul>" + "".join(f"<li>{escape(v)}</li>" for v in value) + "</ul>")
    if markup == "word" and len(parts) > 2:
        parts.insert(2, '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>')
    byline = _byline_in_body(ctx, art)
    if byline:
        parts.append(byline)
    sep = "<br><br>\n" if markup == "br" else "\n"
    html = sep.join(parts)
    return html.replace("</p>", "") if ctx.style.broken_markup else html  # unclosed paragraphs


def _byline_in_body(ctx: Ctx, art: Article) -> str:
    if not art.byline or ctx.style.author not in ("caps_end", "theo", "tin_anh"):
        return ""
    text = escape(art.byline)
    if ctx.style.author == "theo":
        text = f"<em>{text}</em>"
    else:
        text = f"<strong>{text}</strong>"
    if ctx.style.markup == "br":
        return text
    return f'<p style="text-align: right;">{text}</p>'


def date_text(ctx: Ctx, art: Article) -> str:
    if ctx.style.author == "byline_top":
        name = art.byline or ctx.site_name
        return f"{name} - {art.moment:%H:%M}, {art.moment:%d/%m/%Y}"
    fmt = D.FORMATS[ctx.style.date_format][0]
    if ctx.style.date_pair:  # the update comes later: only "Ngày đăng" is the publication
        later = art.moment + dt.timedelta(days=1, hours=2, minutes=13)
        return f"Ngày đăng: {fmt(art.moment)} | Cập nhật: {fmt(later)}"
    return fmt(art.moment)


def _meta_date(ctx: Ctx, art: Article, with_time: bool) -> str:
    if with_time and ctx.style.meta_utc:
        return D.utc_iso(art.moment)
    return D.iso(art.moment, with_time)


def head_tags(ctx: Ctx, art: Article, meta_time: bool) -> str:
    st, tags = ctx.style, []
    if st.canonical:
        tags.append(f'<link rel="canonical" href="{BASE}{escape(art.path)}">')
    if st.og_title:
        og = art.title if ctx.rng.random() < 0.7 else f"{art.title} - {ctx.site_name}"
        tags.append(f'<meta property="og:title" content="{escape(og)}">')
        tags.append('<meta property="og:type" content="article">')
    if st.date_meta in ("og", "og_jsonld"):
        tags.append(
            f'<meta property="article:published_time" content="{_meta_date(ctx, art, meta_time)}">'
        )
        if st.modified_meta:
            later = art.moment + dt.timedelta(days=2, hours=3)
            tags.append(f'<meta property="article:modified_time" content="{D.iso(later, True)}">')
    if st.date_meta == "itemprop":
        tags.append(f'<meta itemprop="datePublished" content="{_meta_date(ctx, art, meta_time)}">')
    if st.author == "meta_org":
        tags.append(f'<meta name="author" content="{escape(ctx.org)}">')
    elif st.meta_author_person and art.author:
        tags.append(f'<meta name="author" content="{escape(art.author)}">')
    if "amp" in st.duplicates:
        tags.append(f'<link rel="amphtml" href="{BASE}{escape(amp_path(art.path))}">')
    if st.date_meta in ("jsonld", "og_jsonld") or st.author == "jsonld_org":
        tags.append(_jsonld(ctx, art, meta_time))
    tags.append(feed_link_tag(ctx))
    return "\n".join(t for t in tags if t)


def _jsonld(ctx: Ctx, art: Article, meta_time: bool) -> str:
    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title}
    if ctx.style.date_meta in ("jsonld", "og_jsonld"):
        data["datePublished"] = _meta_date(ctx, art, meta_time)
    if ctx.style.author == "jsonld_org":
        data["author"] = {"@type": "Organization", "name": ctx.org}
    elif art.author and ctx.rng.random() < 0.5:
        data["author"] = {"@type": "Person", "name": art.author}
    data["publisher"] = {"@type": "Organization", "name": ctx.org}
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def title_tag(ctx: Ctx, title: str, category: str = "Tin tức") -> str:
    form, site = ctx.style.title_tag, ctx.site_name
    return {
        "suffix_pipe": f"{title} | {site}",
        "suffix_dash": f"{title} - {site}",
        "prefix": f"{site} - {title}",
        "site_only": site,
        "title_only": title,
        "with_category": f"{title} - {category} - {site}",
    }[form]


def _heading(ctx: Ctx, title: str) -> str:
    tag = {"h1": "h1", "h1_logo_h1": "h1", "h2_logo_h1": "h2", "div": "div"}[ctx.style.heading]
    return f'<{tag} class="{ctx.c("title")}">{escape(title)}</{tag}>'


def article_page(
    ctx: Ctx,
    art: Article,
    related: list[tuple[str, str, str | None]],
    meta_time: bool,
    tags: list[tuple[str, str]],
) -> str:
    st, path = ctx.style, art.path
    date_html = f'<div class="{ctx.c("date")}">{escape(date_text(ctx, art))}</div>'
    pos = st.date_position
    lead_inside = st.lead in ("bold_first", "plain_first")
    lead = ""
    if art.lead and not lead_inside:
        lead = (
            f'<h2 class="{ctx.c("sapo")}">{escape(art.lead)}</h2>'
            if st.lead == "sapo_h2"
            else f'<div class="{ctx.c("sapo")}"><p>{escape(art.lead)}</p></div>'
        )
    top = _heading(ctx, art.title)
    if pos in ("under_title", "byline_top"):
        top += date_html
    author = ""
    if st.author == "tac_gia" and art.byline:
        author = f'<div class="{ctx.c("author")}">{escape(art.byline)}</div>'
    tools = '<div class="tools"><span>Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a></span>'
    if "print" in art.copies:
        tools += f' <a href="{ctx.link(path, art.copies["print"])}" target="_blank">In bài</a>'
    tools += f" <span>Lượt xem: {art.id % 977 + 35}</span></div>"
    if tags:
        links = ", ".join(f'<a href="{ctx.link(path, p)}">{escape(t)}</a>' for t, p in tags)
        author += f'<div class="tags">Từ khóa: {links}</div>'
    bottom = ""
    if pos == "bottom":
        bottom = f'<div class="{ctx.c("date")}">{escape(date_text(ctx, art))}</div>'
    rel = ""
    if related:
        heading = ctx.rng.choice(
            ("Tin liên quan", "Các tin khác", "Bài viết cùng chuyên mục", "Tin đã đưa")
        )
        rel = link_list(ctx, path, heading, related, ctx.c("related"))
    body = body_html(ctx, art, lead_inside)
    if st.related_inside:  # some CMSs put the related box in the body's own container
        body, rel = body + rel, ""
    main = (
        f'<div class="{ctx.c("main")}" id="mainContent">{top}{tools}{lead}'
        f'<div class="{ctx.c("body")}">{body}</div>{author}{bottom}</div>{rel}'
    )
    main += _comments(ctx, art)
    crumb_title = art.title if len(art.title) < 60 else art.title[:57] + "..."
    crumb = breadcrumb(ctx, path, [(art.category[1], art.category[2]), (crumb_title, None)])
    if pos == "breadcrumb_row":
        crumb += f'<div class="meta-row"><span class="{ctx.c("date")}">{escape(date_text(ctx, art))}</span></div>'
    return document(
        ctx,
        path,
        title_tag(ctx, art.title, art.category[1]),
        head_tags(ctx, art, meta_time),
        layout(ctx, path, main, crumb),
    )


COMMENTS = (
    "Mong tỉnh sớm triển khai dịch vụ công trực tuyến toàn trình cho người dân vùng cao.",
    "Bài viết rất hữu ích, cảm ơn ban biên tập.",
    "Ở xã tôi tổ công nghệ số cộng đồng hỗ trợ bà con rất nhiệt tình.",
    "Đề nghị các cơ quan công khai tiến độ giải quyết hồ sơ trên cổng thông tin.",
)


def _comments(ctx: Ctx, art: Article) -> str:
    """The comment form, and on some sites readers' comments with names and dates."""
    items = ""
    if ctx.style.comments:
        for k in range(1 + art.id % 3):
            when = art.moment + dt.timedelta(hours=3 + 5 * k)
            items += (
                f'<div class="comment-item"><b>{escape(ctx.rng.choice(W.PEN_NAMES))}</b> '
                f"<span>{when:%d/%m/%Y %H:%M}</span><p>{escape(COMMENTS[(art.id + k) % len(COMMENTS)])}</p></div>"
            )
    return (
        f'<div class="comment"><h4>Ý kiến bạn đọc</h4>{items}<form action="/binh-luan" method="post">'
        '<textarea name="noidung"></textarea><button>Gửi ý kiến</button></form></div>'
    )


def print_page(ctx: Ctx, art: Article) -> str:
    """The print copy: no furniture, sometimes a canonical link, sometimes none."""
    head = f'<link rel="canonical" href="{BASE}{escape(art.path)}">' if ctx.style.canonical else ""
    body = (
        f'<body onload="window.print()"><div class="print"><h1>{escape(art.title)}</h1>'
        f"<p>{escape(date_text(ctx, art))}</p>"
        + (f"<p><b>{escape(art.lead)}</b></p>" if art.lead else "")
        + body_html(ctx, art, False)
        + f"<hr><p>{escape(ctx.site_name)}</p></div>"
    )
    return document(ctx, art.copies["print"], title_tag(ctx, art.title), head, body)


def amp_page(ctx: Ctx, art: Article) -> str:
    """The AMP copy: always names the article as canonical (AMP requires it)."""
    head = f'<link rel="canonical" href="{BASE}{escape(art.path)}">'
    body = (
        f"<header>{escape(ctx.site_name)}</header><article><h1>{escape(art.title)}</h1>"
        f"<time>{escape(date_text(ctx, art))}</time>"
        + (f"<p><strong>{escape(art.lead)}</strong></p>" if art.lead else "")
        + body_html(ctx, art, False)
        + "</article>"
    )
    return document(ctx, amp_path(art.path), title_tag(ctx, art.title), head, body).replace(
        '<html lang="vi">', '<html amp lang="vi">', 1
    )
