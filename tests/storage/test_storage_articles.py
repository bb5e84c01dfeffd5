"""upsert_article, versions, removal marks and the crawler's look-ups."""

from __future__ import annotations

import unicodedata

from storage.articles import content_hash, upsert_articles
from storage.db import (
    article_fetch_info,
    get_article,
    known_urls,
    mark_removed,
    upsert_article,
)


def _dump(db) -> dict:
    """Every row of every table an unchanged re-crawl must leave alone."""
    tables = ("articles", "article_versions", "images", "attachments", "sources")
    return {t: list(db.query(f"select * from [{t}] order by rowid")) for t in tables}


def test_new_article_is_stored_with_derived_columns(db, samples):
    record = samples["articles"][0]
    assert upsert_article(db, record) == "new"
    row = get_article(db, record["url"])
    assert row["title"] == record["title"]
    assert row["published_date"] == "2021-11-30"
    assert row["published_year"] == 2021
    assert row["published_month"] == "2021-11"
    assert row["version"] == 1
    assert row["first_seen_at"] == row["fetched_at"] == row["last_seen_at"] == record["fetched_at"]
    assert row["is_meeting_report"] == 1 and row["topic_dx"] == 1
    assert row["relevance_reasons"] == '["convening_act", "meeting_word", "dx_body"]'
    assert row["images"] == record["images"]
    assert row["http_status"] == 200
    assert row["content_hash"] == content_hash(record)
    assert db["sources"].get("baoangiang")["id"] == "baoangiang"


def test_unchanged_recrawl_changes_no_row(db, samples):
    for record in samples["articles"]:
        upsert_article(db, record)
    before = _dump(db)
    for record in samples["articles"]:
        record["fetched_at"] = "2026-11-21T01:00:00+00:00"
        assert upsert_article(db, record) == "unchanged"
    assert _dump(db) == before
    sighting = db["article_sightings"].get(1)
    assert sighting["last_seen_at"] == "2026-11-21T01:00:00+00:00"


def test_nfd_text_is_stored_nfc_and_hashes_like_nfc(db, samples):
    record = samples["articles"][0]
    upsert_article(db, record)
    decomposed = dict(record, title=unicodedata.normalize("NFD", record["title"]))
    assert upsert_article(db, decomposed) == "unchanged"
    stored = get_article(db, record["url"])["title"]
    assert stored == unicodedata.normalize("NFC", stored)


def test_content_change_adds_a_version_and_keeps_the_old_one(db, samples):
    record = samples["articles"][1]
    upsert_article(db, record)
    changed = dict(
        record,
        body_text=record["body_text"] + "\n\nĐoạn bổ sung.",
        fetched_at="2026-11-22T01:00:00+00:00",
    )
    assert upsert_article(db, changed) == "updated"
    row = get_article(db, record["url"])
    assert row["version"] == 2
    assert row["first_seen_at"] == record["fetched_at"]
    assert row["fetched_at"] == row["last_seen_at"] == "2026-11-22T01:00:00+00:00"
    versions = list(db.query("select * from article_versions order by version"))
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["body_text"] == record["body_text"]
    # The current version's text is stored once, in articles (no second copy).
    assert versions[1]["body_text"] is None and versions[1]["title"] is None
    assert row["body_text"].endswith("Đoạn bổ sung.")
    assert versions[0]["content_hash"] != versions[1]["content_hash"]
    # Same changed content again: no third version.
    assert upsert_article(db, dict(changed, fetched_at="2026-11-23T01:00:00+00:00")) == "unchanged"
    assert db["article_versions"].count == 2
    # A third text: version 2's text moves to its article_versions row.
    upsert_article(db, dict(changed, body_text="Văn bản mới.", fetched_at="2026-11-24T01:00:00"))
    texts = [v["body_text"] for v in db.query("select * from article_versions order by version")]
    assert texts == [record["body_text"], changed["body_text"], None]


