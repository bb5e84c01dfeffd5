"""The replica serves every portal: home, listings reaching every article, articles, robots, 404."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from replica.site import ALL_CATEGORY
from replica.store import load_portals
from replica.truth import load_truth

PORTAL_IDS = [p["id"] for p in load_portals()]
# Link texts of pagination controls in the families' listings ("next" or a page number).
PAGER_TEXT = re.compile(r"^(\d+|Trang sau|»|›|Sau »|Xem thêm|Tiếp|Cuối)$")


def _by_portal(rep) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for rec in rep.truth():
        out[rec["portal"]].append(rec)
    return out


def _visible(page: str) -> str:
    return unicodedata.normalize("NFC", html.unescape(page))


@pytest.mark.parametrize("pid", PORTAL_IDS)
def test_home_page_names_the_portal_and_links_categories(live_replica, http, pid):
    base = live_replica.base_urls[pid]
    res = http.fetch(base + "/")
    assert res.status == 200
    assert res.headers["Content-Type"].startswith("text/html")
    assert live_replica.portals[pid]["name"] in _visible(res.text)
    fam = live_replica.families[pid]
    links = set(http.main_links(res.text, base))
    for cat in live_replica.sites()[pid].categories:
        assert base + fam.listing_path(cat) in links


@pytest.mark.parametrize("pid", PORTAL_IDS)
def test_pagination_reaches_every_article_newest_first(live_replica, http, pid):
    base = live_replica.base_urls[pid]
    fam = live_replica.families[pid]
    by_cat = defaultdict(list)
    for rec in _by_portal(live_replica)[pid]:
        by_cat[rec["category"]].append(rec)
        by_cat[ALL_CATEGORY].append(rec)  # from the home page, pagination reaches everything
    if not by_cat:
        pytest.skip(f"no articles yet for {pid}")
    for cat, recs in by_cat.items():
        truth_urls = {r["url"] for r in recs}
        # The home page's pager continues into the all-articles listing.
        start = base + ("/" if cat == ALL_CATEGORY else fam.listing_path(cat))
        seen_pages, queue, found, first_page_articles = set(), [start], [], None
        while queue:
            url = queue.pop(0)
            if url in seen_pages:
                continue
            seen_pages.add(url)
            res = http.fetch(url)
            assert res.status == 200, url
            doc = lxml_html.fromstring(res.text)
            for aside in doc.xpath("//aside"):
                aside.drop_tree()
            doc.make_links_absolute(url)
            articles = [
                a.get("href") for a in doc.xpath("//a[@href]") if a.get("href") in truth_urls
            ]
            if first_page_articles is None:
                first_page_articles = articles
            found += articles
            for a in doc.xpath("//a[@href]"):
                if PAGER_TEXT.match((a.text_content() or "").strip()) and a.get("href").startswith(
                    base
                ):
                    queue.append(a.get("href"))
            assert len(seen_pages) < 100, "pagination does not end"
        assert truth_urls <= set(found), f"{pid}/{cat}: listings miss {truth_urls - set(found)}"
        newest = max(recs, key=lambda r: (r["published_at"] or "", r["id"]))
        assert first_page_articles and first_page_articles[0] == newest["url"]
        if len(recs) > fam.page_size:
            assert len(seen_pages) >= 2


@pytest.mark.parametrize("pid", PORTAL_IDS)
def test_every_article_page_shows_its_title_lead_and_body(live_replica, http, pid):
    for rec in _by_portal(live_replica)[pid]:
        res = http.fetch(rec["url"])
        assert res.status == 200, rec["url"]
        page = _visible(res.text)
        title = (
            rec["extras"].get("raw_title")
            if isinstance(rec["extras"].get("raw_title"), str)
            else rec["title"]
        )
        assert unicodedata.normalize("NFC", title) in page, rec["id"]
        if rec["lead"]:
            assert rec["lead"] in page, rec["id"]
        for para in rec["body_text"].split("\n\n")[:3]:
            # A table row's paragraph is its cells joined by " | ": each cell is on the page.
            for part in para.split(" | "):
                assert part in page, (rec["id"], part[:60])


def test_truth_urls_match_load_truth(live_replica):
    from_files = {r["id"]: r for r in load_truth(live_replica.base_urls)}
    served = {r["id"]: r for r in live_replica.truth()}
    assert from_files.keys() == served.keys()
    for aid, rec in served.items():
        assert from_files[aid]["url"] == rec["url"]
        assert urlsplit(rec["url"]).hostname == live_replica.portals[rec["portal"]]["host"]
        assert rec["body_text"] == unicodedata.normalize("NFC", rec["body_text"])


@pytest.mark.parametrize("pid", PORTAL_IDS)
def test_robots_disallows_a_path_the_site_links_to(live_replica, http, pid):
    base = live_replica.base_urls[pid]
    robots = http.fetch(base + "/robots.txt")
    assert robots.status == 200
    disallowed = [
        line.split(":", 1)[1].strip()
        for line in robots.text.splitlines()
        if line.startswith("Disallow:")
    ]
    assert disallowed
    home_links = [urlsplit(u) for u in http.main_links(http.fetch(base + "/").text, base)]
    linked = [
        u
        for u in home_links
        if any((u.path + ("?" + u.query if u.query else "")).startswith(d) for d in disallowed)
    ]
    assert linked, f"{pid}: home links none of {disallowed}"
    target = linked[0].geturl()
    res = http.fetch(target)
    assert res.status == 200
    # A search or login page, not an article.
    assert not any(r["url"] == target for r in live_replica.truth())


@pytest.mark.parametrize("pid", PORTAL_IDS)
def test_unknown_paths_are_404_and_images_are_png(live_replica, http, pid):
    base = live_replica.base_urls[pid]
    assert http.fetch(base + "/khong-ton-tai-trang-nay-12345.html").status == 404
    img = http.fetch(base + "/uploads/anything/photo.jpg")
    assert img.status == 200 and img.body.startswith(b"\x89PNG")


def test_request_log_records_requests(live_replica, http):
    base = live_replica.base_urls["mic"]
    http.fetch(base + "/robots.txt", headers={"User-Agent": "govmon-test"})
    entries = [e for e in list(live_replica.request_log) if e[0] == "mic" and e[2] == "/robots.txt"]
    assert entries
    pid, method, path, status, headers = entries[-1]
    assert (method, status) == ("GET", 200)
    assert headers.get("User-Agent") == "govmon-test"
