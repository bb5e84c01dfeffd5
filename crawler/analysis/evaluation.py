"""Evaluation of the analysis against the replica's ground truth (replica/content/articles/*.yaml)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import yaml

from crawler.analysis import analyse_article, group_events
from crawler.analysis.classify import article_sections
from crawler.analysis.meetings import meeting_facts
from crawler.provinces import canonical_province

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "replica" / "content" / "articles"
PORTALS_FILE = ARTICLES_DIR.parent.parent / "portals.yaml"
LABELS = ("dx_meeting", "dx_news", "other_meeting", "other")
FACTS = ("date", "kind", "body", "session", "chair", "format", "bridge_points")


def body_text(blocks: list) -> str:
    """Body text as the ground truth (and so the crawl) has it: the replica's own rule."""
    from replica.render.html import block_texts  # the evaluation reads the replica's content

    return "\n\n".join(t.strip() for block in blocks or [] for t in block_texts(block) if t.strip())


def load_ground_truth(directory: Path = ARTICLES_DIR) -> list[dict]:
    """[{article: dict, truth: dict}] for every article YAML of the replica, sorted by id."""
    portals = {}
    if PORTALS_FILE.exists():
        portals = {p["id"]: p for p in yaml.safe_load(PORTALS_FILE.read_text("utf-8"))["portals"]}
    items = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            truth = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: {exc}") from None
        if not isinstance(truth, dict) or "label" not in truth:
            raise ValueError(f"{path}: not a ground-truth article (no 'label')")
        portal = portals.get(truth.get("portal"), {})
        article = {
            "id": truth["id"],
            "url": f"replica://{truth.get('portal')}/{truth.get('slug') or truth['id']}",
            "source_id": truth.get("portal"),
            "title": truth.get("title"),
            "lead": truth.get("lead"),
            "body_text": body_text(truth.get("body")),
            "published_at": str(truth["published_at"]) if truth.get("published_at") else None,
            "province": truth.get("province") or portal.get("province"),
        }
        items.append({"article": article, "truth": truth, "path": str(path)})
    return items


