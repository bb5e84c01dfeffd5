"""Home page, article pages, static files, production mode."""

from __future__ import annotations

import asyncio
import re
import shutil

from storage.db import open_db, upsert_article


def _article_id(client, needle: str, database: str = "govmon") -> int:
    rows = client.json(f"/{database}/articles.json?_shape=array&_col=title&_size=max")
    return next(row["id"] for row in rows if needle in row["title"])


def test_home_page_is_search_first(client):
    html = client.get("/").text
    assert html.index('name="q"') < html.index("<h2>")
    assert 'action="/-/search"' in html
    assert "/govmon-static/govmon.css" in html
    assert client.get("/govmon-static/govmon.css").status_code == 200


def test_article_page_is_readable(client):
    article_id = _article_id(client, "Đề án 06/CP")
    html = client.get(f"/govmon/articles/{article_id}").text
    assert '<article class="govmon-article">' in html
    assert "<h1>Hội nghị trực tuyến toàn quốc sơ kết 01 năm triển khai Đề án 06/CP</h1>" in html
    assert "<p>Cập nhật: danh sách điểm cầu.</p>" in html  # body as paragraphs
    assert 'href="http://127.0.1.2/Documents/ke-hoach-de-an-06.pdf"' in html
    assert "Kế hoạch triển khai Đề án 06" in html
    assert 'href="http://127.0.1.2/Pages/hoi-nghi-so-ket-de-an-06.aspx"' in html  # the original
    assert "Hà Nam (nay là Ninh Bình)" in html  # Vietnamese first
    english = client.get(f"/govmon/articles/{article_id}?lang=en").text
    assert "Hà Nam (now Ninh Bình)" in english and "Read on the original site" in english
    assert len(re.findall(r'href="/govmon/article_versions/\d+,\d"', html)) == 2
    assert re.search(r"<h2>Sự kiện: (<a [^>]+>)?ncdt-2022-review", html)


def test_article_page_lists_other_coverage_of_its_event(client, db_path, make_client):
    # Another source's report of the same event, written to a copy so other tests are unaffected.
    copy = db_path.parent / "coverage.db"
    shutil.copy(db_path, copy)
    db = open_db(copy)
    upsert_article(
        db,
        {
            "url": "http://127.0.1.3/hoi-nghi-de-an-06-197221225.htm",
            "source_id": "mst",
            "title": "Thủ tướng chủ trì hội nghị sơ kết Đề án 06",
            "body_text": "Nội dung.",
            "published_at": "2022-12-25T18:00:00+07:00",
            "event_id": "ncdt-2022-review",
            "fetched_at": "2026-11-20T02:00:00+00:00",
        },
    )
    db.close()
    other = make_client(copy)
    article_id = _article_id(other, "Đề án 06/CP", "coverage")
    html = other.get(f"/coverage/articles/{article_id}").text
    assert "Các bài khác về sự kiện này" in html
    assert "Thủ tướng chủ trì hội nghị sơ kết Đề án 06" in html


def test_article_text_is_never_rendered_as_html(client):
    article_id = _article_id(client, "Cảnh báo")
    html = client.get(f"/govmon/articles/{article_id}").text
    article = html[html.index('<article class="govmon-article">') : html.index("</article>")]
    assert "<script>" not in article
    assert "&lt;script&gt;document.title" in article
    assert "<img src=x" not in article and "onerror=alert" not in article.replace(
        "&lt;img src=x onerror=alert", ""
    )
    assert 'href="javascript:' not in article and 'src="javascript:' not in article
    assert "&lt;b onmouseover=alert(6)&gt;" in article
    # The rest of the page (Datasette's own column table) escapes it too.
    assert "<script>alert(" not in html and 'href="javascript:' not in html


def test_other_row_pages_keep_datasette_layout(client):
    html = client.get("/govmon/sources/hanam").text
    assert "govmon-article" not in html
    assert "Cổng Thông tin điện tử tỉnh Hà Nam" in html


def test_development_mode_allows_sql_and_robots(client):
    assert client.get("/govmon.json?sql=select+1").status_code == 200
    assert "Allow: /" in client.get("/robots.txt").text
    assert "x-robots-tag" not in client.get("/").headers


def test_production_mode(production_client):
    client = production_client
    assert client.get("/govmon.json?sql=select+count(*)+from+articles").status_code == 403
    assert client.get("/govmon/latest_meeting_reports.json").status_code == 200
    assert client.get("/govmon/articles.json?_search=de+an").status_code == 200
    assert client.get("/govmon.db").status_code in (403, 404)
    robots = client.get("/robots.txt")
    assert robots.text == "User-agent: *\nDisallow: /\n"
    assert client.get("/").headers["x-robots-tag"] == "noindex, nofollow"
    # A signed-in actor may still run SQL.
    actor = client.ds.sign({"a": {"id": "root"}}, "actor")
    signed_in = asyncio.run(
        client.ds.client.get("/govmon.json?sql=select+1", cookies={"ds_actor": actor})
    )
    assert signed_in.status_code == 200
    settings = client.json("/-/settings.json")
    assert settings["sql_time_limit_ms"] <= 2000 and settings["allow_download"] is False


def test_version_page_shows_what_changed(client):
    article_id = _article_id(client, "Đề án 06/CP")
    html = client.get(f"/govmon/article_versions/{article_id},2").text
    assert "Changes since version 1" in html
    assert "<ins>Cập nhật: danh sách điểm cầu.</ins>" in html
    assert '<p class="govmon-same">Dự tại điểm cầu tỉnh Hà Nam có lãnh đạo UBND tỉnh.</p>' in html
    assert "<del>" not in html.split('class="govmon-diff"')[1].split("</div>")[0]
    first = client.get(f"/govmon/article_versions/{article_id},1").text
    assert "The first version seen" in first


def test_paragraph_diff_marks_removed_added_and_kept():
    from datasette_config.plugins import govmon_datasette as plugin

    old = {"title": "Cũ", "body_text": "Một.\n\nHai.\n\nBa."}
    new = {"title": "Mới", "body_text": "Một.\n\nHai sửa.\n\nBa."}
    assert plugin.paragraph_diff(old, new) == [
        {"field": "title", "op": "-", "text": "Cũ"},
        {"field": "title", "op": "+", "text": "Mới"},
        {"field": "body", "op": "=", "text": "Một."},
        {"field": "body", "op": "-", "text": "Hai."},
        {"field": "body", "op": "+", "text": "Hai sửa."},
        {"field": "body", "op": "=", "text": "Ba."},
    ]
