"""`govmon status`, `govmon schedule` and `govmon alerts`: the monitor's commands."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

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


class InputError(click.ClickException):
    """A database or input file that cannot be used; exit code 2 keeps 1 for "a source is unhealthy"."""

    exit_code = 2


def _existing_db(path: str):
    from storage.db import open_db

    if not Path(path).is_file():
        raise InputError(f"{path}: no such database (run `govmon crawl --db {path}` first)")
    try:
        return open_db(path)
    except Exception as exc:  # sqlite3.InputError: "file is not a database" and the like
        raise InputError(f"{path}: cannot open as a govmon database: {exc}") from None


def _day(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ") or "—"


@click.command("status")
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="The govmon SQLite database.",
)
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
    failing, blocked, no_links, nothing_extracted or layout_changed, or when the last crawl failed or was killed; 2 when the
    database cannot be used.
    """
    from crawler.monitor.health import BAD_STATUSES, STATUSES
    from crawler.service.health import refresh_source_health
    from storage.crawl_runs import FAILED_STATUSES, latest_run, reconcile_runs
    from storage.runs import health_report

    db = _existing_db(db_path)
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


@click.command("schedule")
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False),
    help="Source registry (YAML) the nightly crawl uses.",
)
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="SQLite database; the lock and state files go next to it.",
)
@click.option(
    "--watches",
    "watches_path",
    type=click.Path(dir_okay=False),
    help="Watches YAML: run `govmon alerts run` after each crawl.",
)
@click.option(
    "--cron",
    default="0 2 * * *",
    show_default=True,
    help='Crontab line "M H DOM MON DOW" (use names mon-sun for the day of week).',
)
@click.option(
    "--timezone",
    "tz",
    default="Asia/Ho_Chi_Minh",
    show_default=True,
    help="Time zone of the cron line.",
)
@click.option(
    "--interval",
    "interval_s",
    type=click.FloatRange(min=0.1),
    metavar="SECONDS",
    help="Run every SECONDS instead of the cron line (tests, demos).",
)
@click.option(
    "--misfire-grace",
    "grace_s",
    type=click.IntRange(min=1),
    default=6 * 3600,
    show_default=True,
    metavar="SECONDS",
    help="A run missed (machine off, scheduler killed) by at most this much runs once at start.",
)
@click.option(
    "--stop-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM, how long the running crawl gets to stop before SIGKILL.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Append the scheduler's and the steps' logs here.",
)
@click.option(
    "--wait-lock",
    is_flag=True,
    help="If another scheduler runs for this DB, wait for it instead of exiting.",
)
@click.option("--run-now", is_flag=True, help="Run once immediately, then follow the schedule.")
@click.option(
    "--once", is_flag=True, help="Run the pipeline once in the foreground and exit with its status."
)
@click.option(
    "--dry-run", is_flag=True, help="Print the steps and the next run times, run nothing."
)
@click.option(
    "--crawl-arg",
    "crawl_args",
    multiple=True,
    metavar="ARG",
    help="Extra argument for `govmon crawl` (repeatable), e.g. --crawl-arg=--quiet.",
)
@click.option(
    "--alerts-arg",
    "alerts_args",
    multiple=True,
    metavar="ARG",
    help="Extra argument for `govmon alerts run` (repeatable), e.g. --alerts-arg=--smtp-host=mail.",
)
@click.option(
    "--step",
    "steps",
    multiple=True,
    metavar="COMMAND",
    help="Replace the default pipeline with these shell-quoted commands (repeatable, in order).",
)
def schedule_command(
    sources_path,
    db_path,
    watches_path,
    cron,
    tz,
    interval_s,
    grace_s,
    stop_timeout,
    log_file,
    wait_lock,
    run_now,
    once,
    dry_run,
    crawl_args,
    alerts_args,
    steps,
) -> None:
    """Crawl on a schedule: every night at 02:00 Vietnam time by default.

    Each run is `govmon crawl`, then `govmon analyse` (if that command exists), then
    `govmon alerts run` (with --watches), each in its own process, never two runs at once
    (also across scheduler processes: a lock file next to the DB). SIGTERM stops the running
    crawl gracefully, then exits. Exit code 3: another scheduler holds the lock.
    """
    from crawler.monitor import scheduler as sched

    if not steps and not sources_path:
        raise click.UsageError("give --sources (or --step commands)")
    config = sched.ScheduleConfig(
        db=Path(db_path).resolve(),
        sources=Path(sources_path).resolve() if sources_path else None,
        watches=Path(watches_path).resolve() if watches_path else None,
        cron=cron,
        timezone=tz,
        interval_seconds=interval_s,
        misfire_grace_seconds=grace_s,
        stop_timeout_seconds=stop_timeout,
        wait_for_lock=wait_lock,
        run_now=run_now,
        log_file=Path(log_file).resolve() if log_file else None,
        crawl_args=list(crawl_args),
        alerts_args=list(alerts_args),
        steps=[shlex.split(s) for s in steps] or None,
    )
    # Caught now rather than at 02:00: a bad cron line, a missing registry, a watches typo.
    try:
        sched.make_trigger(config)
    except sched.SchedulerError as exc:
        raise click.UsageError(str(exc)) from None
    # Everything the runs will use is checked now, with --dry-run too: the registry, the
    # watches file (its health section included) and the database path.
    _check_schedule_inputs(sources_path, watches_path, Path(db_path))
    try:
        if dry_run:
            for argv in config.steps or sched.default_steps(config):
                click.echo(f"step: {shlex.join(argv)}")
            for fire in sched.next_fire_times(config):
                click.echo(f"next: {fire.isoformat()}")
            return
        config.db.parent.mkdir(parents=True, exist_ok=True)
        sched.setup_logging(config.log_file)
        code = sched.run_once(config) if once else sched.serve(config)
        if once and code != 0:
            for line in sched.failed_sources(config.db):
                errors.print(f"source failing: {line}", highlight=False)
    except sched.LockHeld as exc:
        errors.print(f"{exc}; exiting (use --wait-lock to wait)", highlight=False)
        sys.exit(sched.EXIT_LOCKED)
    except sched.SchedulerError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


