"""Stage 6, postprocess: drop furniture, split off lead and author, attach captions, join the body."""

from __future__ import annotations

import re

from lxml import etree

from crawler.dates import find_full_dates
from crawler.extraction.blocks import Block, clean_text
from crawler.text import fold

# Whole paragraphs that are page furniture, matched on the folded (accent-free) text.
_FURNITURE = re.compile(
    r"^(?:a\s*-?\s*a\s*\+?|a\s*a\s*a|a- a a\+|skip ribbon commands|skip to main content"
    r"|bo qua noi dung chinh|nhay den noi dung|chia se|share|tweet|in bai|in trang|ban in|print"
    r"|gui email|gui bai|email|facebook|twitter|zalo|linkedin|luu tin|quay lai|tro ve|tro lai"
    r"|len dau trang|ve dau trang|top|xem them|doc tiep|xem tiep|binh luan|y kien ban doc"
    r"|co chu\s*:?.*|xem voi co chu.*|font size.*|kich thuoc chu.*|luot xem\s*:?\s*\d*"
    r"|\d+\s*luot xem|tags?\s*:.*|tu khoa\s*:.*|chuyen muc\s*:.*|danh gia bai viet.*"
    r"|(?:\d+\s*)?(?:like|thich)|chia se bai viet.*)$"
)
_RELATED = re.compile(
    r"^(?:tin lien quan|bai lien quan|bai viet lien quan|(?:tin |bai |bai viet |tin bai )?cung"
    r" (?:chuyen muc|chu de|loai)|cac tin khac"
    r"|tin khac|tin moi hon|tin cu hon|tin da dua|bai viet khac|xem them cac tin|doc them"
    r"|tin bai lien quan|cac bai viet khac|cac tin da dua)\b"
)
_FILE_NAME = re.compile(r"(?i)^[\w.()%+-]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)$")
# Leading source credit of a lead: "(backancity.gov.vn)- ", "(Chinhphu.vn) - ", "TPO - ", " - ".
_LEAD_PREFIX = re.compile(
    r"^\s*(?:\((?:[^()]{2,60})\)\s*[-–—:]?\s*|[A-ZĐ]{2,10}(?:\.VN)?\s+[-–—]\s+|[-–—]\s*)"
)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ.'’-]*$")
# Source credits that end a story ("Theo mic.gov.vn") stay in the body; these are bylines.
# A source credit: "Theo Báo Quảng Ninh", "Theo TTXVN" (names may be domains: "mic.gov.vn").
_CREDIT = re.compile(r"(?i)^theo\s+(.{2,60})$")
_DOMAIN = re.compile(r"(?i)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)")
_BYLINE = re.compile(
    r"(?i)^(?:tác giả|người viết|phóng viên|pv|tin, ảnh|tin và ảnh|bài, ảnh"
    r"|bài và ảnh)\s*[:：-]?\s*(.+)$"
)


def strip_lead_prefix(lead: str) -> str:
    """Remove a lead's source credit or stray dash: "(backancity.gov.vn)- Chiều 12/7" → "Chiều 12/7"."""
    lead = clean_text(lead)
    stripped = _LEAD_PREFIX.sub("", lead, count=1)
    return stripped if len(stripped) > 20 else lead


def is_furniture(text: str) -> bool:
    if len(text) > 120:  # furniture is short; folding long paragraphs is wasted time
        return False
    folded = fold(text).strip(" .:|»›>-–")
    return bool(_FURNITURE.match(folded)) or bool(_FILE_NAME.match(text)) or not folded


def looks_like_name(text: str) -> bool:
    """ "Đặng Tuyết", "TRỌNG TÍN", "Hoàng Quý - Minh Thư", "Minh Hằng (CTV)": capitalised words."""
    core = re.sub(r"\s*\([^()]{1,20}\)\s*$", "", text)  # "(CTV)", "(TTXVN)"
    words = re.sub(r"\s+[-–,]\s+|,\s*", " ", core).split()
    if not 1 <= len(words) <= 7 or len(text) > 60 or text.endswith((".", ":", ";")):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def drop_related(blocks: list[Block]) -> list[Block]:
    """Cut "Tin liên quan" sections: the heading and the link list that follows it."""
    out: list[Block] = []
    skipping = False
    for block in blocks:
        if len(block.text) < 60 and _RELATED.match(fold(block.text)):
            skipping = True
            continue
        if skipping and (block.link_ratio > 0.5 or block.kind == "list" and block.link_chars):
            continue
        skipping = False
        out.append(block)
    return out


