"""One test per field, on hand-written snippets carrying the real portals' markup quirks."""

from __future__ import annotations

from crawler.extraction import extract_article
from crawler.extraction.metadata import strip_site_suffix
from crawler.extraction.postprocess import strip_lead_prefix

URL = "https://portal.example.gov.vn/tin-tuc/bai-viet-123.html"
LONG = (
    "Các bộ, ngành, địa phương tích cực hoàn thiện cơ sở dữ liệu, đẩy mạnh dịch vụ công trực "
    "tuyến toàn trình, bảo đảm an toàn thông tin mạng và phát triển nguồn nhân lực số."
)


def page(body: str, head: str = "", header: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'>{head}</head><body><header class='top'>{header}"
        f"</header><div class='main'>{body}</div><footer><a href='/'>Trang chủ</a></footer>"
        "</body></html>"
    )


def article(inner: str, title: str = "Hội nghị trực tuyến sơ kết chuyển đổi số") -> str:
    return f"<h1>{title}</h1>{inner}"


# ---- title ------------------------------------------------------------------------------------
def test_title_without_site_suffix() -> None:
    head = "<title>Họp Ban Chỉ đạo chuyển đổi số - Bộ Khoa học và Công nghệ</title>"
    art = extract_article(page(f"<div class='content'><p>{LONG}</p><p>{LONG}</p></div>", head), URL)
    assert art.title == "Họp Ban Chỉ đạo chuyển đổi số"


def test_site_suffix_is_kept_when_it_is_part_of_the_story() -> None:
    assert (
        strip_site_suffix("Phó Thủ tướng - Trưởng Ban chỉ đạo làm việc với tỉnh", [])
        == "Phó Thủ tướng - Trưởng Ban chỉ đạo làm việc với tỉnh"
    )
    assert strip_site_suffix("Họp UBND | Cổng TTĐT tỉnh Hà Nam", []) == "Họp UBND"
    assert strip_site_suffix("Họp UBND - baoangiang.com.vn", []) == "Họp UBND"


def test_title_prefers_the_story_h1_over_a_logo_h1() -> None:
    head = (
        "<meta property='og:title' content='Bắc Ninh họp Ban Chỉ đạo chuyển đổi số'>"
        "<meta property='og:site_name' content='Cổng Thông tin điện tử tỉnh Bắc Ninh'>"
    )
    header = "<h1 class='site-title'>Cổng Thông tin điện tử tỉnh Bắc Ninh</h1>"
    body = article(
        f"<div class='content'><p>{LONG}</p></div>", "Bắc Ninh họp Ban Chỉ đạo chuyển đổi số"
    )
    assert (
        extract_article(page(body, head, header), URL).title
        == "Bắc Ninh họp Ban Chỉ đạo chuyển đổi số"
    )


def test_title_is_the_heading_the_page_title_begins_with_not_its_category_suffix() -> None:
    # The logo is the page's h1, the story's title an h2, and <title> is "story - category - site":
    # the category part is neither the site's name nor a site word, yet not part of the title.
    head = (
        "<title>Tập huấn kỹ năng số cho cán bộ cấp xã - Văn hóa - Xã hội - "
        "Cổng Thông tin điện tử tỉnh Hà Tĩnh</title>"
    )
    header = "<h1 class='logo'><a href='/'>Cổng Thông tin điện tử tỉnh Hà Tĩnh</a></h1>"
    body = (
        "<h2 class='entry-title'>Tập huấn kỹ năng số cho cán bộ cấp xã</h2>"
        f"<div class='content'><p>{LONG}</p><p>{LONG}</p></div>"
        "<h2>Tin liên quan</h2><ul><li><a href='/a.html'>Tập huấn kỹ năng</a></li></ul>"
    )
    assert (
        extract_article(page(body, head, header), URL).title
        == "Tập huấn kỹ năng số cho cán bộ cấp xã"
    )


def test_title_is_not_cut_to_a_heading_that_ends_mid_part() -> None:
    head = "<title>Phó Thủ tướng làm việc với tỉnh Hà Nam - Cổng TTĐT tỉnh Hà Nam</title>"
    body = f"<h2>Phó Thủ tướng làm việc</h2><div class='content'><p>{LONG}</p><p>{LONG}</p></div>"
    assert extract_article(page(body, head), URL).title == "Phó Thủ tướng làm việc với tỉnh Hà Nam"


