"""Secrets out of stored text: a webhook URL is named by its origin and a hash, never stored whole."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

WEBHOOK_PREFIX = "webhook:"


def webhook_key(url: str) -> str:
    """``webhook:<scheme>://<host>/…#<16 hex of the URL's SHA-256>``: tells webhooks apart, hides
    the token a webhook URL carries in its path or query (and any user:password@)."""
    try:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    except ValueError:
        origin = "?"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return f"{WEBHOOK_PREFIX}{origin}/…#{digest}"


def is_redacted(channel: str) -> bool:
    """True for a channel key that holds no webhook URL in clear."""
    return not channel.startswith(WEBHOOK_PREFIX) or "/…#" in channel


def redact_urls(text: str, urls: list[str]) -> str:
    """``text`` with each of ``urls`` replaced by its key (error messages quote the URL)."""
    for url in sorted(urls, key=len, reverse=True):
        text = text.replace(url, webhook_key(url)[len(WEBHOOK_PREFIX) :])
    return text
