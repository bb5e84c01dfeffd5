"""The generator: deterministic, truth consistent with the pages, every feature drawn across seeds 0–49."""

from __future__ import annotations

import html
import re
import unicodedata

from replica.generator import Site, generate_site
from replica.generator.dates import FORMATS
from replica.generator.reach import reachable
from replica.generator.score import url_key
from replica.generator.style import (
    AUTHORS,
    DUPLICATES,
    ENCODINGS,
    FAMILIES,
    FEED_DISCOVERY,
    LISTINGS,
    MARKUPS,
    PAGINATIONS,
    SITEMAPS,
    TITLE_TAGS,
    URL_SCHEMES,
)


def page_text(site: Site, path: str) -> str:
    """A page's text (tags dropped, entities decoded; no parser: some pages are broken on
    purpose), decoded by its declared charset and NFC-normalised."""
    res = site.resources[path]
    body = res.body.lstrip(b"\xef\xbb\xbf")
    charset = "cp1258" if b"windows-1258" in body[:600] else "utf-8"
    text = html.unescape(re.sub(r"<[^>]+>", " ", body.decode(charset)))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_same_seed_same_site() -> None:
    for seed in (0, 17, 123):
        a, b = generate_site(seed), generate_site(seed)
        assert a.truth() == b.truth()
        assert {p: r.body for p, r in a.resources.items()} == {
            p: r.body for p, r in b.resources.items()
        }


def test_different_seeds_differ() -> None:
    assert generate_site(1).truth() != generate_site(2).truth()


def test_truth_appears_on_the_article_page(sites: dict[int, Site]) -> None:
    for seed, site in sites.items():
        for art in site.articles:
            truth = art.truth()
            text = page_text(site, art.path)
            assert truth["title"] in text, (seed, art.path)
            for para in truth["body"]:
                for cell in para.split(" | "):  # a table row is its cells joined by " | "
                    assert cell in text, (seed, art.path, para)
            if truth["lead"]:
                assert truth["lead"] in text, (seed, art.path)
            if truth["author"]:
                raw = site.resources[art.path].body
                assert truth["author"] in text or truth["author"].encode() in raw, (seed, art.path)


def test_truth_dates_are_well_formed(sites: dict[int, Site]) -> None:
    for site in sites.values():
        for t in site.truth():
            if t["has_time"]:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", t["published_at"])
            else:
                assert re.fullmatch(r"\d{4}-\d\d-\d\d", t["published_at"])


def test_every_article_is_reachable_from_the_start_url(sites: dict[int, Site]) -> None:
    for seed, site in sites.items():
        seen = reachable(site)
        missing = [a.path for a in site.articles if url_key(a.path) not in seen]
        assert not missing, (seed, site.style.pagination, missing)


def test_titles_and_urls_are_unique_within_a_site(sites: dict[int, Site]) -> None:
    for site in sites.values():
        assert len({a.title for a in site.articles}) == len(site.articles)
        assert len({url_key(a.path) for a in site.articles}) == len(site.articles)


def test_every_feature_is_drawn_across_seeds_0_to_49(sites: dict[int, Site]) -> None:
    styles = [s.style for s in sites.values()]

    def drawn(attr: str) -> set:
        return {getattr(st, attr) for st in styles}

    assert drawn("family") == set(FAMILIES)
    assert drawn("url_scheme") == set(URL_SCHEMES)
    assert drawn("pagination") >= set(PAGINATIONS) | {"postback"}
    assert drawn("encoding") == set(ENCODINGS)
    assert drawn("listing") == set(LISTINGS)
    assert drawn("markup") == set(MARKUPS)
    assert drawn("author") == set(AUTHORS)
    assert drawn("sitemap") == set(SITEMAPS)
    assert drawn("feed") == {"none", "rss", "atom"}
    assert {d for st in styles for d in st.duplicates} == set(DUPLICATES)
    assert drawn("nfd") == {True, False}
    for flag in (
        "date_pair",
        "meta_utc",
        "comments",
        "related_inside",
        "broken_markup",
        "canonical",
    ):
        assert drawn(flag) == {True, False}, flag
    assert drawn("title_tag") == set(TITLE_TAGS)
    assert drawn("feed_discovery") == set(FEED_DISCOVERY)
    assert drawn("header_date") == {"none", "current", "stale"}
    assert {p for st in styles for p in st.extra_pages} == {
        "lich_cong_tac",
        "thu_vien_anh",
        "hoi_dap",
    }
    assert len(drawn("date_format")) >= len(FORMATS) * 2 // 3


def test_windows_1258_pages_use_combining_tone_marks(sites: dict[int, Site]) -> None:
    site = next(s for s in sites.values() if s.style.encoding == "cp1258")
    body = site.resources[site.articles[0].path].body
    assert b"\xec" in body or b"\xcc" in body or b"\xd2" in body  # combining acute, grave, hook
    text = body.decode("cp1258")
    assert unicodedata.normalize("NFC", text) != text


def test_non_article_pages_exist(sites: dict[int, Site]) -> None:
    for site in sites.values():
        kinds = {r.kind for r in site.resources.values()}
        assert {"article", "listing", "other"} <= kinds
        assert "/van-ban" in site.resources and "/lien-he" in site.resources
