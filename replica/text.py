"""The replica's own text normalisation of its ground truth and slugs.

The replica stands for the portals and measures the product, so it shares no code with it: the
ground truth is normalised here (NFC, the look-alike Ð→Đ, odd spaces to one space), as the
contract in docs/architecture.md says stored text is, not with the product's `crawler.text`.
"""

from __future__ import annotations

import re
import unicodedata

_ODD_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalise(text: str) -> str:
    """NFC, U+00D0/U+00F0 (Icelandic eth) → Đ/đ, runs of spaces and odd spaces → one space."""
    text = (
        unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    )
    return _ODD_SPACES.sub(" ", text)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII key: every diacritic removed and đ→d ("Đề án" → "de an")."""
    decomposed = unicodedata.normalize("NFD", normalise(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()
