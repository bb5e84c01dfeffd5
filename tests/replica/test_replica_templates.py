"""Every template version of every family serves a working site; content files may come and go."""

from __future__ import annotations

import html
import re
import time

import feedparser
import pytest
import yaml

from replica.render import FAMILIES
from replica.server import start_replica

VARIANTS = [(fam, tpl) for fam, cls in sorted(FAMILIES.items()) for tpl in cls.variants]
PAGER_TEXT = re.compile(r"^(\d+|Trang sau|»|›|Sau »|Xem thêm|Tiếp|Cuối)$")


def test_each_family_has_at_least_three_template_versions():
    for name, cls in FAMILIES.items():
        assert len(cls.variants) >= 3, name
        # Versions differ in markup settings, not only in name.
        assert len({repr(sorted(v.items())) for v in cls.variants.values()}) == len(cls.variants)


def _write_article(folder, portal: str, n: int, **over) -> dict:
    art = {
        "id": f"v{portal}-{n:02d}",
        "portal": portal,
        "slug": f"bai-viet-so-{n}-cua-{portal}",
        "category": "chuyen-doi-so" if n % 3 else "tin-tuc",
        "title": f"Bài viết số {n} về chuyển đổi số",
        "published_at": f"2024-03-{n + 1:02d}T09:{n:02d}:00+07:00"
        if n % 2
        else f"2024-03-{n + 1:02d}",
        "author": "TRẦN B" if n % 2 else None,
        "lead": f"Sáng {n + 1}/3, tin số {n}.",
        "body": [f"Nội dung bài {n}.", {"image": f"h{n}.jpg", "caption": f"Ảnh {n}"}],
        "label": "dx_news",
    }
    art.update(over)
    (folder / f"{art['id']}.yaml").write_text(
        yaml.safe_dump(art, allow_unicode=True), encoding="utf-8"
    )
    return art


@pytest.fixture(scope="module")
def variant_replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variants")
    portals = []
    for i, (fam, tpl) in enumerate(VARIANTS):
        pid = f"{fam[:4]}{i}"
        portals.append(
            {
                "id": pid,
                "name": f"Cổng thử {fam} {tpl}",
                "family": fam,
                "template": tpl,
                "host": f"127.0.2.{i + 1}",
                "kind": "provincial_portal",
                "rss": True,
                "sitemap": True,
            }
        )
        for n in range(9):
            _write_article(folder, pid, n)
    pfile = folder.parent / f"{folder.name}-portals.yaml"
    pfile.write_text(yaml.safe_dump({"portals": portals}, allow_unicode=True), encoding="utf-8")
    with start_replica(port=0, content_dir=folder, portals_file=pfile) as rep:
        yield rep


def test_every_template_version_serves_listings_articles_feeds_and_sitemaps(variant_replica, http):
    rep = variant_replica
    truth = rep.truth()
    assert len(truth) == 9 * len(VARIANTS)
    for pid, base in rep.base_urls.items():
        fam = rep.families[pid]
        mine = [r for r in truth if r["portal"] == pid]
        urls = {r["url"] for r in mine}
        assert http.fetch(base + "/").status == 200
        found, queue, seen = (
            set(),
            [base + fam.listing_path("chuyen-doi-so"), base + fam.listing_path("tin-tuc")],
            set(),
        )
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            res = http.fetch(url)
            assert res.status == 200, url
            links = http.main_links(res.text, base)
            found |= urls & set(links)
            from lxml import html as lxml_html

            doc = lxml_html.fromstring(res.text)
            doc.make_links_absolute(url)
            queue += [
                a.get("href")
                for a in doc.xpath("//a[@href]")
                if PAGER_TEXT.match(a.text_content().strip()) and a.get("href").startswith(base)
            ]
        assert found == urls, (pid, fam.template)
        for rec in mine:
            page = http.fetch(rec["url"])
            assert page.status == 200
            text = html.unescape(page.text)
            assert rec["title"] in text and rec["lead"] in text and "Ảnh" in text
        feed_paths = [p for p, r in rep.sites()[pid].routes.items() if r.kind == "feed"]
        assert feed_paths, pid
        parsed = feedparser.parse(http.fetch(base + feed_paths[0]).body)
        assert not parsed.bozo and {e.link for e in parsed.entries} == urls
        robots = http.fetch(base + "/robots.txt").text
        sitemap = re.search(r"Sitemap: (\S+)", robots).group(1)
        assert http.fetch(sitemap).status == 200


