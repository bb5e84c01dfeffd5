"""`govmon status`: each source's health and its last run's numbers."""

from __future__ import annotations

import json
import sqlite3
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.cli.options import db_option, open_existing_db

# Wide when piped (cron mail, logs): a table folded to 80 columns is unreadable.
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True)

STATUS_STYLE = {
    "ok": "green",
    "silent": "yellow",
    "layout_changed": "red",
    "no_links": "red",
    "nothing_extracted": "red",
    "failing": "red",
    "blocked": "red",
    "unknown": "dim",
}


def _day(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ") or "—"


@click.command("status")
@db_option()
@click.option(
    "--json", "as_json", is_flag=True, help="Print the health rows as JSON instead of a table."
)
@click.option(
    "--no-refresh",
    is_flag=True,
    help="Show the stored health as of the last run, without re-judging silence against now.",
)
def status_command(db_path: str, as_json: bool, no_refresh: bool) -> None:
    """Show each source's health and its last run's numbers.

    Exit code: 0 when every source is ok, silent or not yet crawled; 1 when any source is
    failing, blocked, no_links, nothing_extracted or layout_changed, or when the last crawl
    failed or was killed; 2 when the database cannot be used.
    """
    from crawler.monitor.health import BAD_STATUSES, STATUSES
    from crawler.service.health import refresh_source_health
    from storage.crawl_runs import FAILED_STATUSES, latest_run, reconcile_runs
    from storage.runs import health_report

    db = open_existing_db(db_path)
    unwritable = None
    try:
        reconcile_runs(db)  # a crawl whose process is gone is not "running"
        if not no_refresh:
            refresh_source_health(db)
    except sqlite3.Error as exc:  # a full disk: still show what is stored
        unwritable = f"{db_path}: cannot update the health rows ({exc}); showing them as stored"
        errors.print(unwritable, highlight=False)
    report = sorted(health_report(db), key=lambda r: (STATUSES.index(r["status"]), r["source_id"]))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"Source health — {db_path}")
        for name in (
            "source",
            "status",
            "reason / notes",
            "last run",
            "last run numbers",
            "last published",
            "every",
        ):
            table.add_column(name, overflow="fold")
        for r in report:
            run = r["run"]
            numbers = "—"
            if run:
                numbers = (
                    f"{run['requests']} req, {run['articles_new']} new, "
                    f"{run['articles_updated']} upd, {run['extraction_failures']} fail, "
                    f"{run['blocked_pages']} blocked, {len(run['errors'])} err"
                )
                if run.get("family_selector_misses"):
                    numbers += f", {run['family_selector_misses']} selector misses"
            style = STATUS_STYLE.get(r["status"], "")
            # Reasons quote error messages ("[Errno 111] ..."): escape them, they are not markup.
            reason = escape(r["reason"]) + "".join(f"\n[dim]{escape(n)}[/dim]" for n in r["notes"])
            interval = r.get("usual_interval_days")
            table.add_row(
                escape(r["source_id"]),
                f"[{style}]{r['status']}[/{style}]",
                reason,
                _day(r["last_run_at"]),
                numbers,
                r.get("last_published_on") or "—",
                f"{interval:g} d" if interval is not None else "—",
            )
        console.print(table)
        if not report:
            console.print("No source has been crawled yet.")
    bad = [r["source_id"] for r in report if r["status"] in BAD_STATUSES]
    if bad:
        errors.print(f"{len(bad)} source(s) need attention: {', '.join(bad)}", highlight=False)
    run = latest_run(db)
    if run and run["status"] in FAILED_STATUSES:
        errors.print(
            f"The last crawl (run {run['id']}, started {_day(run['started_at'])}) {run['status']}: "
            f"{run.get('error') or 'no reason recorded'}",
            highlight=False,
        )
    if bad or unwritable or (run and run["status"] in FAILED_STATUSES):
        sys.exit(1)