def drop_link_lists(blocks: list[Block]) -> list[Block]:
    """Drop runs of two or more link-only paragraphs (footer and "other news" link blocks)."""
    keep = [True] * len(blocks)
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].link_ratio > 0.8 and blocks[j].kind != "caption":
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                keep[k] = False
        i = max(j, i + 1)
    return [b for b, k in zip(blocks, keep, strict=True) if k]


def _is_source_name(text: str) -> bool:
    """A credited source: "Báo Chính phủ", "Cổng TTĐT tỉnh", "TTXVN", "mic.gov.vn" (an
    organisation's name keeps lower-case words; a sentence has more words or punctuation)."""
    if _DOMAIN.fullmatch(text):
        return True
    words = text.split()
    return (
        1 <= len(words) <= 8
        and bool(_NAME_WORD.match(words[0]))
        and not re.search(r"[.;:!?]", text)
    )


def _is_date_line(block: Block) -> bool:
    return len(block.text) < 120 and bool(find_full_dates(block.text))


def take_author(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """A last short paragraph that is a name (bold, right-aligned or upper case) is the author;
    so is a source credit set apart the same way ("Theo Báo Quảng Ninh" right-aligned in
    italics). Date lines printed after it are looked past."""
    end = len(blocks)
    while end > 0 and _is_date_line(blocks[end - 1]):
        end -= 1
    for idx in range(end - 1, max(-1, end - 3), -1):
        block = blocks[idx]
        m = _BYLINE.match(block.text)
        if m and len(m.group(1)) < 60:
            return clean_text(m.group(1)).strip(" .,"), blocks[:idx] + blocks[idx + 1 :]
        m = _CREDIT.match(block.text)
        set_apart = block.bold or block.italic or block.align == "right"
        source = m.group(1).strip(" .") if m else ""
        if m and set_apart and block.kind == "p" and _is_source_name(source):
            return source, blocks[:idx] + blocks[idx + 1 :]
        if (
            block.kind in ("p", "heading")
            and looks_like_name(block.text)
            and (block.bold or block.align == "right" or block.text.isupper() or block.italic)
        ):
            return block.text.strip(" .,"), blocks[:idx] + blocks[idx + 1 :]
        if block.kind == "caption" or len(block.text) > 60:
            break
    return None, blocks


def finish_blocks(
    blocks: list[Block],
    *,
    title: str | None,
    lead: str | None,
    author: str | None,
    drop_dates: bool = True,
) -> list[Block]:
    """The body blocks without furniture, title, date lines, a repeated lead or the author line."""
    title_key = fold(title or "")
    lead_key = fold(strip_lead_prefix(lead)) if lead else ""
    author_key = fold(author or "")
    out: list[Block] = []
    for block in drop_link_lists(drop_related(blocks)):
        text = block.text
        if block.kind != "table" and is_furniture(text):  # a "-" cell is data, not furniture
            continue
        if not out:  # title, date line and repeated lead can only open the body
            key = fold(text)
            if title_key and (key == title_key or key.rstrip(". ") == title_key):
                continue
            if drop_dates and len(text) < 80 and find_full_dates(text):
                continue  # the date line under the title
            if lead_key and (key == lead_key or fold(strip_lead_prefix(text)) == lead_key):
                continue
        if author_key and len(text) < 80 and fold(text).strip(" .") == author_key:
            continue
        out.append(block)
    return out


def body_text(blocks: list[Block]) -> str | None:
    text = "\n\n".join(b.text for b in blocks if b.text)
    return text or None


def take_bold_lead(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """A first body paragraph set wholly in bold is the sapo (the usual editor habit)."""
    if blocks and blocks[0].kind == "p" and blocks[0].bold and 60 <= len(blocks[0].text) <= 1500:
        return blocks[0].text, blocks[1:]
    return None, blocks


def author_after_body(container: etree._Element) -> str | None:
    """A name in bold (or capitals) in the first non-empty block right after the body."""
    for sibling in container.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        text = clean_text(sibling.text_content())
        if not text:
            continue
        bold = clean_text(" ".join(b.text_content() for b in sibling.iter("strong", "b")))
        if looks_like_name(text) and (bold == text or text.isupper()):
            return text.strip(" .,")
        # A source credit set apart the same way ("Theo TTXVN" right-aligned in italics).
        m = _CREDIT.match(text)
        italic = clean_text(" ".join(i.text_content() for i in sibling.iter("em", "i")))
        aligned = "right" in (sibling.get("style") or "") + (sibling.get("align") or "")
        if m and (bold == text or italic == text or aligned) and _is_source_name(m.group(1)):
            return m.group(1).strip(" .")
        return None
    return None
