"""Decoding: declared charsets, meta charset, windows-1258 and NFD pages all end up NFC."""

from __future__ import annotations

import unicodedata

from crawler.extraction import extract_article
from crawler.extraction.decode import decode_html, sniff_encoding

TITLE = "Hội nghị trực tuyến về chuyển đổi số"
PAGE = (
    "<html><head>{meta}<title>" + TITLE + "</title></head><body><h1>" + TITLE + "</h1>"
    "<div class='content'><p>Sáng ngày 25/12/2022, Chính phủ tổ chức hội nghị trực tuyến toàn quốc,"
    " với các điểm cầu của 63 tỉnh, thành phố trong cả nước.</p></div></body></html>"
)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: vowel letters precomposed, tone marks as combining marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in _TONES)
            out.append(
                unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones
            )
    return "".join(out).encode("cp1258")


def test_utf8_declared_in_meta() -> None:
    html = PAGE.format(meta='<meta charset="utf-8">').encode("utf-8")
    assert sniff_encoding(html) == "utf-8"
    assert extract_article(html, "http://example.vn/a.html").title == TITLE


def test_windows_1258_is_decoded_and_normalised_to_nfc() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    # cp1258 has no letters with tone marks: the marks are separate combining characters.
    raw = to_cp1258(PAGE.format(meta=meta))
    assert sniff_encoding(raw) == "cp1258"
    text = decode_html(raw)
    assert unicodedata.is_normalized("NFC", text)
    art = extract_article(raw, "http://example.vn/a.html")
    assert art.title == TITLE
    assert "Chính phủ tổ chức" in art.body_text


def test_http_charset_wins_over_guessing() -> None:
    raw = to_cp1258(PAGE.format(meta=""))
    assert extract_article(raw, "http://example.vn/a.html", encoding="windows-1258").title == TITLE


def test_undeclared_legacy_bytes_fall_back_to_cp1258() -> None:
    raw = to_cp1258(PAGE.format(meta=""))
    assert decode_html(raw).count(TITLE) == 2


def test_nfd_page_becomes_nfc() -> None:
    html = unicodedata.normalize("NFD", PAGE.format(meta='<meta charset="utf-8">'))
    art = extract_article(html.encode("utf-8"), "http://example.vn/a.html")
    assert art.title == TITLE
    assert unicodedata.is_normalized("NFC", art.body_text)


def test_xml_declaration_and_bom_are_tolerated() -> None:
    html = '\ufeff<?xml version="1.0" encoding="utf-8"?>' + PAGE.format(meta="")
    assert extract_article(html.encode("utf-8"), "http://example.vn/a.html").title == TITLE
    assert extract_article(html, "http://example.vn/a.html").title == TITLE


def test_empty_and_garbage_input_do_not_raise() -> None:
    for junk in (b"", "", b"\x00\xff\xfe", "<html></html>", "plain text, no markup"):
        art = extract_article(junk, "http://example.vn/x")
        assert art.url == "http://example.vn/x"
        assert not art.is_complete
