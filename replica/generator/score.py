"""Scoring stored rows (or another extractor's output) against a generated site's ground truth.

Own rules, not govmon's: text is compared after NFC and whitespace collapsing; body tokens are the
NFC, casefolded word runs of lead + body (so where a system puts the lead does not matter).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, urlsplit

from replica.generator.model import Site, clean_text
from replica.generator.urls import BASE, request_key, strip_session


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text or "").casefold())


def token_f1(predicted: str | None, gold: str | None) -> float:
    p, g = Counter(tokens(predicted)), Counter(tokens(gold))
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def url_key(url: str | None) -> str | None:
    """An absolute or root-relative URL as a comparable request target (no host, no session id)."""
    if not url:
        return None
    parts = urlsplit(url)
    target = unquote(parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return request_key(strip_session(target))


def _author(value: str | None) -> str | None:
    # "Theo X" names the source X: both spellings of that byline count as X.
    text = re.sub(r"^theo\s+", "", clean_text(value or ""), flags=re.I)
    return text or None


def _same_moment(stored: str | None, truth: str) -> bool:
    try:
        a, b = dt.datetime.fromisoformat(stored or ""), dt.datetime.fromisoformat(truth)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a == b


def gold_text(truth: dict) -> str:
    return "\n".join(([truth["lead"]] if truth["lead"] else []) + truth["body"])


@dataclass
class Score:
    """Figures of one system on one or more sites; rates are filled by `rates()`."""

    articles: int = 0
    found: int = 0
    rows: int = 0
    junk: int = 0
    title: int = 0
    date: int = 0
    timed: int = 0  # found articles whose page states a time
    timed_all: int = 0  # truth articles whose page states a time
    datetime: int = 0
    author: int = 0
    f1_sum: float = 0.0
    misses: list[str] = field(default_factory=list)
    junk_urls: list[str] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)  # {url, field, truth, got} of found articles

    def add(self, other: Score) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    def rates(self) -> dict[str, float | int | None]:
        def rate(n: float, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "articles": self.articles,
            "found": self.found,
            "rows": self.rows,
            "junk": self.junk,
            "coverage": rate(self.found, self.articles),
            "title": rate(self.title, self.found),
            "date": rate(self.date, self.found),
            "datetime": rate(self.datetime, self.timed),
            "author": rate(self.author, self.found),
            "body_f1": rate(self.f1_sum, self.found),
        }


def score_fields(
    score: Score,
    truth: dict,
    title: str | None,
    published: str | None,
    author: str | None,
    text: str,
) -> None:
    """Add one found article's field comparisons to `score`."""
    score.found += 1
    checks = {
        "title": (clean_text(title or "") == truth["title"], truth["title"], title),
        "date": (
            (published or "")[:10] == truth["published_at"][:10],
            truth["published_at"],
            published,
        ),
        "author": (_author(author) == _author(truth["author"]), truth["author"], author),
    }
    if truth["has_time"]:
        score.timed += 1
        checks["datetime"] = (
            _same_moment(published, truth["published_at"]),
            truth["published_at"],
            published,
        )
    for name, (ok, want, got) in checks.items():
        setattr(score, name, getattr(score, name) + ok)
        if not ok:
            score.wrong.append({"url": truth["url"], "field": name, "truth": want, "got": got})
    f1 = token_f1(text, gold_text(truth))
    score.f1_sum += f1
    if f1 < 0.9:
        score.wrong.append(
            {"url": truth["url"], "field": "body_f1", "truth": None, "got": round(f1, 3)}
        )


def score_rows(site: Site, rows: list[dict]) -> Score:
    """Stored rows (url, canonical_url, title, lead, body_text, author, published_at) of one site."""
    truth = site.truth()
    by_key: dict[str, dict] = {}
    for t in truth:
        by_key[url_key(t["url"])] = t
        for alias in t["aliases"]:
            by_key[url_key(alias)] = t
    score = Score(articles=len(truth), rows=len(rows), timed_all=sum(t["has_time"] for t in truth))
    chosen: dict[int, dict] = {}
    for row in rows:
        keys = [url_key(row.get("url")), url_key(row.get("canonical_url"))]
        hit = next((by_key[k] for k in keys if k in by_key), None)
        if hit is None or hit["id"] in chosen:
            score.junk += 1
            score.junk_urls.append(row.get("url") or "")
            continue
        chosen[hit["id"]] = row
    for t in truth:
        row = chosen.get(t["id"])
        if row is None:
            score.misses.append(t["url"])
            continue
        text = "\n".join(x for x in (row.get("lead"), row.get("body_text")) if x)
        score_fields(score, t, row.get("title"), row.get("published_at"), row.get("author"), text)
    return score


def score_trafilatura(site: Site, base: str = "http://generated.invalid") -> Score:
    """trafilatura.bare_extraction on every truth page, as served (same bytes the crawler gets)."""
    try:
        import trafilatura
    except ImportError as exc:
        raise ImportError(
            "trafilatura is not installed: the bench compares govmon with it. "
            "Install the evaluation extra: pip install 'govmon[eval]'"
        ) from exc

    score = Score()
    for t in site.truth():
        score.articles += 1
        score.timed_all += t["has_time"]
        body = site.resources[t["url"]].body.replace(BASE.encode(), base.encode())
        doc = trafilatura.bare_extraction(
            body,
            url=base + t["url"],
            with_metadata=True,
            include_comments=False,
            include_tables=True,
        )
        if doc is None:
            score.misses.append(t["url"])
            continue
        data = (
            doc
            if isinstance(doc, dict)
            else {k: getattr(doc, k, None) for k in ("title", "date", "author", "text")}
        )
        score_fields(
            score,
            t,
            data.get("title"),
            data.get("date"),
            data.get("author"),
            data.get("text") or "",
        )
    return score
