"""The search engine on a real SQLite file: publication order, bounded totals, ranking, filters."""

from __future__ import annotations

import sqlite3

import pytest

from storage import search_engine
from storage.articles import upsert_articles
from storage.db import open_db
from storage.search_engine import SearchRequest, run_search
from storage.search_index import article_id_of, rowid_of_day, search_rowid


def _article(i: int, title: str, body: str, day: str, **extra) -> dict:
    return {
        "url": f"https://t.gov.vn/{i}",
        "source_id": extra.pop("source_id", "src"),
        "title": title,
        "lead": extra.pop("lead", ""),
        "body_text": body,
        "published_at": f"{day}T08:00:00+07:00",
        "fetched_at": "2026-11-20T01:00:00+00:00",
        **extra,
    }


@pytest.fixture
def conn(tmp_path):
    db = open_db(tmp_path / "s.db")
    # Stored in an order unrelated to publication: search must still go newest first.
    upsert_articles(
        db,
        [
            _article(1, "Hội nghị chuyển đổi số", "", "2024-03-01", province="Hà Nam",
                     lead="Sở Thông tin báo cáo."),
            _article(2, "Số liệu thống kê", "chuyển đổi số quốc gia", "2025-06-01",
                     province="Hoà Bình"),
            _article(3, "Chuyển đổi số ở xã", "Đề án 06 về dữ liệu", "2023-01-15",
                     province="Hà Nam", is_meeting_report=1, meeting_date="2023-01-14"),
            _article(4, "Tin khác", "không liên quan", "2025-01-01"),
        ],
    )  # fmt: skip
    db.close()
    connection = sqlite3.connect(tmp_path / "s.db")
    yield connection
    connection.close()


def _ids(result) -> list[int]:
    return [r["id"] for r in result.rows]


def test_rowid_follows_publication_and_holds_the_id():
    early = search_rowid(7, "2023-01-15T08:00:00+07:00")
    late = search_rowid(3, "2025-06-01")
    assert early < late and article_id_of(early) == 7 and article_id_of(late) == 3
    assert rowid_of_day("2023-01-15") <= early <= rowid_of_day("2023-01-15", end=True)
    assert search_rowid(1, None, "2026-01-01T00:00:00+00:00") > late  # undated: first seen


def test_newest_first_whatever_the_storage_order(conn):
    result = run_search(conn, SearchRequest("chuyen doi so"))
    assert _ids(result) == [2, 1, 3]
    assert (result.total, result.total_exact) == (3, True)


def test_exact_accents_then_phrase_then_bm25(conn):
    # "sở" typed with its accent: the article holding "Sở" (in its lead) ranks above those
    # holding only "số".
    assert _ids(run_search(conn, SearchRequest("sở", sort="relevance"))) == [1, 2, 3]
    assert _ids(run_search(conn, SearchRequest("số", sort="relevance")))[0] in (2, 3)


def test_words_together_outrank_the_same_words_apart(tmp_path):
    db = open_db(tmp_path / "p.db")
    upsert_articles(
        db,
        [
            _article(1, "Đổi mới", "Số liệu mới. Đổi mới cách làm.", "2025-01-01"),
            _article(2, "Tin tức", "Chuyển đổi số.", "2024-01-01"),
        ],
    )
    db.close()
    conn = sqlite3.connect(tmp_path / "p.db")
    # Article 1 is newer and has "đổi" in its title; 2 holds "đổi số" together.
    assert _ids(run_search(conn, SearchRequest("doi so", sort="relevance"))) == [2, 1]
    assert _ids(run_search(conn, SearchRequest('"doi so"', sort="relevance"))) == [2]


def test_date_ranges_filters_and_facets(conn):
    assert _ids(run_search(conn, SearchRequest("chuyen doi so", published_from="2024-01-01"))) == [
        2,
        1,
    ]
    assert _ids(run_search(conn, SearchRequest("chuyen doi so", published_to="2024-03-01"))) == [
        1,
        3,
    ]
    meeting = SearchRequest("chuyen doi so", meeting_from="2023-01-01", meeting_to="2023-01-31")
    assert _ids(run_search(conn, meeting)) == [3]
    result = run_search(conn, SearchRequest("chuyen doi so", filters={"province": "Hà Nam"}))
    assert _ids(result) == [1, 3]
    assert dict(result.facets["province"]) == {"Hà Nam": 2}


def test_total_beyond_the_candidates_is_an_estimate_unless_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(search_engine, "CANDIDATES", 10)
    db = open_db(tmp_path / "e.db")
    days = [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 11, 21)]
    upsert_articles(
        db, [_article(i, f"Bài {i}", "chuyển đổi số", day) for i, day in enumerate(days)]
    )
    db.close()
    conn = sqlite3.connect(tmp_path / "e.db")
    result = run_search(conn, SearchRequest("chuyen doi so"))
    assert not result.total_exact and result.sample == 10
    assert 10 < result.total <= 3 * len(days)
    exact = run_search(conn, SearchRequest("chuyen doi so", exact_count=True))
    assert (exact.total, exact.total_exact) == (len(days), True)
    assert len(run_search(conn, SearchRequest("chuyen doi so", page=4, page_size=10)).rows) == 6


def test_the_title_answering_the_query_ranks_above_the_body_alone(tmp_path):
    db = open_db(tmp_path / "t.db")
    upsert_articles(
        db,
        [
            _article(1, "Tin tức", "Đề án 06 triển khai.", "2025-01-01"),
            _article(2, "Đề án 06", "Triển khai ở xã.", "2024-01-01"),
        ],
    )
    db.close()
    conn = sqlite3.connect(tmp_path / "t.db")
    assert _ids(run_search(conn, SearchRequest("de an 06", sort="relevance"))) == [2, 1]
    assert _ids(run_search(conn, SearchRequest("de an 06", sort="newest"))) == [1, 2]


def test_filtered_ranking_reads_a_bounded_span_of_the_index(tmp_path, monkeypatch):
    """With a filter the candidates lie apart: the criteria read at most SIGNAL_SPAN index hits
    (the newest); older candidates follow the ranked ones, newest first."""
    db = open_db(tmp_path / "f.db")
    upsert_articles(
        db,
        [
            _article(1, "Tin mới", "Chuyển giao. Đổi mới. Số liệu.", "2025-03-01", province="Hà Nam"),
            _article(2, "Tin khác", "Chuyển đổi số.", "2025-02-01", province="Huế"),
            _article(3, "Tin cũ", "Chuyển đổi số.", "2025-01-01", province="Hà Nam"),
        ],
    )  # fmt: skip
    db.close()
    conn = sqlite3.connect(tmp_path / "f.db")
    request = SearchRequest("chuyen doi so", filters={"province": "Hà Nam"}, sort="relevance")
    assert _ids(run_search(conn, request)) == [3, 1]  # the phrase first
    monkeypatch.setattr(search_engine, "SIGNAL_SPAN", 2)  # articles 1 and 2: 3 is outside
    assert _ids(run_search(conn, request)) == [1, 3]
    monkeypatch.setattr(search_engine, "SIGNAL_SPAN", 3)
    assert _ids(run_search(conn, request)) == [3, 1]
