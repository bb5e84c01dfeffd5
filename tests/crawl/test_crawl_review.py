"""Review of the crawl layer: each test pins a bug found in it (tiny real HTTP servers on loopback)."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from crawler.discovery import find_article_links, find_next_page, lastmod_before
from tests.support.cli import article_html, crawl, govmon, listing_html, registry, stored_urls
from tests.support.portal import LoopbackPortal


@pytest.fixture
def site(portal):
    return portal  # tests/conftest.py: robots.txt allows all


# -- pure discovery -------------------------------------------------------------------------


def test_article_links_are_escaped_like_the_requests_scrapy_sends():
    html = listing_html(
        [
            (
                "/tin-tức/hội-nghị-chuyển-đổi-số-của-tỉnh-123.html",
                "Hội nghị chuyển đổi số của tỉnh năm 2024",
            )
        ]
    )
    links = find_article_links(html, "http://portal.test/tin-tuc")
    assert links == [
        "http://portal.test/tin-t%E1%BB%A9c/h%E1%BB%99i-ngh%E1%BB%8B-chuy%E1%BB%83n-"
        "%C4%91%E1%BB%95i-s%E1%BB%91-c%E1%BB%A7a-t%E1%BB%89nh-123.html"
    ]


def test_a_next_link_back_to_an_earlier_page_is_not_followed():
    html = "<html><head><link rel='next' href='/tin-tuc?page=1'></head><body></body></html>"
    assert find_next_page(html, "http://portal.test/tin-tuc?page=3") is None
    # An opaque next URL (no page number in it) is still followed from page 1.
    html = "<html><head><link rel='next' href='/tin-tuc/more'></head><body></body></html>"
    assert find_next_page(html, "http://portal.test/tin-tuc") == "http://portal.test/tin-tuc/more"


def test_links_and_next_page_follow_base_href():
    html = (
        "<html><head><base href='http://portal.test/vi/tin-tuc/'></head><body><ul class='list'>"
        "<li><a href='hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html'>"
        "Hội nghị chuyển đổi số của tỉnh năm 2024</a></li></ul>"
        "<a href='?page=2'>2</a></body></html>"
    )
    assert find_article_links(html, "http://portal.test/tin-tuc") == [
        "http://portal.test/vi/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    ]
    assert (
        find_next_page(html, "http://portal.test/tin-tuc")
        == "http://portal.test/vi/tin-tuc/?page=2"
    )


def test_page_index_query_variants_are_numbered_pages():
    html = (
        "<html><body><div class='paging'><a href='?PageIndex=1'>1</a><a href='?PageIndex=2'>2</a>"
        "<a href='?PageIndex=3'>3</a></div></body></html>"
    )
    assert (
        find_next_page(html, "http://portal.test/tin-tuc?PageIndex=2")
        == "http://portal.test/tin-tuc?PageIndex=3"
    )


@pytest.mark.parametrize(
    "lastmod, since, before",
    [
        ("2023-12-31", "2024-01-01", True),
        ("2024-01-01", "2024-01-01", False),
        ("2023-12-31T20:00:00Z", "2024-01-01", False),  # 03:00 on 1 January in Việt Nam
        ("2023-12-31T20:00:00+07:00", "2024-01-01", True),
        ("05/01/2024", "2024-01-01", False),  # dd/mm/yyyy, as some portals write it
        ("2024-1-5", "2024-01-10", True),
        ("not a date", "2024-01-01", False),  # unknown: fetch it and let the page decide
        (None, "2024-01-01", False),
    ],
)
def test_sitemap_lastmod_formats_against_since(lastmod, since, before):
    assert lastmod_before(lastmod, since) is before


# -- through Scrapy -------------------------------------------------------------------------


def test_unicode_article_urls_are_known_on_the_next_crawl(tmp_path, site):
    path = "/tin-tức/hội-nghị-chuyển-đổi-số-của-tỉnh-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    reg, db = registry(tmp_path, site), tmp_path / "g.db"
    crawl(reg, db)
    assert len(stored_urls(db)) == 1
    # The next night the listing has one more article: the stored one must not be fetched again.
    other = "/tin-tức/hội-nghị-sơ-kết-chuyển-đổi-số-quý-một-124.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html(
            [
                (other, "Hội nghị sơ kết chuyển đổi số quý một"),
                (path, "Hội nghị chuyển đổi số của tỉnh năm 2024"),
            ]
        ),
    )
    site.routes[other] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    crawl(reg, db, "--set", "GOVMON_EDIT_WINDOW_DAYS=0")
    assert len(stored_urls(db)) == 2
    assert site.hits(path) == 1, site.log


def test_a_304_for_an_article_not_in_the_database_does_not_lose_it(tmp_path, site):
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    reg, db = registry(tmp_path, site), tmp_path / "g.db"
    # A backfill from a later date fetches the article (its ETag is remembered) but stores nothing.
    crawl(reg, db, "--backfill", "--since", "2030-01-01")
    assert stored_urls(db) == set()
    # A later nightly crawl meets it again (the listing has a new article on top): both are stored.
    other = "/tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-quy-mot-124.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html(
            [
                (other, "Hội nghị sơ kết chuyển đổi số quý một"),
                (path, "Hội nghị chuyển đổi số của tỉnh năm 2024"),
            ]
        ),
    )
    site.routes[other] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    crawl(reg, db)
    assert stored_urls(db) == {site.base + path, site.base + other}


def test_a_db_path_in_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path, site):
    site.routes["/tin-tuc"] = (200, {}, listing_html([]))
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    db = blocker / "sub" / "g.db"
    proc = crawl(registry(tmp_path, site), db, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert str(blocker / "sub") in proc.stderr.replace("\n", "")
    assert site.log == []


def test_a_since_that_is_not_a_date_is_a_usage_error(tmp_path, site):
    proc = crawl(
        registry(tmp_path, site),
        tmp_path / "g.db",
        "--backfill",
        "--since",
        "01/02/2024",
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "--since" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "g.db").exists()


def test_robots_txt_answering_5xx_disallows_and_a_missing_one_allows(tmp_path, site):
    # RFC 9309 2.3.1.4: a robots.txt unreachable through a server error means "disallow everything";
    # Scrapy parses the 503 error page as an empty robots.txt and crawls the whole site.
    # A missing robots.txt (404) allows everything.
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    missing = LoopbackPortal()
    try:
        for server in (site, missing):
            server.routes["/tin-tuc"] = (
                200,
                {},
                listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
            )
            server.routes[path] = (
                200,
                {},
                article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"),
            )
        site.routes["/robots.txt"] = (503, {}, "<html><body>Service Unavailable</body></html>")
        reg = tmp_path / "two.yaml"
        reg.write_text(
            "sources:\n"
            f"  - id: down\n    name: Down\n    province: An Giang\n    start_urls: ['{site.base}/tin-tuc']\n    allow_private_network: true\n"
            f"  - id: open\n    name: Open\n    province: An Giang\n    start_urls: ['{missing.base}/tin-tuc']\n    allow_private_network: true\n",
            encoding="utf-8",
        )
        db = tmp_path / "g.db"
        proc = crawl(reg, db, check=False)
    finally:
        missing.stop()
    # The crawl says which source failed, and exits 1 for it.
    assert proc.returncode == 1 and "1 of 2 sources failed: down" in proc.stderr
    assert [p for p in site.log if p != "/robots.txt"] == []
    assert stored_urls(db) == {missing.base + path}
    run = next(
        sqlite_utils.Database(db).query(
            "select errors, responses_by_status, status, reason "
            "from source_runs where source_id = 'down'"
        )
    )
    assert "robots.txt" in run["errors"] and "503" in run["errors"], run
    # The monitor sees the portal's one answer, a 5xx, and says so.
    assert json.loads(run["responses_by_status"]) == {"503": 1}
    assert run["status"] == "failing" and "5xx" in run["reason"], run


def test_a_next_link_back_to_the_start_url_does_not_fetch_it_again(tmp_path, site):
    a = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    b = "/tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-quy-mot-124.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(a, "Hội nghị chuyển đổi số của tỉnh năm 2024")]).replace(
            "</ul>", "</ul><a href='/tin-tuc/trang-2'>Trang sau</a>"
        ),
    )
    # Page 2's "next" wraps around to the first page, as some portals' last page does.
    site.routes["/tin-tuc/trang-2"] = (
        200,
        {},
        listing_html([(b, "Hội nghị sơ kết chuyển đổi số quý một")]).replace(
            "</ul>", "</ul><a rel='next' href='/tin-tuc'>Trang sau</a>"
        ),
    )
    site.routes[a] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    site.routes[b] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    db = tmp_path / "g.db"
    crawl(registry(tmp_path, site), db)
    assert len(stored_urls(db)) == 2
    assert site.hits("/tin-tuc") == 1 and site.hits("/tin-tuc/trang-2") == 1, site.log


def test_a_gzipped_sitemap_from_an_index_and_a_utc_lastmod_on_the_since_date(tmp_path, site):
    import gzip

    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-dau-nam-moi-cua-tinh-456.html"
    site.routes["/tin-tuc"] = (200, {}, listing_html([]))
    site.routes[path] = (
        200,
        {},
        article_html("Hội nghị chuyển đổi số đầu năm mới của tỉnh", "2024-01-01T06:00:00+07:00"),
    )
    site.routes["/sitemap.xml"] = (
        200,
        {"Content-Type": "application/xml"},
        (
            "<?xml version='1.0' encoding='UTF-8'?>"
            "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{site.base}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>"
        ),
    )
    # 23:30 UTC on 31 December is 06:30 on 1 January in Việt Nam: on the --since date, not before.
    urlset = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{site.base}{path}</loc><lastmod>2023-12-31T23:30:00Z</lastmod></url></urlset>"
    )
    site.routes["/sitemap-news.xml.gz"] = (
        200,
        {"Content-Type": "application/x-gzip"},
        gzip.compress(urlset.encode("utf-8")),
    )
    db = tmp_path / "g.db"
    proc = crawl(
        registry(tmp_path, site, sitemaps=f"['{site.base}/sitemap.xml']"),
        db,
        "--backfill",
        "--since",
        "2024-01-01",
        check=False,
    )
    assert stored_urls(db) == {site.base + path}
    # Found through the sitemap only: the empty listing is still the operator's problem.
    assert proc.returncode == 1 and "source site: no_links: " in proc.stderr


def test_a_takedown_that_redirects_to_a_404_page_is_marked(tmp_path, site):
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    today = __import__("datetime").date.today().isoformat()
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024", today))
    reg, db = registry(tmp_path, site), tmp_path / "g.db"
    crawl(reg, db)
    # Taken down: the portal now sends the article's URL to its "not found" page.
    site.routes[path] = (302, {"Location": "/loi-404"}, "")
    site.routes["/loi-404"] = (404, {}, "<html><body>Không tìm thấy trang</body></html>")
    crawl(reg, db)
    row = next(sqlite_utils.Database(db).query("select url, removed_at, http_status from articles"))
    assert row["url"] == site.base + path
    assert row["removed_at"] and row["http_status"] == 404, row


def test_a_broken_source_neither_stops_the_others_nor_prints_a_traceback(tmp_path, site):
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    # Source "pdf" lists a PDF as its start URL, "gone" a start URL that is 404, "down" one that is 500.
    site.routes["/van-ban.pdf"] = (
        200,
        {"Content-Type": "application/pdf"},
        b"%PDF-1.4\n\x00\x01\x02 binary \xff\xfe",
    )
    site.routes["/loi-may-chu"] = (500, {}, "<html><body>Internal Server Error</body></html>")
    reg = tmp_path / "three.yaml"
    reg.write_text(
        "sources:\n"
        f"  - id: pdf\n    name: Pdf\n    province: An Giang\n    start_urls: ['{site.base}/van-ban.pdf']\n    allow_private_network: true\n"
        f"  - id: gone\n    name: Gone\n    province: An Giang\n    start_urls: ['{site.base}/khong-con']\n    allow_private_network: true\n"
        f"  - id: good\n    name: Good\n    province: An Giang\n    start_urls: ['{site.base}/tin-tuc']\n    allow_private_network: true\n"
        f"  - id: down\n    name: Down\n    province: An Giang\n    start_urls: ['{site.base}/loi-may-chu']\n    allow_private_network: true\n",
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    proc = govmon(
        "crawl", "--sources", str(reg), "--db", str(db), "--fast", "--no-analyse", check=False
    )
    assert stored_urls(db) == {site.base + path}
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    # The run exits 1 and names the sources that failed (an empty PDF "listing" is not one).
    assert proc.returncode == 1 and "2 of 4 sources failed: down, gone" in proc.stderr
    errors = {
        r["source_id"]: r["errors"]
        for r in sqlite_utils.Database(db).query("select source_id, errors from source_runs")
    }
    assert "van-ban.pdf" in errors["pdf"] and "khong-con" in errors["gone"], errors
    assert "500" in errors["down"] and "loi-may-chu" in errors["down"], errors


def test_a_malformed_link_does_not_lose_the_rest_of_the_listing(tmp_path, site):
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html(
            [
                (
                    "http://[portal/tin-tuc/bai-viet-loi-dinh-dang-lien-ket-1.html",
                    "Bài viết có liên kết sai định dạng",
                ),
                (
                    "http://127.0.0.1:99999/tin-tuc/bai-viet-sai-cong-mang-nua-2.html",
                    "Bài viết có cổng mạng sai",
                ),
                (path, "Hội nghị chuyển đổi số của tỉnh năm 2024"),
            ]
        ).replace("</ul>", "</ul><a href='http://[x/trang-2'>Trang sau</a>"),
    )
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    db = tmp_path / "g.db"
    proc = govmon(
        "crawl",
        "--sources",
        str(registry(tmp_path, site)),
        "--db",
        str(db),
        "--fast",
        "--no-analyse",
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert stored_urls(db) == {site.base + path}


def test_feed_entries_relative_offsite_and_broken(tmp_path, site):
    a = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    b = "/tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-quy-mot-124.html"
    site.routes["/tin-tuc"] = (200, {}, listing_html([]))
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        (
            "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Tin</title>"
            f"<item><title>Một</title><link>{a}</link></item>"  # relative
            f"<item><title>Hai</title><link>{site.base}{b}</link></item>"  # absolute
            "<item><title>Ba</title><link>https://baomoi.example/tin-khac-ngoai-trang-3.html</link></item>"
            "<item><title>Bốn</title><link>javascript:void(0)</link></item>"
            "</channel></rss>"
        ),
    )
    site.routes[a] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    site.routes[b] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    db = tmp_path / "g.db"
    proc = crawl(registry(tmp_path, site, feeds=f"['{site.base}/rss.xml']"), db, check=False)
    assert stored_urls(db) == {site.base + a, site.base + b}
    assert proc.returncode == 1 and "feeds and sitemaps still gave 4" in proc.stderr
    run = next(sqlite_utils.Database(db).query("select extra, errors from source_runs"))
    assert json.loads(run["extra"])["offsite_filtered"] == 1 and json.loads(run["errors"]) == [], (
        run
    )


def test_an_unreachable_portal_is_an_error_of_its_source_not_a_traceback(tmp_path, site):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(path, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    reg = tmp_path / "two.yaml"
    reg.write_text(
        "sources:\n"
        f"  - id: down\n    name: Down\n    province: An Giang\n    start_urls: ['http://127.0.0.1:{port}/tin-tuc']\n    allow_private_network: true\n"
        f"  - id: good\n    name: Good\n    province: An Giang\n    start_urls: ['{site.base}/tin-tuc']\n    allow_private_network: true\n",
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    proc = govmon(
        "crawl", "--sources", str(reg), "--db", str(db), "--fast", "--no-analyse", check=False
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 1 and "1 of 2 sources failed: down" in proc.stderr
    assert stored_urls(db) == {site.base + path}
    errors = {
        r["source_id"]: r["errors"]
        for r in sqlite_utils.Database(db).query("select source_id, errors from source_runs")
    }
    assert f"127.0.0.1:{port}/tin-tuc" in errors["down"] and "refused" in errors["down"].lower(), (
        errors
    )


def _pages(site: LoopbackPortal, count: int = 3) -> list[str]:
    """A listing of ``count`` pages (/tin-tuc, ?trang=2, ...), one article on each."""
    paths = [
        f"/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-so-{n}-{100 + n}.html" for n in range(count)
    ]
    for n, path in enumerate(paths):
        page = "/tin-tuc" if n == 0 else f"/tin-tuc?trang={n + 1}"
        nxt = f"<a href='/tin-tuc?trang={n + 2}'>Trang sau</a>" if n < count - 1 else ""
        site.routes[page] = (
            200,
            {},
            listing_html([(path, f"Hội nghị chuyển đổi số của tỉnh số {n}")]).replace(
                "</ul>", f"</ul>{nxt}"
            ),
        )
        site.routes[path] = (200, {}, article_html(f"Hội nghị chuyển đổi số của tỉnh số {n}"))
    return paths


def test_the_listing_page_cap_is_reported_and_backfill_pages_to_the_end(tmp_path, site):
    paths = _pages(site)
    reg = registry(tmp_path, site)
    capped, full = tmp_path / "capped.db", tmp_path / "full.db"
    crawl(reg, capped, "--set", "GOVMON_MAX_LISTING_PAGES=1")
    assert stored_urls(capped) == {site.base + paths[0]}
    run = next(sqlite_utils.Database(capped).query("select extra, errors from source_runs"))
    assert json.loads(run["extra"])["listing_page_cap_hits"] == 1, run
    assert "GOVMON_MAX_LISTING_PAGES" in run["errors"], run
    # --backfill means "page listings to the end": the nightly cap does not apply.
    crawl(reg, full, "--backfill", "--set", "GOVMON_MAX_LISTING_PAGES=1")
    assert stored_urls(full) == {site.base + p for p in paths}


def test_a_redirected_article_is_known_on_the_next_crawl(tmp_path, site):
    old = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    new = "/bai-viet/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html([(old, "Hội nghị chuyển đổi số của tỉnh năm 2024")]),
    )
    site.routes[old] = (301, {"Location": new}, "")
    site.routes[new] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    reg, db = registry(tmp_path, site), tmp_path / "g.db"
    crawl(reg, db)
    assert stored_urls(db) == {site.base + new}
    other = "/tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-quy-mot-124.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html(
            [
                (other, "Hội nghị sơ kết chuyển đổi số quý một"),
                (old, "Hội nghị chuyển đổi số của tỉnh năm 2024"),
            ]
        ),
    )
    site.routes[other] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    crawl(reg, db, "--set", "GOVMON_EDIT_WINDOW_DAYS=0")
    assert site.hits(old) == 1, site.log


def test_an_article_that_failed_is_fetched_again_although_its_listing_is_unchanged(tmp_path, site):
    a = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    b = "/tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-quy-mot-124.html"
    site.routes["/tin-tuc"] = (
        200,
        {},
        listing_html(
            [
                (b, "Hội nghị sơ kết chuyển đổi số quý một"),
                (a, "Hội nghị chuyển đổi số của tỉnh năm 2024"),
            ]
        ),
    )
    site.routes[a] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    site.routes[b] = (503, {}, "<html><body>Service Unavailable</body></html>")
    reg, db = registry(tmp_path, site), tmp_path / "g.db"
    first = crawl(reg, db, check=False)  # exit 1 when the health rules judge the 503 a failure
    assert first.returncode in (0, 1) and "Traceback" not in first.stderr
    assert stored_urls(db) == {site.base + a}
    # The next night the listing is byte for byte the same (it would answer 304), the article is back.
    site.routes[b] = (200, {}, article_html("Hội nghị sơ kết chuyển đổi số quý một"))
    crawl(reg, db)
    assert stored_urls(db) == {site.base + a, site.base + b}


def test_backfill_since_stops_paging_after_a_page_of_older_articles(tmp_path, site):
    paths = _pages(site, 5)
    # Newest first, as listings are: page 1 is recent, pages 2 to 5 are from before --since.
    dates = ("2024-05-06", "2020-03-01", "2019-02-01", "2018-01-01", "2017-01-01")
    for path, date in zip(paths, dates, strict=True):
        title = site.routes[path][2].split("<title>")[1].split("</title>")[0]
        site.routes[path] = (200, {}, article_html(title, date))
    db = tmp_path / "g.db"
    crawl(registry(tmp_path, site), db, "--backfill", "--since", "2024-01-01")
    assert stored_urls(db) == {site.base + paths[0]}
    # Page 2 is all older: nothing after it is read, whatever order the responses come back in
    # (the next page is asked for only once the page's articles are extracted).
    assert site.hits(paths[1]) == 1, site.log
    assert site.hits("/tin-tuc?trang=3") == 0, site.log
    assert not any(site.hits(path) for path in paths[2:]), site.log
    run = next(sqlite_utils.Database(db).query("select extra from source_runs"))
    assert json.loads(run["extra"])["since_stops"] == 1


def test_an_article_whose_connection_resets_is_retried_by_the_next_crawl(tmp_path, site):
    path = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
    site.routes["/tin-tuc"] = (200, {}, listing_html([(path, "Hội nghị chuyển đổi số năm 2024")]))
    site.routes[path] = (200, {}, article_html("Hội nghị chuyển đổi số của tỉnh năm 2024"))
    site.faults[path] = "reset"
    db, reg = tmp_path / "g.db", registry(tmp_path, site)
    crawl(reg, db, check=False)
    assert stored_urls(db) == set()
    errors = json.loads(
        next(sqlite_utils.Database(db).query("select errors from source_runs"))["errors"]
    )
    assert any(path in e for e in errors), errors
    # Repaired overnight: the listing is read again in full (not a 304), so the article comes in.
    del site.faults[path]
    crawl(reg, db)
    assert stored_urls(db) == {site.base + path}
    assert site.log.count("/tin-tuc") == 2
