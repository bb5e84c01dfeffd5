"""Alerts end to end on a real SQLite file, a real SMTP server and a real HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.monitor.alerts import SIGNATURE_HEADER, SmtpSettings, run_alerts
from crawler.monitor.watches import Watch, WatchesError, load_watches, query_matches
from crawler.redact import webhook_key
from crawler.text import fold
from storage import open_db, upsert_article

T0 = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)

ARTICLES = [
    {
        "url": "http://baoangiang.test/hop-truc-tuyen-ubqg-cds-a1.html",
        "source_id": "baoangiang",
        "title": "Họp trực tuyến toàn quốc Ủy ban quốc gia về chuyển đổi số",
        "lead": "Chiều 30-11, Thủ tướng chủ trì phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số.",
        "body_text": "Tại điểm cầu An Giang có lãnh đạo tỉnh dự.",
        "province": "An Giang",
        "province_now": "An Giang",
        "is_meeting_report": 1,
        "topic_dx": 1,
        "event_id": "ncdt-session-1",
        "published_at": "2021-11-30T20:07:00+07:00",
    },
    {
        "url": "http://hanam.test/Pages/so-ket-de-an-06.aspx",
        "source_id": "hanam",
        "title": "Hội nghị trực tuyến toàn quốc sơ kết 01 năm triển khai Đề án 06/CP",
        "lead": "Sáng ngày 25/12/2022, Thủ tướng chủ trì hội nghị.",
        "body_text": "Đầu cầu Hà Nam.",
        "province": "Hà Nam",
        "province_now": "Ninh Bình",
        "is_meeting_report": 1,
        "topic_dx": 1,
        "published_at": "2022-12-25",
    },
    {
        "url": "http://hanam.test/Pages/ung-dung-so.aspx",
        "source_id": "hanam",
        "title": "Ra mắt ứng dụng chuyển đổi số cho người dân",
        "lead": "Ứng dụng mới.",
        "body_text": "Thông tin chung.",
        "province": "Hà Nam",
        "province_now": "Ninh Bình",
        "is_meeting_report": 0,
        "topic_dx": 1,
        "published_at": "2022-12-20",
    },
]


def write_watches(path: Path, hook_url: str, smtp_to: str = "bientap@example.vn") -> Path:
    path.write_text(
        f"""\
watches:
  - id: cds-hop
    query: '"chuyen doi so" OR "de an 06"'
    meeting_reports_only: true
    channels:
      email: [{smtp_to}]
      webhook: {hook_url}
  - id: ninh-binh
    query: ""
    province: Ninh Bình
