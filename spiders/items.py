"""The items the spider yields to the pipelines (dataclasses: Scrapy handles them through itemadapter)."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.models import Article


@dataclass
class ArticleItem:
    """An extracted article page of a source, with what the crawl knows of its fetch."""

    source_id: str
    article: Article
    province: str | None
    fetched_at: str
    http_status: int
    requested_url: str  # the link followed, when redirects led elsewhere
    analysis: dict = field(default_factory=dict)  # filled by the AnalysisPipeline

    @property
    def url(self) -> str:
        return self.article.url

    def record(self) -> dict:
        """The storage record: the article's fields, the fetch's, and the analysis results
        (flat, and whole under ``analysis`` so the nightly step does not analyse it again)."""
        out = self.article.to_dict()
        out.update(
            source_id=self.source_id,
            province=self.province,
            fetched_at=self.fetched_at,
            http_status=self.http_status,
            requested_url=self.requested_url,
        )
        if self.analysis:
            out.update(self.analysis)
            out["analysis"] = self.analysis
        return out


@dataclass
class RemovedItem:
    """A stored article whose re-check answered 404/410: marked removed, never deleted."""

    source_id: str
    url: str
    status: int
