"""The extras flags render as documented, on every portal's template."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
import yaml
from lxml import html as lxml_html

from replica.server import start_replica
from replica.store import load_portals

PORTALS = load_portals()
_PIDS = [p["id"] for p in PORTALS]
EXTRAS = {
    "plain": {},
    "source_prefix": {"source_prefix": "(Chinhphu.vn)- "},
    "nfd": {"nfd": True},
    "stale_header_date": {"stale_header_date": "Thứ Sáu, ngày 23 tháng 08 năm 2019"},
    "broken_markup": {"broken_markup": True},
    "related_in_body": {"related_in_body": True},
    "author_bold_last": {"author_bold_last": True},
    "lead_repeated": {"lead_repeated": True},
    "date_in_metadata_only": {"date_in_metadata_only": True},
    "attachments": {
        "attachments": [
            {"file": "ke-hoach-cds-2024.pdf", "title": "Kế hoạch chuyển đổi số năm 2024"}
        ]
    },
    "raw_title": {"raw_title": "HỘI NGHỊ TRỰC TUYẾN VỀ CHUYỂN ĐỔI SỐ"},
}


def _article(portal: str, n: int, flag: str) -> dict:
    return {
        "id": f"x{_PIDS.index(portal)}{n:02d}",
        "portal": portal,
        "slug": f"hoi-nghi-chuyen-doi-so-{portal}-{flag.replace('_', '-')}",
        "category": "chuyen-doi-so",
        "title": f"Hội nghị trực tuyến về chuyển đổi số ({flag})",
        "published_at": f"2023-07-{n + 1:02d}T08:{n:02d}:00+07:00",
        "author": "NGUYỄN VĂN A",
        "lead": f"Sáng {n + 1}/7, Ban Chỉ đạo tổ chức hội nghị trực tuyến ({flag}).",
        "body": [
            f"Đoạn mở đầu của bài {flag}.",
            {"image": f"anh-{n}.jpg", "caption": "Quang cảnh hội nghị"},
            {"table": [["Chỉ tiêu", "Kết quả"], ["Hồ sơ trực tuyến", "85%"]]},
            {"list": ["Nhiệm vụ một", "Nhiệm vụ hai"]},
            {"heading": "Kết luận"},
            "Đoạn kết của bài.",
        ],
        "label": "dx_meeting",
        "extras": EXTRAS[flag],
    }


@pytest.fixture(scope="module")
def extras_replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extras")
    for p in PORTALS:
        for n, flag in enumerate(EXTRAS):
            art = _article(p["id"], n, flag)
            (folder / f"{art['id']}.yaml").write_text(
                yaml.safe_dump(art, allow_unicode=True), encoding="utf-8"
            )
    with start_replica(port=0, content_dir=folder) as rep:
        assert not rep.store.errors and len(rep.truth()) == len(PORTALS) * len(EXTRAS)
        pages = {}
        for rec in rep.truth():
            from urllib.request import urlopen

            with urlopen(rec["url"], timeout=10) as resp:
                pages[rec["id"]] = resp.read()
        yield rep, pages


def _page(extras_replica, pid: str, flag: str) -> tuple[dict, bytes]:
    rep, pages = extras_replica
    aid = f"x{_PIDS.index(pid)}{list(EXTRAS).index(flag):02d}"
    rec = {r["id"]: r for r in rep.truth()}[aid]
    return rec, pages[aid]


def _charset(raw: bytes) -> str:
    """The page's <meta charset> (windows-1258 on some portals), utf-8 by default."""
    found = re.search(rb"charset=([\w-]+)", raw[:2048])
    return found.group(1).decode("ascii").lower() if found else "utf-8"


def _decode(raw: bytes) -> str:
    # cp1258 decodes to combining tone marks: compose them as a reader would see the page.
    charset = _charset(raw)
    if charset in ("utf-8", "utf8"):
        return raw.decode("utf-8")
    return unicodedata.normalize("NFC", raw.decode(charset))


