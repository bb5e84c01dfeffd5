"""`govmon sources check --db`: the site template learnt by the crawls, told in plain lines."""

from __future__ import annotations

import subprocess
import sys

from crawler.cli.sources import template_lines
from crawler.extraction import learn_from_page
from replica import registry_yaml, start_replica

SITE = "Cổng Thông tin điện tử tỉnh Thử Nghiệm"
PAGE = """<html><head><title>{title} | {site}</title></head><body>
<div class="top"><span class="today">Thứ Hai, 06/12/2026</span> <a href="/">Trang chủ</a></div>
<ul class="links"><li><a href="/gioi-thieu">Giới thiệu chung về tỉnh</a></li></ul>
<div class="article"><h1>{title}</h1><p>{body}</p></div>
<div class="foot">Bản quyền thuộc Ủy ban nhân dân tỉnh Thử Nghiệm. Địa chỉ: số 1 đường Lê Lợi.</div>
</body></html>"""
STORIES = [
    ("Hội nghị sơ kết công tác chuyển đổi số quý một", "Sáng nay, tỉnh tổ chức hội nghị sơ kết."),
    ("Ra mắt nền tảng dịch vụ công trực tuyến mới", "Nền tảng mới giúp người dân nộp hồ sơ."),
    ("Tập huấn kỹ năng số cho cán bộ cấp xã năm nay", "Hơn 200 cán bộ tham gia lớp tập huấn."),
    ("Kiểm tra tiến độ triển khai Đề án 06 tại các huyện", "Đoàn kiểm tra làm việc tại ba huyện."),
]


def learnt_template() -> dict:
    template = None
    for n, (title, body) in enumerate(STORIES):
        html = PAGE.format(title=title, site=SITE, body=body)
        template = learn_from_page(template, html, f"http://test.example/tin-tuc/bai-{n}.html")
    return template.to_dict()


def test_the_lines_tell_pages_title_affixes_furniture_and_header_dates():
    lines = "\n".join(template_lines(learnt_template(), "2026-12-06T02:00:00+00:00"))
    assert "learnt from 4 article pages, last on 2026-12-06T02:00:00+00:00" in lines
    assert f'suffix cut: " | {SITE}"' in lines
    assert "prefix cut: none" in lines
    assert f'"{SITE}"' in lines.split("site names")[1].splitlines()[0]
    # The header date on every page is furniture: never a publication date.
    assert "dates in repeated blocks (never a publication date): " in lines
    assert "06/12/2026" in lines.split("dates in repeated blocks")[1]
    assert "Sáng nay, tỉnh tổ chức" not in lines  # content is not furniture


def test_nothing_learnt_and_too_few_pages_say_so():
    assert template_lines(None) == [
        "nothing learnt yet: crawl the source first (a template needs its article pages)"
    ]
    one = learn_from_page(
        None, PAGE.format(title="Một bài", site=SITE, body="Nội dung."), "http://t/1"
    )
    assert any(line.startswith("not in use yet") for line in template_lines(one.to_dict()))


def test_sources_check_shows_the_template_learnt_by_a_crawl(tmp_path):
    with start_replica(port=0) as rep:
        registry = tmp_path / "replica.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        db = tmp_path / "govmon.db"

        def govmon(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-m", "crawler.cli", *args],
                capture_output=True,
                text=True,
                timeout=300,
            )

        crawl = govmon(
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db),
            "--source",
            "hanam",
            "--fast",
            "--quiet",
            "--no-analyse",
        )
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        check = govmon(
            "sources",
            "check",
            "--sources",
            str(registry),
            "--source",
            "hanam",
            "--source",
            "mic",
            "--db",
            str(db),
        )
    assert check.returncode == 0, check.stderr
    out = check.stdout
    hanam = out.split("Learnt template of hanam")[1].split("Learnt template of mic")[0]
    portal = rep.portals["hanam"]
    assert "learnt from " in hanam and "article pages" in hanam
    assert portal["name"] in hanam.split("site names")[1].splitlines()[0]
    assert "repeated blocks (furniture, removed before extraction): " in hanam
    # mic was not crawled into this database.
    assert "nothing learnt yet" in out.split("Learnt template of mic")[1]
    missing = govmon(
        "sources",
        "check",
        "--sources",
        str(registry),
        "--source",
        "hanam",
        "--db",
        str(tmp_path / "none.db"),
    )
    assert missing.returncode == 2 and "no such database" in missing.stderr
