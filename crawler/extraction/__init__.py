"""Extraction: one page's HTML in, one :class:`~crawler.models.Article` out (pure, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
from crawler.extraction.generic import find_main_content, is_teaser_list
from crawler.extraction.metadata import (
    author_from_byline,
    author_from_classes,
    author_from_lines,
    author_from_metadata,
    canonical_url,
    clean_author,
    find_lead_element,
    json_ld,
    json_ld_items,
    lead_before,
    meta_content,
    modified_from_metadata,
    published_from_metadata,
    strip_site_suffix,
    title_before_body,
    title_from_page,
)
from crawler.extraction.postprocess import (
    author_after_body,
    body_text,
    finish_blocks,
    strip_lead_prefix,
    take_author,
    take_bold_lead,
)
from crawler.extraction.printed import (
    beside_a_story_link,
    date_closing,
    is_marked,
    printed_date_after,
    printed_date_near,
)
from crawler.extraction.template import (
    SiteTemplate,
    is_site_name,
    learn_page,
    page_site_names,
    remove_furniture,
)
from crawler.models import Article

__all__ = [
    "SiteTemplate",
    "detect_family",
    "extract_article",
    "learn_from_page",
    "load_families",
]

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


def _title_parts(root: etree._Element, title: str | None) -> list[str]:
    """The first and last parts of ``<title>`` that are not the story's title."""
    el = root.find(".//title")
    parts = _TITLE_SPLIT.split(clean_text(el.text_content())) if el is not None else []
    if len(parts) < 2:
        return []
    return [p for p in (parts[0], parts[-1]) if p != title]


def _detach(container: etree._Element, *elements: etree._Element | None) -> None:
    """Remove title/date/lead elements that sit inside the body container."""
    inside = [
        el
        for el in elements
        if el is not None
        and el is not container
        and any(a is container for a in el.iterancestors())
    ]
    drop_selected(container, inside)


@dataclass
class _Found:
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


def learn_from_page(
    template: SiteTemplate | dict | None,
    html: str | bytes,
    url: str | None = None,
    *,
    encoding: str | None = None,
) -> SiteTemplate:
    """The source's template with this page learnt (crawler.extraction.template)."""
    root = parse_html(decode_html(html, encoding))
    current = SiteTemplate.from_dict(template) if isinstance(template, dict) else template
    return learn_page(current, root, json_ld_items(root), url)


def extract_article(
    html: str | bytes,
    url: str,
    *,
    cms: str | None = None,
    selectors: dict | None = None,
    encoding: str | None = None,
    use_families: bool = True,
    template: SiteTemplate | dict | None = None,
) -> Article:
    """Extract one article page.

    ``cms`` forces a family (else it is detected); ``selectors`` overrides the family's
    article selectors for one source; ``encoding`` is the HTTP charset if known;
    ``use_families=False`` runs the generic path only (JSON-LD, OpenGraph, byline dates,
    main-content scoring); ``template`` is the source's learnt site template (furniture
    removed first, site names never title or author). Never raises on bad markup: missing
    parts stay None.
    """
    if isinstance(template, dict):
        template = SiteTemplate.from_dict(template)
    if template is not None and not template.mature:
        template = None
    article = _extract(html, url, cms, selectors, encoding, use_families, template)
    if template is not None and not article.is_complete:
        # What the template calls furniture took the article with it (pages alike in all but
        # the title): the page alone knows better.
        article = _extract(html, url, cms, selectors, encoding, use_families, None)
    return article