def test_json_ld_headline_with_character_references_is_decoded() -> None:
    # A page in a legacy charset writes what the charset lacks as character references, in the
    # JSON-LD too, where the HTML parser leaves them (script text is not decoded).
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Chuye&#770;̉n đo&#770;̉i so&#770;́ &amp; ca&#777;i cách"}</script>'
    )
    body = f"<div class='content'><p>{LONG}</p><p>{LONG}</p></div>"
    assert extract_article(page(body, head), URL).title == "Chuyển đổi số & cải cách"


# ---- published --------------------------------------------------------------------------------
def test_published_from_byline_not_from_stale_header_clock() -> None:
    header = "<div class='current-time'>Thứ Sáu, ngày 23 tháng 08 năm 2019</div>"
    body = article(
        f"<span class='h5'>Thứ năm - 08/04/2021 05:04</span><div class='content'><p>{LONG}</p></div>"
    )
    assert (
        extract_article(page(body, header=header), URL).published_at == "2021-04-08T05:04:00+07:00"
    )


def test_published_date_only_when_no_time_is_printed() -> None:
    body = article(
        f"<div class='post-date'>24.9.2025</div><div class='content'><p>{LONG}</p></div>"
    )
    assert extract_article(page(body), URL).published_at == "2025-09-24"


def test_published_from_metadata_when_not_printed() -> None:
    head = "<meta property='article:published_time' content='2025-03-13T15:03:00Z'>"
    body = article(f"<div class='content'><p>{LONG}</p></div>")
    assert extract_article(page(body, head), URL).published_at == "2025-03-13T22:03:00+07:00"


def test_published_from_json_ld() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"NewsArticle", "headline": "X", "datePublished": "2022-04-27T21:10:00+07:00"}</script>'
    )
    body = article(f"<div class='content'><p>{LONG}</p></div>")
    assert extract_article(page(body, head), URL).published_at == "2022-04-27T21:10:00+07:00"


def test_published_from_numeric_timestamp_url() -> None:
    url = "https://baochinhphu.vn/chuyen-doi-so-kinh-te-so-102241229103042518.htm"
    art = extract_article(page(article(f"<div class='content'><p>{LONG}</p></div>")), url)
    assert art.published_at == "2024-12-29T10:30:42+07:00"


# ---- author -----------------------------------------------------------------------------------
def test_author_from_baochinhphu_byline() -> None:
    body = (
        "<h1 class='detail-title'>Thủ tướng chủ trì phiên họp thứ hai</h1>"
        "<div class='detail-author'><a class='detail-author-top-name'>Hoàng Quý</a></div>"
        f"<div class='detail-content' data-role='content'><p>{LONG}</p></div>"
    )
    assert extract_article(page(body), URL).author == "Hoàng Quý"


def test_last_bold_name_paragraph_is_the_author_and_leaves_the_body() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><p style='text-align: right;'><strong>Đặng Tuyết</strong></p></div>"
    )
    art = extract_article(page(body), URL)
    assert art.author == "Đặng Tuyết"
    assert "Đặng Tuyết" not in art.body_text


def test_upper_case_byline_is_the_author() -> None:
    body = article(f"<div class='content'><p>{LONG}</p><p>TRỌNG TÍN</p></div>")
    art = extract_article(page(body), URL)
    assert art.author == "TRỌNG TÍN"
    assert art.body_text == LONG


def test_source_credit_is_not_an_author() -> None:
    body = article(f"<div class='content'><p>{LONG}</p><p>Theo mic.gov.vn</p></div>")
    art = extract_article(page(body), URL)
    assert art.author is None
    assert art.body_text.endswith("Theo mic.gov.vn")


def test_author_line_with_prefix() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p></div><p class='h5 text-right'><strong>Tác giả bài viết: </strong>Minh Hằng</p>"
    )
    assert extract_article(page(body), URL).author == "Minh Hằng"


# ---- lead -------------------------------------------------------------------------------------
def test_lead_source_prefixes_are_stripped() -> None:
    assert (
        strip_lead_prefix("(backancity.gov.vn)- Chiều 12/7, Văn phòng Chính phủ tổ chức")
        == "Chiều 12/7, Văn phòng Chính phủ tổ chức"
    )
    assert (
        strip_lead_prefix(" - Chiều 30-11, Thủ tướng Chính phủ chủ trì")
        == "Chiều 30-11, Thủ tướng Chính phủ chủ trì"
    )
    assert (
        strip_lead_prefix("(Chinhphu.vn) - Sáng 18/3, Thủ tướng chủ trì phiên họp")
        == "Sáng 18/3, Thủ tướng chủ trì phiên họp"
    )
    assert (
        strip_lead_prefix("(CTT-Đồng Nai) - Ngày 18-3, UBND tỉnh tổ chức họp")
        == "Ngày 18-3, UBND tỉnh tổ chức họp"
    )


