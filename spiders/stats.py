"""Per-source crawl counters in Scrapy's stats collector, under ``govmon/<source id>/...`` keys.

The spider, the middlewares and the pipelines count here (not on the spider), and the
SourceRunsExtension reads one source's numbers back in the monitor's format when the spider closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.models import RUN_COUNTERS

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

PREFIX = "govmon"
MAX_ERRORS = 50  # per source: enough to diagnose, bounded for a portal failing on every page

# Stats every source reports, even when zero: the monitor's counters and the crawl's own.
STAT_KEYS = (
    *RUN_COUNTERS,
    "listing_pages",
    "listing_links",  # article links found on listing pages (known ones included)
    "feed_links",  # article entries found in feeds and sitemaps (known ones included)
    "offsite_filtered",
    "skipped_before_since",
    "listing_page_cap_hits",
    "since_stops",
    "cut_off",  # 1 when crawler.limits cut the source off (budget, trap)
    "requests_refused",  # non-public addresses, foreign ports
    "not_articles",
    "duplicates",
)


def key(source_id: str, name: str) -> str:
    return f"{PREFIX}/{source_id}/{name}"


def inc(stats: StatsCollector, source_id: str, name: str, count: int = 1) -> None:
    """Add ``count`` to one counter of a source."""
    stats.inc_value(key(source_id, name), count)


def inc_status(stats: StatsCollector, source_id: str, status: int) -> None:
    """Count one response of a source by HTTP status."""
    stats.inc_value(key(source_id, f"status/{status}"))


def add_error(stats: StatsCollector, source_id: str, message: str) -> None:
    """Record one short error message of a source (the first MAX_ERRORS are kept)."""
    errors = stats.get_value(key(source_id, "errors"))
    if errors is None:
        errors = []
        stats.set_value(key(source_id, "errors"), errors)
    if len(errors) < MAX_ERRORS:
        errors.append(message)


def set_value(stats: StatsCollector, source_id: str, name: str, value: object) -> None:
    stats.set_value(key(source_id, name), value)


def source_stats(stats: StatsCollector, source_id: str) -> dict:
    """One source's numbers of this crawl, in the monitor's format (storage.runs, health rules)."""
    every = stats.get_stats()
    out: dict = {name: int(every.get(key(source_id, name), 0)) for name in STAT_KEYS}
    status_prefix = key(source_id, "status/")
    out["responses_by_status"] = {
        k[len(status_prefix) :]: v for k, v in every.items() if k.startswith(status_prefix)
    }
    out["errors"] = list(every.get(key(source_id, "errors")) or [])
    out["last_new_article_at"] = every.get(key(source_id, "last_new_article_at"))
    return out
