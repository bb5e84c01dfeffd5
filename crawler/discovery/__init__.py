"""Link discovery on listing pages, feeds and sitemaps: pure functions (HTML or XML in, URLs out).

`urls` cleans URLs and knows article shapes and page numbers, `links` reads HTML pages
(article links, next page, sections, block pages), `feeds` reads feeds, sitemaps and robots.txt.
"""

from __future__ import annotations

from crawler.discovery.feeds import (
    find_feeds,
    lastmod_before,
    lastmod_date,
    newest_entries,
    parse_feed,
    parse_sitemap,
    sitemap_urls_in_robots,
)
from crawler.discovery.links import (
    find_article_links,
    find_next_page,
    find_section_links,
    looks_blocked,
)
from crawler.discovery.urls import (
    absolute,
    article_shapes,
    clean_url,
    current_page_number,
    escaped,
    explicit_page_number,
    in_article_shape,
    is_copy,
    looks_like_article_url,
    query_params,
    strip_session,
    url_shape,
)

__all__ = [
    "absolute",
    "article_shapes",
    "clean_url",
    "current_page_number",
    "escaped",
    "explicit_page_number",
    "find_article_links",
    "find_feeds",
    "find_next_page",
    "find_section_links",
    "in_article_shape",
    "is_copy",
    "lastmod_before",
    "lastmod_date",
    "looks_blocked",
    "looks_like_article_url",
    "newest_entries",
    "parse_feed",
    "parse_sitemap",
    "query_params",
    "sitemap_urls_in_robots",
    "strip_session",
    "url_shape",
]
