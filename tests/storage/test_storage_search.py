"""Pure search helpers: folded FTS queries, highlighting, exact-diacritic ranking; and the index."""

from __future__ import annotations

from storage.db import upsert_article
from storage.search import fts_query, make_snippet, match_spans, snippet_html, snippet_text
from storage.search_engine import SearchRequest, run_search


def test_fts_query_folds_and_quotes_every_word():
    col = "{title body} : "
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


def test_index_follows_updates(db, samples):
    record = samples["articles"][2]
    upsert_article(db, record)

    def ids(query, **filters):
        request = SearchRequest(query, filters=filters)
        return [r["id"] for r in run_search(db.conn, request).rows]

    assert ids("cong dan so") == [1]
    upsert_article(
        db,
        dict(
            record,
            title="Hoà Bình khai trương trung tâm dữ liệu",
            lead="",
            body_text="Trung tâm dữ liệu tỉnh.",
        ),
    )
    assert ids("cong dan so") == []  # the old text left the index
    assert ids("du lieu", province="Hoà Bình", year="2023") == [1]
    assert ids("du lieu", year="2021") == []
    count = db.execute("select count(*) from articles_fts where articles_fts match 'tinh'")
    assert count.fetchone()[0] == 1


def test_highlights_only_whole_words_and_phrases():
    text = "Hồ sơ số: xsố, số_1, sốc. Đổi số 'đổi số'"
    spans = match_spans(text, "so")
    assert [text[a:b] for a, b in spans] == ["sơ số", "số", "số"]  # not in xsố, số_1, sốc
    assert spans[1][0] == text.index("Đổi số") + 4
    assert [text[a:b] for a, b in match_spans(text, "doi so")] == ["Đổi số", "đổi số"]
    assert match_spans("chuyển đổi sổ", "doi so") == [(7, 13)]  # no phrase: the words alone


def test_a_long_texts_snippet_from_its_head_equals_the_one_from_the_whole_text(monkeypatch):
    """Snippets of long bodies prepare only their head; around the cut (NFD marks, runs of odd
    spaces, paragraph breaks), the snippet must be the one the whole text gives."""
    import unicodedata

    import storage.search as search

    filler = "Ủy ban nhân dân tỉnh chủ trì hội nghị về chuyển đổi số và kinh tế số. "
    texts = []
    for tail in ("\u00a0\u00a0 x", "\n\n\n y", "\u200b z", " \u0301 w", "\t\tv"):
        # Around the cut of the short opening (720 + 256) and of the long one (1920 + 256).
        for at in [*range(700, 1000, 37), *range(2000, 2300, 37)]:
            body = (filler * 40)[:at] + tail + filler * 20
            texts += [body, unicodedata.normalize("NFD", body), body.replace(" ", "  ", 30)]
    queries = ("chuyen doi so", "kinh te", "hoi nghi", "số", "ubnd tinh")
    fast = [make_snippet(t, q, w) for t in texts for q in queries for w in (240, 120)]
    monkeypatch.setattr(search, "_prepared_head", lambda text, size: None)
    assert fast == [make_snippet(t, q, w) for t in texts for q in queries for w in (240, 120)]


def test_a_snippet_shows_the_phrase_further_in_rather_than_a_lone_word_of_the_lead():
    """Snippets look in a short opening first; a lone word there must not win over the phrase
    a little further in (the window is the one the longer opening gives)."""
    lead = "Số liệu của tỉnh. " + "Ủy ban nhân dân tỉnh họp bàn kế hoạch năm. " * 20
    text = lead + "Hội nghị về chuyển đổi số đã diễn ra. " + "Các sở họp bàn. " * 200
    assert 720 < text.index("chuyển đổi số") < 1200
    snip = make_snippet(text, "chuyen doi so")
    assert [snip.text[a:b] for a, b in snip.spans] == ["chuyển đổi số"]
    short = make_snippet(lead + "Các sở họp bàn. " * 200, "chuyen doi so")
    assert [short.text[a:b] for a, b in short.spans] == ["Số"]  # no phrase anywhere: the word


def test_a_batch_in_publication_disorder_is_indexed_as_one_segment(db):
    """FTS5 writes a new segment whenever a rowid is lower than the last one: a crawl's batch
    (articles in any publication order) must not cost one segment, and a merge, per article."""
    from storage.articles import upsert_articles

    upsert_articles(
        db,
        [
            {
                "url": f"https://a.gov.vn/tin-{i}.html",
                "source_id": "a",
                "title": f"Tin {i} về chuyển đổi số",
                "body_text": f"Nội dung bài số {i}.",
                "published_at": f"2024-01-{28 - i % 28:02d}T10:{i % 60:02d}:00+07:00",
                "fetched_at": "2024-02-01T00:00:00+00:00",
            }
            for i in range(40)
        ],
    )
    segments = db.execute("select count(distinct segid) from articles_fts_idx").fetchone()[0]
    assert segments == 1
    assert run_search(db.conn, SearchRequest("chuyen doi so")).total == 40
