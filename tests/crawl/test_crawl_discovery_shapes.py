"""Discovery for any URL shape: query-string ids, tables and card grids, offset pagination."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.discovery import find_article_links, find_next_page, url_shape
from crawler.extraction.families import load_families

TITLES = [
    "Hội nghị sơ kết 6 tháng triển khai Đề án 06 tại An Giang",
    "Đoàn công tác của tỉnh làm việc về phòng cháy, chữa cháy",
    "Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về chuyển đổi số",
    "Tổng kết công tác chuyển đổi số năm 2023, triển khai nhiệm vụ",
]
MENU = (
    "<ul class='topmenu'><li><a href='/Pages/DanhMuc.aspx?CatID=18'>Tin tức</a></li>"
    "<li><a href='/Pages/DanhMuc.aspx?CatID=19'>Văn hóa - Xã hội</a></li>"
    "<li><a href='/gioi-thieu'>Giới thiệu chung về cơ quan</a></li></ul>"
)


def listing(hrefs: list[str], *, wrap: str = "list") -> str:
    if wrap == "table":
        rows = "".join(
            f"<tr><td>{n + 1}</td><td><a href='{h}'>{t}</a></td><td>0{n + 1}/03/2024</td></tr>"
            for n, (h, t) in enumerate(zip(hrefs, TITLES, strict=False))
        )
        items = f"<table class='grid'>{rows}</table>"
    elif wrap == "cards":
        items = "".join(
            f"<div class='card'><a href='{h}'><img src='/i/{n}.jpg'></a>"
            f"<div class='card-body'><a href='{h}'>{t}</a></div></div>"
            for n, (h, t) in enumerate(zip(hrefs, TITLES, strict=False))
        )
    else:
        items = "<ul>" + "".join(
            f"<li><a href='{h}'>{t}</a></li>" for h, t in zip(hrefs, TITLES, strict=False)
        )
        items += "</ul>"
    # The whole page inside one ASP.NET form, as WebForms portals print it.
    return (
        f"<html><body><form id='aspnetForm' method='post'>{MENU}"
        f"<div class='main'>{items}</div></form></body></html>"
    )


@pytest.mark.parametrize(
    "pattern",
    [
        "/tin-tuc/chi-tiet?id={n}",
        "/view?id={n}",
        "/index.php?option=com_content&view=article&id={n}:bai-viet-so-{n}&catid=8",
        "/Pages/ChiTiet.aspx?ItemID={n}",
        "/portal/detail.jsp?articleId={n}&lang=vi",
    ],
)
def test_links_differing_only_by_their_query_are_articles(pattern):
    hrefs = [pattern.format(n=870000 + n) for n in range(4)]
    found = find_article_links(listing(hrefs), "http://h/Pages/DanhMuc.aspx?CatID=18")
    assert found == [f"http://h{h}" for h in hrefs]


@pytest.mark.parametrize("wrap", ["table", "cards"])
def test_links_in_tables_and_card_grids(wrap):
    hrefs = [f"/Pages/ChiTiet.aspx?ItemID={n}" for n in range(4)]
    found = find_article_links(listing(hrefs, wrap=wrap), "http://h/tin-tuc")
    assert found == [f"http://h{h}" for h in hrefs]


def test_title_slugs_without_any_id_are_articles_even_for_a_known_family():
    # /tin-tuc/<slug>: no id, one slug ending in a year (read as a number); the page is
    # WordPress-like, whose own URL patterns do not know this shape.
    slugs = [
        "hoi-nghi-so-ket-6-thang-trien-khai-de-an-06-tai",
        "doan-cong-tac-cua-tinh-lam-viec-ve-phong-chay",
        "tong-ket-cong-tac-chuyen-doi-so-nam-2023",
    ]
    hrefs = [f"/tin-tuc/{s}" for s in slugs]
    sections = "".join(
        f"<p><a href='/tin-tuc/{s}'>Chuyên mục {s.replace('-', ' ')} của cổng</a></p>"
        for s in ("van-hoa-xa-hoi", "kinh-te", "cai-cach-hanh-chinh")
    )
    html = listing(hrefs).replace("</form>", sections + "</form>")
    family = load_families()["wordpress"]
    for fam in (None, family):
        found = find_article_links(html, "http://h/category/tin-tuc/", family=fam)
        assert found == [f"http://h{h}" for h in hrefs]
    # Two title slugs are no run.
    assert find_article_links(listing(hrefs[:2]), "http://h/category/tin-tuc/", family=family) == []


def test_menu_and_category_links_are_not_articles():
    hrefs = [f"/tin-tuc/chi-tiet?id={n}" for n in range(4)]
    found = find_article_links(listing(hrefs), "http://h/tin-tuc")
    assert not any("DanhMuc" in u or "gioi-thieu" in u for u in found)


@pytest.mark.parametrize(
    ("here", "link", "expected"),
    [
        ("http://h/tin?start=0", "/tin?start=10", "http://h/tin?start=10"),
        ("http://h/tin", "/tin?limitstart=5", "http://h/tin?limitstart=5"),
        ("http://h/tin?limitstart=5", "/tin?limitstart=10", "http://h/tin?limitstart=10"),
        ("http://h/tin?pg=2", "/tin?pg=3", "http://h/tin?pg=3"),
    ],
)
def test_offset_and_page_parameters_are_followed(here, link, expected):
    html = f"<html><body><div class='pager'><a href='{link}'>»</a></div></body></html>"
    assert find_next_page(html, here) == expected


def test_offset_pagination_does_not_go_back():
    html = "<html><body><a href='/tin?limitstart=0'>»</a></body></html>"
    assert find_next_page(html, "http://h/tin?limitstart=5") is None


@pytest.mark.parametrize("words", ["Trang sau", "Xem thêm", "Trang tiếp"])
def test_next_page_words(words):
    html = f"<html><body><p><a href='/tin-tuc/trang-2'>{words}</a></p></body></html>"
    assert find_next_page(html, "http://h/tin-tuc") == "http://h/tin-tuc/trang-2"


def test_sections_told_apart_by_a_word_only_are_not_an_article_shape():
    from crawler.discovery import article_shapes

    sections = [f"http://h/{s}/" for s in ("tin-tuc", "van-hoa-xa-hoi", "chuyen-doi-so")]
    assert article_shapes(sections) == set()
    ids = [f"http://h/tin-tuc/chi-tiet?id={n}" for n in (5, 6, 7)]
    assert article_shapes(ids) == {"h/S/S?id=N"}


def test_session_ids_are_not_part_of_an_article_url():
    from crawler.discovery import clean_url

    assert (
        clean_url("http://h/bai-viet-123.html;jsessionid=34754D5A49")
        == "http://h/bai-viet-123.html"
    )
    assert clean_url("http://h/tin?id=5&sid=a8f3c2d19e7b") == "http://h/tin?id=5"
    assert clean_url("http://h/tin?sid=12345678") == "http://h/tin?sid=12345678"  # an id


@pytest.mark.parametrize(
    "url",
    [
        "http://h/amp/bai-viet-so-mot-123.html",
        "http://h/tin?id=5&print=1",
        "http://h/tin?id=5&view=print",
    ],
)
def test_print_and_amp_copies_are_not_articles(url):
    from crawler.discovery import is_copy, looks_like_article_url

    assert is_copy(url)
    assert not looks_like_article_url(url)


def test_feeds_announced_or_linked_are_found():
    from crawler.discovery import find_feeds

    html = (
        "<html><head><link rel='alternate' type='application/rss+xml' href='/feed/'></head>"
        "<body><a href='/rss/tin-tuc.rss'>RSS</a><a href='/tin-tuc'>Tin tức</a></body></html>"
    )
    assert find_feeds(html, "http://h/") == ["http://h/feed/", "http://h/rss/tin-tuc.rss"]


def test_sections_from_menus_and_more_links_but_not_documents_or_articles():
    from crawler.discovery import find_section_links

    hrefs = [f"/tin-tuc/chi-tiet?id={n}" for n in range(4)]
    html = listing(hrefs).replace(
        "</form>",
        "<a class='more' href='/kinh-te'>Xem tiếp</a><ul><li><a href='/van-ban'>Văn bản</a></li>"
        "<li><a href='/tags/chuyen-doi-so'>Chuyển đổi số</a></li></ul></form>",
    )
    sections = find_section_links(html, "http://h/")
    assert "http://h/kinh-te" in sections
    assert "http://h/Pages/DanhMuc.aspx?CatID=18" in sections
    assert not any("chi-tiet" in u or "van-ban" in u or "tags" in u for u in sections)


def test_category_menus_are_sections_but_tags_authors_and_searches_are_not():
    # WordPress names its sections /category/<slug>/ (Vietnamese builds /chuyen-muc/<slug>): never
    # an article, but a listing to read, the only way to a section's older articles on a home
    # page that shows three of each.
    from crawler.discovery import find_section_links

    html = (
        "<html><body><nav><ul><li><a href='/category/tin-tuc/'>Tin tức</a></li>"
        "<li><a href='/chuyen-muc/kinh-te'>Kinh tế</a></li>"
        "<li><a href='/tag/chuyen-doi-so/'>Chuyển đổi số</a></li>"
        "<li><a href='/author/admin/'>Quản trị</a></li>"
        "<li><a href='/search?q=x'>Tìm kiếm</a></li></ul></nav>"
        "<a class='more' href='/category/van-hoa-xa-hoi/'>Xem tiếp</a></body></html>"
    )
    sections = find_section_links(html, "http://h/")
    assert sections == [
        "http://h/category/tin-tuc/",
        "http://h/chuyen-muc/kinh-te",
        "http://h/category/van-hoa-xa-hoi/",
    ]


def test_robots_sitemaps_and_newest_entries():
    from crawler.discovery import newest_entries, sitemap_urls_in_robots

    robots = "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap-index.xml\nsitemap: http://h/news.xml\n"
    assert sitemap_urls_in_robots(robots, "http://h/robots.txt") == [
        "http://h/sitemap-index.xml",
        "http://h/news.xml",
    ]
    entries = [{"url": f"u{m}", "lastmod": f"2024-{m:02d}-01"} for m in range(1, 13)]
    assert [e["url"] for e in newest_entries(entries, 2)] == ["u12", "u11"]


@pytest.mark.parametrize(
    "href",
    ["/Pages/ChiTiet.aspx?ItemID={n}", "/view;jsessionid=0C5?id={n}", "/tin/noi-dung-{n}1234"],
)
def test_titles_that_are_not_links_read_more_links_are_followed(href):
    # Some listings print the title as plain text: only the picture and "Xem chi tiết" link.
    items = "".join(
        f"<div class='item'><a href='{href.format(n=n)}'><img src='/t/{n}.jpg'></a>"
        f"<h3>{t}</h3><p>Tóm tắt của tin số {n}.</p>"
        f"<a class='more' href='{href.format(n=n)}'>Xem chi tiết</a></div>"
        for n, t in enumerate(TITLES)
    )
    more = "<a href='/Pages/DanhMuc.aspx?CatID=40'>Xem tiếp</a>"
    html = f"<html><body>{MENU}<div class='list'>{items}</div>{more}</body></html>"
    # windows-1258 and NFD pages spell "Xem chi tiết" with combining marks.
    for page in (html, unicodedata.normalize("NFD", html)):
        links = find_article_links(page, "http://h/Pages/DanhMuc.aspx?CatID=18")
        assert len(links) == len(TITLES)
        assert not any("DanhMuc" in u for u in links)


def test_numbers_inside_slugs_do_not_split_an_article_shape():
    from crawler.discovery import article_shapes

    # "...-nam-2021-246286", "...-hon-18-000-nguoi-...-246251": one shape with the plain slugs.
    urls = [
        "http://h/content/pho-chu-tich-ubnd-tinh-chu-tri-cuoc-hop-246312",
        "http://h/content/trien-khai-nhiem-vu-nam-2021-246286",
        "http://h/content/ninh-thuan-hon-18-000-nguoi-dan-kich-hoat-246251",
    ]
    assert len(article_shapes(urls)) == 1
    pages = ["http://h/tin-tuc/trang-2", "http://h/tin-tuc/trang-3", "http://h/tin-tuc/trang-4"]
    assert article_shapes(pages) == set()


def test_camel_case_page_names_of_one_listing_share_a_shape():
    # SharePoint-style portals name each article page after its title in CamelCase, with a
    # hash tail and no dash: /Pages/2022-7-23/UyBanNhanDanTinhSocTrang7f9d26ec.aspx.
    base = "http://127.0.0.1:8480/"
    names = [
        (
            "2022-7-23/UyBanNhanDanTinhSocTrang7f9d26ec",
            "Uỷ ban nhân dân tỉnh Sóc Trăng họp phiên thứ 11",
        ),
        (
            "2022-7-22/TrienKhaiNhiemVuXayDungNong26eca41f",
            "Triển khai nhiệm vụ xây dựng nông thôn mới",
        ),
        (
            "2022-7-19/HoiNghiSoKet6ThangTriend26eca41",
            "Hội nghị sơ kết 6 tháng triển khai Đề án 06",
        ),
    ]
    rows = "".join(
        f"<tr><td><a href='/portal/Pages/{path}.aspx'>{title}</a></td></tr>"
        for path, title in names
    )
    html = f"<html><body><table class='list'>{rows}</table><a href='/portal/Pages/GioiThieu.aspx'>Giới thiệu</a></body></html>"
    links = find_article_links(html, base, allowed_hosts={"127.0.0.1"})
    assert links == [f"{base}portal/Pages/{path}.aspx" for path, _ in names]
    # A short page name (a section, "GioiThieu") keeps its own shape.
    assert url_shape(base + "portal/Pages/GioiThieu.aspx") != url_shape(links[0])
