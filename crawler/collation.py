"""Vietnamese alphabetical order (a ă â b c d đ e ê ... ư v x y), for lists of names."""

from __future__ import annotations

import unicodedata

ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(ALPHABET)}
# Combining marks that make a separate letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> list[tuple[str, int]]:
    """(letter with its letter-making marks, tone rank) for each base character."""
    out: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFD", text.lower().replace("đ", "\x00")):
        if unicodedata.combining(char):
            if not out:
                continue
            letter, tone = out[-1]
            if char in _LETTER_MARKS:
                out[-1] = (unicodedata.normalize("NFC", letter + char), tone)
            else:
                out[-1] = (letter, _TONE_RANK.get(char, tone))
        else:
            out.append(("đ" if char == "\x00" else char, 0))
    return out


def vietnamese_key(text: str | None) -> tuple:
    """Sort key: letters in the Vietnamese alphabet first, tones only to break ties.

    Python's default order puts "Đắk Lắk" after "Yên Bái" and "Ả" after "Z"; a Vietnamese
    reader expects Đ right after D, and tone marks to matter only between otherwise equal words.
    """
    letters = _letters(text or "")
    primary = tuple(
        (_LETTER_RANK[letter], "")
        if letter in _LETTER_RANK
        else (-1, "")
        if letter.isspace()
        else (len(ALPHABET), letter)
        for letter, _ in letters
    )
    return primary, tuple(tone for _, tone in letters)
