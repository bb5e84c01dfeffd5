"""Alert delivery: match new articles against watches, send email digests and webhooks, exactly once per channel."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

import sqlite_utils

from crawler.monitor.digest import digest_message
from crawler.redact import redact_urls
from storage import alerts as store

log = logging.getLogger(__name__)

# Articles per email digest or webhook POST: a watch with a wide `since` should not produce
# one 5,000-entry email.
MAX_BATCH = 100


@dataclass
class SmtpSettings:
    """Where email digests go out. Empty host: email deliveries wait (pending) until one is set."""

    host: str | None = None
    port: int = 25
    sender: str = "govmon@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20.0

    @classmethod
    def from_env(cls, env: dict | None = None) -> SmtpSettings:
        """GOVMON_SMTP_HOST, _PORT, _FROM, _USER, _PASSWORD, _STARTTLS (1/true)."""
        env = os.environ if env is None else env
        return cls(
            host=env.get("GOVMON_SMTP_HOST") or None,
            port=int(env.get("GOVMON_SMTP_PORT") or 25),
            sender=env.get("GOVMON_SMTP_FROM") or "govmon@localhost",
            user=env.get("GOVMON_SMTP_USER") or None,
            password=env.get("GOVMON_SMTP_PASSWORD") or None,
            starttls=(env.get("GOVMON_SMTP_STARTTLS") or "").lower() in ("1", "true", "yes"),
        )


class DeliveryError(Exception):
    """A send that did not succeed; the matches stay undelivered and are retried next run."""


def delivery_key(watch_id: str, channel: str, article_ids: list) -> str:
    """Same batch → same key, so a receiver can drop a repeat whose first success we never heard of."""
    text = "\n".join([watch_id, channel, *sorted(str(a) for a in article_ids)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _item(watch_id: str, row: dict) -> dict:
    return {
        "match_id": f"{watch_id}/{row['article_id']}",
        "article_id": row["article_id"],
        "url": row.get("url"),
        "title": row.get("title"),
        "published_at": row.get("published_at"),
        "source_id": row.get("source_id"),
        "lead": row.get("lead"),
    }


def webhook_payload(watch: dict, rows: list[dict], key: str) -> dict:
    """The JSON body POSTed to a webhook: the watch, a delivery key and the new articles."""
    return {
        "delivery_key": key,
        "watch": {"id": watch["id"], "query": watch.get("query", "")},
        "count": len(rows),
        "articles": [_item(watch["id"], r) for r in rows],
    }


SIGNATURE_HEADER = "X-Govmon-Signature-256"


def webhook_secret(env: dict | None = None) -> str | None:
    """The shared secret that signs webhook bodies (GOVMON_WEBHOOK_SECRET), if any."""
    env = os.environ if env is None else env
    return env.get("GOVMON_WEBHOOK_SECRET") or None


def sign(body: bytes, secret: str) -> str:
    """``sha256=<hex HMAC-SHA256 of the exact body bytes>``: the receiver recomputes it with
    the shared secret and compares in constant time (hmac.compare_digest)."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(
    url: str, payload: dict, *, timeout: float = 20.0, secret: str | None = None
) -> None:
    """POST JSON, signed when a secret is set; any 2xx is success, else DeliveryError."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": payload["delivery_key"],
        "User-Agent": "govmon-alerts",
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            if not 200 <= response.status < 300:
                raise DeliveryError(f"{url}: HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{url}: {reason}") from exc


def send_email(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send over SMTP; raises DeliveryError unless the server accepted every recipient."""
    if not settings.host:
        raise DeliveryError("no SMTP host configured (--smtp-host or GOVMON_SMTP_HOST)")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            refused = smtp.send_message(message)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"smtp://{settings.host}:{settings.port}: {exc}") from exc
    if refused:
        raise DeliveryError(f"smtp://{settings.host}:{settings.port}: refused {sorted(refused)}")


def match_new_articles(
    db: sqlite_utils.Database, watches: list, *, now: datetime | None = None
) -> int:
    """Record each active watch's matches among articles first seen since its last check."""
    checked_at = now or datetime.now(UTC)
    total = 0
    for watch in watches:
        row = store.watch_row(db, watch.id)
        candidates = store.articles_first_seen_between(db, store.check_start(row), checked_at)
        matched = [a for a in candidates if watch.matches(a)]
        total += store.record_matches(db, watch.id, matched, watch.channels, checked_at)
    return total


def _send(watch, channel: str, rows: list[dict], smtp: SmtpSettings, timeout: float) -> None:
    info = {"id": watch.id, "query": watch.query}
    key = delivery_key(watch.id, channel, [r["article_id"] for r in rows])
    kind, target = watch.target(channel)
    if kind == "email":
        send_email(smtp, digest_message(info, rows, target, smtp.sender, key))
    else:
        send_webhook(
            target, webhook_payload(info, rows, key), timeout=timeout, secret=webhook_secret()
        )


def deliver_pending(
    db: sqlite_utils.Database,
    watches: list,
    smtp: SmtpSettings,
    *,
    timeout: float = 20.0,
    batch_size: int = MAX_BATCH,
) -> dict[str, int]:
    """Send every undelivered match on each watch's current channels: one digest / POST per
    watch and channel (split into batches of `batch_size`). Rows are marked delivered only
    after their send succeeded; after a failure the channel's remaining batches wait for the
    next run."""
    result = {"delivered": 0, "failed": 0, "batches_failed": 0}
    for watch in watches:
        for channel in watch.channels:
            rows = store.undelivered(db, watch.id, channel)
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                ids = [r["article_id"] for r in batch]
                try:
                    _send(watch, channel, batch, smtp, timeout)
                except DeliveryError as exc:
                    error = redact_urls(str(exc), watch.webhooks)
                    log.warning(
                        "watch %s: delivery of %d matches to %s failed, will retry: %s",
                        watch.id,
                        len(ids),
                        channel,
                        error,
                    )
                    store.mark_failed(db, watch.id, channel, ids, error)
                    result["failed"] += len(ids)
                    result["batches_failed"] += 1
                    break
                store.mark_delivered(db, watch.id, channel, ids)
                result["delivered"] += len(ids)
                log.info("watch %s: delivered %d matches to %s", watch.id, len(ids), channel)
    return result


def run_alerts(
    db: sqlite_utils.Database,
    watches: list,
    smtp: SmtpSettings | None = None,
    *,
    now: datetime | None = None,
    timeout: float = 20.0,
) -> dict[str, int]:
    """Sync watches, match new articles, deliver everything undelivered; returns counts."""
    smtp = smtp or SmtpSettings.from_env()
    synced = store.sync_watches(db, watches, now=now)
    matched = match_new_articles(db, watches, now=now)
    sent = deliver_pending(db, watches, smtp, timeout=timeout)
    pending = store.delivery_counts(db)
    return {
        "watches": len(watches),
        **synced,
        "new_matches": matched,
        **sent,
        "undelivered": pending.get("pending", 0) + pending.get("failed", 0),
    }
