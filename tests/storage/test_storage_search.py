"""Pure search helpers: folded FTS queries, highlighting, exact-diacritic ranking; and the index."""

from __future__ import annotations

from storage.db import upsert_article
from storage.search import (
    exact_score,
    fts_query,
    make_snippet,
    rank_rows,
    search_where,
    snippet_html,
    snippet_text,
)


def test_fts_query_folds_and_quotes_every_word():
    col = "{search_folded} : "
    assert fts_query("Đề án 06") == f'({col}"de" AND {col}"an" AND {col}"06")'
    assert fts_query('chuyển "đổi" số*') == f'({col}"chuyen" AND {col}"doi" AND {col}"so")'
    assert fts_query('  ()*" ') == ""
    assert fts_query("Hoà Bình hòa bình") == f'({col}"hoa" AND {col}"binh")'


def test_highlight_prefers_the_phrase_and_maps_back_to_accented_text():
    text = "Hội nghị sơ kết về chuyển đổi số quốc gia, số liệu"
    assert (
        snippet_text(text, "chuyen doi so")
        == "Hội nghị sơ kết về [chuyển đổi số] quốc gia, số liệu"
    )
    assert snippet_text(text, "so") == "Hội nghị [sơ] kết về chuyển đổi [số] quốc gia, [số] liệu"
    assert snippet_text("Đề án 06/CP", "de an 06") == "[Đề án 06]/CP"


def test_snippet_html_escapes_text_and_marks_matches():
    html = snippet_html("<b>Đề án 06</b> & <script>", "de an")
    assert html == "&lt;b&gt;<mark>Đề án</mark> 06&lt;/b&gt; &amp; &lt;script&gt;"


def test_long_text_snippet_is_a_window_around_the_first_match():
    text = " ".join(["mở đầu"] * 100) + " Đề án 06 " + " ".join(["kết thúc"] * 100)
    snip = make_snippet(text, "de an 06", width=120)
    assert snip.cut_start and snip.cut_end
    assert len(snip.text) <= 120
    start, end = snip.spans[0]
    assert snip.text[start:end] == "Đề án 06"


def test_exact_score_counts_accented_words_as_typed():
    assert exact_score("Sở Thông tin và Truyền thông", "sở thông tin") == 2
    assert exact_score("Số liệu thống kê", "sở thông tin") == 0
    assert exact_score("anything", "so thong tin") == 0


def test_rank_rows_puts_exact_diacritics_then_phrases_first():
    rows = [
        {"id": 1, "title": "Số liệu", "lead": "", "body_text": "", "fts_rank": -9.0},
        {"id": 2, "title": "Sở Tài chính", "lead": "", "body_text": "", "fts_rank": -1.0},
    ]
    assert [r["id"] for r in rank_rows(rows, "sở")] == [2, 1]
    assert [r["id"] for r in rank_rows(rows, "so")] == [1, 2]
    phrase = [
        {"id": 3, "title": "số hóa chuyển đổi", "lead": "", "body_text": "", "fts_rank": -9.0},
        {"id": 4, "title": "chuyển đổi số", "lead": "", "body_text": "", "fts_rank": -1.0},
    ]
    assert [r["id"] for r in rank_rows(phrase, "chuyen doi so")] == [4, 3]


def test_index_follows_updates(db, samples):
    record = samples["articles"][2]
    upsert_article(db, record)
    sql, params = search_where("cong dan so")
    assert [r["id"] for r in db.query("select a.id " + sql, params)] == [1]
    upsert_article(
        db,
        dict(
            record,
            title="Hoà Bình khai trương trung tâm dữ liệu",
            lead="",
            body_text="Trung tâm dữ liệu tỉnh.",
        ),
    )
    assert list(db.query("select a.id " + sql, params)) == []
    sql, params = search_where("du lieu", {"province": "Hoà Bình", "year": "2023"})
    assert [r["id"] for r in db.query("select a.id " + sql, params)] == [1]
    sql, params = search_where("du lieu", {"year": "2021"})
    assert list(db.query("select a.id " + sql, params)) == []
