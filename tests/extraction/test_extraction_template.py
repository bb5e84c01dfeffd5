"""Site template learning: what repeats across a source's pages is furniture (hand-made pages)."""

from __future__ import annotations

import json

from crawler.extraction import extract_article, learn_from_page
from crawler.extraction.template import SiteTemplate

SITE = "Hà Tiên Online"
STORIES = [
    ("Khai trương trung tâm điều hành thông minh của thành phố", "12/03/2024 08:15", "Minh Anh"),
    ("Tập huấn kỹ năng số cho cán bộ phường xã năm 2024", "03/04/2024 14:30", None),
    ("Ra mắt ứng dụng công dân số trên địa bàn thành phố", "21/05/2024 09:05", "Thanh Tâm"),
    ("Hội nghị sơ kết sáu tháng triển khai Đề án 06 tại địa phương", "02/07/2024 16:45", None),
    ("Số hóa hồ sơ một cửa tại bộ phận tiếp nhận và trả kết quả", "19/08/2024 10:20", None),
]
SIDEBAR = "".join(
    f"<div class='it'><p>{t}. Nội dung tóm tắt của tin này, khá dài để giống một đoạn văn thật,"
    " có dấu phẩy, có chữ, có số liệu 12, 13, 14.</p></div>"
    for t, _, _ in STORIES[:3]
)


def page(n: int) -> str:
    title, printed, author = STORIES[n]
    body = "".join(
        f"<p>Đoạn {k} của bài {n}: {title.lower()}, với các chi tiết riêng của bài số {n}"
        f" và của đoạn {k}, đủ dài để là một đoạn văn.</p>"
        for k in range(1, 5)
    )
    byline = f"<p class='tg'><strong>{author}</strong></p>" if author else ""
    return f"""<html><head><meta charset="utf-8">
<title>{SITE} - {title}</title>
<meta name="author" content="{SITE}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
 "author": {{"@type": "Organization", "name": "{SITE}"}}}}</script>
</head><body>
<div class="top"><a href="/">{SITE}</a> <span>Trang chủ</span> <span>Tin tức</span></div>
<div class="wrap">
 <div class="col-main">
  <div class="ttl">{title}</div>
  <div class="clock">Hôm nay: Thứ Bảy, 05/12/2026</div>
  <div class="when">{printed}</div>
  <div class="txt">{body}{byline}</div>
 </div>
 <div class="col-side"><div class="hd">Tin mới</div>{SIDEBAR}</div>
</div>
<div class="bottom"><p>Cơ quan chủ quản: UBND thành phố Hà Tiên, địa chỉ số 1 đường Mạc Thiên Tích,
điện thoại 0297 385 2222, chịu trách nhiệm nội dung: Văn phòng HĐND và UBND.</p></div>
</body></html>"""


def learnt(pages: range) -> SiteTemplate:
    template = None
    for n in pages:
        template = learn_from_page(template, page(n).encode())
    return template


def test_learnt_template_cuts_the_site_name_out_of_the_title():
    plain = extract_article(page(0), "http://h/a0")
    assert plain.title is not None
    article = extract_article(page(0), "http://h/a0", template=learnt(range(1, 5)))
    assert article.title == STORIES[0][0]


def test_a_clock_printed_on_every_page_is_not_the_publication_date():
    assert extract_article(page(0), "http://h/a0").published_at == "2026-12-05"
    article = extract_article(page(0), "http://h/a0", template=learnt(range(1, 5)))
    assert article.published_at == "2024-03-12T08:15:00+07:00"


def test_the_site_as_author_is_not_a_byline():
    template = learnt(range(0, 4))
    assert extract_article(page(0), "http://h/a0", template=template).author == "Minh Anh"
    assert extract_article(page(1), "http://h/a1", template=template).author is None
    # Without a template the Organization author and the og/meta site name are refused too.
    assert extract_article(page(1), "http://h/a1").author != SITE


def test_sidebar_and_footer_repeated_on_every_page_leave_the_body():
    article = extract_article(page(4), "http://h/a4", template=learnt(range(0, 4)))
    assert article.body_text is not None
    assert "Đoạn 1 của bài 4" in article.body_text
    assert "Nội dung tóm tắt" not in article.body_text
    assert "Cơ quan chủ quản" not in article.body_text


def test_a_page_learnt_into_its_own_template_keeps_its_content():
    template = learnt(range(0, 5))
    for n in range(5):
        article = extract_article(page(n), f"http://h/a{n}", template=template)
        assert article.title == STORIES[n][0]
        assert article.body_text.count("Đoạn") == 4


def test_template_is_json_and_readable():
    template = learnt(range(0, 4))
    again = SiteTemplate.from_dict(json.loads(json.dumps(template.to_dict())))
    assert again.furniture() == template.furniture()
    summary = again.describe()
    assert summary["pages"] == 4
    assert summary["title_prefix"] == f"{SITE} - "
    assert SITE in summary["site_names"]
    assert any("Cơ quan chủ quản" in s for s in summary["furniture_samples"])


