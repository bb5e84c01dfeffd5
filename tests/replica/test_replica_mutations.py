"""The mutation API: publish, edit, remove, break, block, change layout, delay, heal."""

from __future__ import annotations

import html
import time

import feedparser
import pytest

NEW_ARTICLE = {
    "id": "t900",
    "portal": "baochinhphu",
    "slug": "phien-hop-moi-cua-ban-chi-dao-ve-chuyen-doi-so",
    "category": "chuyen-doi-so",
    "title": "Phiên họp mới của Ban Chỉ đạo về chuyển đổi số",
    "lead": "Chiều nay, Ban Chỉ đạo họp phiên thường kỳ.",
    "author": "PV",
    "body": [
        "Đoạn thứ nhất của bài.",
        {"image": "anh-phien-hop.jpg", "caption": "Toàn cảnh phiên họp"},
    ],
    "label": "dx_meeting",
}


def _listing(rep, pid: str, category: str) -> str:
    return rep.base_urls[pid] + rep.families[pid].listing_path(category)


def test_publish_puts_the_article_on_top_of_listings_feeds_and_truth(fresh_replica, http):
    rep = fresh_replica
    listing_before = http.fetch(_listing(rep, "baochinhphu", "chuyen-doi-so"))
    url = rep.publish(NEW_ARTICLE)
    page = http.fetch(url)
    assert page.status == 200 and NEW_ARTICLE["title"] in page.text
    listing = http.fetch(
        _listing(rep, "baochinhphu", "chuyen-doi-so"),
        headers={"If-None-Match": listing_before.headers["ETag"]},
    )
    assert listing.status == 200
    links = [
        u
        for u in http.main_links(listing.text, rep.base_urls["baochinhphu"])
        if u.endswith(".htm") and "-102" in u
    ]
    assert links[0] == url
    feed = feedparser.parse(http.fetch(rep.base_urls["baochinhphu"] + "/rss/home.rss").body)
    assert feed.entries[0].link == url
    truth = {r["id"]: r for r in rep.truth()}
    assert truth["t900"]["url"] == url
    assert truth["t900"]["body_text"] == "Đoạn thứ nhất của bài.\n\nToàn cảnh phiên họp"


def test_publish_reaches_the_sitemap(fresh_replica, http):
    rep = fresh_replica
    url = rep.publish({**NEW_ARTICLE, "id": "t901", "portal": "mst"})
    assert url.startswith(rep.base_urls["mst"])
    index = http.fetch(rep.base_urls["mst"] + "/sitemap.xml").text
    assert any(
        url in http.fetch(loc).text
        for loc in __import__("re").findall(r"<loc>([^<]+)</loc>", index)
    )


def test_publish_defaults_slug_category_and_date(fresh_replica, http):
    rep = fresh_replica
    art = {
        "id": "t960",
        "portal": "hanam",
        "title": "Hội nghị chuyển đổi số tỉnh",
        "body": ["Một."],
    }
    url = rep.publish(art)
    assert url == rep.base_urls["hanam"] + "/Pages/hoi-nghi-chuyen-doi-so-tinh.aspx"
    rec = {r["id"]: r for r in rep.truth()}["t960"]
    assert rec["category"] == rep.portals["hanam"]["dx_category"] and rec["published_at"]
    listing = http.fetch(
        rep.base_urls["hanam"] + rep.families["hanam"].listing_path(rec["category"])
    )
    assert http.main_links(listing.text, rep.base_urls["hanam"])[0:40].count(url) >= 1


def test_publish_rejects_an_article_without_title(fresh_replica):
    with pytest.raises(ValueError, match="title"):
        fresh_replica.publish({**NEW_ARTICLE, "title": ""})
    with pytest.raises(ValueError, match="portal"):
        fresh_replica.publish({**NEW_ARTICLE, "portal": "nowhere"})


