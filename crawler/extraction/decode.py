"""Stage 1, decode: bytes → NFC text, from the declared charset, the meta charset, or windows-1258."""

from __future__ import annotations

import codecs
import re
import unicodedata

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Names portals put in headers/meta that Python spells differently.
_ALIASES = {
    "windows-1258": "cp1258",
    "win-1258": "cp1258",
    "x-cp1258": "cp1258",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_encoding(data: bytes) -> str | None:
    """The charset a page declares for itself (BOM or ``<meta charset>``), or None."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    m = _META_CHARSET.search(data[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


def decode_html(html: str | bytes, encoding: str | None = None) -> str:
    """Decode a page and normalise it to NFC.

    Order: the caller's ``encoding`` (HTTP header), the page's own declaration, UTF-8, then
    windows-1258 (cp1258 decodes to decomposed marks, hence NFC afterwards; NFD pages too).
    """
    if isinstance(html, bytes):
        text = None
        for name in (_codec(encoding), sniff_encoding(html), "utf-8"):
            if not name:
                continue
            try:
                text = html.decode(name)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            text = html.decode("cp1258", errors="replace")
        html = text.lstrip("\ufeff")
    # lxml refuses str input that carries an XML encoding declaration.
    html = _XML_DECL.sub("", html, count=1)
    return unicodedata.normalize("NFC", html)
