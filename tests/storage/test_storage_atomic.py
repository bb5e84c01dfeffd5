"""One article and one analysis batch commit together or not at all: a process SIGKILLed at every
statement boundary of the write leaves either the state before or the state after, never a part."""

from __future__ import annotations

import os
import signal

import pytest

from crawler.analysis import analyse_article, group_events
from crawler.service.analysis import save_analysis
from storage.analysis import read_articles
from storage.articles import upsert_article
from storage.db import connect, open_db
from tests.support.checks import PARTIAL_ARTICLES


def _record(n: int, *, body: str = "Nội dung phiên họp về chuyển đổi số.", images: int = 2) -> dict:
    return {
        "url": f"https://stttt.example.gov.vn/tin-tuc/bai-{n}.html",
        "requested_url": f"https://stttt.example.gov.vn/?p={n}",
        "source_id": "stttt-example",
        "title": f"Phiên họp thứ {n} của Ban Chỉ đạo chuyển đổi số tỉnh",
        "lead": "Chiều 30-11, Ban Chỉ đạo họp trực tuyến.",
        "body_text": body,
        "author": "Hoàng Quý",
        "published_at": "2021-11-30T20:07:00+07:00",
        "fetched_at": f"2026-12-0{n}T01:00:00+00:00",
        "images": [{"src": f"/img/{n}-{i}.jpg", "caption": f"Ảnh {i}"} for i in range(images)],
        "attachments": [{"url": f"/files/{n}.pdf", "title": "Kết luận", "kind": "pdf"}],
    }


def _dump(path) -> list[str]:
    db = connect(path)
    try:
        return list(db.conn.iterdump())
    finally:
        db.close()


def _killed_at(path, statement: int, write) -> bool:
    """Run ``write(db)`` in a child SIGKILLed as its ``statement``-th SQL statement starts."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            db = connect(path)  # migrations are applied already: only the write is traced
            seen = [0]

            def trace(_sql: str) -> None:
                seen[0] += 1
                if seen[0] == statement:
                    os.kill(os.getpid(), signal.SIGKILL)

            db.conn.set_trace_callback(trace)
            write(db)
            db.close()
            os._exit(0)
        except BaseException:  # noqa: BLE001  (any escape must not run pytest in the child)
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, f"the write failed at statement {statement}"
        return False
    assert os.WTERMSIG(status) == signal.SIGKILL
    return True


def _kill_at_every_statement(tmp_path, prepare, write) -> int:
    """Kill ``write`` at each statement in turn on a fresh copy of the prepared database."""
    base = tmp_path / "base.db"
    db = open_db(base)
    prepare(db)
    db.conn.execute("pragma wal_checkpoint(truncate)")
    db.close()
    before = _dump(base)
    after_path = tmp_path / "after.db"
    after_path.write_bytes(base.read_bytes())
    assert not _killed_at(after_path, 0, write)
    after = _dump(after_path)
    assert after != before, "the write changed nothing: the test would prove nothing"
    statement = 1
    while True:
        path = tmp_path / f"k{statement}.db"
        path.write_bytes(base.read_bytes())
        killed = _killed_at(path, statement, write)
        state = _dump(path)
        if state not in (before, after):
            pytest.fail(f"a kill at statement {statement} left a partial write")
        check = connect(path)
        assert list(check.query(PARTIAL_ARTICLES)) == []
        check.close()
        for leftover in tmp_path.glob(f"k{statement}.db*"):
            leftover.unlink()
        if not killed:
            return statement - 1
        statement += 1
        assert statement < 400, "the write never completed"


def test_new_article_is_all_or_nothing(tmp_path):
    statements = _kill_at_every_statement(
        tmp_path,
        lambda db: upsert_article(db, _record(1)),
        lambda db: upsert_article(db, _record(2)),
    )
    assert statements >= 8  # the row, its version, images, attachment, url, sighting, FTS...


def test_new_version_with_new_images_is_all_or_nothing(tmp_path):
    def write(db):
        assert upsert_article(db, _record(1, body="Nội dung đã sửa.", images=3)) == "updated"

    _kill_at_every_statement(tmp_path, lambda db: upsert_article(db, _record(1)), write)


def test_analysis_batch_is_all_or_nothing(tmp_path):
    def prepare(db):
        for n in range(1, 4):
            upsert_article(db, _record(n, body=f"Hội nghị chuyển đổi số lần {n}. " * 5))

    # Analysis is pure and slow-ish: compute it once here, the forked writers inherit it.
    scratch = open_db(tmp_path / "scratch.db")
    prepare(scratch)
    articles = read_articles(scratch)
    analyses = [analyse_article(a) for a in articles]
    assignments = group_events(articles, analyses)
    scratch.close()

    def write(db):
        save_analysis(db, read_articles(db), analyses, assignments)

    _kill_at_every_statement(tmp_path, prepare, write)


def test_nested_blocks_roll_back_whole(tmp_path):
    """The mechanism: sqlite-utils' own `with conn:` inside ours no longer commits early."""
    db = open_db(tmp_path / "govmon.db")
    with pytest.raises(RuntimeError), db.conn:
        upsert_article(db, _record(1))
        raise RuntimeError("disk full, say")
    assert db["articles"].count == 0 and db["article_versions"].count == 0
