"""Copies of an article (print, mobile/AMP, canonical-linked) never become a second row, also
when the copy turns up on a later night than the original, or before it (real crawls of a
loopback portal, night after night)."""

from __future__ import annotations

import sqlite_utils

from tests.support.cli import PARAGRAPH, crawl, listing_html, registry
from tests.support.portal import LoopbackPortal

STORIES = [
    "Hội nghị trực tuyến tổng kết chuyển đổi số của tỉnh năm 2024",
    "Phiên họp thứ hai của Ban Chỉ đạo chuyển đổi số tỉnh",
    "Tập huấn kỹ năng số cho cán bộ cấp xã trên địa bàn tỉnh",
]


def path(n: int) -> str:
    return f"/tin/bai-viet-chuyen-doi-so-so-{n}-1234{n}.html"


def body(n: int) -> str:
    return "".join(f"<p>{PARAGRAPH * 3} Bài số {n}, đoạn {k}.</p>" for k in range(4))


def story(n: int) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{STORIES[n]}</title>"
        "<meta property='article:published_time' content='2024-05-06T08:00:00+07:00'></head>"
        "<body><div class='menu'><a href='/'>Trang chủ</a> <a href='/tin-tuc'>Tin tức</a></div>"
        f"<h1>{STORIES[n]}</h1><div class='content'>{body(n)}</div>"
        "<div class='foot'>Cơ quan chủ quản: UBND tỉnh An Giang</div></body></html>"
    )


def print_copy(n: int, canonical: str | None = None) -> str:
    """The print layout: no menus, the same story; a canonical link only when given."""
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    return (
        f"<html><head><meta charset='utf-8'><title>{STORIES[n]}</title>{link}</head>"
        f"<body onload='window.print()'><div class='noi-dung-in'><h1>{STORIES[n]}</h1>"
        f"<p>06/05/2024 08:00</p>{body(n)}</div></body></html>"
    )


def feed(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
    )


def rows(db) -> list[str]:
    return sorted(r["url"] for r in sqlite_utils.Database(db).query("select url from articles"))


def test_a_print_copy_found_a_night_later_is_no_second_row(tmp_path):
    db = tmp_path / "govmon.db"
    with LoopbackPortal() as site:
        reg = registry(tmp_path, site, feeds=f"['{site.base}/rss']")
        site.routes["/tin-tuc"] = (200, {}, listing_html([(path(n), STORIES[n]) for n in range(3)]))
        site.routes["/rss"] = (200, {"Content-Type": "application/rss+xml"}, feed(site.base, []))
        for n in range(3):
            site.routes[path(n)] = (200, {}, story(n))
            site.routes[f"/portal/pages/print.aspx?p=1234{n}"] = (200, {}, print_copy(n))
        crawl(reg, db)
        assert rows(db) == sorted(site.base + path(n) for n in range(3))
        # Night 2: the feed now links the print copies (no canonical link on them).
        copies = [f"/portal/pages/print.aspx?p=1234{n}" for n in range(3)]
        site.routes["/rss"] = (
            200,
            {"Content-Type": "application/rss+xml"},
            feed(site.base, copies),
        )
        crawl(reg, db)
        assert rows(db) == sorted(site.base + path(n) for n in range(3))
        # Night 3: the copies are known addresses of the stored stories, not fetched again.
        before = sum(site.hits(c) for c in copies)
        assert before == 3
        crawl(reg, db)
        assert sum(site.hits(c) for c in copies) == before
    assert rows(db) == sorted(site.base + path(n) for n in range(3))


def test_a_copy_stored_first_gives_way_to_the_article_its_canonical_link_names(tmp_path):
    db = tmp_path / "govmon.db"
    with LoopbackPortal() as site:
        reg = registry(tmp_path, site, feeds=f"['{site.base}/rss']")
        mobile = [f"/m/bai-viet-chuyen-doi-so-so-{n}-1234{n}.html" for n in range(3)]
        for n in range(3):
            site.routes[path(n)] = (200, {}, story(n))
            site.routes[mobile[n]] = (200, {}, print_copy(n, canonical=site.base + path(n)))
        # Night 1: only the mobile copies are linked (the feed); the listing is empty.
        site.routes["/tin-tuc"] = (200, {}, listing_html([]))
        site.routes["/rss"] = (
            200,
            {"Content-Type": "application/rss+xml"},
            feed(site.base, mobile),
        )
        crawl(reg, db, check=False)
        first = rows(db)
        assert len(first) == 3
        # Night 2: the listing links the articles themselves.
        site.routes["/tin-tuc"] = (200, {}, listing_html([(path(n), STORIES[n]) for n in range(3)]))
        crawl(reg, db, check=False)
    assert rows(db) == sorted(site.base + path(n) for n in range(3))
    titles = sqlite_utils.Database(db).query("select title from articles order by title")
    assert sorted(r["title"] for r in titles) == sorted(STORIES)
