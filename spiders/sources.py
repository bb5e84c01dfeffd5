"""What the spider needs of a registry source: its hosts, its request meta, the re-check window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.registry import Source
from crawler.urls import host_of


def source_hosts(source: Source) -> set[str]:
    """The hosts a source may be crawled on: allowed domains, start/feed/sitemap hosts, aliases."""
    hosts = {d.lower() for d in source.allowed_domains}
    hosts.update(host_of(url) for url in [*source.start_urls, *source.feeds, *source.sitemaps])
    hosts.discard("")
    for alias in source.aliases:
        if alias.domain:
            hosts.add(alias.domain.lower())
    return hosts


def source_meta(source: Source, **extra: Any) -> dict:
    """Request meta carrying a source's own fetch settings (registry `download_timeout`, ...)."""
    meta = {"source_id": source.id, **extra}
    if source.download_timeout:
        meta["download_timeout"] = float(source.download_timeout)
    if source.retries is not None:
        meta["max_retry_times"] = int(source.retries)
    if source.obey_robots is False:
        meta["dont_obey_robotstxt"] = True
    return meta


def recheck_cutoff(days: int, now: datetime | None = None) -> str:
    """ISO date from which stored articles are re-fetched to catch edits and takedowns."""
    now = now or datetime.now(UTC)
    return (now - timedelta(days=days)).date().isoformat()
