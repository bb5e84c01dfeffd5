"""Simulated nights on the replica: new, edited and removed articles, a broken, a blocked, a
redesigned portal, one whose listings show no article link and one whose articles hold nothing to
extract; each night is a real `govmon crawl` then `govmon alerts run`, as the scheduler runs them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
import sqlite_utils
import yaml

from replica import registry_yaml
from replica.server import start_replica
from tests.support.receivers import WebhookReceiver

pytestmark = pytest.mark.slow
VN = timezone(timedelta(hours=7))


def govmon(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ},
    )
    assert proc.returncode == expect, f"govmon {' '.join(args)}: {proc.stderr[-3000:]}"
    return proc


def new_article(
    aid: str, portal: str, title: str, lead: str, paragraphs: list[str], **extra
) -> dict:
    return {
        "id": aid,
        "portal": portal,
        "slug": aid.replace("_", "-") + "-bai-viet-moi-trong-dem",
        "title": title,
        "lead": lead,
        "body": paragraphs,
        "author": None,
        "published_at": datetime.now(VN).replace(microsecond=0).isoformat(),
        "label": extra.pop("label", "dx_news"),
        "event": None,
        "province": extra.pop("province", None),
        **extra,
    }


MEETING = [
    "Tham dự tại điểm cầu tỉnh An Giang có Chủ tịch UBND tỉnh cùng các thành viên Ban Chỉ đạo chuyển đổi số tỉnh.",
    "Tại hội nghị, các đại biểu thảo luận kết quả triển khai Đề án 06 và kế hoạch chuyển đổi số năm tới, "
    "trong đó tập trung vào dữ liệu dân cư, dịch vụ công trực tuyến toàn trình và hạ tầng số.",
    "Phát biểu kết luận, Chủ tịch UBND tỉnh yêu cầu các sở, ngành đẩy nhanh tiến độ chuyển đổi số.",
]
OTHER = [
    "Theo Sở Nông nghiệp, giá lúa tại các huyện đầu nguồn tăng nhẹ so với tuần trước do nhu cầu xuất khẩu.",
    "Nông dân đang khẩn trương thu hoạch lúa vụ thu đông, năng suất bình quân đạt khá.",
    "Ngành chức năng khuyến cáo bà con theo dõi thời tiết để bố trí lịch xuống giống vụ sau.",
]


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nights")
    receiver = WebhookReceiver().start()
    operator = WebhookReceiver().start()  # the operator's webhook: source health changes only
    watches = tmp / "watches.yaml"
    watches.write_text(
        "watches:\n"
        "  - id: hoi-nghi-cds\n"
        "    query: '\"chuyen doi so\"'\n"
        "    meeting_reports_only: true\n"
        "    since: 2026-01-01\n"
        f"    channels:\n      webhook: {receiver.url}\n"
        f"health:\n  channels:\n    webhook: {operator.url}\n",
        encoding="utf-8",
    )
    db_path = tmp / "govmon.db"
    out: dict = {"receiver": receiver, "operator": operator}
    with start_replica(port=0) as rep:
        registry = tmp / "replica.yaml"
        registry.write_text(registry_yaml(rep.base_urls), encoding="utf-8")
        out["registry"] = yaml.safe_load(registry.read_text(encoding="utf-8"))

        def night(name: str, expect: int = 0) -> None:
            start, health_start = len(rep.request_log), len(operator.bodies)
            crawl = govmon(
                "crawl",
                "--sources",
                str(registry),
                "--db",
                str(db_path),
                "--fast",
                "--quiet",
                expect=expect,
            )
            govmon("alerts", "run", "--db", str(db_path), "--watches", str(watches))
            status = subprocess.run(
                [sys.executable, "-m", "crawler.cli", "status", "--db", str(db_path), "--json"],
                capture_output=True,
                text=True,
                timeout=120,
            )
            out[name] = {
                "requests": rep.request_log[start:],
                "hooks": len(receiver.bodies),
                "crawl_stderr": crawl.stderr,
                "health": operator.bodies[health_start:],
                "status": status,
            }

        night("night1")
        # Between nights 1 and 2: new articles on three portals.
        rep.publish(
            new_article(
                "n2_meeting",
                "baoangiang",
                "An Giang họp Ban Chỉ đạo chuyển đổi số tỉnh phiên thường kỳ",
                "Sáng nay, Ban Chỉ đạo chuyển đổi số tỉnh An Giang tổ chức hội nghị trực tuyến sơ kết công tác chuyển đổi số.",
                MEETING,
                label="dx_meeting",
                province="An Giang",
            )
        )
        rep.publish(
            new_article(
                "n2_other",
                "baoangiang",
                "Giá lúa thu đông tăng nhẹ tại các huyện đầu nguồn",
                "Giá lúa tươi tại ruộng tăng từ 100 đến 200 đồng mỗi kg.",
                OTHER,
                label="other",
            )
        )
        rep.publish(
            new_article(
                "n2_gone",
                "backancity",
                "Thông báo lịch tiếp công dân tháng này của thành phố",
                "Ủy ban nhân dân thành phố thông báo lịch tiếp công dân định kỳ.",
                OTHER,
                label="other",
            )
        )
        for i in range(3):
            rep.publish(
                new_article(
                    f"n2_tn{i}",
                    "ict-thainguyen",
                    f"Thái Nguyên: tin hoạt động số {i} của Sở trong tuần",
                    "Sở tiếp tục triển khai các nhiệm vụ trọng tâm trong tuần.",
                    OTHER,
                    label="other",
                )
            )
        night("night2")
        # Between nights 2 and 3: an edit, a takedown, five broken sources, one more meeting report.
        rep.edit(
            "n2_meeting",
            body=MEETING + ["Hội nghị cũng thống nhất lịch họp định kỳ hằng quý của Ban Chỉ đạo."],
        )
        rep.remove("n2_gone", status=410)
        rep.break_portal("mst", status=500)
        rep.block_portal("bacninh", mode="challenge")
        rep.change_layout("ict-thainguyen")
        rep.hide_links("hanam")  # listings rendered by script: not one article link
        rep.empty_articles("thanhpho-tayninh")  # article pages without title or body
        rep.publish(
            new_article(
                "n3_tayninh",
                "thanhpho-tayninh",
                "Thành phố Tây Ninh ra quân làm sạch môi trường các tuyến phố",
                "Sáng nay, thành phố tổ chức ra quân làm sạch môi trường.",
                OTHER,
                label="other",
            )
        )
        rep.publish(
            new_article(
                "n3_meeting",
                "baoangiang",
                "Hội nghị trực tuyến triển khai Đề án 06 và chuyển đổi số tại An Giang",
                "Chiều nay, UBND tỉnh An Giang tổ chức hội nghị trực tuyến về chuyển đổi số và Đề án 06.",
                MEETING,
                label="dx_meeting",
                province="An Giang",
            )
        )
        night("night3", expect=1)
        # Night 4: the same four still broken (no repeated alert), mst repaired (one alert).
        rep.heal("mst")
        night("night4", expect=1)
        out["night4_db"] = tmp / "night4.db"
        with sqlite3.connect(db_path) as live, sqlite3.connect(out["night4_db"]) as copy:
            live.backup(copy)
        # Night 5: everything repaired: one recovery alert each, and the crawl exits 0.
        rep.heal()
        night("night5")
        out["urls"] = {
            aid: rep.url_of(aid)
            for aid in ("n2_meeting", "n2_other", "n2_gone", "n3_meeting", "n3_tayninh")
        }
    out["db"] = sqlite_utils.Database(db_path)
    yield out
    receiver.stop()
    operator.stop()


def _article(db, url):
    return next(db.query("select * from articles where url = ?", [url]), None)


def _health(db) -> dict[str, str]:
    return {
        r["source_id"]: r["status"] for r in db.query("select source_id, status from source_health")
    }


def test_new_articles_of_each_night_are_stored(nights):
    db = nights["db"]
    for aid in ("n2_meeting", "n2_other", "n3_meeting"):
        assert _article(db, nights["urls"][aid]) is not None, aid


def test_an_edit_keeps_the_old_version(nights):
    db = nights["db"]
    row = _article(db, nights["urls"]["n2_meeting"])
    versions = list(
        db.query(
            "select * from article_versions where article_id = ? order by version", [row["id"]]
        )
    )
    assert len(versions) == 2
    assert "lịch họp định kỳ hằng quý" not in versions[0]["body_text"]
    # The current version's text is stored once, in articles.
    assert versions[1]["body_text"] is None
    assert "lịch họp định kỳ hằng quý" in row["body_text"]


def test_a_takedown_is_marked_never_deleted(nights):
    row = _article(nights["db"], nights["urls"]["n2_gone"])
    assert row is not None
    assert row["removed_at"] and row["http_status"] == 410


def test_health_after_the_third_night(nights):
    rows = nights["db"].query("select source_id, status from source_runs where run_id = 3")
    health = {r["source_id"]: r["status"] for r in rows}
    assert health["mst"] == "failing"
    assert health["bacninh"] == "blocked"
    assert health["ict-thainguyen"] == "layout_changed"
    assert health["hanam"] == "no_links"
    assert health["thanhpho-tayninh"] == "nothing_extracted"
    assert health["baoangiang"] == "ok"


def test_status_shows_sources_without_links_or_extractable_articles(nights):
    for name in ("night3", "night4"):
        status = nights[name]["status"]
        assert status.returncode == 1, status.stderr
        rows = {r["source_id"]: r for r in json.loads(status.stdout)}
        assert rows["hanam"]["status"] == "no_links"
        assert "yielded no article links" in rows["hanam"]["reason"]
        assert rows["thanhpho-tayninh"]["status"] == "nothing_extracted"
        assert "hanam" in status.stderr and "thanhpho-tayninh" in status.stderr
    # Repaired: the failed article is fetched again and stored, the listings read again.
    assert nights["night5"]["status"].returncode == 0, nights["night5"]["status"].stderr
    assert _article(nights["db"], nights["urls"]["n3_tayninh"]) is not None


def test_the_health_page_shows_the_new_states(nights):
    import asyncio

    from datasette_config.serving import make_datasette

    # The database as night 4 left it (the fixture's own has recovered since).
    ds = make_datasette(nights["night4_db"])
    page = asyncio.run(ds.client.get("/-/health?lang=en")).text
    assert "No article links" in page and "Nothing extracted" in page
    assert "yielded no article links" in page


def test_health_after_the_second_night_was_ok_where_articles_came(nights):
    # Night 2's verdicts are kept per run in source_runs.
    rows = nights["db"].query(
        "select source_id, status from source_runs where run_id = 2 and source_id in ('baoangiang', 'ict-thainguyen')"
    )
    assert {r["source_id"]: r["status"] for r in rows} == {
        "baoangiang": "ok",
        "ict-thainguyen": "ok",
    }


def test_each_new_meeting_report_is_alerted_once(nights):
    bodies = nights["receiver"].bodies
    urls = [item["url"] for body in bodies for item in body.get("articles", body.get("items", []))]
    assert urls.count(nights["urls"]["n2_meeting"]) == 1
    assert urls.count(nights["urls"]["n3_meeting"]) == 1
    assert nights["urls"]["n2_other"] not in urls
    # Night 2 sent the first, night 3 the second: no re-delivery of the first.
    assert (
        nights["night2"]["hooks"] >= 1
        and nights["night3"]["hooks"] == nights["night2"]["hooks"] + 1
    )


def test_an_unchanged_source_costs_only_its_entry_points(nights):
    # hanam did not change between nights 1 and 2: robots.txt plus its entry points, nothing more.
    entry = next(s for s in nights["registry"]["sources"] if s["id"] == "hanam")
    n_entry = sum(len(entry.get(k) or []) for k in ("start_urls", "feeds", "sitemaps"))
    hanam = [r for r in nights["night2"]["requests"] if r[0] == "hanam"]
    paths = [r[2] for r in hanam]
    assert all(status in (200, 304) for *_, status, _h in hanam)
    assert len(paths) <= 1 + n_entry, paths


def _changes(payloads: list[dict]) -> list[tuple[str, str | None, str]]:
    return [
        (c["source_id"], c["previous_status"], c["status"])
        for body in payloads
        for c in body["changes"]
    ]


def test_a_broken_night_exits_non_zero_naming_the_sources(nights):
    stderr = nights["night3"]["crawl_stderr"]
    assert "5 of 9 sources failed: bacninh, hanam, ict-thainguyen, mst, thanhpho-tayninh" in stderr
    assert "source mst: failing: " in stderr and "source bacninh: blocked: " in stderr
    assert "source hanam: no_links: " in stderr
    assert "source thanhpho-tayninh: nothing_extracted: " in stderr
    # Night 4: bacninh still blocked (a changed layout shows only on new articles); the listings
    # without links and the article that extracts to nothing are read again, and still fail.
    night4 = nights["night4"]["crawl_stderr"]
    assert "source bacninh: blocked: " in night4
    assert "source hanam: no_links: " in night4
    assert "source thanhpho-tayninh: nothing_extracted: " in night4
    assert "source mst" not in night4


def test_the_operator_hears_once_per_health_change(nights):
    assert all(body["kind"] == "source_health" for body in nights["operator"].bodies)
    night3 = {(sid, new) for sid, _, new in _changes(nights["night3"]["health"])}
    assert {
        ("mst", "failing"),
        ("bacninh", "blocked"),
        ("ict-thainguyen", "layout_changed"),
        ("hanam", "no_links"),
        ("thanhpho-tayninh", "nothing_extracted"),
    } <= night3
    # Still broken on night 4: nothing repeated; mst repaired: one alert saying so.
    night4 = _changes(nights["night4"]["health"])
    assert [c for c in night4 if c[0] == "mst"] == [
        ("mst", "failing", _health(nights["db"])["mst"])
    ]
    for still_broken in ("bacninh", "hanam", "thanhpho-tayninh"):
        assert not [c for c in night4 if c[0] == still_broken]
    # Night 5, all repaired: exactly one recovery alert for each source still broken on night 4.
    night5 = _changes(nights["night5"]["health"])
    recovered = {sid: (before, after) for sid, before, after in night5}
    assert len(recovered) == len(night5)
    for sid, before in (
        ("bacninh", "blocked"),
        ("hanam", "no_links"),
        ("thanhpho-tayninh", "nothing_extracted"),
    ):
        assert recovered[sid][0] == before and recovered[sid][1] in ("ok", "silent"), night5
    everything = _changes(nights["operator"].bodies)
    assert len(everything) == len(set(everything))
    per_source = [(sid, new) for sid, _, new in everything]
    for sid in ("mst", "bacninh", "hanam", "thanhpho-tayninh"):
        # broken once, recovered once: two alerts, never the same state twice in a row
        states = [new for s, new in per_source if s == sid]
        assert len(states) == 2 and states[0] != states[1], (sid, states)
