"""The loopback server of generated sites and the scorer, over real HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from replica.generator import generate_site, serve_sites
from replica.generator.score import score_rows, token_f1
from replica.generator.urls import session_path


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def test_each_site_on_its_own_host_with_links_made_absolute() -> None:
    a, b = generate_site(4), generate_site(5)
    with serve_sites([a, b]) as servers:
        base_a, base_b = servers.base_urls[4], servers.base_urls[5]
        assert base_a.split(":")[1] != base_b.split(":")[1]  # two hosts
        status, _ctype, body = fetch(base_a + a.start_path)
        assert status == 200 and b"__BASE__" not in body
        art = a.articles[0]
        status, _ctype, body = fetch(base_a + art.path)
        assert status == 200
        assert fetch(base_a + "/no-such-page.html")[0] == 404
        # A session id in the URL serves the same page (sites put one in their links).
        assert fetch(base_a + session_path(art.path, "jsessionid", "ABC123"))[2] == body
        assert fetch(base_a + session_path(art.path, "sid", "abc123"))[2] == body


def test_charset_is_declared_as_the_site_says() -> None:
    for seed in range(40):
        site = generate_site(seed)
        if site.style.encoding in ("utf8_bom", "meta_only"):
            break
    with serve_sites([site]) as servers:
        _status, ctype, body = fetch(servers.base_urls[site.seed] + site.articles[0].path)
    assert "charset" not in ctype
    if site.style.encoding == "utf8_bom":
        assert body.startswith(b"\xef\xbb\xbf")


def perfect_rows(site, base: str) -> list[dict]:
    rows = []
    for t in site.truth():
        rows.append(
            {
                "url": base + t["url"],
                "canonical_url": None,
                "title": t["title"],
                "lead": t["lead"],
                "body_text": "\n\n".join(t["body"]),
                "author": t["author"],
                "published_at": t["published_at"],
            }
        )
    return rows


def test_perfect_rows_score_one_and_copies_are_junk() -> None:
    site = generate_site(11)
    rows = perfect_rows(site, "http://127.0.0.1:1")
    score = score_rows(site, rows).rates()
    assert score["coverage"] == score["title"] == score["date"] == score["body_f1"] == 1.0
    assert score["author"] == 1.0 and score["junk"] == 0
    if any(t["has_time"] for t in site.truth()):
        assert score["datetime"] == 1.0
    copy = dict(
        rows[0],
        url=rows[0]["url"] + "?print=1"
        if "?" not in rows[0]["url"]
        else rows[0]["url"] + "&print=1",
    )
    other = dict(rows[1], url="http://127.0.0.1:1/lien-he")
    worse = score_rows(site, [*rows, copy, other]).rates()
    assert worse["junk"] == 2 and worse["coverage"] == 1.0


def test_wrong_fields_are_counted_wrong() -> None:
    site = generate_site(11)
    rows = perfect_rows(site, "http://h")
    rows[0]["title"] = site.name
    rows[1]["published_at"] = "1999-01-01"
    rows[2]["body_text"] = "Trang chủ Liên hệ"
    rows[2]["lead"] = None
    score = score_rows(site, rows)
    assert score.title == score.found - 1
    assert score.date == score.found - 1
    assert score.f1_sum < score.found - 0.9


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [("Hòa Bình", "hòa bình", 1.0), ("", "", 1.0), ("a b", "c d", 0.0), ("a b c d", "a b", 2 / 3)],
)
def test_token_f1(pred: str, gold: str, expected: float) -> None:
    assert token_f1(pred, gold) == pytest.approx(expected)
