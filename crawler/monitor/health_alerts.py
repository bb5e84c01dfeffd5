"""Operator alerts: each change of a source's health, by the watches' channels, once per change."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate
from html import escape

import sqlite_utils

from crawler.monitor.alerts import (
    DeliveryError,
    SmtpSettings,
    delivery_key,
    send_email,
    send_webhook,
    webhook_secret,
)
from storage import health_alerts as store

log = logging.getLogger(__name__)

# What each status tells the operator to look at (docs/monitor.md has the full table).
ADVICE = {
    "failing": "the portal does not answer or answers errors: offline? moved?",
    "blocked": "403/429 or challenge pages: slow down or contact the site",
    "layout_changed": "articles no longer extract: check the family or the source's selectors",
    "no_links": "the listings show no article link: a redesign? lists loaded by script? a moved section?",
    "nothing_extracted": "article pages come back without title or body: check the pages in a browser",
    "silent": "no new article for much longer than usual",
    "ok": "back to normal",
}


def _line(change: dict) -> str:
    before = change.get("previous_status") or "new"
    return (
        f"{change['source_name']} ({change['source_id']}): {before} → {change['status']}"
        f" — {change.get('reason') or ''}"
    )


def health_message(changes: list[dict], address: str, sender: str, key: str) -> EmailMessage:
    """One e-mail listing the health changes not yet sent to this address (text and HTML)."""
    message = EmailMessage()
    names = ", ".join(sorted({c["source_id"] for c in changes}))
    message["Subject"] = f"[govmon] source health: {names}"
    message["From"] = sender
    message["To"] = address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{key}@govmon>"
    lines = [
        _line(c) + (f"\n  {ADVICE[c['status']]}" if c["status"] in ADVICE else "") for c in changes
    ]
    message.set_content("Source health changed:\n\n" + "\n".join(lines) + "\n")
    items = "".join(f"<li>{escape(_line(c))}</li>" for c in changes)
    message.add_alternative(
        f'<!DOCTYPE html><html lang="vi"><body><p>Source health changed:</p><ul>{items}</ul>'
        "</body></html>",
        subtype="html",
    )
    return message


def health_payload(changes: list[dict], key: str) -> dict:
    """The JSON POSTed to an operator webhook."""
    fields = (
        "source_id",
        "source_name",
        "status",
        "previous_status",
        "reason",
        "changed_at",
        "run_id",
    )
    return {
        "delivery_key": key,
        "kind": "source_health",
        "count": len(changes),
        "changes": [{"change_id": c["id"], **{k: c.get(k) for k in fields}} for c in changes],
    }


def run_health_alerts(
    db: sqlite_utils.Database, channels: list[str], smtp: SmtpSettings, *, timeout: float = 20.0
) -> dict[str, int]:
    """Record new health changes and send every undelivered one on each channel."""
    news = store.record_health_changes(db, channels)
    result = {"health_changes": len(news), "health_delivered": 0, "health_failed": 0}
    for channel in channels:
        changes = store.undelivered_changes(db, channel)
        if not changes:
            continue
        ids = [c["id"] for c in changes]
        key = delivery_key("health", channel, ids)
        kind, target = channel.split(":", 1)
        try:
            if kind == "email":
                send_email(smtp, health_message(changes, target, smtp.sender, key))
            else:
                send_webhook(
                    target, health_payload(changes, key), timeout=timeout, secret=webhook_secret()
                )
        except DeliveryError as exc:
            log.warning("health alerts to %s failed, will retry: %s", channel, exc)
            store.mark_changes(db, channel, ids, str(exc))
            result["health_failed"] += len(ids)
            continue
        store.mark_changes(db, channel, ids)
        result["health_delivered"] += len(ids)
    return result
