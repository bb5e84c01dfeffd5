"""Where a crawl may go: a loopback portal needs `allow_private_network`, and a link to another
port of the same host is refused; each refusal is the source's recorded error (docs/security.md)."""

from __future__ import annotations

import json

import sqlite_utils

from tests.support.cli import article_html, crawl, listing_html
from tests.support.portal import LoopbackPortal

TITLE = "Hội nghị trực tuyến tổng kết chuyển đổi số của tỉnh năm 2024"


def _registry(tmp_path, sources: list[str]):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n" + "".join(sources), encoding="utf-8")
    return path


def _entry(sid: str, start: str, *, private: bool) -> str:
    flag = "    allow_private_network: true\n" if private else ""
    return f"  - id: {sid}\n    name: {sid}\n    province: An Giang\n    start_urls: ['{start}']\n{flag}"


def test_scope_rules_hold_for_every_request(tmp_path):
    home, other = LoopbackPortal(), LoopbackPortal()
    try:
        # The same host, another port: what a page must not make the crawler call.
        foreign = f"http://127.0.0.1:{other.server_address[1]}/bai/tin-khac-cong-khac-12345.html"
        local = "/bai/hoi-nghi-tong-ket-chuyen-doi-so-12345.html"
        home.routes["/tin-tuc"] = (200, {}, listing_html([(local, TITLE), (foreign, TITLE)]))
        home.routes[local] = (200, {}, article_html(TITLE))
        other.routes["/bai/tin-khac-cong-khac-12345.html"] = (200, {}, article_html(TITLE))
        registry = _registry(
            tmp_path,
            [
                _entry("allowed", home.base + "/tin-tuc", private=True),
                _entry("not-allowed", other.base + "/tin-tuc", private=False),
            ],
        )
        proc = crawl(registry, tmp_path / "govmon.db", check=False)
        # The source pointing at a private address fails, and the crawl says so (exit 1).
        assert proc.returncode == 1 and "sources failed: not-allowed" in proc.stderr
    finally:
        for server in (home, other):
            server.stop()
    db = sqlite_utils.Database(tmp_path / "govmon.db")
    runs = {r["source_id"]: r for r in db.query("select * from source_runs")}
    assert {r["url"] for r in db.query("select url from articles")} == {home.base + local}
    allowed_errors = " ".join(json.loads(runs["allowed"]["errors"]))
    assert f"port {other.server_address[1]} is not the source's" in allowed_errors
    assert other.log == [], "a request reached the other port"
    refused = " ".join(json.loads(runs["not-allowed"]["errors"]))
    assert "127.0.0.1 is not a public address (allow_private_network is not set)" in refused


def test_a_robots_txt_redirect_off_the_source_is_not_followed(tmp_path):
    home, other = LoopbackPortal(), LoopbackPortal()
    try:
        local = "/bai/hoi-nghi-tong-ket-chuyen-doi-so-12345.html"
        home.routes["/robots.txt"] = (302, {"Location": other.base + "/robots.txt"}, "")
        home.routes["/tin-tuc"] = (200, {}, listing_html([(local, TITLE)]))
        home.routes[local] = (200, {}, article_html(TITLE))
        other.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, "User-agent: *\n")
        registry = _registry(tmp_path, [_entry("home", home.base + "/tin-tuc", private=True)])
        crawl(registry, tmp_path / "govmon.db", check=False)
    finally:
        for server in (home, other):
            server.stop()
    assert "/robots.txt" in home.log, "the source's own robots.txt was asked for"
    assert other.log == [], "the robots.txt redirect reached another host"
    db = sqlite_utils.Database(tmp_path / "govmon.db")
    assert {r["url"] for r in db.query("select url from articles")} == {home.base + local}
