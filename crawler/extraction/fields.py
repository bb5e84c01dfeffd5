"""The field stages of extraction: the family's (or source's) selectors first, then structure
and metadata for every field they did not give (title, dates, lead, author, body container)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.dates import parse_vietnamese_datetime
from crawler.extraction.authors import (
    author_from_byline,
    author_from_classes,
    author_from_lines,
    clean_author,
)
from crawler.extraction.blocks import clean_text
from crawler.extraction.clean import drop_selected, strip_junk_blocks
from crawler.extraction.families import select_first
from crawler.extraction.generic import find_main_content
from crawler.extraction.metadata import (
    find_lead_element,
    lead_before,
    meta_content,
    published_from_metadata,
    strip_site_suffix,
    title_before_body,
    title_from_page,
)
from crawler.extraction.printed import (
    beside_a_story_link,
    date_closing,
    is_marked,
    printed_date_after,
    printed_date_near,
)
from crawler.extraction.template import is_site_name

# Used by the generic path (and when a family's own selectors find nothing).
GENERIC_LEAD = [
    ".detail-sapo",
    ".sapo",
    ".article__sapo",
    ".cms-desc",
    ".ArticleSummary",
    ".article-summary",
    ".article-brief",
    ".common-brief",
    ".hometext",
    ".entry-summary",
    ".summary",
    ".lead",
    ".tomtat",
    ".description",
    ".excerpt",
    ".brief",
]
GENERIC_AUTHOR = [
    "a.detail-author-top-name",
    ".detail-author-top-name",
    ".article__author",
    ".author-name",
    ".detail-author",
    ".author",
    ".byline .name",
    ".tacgia",
    ".tac-gia",
    "[rel='author']",
    ".post-author",
    "a[href*='/tac-gia/']",
    "a[href*='/author/']",
]
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


# Dates in URL paths: WordPress /2023/07/12/, SharePoint /portal/Pages/2024-10-15/.
_URL_DATE = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})/")


def _published_from_url(url: str) -> str | None:
    """The last resort: a publication stamp or a date written in the URL."""
    m = _URL_STAMP.search(url)
    if m:
        yy, mo, dd, hh, mi, ss = m.groups()
        return parse_vietnamese_datetime(f"20{yy}-{mo}-{dd}T{hh}:{mi}:{ss}")
    m = _URL_DATE.search(url)
    if m:
        return parse_vietnamese_datetime(f"{m.group(3)}/{m.group(2)}/{m.group(1)}")
    return None


_TITLE_SPLIT = re.compile(r"\s+(?:[-|–—:»/]|::)\s+")


def title_site_parts(root: etree._Element, title: str | None) -> list[str]:
    """The first and last parts of ``<title>`` that are not the story's title."""
    el = root.find(".//title")
    parts = _TITLE_SPLIT.split(clean_text(el.text_content())) if el is not None else []
    if len(parts) < 2:
        return []
    return [p for p in (parts[0], parts[-1]) if p != title]


