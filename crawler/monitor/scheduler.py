"""The nightly scheduler: APScheduler with a persistent job store, one pipeline run at a time,
file locks.

`schedule_plan.py` says what runs and when, `runner.py` runs it; this module holds the locks
and the APScheduler loop.

Catch-up is APScheduler's own: the job lives in a SQLAlchemyJobStore on `<db>.scheduler.sqlite`,
so its next run time outlives the process. At start the job is added again with the current
trigger, steps and grace (`replace_existing`), and a stored next run time that has already
passed is kept rather than recomputed (a plain re-add would reset it to the next fire time
from now and lose the missed run). APScheduler then runs the missed run once (`coalesce`,
however many fire times passed) when it is at most `misfire_grace_time` late, and reports it
missed beyond that (EVENT_JOB_MISSED, logged).

APScheduler advances a job's next run time when it hands the run to the executor, not when
the run ends, so the store alone would never make up for a run cut short (scheduler killed or
stopped mid-run). While a run is under way the store therefore holds a second, paused job,
`govmon-run-in-progress` (a date trigger at the run's start); the run removes it when it
completes. One found at start is a cut run: the nightly job's next run time goes back to that
start, and the same misfire rule decides. No other state file is kept: the outcome of each
run is in the log and, for the crawl, in `crawl_runs` (what `govmon status` reads).
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

from apscheduler.events import (
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    EVENT_SCHEDULER_STARTED,
)
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from crawler.monitor.runner import Runner, failed_sources
from crawler.monitor.schedule_plan import (
    LockHeld,
    ScheduleConfig,
    SchedulerError,
    default_steps,
    govmon_argv,
    make_trigger,
    next_fire_times,
)

log = logging.getLogger("govmon.scheduler")

JOB_ID = "govmon-nightly"
CUT_RUN_ID = "govmon-run-in-progress"
# The job store keeps the callable by this reference (and picklable kwargs), never the object.
JOB_FUNC = "crawler.monitor.scheduler:run_pipeline"
EXIT_LOCKED = 3

__all__ = [
    "EXIT_LOCKED",
    "LockHeld",
    "Runner",
    "ScheduleConfig",
    "SchedulerError",
    "default_steps",
    "failed_sources",
    "govmon_argv",
    "make_trigger",
    "next_fire_times",
    "run_once",
    "run_pipeline",
    "serve",
    "setup_logging",
]

# The scheduler and runner serving each database in this process, for `run_pipeline`.
_SERVING: dict[str, tuple[BlockingScheduler, Runner]] = {}


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


def run_pipeline(db: str) -> int:
    """The stored job: one pipeline run by the scheduler serving `db` in this process.

    The run is recorded in the job store as in progress (a paused job) until it completes;
    a run stopped halfway leaves the record for the next start to make up for.
    """
    scheduler, runner = _SERVING[db]
    scheduler.add_job(
        JOB_FUNC,
        DateTrigger(datetime.now(scheduler.timezone)),
        id=CUT_RUN_ID,
        name="govmon run in progress",
        kwargs={"db": db},
        next_run_time=None,  # paused: a record, never run as such
        replace_existing=True,
    )
    code = runner.run()
    if not runner.stopping.is_set():
        scheduler.remove_job(CUT_RUN_ID)
    return code


def _serve_locked(config: ScheduleConfig, trigger, steps: list[list[str]]) -> int:
    tz = ZoneInfo(config.timezone)
    runner = Runner(config, steps)
    store = SQLAlchemyJobStore(
        url=URL.create("sqlite", database=str(config.jobstore_path)),
        # A connection per operation: the scheduler's thread and the run's thread both write,
        # a few times a night, and nothing stays open once the scheduler is shut down.
        engine_options={"poolclass": NullPool},
    )
    scheduler = BlockingScheduler(
        timezone=tz,
        jobstores={"default": store},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.misfire_grace_seconds,
        },
    )
    key = str(config.db)
    failure: list[BaseException] = []

    def add_job(_event) -> None:
        """At start, once the store is open: the job again, keeping a missed next run time."""
        try:
            _add_nightly_job(scheduler, config, trigger, key)
        except Exception as exc:  # noqa: BLE001 - APScheduler would only log it and sit idle
            failure.append(exc)
            scheduler.shutdown(wait=False)

    def log_next_run(_event=None) -> None:
        job = scheduler.get_job(JOB_ID)
        if job is not None and job.next_run_time is not None and not runner.stopping.is_set():
            log.info("next run at %s", job.next_run_time.isoformat())

    def missed(event) -> None:
        log.warning("run due at %s was missed (beyond the grace time)", event.scheduled_run_time)

    scheduler.add_listener(add_job, EVENT_SCHEDULER_STARTED)
    scheduler.add_listener(missed, EVENT_JOB_MISSED)
    # The next run time is logged when a run is submitted: APScheduler dispatches that event from
    # its own thread after it stored the job's next time. A run's end or its "missed" verdict come
    # from the executor's thread, which can read the store before that update (the time just
    # passed, logged as the next one).
    scheduler.add_listener(log_next_run, EVENT_SCHEDULER_STARTED | EVENT_JOB_SUBMITTED)

    def on_signal(signum, _frame) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        runner.stop()
        scheduler.shutdown(wait=False)

    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, on_signal)
    _SERVING[key] = (scheduler, runner)
    try:
        scheduler.start()  # blocks until on_signal shuts it down
    except SQLAlchemyError as exc:
        failure.append(exc)
    finally:
        del _SERVING[key]
    if failure:
        runner.stop()
        runner.wait_stopped(config.stop_timeout_seconds)
        reason = getattr(failure[0], "orig", None) or failure[0]  # the driver's own words
        raise SchedulerError(
            f"{config.jobstore_path}: the scheduler's job store cannot be used ({reason}); "
            "move it away to start with a fresh one"
        ) from failure[0]
    runner.wait_stopped(config.stop_timeout_seconds)
    log.info("scheduler stopped")
    return 0


def _add_nightly_job(
    scheduler: BlockingScheduler, config: ScheduleConfig, trigger, key: str
) -> None:
    """Add the nightly job (replacing the stored one) and say when it runs first.

    A stored next run time that has passed (nobody ran the scheduler then) and a run recorded as
    in progress (cut short) are both owed; the later of them is kept as the next run time, and
    APScheduler's misfire rule runs it or reports it missed. --run-now runs now instead.
    """
    now = datetime.now(scheduler.timezone)
    stored = {job.id: job for job in scheduler.get_jobs()}
    owed = []
    job = stored.get(JOB_ID)
    if job is not None and job.next_run_time is not None and job.next_run_time <= now:
        owed.append((job.next_run_time, "the run due at {} was missed"))
    cut = stored.get(CUT_RUN_ID)
    if cut is not None:
        owed.append((cut.trigger.run_date, "the run started at {} did not finish"))
    schedule = (
        f"every {config.interval_seconds:g} s"
        if config.interval_seconds
        else f"cron '{config.cron}' {config.timezone}"
    )
    first = {}
    if config.run_now:
        first["next_run_time"] = now
        catch_up = "--run-now: running now"
    elif owed:
        when, why = max(owed)
        first["next_run_time"] = when
        catch_up = (
            f"{why.format(when.isoformat())}: it runs now if at most "
            f"{config.misfire_grace_seconds} s late, else it is logged as missed"
        )
    else:
        catch_up = "nothing missed"
    log.info("scheduler started (pid %d), %s, catch-up: %s", os.getpid(), schedule, catch_up)
    scheduler.add_job(
        JOB_FUNC,
        trigger,
        id=JOB_ID,
        name="govmon pipeline",
        kwargs={"db": key},
        replace_existing=True,
        **first,
    )
    if cut is not None:  # only now that the job itself holds the owed run time
        scheduler.remove_job(CUT_RUN_ID)
