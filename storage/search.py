"""Search helpers: a query's FTS5 expression (for SQL), and highlighted snippets of results.

Searching itself (newest first, relevance, totals, facets) is storage.search_engine's; the
index is storage.search_index's. Snippets fold the text the same way as the index (accents and
đ ignored) and map matches back to the text as published.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.search_query import parse_query
from crawler.text import fold, nfc
from storage.search_index import MATCH_COLUMNS

_WORD = re.compile(r"\w+", re.UNICODE)
# What crawler.text.nfc turns into one space (its runs of spaces), character by character.
_SPACE_LIKE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]")


def query_terms(query: str) -> list[str]:
    """The words of a query, NFC and lower case, in order, without repeats."""
    seen: list[str] = []
    for word in _WORD.findall(nfc(query or "").lower()):
        if word not in seen:
            seen.append(word)
    return seen


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression of a query in govmon's query language ("" when it has no term).

    Raises ``crawler.search_query.QueryError`` for a query that cannot run.
    """
    parsed = parse_query(query)
    return "" if parsed.empty else parsed.fts(MATCH_COLUMNS)


def ranking_text(query: str) -> str:
    """The words a query looks for, as typed (no OR, no excluded words): for ranking, snippets."""
    parsed = parse_query(query)
    words: list[str] = []
    for alternative in parsed.alternatives:
        for term in alternative:
            if not term.negated:
                words.extend(w for w in term.typed if w not in words)
    return " ".join(words)


def _has_marks(word: str) -> bool:
    return fold(word) != word


_CHAR_FOLD: dict[int, str] = {}


def _fold_with_offsets(text: str) -> tuple[str, list[int] | range]:
    """Fold ``text`` character by character, keeping for each folded char its source index."""
    for char in [c for c in set(text) if ord(c) not in _CHAR_FOLD]:
        _CHAR_FOLD[ord(char)] = fold(char)
    folded = text.translate(_CHAR_FOLD)
    if len(folded) == len(text):  # every character folded to one: offsets are positions
        return folded, range(len(text))
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        out.append(_CHAR_FOLD[ord(char)])
        index.extend([i] * len(_CHAR_FOLD[ord(char)]))
    return "".join(out), index


@lru_cache(maxsize=64)
def _patterns(query: str) -> tuple[re.Pattern | None, tuple[re.Pattern, ...]]:
    """The phrase pattern and the word patterns of ``query`` (a page's 40 snippets share them)."""
    folded = [fold(t) for t in query_terms(query)]
    # Starts with a literal (no look-behind): re then finds candidates with its fast string
    # search instead of trying every position; the start of a word is checked by _word_start.
    phrase = re.compile(r"\W+".join(re.escape(t) for t in folded) + r"(?!\w)")
    words = tuple(re.compile(rf"{re.escape(term)}(?!\w)") for term in set(folded))
    return (phrase if len(folded) >= 2 else None), words


