"""govmon's one query language: parsing, folding, FTS5 expressions and matching (pure).

The search page, Datasette's ``?_search=``, the ``search_feed`` canned query and saved watches
all read a query with :func:`parse_query`, so one text means the same thing everywhere::

    chuyen doi so               every word, accents optional, in any order
    "uy ban quoc gia"           a phrase: these words together, in this order
    de an 06 -ubnd              '-' excludes a word or a "phrase"
    "de an 06" OR "chuyen doi so" hoi nghi
                                ' OR ' (upper case) separates alternatives; the words on each
                                side of it belong to that side: (A) OR (B C)

Words are compared folded (:func:`search_fold`: every mark removed, đ→d, lower case), so both
tone placements (hoà/hòa) and accent-free typing find the same articles. A word of several
tokens ("06/CP", "covid-19") is a phrase of its tokens, as the FTS5 tokenizer splits it.
Exact-accent ranking uses :func:`exact_tokens` (tones in one canonical placement, marks kept).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crawler.text import nfc, normalize_tones

# Tokens as FTS5 unicode61 cuts them: runs of letters and digits (underscore separates).
_TOKEN = re.compile(r"[^\W_]+")
# A lexer over the query: "phrase" (closing quote optional), OR, or a bare word.
_LEXEME = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<or>OR)(?=\s|$)|(?P<word>[^\s"]+)')
# Punctuation common in Vietnamese text; any of it is a token separator, so a space will do.
_PUNCTUATION = "“”‘’–—…«»·•\u00a0"
# Characters the ASCII fast path of search_fold cannot take: not ASCII, not a Latin mark.
_NOT_FAST = re.compile("[^\x00-\x7f\u0300-\u036f]")
MAX_TERMS = 32


class QueryError(ValueError):
    """A query that cannot be run; the message says why, in the user's words."""


def search_fold(text: str) -> str:
    """Accent-free lower-case text for the index and the query: marks removed, đ→d.

    Folds exactly like ``crawler.text.fold`` on letters and digits (tokens are what count);
    punctuation may differ. An ASCII fast path keeps the bulk write path cheap.
    """
    if not text:
        return ""
    for mark in _PUNCTUATION:
        if mark in text:  # str.replace per mark is much faster than str.translate
            text = text.replace(mark, " ")
    decomposed = unicodedata.normalize("NFD", text)
    for before, after in (("đ", "d"), ("Đ", "D"), ("\u00d0", "D"), ("\u00f0", "d")):
        decomposed = decomposed.replace(before, after)
    if _NOT_FAST.search(decomposed) is None:
        return decomposed.encode("ascii", "ignore").decode("ascii").lower()
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.lower()


# index_fold's cache: a word (as split on whitespace) and its search_fold. Bodies are written
# with a few thousand distinct Vietnamese syllables; cleared when it grows past the bound.
_FOLDED_WORDS: dict[str, str] = {}
_FOLDED_WORDS_MAX = 500_000


def index_fold(text: str) -> str:
    """The text the index stores for ``text``: the tokens of :func:`search_fold` in the same
    order, each whitespace-separated word folded once and remembered, joined by single spaces.

    Folding is per character, and whitespace only separates tokens (for the FTS5 tokenizer and
    for :func:`fold_tokens`), so the tokens are those of ``search_fold(text)``; only the spacing
    differs. The bulk write path folds every body: a dictionary look-up per word replaces a
    Unicode decomposition of the whole text (docs/search.md has the measurements).
    """
    if not text:
        return ""
    cache = _FOLDED_WORDS
    if len(cache) > _FOLDED_WORDS_MAX:
        cache.clear()
    words = text.split()
    try:
        return " ".join([cache[w] for w in words])
    except KeyError:
        pass
    out = []
    for word in words:
        folded = cache.get(word)
        if folded is None:
            folded = cache[word] = search_fold(word)
        out.append(folded)
    return " ".join(out)


def fold_tokens(text: str) -> list[str]:
    """The folded tokens of ``text``, in order."""
    return _TOKEN.findall(search_fold(text))


def exact_text(text: str) -> str:
    """``text`` with its marks kept and tones placed one way (hoà→hòa): the exact-match column."""
    return normalize_tones(nfc(text)) if text else ""


def exact_tokens(text: str) -> list[str]:
    """Lower-case tokens of ``text`` with their accents, tone placement made canonical."""
    return _TOKEN.findall(exact_text(text).lower())


