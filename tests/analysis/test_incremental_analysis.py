"""Incremental analysis on a real SQLite file: a night analyses its own articles, and the events
it touches come out as a full re-analysis would group them."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse_article
from crawler.evaluation.analysis import load_ground_truth
from crawler.nightly import analyse_pending
from crawler.service.analysis import analyse_db
from storage.articles import upsert_articles
from storage.db import open_db

EVENT = "ncdt-session-1"


@pytest.fixture(scope="module")
def corpus() -> tuple[list[dict], list[dict]]:
    """The replica's ground-truth articles: the archive, and a night holding two reports of one
    meeting (others of which are in the archive) and an article of no event."""
    items = load_ground_truth()
    same_event = [i for i in items if i["truth"].get("event") == EVENT]
    no_event = [i for i in items if not i["truth"].get("event")]
    night = {id(i) for i in same_event[-2:] + no_event[-1:]}
    records = [
        {**{k: v for k, v in i["article"].items() if k != "id"}, "fetched_at": "2026-11-20T01:00"}
        for i in items
    ]
    archive = [r for r, i in zip(records, items, strict=True) if id(i) not in night]
    tonight = [r for r, i in zip(records, items, strict=True) if id(i) in night]
    return archive, tonight


class Counting:
    """analyse_article, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, article: dict) -> dict:
        self.calls += 1
        return analyse_article(article)


def _events(db) -> dict[str, str | None]:
    return {r["url"]: r["event_id"] for r in db.query("select url, event_id from articles")}


ANALYSIS = "topic_dx, is_meeting_report, is_dx_meeting_report, province_now, meeting_date"


def _analysis(db) -> list[dict]:
    return list(db.query(f"select url, {ANALYSIS} from articles order by url"))


def _meetings(db) -> list[dict]:
    return list(db.query("select * from meetings order by article_id"))


def test_a_night_analyses_its_articles_once_and_regroups_what_it_touches(tmp_path, corpus):
    archive, tonight = corpus
    db = open_db(tmp_path / "night.db")
    upsert_articles(db, archive)
    analyse_db(db)
    counter = Counting()
    assert analyse_pending(db, analyse=counter)["analysed"] == 0  # nothing new yet
    upsert_articles(db, tonight)
    counts = analyse_pending(db, analyse=counter)
    assert counter.calls == counts["analysed"] == len(tonight)
    assert analyse_pending(db, analyse=counter)["analysed"] == 0 and counter.calls == len(tonight)

    full = open_db(tmp_path / "full.db")
    upsert_articles(full, archive + tonight)
    analyse_db(full)
    assert _events(db) == _events(full)
    assert _analysis(db) == _analysis(full)  # every analysis column, not only the event
    assert _meetings(db) == _meetings(full)  # the facts with their evidence, too
    columns = "event_id, n_articles, n_sources, meeting_date"
    assert list(db.query(f"select {columns} from events order by 1")) == list(
        full.query(f"select {columns} from events order by 1")
    )
    tonight_event = {_events(db)[r["url"]] for r in tonight} - {None}
    assert len(tonight_event) == 1  # the two reports joined the archive's event


def test_a_changed_text_is_analysed_again(tmp_path, corpus):
    archive, _ = corpus
    db = open_db(tmp_path / "edit.db")
    upsert_articles(db, archive[:10])
    analyse_db(db)
    edited = dict(archive[3], body_text=archive[3]["body_text"] + "\n\nCập nhật.")
    upsert_articles(db, [edited])
    counter = Counting()
    assert analyse_pending(db, analyse=counter)["analysed"] == 1 == counter.calls


def test_an_analysis_made_during_the_crawl_is_not_made_again(tmp_path, corpus):
    archive, tonight = corpus
    db = open_db(tmp_path / "crawl.db")
    upsert_articles(db, archive[:10])
    analyse_db(db)
    # What the crawl's pipeline stores: the record with its analysis.
    upsert_articles(db, [{**r, "analysis": analyse_article(r)} for r in tonight])
    counter = Counting()
    counts = analyse_pending(db, analyse=counter)
    assert counter.calls == 0 and counts["reused"] == len(tonight)


def _report(url: str, lead: str, published: str, body: str) -> dict:
    return {
        "url": url,
        "source_id": url.split("/")[2],
        "title": "Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thường kỳ quý III",
        "lead": lead,
        "body_text": body,
        "published_at": published,
        "province": "Hà Tĩnh",
        "fetched_at": "2026-11-20T01:00",
    }


def test_a_next_morning_report_joins_the_event_of_the_day_before(tmp_path):
    # The archive holds the evening report of a meeting (printed day 12/10). Tonight brings a
    # report of the same meeting published the next morning that prints no day, so its meeting
    # day is its publication day (13/10): a full run joins it to the 12/10 event (a day apart),
    # and so must a night, which therefore regroups the days either side of tonight's days.
    body = "Ban Chỉ đạo chuyển đổi số tỉnh"
    archive = [
        _report(
            "https://a.example/1",
            f"Chiều 12/10, {body} họp phiên thường kỳ quý III. Chủ tịch UBND tỉnh Võ Văn Hải chủ trì.",
            "2023-10-12T18:00:00+07:00",
            "Phiên họp đánh giá hồ sơ trực tuyến toàn trình, nền tảng dữ liệu dùng chung của tỉnh.",
        )
    ]
    tonight = [
        _report(
            "https://b.example/2",
            f"{body} họp phiên thường kỳ quý III, Chủ tịch UBND tỉnh Võ Văn Hải chủ trì phiên họp.",
            "2023-10-13T07:30:00+07:00",
            "Các đại biểu đề xuất đẩy mạnh thanh toán không dùng tiền mặt và kỹ năng số cho người dân.",
        )
    ]
    db = open_db(tmp_path / "night.db")
    upsert_articles(db, archive)
    analyse_db(db)
    upsert_articles(db, tonight)
    analyse_pending(db)
    full = open_db(tmp_path / "full.db")
    upsert_articles(full, archive + tonight)
    analyse_db(full)
    assert len(set(_events(full).values())) == 1  # the full run joins them ...
    assert _events(db) == _events(full)  # ... and so does the night
    assert _meetings(db) == _meetings(full)
