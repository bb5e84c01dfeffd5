"""Extraction: one page's HTML in, one :class:`~crawler.models.Article` out (pure, no I/O)."""

from __future__ import annotations

import re

from lxml import etree

from crawler.dates import parse_vietnamese_datetime
from crawler.extraction.blocks import Block, Walker, clean_text
from crawler.extraction.clean import (
    drop_selected,
    parse_html,
    strip_junk_blocks,
    strip_never_content,
)
from crawler.extraction.decode import decode_html
from crawler.extraction.families import (
    article_selectors,
    detect_family,
    family_ids,
    load_families,
    select_first,
)
from crawler.extraction.generic import find_main_content
from crawler.extraction.metadata import (
    author_from_classes,
    author_from_lines,
    author_from_metadata,
    canonical_url,
    clean_author,
    find_lead_element,
    json_ld,
    lead_before,
    meta_content,
    modified_from_metadata,
    printed_date_after,
    published_from_metadata,
    strip_site_suffix,
    title_from_page,
)
from crawler.extraction.postprocess import body_text, finish_blocks, strip_lead_prefix, take_author
from crawler.models import Article

__all__ = ["extract_article", "detect_family", "load_families"]

# Used by the generic path (and when a family's own selectors find nothing).
GENERIC_LEAD = [".detail-sapo", ".sapo", ".article__sapo", ".cms-desc", ".ArticleSummary",
                ".article-summary", ".article-brief", ".common-brief", ".hometext", ".entry-summary",
                ".summary", ".lead", ".tomtat", ".description", ".excerpt", ".brief"]
GENERIC_AUTHOR = ["a.detail-author-top-name", ".detail-author-top-name", ".article__author",
                  ".author-name", ".detail-author", ".author", ".byline .name", ".tacgia",
                  ".tac-gia", "[rel='author']", ".post-author"]
# Publication ids of numeric_timestamp_news URLs: "-102<yymmddhhmmss><nnn>.htm".
_URL_STAMP = re.compile(r"-\d{3}(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{0,3}\.htm")


def _text_of(found: list | str | None) -> str | None:
    if found is None:
        return None
    if isinstance(found, str):
        return clean_text(found) or None
    for el in found:
        text = clean_text(el.text_content())
        if text:
            return text
    return None


def _first_el(found: list | str | None) -> etree._Element | None:
    return found[0] if isinstance(found, list) and found else None


def _published_from_url(url: str) -> str | None:
    m = _URL_STAMP.search(url)
    if not m:
        return None
    yy, mo, dd, hh, mi, ss = m.groups()
    return parse_vietnamese_datetime(f"20{yy}-{mo}-{dd}T{hh}:{mi}:{ss}")


def _detach(container: etree._Element, *elements: etree._Element | None) -> None:
    """Remove title/date/lead elements that sit inside the body container."""
    inside = [el for el in elements if el is not None and el is not container
              and any(a is container for a in el.iterancestors())]
    drop_selected(container, inside)


def extract_article(html: str | bytes, url: str, *, cms: str | None = None,
                    selectors: dict | None = None, encoding: str | None = None,
                    use_families: bool = True) -> Article:
    """Extract one article page.

    ``cms`` forces a family (else it is detected); ``selectors`` overrides the family's
    article selectors for one source; ``encoding`` is the HTTP charset if known;
    ``use_families=False`` runs the generic path only (JSON-LD, OpenGraph, byline dates,
    main-content scoring). Never raises on bad markup: missing parts stay None.
    """
    text = decode_html(html, encoding)
    root = parse_html(text)
    ld = json_ld(root)
    canonical = canonical_url(root, url)  # before cleaning: <link> elements go with it
    family = None
    if use_families:
        family = cms if cms in family_ids() else detect_family(text, url)
    strip_never_content(root)
    site = meta_content(root, "og:site_name") or ""

    title = published = author = lead = None
    title_el = date_el = lead_el = author_el = container = None
    method = "generic"
    if use_families and (family or selectors):
        sels = article_selectors(family, selectors)
        found = select_first(root, sels["title"])
        title, title_el = _text_of(found), _first_el(found)
        found = select_first(root, sels["published"])
        date_el = _first_el(found)
        published = parse_vietnamese_datetime(_text_of(found))
        found = select_first(root, sels["author"])
        author_el = _first_el(found)
        author = clean_author(_text_of(found))
        found = select_first(root, sels["lead"])
        lead, lead_el = _text_of(found), _first_el(found)
        container = _first_el(select_first(root, sels["body"]))
        if container is not None:
            drop_selected(container, [el for sel in sels["drop"]
                                      for el in (select_first(container, [sel]) or [])
                                      if not isinstance(el, str)])
            method = f"family:{family}" if family else "selectors"

    # Generic fallbacks, field by field.
    if not title:
        title, title_el = title_from_page(root, ld)
    if title:
        title = strip_site_suffix(title, [site])
    if not published:
        published = (printed_date_after(root, title_el) or published_from_metadata(root, ld)
                     or _published_from_url(url))
    if not lead:
        found = select_first(root, GENERIC_LEAD)
        lead, lead_el = _text_of(found), _first_el(found)
    if not lead:
        lead_el = find_lead_element(root, meta_content(root, "description", "og:description"), title)
        lead = clean_text(lead_el.text_content()) if lead_el is not None else None
    if not author:
        found = select_first(root, GENERIC_AUTHOR)
        if found and not isinstance(found, str) and len(_text_of(found) or "") < 80:
            author, author_el = clean_author(_text_of(found)), _first_el(found)
    if not author:
        author, author_el = author_from_lines(root)
    if not author:
        author, author_el = author_from_classes(root)
    if container is None:
        strip_junk_blocks(root)
        container = find_main_content(root)
        if container is not None and not lead:
            lead_el = lead_before(container, title)
            lead = clean_text(lead_el.text_content()) if lead_el is not None else None
    blocks: list[Block] = []
    walker = Walker(url)
    if container is not None:
        _detach(container, title_el, date_el, lead_el, author_el)
        blocks = walker.walk(container).blocks
        walker.collect_nearby_attachments(container)
    blocks = finish_blocks(blocks, title=title, lead=lead, author=author)
    if not author:
        author, blocks = take_author(blocks)
    if not author:
        author = author_from_metadata(root, ld)
    if lead:
        lead = strip_lead_prefix(lead)
    return Article(
        url=url,
        title=title or None,
        published_at=published,
        modified_at=modified_from_metadata(root, ld),
        author=author or None,
        lead=lead or None,
        body_text=body_text(blocks),
        images=walker.out.images,
        attachments=walker.out.attachments,
        canonical_url=canonical,
        cms_family=family,
        extraction_method=method,
    )
