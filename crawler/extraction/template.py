"""Site templates: what repeats across the pages of one source is furniture, not content (pure).

A template is learnt from article pages of one source, page by page, and kept as a small JSON
value per source (storage/templates.py). It holds:

- ``blocks``: fingerprints of page subtrees (structure + text) with the number of pages they
  were seen on. A subtree on most pages (header, menus, "Tin mới" boxes, footer, a header clock)
  is furniture and leaves the page before the main content is looked for.
- ``titles``: the last ``<title>`` texts; the part they share at the start or the end is the
  site's name (" | Cổng TTĐT tỉnh X"), never part of an article's title.
- ``names``: the site's own names (og:site_name, JSON-LD publisher/Organization, a
  ``meta name=author`` that repeats): an author equal to one of them is not a byline.

Extraction works without a template (the first pages of a new source); with one, furniture is
removed first (crawler.extraction.furniture), learnt title affixes are cut and site names are refused as authors.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from crawler.extraction.blocks import clean_text
from crawler.text import fold

VERSION = 1
# Pages learnt before the template is used (fewer says nothing about what repeats).
MIN_PAGES = 3
# A subtree on at least this share of the learnt pages is furniture.
FURNITURE_SHARE = 0.6
# Counts are halved when this many pages were learnt: the template follows a redesign, and
# stays small (subtrees seen once are content and are pruned).
WINDOW = 40
MAX_BLOCKS = 4000
MAX_TITLES = 20
MAX_URLS = 300
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»/]|::)\s+")
# Subtrees that may be furniture. Inline tags other than links are left out: a bold
# "Ảnh:" or "Theo" repeated inside many bodies is content.
_BLOCK_TAGS = frozenset(
    "div section aside header footer nav ul ol li p h1 h2 h3 h4 h5 h6 table tr td th"
    " dl dt dd article main a img figure figcaption".split()
)
_DIGITS = re.compile(r"\d+")


@dataclass
class SiteTemplate:
    """What one source's pages share; see the module docstring. ``to_dict`` is JSON."""

    pages: float = 0
    blocks: dict[str, float] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    names: dict[str, float] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)  # short hashes: a page is learnt once

    @property
    def mature(self) -> bool:
        return self.pages >= MIN_PAGES

    def furniture(self) -> frozenset[str]:
        """Fingerprints of the subtrees that are furniture."""
        if not self.mature:
            return frozenset()
        return frozenset(k for k, n in self.blocks.items() if n >= self._need())

    def _need(self) -> float:
        """Pages a block or name must be seen on to be the site's: most of them, and never
        fewer than ``MIN_PAGES`` (two stories of one reporter among the first three pages
        learnt share a byline, not furniture)."""
        return max(float(MIN_PAGES), FURNITURE_SHARE * self.pages)

    def site_names(self) -> list[str]:
        """The site's own names: repeated metadata names and the shared part of the titles."""
        out = [n for n, c in self.names.items() if c >= self._need()]
        return out + [n for n in self.title_names() if n not in out]

    def title_names(self) -> list[str]:
        """The site's names learnt from ``<title>``s alone: the shared prefix or suffix, or a whole
        ``<title>`` shared by most pages ("site_only" portals). Unlike a repeated meta author
        (which may be one newspaper credited on the first pages learnt), these never name a
        story's source."""
        out: list[str] = []
        if len(self.titles) >= 2:
            common = max(set(self.titles), key=self.titles.count)
            if self.titles.count(common) >= max(2, FURNITURE_SHARE * len(self.titles)):
                out.append(common)
        prefix, suffix = self.title_affixes()
        for affix in (prefix, suffix):
            name = affix.strip(" -|–—:»/")
            if name and name not in out:
                out.append(name)
        return out

    def title_affixes(self) -> tuple[str, str]:
        """The prefix and suffix (separator included) shared by most learnt ``<title>``s."""
        if len(self.titles) < 2:
            return "", ""
        return _shared_affix(self.titles, first=True), _shared_affix(self.titles, first=False)

    def to_dict(self) -> dict:
        return {
            "version": VERSION,
            "pages": self.pages,
            "blocks": self.blocks,
            "titles": self.titles,
            "names": self.names,
            "samples": self.samples,
            "urls": self.urls,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> SiteTemplate:
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls()  # an older format: learn again
        return cls(
            pages=float(data.get("pages") or 0),
            blocks=dict(data.get("blocks") or {}),
            titles=list(data.get("titles") or []),
            names=dict(data.get("names") or {}),
            samples=dict(data.get("samples") or {}),
            urls=list(data.get("urls") or []),
        )

    def describe(self) -> dict:
        """A readable summary: pages learnt, site names, title affixes, furniture samples."""
        prefix, suffix = self.title_affixes()
        furniture = self.furniture()
        return {
            "pages": round(self.pages, 1),
            "site_names": self.site_names(),
            "title_prefix": prefix,
            "title_suffix": suffix,
            "furniture_blocks": len(furniture),
            "furniture_samples": [self.samples[k] for k in furniture if k in self.samples][:12],
        }


def _shared_affix(titles: list[str], *, first: bool) -> str:
    """The title part (with its separator) that most titles start (or end) with."""
    counts: dict[str, int] = {}
    for title in titles:
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            continue
        part = parts[0] if first else parts[-1]
        counts[part] = counts.get(part, 0) + 1
    if not counts:
        return ""
    part, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 2 or n < FURNITURE_SHARE * len(titles):
        return ""
    # Give back the separator as printed in one of the titles.
    for title in titles:
        m = None
        if first and title.startswith(part):
            m = _TITLE_SEPARATORS.match(title, len(part))
            if m:
                return title[: m.end()]
        elif not first and title.endswith(part):
            head = title[: len(title) - len(part)]
            m = re.search(r"\s+(?:[-|–—:»/]|::)\s+$", head)
            if m:
                return title[m.start() :]
    return ""


def _signature(el: etree._Element) -> str:
    """Tag and first class word (digits dropped: ``item-12`` and ``item-13`` are alike)."""
    klass = (el.get("class") or "").split()
    return el.tag + ("." + _DIGITS.sub("", klass[0]) if klass else "")


def fingerprints(root: etree._Element) -> dict[etree._Element, str]:
    """A fingerprint per element of the body: its tag, its parent's, its own text and images,
    and its children's fingerprints (one bottom-up pass, so a whole header hashes at once)."""
    out: dict[etree._Element, str] = {}
    body = root.find("body")
    if body is None:
        return out
    _fingerprint(body, "body", out)
    return out


def _fingerprint(el: etree._Element, parent_sig: str, out: dict) -> str:
    sig = _signature(el)
    parts = [parent_sig, sig, " ".join((el.text or "").split())]
    if el.tag == "img":
        parts.append(el.get("src") or "")
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_fingerprint(child, sig, out))
        if child.tail and child.tail.strip():
            parts.append(" ".join(child.tail.split()))
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).hexdigest()
    if el.tag in _BLOCK_TAGS:
        out[el] = digest
    return digest