def test_files_appearing_changing_and_breaking_are_picked_up(tmp_path, http):
    _write_article(tmp_path, "mic", 1)
    with start_replica(port=0, content_dir=tmp_path) as rep:
        assert [r["id"] for r in rep.truth()] == ["vmic-01"]
        new = _write_article(tmp_path, "mic", 2, title="Bài mới xuất hiện")
        time.sleep(0.01)
        ids = [r["id"] for r in rep.truth()]
        assert ids == ["vmic-01", "vmic-02"]
        url = rep.url_of(new["id"])
        assert "Bài mới xuất hiện" in html.unescape(http.fetch(url).text)
        (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
        (tmp_path / "half.yaml").write_text("", encoding="utf-8")  # a file being written
        (tmp_path / "nontitle.yaml").write_text("id: z1\nportal: mic\nslug: z\n", encoding="utf-8")
        assert [r["id"] for r in rep.truth()] == ["vmic-01", "vmic-02"]
        assert any("broken.yaml" in e for e in rep.store.errors)
        assert any("nontitle.yaml" in e and "title" in e for e in rep.store.errors)
        assert http.fetch(url).status == 200
        (tmp_path / f"{new['id']}.yaml").unlink()
        assert http.fetch(url).status == 404


def test_a_portal_can_be_served_in_windows_1258(tmp_path, http):
    pfile = tmp_path / "portals.yaml"
    pfile.write_text(
        yaml.safe_dump(
            {
                "portals": [
                    {
                        "id": "cu",
                        "name": "Sở Thông tin và Truyền thông (cũ)",
                        "family": "nukeviet",
                        "template": "nukeviet3",
                        "host": "127.0.3.1",
                        "encoding": "windows-1258",
                    }
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    content = tmp_path / "articles"
    content.mkdir()
    art = _write_article(content, "cu", 1, title="Hội nghị trực tuyến về Đề án 06 của Ủy ban")
    with start_replica(port=0, content_dir=content, portals_file=pfile) as rep:
        res = http.fetch(rep.url_of(art["id"]))
    assert res.status == 200
    assert res.headers["Content-Type"] == "text/html; charset=windows-1258"
    with pytest.raises(UnicodeDecodeError):
        res.body.decode("utf-8")
    import unicodedata

    page = unicodedata.normalize("NFC", res.body.decode("cp1258"))
    assert art["title"] in page and "charset=windows-1258" in page
    assert b"&#" not in res.body


def test_colliding_slugs_get_distinct_urls_in_server_and_truth(tmp_path, http):
    from replica.truth import load_truth

    a = _write_article(
        tmp_path, "backancity", 1, slug="hoi-nghi-chuyen-doi-so", title="Bài thứ nhất"
    )
    b = _write_article(
        tmp_path, "backancity", 2, slug="hoi-nghi-chuyen-doi-so", title="Bài thứ hai"
    )
    with start_replica(port=0, content_dir=tmp_path) as rep:
        served = {r["id"]: r["url"] for r in rep.truth()}
        assert served == {
            r["id"]: r["url"] for r in load_truth(rep.base_urls, content_dir=tmp_path)
        }
        assert served[a["id"]].endswith("/hoi-nghi-chuyen-doi-so/")
        assert served[b["id"]].endswith("/hoi-nghi-chuyen-doi-so-2/")
        assert rep.url_of(b["id"]) == served[b["id"]]
        for art in (a, b):
            assert art["title"] in html.unescape(http.fetch(served[art["id"]]).text)


def test_sparse_and_odd_articles_render_on_every_template(variant_replica, tmp_path, http):
    # No lead, author, date or body; a category and slug with spaces and diacritics.
    portals = [dict(s.portal) for s in variant_replica.sites().values()]
    pfile = tmp_path / "portals.yaml"
    pfile.write_text(yaml.safe_dump({"portals": portals}, allow_unicode=True), encoding="utf-8")
    content = tmp_path / "articles"
    content.mkdir()
    for p in portals:
        art = {
            "id": f"s-{p['id']}",
            "portal": p["id"],
            "slug": "Bài viết lạ",
            "title": "Tin vắn",
            "category": "Tin tức tổng hợp",
            "published_at": None,
            "lead": None,
            "author": None,
        }
        (content / f"{art['id']}.yaml").write_text(
            yaml.safe_dump(art, allow_unicode=True), encoding="utf-8"
        )
    with start_replica(port=0, content_dir=content, portals_file=pfile) as rep:
        truth = rep.truth()
        assert not rep.store.errors and len(truth) == len(portals)
        for rec in truth:
            assert rec["published_at"] is None and rec["body_text"] == ""
            assert "bai-viet-la" in rec["url"].lower()
            res = http.fetch(rec["url"])
            assert res.status == 200 and "Tin vắn" in html.unescape(res.text), rec["url"]
        for pid, base in rep.base_urls.items():
            assert (
                http.fetch(base + rep.families[pid].listing_path("tin-tuc-tong-hop")).status == 200
            )
