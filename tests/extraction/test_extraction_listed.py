"""A Google News sitemap's news:publication_date and news:title as evidence (``listed=``).

Precedence (docs/extraction.md): the page's own date stands; the sitemap's fills in where the page
gives none, gives a day without a time, or gives two different days (the sitemap's picks one); a
date printed on every page of the site (template furniture) never beats it.
"""

from __future__ import annotations

from crawler.extraction import extract_article, learn_from_page

BODY = "".join(
    f"<p>Đoạn {k}: hội nghị trực tuyến về chuyển đổi số được tổ chức tại điểm cầu tỉnh,"
    f" với các sở ngành và địa phương tham dự, bàn về nhiệm vụ số {k} của năm.</p>"
    for k in range(1, 5)
)
TITLE = "Phiên họp thứ hai của Ban Chỉ đạo chuyển đổi số tỉnh"
NEWS = {"published": "2024-03-12T01:15:00Z", "title": TITLE}  # 08:15 in Việt Nam


def page(dateline: str = "", head: str = "", title: str = TITLE, heading: bool = True) -> str:
    h1 = f"<h1>{title}</h1>" if heading else ""
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"<div class='main'>{h1}{dateline}<div class='content'>{BODY}</div></div></body></html>"
    )


def test_no_date_on_the_page_takes_the_sitemaps():
    assert extract_article(page(), "http://h/a-1.html").published_at is None
    article = extract_article(page(), "http://h/a-1.html", listed=NEWS)
    assert article.published_at == "2024-03-12T08:15:00+07:00"


def test_a_printed_day_takes_the_sitemaps_time_of_the_same_day():
    html = page("<p class='date'>Ngày 12/03/2024</p>")
    assert extract_article(html, "http://h/a-1.html").published_at == "2024-03-12"
    article = extract_article(html, "http://h/a-1.html", listed=NEWS)
    assert article.published_at == "2024-03-12T08:15:00+07:00"


def test_the_pages_own_date_stands_against_the_sitemap_alone():
    html = page("<p class='date'>10/03/2024 16:00</p>")
    article = extract_article(html, "http://h/a-1.html", listed=NEWS)
    assert article.published_at == "2024-03-10T16:00:00+07:00"


def test_two_dates_on_the_page_the_sitemap_picks_the_one_it_shares():
    # The printed line says the 10th, the page's metadata the 12th: the sitemap's 12th decides.
    meta = "<meta property='article:published_time' content='2024-03-12T08:15:00+07:00'>"
    html = page("<p class='date'>10/03/2024 16:00</p>", head=meta)
    assert extract_article(html, "http://h/a-1.html").published_at.startswith("2024-03-10")
    article = extract_article(html, "http://h/a-1.html", listed=NEWS)
    assert article.published_at == "2024-03-12T08:15:00+07:00"


def test_a_date_on_every_page_of_the_site_loses_to_the_sitemap():
    def dated_page(n: int) -> str:
        body = "".join(
            f"<p>Đoạn {k} của bài {n}, với các chi tiết riêng của bài số {n} và của đoạn {k},"
            " đủ dài để là một đoạn văn của một bài báo thật.</p>"
            for k in range(1, 5)
        )
        return (
            f"<html><head><meta charset='utf-8'><title>Bài số {n} về chuyển đổi số</title></head>"
            "<body><div class='top'><a href='/'>Cổng thông tin điện tử tỉnh</a></div>"
            "<div class='main'><div class='clock'>Thứ Bảy, 05/12/2026</div>"
            f"<h1>Bài số {n} về chuyển đổi số</h1><div class='content'>{body}</div></div>"
            "</body></html>"
        )

    template = None
    for n in range(1, 5):
        template = learn_from_page(template, dated_page(n))
    url = "http://h/bai-0.html"
    # Without the sitemap the clock is the only date there is (the page has no other).
    assert extract_article(dated_page(0), url, template=template).published_at == "2026-12-05"
    article = extract_article(dated_page(0), url, template=template, listed=NEWS)
    assert article.published_at == "2024-03-12T08:15:00+07:00"


SITE = "Cổng thông tin điện tử tỉnh"


def titled(head: str, printed: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'>{head}</head><body><div class='main'>"
        f"<h1 class='logo'>{SITE}</h1>{printed}<div class='content'>{BODY}</div></div></body></html>"
    )


def test_the_sitemaps_title_when_the_page_prints_it_under_a_logo_heading():
    html = titled(f"<title>{SITE}</title>", f"<div class='x'>{TITLE}</div>")
    assert extract_article(html, "http://h/a-1.html").title == SITE
    assert extract_article(html, "http://h/a-1.html", listed=NEWS).title == TITLE


def test_the_sitemaps_title_cuts_a_site_part_from_the_pages():
    for head in (f"<title>Cổng TTĐT tỉnh: {TITLE}</title>", f"<title>{TITLE} ~ Cổng TTĐT</title>"):
        assert extract_article(titled(head), "http://h/a-1.html").title != TITLE
        assert extract_article(titled(head), "http://h/a-1.html", listed=NEWS).title == TITLE


def test_a_sitemap_title_the_page_does_not_print_does_not_replace_the_pages():
    listed = {"title": "Một tiêu đề khác hẳn"}
    assert extract_article(page(), "http://h/a-1.html", listed=listed).title == TITLE


def test_unreadable_sitemap_values_are_ignored():
    article = extract_article(
        page(), "http://h/a-1.html", listed={"published": "soon", "title": " "}
    )
    assert article.published_at is None and article.title == TITLE