def _predicted_label(result: dict) -> str:
    if result["is_meeting_report"]:
        return "dx_meeting" if result["topic_dx"] else "other_meeting"
    return "dx_news" if result["topic_dx"] else "other"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _pairs(groups: dict[str, str | None]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for key, group in groups.items():
        if group:
            members.setdefault(group, []).append(key)
    return {tuple(sorted(p)) for m in members.values() for p in combinations(m, 2)}


def _same_fact(name: str, predicted, expected) -> bool:
    if name == "date":
        return (predicted or None) == (str(expected) if expected else None)
    if name == "bridge_points":
        return sorted(predicted or []) == sorted(canonical_province(p) or p for p in expected or [])
    return (predicted or None) == (expected or None)


def evaluate(items: list[dict] | None = None) -> dict:
    """Every figure of `govmon eval analysis`; see docs/analysis.md for their definitions."""
    items = load_ground_truth() if items is None else items
    articles = [i["article"] for i in items]
    results = [analyse_article(a) for a in articles]
    assignments = group_events(articles, results)
    confusion: Counter = Counter()
    wrong = []
    tp = fp = fn = dx_tp = dx_fp = dx_fn = topic_ok = 0
    for item, result in zip(items, results, strict=True):
        label, predicted = item["truth"]["label"], _predicted_label(result)
        confusion[(label, predicted)] += 1
        truth_meeting, truth_dx = label.endswith("meeting"), label.startswith("dx")
        tp += truth_meeting and result["is_meeting_report"]
        fp += (not truth_meeting) and result["is_meeting_report"]
        fn += truth_meeting and not result["is_meeting_report"]
        is_dx_meeting = result["is_meeting_report"] and result["topic_dx"]
        dx_tp += label == "dx_meeting" and is_dx_meeting
        dx_fp += label != "dx_meeting" and is_dx_meeting
        dx_fn += label == "dx_meeting" and not is_dx_meeting
        topic_ok += truth_dx == result["topic_dx"]
        if label != predicted:
            wrong.append(
                {
                    "id": item["article"]["id"],
                    "truth": label,
                    "predicted": predicted,
                    "title": item["article"]["title"],
                    "score": result["relevance_score"],
                    "reasons": result["relevance_reasons"],
                }
            )
    truth_pairs = _pairs({i["article"]["id"]: i["truth"].get("event") for i in items})
    predicted_pairs = _pairs({a["key"]: a["event_id"] for a in assignments})
    common = len(truth_pairs & predicted_pairs)
    event_p, event_r = _ratio(common, len(predicted_pairs)), _ratio(common, len(truth_pairs))
    event_f1 = (2 * event_p * event_r / (event_p + event_r)) if event_p and event_r else 0.0
    # Meeting facts are scored on every true meeting report, whatever the classifier said.
    fact_ok: Counter = Counter()
    fact_wrong: list[dict] = []
    reports = [i for i in items if i["truth"].get("meeting")]
    topic = {i["article"]["id"]: r["topic_dx"] for i, r in zip(items, results, strict=True)}
    grouped = {a["key"]: a for a in assignments if a["event_id"]}
    for item in reports:
        article = item["article"]
        facts = meeting_facts(article, article_sections(article), topic[article["id"]])
        # What the article shows: its own facts, and those it takes from other coverage.
        assignment = grouped.get(str(article["id"]), {})
        facts.update(assignment.get("from_other_coverage") or {})
        predicted = {
            "date": assignment.get("meeting_date", facts["meeting_date"]),
            "kind": facts["kind"],
            "body": facts["body_id"],
            "session": facts["session"],
            "chair": facts["chair"],
            "format": facts["format"],
            "bridge_points": facts["bridge_points"],
        }
        for name in FACTS:
            expected = item["truth"]["meeting"].get(name)
            if _same_fact(name, predicted[name], expected):
                fact_ok[name] += 1
            else:
                fact_wrong.append(
                    {
                        "id": item["article"]["id"],
                        "fact": name,
                        "expected": expected,
                        "predicted": predicted[name],
                    }
                )
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    in_events = {i["article"]["id"] for i in items if i["truth"].get("event")} | {
        a["key"] for a in assignments if a["event_id"]
    }
    # How many articles each figure rests on (its denominator, in articles).
    support = {
        "meeting_precision": tp + fp,
        "meeting_recall": tp + fn,
        "dx_meeting_precision": dx_tp + dx_fp,
        "dx_meeting_recall": dx_tp + dx_fn,
        "topic_dx_accuracy": len(items),
        "event_pairwise_precision": len(in_events),
        "event_pairwise_recall": len(in_events),
        "event_pairwise_f1": len(in_events),
        "meeting_date_accuracy": len(reports),
        "bridge_point_accuracy": len(reports),
        **{f"fact_{name}": len(reports) for name in FACTS},
    }
    return {
        "n_articles": len(items),
        "meeting_precision": precision,
        "meeting_recall": recall,
        "dx_meeting_precision": _ratio(dx_tp, dx_tp + dx_fp),
        "dx_meeting_recall": _ratio(dx_tp, dx_tp + dx_fn),
        "topic_dx_accuracy": _ratio(topic_ok, len(items)),
        "event_pairwise_precision": event_p,
        "event_pairwise_recall": event_r,
        "event_pairwise_f1": event_f1,
        "n_meeting_reports": len(reports),
        "fact_accuracy": {name: _ratio(fact_ok[name], len(reports)) for name in FACTS},
        "meeting_date_accuracy": _ratio(fact_ok["date"], len(reports)),
        "bridge_point_accuracy": _ratio(fact_ok["bridge_points"], len(reports)),
        "confusion": {t: {p: confusion[(t, p)] for p in LABELS} for t in LABELS},
        "misclassified": wrong,
        "fact_errors": fact_wrong,
        "support": support,
        "n_truth_pairs": len(truth_pairs),
        "n_predicted_pairs": len(predicted_pairs),
    }
