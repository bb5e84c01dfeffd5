"""Item pipelines: thin glue from the spider's items to analysis (pure) and storage (SQLite)."""

from __future__ import annotations

import logging
import sqlite3

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawler.analysis import analyse_article
from crawler.clock import now_iso
from spiders import signals, stats
from spiders.items import ArticleItem, RemovedItem
from storage import fetch_state
from storage.db import mark_removed, open_db, upsert_article
from storage.templates import save_template

log = logging.getLogger(__name__)

# Set in the stats when a write failed: the SourceRunsExtension closes the run as "failed".
STORAGE_FAILURE = "govmon/storage_failure"


class _CrawlerAware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class AnalysisPipeline(_CrawlerAware):
    """Classify each article as it arrives (events are grouped after the crawl, over the database)."""

    def process_item(self, item):
        if isinstance(item, ArticleItem):
            # Stored with the article, so the nightly step does not analyse it a second time.
            item.analysis = analyse_article(item.record())
        return item


class StoragePipeline(_CrawlerAware):
    """Upsert articles by URL and mark takedowns; at the end, keep the validators and templates.

    What the next crawl needs (validators, sources left incomplete, templates) comes in as
    spiders.signals and is kept here, not on the spider. The run itself (crawl_runs,
    source_runs) is the SourceRunsExtension's.
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.validators: dict[str, dict] = {}
        self.incomplete: set[str] = set()
        self.templates: dict = {}
        for handler, signal in (
            (self._validators_seen, signals.validators_seen),
            (self._source_incomplete, signals.source_incomplete),
            (self._listing_reread, signals.listing_reread),
            (self._template_learnt, signals.template_learnt),
        ):
            crawler.signals.connect(handler, signal=signal, weak=False)

    def _validators_seen(self, url, source_id, etag, last_modified, article) -> None:
        self.validators[url] = {
            "url": url,
            "source_id": source_id,
            "etag": etag,
            "last_modified": last_modified,
            "article": article,
        }

    def _source_incomplete(self, source_id) -> None:
        self.incomplete.add(source_id)

    def _listing_reread(self, url) -> None:
        self.validators.pop(url, None)

    def _template_learnt(self, source_id, template) -> None:
        self.templates[source_id] = template

    def validators_to_save(self) -> list[dict]:
        """Validators seen this run, less the listings, feeds and sitemaps of incomplete sources."""
        return [
            {k: v for k, v in item.items() if k != "article"}
            for item in self.validators.values()
            if item["article"] or item["source_id"] not in self.incomplete
        ]

    def open_spider(self) -> None:
        path = self.crawler.settings.get("GOVMON_DB")
        if not path:
            raise ValueError("GOVMON_DB is not set: the crawl has no database to write to")
        self.db = open_db(path)

    def process_item(self, item):
        try:
            return self._store(item)
        except sqlite3.Error as exc:
            # A full disk or a broken database: every later write would fail the same way.
            # Stop the crawl and say so; the article's transaction was rolled back whole.
            failure = self.crawler.stats.get_value(STORAGE_FAILURE)
            if not failure:
                failure = f"storage error at {item.url}: {exc}"
                self.crawler.stats.set_value(STORAGE_FAILURE, failure)
                log.error("%s; stopping the crawl", failure)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="failed"))
            raise DropItem(failure) from None

    def _store(self, item):
        counters = self.crawler.stats
        sid = item.source_id
        if isinstance(item, RemovedItem):
            if mark_removed(self.db, item.url, item.status, now_iso()):
                stats.inc(counters, sid, "articles_removed")
            return item
        record = item.record()
        outcome = upsert_article(self.db, record)
        if outcome == "duplicate":
            # A copy of a stored article (storage.articles): its address is kept, no row.
            stats.inc(counters, sid, "duplicates")
            return item
        stats.inc(counters, sid, f"articles_{outcome}")
        if outcome == "new":
            stats.set_value(counters, sid, "last_new_article_at", now_iso())
        if outcome in ("new", "updated") and record.get("topic_dx"):
            stats.inc(counters, sid, "relevant_articles")
            if outcome == "new":
                stats.inc(counters, sid, "new_dx_articles")
        return item

    def close_spider(self) -> None:
        try:
            fetch_state.save_validators(self.db, self.validators_to_save())
            for sid, template in self.templates.items():
                save_template(self.db, sid, template.to_dict(), template.describe())
        except sqlite3.Error as exc:
            if not self.crawler.stats.get_value(STORAGE_FAILURE):
                self.crawler.stats.set_value(STORAGE_FAILURE, f"storage error: {exc}")
            log.error("could not save the crawl's validators and templates: %s", exc)
