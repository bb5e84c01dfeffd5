"""One set of URL rules per CMS family serves the real portals and the replica alike.

The real URLs are article and listing addresses recorded in ../shared/registry-research.yaml
(evidence of the real sites); the replica's are its ground truth and its registry's start URLs.
"""

from __future__ import annotations

import pytest
import yaml

from crawler.discovery import looks_like_article_url
from crawler.extraction.families import load_families
from replica import default_base_urls, load_truth, registry_yaml

FAMILIES = load_families()

# Article pages of real portals, by family (registry-research.yaml evidence_urls).
REAL_ARTICLES = {
    "numeric_timestamp_news": [
        "https://mst.gov.vn/cu-bat-tay-ong-lon-cong-nghe-197251104085210147.htm",
        "https://baochinhphu.vn/chuyen-doi-so-kinh-te-so-co-the-dong-gop-toi-3-vao-gdp-102241229103042518.htm",
        "https://mic.gov.vn/chuyen-doi-so-nhanh-se-giup-thai-nguyen-thuc-hien-khat-vong-binh-yen-hanh-phuc-sung-tuc-va-phat-trien-197152195.htm",
    ],
    "sharepoint": [
        "https://mic.gov.vn/mic_2020/Pages/TinTuc/155861/Quang-Ninh-tren-hanh-trinh-tro-thanh-hinh-mau-chuyen-doi-so.html",
        "https://hanam.gov.vn/Pages/chuyen-doi-so-dong-luc-dua-ha-nam-buoc-vao-ky-nguyen-vuon-minh.aspx",
    ],
    "news_a_id": [
        "https://baoangiang.com.vn/chuyen-minh-so-hoa-but-pha-tu-goc-a423472.html",
        "https://baoangiang.com.vn/nu-nong-dan-xuat-sac-vung-bay-nui-an-giang-a465150.html",
    ],
    "nukeviet": [
        "http://ict.thainguyen.gov.vn/tin-hoat-dong-2/diem-sang-trong-phat-trien-chinh-phu-dien-tu-huong-toi-chinh-phu-so-207.html",
    ],
    "wordpress": [
        "https://backancity.gov.vn/hoi-nghi-truc-tuyen-tuyen-truyen-ve-chuyen-doi-so/",
    ],
    "liferay": [
        "https://bacninh.gov.vn/en/news/-/details/37632/khai-mac-le-hoi-en-ba-chua-kho-93458101",
    ],
}
# Listing and other non-article pages of real portals.
REAL_NOT_ARTICLES = {
    "numeric_timestamp_news": [
        "https://baochinhphu.vn/rss/home.rss",
        "https://mst.gov.vn/tin-tuc-su-kien/xem-theo-ngay-12-07-2023.htm",
    ],
    "sharepoint": [
        "https://www.mic.gov.vn/mic_2020/Pages/ChuyenMuc/PhanTrang/1753/10/Chuyen-doi-so.html"
    ],
    "nukeviet": ["https://ict.thainguyen.gov.vn/tag/bac-kan"],
    "liferay": ["https://danang.gov.vn/web/guest/chinh-quyen"],
}


@pytest.mark.parametrize("family", sorted(REAL_ARTICLES))
def test_real_article_urls_match_their_family(family):
    for url in REAL_ARTICLES[family]:
        assert looks_like_article_url(url, FAMILIES[family]), url


@pytest.mark.parametrize("family", sorted(REAL_NOT_ARTICLES))
def test_real_listing_urls_do_not(family):
    for url in REAL_NOT_ARTICLES[family]:
        assert not looks_like_article_url(url, FAMILIES[family]), url


def test_replica_pages_follow_the_same_rules():
    base_urls = default_base_urls(8480)
    registry = yaml.safe_load(registry_yaml(base_urls))
    family_of = {s["id"]: s["cms"] for s in registry["sources"]}
    families_seen = set()
    for record in load_truth(base_urls):
        family = family_of[record["portal"]]
        families_seen.add(family)
        assert looks_like_article_url(record["url"], FAMILIES[family]), record["url"]
    for source in registry["sources"]:
        for url in source["start_urls"]:
            assert not looks_like_article_url(url, FAMILIES[source["cms"]]), url
    # Every family the real registry relies on is exercised by the replica too.
    assert set(REAL_ARTICLES) <= families_seen