@dataclass
class Found:
    """What the stages found so far: field values and the elements they came from."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    lead: str | None = None
    title_el: etree._Element | None = None
    date_el: etree._Element | None = None
    author_el: etree._Element | None = None
    lead_el: etree._Element | None = None
    container: etree._Element | None = None
    method: str = "generic"
    names: list[str] = field(default_factory=list)  # the site's own names: never title or author
    affixes: tuple[str, str] = ("", "")  # learnt <title> prefix and suffix
    # What a Google News sitemap said of this URL (news:publication_date, normalised; news:title).
    listed_published: str | None = None
    listed_title: str | None = None


def apply_selectors(root: etree._Element, f: Found, sels: dict[str, list[str]]) -> None:
    """Stage 3: the family's (or the source's) selectors, first match wins for each field."""
    hit = select_first(root, sels["title"])
    f.title, f.title_el = _text_of(hit), _first_el(hit)
    f.published, f.date_el = _selected_date(root, sels["published"])
    hit = select_first(root, sels["author"])
    f.author, f.author_el = clean_author(_text_of(hit)), _first_el(hit)
    hit = select_first(root, sels["lead"])
    f.lead, f.lead_el = _text_of(hit), _first_el(hit)
    f.container = _first_el(select_first(root, sels["body"]))
    if f.container is not None:
        drop_selected(
            f.container,
            [
                el
                for sel in sels["drop"]
                for el in (select_first(f.container, [sel]) or [])
                if not isinstance(el, str)
            ],
        )


def _selected_date(
    root: etree._Element, selectors: list[str]
) -> tuple[str | None, etree._Element | None]:
    """The first date a selector finds that is not another story's (a list entry beside a
    story link: "Tin liên quan" dates match loose selectors such as ``.time``)."""
    for sel in selectors:
        hit = select_first(root, [sel])
        if isinstance(hit, str):
            parsed = parse_vietnamese_datetime(hit)
            if parsed:
                return parsed, None
            continue
        for el in hit or []:
            if beside_a_story_link(el) or is_marked(el):
                continue
            parsed = parse_vietnamese_datetime(clean_text(el.text_content()))
            if parsed:
                return parsed, el
    return None, None


def generic_fields(root: etree._Element, ld: dict, url: str, f: Found) -> None:
    """Stage 4: every field the selectors did not give, from structure and metadata."""
    if not f.title:
        f.title, f.title_el = title_from_page(root, ld, f.names, f.affixes)
    if not f.title and f.listed_title and not is_site_name(f.listed_title, f.names):
        # Nothing on the page names the story; the news sitemap does.
        f.title = f.listed_title
    if not f.title and f.container is None:
        # No heading or metadata names the story (<title> is the site's name): the short
        # unlinked line heading the main content is the title; furniture goes first so that a
        # header clock is not read as the byline.
        strip_junk_blocks(root)
        f.container = find_main_content(root)
        f.title_el = title_before_body(root, f.container)
        f.title = clean_text(f.title_el.text_content()) if f.title_el is not None else None
        if f.title and is_site_name(f.title, f.names):
            f.title, f.title_el = None, None
    if f.title:
        f.title = strip_site_suffix(f.title, [meta_content(root, "og:site_name") or "", *f.names])
    if f.title and f.listed_title and f.title != f.listed_title:
        # The news sitemap names the story: "Story | Site" loses its site part, and a title
        # that is not the story's (a logo heading, a <title> with the site's name) gives way
        # when the page prints the sitemap's title as a line of its own.
        if _without_listed_affix(f.title, f.listed_title) == f.listed_title:
            f.title = f.listed_title
        elif (printed := _printed_title(root, f.listed_title)) is not None:
            f.title, f.title_el = f.listed_title, printed
    if f.title and f.title_el is None:
        f.title_el = _printed_title(root, f.title)
    if not f.published:
        # Byline under the title, date bar above it, an unmarked line right under it, metadata,
        # a date in the URL. Lines the template knows as furniture (a clock on every page) wait.
        f.published = (
            printed_date_after(root, f.title_el, classed=False, limit=400, skip_marked=True)
            or printed_date_after(root, f.title_el, skip_marked=True)
            or printed_date_near(f.title_el, skip_marked=True)
            or published_from_metadata(root, ld)
            or _published_from_url(url)
        )
    if not f.lead:
        hit = select_first(root, GENERIC_LEAD)
        f.lead, f.lead_el = _text_of(hit), _first_el(hit)
    if not f.lead:
        description = meta_content(root, "description", "og:description")
        f.lead_el = find_lead_element(root, description, f.title)
        f.lead = clean_text(f.lead_el.text_content()) if f.lead_el is not None else None
    if not f.author:
        hit = select_first(root, GENERIC_AUTHOR)
        if hit and not isinstance(hit, str) and len(_text_of(hit) or "") < 80:
            f.author, f.author_el = clean_author(_text_of(hit)), _first_el(hit)
    if not f.author:
        f.author, f.author_el = author_from_lines(root)
    if not f.author:
        f.author, f.author_el = author_from_classes(root)
    if not f.author:
        f.author, f.author_el = author_from_byline(root, f.title_el)
    if f.container is None:
        strip_junk_blocks(root)
        f.container = find_main_content(root)
        if f.container is not None and not f.lead:
            f.lead_el = lead_before(f.container, f.title)
            f.lead = clean_text(f.lead_el.text_content()) if f.lead_el is not None else None
    if not f.published and f.container is not None:
        # A date line under the body (after the tags, before related stories) on pages that
        # print none under the title and give none in metadata.
        f.published = printed_date_after(
            root, f.container, classed=False, limit=300, skip_marked=True
        )
        if not f.published:
            f.published, f.date_el = date_closing(f.container)
    if not f.published:
        # The page prints no date of its own: the news sitemap's, else (only then) a date line
        # the template saw on most pages.
        f.published = f.listed_published or (
            printed_date_after(root, f.title_el, classed=False, limit=400)
            or printed_date_after(root, f.title_el)
            or printed_date_near(f.title_el)
        )
    if f.published and len(f.published) == 10:
        # A printed day without a time: metadata of the same day (in Vietnam time) gives it.
        stamp = published_from_metadata(root, ld)
        if stamp and len(stamp) > 10 and stamp[:10] == f.published:
            f.published = stamp
    if f.published and f.listed_published:
        f.published = _settled_by_listing(root, ld, url, f.published, f.listed_published)


def _settled_by_listing(
    root: etree._Element, ld: dict, url: str, published: str, listed: str
) -> str:
    """The page's date weighed against the news sitemap's.

    The same day: the sitemap's time fills a day printed without one. Another day: the page's
    date stands, unless the page itself gives the sitemap's day elsewhere too (its metadata or
    URL), which makes two witnesses against one printed line.
    """
    if published[:10] == listed[:10]:
        return listed if len(published) == 10 else published
    for other in (published_from_metadata(root, ld), _published_from_url(url)):
        if other and other[:10] == listed[:10]:
            return listed if len(listed) > len(other) else other
    return published


def _without_listed_affix(title: str, listed: str) -> str:
    """``title`` less a site part around the sitemap's own title ("Story | Site", "Site: Story",
    "Story >> Site" → "Story"); unchanged when the rest does not open on a separator."""
    if title.startswith(listed):
        rest = title[len(listed) :].strip()
        ok = bool(rest) and not rest[0].isalnum()
    elif title.endswith(listed):
        rest = title[: -len(listed)].strip()
        ok = bool(rest) and not rest[-1].isalnum()
    else:
        return title
    return listed if ok and any(c.isalnum() for c in rest) else title


def _printed_title(root: etree._Element, title: str) -> etree._Element | None:
    """Where the page prints a title known from metadata (an ``h2``, a classed ``div``): the
    byline is looked for after it. Links are skipped (other pages' lists name stories too)."""
    body = root.find("body")
    if body is None:
        return None
    for el in body.iter("h1", "h2", "h3", "h4", "div", "p", "span", "strong", "td"):
        text = el.text_content()
        if len(text) < len(title) or len(text) > 2 * len(title) + 20:
            continue
        if clean_text(text) == title and next(el.iterancestors("a"), None) is None:
            if next(el.iter("a"), None) is None:
                return el
    return None