def page_site_names(root: etree._Element, ld_items: Iterable[dict]) -> set[str]:
    """Names a page gives for its site: og:site_name, publisher/Organization, meta publisher."""
    names = set()
    for attr, key in (("property", "og:site_name"), ("name", "publisher")):
        for el in root.iterfind(f".//meta[@{attr}='{key}']"):
            value = clean_text(el.get("content") or "")
            if value:
                names.add(value)
    for item in ld_items:
        for key in ("publisher", "sourceOrganization"):
            org = item.get(key)
            if isinstance(org, dict) and isinstance(org.get("name"), str):
                names.add(clean_text(org["name"]))
        kind = item.get("@type")
        if kind in ("Organization", "GovernmentOrganization", "NewsMediaOrganization", "WebSite"):
            if isinstance(item.get("name"), str):
                names.add(clean_text(item["name"]))
    # The logo: a link to the home page that names the site ("Trang chủ" is too short to).
    for a in root.iterfind(".//body//a[@href]"):
        href = (a.get("href") or "").strip()
        if href in ("/", "./") or re.fullmatch(r"(?i)(?:https?:)?//[^/]+/?", href):
            text = clean_text(a.text_content())
            if 3 <= len(text.split()) and len(text) <= 120:
                names.add(text)
    return {n for n in names if n}


def _meta_authors(root: etree._Element) -> set[str]:
    return {
        clean_text(el.get("content") or "")
        for el in root.iterfind(".//meta[@name='author']")
        if clean_text(el.get("content") or "")
    }


def learn_page(
    template: SiteTemplate | None,
    root: etree._Element,
    ld_items: Iterable[dict] = (),
    url: str | None = None,
) -> SiteTemplate:
    """The template with one more page of the source learnt (``root``: the parsed page, before
    any cleaning). Returns a new value; the given one is not changed. A ``url`` learnt before
    (a re-check, the next night's re-fetch) is not counted again: it would look like furniture."""
    url_key = hashlib.blake2b(url.encode(), digest_size=5).hexdigest() if url else None
    if template is not None and url_key and url_key in template.urls:
        return template
    t = SiteTemplate.from_dict(template.to_dict()) if template else SiteTemplate()
    if url_key:
        t.urls = [*t.urls, url_key][-MAX_URLS:]
    if t.pages >= WINDOW:
        t.pages /= 2
        t.blocks = {k: n / 2 for k, n in t.blocks.items() if n / 2 >= 1}
        t.names = {k: n / 2 for k, n in t.names.items() if n / 2 >= 0.5}
    t.pages += 1
    title_el = root.find(".//title")
    title = clean_text(title_el.text_content()) if title_el is not None else ""
    if title:
        t.titles = [*t.titles, title][-MAX_TITLES:]
    # A meta author on most pages is the site, not a byline.
    for name in page_site_names(root, ld_items) | _meta_authors(root):
        t.names[name] = t.names.get(name, 0) + 1
    seen: set[str] = set()
    for el, key in fingerprints(root).items():
        if key in seen:
            continue
        seen.add(key)
        t.blocks[key] = t.blocks.get(key, 0) + 1
        if key not in t.samples and t.blocks[key] >= 2 and len(t.samples) < 200:
            text = clean_text(el.text_content())
            if 3 <= len(text):
                t.samples[key] = text[:80]
    if len(t.blocks) > MAX_BLOCKS:
        t.blocks = {k: n for k, n in t.blocks.items() if n >= 2}
    t.samples = {k: v for k, v in t.samples.items() if k in t.blocks}
    return t


def is_site_name(text: str | None, names: Iterable[str]) -> bool:
    """True when ``text`` is one of the site's own names (accents and case aside)."""
    if not text:
        return False
    key = fold(text).strip(" .-|")
    return any(key == fold(n).strip(" .-|") for n in names if n)
