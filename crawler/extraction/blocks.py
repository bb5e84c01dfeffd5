"""Stage 3b, blocks: walk a content container into paragraphs, headings, captions, tables, lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from crawler.models import Attachment, Image
from crawler.text import nfc

INLINE = frozenset(
    "a abbr b big cite code em font i label mark q s small span strike strong sub sup time tt u"
    " del ins bdi bdo data var kbd wbr nobr".split()
)
SKIP = frozenset(
    "script style noscript iframe form button input select textarea svg canvas object embed"
    " video audio map head nav footer aside".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
ATTACHMENT_EXT = frozenset("pdf doc docx xls xlsx zip rar ppt pptx odt ods".split())
_CAPTION_CLASS = re.compile(
    r"caption|image_desc|imgdesc|img-desc|photo-desc|chuthich|chu-thich"
    r"|PhotoCMS_Caption|figcaption|image-note|desc-img",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")
_BR = "\x00"  # a <br> while collecting inline text; split or turned into a space afterwards
_DOUBLE_BR = re.compile(r"\x00\s*\x00[\s\x00]*")
_ALIGN = re.compile(r"text-align\s*:\s*(right|center)", re.IGNORECASE)


@dataclass
class Block:
    """One paragraph-like piece of the body with the hints postprocessing needs."""

    kind: str  # "p", "heading", "caption", "list", "table"
    text: str
    link_chars: int = 0
    bold: bool = False  # all its text is inside <strong>/<b>
    italic: bool = False  # all its text is inside <em>/<i>
    align: str | None = None  # "right" / "center" when styled so
    images: list[Image] = field(default_factory=list)  # images this caption belongs to

    @property
    def link_ratio(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass
class Collected:
    """What a walk over a container found."""

    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def clean_text(text: str) -> str:
    return _WS.sub(" ", nfc(text).replace(_BR, " ")).strip()


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _inline_parts(
    el: etree._Element,
    parts: list[str],
    marks: dict,
    flags: tuple,
    part_flags: list[tuple] | None = None,
) -> None:
    """Text of an inline subtree; ``marks`` counts characters in links / bold / italic, and
    ``part_flags`` (if given) gets the (link, bold, italic) flags of each part appended."""
    tag = _tag(el)
    if tag in SKIP:
        return
    link, bold, italic = flags
    link = link or tag == "a"
    bold = bold or tag in ("b", "strong") or tag in HEADINGS
    italic = italic or tag in ("i", "em")

    def add(text: str, text_flags: tuple) -> None:
        parts.append(text)
        if part_flags is not None:
            part_flags.append(text_flags)

    if tag == "br":
        add(_BR, (False, False, False))
    if el.text and tag:
        _count(el.text, marks, link, bold, italic)
        add(el.text, (link, bold, italic))
    for child in el:
        _inline_parts(child, parts, marks, (link, bold, italic), part_flags)
        if child.tail:
            _count(child.tail, marks, *flags)
            add(child.tail, flags)


def _piece_marks(parts: list[str], part_flags: list[tuple], start: int, end: int) -> dict:
    """``marks`` of the characters ``start:end`` of ``"".join(parts)``."""
    marks = {"all": 0, "link": 0, "bold": 0, "italic": 0}
    pos = 0
    for text, flags in zip(parts, part_flags, strict=True):
        lo, hi = max(start, pos), min(end, pos + len(text))
        pos += len(text)
        if lo < hi:
            _count(text[lo - (pos - len(text)) : hi - (pos - len(text))], marks, *flags)
    return marks


def _count(text: str, marks: dict, link: bool, bold: bool, italic: bool) -> None:
    n = len(text.strip())
    marks["all"] += n
    marks["link"] += n if link else 0
    marks["bold"] += n if bold else 0
    marks["italic"] += n if italic else 0


def _has_block(el: etree._Element) -> bool:
    for d in el.iter():
        if (
            d is not el
            and isinstance(d.tag, str)
            and d.tag.lower() not in INLINE
            and d.tag.lower() not in ("br", "img")
        ):
            return True
    return False


class Walker:
    """Turns a container element into :class:`Collected` blocks, in document order."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.out = Collected()
        self._seen_src: set[str] = set()
        # Images met since the last paragraph: an italic or centred line right after them is
        # their caption (<p><img></p><p><em>Caption</em></p>, the usual CMS editor output).
        self._uncaptioned: list[Image] = []

    def walk(self, el: etree._Element) -> Collected:
        self._block(el)
        return self.out

    # -- helpers ---------------------------------------------------------------------------
    def _emit(self, kind: str, parts: list[str], marks: dict, el: etree._Element | None) -> None:
        text = clean_text("".join(parts))
        if not text:
            return
        align = None
        if el is not None:
            m = _ALIGN.search(el.get("style") or "") or (
                re.search(r"\b(right|center)\b", el.get("align") or "", re.I)
            )
            align = m.group(1).lower() if m else None
            if kind == "p" and _is_caption_element(el):
                kind = "caption"
        total = max(1, marks["all"])
        italic = marks["italic"] >= 0.95 * total
        pending, self._uncaptioned = self._uncaptioned, []
        if (
            pending
            and kind in ("p", "caption")
            and len(text) < 300
            and (italic or align == "center" or kind == "caption")
        ):
            self._caption_for(pending, text)
            return
        self.out.blocks.append(
            Block(kind, text, marks["link"], marks["bold"] >= 0.95 * total, italic, align)
        )

    def _image(self, img: etree._Element) -> Image | None:
        src = img.get("src") or img.get("data-src") or img.get("data-original")
        if not src or src.startswith("data:"):
            return None
        src = urljoin(self.base_url, src.strip())
        if src in self._seen_src:
            return None
        self._seen_src.add(src)
        image = Image(src=src)
        self.out.images.append(image)
        self._uncaptioned.append(image)
        return image

    def _links(self, el: etree._Element) -> None:
        for a in el.iter("a"):
            href = (a.get("href") or "").strip()
            ext = href.split("?")[0].rsplit(".", 1)[-1].lower() if "." in href else ""
            if ext in ATTACHMENT_EXT:
                url = urljoin(self.base_url, href)
                if all(x.url != url for x in self.out.attachments):
                    title = clean_text(a.text_content()) or None
                    self.out.attachments.append(Attachment(url=url, title=title, kind=ext))

    def collect_nearby_attachments(self, container: etree._Element) -> None:
        """Document links in blocks that follow the body ("Tệp đính kèm" boxes after it)."""
        node, levels = container, 0
        while node is not None and levels < 2:
            for sibling in node.itersiblings():
                ident = f"{sibling.get('class') or ''} {sibling.get('id') or ''}".lower()
                if any(w in ident for w in ("related", "other", "share", "lien-quan", "comment")):
                    continue
                if isinstance(sibling.tag, str):
                    self._links(sibling)
            node, levels = node.getparent(), levels + 1

    def _caption_for(self, images: list[Image], text: str) -> None:
        for image in images:
            image.caption = text
        self._uncaptioned = []
        self.out.blocks.append(Block("caption", text, images=images))

    # -- structure ------------------------------------------------------------------------
    def _block(self, el: etree._Element) -> None:
        tag = _tag(el)
        if tag in SKIP or not tag:
            return
        self._links(el) if tag == "a" else None
        if tag == "img":
            self._image(el)
            return
        if tag == "figure":
            self._figure(el)
            return
        if tag == "table":
            self._table(el)
            return
        if tag in ("ul", "ol"):
            for li in el:
                if _tag(li) == "li":
                    if _has_block(li):
                        self._block(li)
                    else:
                        self._inline_block("list", li)
            return
        if tag in HEADINGS:
            self._inline_block("heading", el)
            return
        if not _has_block(el):
            self._inline_block("p", el)
            return
        # Mixed content: runs of inline text between block children are paragraphs.
        parts: list[str] = [el.text or ""]
        marks = {"all": len((el.text or "").strip()), "link": 0, "bold": 0, "italic": 0}
        for child in el:
            ctag = _tag(child)
            if ctag in INLINE and not _has_block(child) or ctag == "br":
                if ctag == "br":
                    self._emit("p", parts, marks, el)
                    parts, marks = [], {"all": 0, "link": 0, "bold": 0, "italic": 0}
                else:
                    for img in child.iter("img"):
                        self._image(img)
                    self._links(child)
                    _inline_parts(child, parts, marks, (False, False, False))
            else:
                self._emit("p", parts, marks, el)
                parts, marks = [], {"all": 0, "link": 0, "bold": 0, "italic": 0}
                self._block(child)
            if child.tail:
                parts.append(child.tail)
                marks["all"] += len(child.tail.strip())
        self._emit("p", parts, marks, el)

    def _inline_block(self, kind: str, el: etree._Element) -> None:
        for img in el.iter("img"):
            self._image(img)
        self._links(el)
        parts: list[str] = []
        part_flags: list[tuple] = []
        marks = {"all": 0, "link": 0, "bold": 0, "italic": 0}
        _inline_parts(el, parts, marks, (False, False, False), part_flags)
        text = "".join(parts)
        if _BR not in text:
            self._emit(kind, parts, marks, el)
            return
        # <br><br> separates paragraphs; a <div> or cell uses even one <br> that way. Each piece
        # has its own marks: a credit in italics after plain paragraphs is set apart.
        splitter = re.compile(r"\x00") if _tag(el) in ("div", "td", "section") else _DOUBLE_BR
        start = 0
        for m in [*splitter.finditer(text), None]:
            end = m.start() if m else len(text)
            piece_marks = _piece_marks(parts, part_flags, start, end)
            self._emit(kind, [text[start:end]], piece_marks, el)
            start = m.end() if m else len(text)

    def _figure(self, el: etree._Element) -> None:
        images = [i for i in (self._image(img) for img in el.iter("img")) if i]
        self._links(el)
        caption = clean_text(" ".join(c.text_content() for c in el.iter("figcaption")))
        if not caption:  # VCCorp figures: <div class="PhotoCMS_Caption"> instead of <figcaption>
            caption = clean_text(el.text_content())
        if caption:
            self._caption_for(images, caption)

    def _table(self, el: etree._Element) -> None:
        imgs = list(el.iter("img"))
        rows = [r for r in el.iter("tr")]
        cells_text = [
            [clean_text(c.text_content()) for c in r if _tag(c) in ("td", "th")] for r in rows
        ]
        texts = [t for row in cells_text for t in row if t]
        self._links(el)
        # An image table (img in one cell, caption in another) is a figure, not data.
        if imgs and len(texts) <= 2 and len(rows) <= 3:
            images = [i for i in (self._image(img) for img in imgs) if i]
            if texts:
                self._caption_for(images, clean_text(" ".join(texts)))
            return
        for img in imgs:
            self._image(img)
        # A layout table holding long paragraphs: walk it as ordinary content.
        if any(len(t) > 300 for t in texts) or any(_has_block_para(c) for c in el.iter("td")):
            for cell in el.iter("td", "th"):
                self._block(cell)
            return
        # One body paragraph per row, its cells joined by " | " (the contract's body_text), so a
        # table still reads as a table in search snippets and on the article page.
        for row in cells_text:
            line = " | ".join(cell for cell in row if cell)
            if line:
                self.out.blocks.append(Block("table", line))


def _is_caption_element(el: etree._Element) -> bool:
    """The element or one of its two parents is classed as a caption (PhotoCMS_Caption...)."""
    node = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            return False
        if _CAPTION_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


def _has_block_para(cell: etree._Element) -> bool:
    return sum(1 for _ in cell.iter("p")) >= 2
