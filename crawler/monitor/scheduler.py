"""The nightly scheduler: APScheduler cron (or interval) trigger, one crawl subprocess at a time, file locks, catch-up.

`schedule_plan.py` says what runs and when, `runner.py` runs it; this module holds the locks
and the APScheduler loop.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_SCHEDULER_STARTED
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.blocking import BlockingScheduler

from crawler.monitor.runner import Runner, failed_sources
from crawler.monitor.schedule_plan import (
    LockHeld,
    ScheduleConfig,
    SchedulerError,
    default_steps,
    due_catch_up,
    govmon_argv,
    make_trigger,
    next_fire_times,
    read_state,
    write_state,
)

log = logging.getLogger("govmon.scheduler")

JOB_ID = "govmon-nightly"
EXIT_LOCKED = 3

__all__ = [
    "EXIT_LOCKED",
    "LockHeld",
    "Runner",
    "ScheduleConfig",
    "SchedulerError",
    "default_steps",
    "due_catch_up",
    "failed_sources",
    "govmon_argv",
    "make_trigger",
    "next_fire_times",
    "read_state",
    "run_once",
    "serve",
    "setup_logging",
    "write_state",
]


def acquire_scheduler_lock(config: ScheduleConfig) -> int:
    """Hold the lock file next to the DB for the life of the process; raise LockHeld if taken."""
    config.lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(config.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if config.wait_for_lock else fcntl.LOCK_NB))
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise LockHeld(
            f"another govmon scheduler (pid {holder}) already runs for {config.db} "
            f"(lock {config.lock_path})"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def setup_logging(log_file: Path | None) -> None:
    handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # APScheduler's own warnings (a run skipped because the previous one still runs) go there too.
    for name in ("govmon.scheduler", "apscheduler"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if name == "govmon.scheduler" else logging.WARNING)
        logger.propagate = False


def run_once(config: ScheduleConfig) -> int:
    """One pipeline run now, in the foreground (the run lock still prevents overlap)."""
    steps = config.steps or default_steps(config)
    runner = Runner(config, steps)

    def on_signal(*_) -> None:
        runner.stop()
        # The run is on this thread, blocked in wait(): a timer enforces --stop-timeout.
        killer = threading.Timer(config.stop_timeout_seconds, runner.kill)
        killer.daemon = True
        killer.start()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        return runner.run()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def serve(config: ScheduleConfig) -> int:
    """Run the scheduler until SIGTERM/SIGINT; returns the process exit code."""
    trigger = make_trigger(config)
    steps = config.steps or default_steps(config)
    lock_fd = acquire_scheduler_lock(config)
    try:
        return _serve_locked(config, trigger, steps)
    finally:
        os.close(lock_fd)


def _serve_locked(config: ScheduleConfig, trigger, steps: list[list[str]]) -> int:
    tz = ZoneInfo(config.timezone)
    runner = Runner(config, steps)
    scheduler = BlockingScheduler(
        timezone=tz,
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.misfire_grace_seconds,
        },
    )

    now = datetime.now(tz)
    owed, why = due_catch_up(read_state(config.state_path), now, config.misfire_grace_seconds)
    log.info(
        "scheduler started (pid %d), %s, catch-up: %s",
        os.getpid(),
        f"every {config.interval_seconds:g} s"
        if config.interval_seconds
        else f"cron '{config.cron}' {config.timezone}",
        why,
    )
    first = {}
    if config.run_now or owed is not None:
        first["next_run_time"] = now
        log.info("running now (%s)", "--run-now" if config.run_now else "catch-up")
    scheduler.add_job(runner.run, trigger, id=JOB_ID, name="govmon pipeline", **first)

    def remember_next_fire(_event=None) -> None:
        job = scheduler.get_job(JOB_ID)
        if job is not None and job.next_run_time is not None:
            runner.update_state(next_fire_at=job.next_run_time.isoformat())
            log.info("next run at %s", job.next_run_time.isoformat())

    def missed(event) -> None:
        log.warning("run due at %s was missed (beyond the grace time)", event.scheduled_run_time)

    scheduler.add_listener(remember_next_fire, EVENT_SCHEDULER_STARTED | EVENT_JOB_EXECUTED)
    scheduler.add_listener(missed, EVENT_JOB_MISSED)

    stopping = False

    def on_signal(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        log.info("received %s: stopping", signal.Signals(signum).name)
        runner.stop()
        scheduler.shutdown(wait=False)

    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, on_signal)
    try:
        scheduler.start()  # blocks until on_signal shuts it down
    except JobLookupError:
        # The signal handler runs inside the scheduler's own loop: shutting down there can pull
        # the job out from under a job-store update already under way. That is the stop asked for.
        if not stopping:
            raise
    runner.wait_stopped(config.stop_timeout_seconds)
    log.info("scheduler stopped")
    return 0
