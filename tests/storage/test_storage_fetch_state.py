"""What the crawler reads back between runs: known URLs, validators, articles to re-check."""

from __future__ import annotations

from storage import fetch_state
from storage.db import mark_removed, upsert_article


def test_known_article_urls_by_source(db, samples):
    for record in samples["articles"]:
        upsert_article(db, record)
    known = fetch_state.known_article_urls(db, ["hoabinh", "mst"])
    assert known["mst"] == set()
    assert known["hoabinh"] == {
        r["url"] for r in samples["articles"] if r["source_id"] == "hoabinh"
    }
    assert set(known) == {"hoabinh", "mst"}


def test_validators_round_trip_and_unchanged_save_writes_nothing(db):
    items = [
        {
            "url": "http://127.0.1.2/Pages/a.aspx",
            "source_id": "hanam",
            "etag": '"v1"',
            "last_modified": None,
        },
        {
            "url": "http://127.0.1.3/b.htm",
            "source_id": "mst",
            "etag": None,
            "last_modified": "Tue, 30 Nov 2021 13:07:00 GMT",
        },
        {"url": "http://127.0.1.3/c.htm", "source_id": "mst", "etag": None, "last_modified": None},
    ]
    assert fetch_state.save_validators(db, items) == 2
    before = list(db.query("select * from fetch_validators order by url"))
    assert fetch_state.save_validators(db, items) == 0
    assert list(db.query("select * from fetch_validators order by url")) == before
    assert fetch_state.load_validators(db, ["mst"]) == {
        "http://127.0.1.3/b.htm": {"etag": None, "last_modified": "Tue, 30 Nov 2021 13:07:00 GMT"}
    }
    items[0]["etag"] = '"v2"'
    assert fetch_state.save_validators(db, items) == 1
    assert (
        fetch_state.load_validators(db, ["hanam"])["http://127.0.1.2/Pages/a.aspx"]["etag"]
        == '"v2"'
    )


def test_recent_article_urls_skips_old_and_removed(db, samples):
    for record in samples["articles"]:
        upsert_article(db, record)
    recent = fetch_state.recent_article_urls(db, ["hoabinh", "hanam"], "2023-07-01")
    assert recent["hoabinh"] == ["http://127.0.1.7/tin-tuc/hoa-binh-hop-ban-chi-dao-chuyen-doi-so"]
    assert recent["hanam"] == ["http://127.0.1.2/Pages/canh-bao-ma-doc.aspx"]
    mark_removed(db, "http://127.0.1.2/Pages/canh-bao-ma-doc.aspx", 404)
    assert fetch_state.recent_article_urls(db, ["hanam"], "2023-07-01")["hanam"] == []


def test_a_link_that_redirected_to_a_stored_article_is_known(db, samples):
    record = dict(samples["articles"][0])
    final = record["url"]
    old = final.replace(".html", "-cu.html")
    assert upsert_article(db, {**record, "requested_url": old}) == "new"
    # Crawled again through the same redirect: nothing new, the alias is not duplicated.
    assert upsert_article(db, {**record, "requested_url": old}) == "unchanged"
    assert [r["url"] for r in db["article_urls"].rows] == [old]
    known = fetch_state.known_article_urls(db, [record["source_id"]])[record["source_id"]]
    assert {final, old} <= known
