"""Failure modes of portals nobody configured, each on a small hand-made page."""

from __future__ import annotations

import codecs
import unicodedata

from crawler.extraction import extract_article

BODY = (
    "<p>Sáng 14/12, Sở Khoa học và Công nghệ phối hợp với huyện tổ chức triển khai nền tảng"
    " tích hợp, chia sẻ dữ liệu cấp tỉnh nhằm nâng cao chất lượng phục vụ người dân.</p>"
    "<p>Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc trong quá trình triển khai"
    " và đề xuất giải pháp tháo gỡ trong thời gian tới.</p>"
)
TITLE = "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh"
RELATED = (
    "<div class='box'><h3>Tin liên quan</h3><ul>"
    "<li><a href='/a-1.html'>Hội nghị giao ban về cải cách hành chính quý I</a>"
    " <span class='time'>(03/01/2026)</span></li>"
    "<li><a href='/a-2.html'>Kiểm tra công tác an toàn thực phẩm tại huyện</a>"
    " <span class='time'>09:43 11/12/2025</span></li></ul></div>"
)


def page(head: str = "", top: str = "", after_title: str = "", heading: str = "h1") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body>"
        f"<div class='top'><h1 class='logo'><a href='/'>Cổng thông tin điện tử huyện</a></h1></div>"
        f"<div class='wrap'>{top}<div class='main'><{heading} class='t'>{TITLE}</{heading}>"
        f"{after_title}<div class='c'>{BODY}</div>{RELATED}</div></div></body></html>"
    )


def test_an_unclassed_byline_under_the_title_beats_dates_of_related_stories():
    html = page(after_title="<div class='x1'>19:10' - 08/01/2026</div>")
    assert extract_article(html, "http://h/a").published_at == "2026-01-08T19:10:00+07:00"


def test_a_title_in_h2_under_a_logo_h1_anchors_the_byline():
    html = page(after_title="<div class='h-date'>Chủ nhật - 15/12/2019 18:24</div>", heading="h2")
    article = extract_article(html, "http://h/a")
    assert article.published_at == "2019-12-15T18:24:00+07:00"


def test_a_date_row_above_the_title_block():
    top = "<div class='meta-row'><span class='ngaydang'>2022-02-01 15:32:00.0</span></div>"
    html = page(top=top)
    assert extract_article(html, "http://h/a").published_at == "2022-02-01T15:32:00+07:00"


def test_dates_of_related_stories_are_never_the_publication_date():
    assert extract_article(page(), "http://h/a").published_at is None


def test_a_document_record_is_not_prose():
    html = (
        "<html><body><h1>Báo cáo số 2787/BC-UBND về việc cải cách hành chính</h1>"
        "<div class='d'>12/12/2018</div><div class='c'><table>"
        "<tr><th>Số ký hiệu</th><td>2787/BC-UBND</td></tr>"
        "<tr><th>Ngày ban hành</th><td>12/12/2018</td></tr>"
        "<tr><th>Trích yếu</th><td>Cải cách hành chính giai đoạn 2018-2023</td></tr></table>"
        "<p>File đính kèm: <a href='/f.pdf'>2787-BC-UBND.pdf</a></p></div></body></html>"
    )
    article = extract_article(html, "http://h/van-ban/1")
    assert article.is_complete and not article.has_prose
    assert extract_article(page(), "http://h/a").has_prose


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Vietnamese as windows-1258 writes it: base letters (â, ơ, ư...) and combining tone marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def test_windows_1258_with_combining_marks_and_charset_only_in_meta():
    html = page().replace(
        "charset='utf-8'", "http-equiv='Content-Type' content='text/html; charset=windows-1258'"
    )
    article = extract_article(to_cp1258(html), "http://h/a")
    assert article.title == TITLE
    assert "vướng mắc" in article.body_text
    assert article.body_text == BODY_TEXT


BODY_TEXT = (
    "Sáng 14/12, Sở Khoa học và Công nghệ phối hợp với huyện tổ chức triển khai nền tảng"
    " tích hợp, chia sẻ dữ liệu cấp tỉnh nhằm nâng cao chất lượng phục vụ người dân.\n\n"
    "Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc trong quá trình triển khai"
    " và đề xuất giải pháp tháo gỡ trong thời gian tới."
)


def test_utf8_byte_order_mark():
    article = extract_article(codecs.BOM_UTF8 + page().encode(), "http://h/a")
    assert article.title == TITLE
    assert article.body_text == BODY_TEXT
    # With the stray </html> of broken templates right after <html> as well.
    broken = page().replace("<html>", "<html></html>", 1)
    article = extract_article(codecs.BOM_UTF8 + broken.encode(), "http://h/a")
    assert article.title == TITLE
    assert article.body_text == BODY_TEXT


