"""Bytes as the portal serves them: UTF-8, UTF-8 with a BOM, windows-1258 with combining tone marks."""

from __future__ import annotations

import unicodedata

# The five Vietnamese tone marks; windows-1258 has them only as combining characters.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """windows-1258 the way legacy portals wrote it: base letters precomposed, tones combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONES)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", base)
        out += (base + tones).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


def encode_page(
    html: str, encoding: str, nfd: bool, header_charset: bool = True
) -> tuple[bytes, str]:
    """(body, Content-Type) for one HTML page; without `header_charset` only the page's <meta> says."""
    if nfd:
        html = unicodedata.normalize("NFD", html)
    if encoding == "cp1258":
        return to_cp1258(html), "text/html; charset=windows-1258" if header_charset else "text/html"
    if encoding == "utf8_bom":
        return b"\xef\xbb\xbf" + html.encode("utf-8"), "text/html"
    if encoding == "meta_only":
        return html.encode("utf-8"), "text/html"
    return html.encode("utf-8"), "text/html; charset=utf-8"
