"""Vietnamese full-text search over articles: folded FTS queries, exact-diacritic ranking, snippets.

The index (storage/schema.py) holds title, lead and body as published, tokenized by FTS5
``unicode61 remove_diacritics 2`` (tones and hoà/hòa folded, đ kept), plus ``search_folded``
(crawler.text.fold: every mark removed and đ→d). A query is folded the same way, so typing
with or without accents finds the same articles. Folding merges distinct words (số/sở → so),
so among the matches, articles containing the words exactly as typed (with their diacritics)
rank first, then those containing the words as a phrase, then FTS5 bm25 with
title > lead > body > folded text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from crawler.search_query import parse_query
from crawler.text import fold, nfc

_WORD = re.compile(r"\w+", re.UNICODE)
FACET_COLUMNS = {
    "province": "a.province",
    "province_now": "a.province_now",
    "source_id": "a.source_id",
    "kind": "s.kind",
    "year": "a.published_year",
    "month": "a.published_month",
    "meeting": "a.is_meeting_report",
    "event_id": "a.event_id",
}


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
    return "" if parsed.empty else parsed.fts("{search_folded}")


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


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` character by character, keeping for each folded char its source index."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def exact_score(text: str, query: str) -> int:
    """How many accented words of ``query`` appear in ``text`` exactly as typed (case aside)."""
    haystack = nfc(text or "").lower()
    score = 0
    for term in query_terms(query):
        if _has_marks(term) and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", haystack):
            score += 1
    return score


def _phrase_pattern(query: str) -> re.Pattern | None:
    terms = [re.escape(fold(t)) for t in query_terms(query)]
    if len(terms) < 2:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(terms) + r"(?!\w)")


def has_phrase(text: str, query: str) -> bool:
    """True when the query's words occur together, in order, in ``text`` (accents ignored)."""
    pattern = _phrase_pattern(query)
    return bool(pattern and pattern.search(fold(text or "")))


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` to highlight for ``query``, accents and đ ignored.

    Where the query's words occur together as a phrase only those places are returned, so
    "chuyen doi so" lights up "chuyển đổi số" and not every "số" or "sơ" of the text.
    """
    text = nfc(text or "")
    folded, index = _fold_with_offsets(text)
    phrase = _phrase_pattern(query)
    matches = list(phrase.finditer(folded)) if phrase else []
    if not matches:
        words = {fold(t) for t in query_terms(query)}
        matches = [
            m for term in words for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", folded)
        ]
    spans = sorted((index[m.start()], index[m.end() - 1] + 1) for m in matches)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Adjacent words ("Đề án 06") become one highlight.
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Snippet:
    """A window of text and the spans inside it to highlight."""

    text: str
    spans: list[tuple[int, int]]
    cut_start: bool
    cut_end: bool


def make_snippet(text: str, query: str, width: int = 240) -> Snippet:
    """The ``width``-character window of ``text`` around the first match, cut at word edges."""
    text = nfc(text or "").replace("\n\n", " ¶ ").replace("\n", " ")
    spans = match_spans(text, query)
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


def search_where(query: str, filters: dict[str, str] | None = None) -> tuple[str, dict]:
    """SQL (from + where) over ``articles a`` joined to ``sources s`` for a search and filters.

    ``filters`` keys are those of ``FACET_COLUMNS``; values compare equal (year and meeting as
    integers). The FTS rank is available as ``f.rank``.
    """
    params: dict = {"fts": fts_query(query)}
    sql = (
        "from articles_fts f join articles a on a.id = f.rowid "
        "left join sources s on s.id = a.source_id where articles_fts match :fts"
    )
    for i, (key, value) in enumerate(sorted((filters or {}).items())):
        if key not in FACET_COLUMNS or value in (None, ""):
            continue
        if key in ("year", "meeting"):
            try:
                value = int(value)
            except ValueError:
                continue
        sql += f" and {FACET_COLUMNS[key]} = :f{i}"
        params[f"f{i}"] = value
    return sql, params


def rank_rows(rows: list[dict], query: str) -> list[dict]:
    """Sort FTS hits: words with their accents as typed first, then the words as a phrase,
    then FTS5 rank (bm25 over title > lead > body > folded text; lower is better)."""

    def key(row: dict) -> tuple:
        text = " ".join(row.get(name) or "" for name in ("title", "lead", "body_text"))
        return (-exact_score(text, query), not has_phrase(text, query), row.get("fts_rank") or 0.0)

    return sorted(rows, key=key)