def test_utf8_with_the_charset_only_in_an_http_equiv_meta():
    # No HTTP charset: only <meta http-equiv> says UTF-8; decomposed (NFD) text is stored NFC.
    html = page().replace(
        "charset='utf-8'", "http-equiv='Content-Type' content='text/html; charset=utf-8'"
    )
    for raw in (html.encode(), unicodedata.normalize("NFD", html).encode()):
        article = extract_article(raw, "http://h/a")
        assert article.title == TITLE
        assert article.body_text == BODY_TEXT


def test_word_pasted_markup_and_br_separated_paragraphs():
    word = (
        "<p class='MsoNormal' style='text-align:justify'><span lang='VI'>Đoạn thứ nhất của bài"
        " viết được dán từ Word, có nhiều định dạng thừa.<o:p></o:p></span></p>"
        "<p class='MsoNormal'><o:p>&nbsp;</o:p></p>"
        "<div>Đoạn thứ hai, ngăn bằng hai thẻ xuống dòng, vẫn là một đoạn văn riêng."
        "<br><br>Đoạn thứ ba cũng vậy, không nằm trong thẻ p nào cả.</div>"
    )
    html = page().replace(BODY, word)
    body = extract_article(html, "http://h/a").body_text
    assert body.split("\n\n")[:3] == [
        "Đoạn thứ nhất của bài viết được dán từ Word, có nhiều định dạng thừa.",
        "Đoạn thứ hai, ngăn bằng hai thẻ xuống dòng, vẫn là một đoạn văn riêng.",
        "Đoạn thứ ba cũng vậy, không nằm trong thẻ p nào cả.",
    ]


def test_a_logo_h1_linking_home_is_not_the_title():
    # The page's only h1 is the site's logo (a link to the home page); the story is an h2 that
    # <title> names.
    article = extract_article(page(heading="h2"), "http://h/tin/a-1.html")
    assert article.title == TITLE


SITE_ONLY = (
    "<html><head><meta charset='utf-8'><title>Cổng Thông tin điện tử Sở Nội vụ tỉnh</title></head>"
    "<body><header><div class='top-date'>Hôm nay: Thứ Tư, 22/06/2016</div>"
    "<div class='logo'><a href='/'>Cổng Thông tin điện tử Sở Nội vụ tỉnh</a></div></header>"
    "<div class='vitri'><a href='/'>Trang chủ</a> » <a href='/tin'>Tin tức</a></div>"
    "<div class='x7' id='main'><div class='x8'>{title}</div><div class='x9'>13:07 | 15/12/2019</div>"
    "<div class='tools'><a href='#'>Facebook</a> <span>Lượt xem: 577</span></div>"
    "<div class='x10'><p>Sáng 15-12, Tổ công tác triển khai Đề án 06 của tỉnh tổ chức hội nghị sơ"
    " kết sáu tháng đánh giá kết quả.</p></div>"
    "<div class='x11'>{body}</div></div></body></html>"
)


def test_a_title_in_a_plain_div_when_title_tag_is_only_the_site_name():
    # No h1, no og:title, <title> and the logo give the site's name: the title is the short
    # unlinked line that heads the main column, and the byline under it gives the date.
    html = SITE_ONLY.format(title=TITLE, body=BODY)
    article = extract_article(html, "http://h/vi/node/668810")
    assert article.title == TITLE
    assert article.published_at == "2019-12-15T13:07:00+07:00"


TEASERS = [
    ("Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về chuyển đổi số", "/tin/a-101.html"),
    ("BCĐ chuyển đổi số tỉnh triển khai nhiệm vụ quý II/2024", "/tin/a-102.html"),
    ("Tổng kết công tác chuyển đổi số năm 2024, triển khai nhiệm vụ năm 2025", "/tin/a-103.html"),
]
TEASER_TEXT = (
    "(Báo tỉnh) - Tối 23-4, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo"
    " và chuyển đổi số tỉnh tổ chức phiên họp thường kỳ, đánh giá kết quả thực hiện nhiệm vụ..."
)


def _listing(item: str, wrap: str) -> str:
    items = "".join(item.format(title=t, href=h, text=TEASER_TEXT) for t, h in TEASERS)
    return (
        "<html><head><meta charset='utf-8'><title>Tin tức | Báo tỉnh</title></head><body>"
        f"<div class='main-col'><h2 class='cat-title'>Tin tức</h2>{wrap.format(items=items)}"
        "<div class='pg'><a href='/tin-tuc/trang-3.html'>Xem thêm</a></div></div></body></html>"
    )


