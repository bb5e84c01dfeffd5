"""Furniture removal: the subtrees a site template knows as furniture leave the page (pure).

Furniture that prints a date is only marked (FURNITURE_MARK), not removed: on a day with
many stories the bylines of several pages are alike; the date finder falls back to them.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.dates import find_full_dates
from crawler.extraction.blocks import clean_text
from crawler.extraction.clean import drop_keeping_tail
from crawler.extraction.printed import FURNITURE_MARK
from crawler.extraction.template import fingerprints

_DIGITS = re.compile(r"\d+")


def remove_furniture(root: etree._Element, furniture: frozenset[str]) -> int:
    """Remove from the page the subtrees the template knows as furniture (short dated lines are
    marked with ``FURNITURE_MARK`` instead); return how many were removed."""
    if not furniture:
        return 0
    prints = fingerprints(root)
    # A repeated link in a list entry takes the entry with it (its date is another story's).
    found = [_entry_of(el) for el, key in prints.items() if key in furniture]
    ids = {id(el) for el in found}
    dropped: list[etree._Element] = []
    for el in found:
        if any(id(a) in ids for a in el.iterancestors()):
            continue  # outermost only: a removed header takes its menus with it
        if _inside_story_text(el, ids) or _cell_of_a_data_table(el, ids):
            continue
        _drop_or_mark(el, dropped)
    for el in dropped:
        drop_keeping_tail(el, blank_tail=False)
    return len(dropped)


def _inside_story_text(el: etree._Element, furniture_ids: set[int]) -> bool:
    """A repeated line that is part of the story's text: among paragraphs that differ from page
    to page, a short name (the byline of a reporter who wrote most of the stories) or a plain
    paragraph (a stock sentence several stories share). Furniture sits beside the story, not
    among its paragraphs."""
    from crawler.extraction.postprocess import looks_like_name

    text = clean_text(el.text_content())
    parent = el.getparent()
    if parent is None or not text:
        return False
    name = len(text) <= 40 and looks_like_name(text)
    unlinked = next(el.iter("a"), None) is None
    paragraph = el.tag in ("p", "div") and len(text) >= 80 and unlinked
    # "Theo Báo Chính phủ", "Tác giả: Trung Kiên": the story's credit, shared by the stories of
    # one source, right after the story's text.
    credit = len(text) <= 70 and unlinked and bool(_CREDIT_LINE.match(text))
    if not (name or paragraph or credit):
        return False
    siblings = [c for c in parent if c is not el and isinstance(c.tag, str)]
    prose = [
        c
        for c in siblings
        if id(c) not in furniture_ids and len(clean_text(c.text_content())) >= 80
    ]
    if credit and prose:
        return True
    return len(prose) >= 2 and len(prose) * 2 >= len(siblings)


def _cell_of_a_data_table(el: etree._Element, furniture_ids: set[int]) -> bool:
    """A short unlinked row or cell of a table whose other rows differ from page to page: a
    header ("STT | Chỉ tiêu | Kết quả") or a row number several stories' tables share. A layout
    table's cells (menus, link boxes) hold links or long text."""
    if el.tag not in ("tr", "td", "th"):
        return False
    text = clean_text(el.text_content())
    if len(text) > 60 or next(el.iter("a"), None) is not None:
        return False
    table = next(el.iterancestors("table"), None)
    if table is None:
        return False
    rows = [r for r in table.iter("tr") if r is not el and next(r.iter("a"), None) is None]
    return any(
        id(r) not in furniture_ids
        and not any(id(a) in furniture_ids for a in r.iterancestors())
        and len(clean_text(r.text_content())) > len(text)
        for r in rows
        if not any(c is el for c in r.iter())
    )


_CREDIT_LINE = re.compile(r"(?i)^(?:theo|nguồn|tác giả|tin, ảnh|bài, ảnh)\s*:?\s+\w")


def _prints_a_date(el: etree._Element) -> bool:
    text = el.text_content()
    return bool(_DIGITS.search(text)) and bool(find_full_dates(text))


def _drop_or_mark(el: etree._Element, dropped: list[etree._Element]) -> None:
    """Furniture without a date goes; a short furniture line with a date is only marked. A
    larger furniture block with a date (a header holding the clock, the logo and the menu) is
    marked and its undated parts go: the site's name in an ``h1`` there is never a title."""
    if not _prints_a_date(el):
        dropped.append(el)
        return
    el.set(FURNITURE_MARK, "1")
    if len(el.text_content()) <= 160 and not any(
        isinstance(c.tag, str) and c.tag in _HEADINGS for c in el.iter()
    ):
        return
    for child in el:
        if isinstance(child.tag, str):
            _drop_or_mark(child, dropped)


_HEADINGS = frozenset(("h1", "h2", "h3"))


def _entry_of(el: etree._Element) -> etree._Element:
    parent = el.getparent()
    if el.tag == "a" and parent is not None and parent.tag in ("li", "dd", "dt", "td"):
        return parent
    return el