def _check_schedule_inputs(sources_path, watches_path, db_path: Path) -> None:
    """UsageError naming the file at fault: registry, watches or database path."""
    from crawler.monitor.watches import WatchesError, load_health_subscription
    from crawler.registry import RegistryError, load_registry

    if sources_path:
        if not Path(sources_path).is_file():
            raise click.UsageError(f"{sources_path}: no such source registry")
        try:
            registry = load_registry(sources_path)
        except RegistryError as exc:
            raise click.UsageError("\n".join(exc.problems)) from None
        if not registry.enabled():
            raise click.UsageError(f"{sources_path}: no enabled source to crawl")
    if watches_path:
        _load_watches(watches_path)
        try:
            load_health_subscription(watches_path)
        except WatchesError as exc:
            raise click.UsageError(str(exc)) from None
    if db_path.is_dir():
        raise click.UsageError(f"{db_path}: is a directory, not a database file")
    if db_path.exists():
        with db_path.open("rb") as handle:
            if handle.read(16) not in (b"SQLite format 3\x00", b""):
                raise click.UsageError(f"{db_path}: not an SQLite database")
    elif not os.access(_existing_parent(db_path), os.W_OK):
        raise click.UsageError(f"{db_path}: cannot create the database here (no write access)")


def _existing_parent(path: Path) -> Path:
    for parent in path.resolve().parents:
        if parent.exists():
            return parent
    return Path("/")


@click.group("alerts")
def alerts_group() -> None:
    """Saved searches (watches) and their alerts: email digests, webhooks, Atom feeds."""


def _load_watches(path: str):
    from crawler.monitor.watches import WatchesError, load_watches

    try:
        return load_watches(path)
    except WatchesError as exc:
        raise InputError(str(exc)) from None


