"""`govmon analyse`: re-run meeting intelligence over the stored articles, without re-crawling."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from crawler.cli.options import db_option


@click.command("analyse")
@db_option("The govmon SQLite database (as written by `govmon crawl`).", path_type=Path)
@click.option("--quiet", is_flag=True, help="No progress bar, only the summary line.")
@click.option(
    "--pending",
    is_flag=True,
    help="Only the articles not analysed yet (new or changed since) and the events of the "
    "meeting days they touch: what a night needs. Without it, everything (after a rule change).",
)
def analyse_command(db_path: Path, quiet: bool, pending: bool) -> None:
    """Classify every stored article, extract meeting facts and regroup events.

    Fills the analysis columns of `articles` (topic_dx, is_meeting_report, relevance_score,
    relevance_reasons, event_id, duplicate_of, province_now, meeting_date) and rebuilds the
    meetings, events, people, mentions and provinces tables. Safe to re-run.
    """
    if not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database")
    from rich.progress import Progress

    from crawler.service.analysis import analyse_db
    from storage.db import open_db

    try:
        db = open_db(db_path)
        tables = db.table_names()
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path}: not a govmon SQLite database ({error})") from None
    if "articles" not in tables:
        raise click.ClickException(f"{db_path}: no articles table (not a govmon database?)")
    if pending:
        from crawler.nightly import analyse_pending

        counts = analyse_pending(db)
        click.echo(
            f"{db_path}: {counts['analysed']} articles analysed, {counts['reused']} analysed "
            f"during the crawl, {counts['events_regrouped']} events regrouped "
            f"({counts['reports_regrouped']} earlier reports of the same days)"
        )
        return
    if quiet:
        counts = analyse_db(db)
    else:
        with Progress(transient=True) as progress:
            task = progress.add_task("analysing", total=None)
            counts = analyse_db(
                db, lambda done, total: progress.update(task, completed=done, total=total)
            )
    click.echo(
        f"{db_path}: {counts['articles']} articles analysed ({counts['updated']} changed), "
        f"{counts['meeting_reports']} meeting reports, {counts['events']} events, "
        f"{counts['people']} people"
    )