""",
        encoding="utf-8",
    )
    return path


def add(db, articles, when: datetime) -> None:
    for a in articles:
        upsert_article(db, {**a, "fetched_at": when.isoformat(timespec="seconds")})


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "govmon.db")
    yield database
    database.close()


def smtp_settings(sink) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=sink.port, sender="govmon@example.vn", timeout=5)


def test_query_is_accent_free_and_whole_word():
    text = fold("Phiên họp Ủy ban Quốc gia về chuyển đổi số; Đề án 06")
    assert query_matches("chuyen doi so", text)
    assert query_matches('"uy ban quoc gia"', text)
    assert query_matches("ĐỀ ÁN 06", text)
    assert not query_matches("chuyen doi so -phien", text)
    assert not query_matches("chuyen doi sot", text)  # whole words only
    assert query_matches("vietnamese OR de an", text)
    assert query_matches("", text)


def test_watch_filters():
    w = Watch(id="w", provinces=["Ninh Bình"], meeting_reports_only=True)
    assert w.matches(ARTICLES[1])  # province as of today
    assert not w.matches(ARTICLES[2])  # not a meeting report
    assert not w.matches(ARTICLES[0])  # another province
    assert not w.matches({**ARTICLES[1], "removed_at": "2026-01-01T00:00:00+00:00"})
    assert Watch(id="w", sources=["hanam"], events=["x"]).matches(ARTICLES[1]) is False


def test_watches_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "watches.yaml"
    bad.write_text(
        "watches:\n  - id: ok\n    query: a\n  - id: two\n    qurey: b\n", encoding="utf-8"
    )
    with pytest.raises(WatchesError, match=r"watches.yaml:4: unknown key 'qurey'"):
        load_watches(bad)
    bad.write_text(
        "watches:\n  - id: a\n    channels: {email: [not-an-address]}\n", encoding="utf-8"
    )
    with pytest.raises(WatchesError, match=r":2: .*not an email address"):
        load_watches(bad)
    bad.write_text("watches:\n  - id: a\n  - id: a\n", encoding="utf-8")
    with pytest.raises(WatchesError, match=r":3: duplicate watch id 'a' \(first at line 2\)"):
        load_watches(bad)
    bad.write_text("watches: [\n", encoding="utf-8")
    with pytest.raises(WatchesError, match=r"not valid YAML"):
        load_watches(bad)


def test_matches_are_delivered_once_per_channel(db, tmp_path, smtp_sink, webhook):
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    smtp = smtp_settings(smtp_sink)
    # Articles stored before the watch existed are not replayed.
    add(db, ARTICLES[2:], T0 - timedelta(days=1))
    first = run_alerts(db, watches, smtp, now=T0)
    assert first["added"] == 2 and first["new_matches"] == 0

    add(db, ARTICLES[:2], T0 + timedelta(hours=1))
    second = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=2))
    assert second["new_matches"] == 3  # cds-hop: 2 meeting reports; ninh-binh: the Hà Nam meeting
    assert second["delivered"] == 4 and second["failed"] == 0  # 2 matches × (email + webhook)

    assert len(smtp_sink.messages) == 1
    mail = smtp_sink.messages[0]
    assert mail["to"] == ["bientap@example.vn"]
    assert mail["message"]["Subject"] == "[govmon] cds-hop: 2 new articles"
    body = mail["message"].get_body(("plain",)).get_content()
    assert "Ủy ban quốc gia về chuyển đổi số" in body and "Đề án 06/CP" in body

    assert len(webhook.posts) == 1
    payload = webhook.posts[0]["json"]
    assert payload["watch"]["id"] == "cds-hop" and payload["count"] == 2
    assert {a["url"] for a in payload["articles"]} == {ARTICLES[0]["url"], ARTICLES[1]["url"]}
    assert webhook.posts[0]["headers"]["Idempotency-Key"] == payload["delivery_key"]

    # Later runs with nothing new send nothing again.
    for hours in (3, 4):
        again = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=hours))
        assert again["new_matches"] == 0 and again["delivered"] == 0
    assert len(smtp_sink.messages) == 1 and len(webhook.posts) == 1
    rows = list(db.query("select channel, status, attempts from deliveries order by channel"))
    assert all(r["status"] == "delivered" and r["attempts"] == 1 for r in rows) and len(rows) == 4


def test_receiver_down_is_retried_next_run_and_delivered_once(db, tmp_path, smtp_sink, webhook):
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    smtp = smtp_settings(smtp_sink)
    run_alerts(db, watches, smtp, now=T0)
    add(db, ARTICLES[:1], T0 + timedelta(hours=1))

    webhook.stop()  # connection refused
    down = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=2))
    assert down["failed"] == 1 and down["delivered"] == 1  # the email went out
    failed = db["deliveries"].get(("cds-hop", 1, webhook_key(webhook.url)))
    assert failed["status"] == "failed" and failed["attempts"] == 1 and failed["last_error"]

    webhook.status = 503  # up but refusing: still failed, still not lost
    refused = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=3))
    assert refused["failed"] == 1
    webhook.start()
    assert len(webhook.posts) == 0
    webhook.status = 200
    up = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=4))
    assert up["delivered"] == 1 and up["failed"] == 0 and up["undelivered"] == 0
    run_alerts(db, watches, smtp, now=T0 + timedelta(hours=5))
    assert len(webhook.posts) == 1 and len(smtp_sink.messages) == 1
    row = db["deliveries"].get(("cds-hop", 1, webhook_key(webhook.url)))
    assert row["status"] == "delivered" and row["attempts"] == 3


def test_smtp_down_is_retried_next_run_and_delivered_once(db, tmp_path, smtp_sink, webhook):
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    smtp = smtp_settings(smtp_sink)
    run_alerts(db, watches, smtp, now=T0)
    add(db, ARTICLES[:2], T0 + timedelta(hours=1))
    smtp_sink.stop()
    down = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=2))
    assert down["failed"] == 2 and down["delivered"] == 2 and len(webhook.posts) == 1
    # New matches arriving while SMTP is down join the same retry digest.
    add(
        db,
        [
            {
                **ARTICLES[1],
                "url": "http://hanam.test/Pages/hoi-nghi-cds-2.aspx",
                "title": "Hội nghị Ban Chỉ đạo chuyển đổi số tỉnh",
            }
        ],
        T0 + timedelta(hours=3),
    )
    still_down = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=4))
    assert still_down["failed"] == 3 and still_down["delivered"] == 1
    smtp_sink.start()
    up = run_alerts(db, watches, smtp, now=T0 + timedelta(hours=5))
    assert up["delivered"] == 3 and up["failed"] == 0
    run_alerts(db, watches, smtp, now=T0 + timedelta(hours=6))
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0]["message"]["Subject"] == "[govmon] cds-hop: 3 new articles"
    assert len(webhook.posts) == 2  # one POST per run that had new matches, none repeated
    urls = [a["url"] for p in webhook.posts for a in p["json"]["articles"]]
    assert len(urls) == len(set(urls)) == 3


def test_no_smtp_host_keeps_email_pending(db, tmp_path, webhook):
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    run_alerts(db, watches, SmtpSettings(host=None), now=T0)
    add(db, ARTICLES[:1], T0 + timedelta(hours=1))
    result = run_alerts(db, watches, SmtpSettings(host=None), now=T0 + timedelta(hours=2))
    assert result["failed"] == 1 and result["undelivered"] == 1
    row = next(db.query("select last_error from deliveries where channel like 'email:%'"))
    assert "no SMTP host" in row["last_error"]


def test_since_replays_older_articles_and_removed_watch_is_deactivated(db, tmp_path):
    add(db, ARTICLES, T0 - timedelta(days=3))
    path = tmp_path / "watches.yaml"
    path.write_text(
        "watches:\n  - id: all-dx\n    query: chuyen doi so\n    since: 2026-11-01\n",
        encoding="utf-8",
    )
    result = run_alerts(db, load_watches(path), SmtpSettings(), now=T0)
    assert result["new_matches"] == 2
    path.write_text("watches: []\n", encoding="utf-8")
    assert run_alerts(db, load_watches(path), SmtpSettings(), now=T0)["deactivated"] == 1
    assert db["watches"].get("all-dx")["active"] == 0
    assert db["alert_matches"].count == 2  # history kept


def test_alert_matches_render_as_atom_in_datasette(db, tmp_path):
    import asyncio

    from datasette.app import Datasette

    path = tmp_path / "watches.yaml"
    path.write_text(
        "watches:\n  - id: cds\n    query: chuyen doi so\n    since: 2026-11-01\n", encoding="utf-8"
    )
    add(db, ARTICLES[:1], T0)
    run_alerts(db, load_watches(path), SmtpSettings(), now=T0 + timedelta(hours=1))
    metadata = {
        "databases": {
            "govmon": {
                "queries": {
                    "watch_feed": {
                        "sql": "select atom_id, atom_title, atom_updated, atom_link, atom_content from alert_matches "
                        "where watch_id = :watch order by atom_updated desc limit 100"
                    }
                }
            }
        }
    }
    ds = Datasette([str(tmp_path / "govmon.db")], metadata=metadata)

    async def fetch():
        return await ds.client.get("/govmon/watch_feed.atom?watch=cds")

    response = asyncio.run(fetch())
    assert response.status_code == 200, response.text
    assert 'xmlns="http://www.w3.org/2005/Atom"' in response.text
    assert "Họp trực tuyến toàn quốc Ủy ban quốc gia về chuyển đổi số" in response.text
    assert "tag:govmon,2026:watch/cds/article/1" in response.text
    assert "2021-11-30T20:07:00+07:00" in response.text


def test_alerts_cli(tmp_path, webhook, smtp_sink):
    db_path = tmp_path / "govmon.db"
    open_db(db_path).close()
    watches = write_watches(tmp_path / "watches.yaml", webhook.url)
    runner = CliRunner()
    checked = runner.invoke(main, ["alerts", "check", "--watches", str(watches)])
    assert checked.exit_code == 0 and "cds-hop" in checked.output and "ninh-binh" in checked.output
    args = [
        "alerts",
        "run",
        "--db",
        str(db_path),
        "--watches",
        str(watches),
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(smtp_sink.port),
    ]
    assert runner.invoke(main, args).exit_code == 0
    db = open_db(db_path)
    # As if the watch had been added long ago and last checked before this article came.
    earlier = "2026-01-01T00:00:00+00:00"
    db["watches"].update("cds-hop", {"created_at": earlier, "last_checked_at": earlier})
    add(db, ARTICLES[:1], datetime.now(UTC) - timedelta(minutes=1))
    webhook.stop()
    failed = runner.invoke(main, args)
    assert failed.exit_code == 1 and "retried" in failed.output
    webhook.start()
    ok = runner.invoke(main, args)
    assert ok.exit_code == 0, ok.output
    assert "delivered=1" in ok.output
    assert len(webhook.posts) == 1 and len(smtp_sink.messages) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("nope: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["alerts", "run", "--db", str(db_path), "--watches", str(bad)])
    assert (
        result.exit_code == 2
        and "bad.yaml:1: expected a top-level 'watches:' list" in result.output
    )
    assert json.loads(db["watches"].get("cds-hop")["channels"]) == [
        "email:bientap@example.vn",
        webhook_key(webhook.url),
    ]


def test_recheck_overlap_never_reaches_before_a_new_watch(db, tmp_path, webhook):
    # The crawl stores articles, then the same night's alerts run adds the watch: those
    # articles predate the watch, and the next run's overlap window must not replay them.
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    add(db, ARTICLES, T0 - timedelta(minutes=2))
    assert run_alerts(db, watches, SmtpSettings(), now=T0)["new_matches"] == 0
    assert (
        run_alerts(db, watches, SmtpSettings(), now=T0 + timedelta(minutes=5))["new_matches"] == 0
    )
    # A new article (not a copy of a stored one: its own title) on the watched subject.
    fresh = {**ARTICLES[2], "url": "http://hanam.test/Pages/moi.aspx"}
    fresh["title"] = f"{ARTICLES[2]['title']} (phiên tiếp theo)"
    add(db, [fresh], T0 + timedelta(minutes=6))
    assert (
        run_alerts(db, watches, SmtpSettings(), now=T0 + timedelta(minutes=7))["new_matches"] == 1
    )


def test_large_backlogs_go_out_in_batches(db, tmp_path, smtp_sink, webhook):
    from crawler.monitor.alerts import deliver_pending

    path = tmp_path / "watches.yaml"
    path.write_text(
        f"watches:\n  - id: all\n    since: 2026-01-01\n    channels:\n"
        f"      email: a@example.vn\n      webhook: {webhook.url}\n",
        encoding="utf-8",
    )
    watches = load_watches(path)
    many = [
        {**ARTICLES[2], "url": f"http://hanam.test/Pages/tin-{i}.aspx", "title": f"Tin {i}"}
        for i in range(5)
    ]
    add(db, many, T0)
    from crawler.monitor.alerts import match_new_articles
    from storage import alerts as store

    store.sync_watches(db, watches, now=T0)
    assert match_new_articles(db, watches, now=T0 + timedelta(hours=1)) == 5
    result = deliver_pending(db, watches, smtp_settings(smtp_sink), batch_size=2)
    assert result == {"delivered": 10, "failed": 0, "batches_failed": 0}
    assert len(smtp_sink.messages) == 3 and len(webhook.posts) == 3
    sent = [a["url"] for p in webhook.posts for a in p["json"]["articles"]]
    assert sorted(sent) == sorted(a["url"] for a in many)
    keys = {p["json"]["delivery_key"] for p in webhook.posts}
    assert len(keys) == 3


SESSION_1 = "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021"


def test_digest_is_html_and_text_grouped_by_event_and_webhooks_are_signed(
    db, tmp_path, smtp_sink, webhook, monkeypatch
):
    monkeypatch.setenv("GOVMON_WEBHOOK_SECRET", "s3cret-shared")
    db["events"].insert({"event_id": "ncdt-session-1", "title": SESSION_1}, alter=True)
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    run_alerts(db, watches, smtp_settings(smtp_sink), now=T0)
    add(db, ARTICLES[:2], T0 + timedelta(hours=1))
    run_alerts(db, watches, smtp_settings(smtp_sink), now=T0 + timedelta(hours=2))

    (mail,) = smtp_sink.messages
    message = mail["message"]
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    # The event's report sits under the event's title; the other meeting report under "other".
    assert html.index(f"<h2>{SESSION_1}</h2>") < html.index(ARTICLES[0]["title"])
    assert html.index("Bài viết khác") < html.index("Đề án 06/CP")
    assert f'<a href="{ARTICLES[0]["url"]}">' in html
    assert f"== {SESSION_1} ==" in text and ARTICLES[1]["url"] in text

    (post,) = webhook.posts
    expected = hmac.new(b"s3cret-shared", post["body"], hashlib.sha256).hexdigest()
    assert post["headers"][SIGNATURE_HEADER] == "sha256=" + expected


def test_without_a_secret_webhooks_carry_no_signature(
    db, tmp_path, smtp_sink, webhook, monkeypatch
):
    monkeypatch.delenv("GOVMON_WEBHOOK_SECRET", raising=False)
    watches = load_watches(write_watches(tmp_path / "watches.yaml", webhook.url))
    run_alerts(db, watches, smtp_settings(smtp_sink), now=T0)
    add(db, ARTICLES[:1], T0 + timedelta(hours=1))
    run_alerts(db, watches, smtp_settings(smtp_sink), now=T0 + timedelta(hours=2))
    assert len(webhook.posts) == 1 and SIGNATURE_HEADER not in webhook.posts[0]["headers"]


def test_the_example_watches_file_is_valid():
    from crawler.monitor.watches import load_health_subscription

    example = Path(__file__).resolve().parents[2] / "deploy" / "watches.yaml"
    watches = load_watches(example)
    assert {w.id for w in watches} == {"ncdt-meetings", "ninh-binh", "chuyen-doi-so"}
    health = load_health_subscription(example)
    assert health.channels == [
        "email:vanhanh@example.vn",
        "webhook:https://hooks.example.vn/govmon-health",
    ]
    checked = CliRunner().invoke(main, ["alerts", "check", "--watches", str(example)])
    assert checked.exit_code == 0 and "health: source health changes → email:" in checked.output