def _word_start(text: str, pos: int) -> bool:
    """True when ``pos`` starts a word of ``text``: the look-behind, without its cost."""
    if pos == 0:
        return True
    before = text[pos - 1]
    return not (before.isalnum() or before == "_")


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` to highlight for ``query``, accents and đ ignored.

    Where the query's words occur together as a phrase only those places are returned, so
    "chuyen doi so" lights up "chuyển đổi số" and not every "số" or "sơ" of the text.
    """
    return _spans(text, query)[0]


def _spans(text: str, query: str) -> tuple[list[tuple[int, int]], bool]:
    """match_spans, and whether its spans are the places of the whole phrase (or the query is
    a single word, so there is no phrase to prefer)."""
    text = nfc(text or "")
    folded, index = _fold_with_offsets(text)
    phrase, words = _patterns(query)
    matches = (
        [m for m in phrase.finditer(folded) if _word_start(folded, m.start())] if phrase else []
    )
    whole = phrase is None or bool(matches)
    if not matches:
        matches = [
            m for word in words for m in word.finditer(folded) if _word_start(folded, m.start())
        ]
    spans = sorted((index[m.start()], index[m.end() - 1] + 1) for m in matches)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Adjacent words ("Đề án 06") become one highlight.
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged, whole


@dataclass
class Snippet:
    """A window of text and the spans inside it to highlight."""

    text: str
    spans: list[tuple[int, int]]
    cut_start: bool
    cut_end: bool


def _prepare(text: str) -> str:
    return nfc(text).replace("\n\n", " ¶ ").replace("\n", " ")


def _prepared_head(text: str, size: int) -> str | None:
    """The start of ``_prepare(text)``, longer than ``size``, prepared from a prefix of ``text``
    only; None when ``text`` is short or no safe cut is found.

    The prefix ends before a plain space that follows a character no preparation step joins
    with what comes after (not a space, not a newline): NFC cannot compose across it, and no
    run of spaces or pair of newlines straddles it, so the result is exactly the start of the
    whole text prepared."""
    cut = size + 256
    if len(text) <= cut:
        return None
    while True:
        cut = text.rfind(" ", 0, cut)
        if cut <= 0:
            return None
        before = text[cut - 1]
        if before != "\n" and _SPACE_LIKE.match(before) is None:
            break
    head = _prepare(text[:cut])
    return head if len(head) > size else None


def make_snippet(text: str, query: str, width: int = 240) -> Snippet:
    """The ``width``-character window of ``text`` around the first match, cut at word edges."""
    # The window sits around the first match: look in the opening first (a page shows 20
    # snippets; preparing and folding whole long bodies for each would dominate its cost).
    # A match starting before the opening's end minus (width + 100) puts the whole window in it.
    # First a short opening (most snippets' first match is in the lead): accepted only when it
    # holds the phrase (or the query is one word), so that it gives the window the longer
    # opening would: the phrase is preferred to single words wherever it occurs in the opening.
    size = width * 8
    head = None
    for opening, phrase_only in ((width * 3, True), (size, False)):
        head = _prepared_head(text or "", opening)
        if head is None:
            continue
        # The opening of a longer text: only the head is prepared, as long as the window fits.
        spans, whole = _spans(head[:opening], query)
        if spans and spans[0][0] + width + 100 <= opening and (whole or not phrase_only):
            return _window(head, spans, width)
    text = _prepare(text or "")
    opening = text[:size]
    # (When the long head was looked at, its opening is this one: no need to look again.)
    spans = match_spans(opening, query) if len(opening) < len(text) and head is None else []
    if not spans or spans[0][0] + width + 100 > len(opening):
        spans = match_spans(text, query)
    return _window(text, spans, width)


def _window(text: str, spans: list[tuple[int, int]], width: int) -> Snippet:
    """The window of ``text`` (or of a head of it longer than the window's end) around spans."""
    if len(text) <= width:
        return Snippet(text, spans, False, False)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end
    ]
    return Snippet(text[start:end], window, start > 0, end < len(text))


def snippet_html(text: str, query: str, width: int = 240) -> str:
    """Escaped snippet with ``<mark>`` around matches: safe to insert in a page as HTML."""
    snip = make_snippet(text, query, width)
    parts, pos = [], 0
    for start, end in snip.spans:
        parts.append(html.escape(snip.text[pos:start]))
        parts.append(f"<mark>{html.escape(snip.text[start:end])}</mark>")
        pos = end
    parts.append(html.escape(snip.text[pos:]))
    return ("… " if snip.cut_start else "") + "".join(parts) + (" …" if snip.cut_end else "")


def snippet_text(text: str, query: str, width: int = 200) -> str:
    """Plain-text snippet with matches in [brackets], for tables and canned queries."""
    snip = make_snippet(text, query, width)
    out, pos = [], 0
    for start, end in snip.spans:
        out.append(snip.text[pos:start] + "[" + snip.text[start:end] + "]")
        pos = end
    out.append(snip.text[pos:])
    return ("… " if snip.cut_start else "") + "".join(out) + (" …" if snip.cut_end else "")
