"""Analyse stored articles: read them from storage, run the pure analysis, write the results back."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from crawler.analysis import analyse_article, group_events
from crawler.analysis.events import summarise_events
from crawler.provinces import all_provinces
from storage import analysis as analysis_store
from storage.analysis_state import record_analysed


def save_provinces(db: sqlite_utils.Database) -> int:
    """(Re)fill the provinces table from the province list; returns the number of rows."""
    return analysis_store.save_provinces(db, all_provinces())


def save_analysis(
    db: sqlite_utils.Database, articles: list[dict], analyses: list[dict], assignments: list[dict]
) -> dict:
    """Summarise the events of `assignments` and write everything (see storage.analysis)."""
    events = summarise_events(articles, analyses, assignments)
    return analysis_store.save_analysis(db, articles, analyses, assignments, events)


def analyse_db(
    db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Re-run analysis over every stored article (no crawling) and save it; returns counts.

    `progress(done, total)` is called as articles are analysed.
    """
    articles = analysis_store.read_articles(db)
    analyses = []
    for i, article in enumerate(articles, start=1):
        analyses.append(analyse_article(article))
        if progress and (i % 50 == 0 or i == len(articles)):
            progress(i, len(articles))
    assignments = group_events(articles, analyses)
    with db.conn:  # one transaction: the analysis and the marks saying it is current
        counts = save_analysis(db, articles, analyses, assignments)
        record_analysed(db, articles, analyses)
    counts["provinces"] = save_provinces(db)
    return counts
