"""Re-analyse every stored article: read from storage, run the pure analysis, write the results."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

from crawler.analysis import analyse_article, group_events
from crawler.analysis.events import summarise_events
from crawler.provinces import all_provinces
from storage.analysis import read_articles, save_provinces, write_analysis

# The facts of a meeting report copied into its `meetings` row.
MEETING_FACTS = (
    "kind",
    "body_id",
    "body_name",
    "era",
    "session",
    "meeting_date",
    "meeting_date_source",
    "chair",
    "format",
)


def analyse_db(
    db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Re-run analysis over every stored article (no crawling) and save it; returns counts.

    `progress(done, total)` is called as articles are analysed.
    """
    articles = read_articles(db)
    analyses = []
    for i, article in enumerate(articles, start=1):
        analyses.append(analyse_article(article))
        if progress and (i % 50 == 0 or i == len(articles)):
            progress(i, len(articles))
    assignments = group_events(articles, analyses)
    counts = save_analysis(db, articles, analyses, assignments)
    counts["provinces"] = save_provinces(db, all_provinces())
    return counts


def article_values(result: dict, assignment: dict) -> dict:
    """The analysis columns of one article's row."""
    duplicate = assignment.get("duplicate_of")
    return {
        "topic_dx": int(result["topic_dx"]),
        "is_meeting_report": int(result["is_meeting_report"]),
        "relevance_score": result["relevance_score"],
        "relevance_reasons": json.dumps(result["relevance_reasons"], ensure_ascii=False),
        "event_id": assignment.get("event_id"),
        "duplicate_of": int(duplicate) if duplicate is not None else None,
        "province_now": result.get("province_now"),
        "meeting_date": assignment.get("meeting_date", result.get("meeting_date")),
    }


def meeting_rows(
    articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> tuple[list[dict], list[dict], list[dict]]:
    """The `meetings`, `people` and `mentions` rows of the analysed articles."""
    event_of = {a["key"]: a["event_id"] for a in assignments}
    date_of = {a["key"]: a.get("meeting_date") for a in assignments}
    meetings, mentions, people = [], [], {}
    for article, result in zip(articles, analyses, strict=True):
        facts = result.get("meeting")
        if not facts:
            continue
        event_id = event_of.get(str(article["id"]))
        meetings.append(
            {
                "article_id": article["id"],
                "event_id": event_id,
                **{k: facts.get(k) for k in MEETING_FACTS},
                "bridge_points": json.dumps(facts.get("bridge_points") or [], ensure_ascii=False),
            }
        )
        meetings[-1]["meeting_date"] = date_of.get(str(article["id"])) or facts.get("meeting_date")
        for person in result.get("people") or []:
            record = people.setdefault(
                person["name"], {"titles": {}, "articles": set(), "events": set()}
            )
            record["titles"][person["title"]] = record["titles"].get(person["title"], 0) + 1
            record["articles"].add(article["id"])
            if event_id:
                record["events"].add(event_id)
            mentions.append(
                {
                    "name": person["name"],
                    "title": person["title"],
                    "article_id": article["id"],
                    "event_id": event_id,
                }
            )
    person_rows = [
        {
            "id": i,
            "name": name,
            "title": max(r["titles"], key=r["titles"].get),
            "n_articles": len(r["articles"]),
            "n_events": len(r["events"]),
        }
        for i, (name, r) in enumerate(sorted(people.items()), start=1)
    ]
    person_id = {r["name"]: r["id"] for r in person_rows}
    for i, m in enumerate(mentions, start=1):
        m["id"], m["person_id"] = i, person_id[m["name"]]
    return meetings, person_rows, mentions


def save_analysis(
    db: sqlite_utils.Database, articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> dict:
    """Write analyses and event assignments of `articles` (rows of `read_articles`)."""
    values = {
        article["id"]: article_values(result, assignment)
        for article, result, assignment in zip(articles, analyses, assignments, strict=True)
    }
    events = summarise_events(articles, analyses, assignments)
    meetings, people, mentions = meeting_rows(articles, analyses, assignments)
    updated = write_analysis(db, values, events, meetings, people, mentions)
    return {
        "articles": len(articles),
        "updated": updated,
        "meeting_reports": len(meetings),
        "events": len(events),
        "people": len(people),
        "mentions": len(mentions),
    }
