"""What the scheduler runs and when: its configuration, the pipeline's steps and the trigger
(pure: no file is read or written here)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger


class SchedulerError(Exception):
    """A scheduler that cannot start (bad cron, unknown timezone, lock held)."""


class LockHeld(SchedulerError):
    """Another scheduler process already runs for this database."""


@dataclass
class ScheduleConfig:
    """Everything `govmon schedule` needs. `steps` replaces the default pipeline when given."""

    db: Path
    sources: Path | None = None
    watches: Path | None = None
    cron: str = "0 2 * * *"
    timezone: str = "Asia/Ho_Chi_Minh"
    interval_seconds: float | None = None
    misfire_grace_seconds: int = 6 * 3600
    stop_timeout_seconds: float = 30.0
    wait_for_lock: bool = False
    run_now: bool = False
    log_file: Path | None = None
    crawl_args: list[str] = field(default_factory=list)
    alerts_args: list[str] = field(default_factory=list)
    steps: list[list[str]] | None = None

    @property
    def lock_path(self) -> Path:
        return self.db.with_name(self.db.name + ".scheduler.lock")

    @property
    def run_lock_path(self) -> Path:
        return self.db.with_name(self.db.name + ".run.lock")

    @property
    def jobstore_path(self) -> Path:
        """APScheduler's persistent job store (SQLite): the job and its next run time."""
        return self.db.with_name(self.db.name + ".scheduler.sqlite")


def govmon_argv() -> list[str]:
    """How to start `govmon` from here: the same interpreter, so the same venv."""
    return [sys.executable, "-m", "crawler.cli"]


def default_steps(config: ScheduleConfig) -> list[list[str]]:
    """crawl, then analyse, then alerts (when a watches file is given)."""
    if config.sources is None:
        raise SchedulerError("no --sources registry given")
    db = str(config.db)
    steps = [
        [*govmon_argv(), "crawl", "--sources", str(config.sources), "--db", db, *config.crawl_args]
    ]
    # Only what the crawl brought: the pending articles and the events they touch.
    steps.append([*govmon_argv(), "analyse", "--db", db, "--pending"])
    if config.watches is not None:
        steps.append(
            [
                *govmon_argv(),
                "alerts",
                "run",
                "--db",
                db,
                "--watches",
                str(config.watches),
                *config.alerts_args,
            ]
        )
    return steps


def make_trigger(config: ScheduleConfig):
    """The APScheduler trigger: an interval when interval_seconds is set, else the crontab line."""
    try:
        tz = ZoneInfo(config.timezone)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError on odd names
        raise SchedulerError(f"unknown timezone {config.timezone!r}") from exc
    if config.interval_seconds:
        return IntervalTrigger(seconds=config.interval_seconds, timezone=tz)
    try:
        return CronTrigger.from_crontab(config.cron, timezone=tz)
    except ValueError as exc:
        raise SchedulerError(f"bad cron expression {config.cron!r}: {exc}") from exc


def next_fire_times(config: ScheduleConfig, count: int = 3) -> list[datetime]:
    """The next fire times of the configured trigger (for `govmon schedule --dry-run`)."""
    trigger = make_trigger(config)
    now = datetime.now(ZoneInfo(config.timezone))
    times, previous = [], None
    for _ in range(count):
        fire = trigger.get_next_fire_time(
            previous, previous + timedelta(microseconds=1) if previous else now
        )
        if fire is None:
            break
        times.append(fire)
        previous = fire
    return times
