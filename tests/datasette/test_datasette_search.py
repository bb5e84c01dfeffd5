"""Vietnamese full-text search through Datasette: the JSON API's _search and the /-/search page."""

from __future__ import annotations

from urllib.parse import quote

import pytest


def _ids(client, query: str) -> set[int]:
    rows = client.json(f"/govmon/articles.json?_search={quote(query)}&_shape=array&_col=title")
    return {row["id"] for row in rows}


def _id_of(client, needle: str) -> int:
    rows = client.json("/govmon/articles.json?_shape=array&_col=title&_size=max")
    return next(row["id"] for row in rows if needle in row["title"])


def test_accent_free_query_finds_accented_text(client):
    ids = _ids(client, "chuyen doi so")
    assert _id_of(client, "Họp trực tuyến toàn quốc Ủy ban") in ids
    assert _id_of(client, "Ban Chỉ đạo chuyển đổi số tỉnh Hòa Bình") in ids
    assert _id_of(client, "Hoà Bình ra mắt") not in ids


def test_de_an_06_without_accents_finds_de_an_06(client):
    target = _id_of(client, "Đề án 06/CP")
    assert _ids(client, "de an 06") == {target}
    assert _ids(client, "Đề án 06") == {target}
    # The look-alike Ð (U+00D0) typed for Đ finds it too, in the API and on the search page.
    assert _ids(client, "\u00d0ề án 06") == {target}
    data = client.json("/-/search?q=%C3%90%E1%BB%81+%C3%A1n+06&_format=json")
    assert [r["id"] for r in data["results"]] == [target]


@pytest.mark.parametrize("spelling", ["Hoà Bình", "Hòa Bình", "hoa binh", "HOÀ BÌNH"])
def test_both_tone_placements_find_each_other(client, spelling):
    old_style = _id_of(client, "Hoà Bình ra mắt")
    new_style = _id_of(client, "tỉnh Hòa Bình họp")
    assert _ids(client, spelling) == {old_style, new_style}


def test_query_with_diacritics_and_decomposed_text(client):
    import unicodedata

    target = _id_of(client, "Ban Chỉ đạo chuyển đổi số tỉnh Hòa Bình")
    assert target in _ids(client, "số liệu")
    assert _ids(client, unicodedata.normalize("NFD", "số liệu")) == _ids(client, "số liệu")


def test_search_page_ranks_exact_diacritics_first_and_highlights(client):
    # "sở" folds to "so" like "số": all four articles with either word match,
    # the two that contain "sở" as typed come first.
    data = client.json("/-/search?q=s%E1%BB%9F&_format=json")
    titles = [r["title"] for r in data["results"]]
    assert data["total"] == 4
    first_two = {t.split()[0] for t in titles[:2]}
    assert first_two == {"Hoà", "Ban"}, titles
    assert all("sở" in r["snippet"].lower() or "Sở" in r["snippet"] for r in data["results"][:2])
    assert "<mark>" in data["results"][0]["snippet"]


def test_search_page_accent_free_highlights_the_accented_words(client):
    data = client.json("/-/search?q=de+an+06&_format=json")
    assert data["total"] == 1
    assert "<mark>Đề án 06</mark>" in data["results"][0]["snippet"]
    assert "<mark>Đề án 06</mark>" in data["results"][0]["title_html"]


def test_search_page_facets_and_filters(client):
    data = client.json("/-/search?q=chuyen+doi+so&_format=json")
    facets = {f["key"]: {i["label"]: i["count"] for i in f["items"]} for f in data["facets"]}
    assert facets["province_now"] == {"An Giang": 1, "Ninh Bình": 1, "Phú Thọ": 1}
    assert facets["meeting"] == {"yes": 3}
    assert facets["kind"] == {"provincial_portal": 2, "provincial_newspaper": 1}
    filtered = client.json(
        "/-/search?q=chuyen+doi+so&province_now=Ph%C3%BA+Th%E1%BB%8D&_format=json"
    )
    assert [r["province"] for r in filtered["results"]] == ["Hòa Bình"]
    by_year = client.json("/-/search?q=chuyen+doi+so&year=2021&_format=json")
    assert [r["published_at"][:4] for r in by_year["results"]] == ["2021"]


def test_search_page_html_escapes_article_text(client):
    response = client.get("/-/search?q=script")
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;<mark>script</mark>&gt;alert(" in response.text
    assert '<a href="javascript:' not in response.text


def test_empty_and_punctuation_only_queries(client):
    assert client.json("/-/search?q=&_format=json")["total"] == 0
    assert client.json("/-/search?q=%22%29%28*&_format=json")["total"] == 0
    # Datasette answers a malformed FTS query with a 400, not a server error.
    assert client.get("/govmon/articles.json?_search=%22").status_code in (200, 400)


def test_table_search_with_many_hits_skips_full_count_and_facets(client, monkeypatch):
    """?_search= on the articles table: newest first by the index, and above the bound no
    count(*) or facets over every hit (they would run into Datasette's time limits at scale)."""
    from datasette_config.plugins import govmon_datasette

    query = "/govmon/articles.json?_search=chuyen+doi+so&_col=title&_col=published_at"
    full = client.json(query)
    assert full["filtered_table_rows_count"] == len(full["rows"]) >= 2
    assert full["facet_results"]
    assert "sorted by search_rowid descending" in full["human_description_en"]
    monkeypatch.setattr(govmon_datasette, "TABLE_SEARCH_FULL_COUNT", 1)
    bounded = client.json(query)
    assert bounded["filtered_table_rows_count"] is None
    assert not bounded["facet_results"]
    assert bounded["rows"] == full["rows"]
    assert client.get("/govmon/articles?_search=chuyen+doi+so").status_code == 200
