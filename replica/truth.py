"""Ground truth of the replica's articles, with the absolute URL each is served at."""

from __future__ import annotations

import logging
from pathlib import Path

from replica.dates import iso
from replica.render.html import block_texts
from replica.site import dedupe_slugs, prepare_article
from replica.store import ARTICLES_DIR, PORTALS_FILE, ArticleStore, load_portals
from replica.text import normalise

log = logging.getLogger(__name__)

TRUTH_KEYS = ("title", "lead", "author", "label", "event", "province", "meeting", "seed")


def body_text(blocks: list) -> str:
    """The contract's body_text: paragraphs, captions, table rows (cells joined by " | "), list items
    and headings, in
    order, joined by a blank line."""
    return "\n\n".join(
        normalise(t).strip() for b in blocks or [] for t in block_texts(b) if normalise(t).strip()
    )


def _clean(value: object) -> object:
    if isinstance(value, str):
        return normalise(value).strip()
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def truth_record(art: dict, url: str, portal: dict) -> dict:
    """One article's ground truth (NFC text); ``art`` is a prepared article (see site.py)."""
    rec = {
        "id": art["id"],
        "url": url,
        "portal": art["portal"],
        "family": portal.get("family"),
        "category": art["_category"],
    }
    for key in TRUTH_KEYS:
        rec[key] = _clean(art.get(key))
    rec["published_at"] = iso(art["_moment"], art["_has_time"]) if art["_moment"] else None
    rec["body_text"] = body_text(art.get("body") or [])
    rec["extras"] = art.get("extras") or {}
    if art.get("duplicate_of"):
        rec["duplicate_of"] = art["duplicate_of"]
    return rec


def load_truth(
    base_urls: dict[str, str],
    *,
    content_dir: Path | str = ARTICLES_DIR,
    portals_file: Path | str = PORTALS_FILE,
) -> list[dict]:
    """Every article's ground truth, ``url`` absolute under ``base_urls`` ({portal_id: base}).

    Articles of portals missing from ``base_urls`` are left out; files that do not parse are
    skipped with a logged warning (the replica skips them too)."""
    from replica.render import make_family

    portals = {p["id"]: p for p in load_portals(portals_file)}
    families = {pid: make_family(p) for pid, p in portals.items()}
    store = ArticleStore(Path(content_dir))
    by_portal: dict[str, list[dict]] = {}
    for raw in store.articles():
        pid = raw.get("portal")
        if pid not in portals:
            log.warning("replica truth: article %s names unknown portal %r", raw["id"], pid)
        elif pid in base_urls:
            by_portal.setdefault(pid, []).append(prepare_article(raw))
    out = []
    for pid, arts in by_portal.items():
        dedupe_slugs(families[pid], arts)  # the same URLs the server gives colliding slugs
        for art in arts:
            out.append(
                truth_record(
                    art, base_urls[pid].rstrip("/") + families[pid].article_path(art), portals[pid]
                )
            )
    return sorted(out, key=lambda r: r["id"])
