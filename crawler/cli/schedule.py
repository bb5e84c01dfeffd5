"""`govmon schedule`: the nightly crawl → analyse → alerts, on APScheduler."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click
from rich.console import Console

from crawler.cli.options import db_option, load_watches_or_exit, sources_option, watches_option

errors = Console(stderr=True)


@click.command("schedule")
@sources_option("Source registry (YAML) the nightly crawl uses.", default_registry=False)
@db_option("SQLite database; the lock files and the job store go next to it.")
@watches_option("Watches YAML: run `govmon alerts run` after each crawl.", required=False)
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
    help="A run missed or cut short (machine off, scheduler killed) by at most this much runs "
    "once at start; older ones are logged as missed.",
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

    Each run is `govmon crawl`, then `govmon analyse --pending`, then `govmon alerts run`
    (with --watches), each in its own process, never two runs at once (also across scheduler
    processes: a lock file next to the DB). The job and its next run time are kept in
    APScheduler's job store, DB.scheduler.sqlite, so a run missed while the scheduler was down,
    or cut short by a kill, runs once at the next start (within --misfire-grace). SIGTERM
    stops the running crawl gracefully, then exits. Exit code 3: another scheduler holds the
    lock.
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
            raise click.UsageError(str(exc)) from None
        if not registry.enabled():
            raise click.UsageError(f"{sources_path}: no enabled source to crawl")
    if watches_path:
        load_watches_or_exit(watches_path)
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
