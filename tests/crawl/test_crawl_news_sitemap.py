"""A Google News sitemap's publication dates and titles reach the stored articles (real crawl on
a loopback portal): pages that print no date of their own, only a clock on every page, get the
sitemap's time, whether the crawl reached them through the listing or the sitemap."""

from __future__ import annotations

import sqlite_utils

from tests.support.cli import PARAGRAPH, crawl, listing_html, registry
from tests.support.portal import LoopbackPortal

SITE = "Cổng thông tin điện tử tỉnh An Giang"
STORIES = [
    ("Hội nghị trực tuyến tổng kết chuyển đổi số của tỉnh năm 2024", "2024-12-20T09:30:00+07:00"),
    ("Phiên họp thứ hai của Ban Chỉ đạo chuyển đổi số tỉnh", "2024-11-05T14:10:00+07:00"),
    ("Tập huấn kỹ năng số cho cán bộ cấp xã trên địa bàn tỉnh", "2024-10-01T07:45:00+07:00"),
    ("Triển khai Đề án 06 tại bộ phận một cửa các huyện", "2024-09-15T16:00:00+07:00"),
]


def story(n: int) -> str:
    title = STORIES[n][0]
    body = "".join(f"<p>{PARAGRAPH * 3} Bài số {n}, đoạn {k}.</p>" for k in range(4))
    # No date of its own: only the header clock that every page of the site prints.
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='top'><a href='/'>{SITE}</a><span class='clock'>Thứ Bảy, 05/12/2026</span></div>"
        f"<div class='main'><h1>{title}</h1><div class='content'>{body}</div></div>"
        "<div class='foot'>Cơ quan chủ quản: UBND tỉnh An Giang</div></body></html>"
    )


def news_sitemap(base: str, stories: range) -> str:
    urls = "".join(
        f"<url><loc>{base}/tin/bai-viet-so-{n}-12345{n}.html</loc><news:news><news:publication>"
        f"<news:name>{SITE}</news:name><news:language>vi</news:language></news:publication>"
        # UTC, as many CMSes write it: the stored time is Việt Nam's.
        f"<news:publication_date>{STORIES[n][1][:10]}T{int(STORIES[n][1][11:13]) - 7:02d}"
        f"{STORIES[n][1][13:19]}Z</news:publication_date>"
        f"<news:title>{STORIES[n][0]}</news:title></news:news></url>"
        for n in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    )


def test_news_sitemap_dates_are_the_publication_dates(tmp_path):
    with LoopbackPortal() as site:
        # The listing links three stories; the fourth is only in the sitemap.
        site.routes["/tin-tuc"] = (
            200,
            {},
            listing_html(
                [(f"/tin/bai-viet-so-{n}-12345{n}.html", STORIES[n][0]) for n in range(3)]
            ),
        )
        for n in range(4):
            site.routes[f"/tin/bai-viet-so-{n}-12345{n}.html"] = (200, {}, story(n))
        site.routes["/robots.txt"] = (
            200,
            {"Content-Type": "text/plain"},
            f"User-agent: *\nSitemap: {site.base}/sitemap-news.xml\n",
        )
        site.routes["/sitemap-news.xml"] = (
            200,
            {"Content-Type": "application/xml"},
            news_sitemap(site.base, range(4)),
        )
        crawl(registry(tmp_path, site), tmp_path / "govmon.db")
    rows = sqlite_utils.Database(tmp_path / "govmon.db").query(
        "select url, title, published_at from articles order by url"
    )
    got = {r["url"].rsplit("/", 1)[1]: (r["title"], r["published_at"]) for r in rows}
    assert got == {f"bai-viet-so-{n}-12345{n}.html": STORIES[n] for n in range(4)}


def test_a_feed_nobody_announces_is_found_at_its_usual_address(tmp_path):
    # The listing shows one story and links no feed; WordPress-style /feed/ lists another.
    with LoopbackPortal() as site:
        first, second = "/tin/bai-viet-so-0-123450.html", "/tin/bai-viet-so-1-123451.html"
        site.routes["/tin-tuc"] = (200, {}, listing_html([(first, STORIES[0][0])]))
        site.routes[first] = (200, {}, story(0))
        site.routes[second] = (200, {}, story(1))
        site.routes["/feed/"] = (
            200,
            {"Content-Type": "application/rss+xml"},
            "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            f"<item><title>{STORIES[1][0]}</title><link>{site.base}{second}</link></item>"
            "</channel></rss>",
        )
        proc = crawl(registry(tmp_path, site), tmp_path / "govmon.db")
    urls = {r["url"] for r in sqlite_utils.Database(tmp_path / "govmon.db")["articles"].rows}
    assert urls == {site.base + first, site.base + second}
    # The addresses tried in vain (404) are no errors of the source.
    runs = list(
        sqlite_utils.Database(tmp_path / "govmon.db").query("select errors from source_runs")
    )
    assert runs and all(r["errors"] in (None, "[]") for r in runs), proc.stderr
