"""Offline regressions on saved replica pages (files/pages): one test per field, per page."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from crawler.extraction import detect_family, extract_article

PAGES = Path(__file__).parent / "files" / "pages"
IDS = sorted(p.stem for p in PAGES.glob("*.json"))
FIELDS = ("title", "published_at", "author", "lead", "body_text")


def load(page_id: str) -> tuple[bytes, dict]:
    return (PAGES / f"{page_id}.html").read_bytes(), json.loads(
        (PAGES / f"{page_id}.json").read_text(encoding="utf-8")
    )


def test_fixtures_cover_every_family() -> None:
    families = {load(i)[1]["family"] for i in IDS}
    assert {
        "sharepoint",
        "liferay",
        "numeric_timestamp_news",
        "news_a_id",
        "nukeviet",
        "wordpress",
    } <= families


@pytest.mark.parametrize("page_id", IDS)
@pytest.mark.parametrize("use_families", [True, False], ids=["families", "generic"])
@pytest.mark.parametrize("field", FIELDS)
def test_field(page_id: str, use_families: bool, field: str) -> None:
    html, expected = load(page_id)
    art = extract_article(html, expected["url"], use_families=use_families)
    assert getattr(art, field) == expected[field]


@pytest.mark.parametrize("page_id", IDS)
def test_family_detected_and_text_is_nfc(page_id: str) -> None:
    html, expected = load(page_id)
    assert detect_family(html.decode("utf-8"), expected["url"]) == expected["family"]
    art = extract_article(html, expected["url"])
    for value in (art.title, art.lead, art.body_text, art.author):
        assert value is None or unicodedata.is_normalized("NFC", value)
    assert art.canonical_url == expected["url"]


def test_images_and_captions_follow_the_body() -> None:
    html, expected = load("a001")
    art = extract_article(html, expected["url"])
    captions = [i.caption for i in art.images]
    assert captions and all(c in art.body_text.split("\n\n") for c in captions)
    assert all(i.src.startswith("http://127.0.1.5:8480/") for i in art.images)


def test_attachments_of_a_sharepoint_page() -> None:
    html, expected = load("a100")
    art = extract_article(html, expected["url"])
    want = expected["extras"]["attachments"]
    assert [(a.url.rsplit("/", 1)[1], a.title) for a in art.attachments] == [
        (w["file"], w["title"]) for w in want
    ]
