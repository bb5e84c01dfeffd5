"""Feeds (RSS, Atom), sitemaps (plain, monthly index, Google News) and robots.txt of a generated portal."""

from __future__ import annotations

from xml.sax.saxutils import escape

from replica.generator import dates as D
from replica.generator.model import Article
from replica.generator.urls import BASE

FEED_PATHS = (
    "/rss",
    "/rss.xml",
    "/rss/home.rss",
    "/feed/",
    "/news/rss/",
    "/index.php?format=feed&type=rss",
)


def rss(site_name: str, arts: list[Article], form: str) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{BASE}{escape(a.path)}</link>"
        f"<guid>{BASE}{escape(a.path)}</guid><pubDate>{D.FEED_FORMS[form](a.moment)}</pubDate>"
        f"<description>{escape(a.lead or '')}</description></item>"
        for a in arts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(site_name)}</title><link>{BASE}/</link>"
        f"<description>Tin tức mới nhất</description>{items}</channel></rss>"
    )


def atom(site_name: str, arts: list[Article], form: str) -> str:
    entries = "".join(
        f'<entry><title>{escape(a.title)}</title><link href="{BASE}{escape(a.path)}"/>'
        f"<id>{BASE}{escape(a.path)}</id><updated>{D.FEED_FORMS[form](a.moment)}</updated>"
        f"<summary>{escape(a.lead or '')}</summary></entry>"
        for a in arts
    )
    updated = D.FEED_FORMS[form](arts[0].moment) if arts else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(site_name)}</title><id>{BASE}/</id><updated>{updated}</updated>{entries}</feed>"
    )


def _urlset(urls: list[tuple[str, str | None]]) -> str:
    body = "".join(
        f"<url><loc>{BASE}{escape(p)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
        for p, m in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    )


def sitemaps(
    kind: str, site_name: str, arts: list[Article], other_paths: list[str]
) -> dict[str, str]:
    """Sitemap documents by path; the first key is the root a robots.txt would name."""
    pages = [(p, None) for p in other_paths]
    if kind == "plain":
        return {"/sitemap.xml": _urlset([(a.path, D.iso(a.moment, True)) for a in arts] + pages)}
    if kind == "index_monthly":
        months: dict[str, list[Article]] = {}
        for a in arts:
            months.setdefault(f"{a.moment:%Y-%m}", []).append(a)
        docs = {
            f"/sitemap-{m}.xml": _urlset([(a.path, a.moment.date().isoformat()) for a in ms])
            for m, ms in months.items()
        }
        docs["/sitemap-pages.xml"] = _urlset(pages)
        index = "".join(f"<sitemap><loc>{BASE}{p}</loc></sitemap>" for p in docs)
        root = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>'
        )
        return {"/sitemap.xml": root, **docs}
    news = "".join(
        f"<url><loc>{BASE}{escape(a.path)}</loc><news:news><news:publication>"
        f"<news:name>{escape(site_name)}</news:name><news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{D.iso(a.moment, True)}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>"
        for a in arts
    )
    return {
        "/sitemap-news.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{news}</urlset>'
        )
    }


def robots(kind: str, sitemap_roots: list[str]) -> str | None:
    """robots.txt text, or None when the site has none (404)."""
    if kind == "missing":
        return None
    lines = ["User-agent: *"]
    lines.append("Disallow: /tim-kiem" if kind == "disallow_search" else "Disallow: /admin/")
    lines.append("Disallow: /binh-luan")
    lines += [f"Sitemap: {BASE}{p}" for p in sitemap_roots]
    return "\n".join(lines) + "\n"
