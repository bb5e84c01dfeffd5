"""Vietnamese text normalisation: one place for NFC, look-alike letters, tone placement and folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# U+00D0 (Icelandic eth) is often typed for U+0110 (Vietnamese Đ); they look the same: see nfc().
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ALL_WHITESPACE = re.compile(r"\s+")
# What _SPACES would change: an odd space, or two spaces in a row (see _has_odd_spaces).
_ODD_SPACES = ("  ", "\t", "\u00a0", "\u202f", "\u205f", "\u3000") + tuple(
    chr(c) for c in range(0x2000, 0x200C)
)


def _has_odd_spaces(text: str) -> bool:
    """Does ``text`` hold one of _ODD_SPACES? One substring search each, spelled out: a
    generator over them cost more than the searches on the short fields of every article."""
    return (
        "  " in text
        or "\t" in text
        or "\u00a0" in text
        or "\u202f" in text
        or "\u205f" in text
        or "\u3000" in text
        or "\u2000" in text
        or "\u2001" in text
        or "\u2002" in text
        or "\u2003" in text
        or "\u2004" in text
        or "\u2005" in text
        or "\u2006" in text
        or "\u2007" in text
        or "\u2008" in text
        or "\u2009" in text
        or "\u200a" in text
        or "\u200b" in text
    )


# Tone marks (combining, NFD) in Vietnamese order: huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _with_tone(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


def _build_tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """The "new style" spellings of open oa/oe/uy syllables and their "old style" equivalents.

    Vietnamese has two accepted tone placements for the open (no final consonant) rhymes
    oa, oe and uy: the "new style" (kiểu mới) puts the mark on the main vowel — hoà, khoẻ,
    thuỷ, uỷ — and the "old style" (kiểu cũ) on the first vowel — hòa, khỏe, thủy, ủy. With a
    final consonant both styles agree (hoàng, khuyến), and in "qu" + y the u belongs to the
    onset (quý), so those are left alone. Our canonical form is the old style, the one most
    Vietnamese government text and the province list use.
    """
    table: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for mark in TONE_MARKS:
                for f, s in (
                    (first, second),
                    (first.upper(), second.upper()),
                    (first.upper(), second),
                ):
                    table[f + _with_tone(s, mark)] = _with_tone(f, mark) + s
    seconds = "".join(sorted({key[1] for key in table}))
    # Not after q/Q (quý, Quỳnh) and only at the end of a syllable (not before another letter).
    # A character class (not an alternation of every pair) keeps this fast on long bodies.
    pattern = re.compile(rf"(?<![qQ])[oOuU][{seconds}](?!\w)")
    return pattern, table


_TONE_PATTERN, _TONE_TABLE = _build_tone_table()


def nfc(text: str) -> str:
    """NFC, look-alike Ð→Đ, non-breaking and odd spaces to one space (newlines kept)."""
    # str.replace is much faster than str.translate on long bodies.
    text = (
        unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    )
    # Looking for what would change is far cheaper than substituting every single space.
    return _SPACES.sub(" ", text) if _has_odd_spaces(text) else text


@lru_cache(maxsize=256)
def normalize_tones(text: str) -> str:
    """NFC text with the old-style tone placement for open oa/oe/uy ("hoà"→"hòa", "uỷ"→"ủy").

    Only the position of the tone mark changes; letters, case and spacing are kept. Idempotent.
    """
    return _TONE_PATTERN.sub(lambda m: _TONE_TABLE.get(m.group(0), m.group(0)), nfc(text))


def normalize_space(text: str) -> str:
    """Every run of whitespace (newlines included) to one space, trimmed."""
    return _ALL_WHITESPACE.sub(" ", text).strip()


def match_key(text: str) -> str:
    """The key keyword rules match on: NFC, Ð→Đ, canonical tones, lower case, single spaces.

    Diacritics are kept (folding would merge distinct words such as số/sở), so "Uỷ ban" and
    "Ủy ban", NFC and NFD input, give the same key.
    """
    return normalize_space(normalize_tones(text).lower())


def fold(text: str) -> str:
    """Accent-free, lower-case key: every diacritic removed and đ→d ("Đề án" → "de an")."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()