def test_lead_is_not_repeated_as_first_body_paragraph() -> None:
    lead = "Chiều 30-11, Thủ tướng Chính phủ Phạm Minh Chính chủ trì phiên họp lần thứ nhất."
    body = article(
        f"<div class='sapo'>{lead}</div><div class='content'><p>{lead}</p><p>{LONG}</p></div>"
    )
    art = extract_article(page(body), URL)
    assert art.lead == lead
    assert art.body_text == LONG


def test_lead_found_by_meta_description() -> None:
    lead = "Sáng ngày 25/12/2022, Chính phủ tổ chức hội nghị trực tuyến toàn quốc sơ kết Đề án 06."
    head = f"<meta name='description' content='{lead}'>"
    body = article(
        f"<p><strong>{lead}</strong></p><div class='content'><p>{LONG}</p><p>{LONG}</p></div>"
    )
    art = extract_article(page(body, head), URL)
    assert art.lead == lead
    assert lead not in art.body_text


# ---- body -------------------------------------------------------------------------------------
def test_furniture_lines_are_dropped() -> None:
    body = article(
        "<div class='content'><p>A A</p><p>Skip Ribbon Commands</p><p>IMG_0006.jpg</p>"
        f"<p>{LONG}</p><p>Chia sẻ</p><p>In bài</p></div>"
    )
    assert extract_article(page(body), URL).body_text == LONG


def test_related_block_inside_body_is_dropped() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><div><p><strong>Tin liên quan:</strong></p>"
        "<ul><li><a href='/a.html'>Một tin khác về chuyển đổi số</a></li>"
        "<li><a href='/b.html'>Tin thứ hai về Đề án 06</a></li></ul></div>"
        f"<p>Đoạn cuối: {LONG}</p></div>"
    )
    art = extract_article(page(body), URL)
    assert art.body_text == f"{LONG}\n\nĐoạn cuối: {LONG}"


def test_same_section_block_with_dates_inside_body_is_dropped() -> None:
    # "Bài viết cùng chuyên mục": other stories of the section, each with its date.
    for heading in ("Bài viết cùng chuyên mục", "Tin cùng chủ đề"):
        body = article(
            f"<div class='content'><p>{LONG}</p><div class='box'><h3>{heading}</h3><ul>"
            "<li><a href='/a.html'>Một tin khác về chuyển đổi số</a> <span>14/07/2025 - 11:46</span></li>"
            "<li><a href='/b.html'>Tin thứ hai về Đề án 06</a> <span>20/06/2025 - 10:55</span></li>"
            "</ul></div></div>"
        )
        assert extract_article(page(body), URL).body_text == LONG


def test_footer_link_block_is_dropped() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><p>Theo mic.gov.vn</p>"
        "<p><a href='https://dx.mic.gov.vn'>Trung tâm một cửa hỗ trợ triển khai chính phủ điện tử</a></p>"
        "<p><a href='https://mic.gov.vn'>Cổng thông tin điện tử Bộ Thông tin &amp; Truyền thông</a></p>"
        "<p><a href='https://dx.mic.gov.vn'>Cẩm nang chuyển đổi số www.dx.mic.gov.vn</a></p></div>"
    )
    assert extract_article(page(body), URL).body_text == f"{LONG}\n\nTheo mic.gov.vn"


def test_captions_are_body_paragraphs_in_place_and_images() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><figure><img src='/img/a.jpg'><figcaption>Toàn cảnh phiên họp"
        "</figcaption></figure><table class='image'><tr><td><img src='b.jpg'></td></tr>"
        "<tr><td class='image_desc'>Đại biểu dự hội nghị tại điểm cầu Hà Nam</td></tr></table>"
        f"<p>Kết luận: {LONG}</p></div>"
    )
    art = extract_article(page(body), URL)
    assert art.body_text.split("\n\n") == [
        LONG,
        "Toàn cảnh phiên họp",
        "Đại biểu dự hội nghị tại điểm cầu Hà Nam",
        f"Kết luận: {LONG}",
    ]
    assert [(i.src, i.caption) for i in art.images] == [
        ("https://portal.example.gov.vn/img/a.jpg", "Toàn cảnh phiên họp"),
        ("https://portal.example.gov.vn/tin-tuc/b.jpg", "Đại biểu dự hội nghị tại điểm cầu Hà Nam"),
    ]


