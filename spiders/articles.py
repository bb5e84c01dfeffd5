"""Article pages: learn the site template, hold pages until it is usable, extract (a mixin of
PortalSpider). Copies of stored articles (print, AMP, canonical-linked) are told apart by storage,
across nights too (storage.articles.upsert_article: "duplicate")."""

from __future__ import annotations

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler.clock import now_iso
from crawler.discovery import escaped
from crawler.extraction import extract_article, learn_from_page
from spiders import signals
from spiders.items import ArticleItem, RemovedItem


class ArticleCallbacks:
    """parse_article and the held-pages release: ArticleItem / RemovedItem out."""

    def parse_article(self, response: Response):
        sid = response.meta["source_id"]
        if response.status in (404, 410):
            if response.meta.get("recheck"):
                # The stored URL is the one re-checked: a portal may redirect a takedown to its 404 page.
                url = (response.meta.get("redirect_urls") or [response.url])[0]
                yield RemovedItem(source_id=sid, url=url, status=response.status)
            else:
                self._error(sid, f"HTTP {response.status} on article: {response.url}")
            yield from self._settled(response.meta)
            return
        if response.status == 304:
            self._count(sid, "not_modified")
            self._count(sid, "articles_unchanged")
            yield from self._settled(response.meta)
            return
        if not self._usable(response, "article"):
            if response.status >= 500 or response.status in (403, 429) or self._blocked(response):
                if not response.meta.get("recheck"):
                    self._incomplete(sid)  # worth another try tomorrow
            yield from self._settled(response.meta)
            return
        meta = {k: response.meta[k] for k in ("listing", "page") if k in response.meta}
        meta["requested_url"] = (response.meta.get("redirect_urls") or [response.url])[0]
        template = learn_from_page(self.templates.get(sid), response.text, response.url)
        self.templates[sid] = template
        self.crawler.signals.send_catch_log(
            signal=signals.template_learnt, source_id=sid, template=template
        )
        self.held[sid].append((response.text, response.url, response.status, meta))
        if template.mature and not self.maps_pending[sid]:
            yield from self._extract_held(sid)

    def release_held_pages(self) -> None:
        """spider_idle: extract the pages held back by sources that never learnt enough pages,
        and ask for the next pages still waiting on articles that will not come back."""
        if any(self.held.values()) or self.page_next:
            request = scrapy.Request("data:,", self._release, dont_filter=True)
            self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def _release(self, response: Response):
        for sid in list(self.held):
            yield from self._extract_held(sid)
        # Nothing was in flight: what a page still waits for was dropped on the way.
        for key in list(self.page_next):
            self.page_pending[key] = 1
            yield from self._settled({"listing": key[0], "page": key[1]})

    def _extract_held(self, sid: str):
        pages, self.held[sid] = self.held[sid], []
        for text, url, status, meta in pages:
            item = self._extract(sid, text, url, status, meta)
            yield from self._settled(meta)
            if item:
                yield item

    def _extract(
        self, sid: str, text: str, url: str, status: int, meta: dict
    ) -> ArticleItem | None:
        source = self.sources[sid]
        article = extract_article(
            text,
            url,
            cms=source.cms,
            selectors=source.selectors or None,
            template=self.templates.get(sid),
            listed=self.listed.get(escaped(meta["requested_url"])) or self.listed.get(escaped(url)),
        )
        if source.cms and article.extraction_method == "generic":
            # The source's family selectors found no body: a redesign, even if the generic path copes.
            self._count(sid, "family_selector_misses")
        if not article.is_complete:
            self._count(sid, "extraction_failures")
            self._error(sid, f"no title or body: {url}")
            # Not stored, so tried again next time: the source's listings must not answer 304.
            self._incomplete(sid)
            return None
        if not article.has_prose:
            self._count(sid, "not_articles")  # a document record, a gallery: not a news story
            return None
        if self.since and article.published_at and article.published_at[:10] < self.since:
            self._count(sid, "skipped_before_since")
            if "listing" in meta:
                self.page_old[(meta["listing"], meta["page"])] += 1
            return None
        return ArticleItem(
            source_id=sid,
            article=article,
            province=source.province,
            fetched_at=now_iso(),
            http_status=status,
            # The link followed, when redirects led elsewhere: the next crawl knows it too.
            requested_url=meta["requested_url"],
        )
