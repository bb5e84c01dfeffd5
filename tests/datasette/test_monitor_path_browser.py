"""The media monitor's path in headless Chromium, on a real crawl, with real SMTP and HTTP receivers.

Search without accents → the event page (reported / not reported / unmonitored provinces) →
the feed of a watch created from the search (empty, valid) → the next matching article arrives
by e-mail and by signed webhook, exactly once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import yaml
from aiosmtpd.controller import Controller

from tests.support.receivers import WebhookReceiver
from tests.support.receivers import free_port as _free_port
from tests.support.serve import start_serve as _start_serve
from tests.support.serve import stop_serve as _stop

pytestmark = pytest.mark.browser

QUERY = "phien hop thu nhat uy ban quoc gia ve chuyen doi so"
SESSION_1 = "Phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số, 30/11/2021"
SECRET = "bi-mat-chung"
ATOM = "{http://www.w3.org/2005/Atom}"
VN = timezone(timedelta(hours=7))


class Mailbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def govmon(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "GOVMON_WEBHOOK_SECRET": SECRET},
    )
    assert proc.returncode == expect, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def monitored(tmp_path_factory):
    """A replica crawled into a fresh database, served by `govmon serve`, plus receivers."""
    from replica import registry_yaml
    from replica.server import start_replica

    tmp = tmp_path_factory.mktemp("monitor-path")
    mailbox, hooks = Mailbox(), WebhookReceiver().start()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    with start_replica(port=0) as replica:
        registry = tmp / "sources.yaml"
        registry.write_text(registry_yaml(replica.base_urls), encoding="utf-8")
        db = tmp / "monitor.db"
        govmon("crawl", "--sources", str(registry), "--db", str(db), "--fast", "--quiet")
        process, base = _start_serve(db)
        try:
            yield {
                "tmp": tmp,
                "db": db,
                "base": base,
                "replica": replica,
                "registry": registry,
                "mailbox": mailbox,
                "hooks": hooks,
                "smtp_port": smtp.port,
            }
        finally:
            _stop(process)
    smtp.stop()
    hooks.stop()


def test_the_monitors_path(monitored, page, screenshot):
    base = monitored["base"]
    # 1. Search typed without accents.
    page.goto(base + "/")
    page.fill("#govmon-q", QUERY)
    page.press("#govmon-q", "Enter")
    page.wait_for_selector(".govmon-result")
    screenshot(page, "monitor-search", "search.png")

    # 2. The event, by its human title, opens the event page.
    page.locator(".govmon-result .govmon-event-link", has_text=SESSION_1).first.click()
    page.wait_for_selector(".govmon-event-title")
    assert page.locator("h1.govmon-event-title").inner_text() == SESSION_1
    states = page.locator(".govmon-coverage tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.province, r.dataset.state])"
    )
    assert len(states) == 34
    by_state = {
        s: [p for p, st in states if st == s] for s in ("reported", "not_reported", "unmonitored")
    }
    assert "An Giang" in by_state["reported"] and "Ninh Bình" in by_state["reported"]
    assert by_state["not_reported"] and by_state["unmonitored"]
    assert page.locator("svg.govmon-map circle").count() == 34
    screenshot(page, "monitor-event", "event.png")

    # 3. A watch from this search: its YAML entry, and its feed (empty today, valid, 200).
    page.go_back()
    page.wait_for_selector(".govmon-watch-from-search")
    page.locator(".govmon-watch-from-search summary").click()
    entry = yaml.safe_load(page.locator(".govmon-watch-yaml").inner_text())["watches"][0]
    assert entry["query"] == QUERY
    assert int(page.locator(".govmon-watch-preview").inner_text()) > 0
    feed_url = f"{base}/monitor/watch_feed.atom?watch={entry['id']}"
    feed = page.request.get(feed_url)
    assert feed.status == 200
    root = ET.fromstring(feed.body())
    assert root.findall(f"{ATOM}entry") == [] and root.find(f"{ATOM}author/{ATOM}name") is not None

    entry["channels"] = {
        "email": ["bientap@example.vn"],
        "webhook": monitored["hooks"].url,
    }
    watches = monitored["tmp"] / "watches.yaml"
    watches.write_text(yaml.safe_dump({"watches": [entry]}, allow_unicode=True), encoding="utf-8")
    alerts = (
        "alerts",
        "run",
        "--db",
        str(monitored["db"]),
        "--watches",
        str(watches),
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(monitored["smtp_port"]),
    )
    govmon(*alerts)  # the watch is added: nothing from the archive is sent
    assert monitored["mailbox"].messages == [] and monitored["hooks"].posts == []

    # 4. The next matching article is published, crawled, and delivered once on each channel.
    url = monitored["replica"].publish(
        {
            "id": "monitor_next",
            "portal": "baoangiang",
            "slug": "an-giang-hop-rut-kinh-nghiem-phien-hop-thu-nhat-uy-ban-quoc-gia",
            "title": "An Giang rút kinh nghiệm sau Phiên họp thứ nhất Ủy ban Quốc gia về chuyển đổi số",
            "lead": "Sáng nay, UBND tỉnh An Giang họp rút kinh nghiệm phiên họp thứ nhất của Ủy ban Quốc gia về chuyển đổi số.",
            "body": ["Các sở, ngành báo cáo kết quả triển khai chuyển đổi số sau phiên họp."],
            "author": None,
            "published_at": datetime.now(VN).replace(microsecond=0).isoformat(),
            "label": "dx_meeting",
            "event": None,
            "province": "An Giang",
        }
    )
    govmon(
        "crawl",
        "--sources",
        str(monitored["registry"]),
        "--db",
        str(monitored["db"]),
        "--fast",
        "--quiet",
    )
    govmon(*alerts)
    govmon(*alerts)  # a second run sends nothing again
    (mail,) = monitored["mailbox"].messages
    assert url in mail.get_body(("plain",)).get_content()
    assert url in mail.get_body(("html",)).get_content()
    (post,) = monitored["hooks"].posts
    headers, body = post["headers"], post["body"]
    payload = json.loads(body)
    assert [a["url"] for a in payload["articles"]] == [url]
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Govmon-Signature-256"], signature)
    feed = ET.fromstring(page.request.get(feed_url).body())
    assert [
        e.findtext(f"{ATOM}link") or e.find(f"{ATOM}link").get("href")
        for e in feed.findall(f"{ATOM}entry")
    ] == [url]
