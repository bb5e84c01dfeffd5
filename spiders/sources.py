"""What the spider needs of a registry source: its hosts, its request meta, the re-check window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit


def source_hosts(source: Any) -> set[str]:
    """The hosts a source may be crawled on: allowed domains, start/feed/sitemap hosts, aliases."""
    hosts = {d.lower() for d in (getattr(source, "allowed_domains", None) or [])}
    for url in [*source.start_urls, *(source.feeds or []), *(source.sitemaps or [])]:
        host = urlsplit(url).hostname
        if host:
            hosts.add(host.lower())
    for alias in getattr(source, "aliases", None) or []:
        domain = alias.get("domain") if isinstance(alias, dict) else getattr(alias, "domain", None)
        if domain:
            hosts.add(domain.lower())
    return hosts


def source_meta(source: Any, **extra: Any) -> dict:
    """Request meta carrying a source's own fetch settings (registry `download_timeout`, ...)."""
    meta = {"source_id": source.id, **extra}
    if getattr(source, "download_timeout", None):
        meta["download_timeout"] = float(source.download_timeout)
    if getattr(source, "retries", None) is not None:
        meta["max_retry_times"] = int(source.retries)
    if getattr(source, "obey_robots", True) is False:
        meta["dont_obey_robotstxt"] = True
    return meta


def recheck_cutoff(days: int, now: datetime | None = None) -> str:
    """ISO date from which stored articles are re-fetched to catch edits and takedowns."""
    now = now or datetime.now(UTC)
    return (now - timedelta(days=days)).date().isoformat()
