"""Item pipelines: thin glue from the spider to analysis (pure) and storage (SQLite)."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawler.analysis import analyse_article
from storage import fetch_state
from storage.db import finish_run, mark_removed, open_db, start_run, upsert_article
from storage.runs import record_source_stats
from storage.templates import save_template

log = logging.getLogger(__name__)


class _CrawlerAware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class AnalysisPipeline(_CrawlerAware):
    """Classify each article as it arrives (events are grouped after the crawl, over the database)."""

    def process_item(self, item: dict) -> dict:
        if item.get("_kind") == "article":
            result = analyse_article(item)
            item.update(result)
            # Stored with the article, so the nightly step does not analyse it a second time.
            item["analysis"] = result
        return item


class StoragePipeline(_CrawlerAware):
    """Upsert articles by URL, mark takedowns, and record the run with per-source statistics."""

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # The run's status is the spider's close reason ("finished", "shutdown" on SIGTERM...),
        # which Scrapy gives to spider_closed handlers only, after the pipelines have closed.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        path = self.crawler.settings.get("GOVMON_DB")
        if not path:
            raise ValueError("GOVMON_DB is not set: the crawl has no database to write to")
        self.db = open_db(path)
        self.run_id = start_run(self.db, sorted(self.spider.sources))
        self.spider.run_id = self.run_id

    def process_item(self, item: dict) -> dict:
        try:
            return self._store(item)
        except sqlite3.Error as exc:
            # A full disk or a broken database: every later write would fail the same way.
            # Stop the crawl and say so; the article's transaction was rolled back whole.
            if not getattr(self, "failure", None):
                self.failure = f"storage error at {item.get('url')}: {exc}"
                log.error("%s; stopping the crawl", self.failure)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="failed"))
            raise DropItem(self.failure) from None

    def _store(self, item: dict) -> dict:
        sid = item["source_id"]
        if item.get("_kind") == "removed":
            if mark_removed(self.db, item["url"], item["status"], _now()):
                self.spider.count(sid, "articles_removed")
            return item
        record = {k: v for k, v in item.items() if not k.startswith("_")}
        outcome = upsert_article(self.db, record)
        self.spider.count(sid, f"articles_{outcome}")
        if outcome == "new":
            self.spider.last_new_article_at[sid] = _now()
        if outcome in ("new", "updated") and record.get("topic_dx"):
            self.spider.count(sid, "relevant_articles")
            if outcome == "new":
                self.spider.count(sid, "new_dx_articles")
        return item

    def close_spider(self) -> None:
        spider = self.spider
        totals: dict[str, Any] = {}
        try:
            fetch_state.save_validators(self.db, spider.validators_to_save())
            for sid, template in spider.templates.items():
                save_template(self.db, sid, template.to_dict(), template.describe())
            for sid in sorted(spider.sources):
                stats = spider.stats_for(sid)
                record_source_stats(self.db, self.run_id, sid, stats)
                for key, value in stats.items():
                    if isinstance(value, int):
                        totals[key] = totals.get(key, 0) + value
        except sqlite3.Error as exc:
            self.failure = getattr(self, "failure", None) or f"storage error: {exc}"
            log.error("could not record the run's statistics: %s", exc)
        self.totals = totals

    def spider_closed(self, spider, reason: str) -> None:
        failure = getattr(self, "failure", None)
        try:
            finish_run(
                self.db,
                self.run_id,
                status="failed" if failure else reason,
                stats=getattr(self, "totals", {}),
                error=failure,
            )
        except sqlite3.Error as exc:
            # The row stays "running"; `govmon status` marks it killed once this process is gone.
            log.error("could not close crawl run %s: %s", self.run_id, exc)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
