"""Stage 4, generic fallback: find the main content when no family selector applies."""

from __future__ import annotations

import re

from lxml import etree

from crawler.extraction.blocks import clean_text

_CANDIDATE_TAGS = ("div", "article", "section", "main", "td", "body")
_POSITIVE = re.compile(
    r"(?i)article|content|detail|entry|post|body|text|news|story|noidung|chitiet"
)
_NEGATIVE = re.compile(
    r"(?i)comment|related|lien-?quan|sidebar|footer|header|menu|share|widget|nav"
)
_INLINE = frozenset("a b strong em i span u font br sup sub img".split())
_PARA_TAGS = ("p", "h2", "h3", "h4", "li", "figcaption", "blockquote", "td", "div", "span")


def _own_text(el: etree._Element) -> str:
    """Text directly inside ``el`` (and its inline children), not in block children."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in (
            "a",
            "b",
            "strong",
            "em",
            "i",
            "span",
            "u",
            "font",
            "br",
            "sup",
            "sub",
        ):
            parts.append(child.text_content() or "")
        parts.append(child.tail or "")
    return "".join(parts)


def find_main_content(root: etree._Element) -> etree._Element | None:
    """The element holding the article text, scored readability-style.

    Every text-bearing block gives points (length, commas) to its parent, half to its
    grandparent and a third to the next; link-heavy candidates lose points. The best-scoring
    candidate wins, widened to its parent when that holds clearly more article text.
    """
    scores: dict[etree._Element, float] = {}
    for el in root.iter(*_PARA_TAGS):
        text = clean_text(_own_text(el))
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) / 100, 3)
        parent = el.getparent()
        if el.tag in ("div", "td", "span") and len(text) >= 80:
            parent = el  # a div that holds text directly is itself a paragraph container
            scores[parent] = scores.get(parent, 0) + points
            parent = el.getparent()
            points /= 2
        # Parent, grandparent and great-grandparent share the points (1, 1/2, 1/3): paragraphs
        # wrapped one by one in editor divs still add up in the real container.
        node = parent
        for level in range(3):
            if node is None or not isinstance(node.tag, str):
                break
            scores[node] = scores.get(node, 0) + points / (level + 1)
            node = node.getparent()
    if not scores:
        return None
    best, best_score = None, 0.0
    for node, score in scores.items():
        ident = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _POSITIVE.search(ident):
            score *= 1.25
        if _NEGATIVE.search(ident):
            score *= 0.5
        score *= 1 - min(0.9, _link_density(node))
        if score > best_score:
            best, best_score = node, score
    if best is None:
        return None
    return _climb(_paragraph_run(best))


def _is_text_div(el: etree._Element) -> bool:
    """A ``<div>`` that is one paragraph: inline children only, 80 characters of its own, a
    sentence's end."""
    if el.tag != "div" or any(isinstance(c.tag, str) and c.tag not in _INLINE for c in el):
        return False
    text = clean_text(_own_text(el))
    # Sentences end with a stop; a long title in a div does not.
    return len(text) >= 80 and text[-1] in '.!?…”")'


def _paragraph_run(best: etree._Element) -> etree._Element:
    """The block holding ``best`` when ``best`` is one paragraph-div among several (an editor
    that wraps each paragraph in its own ``<div>``): the story is the run, not its first div."""
    parent = best.getparent()
    if not _is_text_div(best) or parent is None or parent.tag in ("body", "html"):
        return best
    run = [c for c in parent if isinstance(c.tag, str) and _is_text_div(c)]
    whole = len(clean_text(parent.text_content()))
    text = sum(len(clean_text(c.text_content())) for c in run)
    return parent if len(run) >= 2 and text >= 0.6 * whole else best


def _paragraph_chars(el: etree._Element) -> int:
    """Characters of paragraph text inside ``el``, links excluded."""
    total = 0
    for p in el.iter("p", "li", "blockquote", "figcaption"):
        text = clean_text(p.text_content())
        if len(text) >= 25:
            links = sum(len(clean_text(a.text_content())) for a in p.iter("a"))
            total += max(0, len(text) - links)
    return total


def _climb(best: etree._Element) -> etree._Element:
    """Widen the pick while the parent holds clearly more article text and little else.

    Scores only reach two levels up, so paragraphs wrapped one by one in their own divs
    (editor widgets, VCCorp boxes) would otherwise leave the pick on a single wrapper.
    """
    own = _paragraph_chars(best)
    for _ in range(6):
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html") or best.tag == "article":
            break
        wider = _paragraph_chars(parent)
        whole = len(clean_text(parent.text_content()))
        if wider < 1.5 * own or whole == 0 or wider < 0.6 * whole or _link_density(parent) > 0.25:
            break
        best, own = parent, wider
    return best


def _link_density(el: etree._Element) -> float:
    """Share of the text inside links; every link counts as at least 30 characters, so lists of
    short linked titles (other news, menus) weigh as link-heavy as they are."""
    total = len(clean_text(el.text_content()))
    if not total:
        return 1.0
    links = sum(max(30, len(clean_text(a.text_content()))) for a in el.iter("a"))
    return min(1.0, links / total)


def _has_story_link(el: etree._Element) -> bool:
    """A link whose text reads like a story's title (four words or more)."""
    return any(len(a.text_content().split()) >= 4 for a in el.iter("a"))


def _alike(el: etree._Element) -> str:
    return f"{el.tag}.{el.get('class') or ''}"


def is_teaser_list(container: etree._Element | None) -> bool:
    """The main content is a listing: a run of alike entries (cards, list items, table rows),
    each a story link with its summary. Either the container is one such entry (climbing up to
    four levels) or it holds them and they make most of its text. A story whose body ends with a
    few related links is not one: the links are a small part of its text."""
    if container is None:
        return False
    node = container
    for _ in range(4):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if _has_story_link(node) and (
            _alike_entries(parent, _alike(node)) >= 2 or _opens_with_linked_heading(node)
        ):
            return True
        node = parent
    total = len(clean_text(container.text_content()))
    for holder in [container, *[c for c in container if isinstance(c.tag, str)]]:
        groups: dict[str, list[etree._Element]] = {}
        for child in holder:
            if isinstance(child.tag, str):
                groups.setdefault(_alike(child), []).append(child)
        for entries in groups.values():
            linked = [e for e in entries if _has_story_link(e)]
            if len(linked) >= 2:
                share = sum(len(clean_text(e.text_content())) for e in linked)
                if share >= 0.6 * total:
                    return True
    return False


def _opens_with_linked_heading(el: etree._Element) -> bool:
    """The first text of ``el`` is a heading that is all one story link: a teaser's headline
    (a story's own subheadings are not links)."""
    for child in el.iter():
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("h2", "h3", "h4", "h5"):
            links = list(child.iter("a"))
            text = clean_text(child.text_content())
            return (
                len(links) == 1
                and len(text.split()) >= 4
                and clean_text(links[0].text_content()) == text
            )
        if (child.text or "").strip():
            return False
    return False


def _alike_entries(parent: etree._Element, key: str) -> int:
    return sum(
        1 for c in parent if isinstance(c.tag, str) and _alike(c) == key and _has_story_link(c)
    )
