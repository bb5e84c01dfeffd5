"""Stage 5, metadata: title, dates, lead and canonical URL from structured data and the page (the
author: crawler.extraction.authors)."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin

from lxml import etree

from crawler.dates import find_full_dates, parse_vietnamese_datetime
from crawler.extraction.blocks import clean_text

_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»]|::)\s+")
# Trailing title parts that name the site, not the story.
_SITE_WORDS = re.compile(
    r"(?i)^(?:cổng|trang|báo|bộ|sở|ubnd|ủy ban nhân dân|uỷ ban nhân dân|tỉnh|thành phố|tp\.?|"
    r"cổng ttđt|cổng thông tin|portal|website|tạp chí|đài|chính phủ|văn phòng|ban |www\.|"
    r"[\w.-]+\.(?:vn|com|net|org)\b)"
)


def meta_content(root: etree._Element, *names: str) -> str | None:
    """The first non-empty ``<meta property|name|itemprop=...>`` content among ``names``."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for el in root.iterfind(f".//meta[@{attr}='{name}']"):
                value = (el.get("content") or "").strip()
                if value:
                    return clean_text(value)
    return None


def json_ld_items(root: etree._Element) -> list[dict]:
    """Every JSON-LD object of the page (``@graph`` members included), in page order."""
    items: list[dict] = []
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(item.get("@graph") or [])
            items.append(_unescaped(item))
    return items


def _unescaped(value: object) -> object:
    """JSON-LD strings with HTML character references decoded: script text is not decoded by the
    HTML parser, and pages in a legacy charset (or CMSs escaping "&") write references there."""
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, dict):
        return {k: _unescaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unescaped(v) for v in value]
    return value


def json_ld(root: etree._Element, items: list[dict] | None = None) -> dict:
    """The first JSON-LD object of an article type (NewsArticle, Article, BlogPosting...)."""
    for item in json_ld_items(root) if items is None else items:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds):
            return item
    return {}


def strip_site_suffix(title: str, site_names: list[str]) -> str:
    """Drop " - Bộ Khoa học và Công nghệ"-style suffixes (and prefixes) naming the site."""
    title = clean_text(title)
    names = {clean_text(n).lower() for n in site_names if n}
    for _ in range(2):
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            break
        last, first = parts[-1].strip(), parts[0].strip()
        if last.lower() in names or _SITE_WORDS.match(last) and len(last) < 80:
            title = title[: title.rfind(last)].rstrip(" -|–—:»")
        elif first.lower() in names:
            title = title[len(first) :].lstrip(" -|–—:»")
        else:
            break
    return title.strip()


def title_from_page(
    root: etree._Element,
    ld: dict,
    names: list[str] | None = None,
    affixes: tuple[str, str] = ("", ""),
) -> tuple[str | None, etree._Element | None]:
    """Title and its element: the h1 that the metadata title names, else the page's only
    story-like h1, else JSON-LD headline / og:title / <title> without the site suffix.

    ``names`` are the site's own names and ``affixes`` the learnt ``<title>`` prefix and suffix
    (crawler.extraction.template): a heading that is the site's name is never the title.
    """
    site = meta_content(root, "og:site_name") or ""
    names = [site, *(names or [])]
    meta_title = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    meta_title = meta_title or meta_content(root, "og:title", "twitter:title")
    title_el = root.find(".//title")
    page_title = clean_text(title_el.text_content()) if title_el is not None else ""
    page_title = _without_affixes(page_title, affixes)
    if meta_title:
        meta_title = _without_affixes(clean_text(meta_title), affixes)
    h1s = [(clean_text(h.text_content()), h) for h in root.iter("h1")]
    h1s = [(t, h) for t, h in h1s if len(t) > 10 and not _is_name(t, names) and not _is_logo(h)]
    for text, el in h1s:
        for known in (meta_title, page_title):
            if known and (text == clean_text(known) or clean_text(known).startswith(text)):
                return text, el
    if len(h1s) == 1:
        return h1s[0]
    if not h1s:
        heading = _heading_title_begins_with(root, (meta_title, page_title), names)
        if heading is not None:
            return heading
    for candidate in (meta_title, page_title):
        if candidate and candidate.strip() and not _is_name(candidate, names):
            stripped = strip_site_suffix(candidate, names)
            if stripped and not _is_name(stripped, names):
                return stripped, None
    return h1s[0] if h1s else (None, None)


def _heading_title_begins_with(
    root: etree._Element, titles: tuple[str | None, ...], names: list[str]
) -> tuple[str, etree._Element] | None:
    """On a page with no story h1 (the logo is the h1), the h2/h3 that a metadata title begins
    with, followed only by separated parts ("story - category"): those parts are not the story."""
    for el in root.iter("h2", "h3"):
        text = clean_text(el.text_content())
        if len(text) <= 10 or _is_name(text, names) or _is_logo(el):
            continue
        if next(el.iterancestors("a"), None) is not None or next(el.iter("a"), None) is not None:
            continue
        for known in titles:
            known = clean_text(known or "")
            if known == text or (
                known.startswith(text) and _TITLE_SEPARATORS.match(known[len(text) :])
            ):
                return text, el
    return None


_LOGO = re.compile(r"(?i)logo|brand|site-?name|site-?title|banner")


