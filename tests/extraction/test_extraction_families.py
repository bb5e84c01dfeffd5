"""families.yaml: its shape, detection of every replica page's family, URL patterns and listings."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

import lxml.html
import pytest

from crawler.extraction import detect_family, extract_article, load_families
from crawler.extraction.decode import decode_html
from crawler.extraction.families import compile_selector, is_article_url, select_first

FAMILIES = load_families()
REQUIRED = {"sharepoint", "liferay", "numeric_timestamp_news", "news_a_id", "nukeviet", "wordpress"}


def test_required_families_present() -> None:
    assert REQUIRED <= set(FAMILIES)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family_shape_and_selectors_compile(name: str) -> None:
    fam = FAMILIES[name]
    assert fam["detect"]["markers"], name
    for rx in fam["detect"].get("url") or []:
        re.compile(rx)
    assert fam["article_url_patterns"]
    for rx in fam["article_url_patterns"]:
        re.compile(rx)
    assert set(fam["listing"]) == {"article_links", "next_page"}
    assert set(fam["article"]) == {"title", "published", "author", "lead", "body", "drop"}
    for group in (fam["listing"], fam["article"]):
        for selectors in group.values():
            assert isinstance(selectors, list) and selectors
            for sel in selectors:
                compile_selector(sel)


def test_load_families_returns_a_copy() -> None:
    data = load_families()
    data["sharepoint"]["article"]["title"].clear()
    assert load_families()["sharepoint"]["article"]["title"]


def test_detection_from_real_signatures() -> None:
    sp = "<div id='s4-ribbonrow'><a class='ms-skip'>Skip Ribbon Commands</a></div><div class='ms-rtestate-field'></div>"
    assert detect_family(sp, "https://hanam.gov.vn/Pages/tin.aspx") == "sharepoint"
    nv = "<meta name='generator' content='NukeViet v4.5'><div class='news_column'><div id='news-bodyhtml'></div></div>"
    assert detect_family(nv, "https://dongnai.gov.vn/news/tin/a-123.html") == "nukeviet"
    assert detect_family("<html><body><p>plain</p></body></html>", "https://x.vn/a-1.html") is None


def test_detection_and_family_path_on_every_replica_page(replica_run) -> None:
    for page in replica_run.pages:
        family = replica_run.families[page.truth["portal"]]
        html = page.html.decode(page.encoding or "utf-8", "replace")
        assert detect_family(html, page.url) == family, page.url
        art = extract_article(page.html, page.url, encoding=page.encoding)
        assert art.cms_family == family
        assert art.extraction_method == f"family:{family}"


def test_article_url_patterns_match_every_replica_article(replica_run) -> None:
    for page in replica_run.pages:
        assert is_article_url(page.url, replica_run.families[page.truth["portal"]]), page.url


# ---- listing selectors on live replica listing pages ----------------------------------------
def _get(url: str) -> lxml.html.HtmlElement:
    with urllib.request.urlopen(url, timeout=20) as resp:  # noqa: S310 - loopback replica
        # The declared charset (windows-1258 on some portals), decoded as the crawler does.
        root = lxml.html.fromstring(decode_html(resp.read(), resp.headers.get_content_charset()))
    root.make_links_absolute(url)
    return root


def _listings(base: str, family: str) -> list[str]:
    """Category links of the home page (chuyển đổi số first), not articles, not search pages."""
    found: list[str] = []
    for a in _get(base + "/").iter("a"):
        href = urljoin(base + "/", a.get("href") or "").split("#")[0]
        if not href.startswith(base) or href.rstrip("/") == base or href in found:
            continue
        if is_article_url(href, family) or re.search(
            r"(?i)tim-?kiem|search|/tag/|admin|rss|feed", href
        ):
            continue
        found.append(href)
    return sorted(found, key=lambda h: "chuyen-doi-so" not in h.lower())[:4]


def test_listing_selectors_find_article_links(replica_run) -> None:
    server = pytest.importorskip("replica.server")
    with server.start_replica(port=0) as replica:
        for pid, base in replica.base_urls.items():
            family = replica.portals[pid]["family"]
            seen = 0
            for listing in _listings(base, family):
                try:
                    root = _get(listing)
                except urllib.error.HTTPError:  # "Giới thiệu" and similar links the replica lacks
                    continue
                links = select_first(root, FAMILIES[family]["listing"]["article_links"]) or []
                hrefs = [a.get("href") for a in links]
                assert all(is_article_url(h, family) for h in hrefs), (pid, listing, hrefs)
                seen += len(hrefs)
            assert seen, f"{pid}: no article links on its category pages"


# ---- families the replica does not imitate, on snippets with their real class names -----------
PARA = (
    "Ủy ban nhân dân tỉnh tổ chức hội nghị trực tuyến sơ kết công tác chuyển đổi số, với sự "
    "tham dự của lãnh đạo các sở, ban, ngành, địa phương và doanh nghiệp viễn thông."
)
SNIPPETS = {
    "vnportal": (
        "https://ninhbinh.gov.vn/tin-tuc/hoi-nghi-chuyen-doi-so-1234.html",
        "<div class='ArticleInMenu'><a href='/a-1.html'>Tin khác</a></div>"
        "<h1 class='ArticleHeader'>Hội nghị chuyển đổi số tỉnh</h1><div class='PostDate'>22/09/2022 15:15</div>"
        "<div class='ArticleSummary'>Sáng 22/9, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số.</div>"
        f"<div class='ArticleContent'><p>{PARA}</p><p>{PARA}</p></div>"
        "<img src='https://storage-vnportal.vnpt.vn/nbh-ubnd/1/a.jpg'>",
    ),
    "tandan_sharepoint": (
        "https://dienbien.gov.vn/Pages/hoi-nghi-chuyen-doi-so-123.aspx",
        "<div class='tandan-title-view'>Hội nghị chuyển đổi số tỉnh</div>"
        "<div class='tandan-date-view'>Thứ tư, 01/12/2021 06:31</div>"
        f"<div class='tandan-content-view'><p>{PARA}</p><p>{PARA}</p></div>"
        "<div class='tandan-p-article-news-title'><a href='/Pages/x-1.aspx'>Tin khác</a></div>",
    ),
    "post2025_template": (
        "https://gialai.gov.vn/tin-tuc/hoi-nghi-chuyen-doi-so-5678.html",
        "<h1 class='title-detail'>Hội nghị chuyển đổi số tỉnh</h1><span class='post-date'>24/09/2025 | lượt xem: 120</span>"
        "<div class='article-brief'>Sáng 24/9, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số.</div>"
        f"<div class='article-content'><p>{PARA}</p><p>{PARA}</p></div>",
    ),
}


@pytest.mark.parametrize("family", sorted(SNIPPETS))
def test_registry_families_on_snippets(family: str) -> None:
    url, body = SNIPPETS[family]
    html = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    assert detect_family(html, url) == family
    art = extract_article(html, url)
    assert art.extraction_method == f"family:{family}"
    assert art.title == "Hội nghị chuyển đổi số tỉnh"
    assert art.body_text == f"{PARA}\n\n{PARA}"
    assert art.published_at and art.published_at[:4] in ("2021", "2022", "2025")
