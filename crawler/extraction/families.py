"""CMS families as data: load families.yaml, detect a page's family, apply its selectors."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from lxml import etree
from lxml.cssselect import CSSSelector

FAMILIES_PATH = Path(__file__).with_name("families.yaml")
_ATTR = re.compile(r"::attr\(([\w:-]+)\)\s*$")
_FIELDS = ("title", "published", "author", "lead", "body", "drop")


@lru_cache(maxsize=1)
def _load() -> dict:
    with FAMILIES_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_families() -> dict:
    """Every family of families.yaml: ``{id: {detect, article_url_patterns, listing, article}}``.

    Returns a fresh copy, so callers may change it freely.
    """
    import copy

    return copy.deepcopy(_load())


def family_ids() -> frozenset[str]:
    """The ids of every family of families.yaml."""
    return frozenset(_load())


@lru_cache(maxsize=1)
def _detectors() -> list[tuple[str, list[str], list[re.Pattern[str]]]]:
    out = []
    for name, fam in _load().items():
        detect = fam.get("detect") or {}
        out.append(
            (
                name,
                list(detect.get("markers") or []),
                [re.compile(p) for p in detect.get("url") or []],
            )
        )
    return out


def detect_family(html: str, url: str) -> str | None:
    """The family whose markers and URL signatures a page shows most, or None.

    A family needs at least one markup marker: URL shapes alone are too common to decide.
    """
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    best, best_score = None, 0
    for name, markers, url_rx in _detectors():
        hits = sum(1 for m in markers if m in html)
        if not hits:
            continue
        score = hits + sum(1 for rx in url_rx if rx.search(path))
        if score > best_score:
            best, best_score = name, score
    return best


def is_article_url(url: str, family: str) -> bool:
    """True when ``url`` matches one of the family's ``article_url_patterns``."""
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    return any(re.search(p, path) for p in _load()[family].get("article_url_patterns") or [])


@lru_cache(maxsize=2048)
def compile_selector(selector: str) -> tuple[CSSSelector, str | None]:
    """A compiled CSS selector and the attribute it reads (``::attr(x)``), cached."""
    m = _ATTR.search(selector)
    attr = m.group(1) if m else None
    css = selector[: m.start()] if m else selector
    return CSSSelector(css.strip()), attr


def article_selectors(family: str | None, overrides: dict | None = None) -> dict[str, list[str]]:
    """The family's article selectors, with per-source ``overrides`` taking precedence."""
    base = dict((_load().get(family) or {}).get("article") or {}) if family else {}
    for key, value in (overrides or {}).items():
        if key in _FIELDS and value:
            base[key] = [value] if isinstance(value, str) else list(value)
    return {k: list(base.get(k) or []) for k in _FIELDS}


def select_first(root: etree._Element, selectors: list[str]) -> list[etree._Element] | str | None:
    """Elements of the first selector that matches, or the attribute value it names."""
    for sel in selectors:
        try:
            compiled, attr = compile_selector(sel)
        except Exception:  # a bad selector in data must not break extraction of the page
            continue
        found = compiled(root)
        if not found:
            continue
        if attr:
            for el in found:
                value = el.get(attr)
                if value and value.strip():
                    return value.strip()
            continue
        return found
    return None
