"""The pure stages under Hypothesis with malformed input: extraction, date reading, query
parsing and classification never raise (except the query parser's own QueryError, which is
how it says a query cannot run) and what they return is NFC text."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.analysis import analyse_article
from crawler.analysis.meeting_days import find_meeting_date
from crawler.dates import find_day_month, parse_vietnamese_datetime
from crawler.extraction import MAX_BODY_CHARS, cap_body, extract_article
from crawler.search_query import QueryError, parse_query

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Vietnamese letters (NFC and NFD), digits, date punctuation, markup and control characters.
ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyÐĐ0123456789 /-.:,|'\"<>=&;#!\n\t\r\x00\ufeff")
    + ["Thứ", "ngày", "tháng", "năm", "Chiều", "Sáng", "Hà Nội", "\u0301", "\u0323", "\u0309"]
)
TEXT = st.lists(ALPHABET, max_size=60).map("".join)
TAGS = st.sampled_from(
    ["<p>", "</p>", "<div class='content'>", "</div>", "<h1>", "</h1>", "<article>", "<br>",
     "<table><tr><td>", "</td></tr></table>", "<img src=x onerror=1>", "<a href='javascript:x'>",
     "<script>", "</script>", "<!--", "-->", "<![CDATA[", "<time datetime='2021-13-45'>", "</html>",
     "<meta property='article:published_time' content='năm 2021'>", "<<", "&#0;", "&amp"]
)  # fmt: skip
HTML = st.lists(st.one_of(TEXT, TAGS), max_size=40).map("".join)
RAW = st.one_of(HTML, HTML.map(lambda s: s.encode("utf-8")), st.binary(max_size=400))


def _is_nfc(value) -> bool:
    if isinstance(value, str):
        return unicodedata.is_normalized("NFC", value)
    if isinstance(value, list | tuple):
        return all(_is_nfc(v) for v in value)
    if isinstance(value, dict):
        return all(_is_nfc(v) for v in value.values())
    return True


@FUZZ
@given(RAW)
def test_extraction_never_raises_and_returns_nfc(html):
    article = extract_article(html, "http://127.0.0.1/tin-tuc/bai-viet-12345.html")
    assert _is_nfc(article.to_dict())
    assert len(article.body_text or "") <= MAX_BODY_CHARS


@FUZZ
@given(TEXT, st.dates())
def test_date_reading_never_raises(text, reference):
    for value in (
        parse_vietnamese_datetime(text),
        parse_vietnamese_datetime(text, reference=reference),
        find_meeting_date(text, reference),
    ):
        assert value is None or (isinstance(value, str) and value[:4].isdigit())
    found = find_day_month(text)
    assert found is None or (1 <= found[0] <= 31 and 1 <= found[1] <= 12)


@FUZZ
@given(TEXT)
def test_query_parsing_raises_only_query_errors(text):
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert _is_nfc(query.fts())
    query.matches([text, text.upper()])


@FUZZ
@given(TEXT, TEXT, st.lists(TEXT, max_size=8).map("\n\n".join))
def test_classification_never_raises(title, lead, body):
    result = analyse_article({"title": title, "lead": lead, "body_text": body})
    assert isinstance(result["topic_dx"], bool) and _is_nfc(result["relevance_reasons"])


def test_overlong_body_is_cut_at_a_paragraph_and_the_cap_recorded():
    paragraph = "Hội nghị chuyển đổi số. " * 40
    body = "\n\n".join([paragraph] * 1000)
    cut, cap = cap_body(body, limit=10_000)
    assert cap == 10_000 and len(cut) <= 10_000 and cut.endswith(paragraph.strip())
    assert cap_body("ngắn", limit=10) == ("ngắn", None)
