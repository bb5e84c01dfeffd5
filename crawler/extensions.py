"""Scrapy extensions: the crawl run's record (crawl_runs) and each source's results (source_runs)."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.pipelines import STORAGE_FAILURE
from crawler.service.health import record_source_stats
from spiders import stats
from storage.db import finish_run, open_db, start_run

log = logging.getLogger(__name__)

RUN_ID = "govmon/run_id"


class SourceRunsExtension:
    """Open the run when the spider opens; when it closes, store each source's numbers from the
    stats collector (source_runs, and its health refreshed) and close the run with the spider's
    close reason ("finished", "shutdown" on SIGTERM...), or "failed" after a storage error."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("GOVMON_DB")
        if not self.path:
            raise NotConfigured("GOVMON_DB is not set")
        self.db = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        # The close reason is given to spider_closed handlers only, after the pipelines closed.
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        self.db = open_db(self.path)
        self.run_id = start_run(self.db, sorted(spider.sources))
        self.crawler.stats.set_value(RUN_ID, self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        if self.db is None or self.run_id is None:
            return
        counters = self.crawler.stats
        failure = counters.get_value(STORAGE_FAILURE)
        totals: dict[str, int] = {}
        try:
            for sid in sorted(spider.sources):
                numbers = source_results(counters, sid)
                record_source_stats(self.db, self.run_id, sid, numbers)
                for key, value in numbers.items():
                    if isinstance(value, int):
                        totals[key] = totals.get(key, 0) + value
        except sqlite3.Error as exc:
            failure = failure or f"storage error: {exc}"
            log.error("could not record the run's statistics: %s", exc)
        try:
            finish_run(
                self.db,
                self.run_id,
                status="failed" if failure else reason,
                stats=totals,
                error=failure,
            )
        except sqlite3.Error as exc:
            # The row stays "running"; `govmon status` marks it killed once this process is gone.
            log.error("could not close crawl run %s: %s", self.run_id, exc)


def source_results(counters, source_id: str) -> dict:
    """One source's numbers of this crawl in the monitor's format, with the run's duration."""
    numbers = stats.source_stats(counters, source_id)
    started = counters.get_value("start_time")
    numbers["duration_s"] = (
        round((datetime.now(UTC) - started).total_seconds(), 3) if started else None
    )
    return numbers
