"""Stage 2, clean: parse the page leniently and remove elements that are never content."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_NEVER_CONTENT = (
    "script",
    "style",
    "noscript",
    "iframe",
    "button",
    "select",
    "textarea",
    "svg",
    "template",
    "object",
    "embed",
    "link",
)
# Class/id words of furniture blocks on portals (share bars, related news, menus, banners).
_JUNK_CLASS = re.compile(
    r"(?i)(?:^|[\s_-])(?:share|sharing|social|related|relate|lien-?quan|tinlienquan|other-?news"
    r"|tin-?khac|comment|binh-?luan|breadcrumbs?|menu|navbar|sidebar|banner|advert|ads|quang-?cao"
    r"|footer|header|print|font-?size|textsize|tools?|toolbar|tags?|keywords?|pager|pagination"
    r"|widget|popup|modal|cookie|s4-ribbon|ms-dlg|rating|vote|login)(?:$|[\s_-])"
)
# Never remove these even when their class looks like junk (they wrap the article itself).
_KEEP_CLASS = re.compile(r"(?i)article|content|detail|entry|post-body|bodytext|news-?detail|main")


_CLOSERS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


def parse_html(html: str) -> etree._Element:
    """A lenient lxml tree; broken markup (a stray ``</html>`` after ``<html>``) still parses."""
    # libxml2 stops at an early </html> or </body>; the parser closes them itself anyway.
    html = _CLOSERS.sub("", html)
    if not html.strip():
        html = "<html></html>"
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def strip_never_content(root: etree._Element) -> None:
    """Remove scripts, styles, forms and comments (keeps JSON-LD: it was read before).

    An ASP.NET WebForms page wraps its whole body in one ``<form>``: a form holding the page's
    text is unwrapped, not removed (search and login forms are)."""
    for el in list(root.iter(*_NEVER_CONTENT, etree.Comment)):
        drop_keeping_tail(el)
    for form in list(root.iter("form")):
        if next(form.iter("h1", "p", "article"), None) is not None:
            form.drop_tag()
        else:
            drop_keeping_tail(form)


def strip_junk_blocks(root: etree._Element) -> None:
    """Remove nav/header/footer/aside and blocks whose class or id names furniture."""
    for el in list(root.iter("nav", "header", "footer", "aside")):
        if not _KEEP_CLASS.search(_ident(el)) or el.tag == "nav":
            drop_keeping_tail(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        ident = _ident(el)
        if ident.strip() and _JUNK_CLASS.search(ident) and not _KEEP_CLASS.search(ident):
            drop_keeping_tail(el)


def _ident(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def drop_keeping_tail(el: etree._Element, *, blank_tail: bool = True) -> None:
    """Remove an element but keep its tail text in place (a blank tail too, unless ``blank_tail``
    is False)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and (blank_tail or tail.strip()):
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def drop_selected(root: etree._Element, elements: list[etree._Element]) -> None:
    for el in elements:
        if el is not root:
            drop_keeping_tail(el)