def test_tables_and_lists_become_text() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><table><tr><td><strong>Chỉ tiêu</strong></td><td>Kết quả</td></tr>"
        "<tr><td>Hồ sơ trực tuyến</td><td>51,6%</td></tr></table>"
        "<ul><li>hoàn thiện thể chế;</li><li>phát triển hạ tầng số.</li></ul></div>"
    )
    assert extract_article(page(body), URL).body_text.split("\n\n") == [
        LONG,
        "Chỉ tiêu | Kết quả",
        "Hồ sơ trực tuyến | 51,6%",
        "hoàn thiện thể chế;",
        "phát triển hạ tầng số.",
    ]


def test_attachments_inside_and_right_after_the_body() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><p>Xem <a href='/files/KH-123.PDF'>Kế hoạch số 123</a></p></div>"
        "<div class='attachments'><a href='/files/mau.docx'>Mẫu phiếu</a></div>"
        "<div class='other-news'><a href='/files/khac.pdf'>Văn bản khác</a></div>"
    )
    art = extract_article(page(body), URL)
    assert [(a.url, a.title, a.kind) for a in art.attachments] == [
        ("https://portal.example.gov.vn/files/KH-123.PDF", "Kế hoạch số 123", "pdf"),
        ("https://portal.example.gov.vn/files/mau.docx", "Mẫu phiếu", "docx"),
    ]


def test_canonical_url() -> None:
    head = "<link rel='canonical' href='/tin-tuc/bai-viet-123.html'>"
    art = extract_article(
        page(article(f"<div class='content'><p>{LONG}</p></div>"), head), URL + "?utm_source=x"
    )
    assert art.canonical_url == URL


def test_broken_markup_with_early_html_close() -> None:
    html = (
        "<!DOCTYPE html><html lang='vi'>\n</html>\n<head><title>T</title></head><body>"
        + article(f"<div class='content'><p>{LONG}</p></div>")
        + "</body></html>"
    )
    art = extract_article(html, URL)
    assert art.title == "Hội nghị trực tuyến sơ kết chuyển đổi số"
    assert art.body_text == LONG


def test_selectors_override_per_source() -> None:
    body = (
        "<div class='tieu-de'>Tiêu đề riêng của nguồn này</div><div class='ngay'>30/11/2021 - 20:07</div>"
        f"<div class='noi-dung'><p>{LONG}</p></div><div class='content'><p>Không phải nội dung, {LONG}</p></div>"
    )
    art = extract_article(
        page(body),
        URL,
        selectors={"title": ".tieu-de", "published": [".ngay"], "body": [".noi-dung"]},
    )
    assert (art.title, art.published_at, art.body_text) == (
        "Tiêu đề riêng của nguồn này",
        "2021-11-30T20:07:00+07:00",
        LONG,
    )
    assert art.extraction_method == "selectors"


def test_published_from_url_path_date_as_last_resort() -> None:
    body = article(f"<div class='content'><p>{LONG}</p></div>")
    for url in (
        "https://backancity.gov.vn/2023/07/13/hoi-nghi-truc-tuyen/",
        "https://nhuxuan.thanhhoa.gov.vn/portal/Pages/2023-7-13/Hoi-nghi.aspx",
    ):
        assert extract_article(page(body), url).published_at == "2023-07-13"


def test_italic_line_after_an_image_is_its_caption() -> None:
    body = article(
        f"<div class='content'><p>{LONG}</p><p style='text-align:center'><img src='/a.jpg'></p>"
        "<p style='text-align:center'><em>Quang cảnh hội nghị</em></p>"
        f"<div>Đoạn một {LONG}<br><br>Đoạn hai {LONG}</div><p>&nbsp;</p></div>"
    )
    art = extract_article(page(body), URL)
    assert art.body_text.split("\n\n") == [
        LONG,
        "Quang cảnh hội nghị",
        f"Đoạn một {LONG}",
        f"Đoạn hai {LONG}",
    ]
    assert [(i.src, i.caption) for i in art.images] == [
        ("https://portal.example.gov.vn/a.jpg", "Quang cảnh hội nghị")
    ]