def test_a_batch_commits_whole_or_not_at_all(db, samples):
    good = dict(samples["articles"][0])
    bad = dict(samples["articles"][1], url=None)
    try:
        upsert_articles(db, [good, bad])
    except ValueError:
        pass
    assert db["articles"].count == 0
    broken = dict(samples["articles"][1], images=[{"src": None, "caption": object()}])
    try:
        upsert_articles(db, [good, broken])
    except Exception:  # noqa: BLE001 - any failure must roll the batch back
        pass
    assert db["articles"].count == 0
    assert db.execute("select count(*) from articles_fts").fetchone()[0] == 0
    assert upsert_articles(db, [good, dict(good)]) == ["new", "unchanged"]
    assert db["articles"].count == 1


def test_analysis_change_updates_in_place_without_a_version(db, samples):
    record = samples["articles"][2]
    upsert_article(db, record)
    assert upsert_article(db, dict(record, relevance_score=0.6, event_id="ev-1")) == "unchanged"
    row = get_article(db, record["url"])
    assert (row["relevance_score"], row["event_id"], row["version"]) == (0.6, "ev-1", 1)
    assert db["article_versions"].count == 1


def test_absent_keys_leave_stored_values(db, samples):
    record = samples["articles"][0]
    upsert_article(db, record)
    absent = ("event_id", "relevance_score", "images", "author")
    bare = {k: v for k, v in record.items() if k not in absent}
    assert upsert_article(db, bare) == "unchanged"
    row = get_article(db, record["url"])
    assert row["event_id"] == "ncdt-session-1"
    assert row["author"] == "TRỌNG TÍN"
    assert len(row["images"]) == 1


def test_images_and_attachments_are_replaced(db, samples):
    record = samples["articles"][1]
    upsert_article(db, record)
    record["attachments"] = [
        {"url": "http://127.0.1.2/Documents/a.docx", "title": "Phụ lục", "kind": "docx"},
        {"url": "http://127.0.1.2/Documents/b.xlsx", "title": None, "kind": "xlsx"},
    ]
    record["images"] = [{"src": "http://127.0.1.2/img/1.jpg", "caption": None}]
    upsert_article(db, record)
    row = get_article(db, record["url"])
    assert [a["kind"] for a in row["attachments"]] == ["docx", "xlsx"]
    assert row["images"] == [{"src": "http://127.0.1.2/img/1.jpg", "caption": None}]
    assert row["attachment_count"] == 2 and row["image_count"] == 1
    assert db["attachments"].count == 2


def test_mark_removed_sets_removed_at_once_and_never_deletes(db, samples):
    record = samples["articles"][0]
    upsert_article(db, record)
    assert mark_removed(db, record["url"], 404, "2026-11-22T02:00:00+00:00")
    assert mark_removed(db, record["url"], 410, "2026-11-23T02:00:00+00:00")
    row = get_article(db, record["url"])
    assert row["removed_at"] == "2026-11-22T02:00:00+00:00"
    assert row["http_status"] == 410
    assert not mark_removed(db, "http://127.0.1.5/khong-co.html", 404)
    assert known_urls(db, "baoangiang", include_removed=False) == set()
    assert known_urls(db, "baoangiang") == {record["url"]}
    # It comes back: the mark is cleared, content unchanged so no new version.
    assert upsert_article(db, dict(record, fetched_at="2026-11-24T01:00:00+00:00")) == "unchanged"
    row = get_article(db, record["url"])
    assert row["removed_at"] is None and row["http_status"] == 200
    assert row["last_seen_at"] == "2026-11-24T01:00:00+00:00"


