"""The extraction evaluation: score govmon and baseline extractors against the replica's ground truth.

Not part of the crawl pipeline: it fetches pages over HTTP and times extractors. The CLI
(`govmon eval extraction`), the benchmark script and the CI gate all call :func:`evaluate`.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.evaluation import require_eval
from crawler.text import nfc

_TOKEN = re.compile(r"\w+")
SYSTEMS = ("govmon", "govmon-generic", "trafilatura", "readability")
METRICS = ("title", "date", "datetime", "author", "lead", "precision", "recall", "f1", "body_f1")


def tokens(text: str | None) -> Counter:
    """Word tokens, NFC and lower case; punctuation and table separators do not count."""
    return Counter(_TOKEN.findall(nfc(text or "").lower()))


def prf(predicted: str | None, truth: str | None) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of ``predicted`` against ``truth``."""
    p, t = tokens(predicted), tokens(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    overlap = sum((p & t).values())
    precision = overlap / max(1, sum(p.values()))
    recall = overlap / max(1, sum(t.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def truth_paragraphs(truth: dict) -> list[str]:
    """Body paragraphs of a ground-truth article: paragraphs, captions, cells, items, headings."""
    if truth.get("body_text") is not None:  # replica.truth gives the contract's body_text
        return [p for p in truth["body_text"].split("\n\n") if p.strip()]
    out: list[str] = []
    for block in truth.get("body") or []:
        if isinstance(block, str):
            out.append(block)
        elif isinstance(block, dict):
            if "image" in block:
                out += [block["caption"]] if block.get("caption") else []
            elif "table" in block:
                out += [
                    str(c)
                    for row in block["table"] or []
                    for c in (row if isinstance(row, list) else [row])
                    if str(c).strip()
                ]
            elif "list" in block:
                out += [str(i) for i in block["list"] or [] if str(i).strip()]
            elif "heading" in block:
                out.append(str(block["heading"]))
    return [p for p in out if p and p.strip()]


def _same(a: str | None, b: str | None) -> bool:
    norm = lambda s: " ".join(nfc(s).split()) if s else None  # noqa: E731
    return norm(a) == norm(b)


@dataclass
class Prediction:
    """What one system produced for one page (fields it cannot produce stay None)."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    lead: str | None = None
    body: str | None = None
    text: str | None = None  # lead + body, or the system's whole text


def score(pred: Prediction, truth: dict, *, has_fields: set[str]) -> dict:
    """Per-article figures; a metric is None when it does not apply (no printed time...)."""
    t_pub = str(truth.get("published_at") or "") or None
    body = "\n\n".join(truth_paragraphs(truth))
    text = "\n\n".join(x for x in (truth.get("lead"), body) if x)
    p, r, f = prf(pred.text, text)
    out: dict = {"precision": p, "recall": r, "f1": f}
    out["title"] = float(_same(pred.title, truth.get("title"))) if "title" in has_fields else None
    if "published" in has_fields and t_pub:
        out["date"] = float((pred.published or "")[:10] == t_pub[:10])
        out["datetime"] = float(pred.published == t_pub) if len(t_pub) > 10 else None
    else:
        out["date"] = out["datetime"] = None
    out["author"] = (
        float(_same(pred.author, truth.get("author"))) if "author" in has_fields else None
    )
    out["lead"] = float(_same(pred.lead, truth.get("lead"))) if "lead" in has_fields else None
    out["body_f1"] = prf(pred.body, body)[2] if "body" in has_fields else None
    return out


# ---- the systems ---------------------------------------------------------------------------
def _govmon(use_families: bool) -> Callable[[bytes, str, str | None], Prediction]:
    from crawler.extraction import extract_article

    def run(html: bytes, url: str, encoding: str | None) -> Prediction:
        a = extract_article(html, url, encoding=encoding, use_families=use_families)
        text = "\n\n".join(x for x in (a.lead, a.body_text) if x)
        return Prediction(a.title, a.published_at, a.author, a.lead, a.body_text, text)

    return run


def _trafilatura(html: bytes, url: str, encoding: str | None) -> Prediction:
    out = require_eval("trafilatura").extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
    )
    data = json.loads(out) if out else {}
    return Prediction(
        data.get("title"), data.get("date"), data.get("author"), None, None, data.get("text")
    )


def _readability(html: bytes, url: str, encoding: str | None) -> Prediction:
    import lxml.html

    doc = require_eval("readability").Document(html, url=url)
    summary = doc.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return Prediction(doc.short_title(), None, None, None, None, text)


SYSTEM_FIELDS = {
    "govmon": {"title", "published", "author", "lead", "body"},
    "govmon-generic": {"title", "published", "author", "lead", "body"},
    "trafilatura": {"title", "published", "author"},
    "readability": {"title"},
}


def system_runners(generic_only: bool = False) -> dict[str, Callable]:
    runners = {
        "govmon": _govmon(True),
        "govmon-generic": _govmon(False),
        "trafilatura": _trafilatura,
        "readability": _readability,
    }
    if generic_only:
        runners.pop("govmon")
    for library in ("trafilatura", "readability"):
        require_eval(library)  # fail before the replica starts, with the way to install it
    return runners


# ---- fetching and running --------------------------------------------------------------------
@dataclass
class Page:
    truth: dict
    url: str
    html: bytes
    encoding: str | None


def fetch(url: str, timeout: float = 20.0) -> tuple[bytes, str | None]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback replica
        return resp.read(), resp.headers.get_content_charset()


def fetch_pages(truths: list[dict]) -> list[Page]:
    pages = []
    for truth in truths:
        try:
            html, enc = fetch(truth["url"])
        except OSError as exc:  # name the page: the replica's URL is what the user can check
            raise RuntimeError(f"{truth['url']}: {exc}") from exc
        pages.append(Page(truth, truth["url"], html, enc))
    return pages


@dataclass
class Report:
    """Mean figures per system, overall and per portal, and each system's speed."""

    overall: dict[str, dict] = field(default_factory=dict)
    portals: dict[str, dict[str, dict]] = field(default_factory=dict)
    speed: dict[str, float] = field(default_factory=dict)  # articles per second
    articles: int = 0
    failures: dict[str, list[dict]] = field(default_factory=dict)  # govmon's misses, for tuning

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "overall": self.overall,
            "portals": self.portals,
            "speed": self.speed,
            "failures": self.failures,
        }


def _mean(rows: list[dict]) -> dict:
    out = {}
    for m in METRICS:
        values = [r[m] for r in rows if r.get(m) is not None]
        out[m] = round(sum(values) / len(values), 4) if values else None
        out[f"{m}_n"] = len(values)
    return out


def run_evaluation(pages: list[Page], runners: dict[str, Callable], repeat: int = 1) -> Report:
    """Run every system over the same pages; speed is pages / seconds spent in the extractor."""
    report = Report(articles=len(pages))
    for name, run in runners.items():
        rows: list[tuple[str, dict]] = []
        preds: list[Prediction] = []
        spent = 0.0
        if pages:  # warm-up outside the clock: imports, compiled regexes and selectors
            run(pages[0].html, pages[0].url, pages[0].encoding)
        for _ in range(repeat):
            preds = []
            start = time.perf_counter()
            for page in pages:
                preds.append(run(page.html, page.url, page.encoding))
            spent += time.perf_counter() - start
        report.speed[name] = round(len(pages) * repeat / spent, 1) if spent else 0.0
        misses = []
        for page, pred in zip(pages, preds, strict=True):
            s = score(pred, page.truth, has_fields=SYSTEM_FIELDS[name])
            rows.append((page.truth.get("portal", "?"), s))
            if name.startswith("govmon") and (
                any(s[k] == 0.0 for k in ("title", "date", "datetime", "author", "lead"))
                or (s["f1"] or 0) < 0.97
            ):
                misses.append(
                    {
                        "id": page.truth.get("id"),
                        "url": page.url,
                        **{k: v for k, v in s.items() if v is not None and v < 1},
                    }
                )
        report.failures[name] = misses
        report.overall[name] = _mean([s for _, s in rows])
        for portal in sorted({p for p, _ in rows}):
            report.portals.setdefault(portal, {})[name] = _mean([s for p, s in rows if p == portal])
    return report


def redesigned_pages() -> list[Page]:
    """The replica's article pages after every portal changed to a layout no family knows."""
    from replica.server import start_replica

    with start_replica(port=0) as replica:
        for portal_id in replica.portals:
            replica.change_layout(portal_id)
        return fetch_pages(replica.truth())


def evaluate(*, generic_only: bool = False, repeat: int = 1) -> Report:
    """Start the replica, fetch every ground-truth page and score all systems on them."""
    pages = replica_pages()
    return run_evaluation(pages, system_runners(generic_only), repeat=repeat)


@dataclass
class ReplicaSnapshot:
    """The replica's article pages as fetched, with what the tests need to know about it."""

    pages: list[Page]
    families: dict[str, str]  # portal id → CMS family
    base_urls: dict[str, str]  # portal id → base URL (the server is stopped by then)


def replica_snapshot() -> ReplicaSnapshot:
    """Start a replica on a free port, fetch every ground-truth article page over HTTP, stop it."""
    from replica.server import start_replica
    from replica.truth import load_truth

    with start_replica(port=0) as replica:
        pages = fetch_pages(load_truth(replica.base_urls))
        families = {pid: p["family"] for pid, p in replica.portals.items()}
        bases = dict(replica.base_urls)
    return ReplicaSnapshot(pages, families, bases)


def replica_pages() -> list[Page]:
    """Every ground-truth article page of the replica (see :func:`replica_snapshot`)."""
    return replica_snapshot().pages