def _text(raw: bytes) -> str:
    return unicodedata.normalize("NFC", html.unescape(_decode(raw)))


@pytest.mark.parametrize("pid", [p["id"] for p in PORTALS])
def test_extras_render_on_every_template(extras_replica, http, pid):
    rep, _ = extras_replica
    rec, plain = _page(extras_replica, pid, "plain")
    text = _text(plain)
    assert (
        "Sáng 1/7" in text
        and "Quang cảnh hội nghị" in text
        and "85%" in text
        and "Nhiệm vụ hai" in text
    )
    assert "NGUYỄN VĂN A" in text
    assert rec["body_text"].split("\n\n") == [
        "Đoạn mở đầu của bài plain.",
        "Quang cảnh hội nghị",
        "Chỉ tiêu | Kết quả",
        "Hồ sơ trực tuyến | 85%",
        "Nhiệm vụ một",
        "Nhiệm vụ hai",
        "Kết luận",
        "Đoạn kết của bài.",
    ]
    assert "2019" not in text and "</html>\n<head>" not in text

    _, raw = _page(extras_replica, pid, "source_prefix")
    assert "(Chinhphu.vn)- Sáng 2/7" in _text(raw)

    _, raw = _page(extras_replica, pid, "nfd")
    if _charset(raw) in ("utf-8", "utf8"):
        assert unicodedata.normalize("NFD", "Hội nghị trực tuyến").encode() in raw
        assert "Hội nghị trực tuyến".encode() not in raw
    else:
        # A legacy code page has its own decomposition: the same bytes, no character references.
        assert b"&#" not in raw and "Hội nghị trực tuyến" in _text(raw)

    _, raw = _page(extras_replica, pid, "stale_header_date")
    assert "Thứ Sáu, ngày 23 tháng 08 năm 2019" in _text(raw)

    _, raw = _page(extras_replica, pid, "broken_markup")
    assert re.search(r"<html[^>]*>\s*</html>", _decode(raw))

    rec, raw = _page(extras_replica, pid, "related_in_body")
    assert "related-in-body" in _decode(raw) and "Tin liên quan" in _text(raw)

    _, raw = _page(extras_replica, pid, "author_bold_last")
    assert "<strong>NGUYỄN VĂN A</strong></p>" in _text(raw)

    rec, raw = _page(extras_replica, pid, "lead_repeated")
    assert (
        _text(raw).count(rec["lead"]) >= 3
    )  # meta description, the lead, the body's first paragraph

    rec, raw = _page(extras_replica, pid, "date_in_metadata_only")
    doc = lxml_html.fromstring(_decode(raw))
    for junk in doc.xpath("//head|//script|//aside"):
        junk.drop_tree()
    visible = doc.text_content()
    assert "08:08" not in visible and "09/07/2023" not in visible and "9 tháng 7" not in visible
    assert "2023-07-09T08:08:00+07:00" in _decode(raw)

    _, raw = _page(extras_replica, pid, "attachments")
    doc = lxml_html.fromstring(_decode(raw))
    hrefs = [a.get("href") for a in doc.xpath("//a[contains(@href, 'ke-hoach-cds-2024.pdf')]")]
    assert hrefs and "Kế hoạch chuyển đổi số năm 2024" in _text(raw)
    doc_res = http.fetch(rep.base_urls[pid] + hrefs[0])
    assert doc_res.status == 200 and doc_res.body.startswith(b"%PDF")

    rec, raw = _page(extras_replica, pid, "raw_title")
    h1 = lxml_html.fromstring(_decode(raw)).xpath("//h1")
    assert any("HỘI NGHỊ TRỰC TUYẾN VỀ CHUYỂN ĐỔI SỐ" in h.text_content() for h in h1)
    assert rec["title"] == "Hội nghị trực tuyến về chuyển đổi số (raw_title)"
