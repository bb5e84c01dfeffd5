"""Stage 4, generic fallback: find the main content when no family selector applies."""

from __future__ import annotations

import re

from lxml import etree

from crawler.extraction.blocks import clean_text

_CANDIDATE_TAGS = ("div", "article", "section", "main", "td", "body")
_POSITIVE = re.compile(r"(?i)article|content|detail|entry|post|body|text|news|story|noidung|chitiet")
_NEGATIVE = re.compile(r"(?i)comment|related|lien-?quan|sidebar|footer|header|menu|share|widget|nav")
_PARA_TAGS = ("p", "h2", "h3", "h4", "li", "figcaption", "blockquote", "td", "div", "span")


def _own_text(el: etree._Element) -> str:
    """Text directly inside ``el`` (and its inline children), not in block children."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in ("a", "b", "strong", "em", "i", "span",
                                                       "u", "font", "br", "sup", "sub"):
            parts.append(child.text_content() or "")
        parts.append(child.tail or "")
    return "".join(parts)


def find_main_content(root: etree._Element) -> etree._Element | None:
    """The element holding the article text, scored readability-style.

    Every text-bearing block gives points (length, commas) to its parent and half to its
    grandparent; link-heavy candidates lose points. The best-scoring candidate wins.
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
        for level, node in enumerate((parent, parent.getparent() if parent is not None else None)):
            if node is None or not isinstance(node.tag, str):
                continue
            scores[node] = scores.get(node, 0) + (points if level == 0 else points / 2)
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
    # Climb when the parent holds clearly more paragraphs (text split over sibling divs).
    parent = best.getparent()
    if parent is not None and parent.tag not in ("body", "html") and best.tag not in ("article",):
        own = len(clean_text(best.text_content()))
        whole = len(clean_text(parent.text_content()))
        if whole and own / whole < 0.6 and scores.get(parent, 0) > 0.8 * scores.get(best, 0):
            best = parent
    return best


def _link_density(el: etree._Element) -> float:
    total = len(clean_text(el.text_content()))
    if not total:
        return 1.0
    links = sum(len(clean_text(a.text_content())) for a in el.iter("a"))
    return links / total