def test_edit_changes_the_page_its_etag_and_last_modified(fresh_replica, http):
    rep = fresh_replica
    rec = rep.truth()[0]
    before = http.fetch(rec["url"])
    rep.edit(rec["id"], title="Tiêu đề đã sửa")
    after = http.fetch(rec["url"], headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200
    assert "Tiêu đề đã sửa" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Last-Modified"] != before.headers["Last-Modified"]
    assert (
        http.fetch(
            rec["url"], headers={"If-Modified-Since": before.headers["Last-Modified"]}
        ).status
        == 200
    )
    assert {r["id"]: r for r in rep.truth()}[rec["id"]]["title"] == "Tiêu đề đã sửa"


@pytest.mark.parametrize("status", [404, 410])
def test_remove_answers_the_status_and_drops_the_article_from_lists(fresh_replica, http, status):
    rep = fresh_replica
    rec = next(r for r in rep.truth() if r["portal"] == "baoangiang")
    rep.remove(rec["id"], status=status)
    assert http.fetch(rec["url"]).status == status
    listing = http.fetch(_listing(rep, "baoangiang", rec["category"]))
    assert rec["url"] not in http.main_links(listing.text, rep.base_urls["baoangiang"])
    feed = feedparser.parse(http.fetch(rep.base_urls["baoangiang"] + "/rss/home.rss").body)
    assert rec["url"] not in {e.link for e in feed.entries}
    assert rec["id"] not in {r["id"] for r in rep.truth()}


def test_break_block_and_heal(fresh_replica, http):
    rep = fresh_replica
    home = rep.base_urls["hanam"] + "/"
    other = rep.base_urls["mic"] + "/"
    rep.break_portal("hanam", status=503)
    assert http.fetch(home).status == 503
    assert http.fetch(other).status == 200
    rep.heal("hanam")
    rep.block_portal("hanam", mode="403")
    assert http.fetch(home).status == 403
    rep.block_portal("hanam", mode="429")
    res = http.fetch(home)
    assert res.status == 429 and res.headers.get("Retry-After")
    rep.block_portal("hanam", mode="challenge")
    res = http.fetch(home)
    assert res.status == 200 and len(res.body) < 400 and "Access denied" in res.text
    rep.heal("hanam")
    assert rep.portals["hanam"]["name"] in http.fetch(home).text
    with pytest.raises(ValueError):
        rep.block_portal("hanam", mode="teapot")
    with pytest.raises(KeyError):
        rep.break_portal("nowhere")


def test_change_layout_serves_unknown_markup_with_the_same_story(fresh_replica, http):
    rep = fresh_replica
    rec = next(r for r in rep.truth() if r["portal"] == "mic")
    before = http.fetch(rec["url"]).text
    assert "divArticleDescription2" in before
    rep.change_layout("mic")
    after = http.fetch(rec["url"]).text
    assert "divArticleDescription2" not in after and "Skip Ribbon Commands" not in after
    assert rec["body_text"].split("\n\n")[0] in html.unescape(after)
    rep.heal("mic")
    assert "divArticleDescription2" in http.fetch(rec["url"]).text


def test_set_delay_slows_the_portal(fresh_replica, http):
    rep = fresh_replica
    rep.set_delay("bacninh", 0.4)
    t0 = time.monotonic()
    assert http.fetch(rep.base_urls["bacninh"] + "/robots.txt").status == 200
    assert time.monotonic() - t0 >= 0.4
    t0 = time.monotonic()
    http.fetch(rep.base_urls["mic"] + "/robots.txt")
    assert time.monotonic() - t0 < 0.4


def _post(url: str, body: dict) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_http_control_endpoint_runs_mutations(fresh_replica, http):
    import json

    rep = fresh_replica
    admin = rep.base_urls["mic"] + "/__replica__/"
    status, answer = _post(admin + "break_portal", {"portal_id": "hanam", "status": 502})
    assert status == 200 and answer["ok"]
    assert http.fetch(rep.base_urls["hanam"] + "/").status == 502
    status, answer = _post(admin + "publish", {"article": {**NEW_ARTICLE, "id": "t950"}})
    assert status == 200 and http.fetch(answer["result"]).status == 200
    assert _post(admin + "heal", {})[0] == 200
    assert http.fetch(rep.base_urls["hanam"] + "/").status == 200
    assert _post(admin + "block_portal", {"portal_id": "hanam", "mode": "teapot"})[0] == 400
    assert _post(admin + "drop_database", {})[0] == 404
    truth = json.loads(http.fetch(admin + "truth").body)
    assert "t950" in {r["id"] for r in truth}


def test_head_requests_get_headers_without_body(fresh_replica):
    import urllib.request

    url = fresh_replica.truth()[0]["url"]
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as resp:
        assert resp.status == 200 and resp.headers["ETag"] and resp.read() == b""