@alerts_group.command("check")
@click.option(
    "--watches",
    "watches_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Watches YAML file to validate.",
)
def alerts_check(watches_path: str) -> None:
    """Validate a watches file and list its watches (exit 2 on the first error, with its line)."""
    for w in _load_watches(watches_path):
        filters = ", ".join(
            f"{k}={','.join(v)}"
            for k, v in [("province", w.provinces), ("source", w.sources), ("event", w.events)]
            if v
        )
        extra = (" meeting reports only" if w.meeting_reports_only else "") + (
            f" [{filters}]" if filters else ""
        )
        click.echo(
            f"{w.id}: {w.query or '(everything)'}{extra} → {', '.join(w.channels) or 'feed only'}"
        )
    from crawler.monitor.watches import WatchesError, load_health_subscription

    try:
        health = load_health_subscription(watches_path)
    except WatchesError as exc:
        raise InputError(str(exc)) from None
    if health:
        click.echo(f"health: source health changes → {', '.join(health.channels) or 'nowhere'}")


@alerts_group.command("run")
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="The govmon SQLite database.",
)
@click.option(
    "--watches",
    "watches_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Watches YAML file (synced to the watches table).",
)
@click.option("--smtp-host", envvar="GOVMON_SMTP_HOST", help="SMTP server [env GOVMON_SMTP_HOST].")
@click.option(
    "--smtp-port",
    envvar="GOVMON_SMTP_PORT",
    type=int,
    default=25,
    show_default=True,
    help="SMTP port [env GOVMON_SMTP_PORT].",
)
@click.option(
    "--smtp-from",
    envvar="GOVMON_SMTP_FROM",
    default="govmon@localhost",
    show_default=True,
    help="Sender address [env GOVMON_SMTP_FROM].",
)
@click.option(
    "--smtp-starttls",
    envvar="GOVMON_SMTP_STARTTLS",
    is_flag=True,
    help="Use STARTTLS [env GOVMON_SMTP_STARTTLS=1]; login from GOVMON_SMTP_USER/GOVMON_SMTP_PASSWORD.",
)
@click.option(
    "--timeout", type=float, default=20.0, show_default=True, help="Seconds per SMTP or HTTP call."
)
def alerts_run(
    db_path, watches_path, smtp_host, smtp_port, smtp_from, smtp_starttls, timeout
) -> None:
    """Match articles first seen since each watch's last check and deliver them.

    Every match is delivered once per channel; a failed delivery stays pending and is retried
    by the next run. Changes of source health go to the file's `health:` channels, once each. Exit code 1 when some delivery failed (it will be retried), 2 on a bad
    watches file or database.
    """
    import os

    from crawler.monitor.alerts import SmtpSettings, run_alerts
    from crawler.monitor.health_alerts import run_health_alerts
    from crawler.monitor.watches import WatchesError, load_health_subscription

    watches = _load_watches(watches_path)
    try:
        health = load_health_subscription(watches_path)
    except WatchesError as exc:
        raise InputError(str(exc)) from None
    db = _existing_db(db_path)
    smtp = SmtpSettings(
        host=smtp_host or None,
        port=smtp_port,
        sender=smtp_from,
        user=os.environ.get("GOVMON_SMTP_USER") or None,
        password=os.environ.get("GOVMON_SMTP_PASSWORD") or None,
        starttls=smtp_starttls,
        timeout=timeout,
    )
    result = run_alerts(db, watches, smtp, timeout=timeout)
    result.update(run_health_alerts(db, health.channels if health else [], smtp, timeout=timeout))
    click.echo(" ".join(f"{k}={v}" for k, v in result.items()))
    if result["health_failed"]:
        errors.print(
            f"{result['health_failed']} health alerts failed; they will be retried on the next run",
            highlight=False,
        )
    if result["failed"]:
        errors.print(
            f"{result['failed']} deliveries failed; they will be retried on the next run "
            f"(see the deliveries table, column last_error)",
            highlight=False,
        )
    if result["failed"] or result["health_failed"]:
        sys.exit(1)
