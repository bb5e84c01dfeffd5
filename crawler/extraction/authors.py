"""Stage 5, metadata: the author, from structured data, "Tác giả:" lines, author classes and the
dated byline under the title (a helper of crawler.extraction.metadata's stage)."""

from __future__ import annotations

import re

from lxml import etree

from crawler.dates import find_full_dates
from crawler.extraction.blocks import clean_text
from crawler.extraction.metadata import meta_content
from crawler.extraction.printed import beside_a_story_link, elements_after, is_marked

_AUTHOR_PREFIX = re.compile(
    r"(?i)^(?:tác giả(?: bài viết)?|người viết|bài(?: và ảnh)?|tin(?:, ảnh)?|"
    r"by|phóng viên|pv|nguồn tin|nguồn)\s*[:：-]?\s*"
)


def clean_author(text: str | None) -> str | None:
    """ "Tác giả: Hoàng Quý" → "Hoàng Quý"; None when nothing name-like remains."""
    if not text:
        return None
    text = clean_text(text)
    text = _AUTHOR_PREFIX.sub("", text).strip(" -–—:,.()")
    if not text or len(text) > 80 or find_full_dates(text):
        return None
    return text


def author_from_metadata(root: etree._Element, ld: dict) -> str | None:
    author = ld.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict):
        kind = str(author.get("@type", ""))
        if kind.endswith("Organization"):
            author = None  # the publisher, not a byline
        elif kind == "Person" and isinstance(author.get("name"), str):
            return clean_author(author["name"])  # typed a person (a credited source too)
        else:
            author = author.get("name")
    if isinstance(author, str) and author.strip():
        return _person(clean_author(author))
    return _person(clean_author(meta_content(root, "author", "article:author", "dc.creator")))


# Metadata authors that name an organisation (the publisher or its owner), not a person: a CMS
# fills meta author with the agency's name ("UBND huyện Mỹ Tú", "Sở Khoa học và Công nghệ").
_ORGANISATION = re.compile(
    r"(?i)^(?:ubnd|hđnd|ủy ban|uỷ ban|sở|bộ|ban|cổng|trang thông tin|trang tin|báo|tạp chí|đài|văn phòng|trung tâm|"
    r"phòng|cục|chi cục|tổng cục|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|đảng ủy|"
    r"đảng uỷ|công an|cơ quan|viện|học viện|trường|kho bạc|thanh tra|bộ phận|admin|administrator|"
    r"quản trị)\b"
)


def _person(name: str | None) -> str | None:
    return None if name and _ORGANISATION.match(name) else name


_AUTHOR_LINE = re.compile(
    r"(?i)^\s*(?:tác giả(?: bài viết)?|người viết|bài(?: và ảnh)?|tin(?:, ảnh)?)\s*[:：]\s*(.{2,60})$"
)


_AUTHOR_TEXT = etree.XPath(
    "//text()[contains(., 'Tác giả') or contains(., 'tác giả') or contains(., 'Người viết')]"
)


def author_from_lines(root: etree._Element) -> tuple[str | None, etree._Element | None]:
    """A short "Tác giả bài viết: Minh Hằng" line anywhere in the page."""
    for node in _AUTHOR_TEXT(root):
        el = node.getparent()
        # The label is often bold: the name follows the <strong>, so read the enclosing line.
        for candidate in (el, el.getparent() if el is not None else None):
            if candidate is None:
                continue
            text = clean_text(candidate.text_content())
            if len(text) > 90:
                break
            m = _AUTHOR_LINE.match(text)
            if m:
                return clean_author(m.group(1)), candidate
    return None, None


_AUTHOR_CLASS = etree.XPath(
    "//*[contains(translate(@class, 'AUTHOR', 'author'), 'author') or contains(@class, 'tacgia')"
    " or contains(@class, 'tac-gia') or contains(@class, 'byline')]"
)


def author_from_classes(root: etree._Element) -> tuple[str | None, etree._Element | None]:
    """A short element whose class names an author ("author-news", "detail-author"...)."""
    for el in _AUTHOR_CLASS(root):
        if "authority" in (el.get("class") or "").lower():
            continue
        author = clean_author(el.text_content())
        if author and len(author) <= 60:
            return author, el
    return None, None


# "Hoàng Quý - 18:54, 30/11/2021": a name, a dash (or bar, comma), then the time or date.
_NAME_THEN_DATE = re.compile(r"^(?P<name>[^\d|]{3,50}?)\s*[-–—|,]\s*\d")
_NOT_NAMES = re.compile(
    r"(?i)^(?:thứ|chủ nhật|ngày|cập nhật|đăng (?:lúc|ngày|bởi)|hôm nay|sáng|chiều|tối|trưa|lúc|giờ|tháng|năm"
    r"|posted|updated|published)\b"
)


def author_from_byline(
    root: etree._Element, anchor: etree._Element | None, limit: int = 400
) -> tuple[str | None, etree._Element | None]:
    """The name that opens the dated byline under the title ("Thu Giang - 06:50, 15/07/2024")."""
    from crawler.extraction.postprocess import looks_like_name

    if anchor is None:
        return None, None
    scanned = 0
    for el in elements_after(root, anchor):
        scanned += len((el.text or "").strip())
        if scanned > limit:
            break
        text = clean_text(el.text_content())
        if not text or len(text) > 120 or beside_a_story_link(el) or is_marked(el):
            continue
        m = _NAME_THEN_DATE.match(text)
        if not m or not find_full_dates(text):
            continue
        name = m.group("name").strip(" -–—|,")
        if not _NOT_NAMES.match(name) and looks_like_name(name):
            return name, el
    return None, None
