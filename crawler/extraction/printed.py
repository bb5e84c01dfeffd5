"""Dates and lines printed around the title and at the body's end: a byline's date, a date bar
above the title, a closing date line; lines the site template marks as furniture are skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from crawler.dates import find_full_dates, parse_vietnamese_datetime
from crawler.extraction.blocks import clean_text

# Set by crawler.extraction.template on furniture lines that print a date.
FURNITURE_MARK = "data-govmon-furniture"

_DATE_CLASS = re.compile(r"(?i)date|time|publish|ngay|post-?date|byline|meta|detail-info|dateline")


def elements_after(root: etree._Element, anchor: etree._Element | None) -> Iterator[etree._Element]:
    """The elements after ``anchor`` (every one when it is None) in document order, outside it,
    without comments, scripts and styles."""
    started = anchor is None
    for el in root.iter():
        if el is anchor:
            started = True
            continue
        if not started or not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if anchor is not None and any(a is anchor for a in el.iterancestors()):
            continue
        yield el


def printed_date_after(
    root: etree._Element,
    anchor: etree._Element | None,
    *,
    classed: bool = True,
    limit: int = 2500,
    skip_marked: bool = False,
) -> str | None:
    """The first date printed after ``anchor`` (the title).

    ``classed``: only elements whose class/id/data-role names a date (or ``<time>``), within
    ``limit`` characters of text; otherwise any short line, for unmarked bylines (keep ``limit``
    small then: the body follows). Elements before the title are the page header, whose clock
    may be stale (DOMAIN.md §2).
    """
    scanned = 0
    for el in elements_after(root, anchor):
        if skip_marked and is_marked(el):
            continue
        scanned += len((el.text or "").strip()) + len((el.tail or "").strip())
        if scanned > limit:  # the byline sits right under the title
            break
        if el.tag == "time" and el.get("datetime"):
            parsed = parse_vietnamese_datetime(el.get("datetime"))
            if parsed:
                return _prefer_printed(parsed, clean_text(el.text_content()))
        klass = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-role') or ''}"
        dated = bool(_DATE_CLASS.search(klass)) or el.tag == "time"
        if classed and not dated:
            continue
        if beside_a_story_link(el):
            continue  # "Tin liên quan", "Tin mới": the date of another story
        text = clean_text(el.text_content()) if dated else clean_text(el.text or "")
        if not text or len(text) > 120 or not any(c.isdigit() for c in text):
            continue
        found = find_full_dates(text)
        if found:
            return found[0][1]
    return None


def beside_a_story_link(el: etree._Element) -> bool:
    """The element sits in a list entry (``li``, table row) beside a link titled like a story:
    the date of another article ("Tin liên quan", "Tin mới")."""
    node = el
    for _ in range(3):
        if node is None:
            return False
        if node.tag in ("li", "tr", "dd", "dt"):
            return any(len((a.text_content() or "").split()) >= 4 for a in node.iter("a"))
        node = node.getparent()
    return False


def is_marked(el: etree._Element) -> bool:
    """Inside a dated line the site template knows as furniture (a header clock...)."""
    if el.get(FURNITURE_MARK):
        return True
    return any(a.get(FURNITURE_MARK) for a in el.iterancestors())


def printed_date_near(anchor: etree._Element | None, *, skip_marked: bool = False) -> str | None:
    """A date line printed just above the title (category + date bars): the title's preceding
    siblings and its parent's, never the page header further up."""
    if anchor is None:
        return None
    node = anchor
    for _ in range(4):
        for sibling in list(node.itersiblings(preceding=True))[:3]:
            if not isinstance(sibling.tag, str) or sibling.tag in ("header", "nav"):
                continue
            if skip_marked and is_marked(sibling):
                continue
            text = clean_text(sibling.text_content())
            if 6 <= len(text) <= 120:
                found = find_full_dates(text)
                if found:
                    return found[0][1]
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return None


def date_closing(container: etree._Element) -> tuple[str | None, etree._Element | None]:
    """A short date line among the last children of the body's container (after the last
    paragraph), not another story's and not a line the template knows as furniture."""
    for child in list(container)[::-1][:4]:
        if not isinstance(child.tag, str):
            continue
        text = clean_text(child.text_content())
        if len(text) > 120:
            break  # reached the body
        if not text or is_marked(child) or beside_a_story_link(child):
            continue
        if next(child.iter("a"), None) is None:
            found = find_full_dates(text)
            if found:
                return found[0][1], child
    return None, None


def _prefer_printed(machine: str, printed: str) -> str:
    """A ``<time datetime>`` value, cut to the date when the visible text prints no time."""
    found = find_full_dates(printed)
    if found:
        return found[0][1]
    return machine