def test_too_few_pages_is_no_template_and_old_formats_are_relearnt():
    assert not learnt(range(0, 2)).mature
    assert extract_article(page(0), "http://h/a0", template=learnt(range(0, 2))).title
    assert SiteTemplate.from_dict({"version": 0, "pages": 9}).pages == 0


def test_counts_decay_so_the_template_follows_a_redesign():
    template = learnt(range(0, 4))
    for _ in range(60):
        template = learn_from_page(template, b"<html><body><p>Giao dien moi</p></body></html>")
    assert template.pages < 45
    assert not any("Cơ quan chủ quản" in s for s in template.describe()["furniture_samples"])


def test_a_webforms_page_wrapped_in_one_form_is_read():
    html = (
        "<html><body><form id='aspnetForm' method='post'><input type='hidden' name='__VIEWSTATE'>"
        "<form class='search'><input name='q'>Tìm kiếm</form>"
        "<h1>Hội nghị trực tuyến về chuyển đổi số của tỉnh năm 2024</h1><div>10/05/2024</div>"
        "<div class='noidung'><p>Sáng 10/5, Ủy ban nhân dân tỉnh tổ chức hội nghị trực tuyến, với"
        " sự tham dự của các sở, ngành và địa phương.</p><p>Hội nghị đánh giá kết quả, nêu hạn"
        " chế, đề ra nhiệm vụ trọng tâm của thời gian tới trên toàn địa bàn.</p></div>"
        "</form></body></html>"
    )
    article = extract_article(html, "http://h/Pages/ChiTiet.aspx?ItemID=5")
    assert article.title == "Hội nghị trực tuyến về chuyển đổi số của tỉnh năm 2024"
    assert article.published_at == "2024-05-10"
    assert article.body_text.startswith("Sáng 10/5")
    assert "Tìm kiếm" not in article.body_text


def _headed_page(n: int) -> str:
    """A page whose header holds both the site's clock and the site's name in a plain h1."""
    title, printed, _ = STORIES[n]
    body = "".join(
        f"<p>Đoạn {k} của bài {n}: {title.lower()}, với các chi tiết riêng của bài số {n}.</p>"
        for k in range(1, 4)
    )
    return f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="hdr"><div class="clock">Thứ Ba, ngày 06 tháng 10 năm 2015</div><h1>{SITE} điện tử</h1></div>
