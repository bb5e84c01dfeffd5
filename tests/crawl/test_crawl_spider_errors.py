"""An exception while parsing one page becomes that source's recorded error, not a traceback."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.middlewares import SourceErrorsMiddleware
from crawler.registry import Source
from spiders.portal import PortalSpider
from spiders.stats import source_stats


def test_a_parse_error_is_recorded_for_its_source():
    source = Source(
        id="hanam", name="Hà Nam", province="Hà Nam", start_urls=["http://127.0.1.2:8480/"]
    )
    crawler = get_crawler(PortalSpider)
    crawler._apply_settings()
    spider = PortalSpider.from_crawler(crawler, sources=[source])
    crawler.spider = spider
    middleware = SourceErrorsMiddleware(crawler)
    url = "http://127.0.1.2:8480/Pages/mot-bai-viet-bi-loi.aspx"
    response = HtmlResponse(
        url, body=b"<html></html>", request=Request(url, meta={"source_id": "hanam"})
    )
    assert middleware.process_spider_exception(response, ValueError("bad markup")) == []
    assert source_stats(crawler.stats, "hanam")["errors"] == [
        f"ValueError while parsing {url}: bad markup"
    ]
    # A response that belongs to no source is left to Scrapy.
    other = HtmlResponse(url, body=b"", request=Request(url))
    assert middleware.process_spider_exception(other, ValueError("x")) is None
