"""Vietnamese text normalisation: one place for NFC, look-alike letters, tone placement and folding."""

from __future__ import annotations

import re
import unicodedata

# U+00D0 (Icelandic eth) is often typed for U+0110 (Vietnamese Đ); they look the same.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    """NFC, look-alike Ð→Đ, non-breaking and odd spaces to one space (newlines kept)."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    return _SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Accent-free, lower-case key: every diacritic removed and đ→d ("Đề án" → "de an")."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()
