"""Link discovery on listing pages, feeds and sitemaps, without Scrapy's engine."""

from __future__ import annotations

from crawler.discovery import (
    current_page_number,
    find_article_links,
    find_next_page,
    looks_blocked,
    looks_like_article_url,
    parse_feed,
    parse_sitemap,
)

LISTING = """<html><body>
<div class="header"><ul class="menu">
  <li><a href="/gioi-thieu/lich-su-hinh-thanh-va-phat-trien-cua-so.html">Lịch sử hình thành và phát triển của Sở</a></li>
</ul></div>
<div id="main">
  <h1>Chuyển đổi số</h1>
  <div class="item"><a href="/chuyen-doi-so/hoi-nghi-truc-tuyen-so-ket-6-thang-dau-nam-2023-123.html">
     Hội nghị trực tuyến sơ kết 6 tháng đầu năm 2023 về chuyển đổi số quốc gia</a></div>
  <div class="item"><a href="/chuyen-doi-so/phien-hop-thu-nhat-uy-ban-quoc-gia-ve-chuyen-doi-so-99.html">
     Phiên họp thứ nhất Ủy ban Quốc gia về chuyển đổi số</a></div>
  <div class="item"><a href="/tag/chuyen-doi-so">Thẻ: chuyển đổi số và chính phủ số trên địa bàn</a></div>
  <div class="paging"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a></div>
</div>
<div class="footer"><a href="/lien-ket/trung-tam-mot-cua-ho-tro-trien-khai-chinh-phu-dien-tu.html">
  Trung tâm một cửa hỗ trợ triển khai chính phủ điện tử</a></div>
<a href="http://other.example.org/bai-viet-tren-mot-trang-web-khac-hoan-toan-123.html">
  Bài viết trên một trang web khác hoàn toàn không liên quan</a>
</body></html>"""


def test_heuristics_find_articles_in_page_order_and_skip_furniture_tags_and_offsite():
    links = find_article_links(
        LISTING, "http://127.0.1.6:8480/chuyen-doi-so", allowed_hosts={"127.0.1.6"}
    )
    assert links == [
        "http://127.0.1.6:8480/chuyen-doi-so/hoi-nghi-truc-tuyen-so-ket-6-thang-dau-nam-2023-123.html",
        "http://127.0.1.6:8480/chuyen-doi-so/phien-hop-thu-nhat-uy-ban-quoc-gia-ve-chuyen-doi-so-99.html",
    ]


def test_family_selectors_and_patterns_take_precedence():
    family = {
        "article_url_patterns": [r"-\d+\.html$"],
        "listing": {"article_links": ["div.item a"]},
    }
    html = '<div class="item"><a href="/x/ngan-1.html">Ngắn</a></div><a href="/y/khong-phai-bai-viet">Một liên kết dài nhưng không phải bài viết</a>'
    assert find_article_links(html, "http://h/list", family=family) == ["http://h/x/ngan-1.html"]


def test_next_page_by_number_and_by_words():
    assert (
        find_next_page(LISTING, "http://h/chuyen-doi-so?page=1") == "http://h/chuyen-doi-so?page=2"
    )
    assert (
        find_next_page(LISTING, "http://h/chuyen-doi-so?page=2") == "http://h/chuyen-doi-so?page=3"
    )
    assert find_next_page(LISTING, "http://h/chuyen-doi-so?page=3") is None
    html = '<a href="/category/tin-tuc/page/3/">Trang sau</a>'
    assert (
        find_next_page(html, "http://h/category/tin-tuc/page/2/")
        == "http://h/category/tin-tuc/page/3/"
    )
    assert find_next_page('<link rel="next" href="/p/5">', "http://h/p/4") == "http://h/p/5"


def test_next_page_words_with_decomposed_marks():
    # windows-1258 decodes to decomposed marks; some pages write them as character references.
    cp1258 = "<p><a href='/tin-tuc.htm?trang=2'>Ti\u00ea\u0301p</a></p>"
    assert find_next_page(cp1258, "http://h/tin-tuc.htm") == "http://h/tin-tuc.htm?trang=2"
    refs = "<div><a class='btn-more' href='tin-tuc?PageIndex=2'>Xem the&#770;m</a></div>"
    assert find_next_page(refs, "http://h/web/tin-tuc") == "http://h/web/tin-tuc?PageIndex=2"


