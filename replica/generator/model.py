"""The generated portal as values: its articles (with ground truth) and every resource it serves."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from replica.generator.dates import iso


def clean_text(text: str) -> str:
    """Ground-truth text: NFC, whitespace runs collapsed (the generator's own rule)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Article:
    """One article as the generator made it; `truth()` is what a perfect crawler would store."""

    id: int
    path: str  # canonical path (with query, if the scheme has one)
    title: str
    moment: dt.datetime
    has_time: bool
    author: str | None
    byline: str | None  # the author as printed ("MINH HẰNG", "Tác giả: ...", "Theo ...")
    lead: str | None
    blocks: list[tuple]
    category: tuple[str, str, str]  # slug, name, listing path
    copies: dict[str, str] = field(default_factory=dict)  # "print"/"amp" -> the copy's path
    listed_path: str = ""  # the URL listings link to (a session id in it, on some sites)

    def body_paragraphs(self) -> list[str]:
        out: list[str] = []
        for block in self.blocks:
            kind, value = block[0], block[1]
            if kind in ("p", "h") or (kind == "img" and value):
                out.append(clean_text(value))
            elif kind == "table":
                out.extend(clean_text(" | ".join(row)) for row in value)
            elif kind == "li":
                out.extend(clean_text(v) for v in value)
        return out

    def truth(self) -> dict:
        return {
            "id": self.id,
            "url": self.path,
            "title": clean_text(self.title),
            "published_at": iso(self.moment, self.has_time),
            "has_time": self.has_time,
            "author": clean_text(self.author) if self.author else None,
            "lead": clean_text(self.lead) if self.lead else None,
            "body": self.body_paragraphs(),
            "aliases": list(self.copies.values()),
        }


@dataclass
class Resource:
    """One served response; `body` may hold the BASE placeholder, replaced when served."""

    content_type: str
    body: bytes
    status: int = 200
    kind: str = "page"  # article, listing, home, other, feed, sitemap, robots, image, copy


@dataclass
class Site:
    """A whole generated portal: `resources` maps request targets (path?query) to responses."""

    seed: int
    name: str
    org: str
    style: object
    articles: list[Article]
    resources: dict[str, Resource]
    start_path: str

    def features(self) -> dict[str, object]:
        return self.style.features()

    def truth(self) -> list[dict]:
        return [a.truth() for a in self.articles]