def test_date_line_above_the_title_when_none_below() -> None:
    header = "<div class='today'>Thứ Sáu, ngày 23 tháng 08 năm 2019</div>"
    body = (
        "<div class='detail'><div class='cat-date'><a href='/c'>Chuyển đổi số</a> 30/11/2021 20:07</div>"
        "<h1>Hội nghị trực tuyến sơ kết chuyển đổi số</h1>"
        f"<div class='content'><p>{LONG}</p><p>{LONG}</p><p>Cập nhật lần cuối</p></div></div>"
    )
    assert (
        extract_article(page(body, header=header), URL).published_at == "2021-11-30T20:07:00+07:00"
    )


def test_vccorp_photo_box_and_related_box_inside_the_body() -> None:
    body = (
        "<h1 class='detail-title'>Thủ tướng chủ trì phiên họp thứ hai</h1>"
        "<div class='detail-content afcbc-body' data-role='content'>"
        f"<p>{LONG}</p>"
        "<div class='VCSortableInPreviewMode' type='Photo'><div><a href='/x.jpg'><img src='/x.jpg'></a></div>"
        "<div class='PhotoCMS_Caption'><p data-placeholder='[nhập chú thích]'>Toàn cảnh phiên họp. Ảnh: VGP/Nhật Bắc</p></div></div>"
        "<div class='VCSortableInPreviewMode link-content-footer' type='link-content-2'>"
        "<a href='/a-102220101.htm'>Tin khác một</a><a href='/b-102220102.htm'>Tin khác hai</a></div>"
        f"<p>Kết luận: {LONG}</p></div>"
    )
    url = "https://baochinhphu.vn/thu-tuong-chu-tri-102220427183200013.htm"
    for use_families in (True, False):
        art = extract_article(page(body), url, use_families=use_families)
        assert art.body_text.split("\n\n") == [
            LONG,
            "Toàn cảnh phiên họp. Ảnh: VGP/Nhật Bắc",
            f"Kết luận: {LONG}",
        ]
        assert [i.caption for i in art.images] == ["Toàn cảnh phiên họp. Ảnh: VGP/Nhật Bắc"]


def test_author_variants_at_the_end_of_the_body() -> None:
    for line, expected in (
        ("<p><strong>Hoàng Quý - Minh Thư</strong></p>", "Hoàng Quý - Minh Thư"),
        ("<p style='text-align:right'><em>Minh Hằng (CTV)</em></p>", "Minh Hằng (CTV)"),
        ("<p>Tin, ảnh: Thu Trang</p>", "Thu Trang"),
        ("<p><strong>Kết luận</strong></p>", None),
    ):
        art = extract_article(page(article(f"<div class='content'><p>{LONG}</p>{line}</div>")), URL)
        assert art.author == expected, line
        if expected:
            assert art.body_text == LONG


def test_credit_set_apart_in_a_br_body_is_the_author() -> None:
    # Paragraphs split by <br><br> in one element: the last piece is in italics, the rest is not;
    # each piece is judged by its own marks, not by the whole element's.
    line = "<em>Theo Báo Thái Nguyên</em>"
    body = article(f"<div class='content'>{LONG}<br><br>\n{LONG}<br><br>\n{line}</div>")
    art = extract_article(page(body), URL)
    assert art.author == "Báo Thái Nguyên"
    assert art.body_text == f"{LONG}\n\n{LONG}"
    plain = article(f"<div class='content'>{LONG}<br><br>\nTheo Báo Thái Nguyên</div>")
    assert extract_article(page(plain), URL).author is None


def test_generic_body_with_wrapped_paragraphs_beats_a_sapo_sidebar() -> None:
    """Paragraphs wrapped in their own divs vs an "other news" box full of short sapos."""
    side = "".join(
        f"<div class='item'><a href='/a{i}.html'>Tin {i}</a><p>Tóm tắt tin số {i}, "
        "với nội dung khá dài, có dấu phẩy, nữa.</p></div>"
        for i in range(60)
    )
    for wrap in ("<div><div>{}</div></div>", "{}", "<div>{}</div>"):
        body = (
            "<div class='noidung'>"
            + "".join(wrap.format(f"<p>{LONG}</p>" * 2) for _ in range(20))
            + "</div>"
        )
        html = f"<html><body><h1>Tiêu đề bài viết thử nghiệm</h1>{body}<div class='khac'>{side}</div></body></html>"
        art = extract_article(html, URL, use_families=False)
        assert art.body_text.split("\n\n") == [LONG] * 40, wrap