def test_page_numbers_in_family_url_shapes():
    assert (
        current_page_number("http://h/mic_2020/Pages/ChuyenMuc/PhanTrang/1753/4/Chuyen-doi-so.html")
        == 4
    )
    assert (
        current_page_number("http://h/web/guest/tin?_x_WAR_CmsViewEcoITportlet_cur=3&_delta=5") == 3
    )
    assert current_page_number("http://h/category/tin-tuc/") == 1


def test_article_url_shapes():
    assert looks_like_article_url(
        "https://mst.gov.vn/cu-bat-tay-ong-lon-cong-nghe-197251104085210147.htm"
    )
    assert looks_like_article_url(
        "https://baoangiang.com.vn/chuyen-minh-so-hoa-but-pha-tu-goc-a423472.html"
    )
    assert looks_like_article_url(
        "https://backancity.gov.vn/hoi-nghi-truc-tuyen-tuyen-truyen-ve-chuyen-doi-so/"
    )
    assert not looks_like_article_url("https://ict.thainguyen.gov.vn/tag/bac-kan")
    assert not looks_like_article_url("https://baochinhphu.vn/rss/home.rss")
    assert not looks_like_article_url("https://hanam.gov.vn/")


def test_feed_and_sitemap_parsing():
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
    <item><title>Phi\xc3\xaan h\xe1\xbb\x8dp</title><link>http://h/a-1.htm</link></item>
    <item><title>B</title><link>http://h/b-2.htm</link></item></channel></rss>"""
    assert [e["url"] for e in parse_feed(rss)] == ["http://h/a-1.htm", "http://h/b-2.htm"]
    assert parse_feed(rss)[0]["title"] == "Phiên họp"
    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>http://h/a-1.htm</loc><lastmod>2023-07-12</lastmod></url></urlset>"""
    assert parse_sitemap(urlset) == (
        "urlset",
        [{"url": "http://h/a-1.htm", "lastmod": "2023-07-12"}],
    )
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>http://h/sitemap-1.xml</loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index)[0] == "sitemapindex"
    assert parse_sitemap(b"not xml at all")[1] == []


def test_google_news_sitemap_entries_carry_publication_date_and_title():
    # <news:publication_date> and <news:title> sit one level under <url>, in another namespace.
    news = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://h/a-1.htm</loc><news:news><news:publication><news:name>Cổng TTĐT</news:name>
<news:language>vi</news:language></news:publication>
<news:publication_date>2023-07-12T08:30:00+07:00</news:publication_date>
<news:title>Phiên họp  thứ 2</news:title></news:news></url>
<url><loc>http://h/b-2.htm</loc><lastmod>2023-07-11</lastmod></url></urlset>""".encode()
    kind, entries = parse_sitemap(news)
    assert kind == "urlset"
    assert entries == [
        {
            "url": "http://h/a-1.htm",
            "lastmod": None,
            "published": "2023-07-12T08:30:00+07:00",
            "title": "Phiên họp thứ 2",
        },
        {"url": "http://h/b-2.htm", "lastmod": "2023-07-11"},
    ]


def test_block_pages():
    assert looks_blocked(403, "<html>anything</html>")
    assert looks_blocked(429, "")
    assert looks_blocked(200, "<html><body><h1>Access Denied</h1>Request rejected</body></html>")
    assert not looks_blocked(
        200, "<html><body>" + "Nội dung bài viết dài. " * 200 + "</body></html>"
    )
    assert not looks_blocked(200, "<p>Chuyển đổi số</p>")


def test_a_stray_closing_html_tag_does_not_hide_the_listing():
    # Broken CMS templates close <html> before <head>; libxml2 then drops everything after it.
    broken = LISTING.replace("<html><body>", '<html lang="vi">\n</html>\n<body>', 1)
    base = "http://127.0.1.6:8480/chuyen-doi-so"
    expected = find_article_links(LISTING, base, allowed_hosts={"127.0.1.6"})
    assert expected
    assert find_article_links(broken, base, allowed_hosts={"127.0.1.6"}) == expected
    assert find_article_links(broken.encode(), base, allowed_hosts={"127.0.1.6"}) == expected
    assert find_next_page(broken, base) == find_next_page(LISTING, base) is not None
