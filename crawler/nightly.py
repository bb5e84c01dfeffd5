"""Nightly analysis that costs what the night brought: analyse the pending articles, regroup the
events of the meeting days they touch, leave the rest of the archive alone.

`govmon analyse` (crawler.service.analysis.analyse_db) still re-runs everything, for rule
changes; `govmon analyse --pending`, the scheduler and `govmon crawl` run this. The scope of a
night (bookkeeping in storage.analysis_state):

1. *pending*: articles never analysed or whose text changed since (``analysed_hash``); each is
   analysed once, or not at all when the crawl's pipeline already did (its result is stored
   with the article);
2. *touched days*: the meeting days of the pending reports, and the days of the events they
   were in, with the day either side of each (grouping joins reports a day apart), and every
   day of the events of those days' reports; every stored report of those days joins the
   regrouping with its stored analysis, so each of those days is regrouped whole, as a full
   run would;
3. *neighbours*: articles published the day before, the day of or the day after a pending
   article, where its republications are looked for (their analysis is not redone).

Events of other days are not touched. A republication linking reports of two meeting days
neither of which is touched tonight is found by the next full `govmon analyse`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import sqlite_utils

from crawler.analysis import analyse_article, group_events
from crawler.analysis.events import summarise_events
from storage import analysis_state
from storage.analysis import analysis_values, meeting_row
from storage.analysis_state import read_articles_by_id


def meeting_rows(
    articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> tuple[list[dict], list[dict], list[dict]]:
    """The `meetings` rows, the people named ({name, title}) and their mentions."""
    meetings, people, mentions = [], {}, []
    for article, result, assignment in zip(articles, analyses, assignments, strict=True):
        facts = result.get("meeting")
        if not facts:
            continue
        meetings.append(meeting_row(article["id"], facts, assignment))
        event_id = assignment.get("event_id")
        for person in result.get("people") or []:
            people.setdefault(person["name"], {"name": person["name"], "title": person["title"]})
            mentions.append({**person, "article_id": article["id"], "event_id": event_id})
    return meetings, list(people.values()), mentions


def _stub(article: dict) -> dict:
    """A neighbour's analysis as grouping sees it: not a report of a touched day."""
    return {"is_meeting_report": 0, "meeting": None, "province_now": article.get("province_now")}


def _analyse(
    db: sqlite_utils.Database, ids: list[int], analyse: Callable, progress, counts: dict
) -> tuple[list[dict], list[dict]]:
    """The pending articles and their analyses (stored ones reused, the others computed)."""
    fresh = read_articles_by_id(db, ids)
    cached = analysis_state.cached_results(db, ids)  # analysed by the crawl's pipeline
    results = []
    for i, article in enumerate(fresh, start=1):
        if article["id"] in cached:
            results.append(cached[article["id"]])
            counts["reused"] += 1
        else:
            results.append(analyse(article))
            counts["analysed"] += 1
        if progress and (i % 50 == 0 or i == len(fresh)):
            progress(i, len(fresh))
    return fresh, results


def _shift(day: str, step: int) -> str | None:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=step)).isoformat()
    except ValueError:
        return None


def _scope(
    db: sqlite_utils.Database, fresh: list[dict], results: list[dict]
) -> tuple[list[dict], list[dict], list[dict]]:
    """The stored reports of the touched days (with their analyses) and the neighbours."""
    ids = {a["id"] for a in fresh}
    days = {r["meeting"].get("meeting_date") for r in results if r.get("meeting")} - {None}
    days |= analysis_state.previous_days(db, sorted(ids))
    # Grouping joins reports a day apart (an evening meeting reported next morning): regroup the
    # days either side too, and every day of the events their reports are in.
    days |= {_shift(d, step) for d in days for step in (-1, 1)} - {None}
    old = analysis_state.reports_of_days(db, days)
    more = analysis_state.event_days(db, sorted(old)) - days
    if more:
        days |= more
        old = analysis_state.reports_of_days(db, days)
    old = {k: v for k, v in old.items() if k not in ids}
    published = {(a.get("published_at") or "")[:10] for a in fresh} - {""}
    taken = set(old) | ids
    near = [i for i in analysis_state.neighbour_ids(db, published) if i not in taken]
    old_articles = read_articles_by_id(db, list(old))
    return old_articles, [old[a["id"]] for a in old_articles], read_articles_by_id(db, near)


def analyse_pending(
    db: sqlite_utils.Database,
    progress: Callable[[int, int], None] | None = None,
    analyse: Callable[[dict], dict] = analyse_article,
) -> dict:
    """Analyse the pending articles and regroup the events they touch; returns counts."""
    from crawler.service.analysis import save_provinces

    counts = dict.fromkeys(
        ("analysed", "reused", "events_regrouped", "reports_regrouped", "neighbours"), 0
    )
    save_provinces(db)  # 63 rows: cheap, and the event map needs them
    ids = analysis_state.pending_ids(db)
    if not ids:
        return counts
    fresh, results = _analyse(db, ids, analyse, progress, counts)
    old_articles, old_results, near = _scope(db, fresh, results)
    scope = fresh + old_articles + near
    assignments = group_events(scope, results + old_results + [_stub(a) for a in near])
    grouped = len(fresh) + len(old_articles)  # neighbours only help find republications
    articles, analyses = scope[:grouped], results + old_results
    events = summarise_events(articles, analyses, assignments[:grouped])
    meetings, people, mentions = meeting_rows(articles, analyses, assignments[:grouped])
    fresh_values = {
        a["id"]: analysis_values(r, s)
        for a, r, s in zip(fresh, results, assignments[: len(fresh)], strict=True)
    }
    regrouped = {
        a["id"]: {"event_id": s.get("event_id"), "meeting_date": s.get("meeting_date")}
        for a, s in zip(old_articles, assignments[len(fresh) : grouped], strict=True)
    }
    analysis_state.write_incremental(
        db, fresh, results, fresh_values, regrouped, events, meetings, people, mentions
    )
    counts.update(
        events_regrouped=len(events), reports_regrouped=len(old_articles), neighbours=len(near)
    )
    return counts
