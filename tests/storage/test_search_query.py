"""The one query language: parser, folding, matching, and agreement with SQLite FTS5 (Hypothesis)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.search_query import (
    QueryError,
    exact_tokens,
    fold_tokens,
    index_fold,
    parse_query,
    search_fold,
)
from crawler.text import fold
from storage.search_index import MATCH_COLUMNS, create_index, index_rows, index_values

TITLE = "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số"
BODY = "Thủ tướng chủ trì hội nghị. Tỉnh Hoà Bình triển khai Đề án 06/CP."


def hits(query: str, title: str = TITLE, body: str = BODY) -> bool:
    return parse_query(query).matches([title, body])


def test_exclusion_excludes_instead_of_requiring():
    # The old search page turned "-hoi" into a required "hoi".
    assert hits("chuyen doi so")
    assert not hits("chuyen doi so -hoi")
    assert hits("chuyen doi so -phong")
    assert not hits('chuyen doi so -"hoi nghi"')
    assert hits('chuyen doi so -"nghi hoi"')


def test_or_separates_alternatives_of_words_and_phrases():
    # The docs' watch example: (A and B) OR C.
    query = '"uy ban quoc gia" "chuyen doi so" OR "de an 06"'
    assert hits(query)
    assert hits(query, title="Tin khác", body="Triển khai Đề án 06")
    assert not hits(query, title="Ủy ban quốc gia", body="không liên quan")
    assert hits("vietnamese OR de an")
    assert not hits("or")  # lower-case or is a word


def test_accents_optional_with_d_folded_and_both_tone_placements():
    assert hits("ĐỀ ÁN 06")
    assert hits("de an 06")
    assert hits("hòa bình") and hits("hoà bình") and hits("hoa binh")
    assert hits("uỷ ban") and hits("ủy ban")
    assert hits("\u00d0ề án")  # look-alike Ð typed for Đ
    assert not hits("chuyen doi sot")  # whole words only


def test_phrases_need_their_words_together_in_one_field():
    assert hits('"chu tri hoi nghi"')
    assert not hits('"so thu tuong"')  # last word of the title, first of the body
    assert hits("so thu tuong")  # as words they are anywhere


def test_a_word_with_inner_punctuation_is_a_phrase_of_its_tokens():
    query = parse_query("06/CP")
    assert query.alternatives[0][0].tokens == ("06", "cp")
    assert hits("06/CP") and hits("06-cp") and not hits("cp/06")


def test_query_that_only_excludes_is_an_error_naming_the_fix():
    with pytest.raises(QueryError, match="only excludes"):
        parse_query("-hoi")
    with pytest.raises(QueryError, match="only excludes"):
        parse_query("de an OR -hoi")
    assert parse_query("").empty and parse_query('  "" - ').empty
    assert hits("")


def test_fts_expression_shape():
    query = parse_query('de an -"hoi nghi" OR "Sở" tài')
    assert query.fts() == '(("de" AND "an") NOT ("hoi nghi")) OR ("so" AND "tai")'
    assert query.accented_words() == ["sở", "tài"]
    assert parse_query("chuyen doi so").loose_phrases() == [("chuyen", "doi", "so")]
    assert parse_query('"chuyen doi" so').loose_phrases() == []


def test_search_fold_agrees_with_fold_on_tokens():
    text = "“Chuyển đổi số” – Hoà Bình, Ðề án 06/CP… Quý Ủy ban"
    assert fold_tokens(text) == re.findall(r"[^\W_]+", fold(text))
    assert search_fold("Đề") == "de"
    assert exact_tokens("Hoà Uỷ số") == ["hòa", "ủy", "số"]


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=60))
def test_index_fold_gives_the_tokens_of_search_fold(text: str) -> None:
    """The write path indexes index_fold (a cached fold per word): same tokens, same order."""
    tokens = re.compile(r"[^\W_]+").findall  # as crawler.search_query and FTS5 cut them
    assert tokens(index_fold(text)) == tokens(search_fold(text))
    assert tokens(index_fold(text)) == tokens(search_fold(text))  # again, from the cache


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ"
WORDS = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper()[:20] + "0123", min_size=1, max_size=4)
TEXTS = st.lists(WORDS, max_size=12).map(" ".join)


@st.composite
def queries(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORDS, min_size=1, max_size=2))
        kind = draw(st.sampled_from(["word", "phrase", "not", "or"]))
        if kind == "phrase":
            parts.append('"' + " ".join(words) + '"')
        elif kind == "not" and parts:
            parts.append("-" + words[0])
        elif kind == "or" and parts:
            parts.append("OR " + words[0])
        else:
            parts.append(words[0])
    return " ".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(TEXTS, TEXTS), min_size=1, max_size=6), query=queries())
def test_python_matching_agrees_with_sqlite_fts5(rows, query):
    """Watches match in Python, searches in FTS5: the same query must select the same rows."""
    try:
        parsed = parse_query(query)
    except QueryError:
        return
    if parsed.empty:
        return
    # The index as the write path builds it: its tokenizer, its columns, its values.
    conn = sqlite3.connect(":memory:")
    create_index(conn)
    index_rows(conn, [(i + 1, index_values(a, None, b)) for i, (a, b) in enumerate(rows)])
    found = {
        r[0] - 1
        for r in conn.execute(
            "select rowid from articles_fts where articles_fts match ?",
            [parsed.fts(MATCH_COLUMNS)],
        )
    }
    expected = {i for i, (a, b) in enumerate(rows) if parsed.matches([a, b])}
    assert found == expected, parsed.fts()


@given(st.text(max_size=60))
def test_parser_never_crashes_and_its_expression_runs(text):
    try:
        parsed = parse_query(text)
    except QueryError:
        return
    if parsed.empty:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(title, body)")
    conn.execute("select count(*) from t where t match ?", [parsed.fts()]).fetchone()