def _quote(tokens: Sequence[str]) -> str:
    # Tokens are letters and digits only, so they never hold a double quote.
    return '"' + " ".join(tokens) + '"'


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase: its folded tokens, its tokens as typed, and its sign."""

    tokens: tuple[str, ...]
    typed: tuple[str, ...]
    negated: bool = False
    quoted: bool = False

    def found_in(self, padded: str) -> bool:
        """True when the tokens occur together in ``padded`` (tokens joined by single spaces,
        with a space at each end)."""
        return f" {' '.join(self.tokens)} " in padded


@dataclass(frozen=True)
class Query:
    """A parsed query: alternatives joined by OR, each a list of required and excluded terms."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]

    @property
    def empty(self) -> bool:
        """True when the query has no term: it matches everything (watches) or nothing (search)."""
        return not self.alternatives

    def fts(self, columns: str = "") -> str:
        """The FTS5 MATCH expression; ``columns`` ("{title body}") restricts every phrase."""
        prefix = f"{columns} : " if columns else ""
        parts = []
        for alternative in self.alternatives:
            required = [prefix + _quote(t.tokens) for t in alternative if not t.negated]
            excluded = [prefix + _quote(t.tokens) for t in alternative if t.negated]
            expression = "(" + " AND ".join(required) + ")"
            if excluded:
                expression = f"({expression} NOT ({' OR '.join(excluded)}))"
            parts.append(expression)
        return " OR ".join(parts)

    def matches(self, fields: Iterable[str]) -> bool:
        """Does an article whose indexed fields are ``fields`` (title, text...) satisfy the query?

        The same rules as the FTS5 expression: a phrase lies inside one field, a term may be in
        any field. An empty query matches everything.
        """
        if self.empty:
            return True
        padded = [" " + " ".join(fold_tokens(f or "")) + " " for f in fields]
        for alternative in self.alternatives:
            if all(any(t.found_in(p) for p in padded) != t.negated for t in alternative):
                return True
        return False

    def accented_words(self) -> list[str]:
        """Required words typed with marks (canonical tones), for exact-accent ranking."""
        words: list[str] = []
        for alternative in self.alternatives:
            for term in alternative:
                if term.negated:
                    continue
                for typed, folded in zip(term.typed, term.tokens, strict=False):
                    if typed != folded and typed not in words:
                        words.append(typed)
        return words

    def loose_phrases(self) -> list[tuple[str, ...]]:
        """For each alternative with two or more unquoted words, those words as one phrase:
        articles holding them together rank above those holding them apart."""
        phrases = []
        for alternative in self.alternatives:
            loose = [tok for t in alternative if not t.negated and not t.quoted for tok in t.tokens]
            if len(loose) >= 2:
                phrases.append(tuple(loose))
        return phrases

    def words(self) -> list[str]:
        """Every required folded token, for highlighting."""
        seen: list[str] = []
        for alternative in self.alternatives:
            for term in alternative:
                if not term.negated:
                    seen.extend(tok for tok in term.tokens if tok not in seen)
        return seen


def _term(text: str, negated: bool, quoted: bool) -> Term | None:
    typed = tuple(exact_tokens(text))
    tokens = tuple(fold_tokens(text))
    if not tokens:
        return None
    if len(typed) != len(tokens):  # a letter folding to nothing: keep the folded form
        typed = tokens
    return Term(tokens, typed, negated, quoted or len(tokens) > 1)


def parse_query(text: str) -> Query:
    """Parse a query (see the module's docstring); raises QueryError when it cannot run.

    An alternative made only of exclusions cannot run on an index ("-hoi" alone asks for
    every article without "hoi"), so it is an error, as is a query of more than MAX_TERMS terms.
    """
    text = nfc(text or "").strip()
    alternatives: list[list[Term]] = [[]]
    for m in _LEXEME.finditer(text):
        if m.group("or"):
            alternatives.append([])
            continue
        if m.group("phrase") is not None:
            term = _term(m.group("phrase"), bool(m.group("neg")), quoted=True)
        else:
            word = m.group("word")
            negated = word.startswith("-") and len(word) > 1
            term = _term(word[1:] if negated else word, negated, quoted=False)
        if term is not None and term not in alternatives[-1]:
            alternatives[-1].append(term)
    kept = tuple(tuple(a) for a in alternatives if a)
    if sum(len(a) for a in kept) > MAX_TERMS:
        raise QueryError(f"too many terms (at most {MAX_TERMS})")
    for alternative in kept:
        if all(t.negated for t in alternative):
            shown = " ".join("-" + " ".join(t.typed) for t in alternative)
            raise QueryError(
                f"'{shown}' only excludes: add a word to look for (e.g. chuyen doi so {shown})"
            )
    return Query(text, kept)


def check_query(text: str) -> str | None:
    """The error message for ``text``, or None when it parses."""
    try:
        parse_query(text)
    except QueryError as exc:
        return str(exc)
    return None
