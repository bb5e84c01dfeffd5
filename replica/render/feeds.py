"""A family's feeds, sitemaps and robots.txt: XML and text beside its HTML pages."""

from __future__ import annotations

from email.utils import format_datetime
from typing import TYPE_CHECKING

from replica.render.html import esc

if TYPE_CHECKING:
    from replica.site import Site


class FeedsMixin:
    """RSS, sitemaps and robots.txt of a `Family` (its `portal`, `v`, paths and `article_path`)."""

    portal: dict
    v: dict
    search_path: str
    admin_path: str

    def article_path(self, art: dict) -> str:
        raise NotImplementedError

    def robots(self, site: Site) -> str:
        lines = ["User-agent: *", f"Disallow: {self.search_path}", f"Disallow: {self.admin_path}"]
        lines += [f"Disallow: {p}" for p in self.v.get("disallow", [])]
        if self.portal.get("sitemap"):
            lines += [""] + [f"Sitemap: {site.base}{p}" for p in self.sitemap_roots()]
        return "\n".join(lines) + "\n"

    def sitemap_roots(self) -> list[str]:
        return ["/sitemap.xml"]

    def rss(self, site: Site, arts: list[dict], title: str | None = None) -> str:
        items = []
        for a in arts:
            link = site.base + self.article_path(a)
            pub = format_datetime(a["_moment"]) if a["_moment"] else ""
            items.append(
                f"<item><title>{esc(a['title'])}</title><link>{esc(link)}</link>"
                f'<guid isPermaLink="true">{esc(link)}</guid>'
                f"<description><![CDATA[{a.get('lead') or ''}]]></description>"
                + (f"<pubDate>{pub}</pubDate>" if pub else "")
                + "</item>"
            )
        name = self.portal.get("name", "")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{esc(title or name)}</title><link>{esc(site.base)}/</link>"
            f"<description>{esc(name)}</description><language>vi</language>"
            + "".join(items)
            + "</channel></rss>\n"
        )

    def urlset(self, site: Site, arts: list[dict], extra: list[str]) -> str:
        rows = [f"<url><loc>{esc(site.base + p)}</loc></url>" for p in extra]
        for a in arts:
            rows.append(
                f"<url><loc>{esc(site.base + self.article_path(a))}</loc>"
                f"<lastmod>{a['_modified'].isoformat(timespec='seconds')}</lastmod></url>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(rows)
            + "</urlset>\n"
        )

    def sitemap_index(self, site: Site, children: list[str]) -> str:
        rows = "".join(f"<sitemap><loc>{esc(site.base + c)}</loc></sitemap>" for c in children)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + rows
            + "</sitemapindex>\n"
        )
