"""Run one crawl: registry sources in, articles and run statistics in the database out."""

from __future__ import annotations

import logging
import signal
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import Settings

from crawler.extensions import RUN_ID, source_results
from crawler.registry import Source
from spiders.portal import PortalSpider
from spiders.sources import recheck_cutoff, source_hosts
from storage import fetch_state
from storage.crawl_runs import interrupted_sources
from storage.db import open_db, sync_sources
from storage.templates import load_templates

log = logging.getLogger(__name__)

# crawler.tls needs Scrapy's (deprecated, still supported in 2.x) context-factory setting: it is
# the only way to verify certificates per host. The warning says nothing an operator can act on.
warnings.filterwarnings(
    "ignore",
    message="The 'DOWNLOADER_CLIENTCONTEXTFACTORY' setting is deprecated",
    category=ScrapyDeprecationWarning,
)

# Settings for a crawl of the local replica: no politeness delays against our own loopback server.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 15,
    "RETRY_TIMES": 1,
    "GOVMON_IGNORE_SOURCE_PACING": True,
}


def source_settings(sources: list[Source], *, pacing: bool = True) -> dict[str, Any]:
    """Scrapy settings that follow from the sources' own fetch settings.

    Per-host download slots carry each source's concurrency and delay; hosts of sources that
    opt out of certificate checks (`tls_verify: false`) are listed for crawler.tls only.
    """
    slots: dict[str, dict] = {}
    insecure: set[str] = set()
    for source in sources:
        hosts = source_hosts(source)
        if source.tls_verify is False:
            insecure |= hosts
        if pacing:
            for host in hosts:
                slots[host] = {
                    "concurrency": int(source.concurrency or 1),
                    "delay": float(source.download_delay or 0.0),
                }
    out: dict[str, Any] = {"GOVMON_TLS_INSECURE_HOSTS": sorted(insecure)}
    if slots:
        out["DOWNLOAD_SLOTS"] = slots
    return out


@dataclass
class CrawlResult:
    run_id: int | None
    finish_reason: str
    per_source: dict[str, dict] = field(default_factory=dict)


def build_settings(db_path: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("GOVMON_DB", str(db_path), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    sources: Iterable[Source],
    db_path: str,
    *,
    backfill: bool = False,
    since: str | None = None,
    settings: dict[str, Any] | None = None,
    on_event: Callable[[str, str], None] | None = None,
) -> CrawlResult:
    """Crawl the given registry sources into the SQLite database at ``db_path``.

    Runs Scrapy in this process (the Twisted reactor starts once per process, so call it once;
    the CLI runs every crawl in its own process). ``on_event(kind, source_id)`` is called for
    every response ("response") and stored item ("item"), for progress displays.
    """
    sources = list(sources)
    overrides = dict(settings or {})
    if since:
        overrides["GOVMON_SINCE"] = since
    pacing = not overrides.get("GOVMON_IGNORE_SOURCE_PACING", False)
    overrides = {**source_settings(sources, pacing=pacing), **overrides}
    crawl_settings = build_settings(db_path, overrides)
    ids = [s.id for s in sources]

    db = open_db(db_path)
    sync_sources(db, sources)
    known = fetch_state.known_article_urls(db, ids)
    validators = fetch_state.load_validators(db, ids)
    window = crawl_settings.getint("GOVMON_EDIT_WINDOW_DAYS", 3)
    recheck = fetch_state.recent_article_urls(db, ids, recheck_cutoff(window)) if window > 0 else {}
    full_pass = interrupted_sources(db, ids)
    templates = load_templates(db, ids)
    if full_pass:
        log.warning(
            "The last crawl of %s did not finish: paging their listings fully",
            ", ".join(sorted(full_pass)),
        )
    db.close()

    # The validators are the conditional-request middleware's alone (crawler.middlewares).
    crawl_settings.set("GOVMON_FETCH_STATE", validators, priority="cmdline")
    process = CrawlerProcess(crawl_settings)
    crawler = process.create_crawler(PortalSpider)
    if on_event:
        crawler.signals.connect(
            lambda response, request, spider: on_event(
                "response", request.meta.get("source_id", "")
            ),
            signal=signals.response_received,
        )
        crawler.signals.connect(
            lambda item, response, spider: on_event("item", item.source_id),
            signal=signals.item_scraped,
        )
    process.crawl(
        crawler,
        sources=sources,
        known_urls=known,
        recheck_urls=recheck,
        backfill=backfill,
        full_pass=full_pass,
        templates=templates,
    )
    process.start()
    # Scrapy's SIGTERM/SIGINT handlers outlive its reactor and then do nothing: whatever runs
    # after the crawl in this process (the analysis of `govmon crawl`) would ignore SIGTERM.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(
            signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
        )
    return CrawlResult(
        run_id=crawler.stats.get_value(RUN_ID),
        finish_reason=crawler.stats.get_value("finish_reason") or "unknown",
        per_source={sid: source_results(crawler.stats, sid) for sid in sorted(ids)},
    )