def _is_logo(heading: etree._Element) -> bool:
    """A heading that is the site's logo: classed so, or all of it one link to the home page."""
    ident = f"{heading.get('class') or ''} {heading.get('id') or ''}"
    if _LOGO.search(ident):
        return True
    links = list(heading.iter("a"))
    if len(links) != 1:
        return False
    href = (links[0].get("href") or "").strip()
    home = href in ("/", "./", "#", "") or bool(re.fullmatch(r"(?i)(?:https?:)?//[^/]+/?", href))
    return home and clean_text(links[0].text_content()) == clean_text(heading.text_content())


def _is_name(text: str, names: list[str]) -> bool:
    key = clean_text(text).lower()
    return any(key == clean_text(n).lower() for n in names if n)


def _without_affixes(title: str, affixes: tuple[str, str]) -> str:
    prefix, suffix = affixes
    if suffix and title.endswith(suffix) and len(title) > len(suffix):
        title = title[: -len(suffix)]
    if prefix and title.startswith(prefix) and len(title) > len(prefix):
        title = title[len(prefix) :]
    return title.strip()


def published_from_metadata(root: etree._Element, ld: dict) -> str | None:
    """``datePublished`` / ``article:published_time`` / ``pubdate`` meta, normalised."""
    for value in (
        ld.get("datePublished"),
        meta_content(
            root,
            "article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "dc.date.issued",
            "og:published_time",
        ),
    ):
        if isinstance(value, str):
            parsed = parse_vietnamese_datetime(value)
            if parsed:
                return parsed
    return None


def modified_from_metadata(root: etree._Element, ld: dict) -> str | None:
    for value in (
        ld.get("dateModified"),
        meta_content(root, "article:modified_time", "dateModified"),
    ):
        if isinstance(value, str):
            parsed = parse_vietnamese_datetime(value)
            if parsed:
                return parsed
    return None


def canonical_url(root: etree._Element, url: str) -> str:
    for el in root.iterfind(".//link[@rel='canonical']"):
        href = (el.get("href") or "").strip()
        if href:
            return urljoin(url, href)
    og = meta_content(root, "og:url")
    return urljoin(url, og) if og else url


_LEAD_WORDS = (
    "sapo",
    "summary",
    "brief",
    "teaser",
    "tomtat",
    "tom-tat",
    "hometext",
    "excerpt",
    "intro",
    "chapeau",
    "lead",
    "description",
    "trich-yeu",
)
_LOWER = "translate(@{a}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
# One XPath per word, in order of trust: "sapo" is the Vietnamese newsroom word for a lead.
_LEAD_XPATHS = [
    etree.XPath(
        "//*[self::div or self::p or self::h2 or self::h3 or self::span or self::section]"
        f"[contains({_LOWER.format(a='class')}, '{w}') or contains({_LOWER.format(a='id')}, '{w}')]"
    )
    for w in _LEAD_WORDS
]


def find_lead_element(
    root: etree._Element, description: str | None, title: str | None = None
) -> etree._Element | None:
    """The sapo: an element whose class names it, or whose text is the meta description."""
    for xpath in _LEAD_XPATHS:
        for el in xpath(root):
            ident = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            if any(w in ident for w in ("leader", "list", "item", "meta")):
                continue
            if next(el.iter("h1"), None) is not None or sum(1 for _ in el.iter("p")) > 1:
                continue
            text = clean_text(el.text_content())
            if 40 <= len(text) <= 1500 and text != title:
                return el
    if description and len(description) >= 40:
        from crawler.extraction.postprocess import strip_lead_prefix

        want = strip_lead_prefix(description).rstrip(". …")[:200]
        for el in root.iter("p", "div", "h2", "h3", "strong", "em", "span", "b"):
            text = clean_text(el.text_content())
            if not text or len(text) > len(description) + 80 or text.count(" ") < 6:
                continue
            if strip_lead_prefix(text).rstrip(". …").startswith(want):
                return el
    return None


_TITLE_LINE_TAGS = ("h1", "h2", "h3", "h4", "div", "p", "span", "strong", "b", "td")


def title_before_body(
    root: etree._Element, container: etree._Element | None
) -> etree._Element | None:
    """The title line of a page whose metadata names no story: the last short line before
    the body's first paragraph that is no link, no date, no sentence (a lead ends with a
    full stop) and no label. Used only when nothing else gave a title."""
    if container is None:
        return None
    first_para = next(
        (
            el
            for el in container.iter("p", "div", "td", "li")
            if len(clean_text(el.text or "")) >= 80
        ),
        container,
    )
    best = None
    for el in root.iter():
        if el is first_para:
            break
        if not isinstance(el.tag, str) or el.tag not in _TITLE_LINE_TAGS:
            continue
        text = clean_text(el.text_content())
        if not 15 <= len(text) <= 250 or text[-1] in ".…:;,":
            continue
        if next(el.iterancestors("a"), None) is not None or next(el.iter("a"), None) is not None:
            continue
        if any(c.isdigit() for c in text) and find_full_dates(text):
            continue
        if len(text.split()) < 4:
            continue
        best = el
    return best


def lead_before(container: etree._Element, title: str | None) -> etree._Element | None:
    """An untagged sapo: the text block right before the body container (after title and date)."""
    for sibling in container.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str):
            continue
        text = clean_text(sibling.text_content())
        if not text:
            continue
        if text == title or next(sibling.iter("h1"), None) is not None:
            return None  # reached the title: nothing in between is long enough to be a lead
        links = sum(len(clean_text(a.text_content())) for a in sibling.iter("a"))
        if 60 <= len(text) <= 1500 and links < 0.2 * len(text):
            return sibling
        if len(text) > 1500:
            return None
    return None