def test_a_listing_of_teasers_is_not_an_article():
    # A category page reached from a link shaped like an article's: its best "body" is one
    # teaser among alike siblings, each a story link with its summary.
    cards = _listing(
        "<div class='card'><a href='{href}'><img src='/t.jpg'></a><div class='card-body'>"
        "<h3 class='card-title'><a href='{href}'>{title}</a></h3><p class='card-text'>{text}</p>"
        "<span class='card-time'>20:17 23/04/2024</span></div></div>",
        "<div class='grid'>{items}</div>",
    )
    rows = _listing(
        "<li><h3><a href='{href}'>{title}</a></h3><p>{text}</p><span>23/04/2024</span></li>",
        "<ul class='list-news'>{items}</ul>",
    )
    table = _listing(
        "<tr><td><a href='{href}'>{title}</a></td><td>{text}</td><td>23/04/2024</td></tr>",
        "<table class='tbl'>{items}</table>",
    )
    for html in (cards, rows, table):
        assert not extract_article(html, "http://h/tin-tuc/trang-2.html").has_prose


def test_a_story_with_related_links_inside_its_body_is_still_prose():
    related = "".join(
        f"<li><a href='{h}'>{t}</a> <span>(03/01/2026)</span></li>" for t, h in TEASERS
    )
    html = page().replace(BODY, BODY + f"<ul class='x'>{related}</ul>")
    assert extract_article(html, "http://h/a").has_prose


def test_the_last_page_of_a_listing_with_a_single_teaser_is_not_an_article():
    html = _listing(
        "<div class='card'><div class='card-body'><h3 class='card-title'><a href='{href}'>"
        "{title}</a></h3><p class='card-text'>{text}</p></div></div>",
        "<div class='grid'>{items}</div>",
    )
    one = html.split("<div class='card'>")
    single = one[0] + "<div class='card'>" + one[1]  # the grid's first card only
    assert not extract_article(single, "http://h/tin-tuc/trang-4.html").has_prose


def test_a_printed_day_takes_the_time_from_metadata_of_the_same_day():
    # The byline prints the day only; article:published_time (here in UTC) gives the time.
    head = "<meta property='article:published_time' content='2026-08-05T09:33:00Z'>"
    html = page(head=head, after_title="<div class='x1'>Ngày 05 tháng 08 năm 2026</div>")
    assert extract_article(html, "http://h/a").published_at == "2026-08-05T16:33:00+07:00"
    # Metadata of another day (a re-publication stamp) does not move the printed day.
    head = "<meta property='article:published_time' content='2026-08-09T09:33:00+07:00'>"
    html = page(head=head, after_title="<div class='x1'>Ngày 05 tháng 08 năm 2026</div>")
    assert extract_article(html, "http://h/a").published_at == "2026-08-05"


def test_a_date_line_printed_after_the_body():
    # No byline under the title, no metadata: the date sits under the body, after the tags,
    # before the related stories (whose dates are not this story's).
    long_body = BODY * 6
    html = (
        page()
        .replace(BODY, long_body)
        .replace(
            RELATED,
            "<div class='k'>Từ khóa: <a href='/tag/x'>chuyển đổi số</a></div>"
            "<div class='z81'>Cập nhật lúc07:14, Thứ Sáu, 21/10/2022 (GMT+7)</div>" + RELATED,
        )
    )
    assert extract_article(html, "http://h/a").published_at == "2022-10-21T07:14:00+07:00"


def test_a_date_line_closing_the_main_block():
    # The same line as the last child of the block the body was found in.
    line = "<div class='z81'>Cập nhật lúc13:17, Thứ Hai, 17/10/2022 (GMT+7)</div>"
    body = BODY * 4
    html = page().replace(f"<div class='c'>{BODY}</div>", f"<div class='c'>{body}{line}</div>")
    article = extract_article(html, "http://h/a")
    assert article.published_at == "2022-10-17T13:17:00+07:00"
    assert "Cập nhật" not in article.body_text


