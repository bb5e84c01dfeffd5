"""Seed regressions: the replica's seed pages extract to the seed text without its furniture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.extraction import extract_article
from crawler.text import nfc

SEEDS = Path(__file__).parent / "files" / "seeds"

# The furniture lines seeds/README.md names (a naive extractor left them in the seed text).
FURNITURE = {
    "Skip Ribbon Commands",
    "Skip to main content",
    "A A",
    "Tin theo lĩnh vực Chuyển đổi số",
    "Trung tâm một cửa hỗ trợ",
    "triển khai chính phủ điện tử",
    "Cục tin học hóa",
    "Bộ Thông tin & Truyền thông",
    "Cổng thông tin điện tử",
    "Cẩm nang chuyển đổi số",
    "www.dx.mic.gov.vn",
}
IMAGE_FILE = re.compile(r"^[\w.-]+\.(?:jpe?g|png|gif)$", re.IGNORECASE)
DATE_LINE = re.compile(r"^\d{2}/\d{2}/\d{4} - \d{2}:\d{2}$")
# Source credits printed before a lead (the truth stores the lead without them).
LEAD_PREFIX = re.compile(r"^(?:\(backancity\.gov\.vn\)-|-)\s*")


def words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", nfc(text))


def seed_lines(name: str, author: str | None) -> list[str]:
    out = []
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        line = nfc(line).strip()
        if not line or line in FURNITURE or IMAGE_FILE.match(line) or DATE_LINE.match(line):
            continue
        if line.endswith("...") and len(line) > 60 and not out:
            continue  # SharePoint's truncated page-title line above the real title
        if author and line == author:
            continue
        out.append(LEAD_PREFIX.sub("", line))
    return out


def seed_pages(pages):
    found = [p for p in pages if p.truth.get("seed")]
    if not found:
        pytest.skip("the replica has no seed articles")
    return found


def test_all_five_seeds_are_served(replica_run) -> None:
    served = sorted(p.truth["seed"] for p in seed_pages(replica_run.pages))
    files = sorted(x.name for x in SEEDS.glob("0*.txt"))
    assert served == files


@pytest.mark.parametrize("use_families", [True, False], ids=["families", "generic"])
def test_seed_text_is_extracted_exactly(replica_pages, use_families: bool) -> None:
    for page in seed_pages(replica_pages):
        art = extract_article(
            page.html, page.url, encoding=page.encoding, use_families=use_families
        )
        expected = seed_lines(page.truth["seed"], art.author)
        parts = [art.lead or "", art.body_text or ""]
        first = nfc(expected[0])
        if art.title and words(first) == words(art.title):
            parts.insert(0, art.title)  # seed 002 has no title line
        assert words("\n".join(parts)) == words("\n".join(expected)), page.url
        assert art.author == page.truth.get("author"), page.url
        assert art.published_at == page.truth.get("published_at"), page.url
