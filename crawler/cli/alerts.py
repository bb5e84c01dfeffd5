"""`govmon alerts check|run`: saved searches (watches) and their deliveries."""

from __future__ import annotations

import os
import sys

import click
from rich.console import Console

from crawler.cli.options import (
    InputError,
    db_option,
    load_watches_or_exit,
    open_existing_db,
    watches_option,
)

errors = Console(stderr=True)


@click.group("alerts")
def alerts_group() -> None:
    """Saved searches (watches) and their alerts: email digests, webhooks, Atom feeds."""


@alerts_group.command("check")
@watches_option("Watches YAML file to validate.")
def alerts_check(watches_path: str) -> None:
    """Validate a watches file and list its watches (exit 2 on the first error, with its line)."""
    for w in load_watches_or_exit(watches_path):
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
@db_option()
@watches_option("Watches YAML file (synced to the watches table).")
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
    from crawler.monitor.alerts import SmtpSettings, run_alerts
    from crawler.monitor.health_alerts import run_health_alerts
    from crawler.monitor.watches import WatchesError, load_health_subscription

    watches = load_watches_or_exit(watches_path)
    try:
        health = load_health_subscription(watches_path)
    except WatchesError as exc:
        raise InputError(str(exc)) from None
    db = open_existing_db(db_path)
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