def test_a_set_apart_source_credit_closing_the_story_is_its_byline():
    # "Theo Báo Quảng Ninh" right-aligned in italics, even with the date line printed after it
    # inside the body's block; a plain "Theo ..." paragraph stays text (test_extraction_fields).
    credit = "<p style='text-align: right;'><em>Theo Báo Quảng Ninh</em></p>"
    dated = "<div class='nd'>Ngày đăng: Ngày 30 tháng 3 năm 2022 | Cập nhật: Ngày 31 tháng 3 năm 2022</div>"
    html = page().replace(BODY, BODY + credit + dated)
    article = extract_article(html, "http://h/a")
    assert article.author == "Báo Quảng Ninh"
    assert "Theo Báo Quảng Ninh" not in article.body_text
    bare = page().replace(BODY, BODY + "<em>Theo TTXVN</em>")
    assert extract_article(bare, "http://h/a").author == "TTXVN"
    org = page().replace(BODY, BODY + "<p align='right'><em>Theo Cổng TTĐT tỉnh</em></p>")
    assert extract_article(org, "http://h/a").author == "Cổng TTĐT tỉnh"
    domain = page().replace(BODY, BODY + "<p align='right'><em>Theo mic.gov.vn</em></p>")
    assert extract_article(domain, "http://h/a").author == "mic.gov.vn"


def test_the_name_before_the_time_on_the_byline_is_the_author():
    # "Hoàng Quý - 18:54, 30/11/2021" under the title (DOMAIN.md §6).
    html = page(after_title="<div class='m1'>Thu Giang - 06:50, 15/07/2024</div>")
    article = extract_article(html, "http://h/a")
    assert article.author == "Thu Giang"
    assert article.published_at == "2024-07-15T06:50:00+07:00"
    # A weekday or a label before the date is no name; the site's own name is no byline.
    # "Đăng" is a given name too ("Đăng Khoa"); "Đăng lúc" is a label.
    html = page(after_title="<div class='m1'>Đăng Khoa - 06:50, 15/07/2024</div>")
    assert extract_article(html, "http://h/a").author == "Đăng Khoa"
    for line in (
        "Thứ Hai - 06:50, 15/07/2024",
        "Ngày đăng - 06:50, 15/07/2024",
        "Đăng lúc - 06:50, 15/07/2024",
    ):
        assert extract_article(page(after_title=f"<div>{line}</div>"), "http://h/a").author is None
    site = "<div class='m1'>Cổng thông tin điện tử huyện - 06:50, 15/07/2024</div>"
    assert extract_article(page(after_title=site), "http://h/a").author is None


def test_a_source_credit_right_after_the_body_container():
    # The body's paragraphs sit in their own block; the credit follows it, set apart.
    texts = [t.replace("<p>", "") for t in (BODY * 3).split("</p>")[:-1]]
    paras = "".join(
        f"<div style='text-align: justify;'>{n}. {t}</div>" for n, t in enumerate(texts)
    )
    credit = "<p style='text-align: right;'><em>Theo TTXVN</em></p>"
    html = page().replace(
        f"<div class='c'>{BODY}</div>", f"<div class='c'><div class='b'>{paras}</div>{credit}</div>"
    )
    article = extract_article(html, "http://h/a")
    assert article.author == "TTXVN"


def test_a_short_body_of_div_paragraphs_is_taken_whole():
    # Two paragraphs, each a <div> of its own (an editor's markup), after an unmarked sapo.
    first = (
        "Bên cạnh những kết quả đạt được, công tác chuyển đổi số vẫn còn một số hạn chế như"
        " hạ tầng kỹ thuật chưa đồng bộ, nguồn nhân lực còn thiếu. Sở Khoa học và Công nghệ được"
        " giao chủ trì, phối hợp với Công an tỉnh hướng dẫn các địa phương làm sạch dữ liệu dân cư."
    )
    second = (
        "Được biết, huyện Châu Thành là một trong những địa phương dẫn đầu về tỷ lệ hồ sơ"
        " trực tuyến toàn trình của tỉnh trong năm nay. Nhiều ý kiến cho rằng cần sớm ban hành quy"
        " chế quản lý, khai thác, chia sẻ dữ liệu dùng chung để tránh tình trạng mỗi nơi một cơ sở."
    )
    body = "".join(f"<div style='text-align: justify;'>{t}</div>" for t in (first, second))
    sapo = BODY[: BODY.index("</p>") + 4]
    html = page().replace(
        f"<div class='c'>{BODY}</div>", f"<div class='s9'>{sapo}</div><div class='b7'>{body}</div>"
    )
    article = extract_article(html, "http://h/a")
    text = "\n\n".join(t for t in (article.lead, article.body_text) if t)
    assert text.endswith(f"{first}\n\n{second}")
    assert text.count("Sáng 14/12") <= 1