def _extract(
    html: str | bytes,
    url: str,
    cms: str | None,
    selectors: dict | None,
    encoding: str | None,
    use_families: bool,
    template: SiteTemplate | None,
) -> Article:
    text = decode_html(html, encoding)
    root = parse_html(text)
    items = json_ld_items(root)
    ld = json_ld(root, items)
    canonical = canonical_url(root, url)  # before cleaning: <link> elements go with it
    family = None
    if use_families:
        family = cms if cms in family_ids() else detect_family(text, url)
    page_names = sorted(page_site_names(root, items))
    found = _Found(names=list(page_names))
    if template is not None:
        remove_furniture(root, template.furniture())
        found.names += template.site_names()
        found.affixes = template.title_affixes()
        page_names += template.title_names()
    strip_never_content(root)
    if use_families and (family or selectors):
        _apply_selectors(root, found, article_selectors(family, selectors))
        if found.container is not None:
            found.method = f"family:{family}" if family else "selectors"
    _generic_fields(root, ld, url, found)
    walker = Walker(url)
    blocks = _body_blocks(walker, found)
    author = found.author
    if not found.lead:
        found.lead, blocks = take_bold_lead(blocks)
    if not author:
        author, blocks = take_author(blocks)
    if not author and found.container is not None:
        author = author_after_body(found.container)
    # The publisher's name in a byline place (or in meta author) is not a byline; a part of
    # <title> other than the story's own title names the site too. A byline printed in the page
    # is refused only by the page's own names and the learnt <title> names: a meta author the
    # template saw repeated may be a newspaper the first learnt stories happened to credit.
    title_parts = _title_parts(root, found.title)
    not_authors = [*found.names, *title_parts]
    if is_site_name(author, [*page_names, *title_parts]):
        author = None
    if not author:
        author = author_from_metadata(root, ld)
        author = None if is_site_name(author, not_authors) else author
    lead = strip_lead_prefix(found.lead) if found.lead else None
    body, truncated_at = cap_body(body_text(blocks))
    return Article(
        url=url,
        title=found.title or None,
        published_at=found.published,
        modified_at=modified_from_metadata(root, ld),
        author=author or None,
        lead=lead,
        body_text=body,
        body_truncated_at=truncated_at,
        images=walker.out.images,
        attachments=walker.out.attachments,
        canonical_url=canonical,
        cms_family=family,
        extraction_method=found.method,
        # A listing of teasers reached by a link shaped like an article's is no story.
        has_prose=has_prose(blocks, lead) and not is_teaser_list(found.container),
    )


MAX_BODY_CHARS = 200_000  # a long report is ~30,000; the cap is recorded on the article


def cap_body(text: str | None, limit: int = MAX_BODY_CHARS) -> tuple[str | None, int | None]:
    """``text`` cut to at most ``limit`` characters at a paragraph end, and the cap when cut."""
    if text is None or len(text) <= limit:
        return text, None
    cut = text.rfind("\n\n", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(), limit


def _apply_selectors(root: etree._Element, f: _Found, sels: dict[str, list[str]]) -> None:
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


def _generic_fields(root: etree._Element, ld: dict, url: str, f: _Found) -> None:
    """Stage 4: every field the selectors did not give, from structure and metadata."""
    if not f.title:
        f.title, f.title_el = title_from_page(root, ld, f.names, f.affixes)
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
    if f.title and f.title_el is None:
        f.title_el = _printed_title(root, f.title)
    if not f.published:
        # Byline under the title, date bar above it, an unmarked line right under it, metadata;
        # lines the template knows as furniture (a clock on every page) only when nothing else.
        for skip in (True, False):
            f.published = (
                printed_date_after(root, f.title_el, classed=False, limit=400, skip_marked=skip)
                or printed_date_after(root, f.title_el, skip_marked=skip)
                or printed_date_near(f.title_el, skip_marked=skip)
                or published_from_metadata(root, ld)
                or _published_from_url(url)
            )
            if f.published:
                break
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
    if f.published and len(f.published) == 10:
        # A printed day without a time: metadata of the same day (in Vietnam time) gives it.
        stamp = published_from_metadata(root, ld)
        if stamp and len(stamp) > 10 and stamp[:10] == f.published:
            f.published = stamp


def has_prose(blocks: list[Block], lead: str | None) -> bool:
    """A paragraph of some length (or enough short ones): what a news story has and a document
    record (a table and a PDF link) or a list of links has not."""
    texts = [b.text for b in blocks if b.kind in ("p", "list", "heading") and b.link_ratio < 0.5]
    texts += [lead] if lead else []
    return any(len(t) >= 80 for t in texts) or sum(len(t) for t in texts) >= 200


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


def _body_blocks(walker: Walker, f: _Found) -> list[Block]:
    """Stage 6: the container's blocks without furniture, title, date line and lead."""
    if f.container is None:
        return []
    _detach(f.container, f.title_el, f.date_el, f.lead_el, f.author_el)
    blocks = walker.walk(f.container).blocks
    walker.collect_nearby_attachments(f.container)
    return finish_blocks(blocks, title=f.title, lead=f.lead, author=f.author)
