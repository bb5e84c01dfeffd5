"""What the replica sends besides rendered pages: the Page value, legacy encodings, fake files, a PNG."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Page:
    """A rendered response: status, content type, body and the Last-Modified moment."""

    status: int
    content_type: str
    body: bytes
    last_modified: dt.datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)


HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


CHARSET_UTF8 = re.compile(r"charset=[\"']?utf-8", re.IGNORECASE)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode for a legacy code page. windows-1258 has few precomposed Vietnamese letters: the
    others go out as a base letter it has plus combining tone marks, as real cp1258 sites send."""
    # Compose first: decomposed input (an NFD page) would leave marks the code page lacks on
    # their own (U+0302, U+0306, U+031B), and those could only go out as character references.
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode(encoding)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        # Fold into the base the marks that keep it in the code page (ê, ơ, ư, ă, â, ô), in any
        # order: NFD puts the dot below before the circumflex of "ộ".
        changed = True
        while changed:
            changed = False
            for i, mark in enumerate(marks):
                composed = unicodedata.normalize("NFC", base + mark)
                if len(composed) == 1 and _encodable(composed, encoding):
                    base, marks, changed = composed, marks[:i] + marks[i + 1 :], True
                    break
        out += (base + marks).encode(encoding, errors="xmlcharrefreplace")
    return bytes(out)


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def file_page(name: str) -> Page:
    """Small fake document bytes of the attachment's type."""
    ext = name.rsplit(".", 1)[-1].lower()
    if ext == "pdf":
        body = (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        )
        return Page(200, "application/pdf", body)
    if ext in ("doc", "xls", "ppt"):
        return Page(
            200,
            "application/msword" if ext == "doc" else "application/octet-stream",
            bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        )
    if ext in ("docx", "xlsx", "pptx", "zip"):
        return Page(200, "application/octet-stream", b"PK\x05\x06" + b"\0" * 18)
    return Page(200, "application/octet-stream", b"replica attachment " + name.encode())


# A 1x1 transparent PNG: every article image path gets it.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
