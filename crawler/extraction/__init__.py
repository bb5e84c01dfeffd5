"""Extraction: one page's HTML in, one :class:`~crawler.models.Article` out (pure, no I/O)."""

from __future__ import annotations

from lxml import etree

from crawler.dates import parse_vietnamese_datetime
from crawler.extraction.authors import (
    author_from_metadata,
)
from crawler.extraction.blocks import Block, Walker
from crawler.extraction.clean import drop_selected, parse_html, strip_never_content
from crawler.extraction.decode import decode_html
from crawler.extraction.families import (
    article_selectors,
    detect_family,
    family_ids,
    load_families,
)
from crawler.extraction.fields import (
    GENERIC_AUTHOR,
    GENERIC_LEAD,
    Found,
    apply_selectors,
    generic_fields,
    title_site_parts,
)
from crawler.extraction.furniture import remove_furniture
from crawler.extraction.generic import is_teaser_list
from crawler.extraction.metadata import (
    canonical_url,
    json_ld,
    json_ld_items,
    modified_from_metadata,
)
from crawler.extraction.postprocess import (
    author_after_body,
    body_text,
    finish_blocks,
    strip_lead_prefix,
    take_author,
    take_bold_lead,
)
from crawler.extraction.template import (
    SiteTemplate,
    is_site_name,
    learn_page,
    page_site_names,
)
from crawler.models import Article
from crawler.text import nfc

__all__ = [
    "GENERIC_AUTHOR",
    "GENERIC_LEAD",
    "MAX_BODY_CHARS",
    "SiteTemplate",
    "cap_body",
    "detect_family",
    "extract_article",
    "has_prose",
    "learn_from_page",
    "load_families",
]


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
    listed: dict | None = None,
) -> Article:
    """Extract one article page.

    ``cms`` forces a family (else it is detected); ``selectors`` overrides the family's
    article selectors for one source; ``encoding`` is the HTTP charset if known;
    ``use_families=False`` runs the generic path only (JSON-LD, OpenGraph, byline dates,
    main-content scoring); ``template`` is the source's learnt site template (furniture
    removed first, site names never title or author); ``listed`` is what a Google News sitemap
    said of this URL (``{"published": news:publication_date, "title": news:title}``): evidence
    where the page gives no date or title of its own, or an ambiguous one (see
    docs/extraction.md). Never raises on bad markup: missing parts stay None.
    """
    if isinstance(template, dict):
        template = SiteTemplate.from_dict(template)
    if template is not None and not template.mature:
        template = None
    hints = _listed_hints(listed)
    article = _extract(html, url, cms, selectors, encoding, use_families, template, hints)
    if template is not None and not article.is_complete:
        # What the template calls furniture took the article with it (pages alike in all but
        # the title): the page alone knows better.
        article = _extract(html, url, cms, selectors, encoding, use_families, None, hints)
    return article


def _listed_hints(listed: dict | None) -> tuple[str | None, str | None]:
    """(publication time, title) from a sitemap entry, normalised; unreadable values are None."""
    if not listed:
        return None, None
    raw_date, raw_title = listed.get("published"), listed.get("title")
    published = parse_vietnamese_datetime(raw_date) if isinstance(raw_date, str) else None
    title = " ".join(nfc(raw_title).split()) if isinstance(raw_title, str) else ""
    return published, title or None


def _extract(
    html: str | bytes,
    url: str,
    cms: str | None,
    selectors: dict | None,
    encoding: str | None,
    use_families: bool,
    template: SiteTemplate | None,
    hints: tuple[str | None, str | None] = (None, None),
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
    found = Found(names=list(page_names), listed_published=hints[0], listed_title=hints[1])
    if template is not None:
        remove_furniture(root, template.furniture())
        found.names += template.site_names()
        found.affixes = template.title_affixes()
        page_names += template.title_names()
    strip_never_content(root)
    if use_families and (family or selectors):
        apply_selectors(root, found, article_selectors(family, selectors))
        if found.container is not None:
            found.method = f"family:{family}" if family else "selectors"
    generic_fields(root, ld, url, found)
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
    title_parts = title_site_parts(root, found.title)
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


def has_prose(blocks: list[Block], lead: str | None) -> bool:
    """A paragraph of some length (or enough short ones): what a news story has and a document
    record (a table and a PDF link) or a list of links has not."""
    texts = [b.text for b in blocks if b.kind in ("p", "list", "heading") and b.link_ratio < 0.5]
    texts += [lead] if lead else []
    return any(len(t) >= 80 for t in texts) or sum(len(t) for t in texts) >= 200


def _body_blocks(walker: Walker, f: Found) -> list[Block]:
    """Stage 6: the container's blocks without furniture, title, date line and lead."""
    if f.container is None:
        return []
    _detach(f.container, f.title_el, f.date_el, f.lead_el, f.author_el)
    blocks = walker.walk(f.container).blocks
    walker.collect_nearby_attachments(f.container)
    return finish_blocks(blocks, title=f.title, lead=f.lead, author=f.author)