def test_known_urls_and_fetch_info(db, samples):
    for record in samples["articles"]:
        upsert_article(db, record)
    hoabinh = {r["url"] for r in samples["articles"] if r["source_id"] == "hoabinh"}
    assert known_urls(db, "hoabinh") == hoabinh
    record = dict(
        samples["articles"][0], etag='"abc"', last_modified="Tue, 30 Nov 2021 13:07:00 GMT"
    )
    upsert_article(db, record)
    info = article_fetch_info(db, record["url"])
    assert info["etag"] == '"abc"'
    assert info["last_modified"] == "Tue, 30 Nov 2021 13:07:00 GMT"
    assert info["published_at"] == "2021-11-30T20:07:00+07:00"
    assert article_fetch_info(db, "http://127.0.1.5/khong-co.html") is None


def test_record_without_url_is_refused(db):
    import pytest

    with pytest.raises(ValueError, match="url"):
        upsert_article(db, {"title": "Không có địa chỉ"})


def test_date_values_are_stored_as_iso_text(db, samples):
    import datetime as dt

    record = dict(samples["articles"][0], published_at=dt.date(2021, 11, 30))
    upsert_article(db, record)
    row = get_article(db, record["url"])
    assert (row["published_at"], row["published_year"]) == ("2021-11-30", 2021)


def test_copies_at_other_addresses_are_no_second_row(db, samples):
    # In one batch (the bulk path): the article, a print copy with the same text, a mobile
    # copy naming it as canonical, and a story that only shares the title.
    article = dict(samples["articles"][0])
    url = article["url"]
    printed = {**article, "url": url + "?in=1", "canonical_url": url + "?in=1"}
    mobile = {**article, "url": url.replace("://", "://m."), "canonical_url": url, "lead": None}
    other = {**article, "url": url + "-khac", "canonical_url": None, "body_text": "Khác hẳn."}
    assert upsert_articles(db, [article, printed, mobile, other]) == [
        "new",
        "duplicate",
        "duplicate",
        "new",
    ]
    assert sorted(r["url"] for r in db.query("select url from articles")) == [url, url + "-khac"]
    aliases = {r["url"]: r["article_id"] for r in db.query("select * from article_urls")}
    stored = get_article(db, url)["id"]
    assert aliases == {url + "?in=1": stored, url.replace("://", "://m."): stored}
    assert url + "?in=1" in known_urls_with_aliases(db, article["source_id"])


def test_a_copy_stored_first_takes_the_address_its_canonical_link_names(db, samples):
    article = dict(samples["articles"][0])
    url = article["url"]
    amp = {**article, "url": url + "/amp", "canonical_url": url}
    assert upsert_article(db, amp) == "new"
    first_id = get_article(db, url + "/amp")["id"]
    assert upsert_article(db, {**article, "canonical_url": url}) == "unchanged"
    assert [r["url"] for r in db.query("select url from articles")] == [url]
    assert get_article(db, url)["id"] == first_id
    assert [r["url"] for r in db.query("select url from article_urls")] == [url + "/amp"]


def test_same_title_and_text_on_other_days_are_other_stories(db, samples):
    # A weekly notice: the same title and stock text, published on another day.
    first = dict(samples["articles"][0])
    second = {
        **first,
        "url": first["url"] + "-tuan-sau",
        "canonical_url": None,
        "published_at": "2021-12-07T08:00:00+07:00",
    }
    assert first["published_at"][:10] != "2021-12-07"
    assert upsert_articles(db, [first, second]) == ["new", "new"]
    third = {**second, "url": first["url"] + "-ban-in", "published_at": None}
    assert upsert_article(db, third) == "duplicate"


def test_a_canonical_link_naming_another_story_is_not_trusted(db, samples):
    # Some sites print the same canonical link on every page.
    first, second = (dict(a) for a in samples["articles"][:2])
    second = {**second, "source_id": first["source_id"], "canonical_url": first["url"]}
    assert upsert_articles(db, [first, second]) == ["new", "new"]


def known_urls_with_aliases(db, source_id: str) -> set[str]:
    from storage.fetch_state import known_article_urls

    return known_article_urls(db, [source_id])[source_id]