<div class="main"><h2 class="t">{title}</h2><div class="d">{printed}</div>
<div class="c">{body}</div></div></body></html>"""


def test_a_repeated_header_holding_a_clock_still_loses_its_site_name_heading():
    # The header prints a date, so it is only marked (its clock is no publication date), but the
    # site-name h1 inside it is furniture all the same: never the article's title.
    template = None
    for n in range(1, 5):
        template = learn_from_page(template, _headed_page(n))
    article = extract_article(_headed_page(0), "http://h/a0", template=template)
    assert article.title == STORIES[0][0]
    assert article.published_at == "2024-03-12T08:15:00+07:00"


def test_a_title_tag_equal_on_every_page_is_the_site_name():
    template = None
    for n in range(4):
        html = page(n).replace(f"<title>{SITE} - {STORIES[n][0]}</title>", "<title>Cổng X</title>")
        template = learn_from_page(template, html)
    assert "Cổng X" in template.site_names()


def test_a_reporter_on_most_pages_is_still_their_byline():
    # One reporter wrote most stories: the bold name closing the body repeats, yet it is the
    # byline inside the story's text, not furniture around it.
    def bylined(n: int) -> str:
        html = page(n).replace("<p class='tg'><strong>Minh Anh</strong></p>", "")
        html = html.replace("<p class='tg'><strong>Thanh Tâm</strong></p>", "")
        return html.replace("</div>\n </div>", BYLINE + "</div>\n </div>", 1)

    template = None
    for n in range(1, 5):
        template = learn_from_page(template, bylined(n))
    assert extract_article(bylined(0), "http://h/a0", template=template).author == "VIỆT HÀ"


BYLINE = "<p class='tg'><strong>VIỆT HÀ</strong></p>"


def test_an_organisation_in_meta_author_is_not_a_byline():
    html = page(1).replace(
        f'<meta name="author" content="{SITE}">', '<meta name="author" content="UBND huyện Mỹ Tú">'
    )
    assert extract_article(html, "http://h/a1").author is None


def test_a_source_typed_person_in_json_ld_is_kept():
    # The CMS types the credited source as a Person: "Theo Báo Chính phủ" without the line.
    html = page(1).replace(
        f'"author": {{"@type": "Organization", "name": "{SITE}"}}',
        '"author": {"@type": "Person", "name": "Báo Chính phủ"}',
    )
    assert extract_article(html, "http://h/a1").author == "Báo Chính phủ"


def test_a_credit_printed_in_the_story_is_kept_when_the_same_source_filled_meta_author_before():
    # The first pages learnt happen to credit the same newspaper (meta author and a "Theo" line):
    # the repeated meta author looks like the site's, but a credit printed in the story is the
    # story's byline all the same.
    def credited(n: int) -> str:
        html = page(n).replace(
            f'<meta name="author" content="{SITE}">',
            '<meta name="author" content="Báo Quảng Ninh">',
        )
        html = html.replace("<p class='tg'><strong>Minh Anh</strong></p>", "")
        html = html.replace("<p class='tg'><strong>Thanh Tâm</strong></p>", "")
        credit = "<p style='text-align: right'><em>Theo Báo Quảng Ninh</em></p>"
        return html.replace("</div>\n </div>", credit + "</div>\n </div>", 1)

    template = None
    for n in range(1, 4):
        template = learn_from_page(template, credited(n))
    assert "Báo Quảng Ninh" in template.site_names()
    assert extract_article(credited(0), "http://h/a0", template=template).author == "Báo Quảng Ninh"


def test_a_sentence_shared_by_several_stories_stays_in_their_text():
    # Stories reuse a stock paragraph ("Theo báo cáo, ..."): it repeats across the pages learnt,
    # but among paragraphs that differ from page to page it is the story's text.
    shared = "<p>Theo báo cáo, đến nay 70% hồ sơ thủ tục hành chính của tỉnh đã được tiếp nhận và giải quyết trực tuyến.</p>"

    def with_shared(n: int) -> str:
        return page(n).replace('<div class="txt">', '<div class="txt">' + shared, 1)

    template = None
    for n in range(1, 4):
        template = learn_from_page(template, with_shared(n))
    article = extract_article(with_shared(0), "http://h/a0", template=template)
    assert "Theo báo cáo, đến nay 70%" in article.body_text
    assert "Đoạn 1 của bài 0" in article.body_text


def test_two_stories_of_one_reporter_among_the_first_pages_keep_their_byline():
    # The template's first three pages: two by the same reporter (the same byline block and
    # meta author on two of three pages) are not enough to make her the site's furniture.
    def by(n: int, reporter: str) -> str:
        html = page(n).replace(f'<meta name="author" content="{SITE}">', "")
        html = html.replace("</head>", f'<meta name="author" content="{reporter}"></head>')
        return html.replace(
            "<div class='txt'>", f"<div class='txt'><div class='by'>Tác giả: {reporter}</div>"
        )

    pages = [by(1, "Trung Kiên"), by(3, "Trung Kiên"), by(4, "Lan Anh")]  # no bold byline
    template = None
    for n, html in enumerate(pages):
        template = learn_from_page(template, html.encode(), f"http://h/a{n}")
    assert "Trung Kiên" not in template.site_names()
    for n in (0, 1):
        assert extract_article(pages[n], f"http://h/a{n}", template=template).author == "Trung Kiên"


def test_a_source_credit_every_learnt_page_prints_is_still_the_credit():
    # The first pages learnt all republish one newspaper: its credit line, right after the
    # story's text, is the same block on each of them, and still each story's author.
    def credited(n: int) -> str:
        return page(n).replace(
            "</div>\n </div>",
            "</div><p style='text-align: right'><em>Theo Báo Chính phủ</em></p>\n </div>",
            1,
        )

    assert "Theo Báo Chính phủ" in credited(1)
    template = None
    for n in (1, 3, 4):
        template = learn_from_page(template, credited(n).encode(), f"http://h/a{n}")
    for n in (1, 3):
        article = extract_article(credited(n), f"http://h/a{n}", template=template)
        assert article.author == "Báo Chính phủ"
        assert "Theo Báo Chính phủ" not in article.body_text


def test_a_table_header_and_row_numbers_several_stories_share_stay_in_the_table():
    def tabled(n: int) -> str:
        rows = "".join(
            f"<tr><td>{k}</td><td>Chỉ tiêu {k} của bài {n}</td><td>{10 * k + n}%</td></tr>"
            for k in (1, 2)
        )
        table = f"<table><tr><td>STT</td><td>Chỉ tiêu</td><td>Kết quả</td></tr>{rows}</table>"
        return page(n).replace("</div>\n </div>", f"{table}</div>\n </div>", 1)

    assert "STT" in tabled(1)
    assert "STT | Chỉ tiêu | Kết quả" in extract_article(tabled(1), "http://h/a1").body_text
    template = None
    for n in (1, 3, 4):
        template = learn_from_page(template, tabled(n).encode(), f"http://h/a{n}")
    body = extract_article(tabled(1), "http://h/a1", template=template).body_text
    assert "STT | Chỉ tiêu | Kết quả" in body
    assert "1 | Chỉ tiêu 1 của bài 1 | 11%" in body and "2 | Chỉ tiêu 2 của bài 1 | 21%" in body
