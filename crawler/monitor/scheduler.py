"""The nightly scheduler: APScheduler cron (or interval) trigger, one crawl subprocess at a time, file locks, catch-up."""

from __future__ import annotations

import ctypes
import fcntl
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_SCHEDULER_STARTED
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger("govmon.scheduler")

JOB_ID = "govmon-nightly"
EXIT_LOCKED = 3
_PR_SET_PDEATHSIG = 1


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
    def state_path(self) -> Path:
        return self.db.with_name(self.db.name + ".schedule.json")


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


def read_state(path: Path) -> dict:
    """The last-run record; an unreadable one counts as empty (it is only used to catch up)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_state(path: Path, state: dict) -> None:
    """Write atomically: a crash mid-write leaves the previous record, never half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def due_catch_up(state: dict, now: datetime, grace_seconds: float) -> tuple[datetime | None, str]:
    """The missed or interrupted run to make up for at start-up, if still within the grace time.

    A run is owed when the previous process died or was stopped during a run, or when the
    recorded next fire time passed while no scheduler was running (machine off). However many
    were missed, one run makes up for them (coalescing).
    """
    owed, why = None, ""
    if state.get("last_status") in ("running", "interrupted") and state.get("last_started_at"):
        owed, why = (
            datetime.fromisoformat(state["last_started_at"]),
            "the previous run did not finish",
        )
    elif state.get("next_fire_at"):
        fire = datetime.fromisoformat(state["next_fire_at"])
        if fire <= now:
            owed, why = fire, "the run due then was missed"
    if owed is None:
        return None, "nothing missed"
    late = (now - owed).total_seconds()
    if late > grace_seconds:
        return (
            None,
            f"{why} at {owed.isoformat()}, {late:.0f} s ago: beyond the grace time, skipped",
        )
    return owed, f"{why} at {owed.isoformat()}"


try:  # resolved in the parent: loading a library between fork and exec is unsafe
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _PRCTL = None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the crawl gets SIGTERM if the scheduler dies, even by SIGKILL (no orphan crawl)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Runner:
    """Runs the pipeline steps one after another in child processes, one pipeline at a time."""

    def __init__(self, config: ScheduleConfig, steps: list[list[str]]):
        self.config = config
        self.steps = steps
        self.stopping = threading.Event()
        self._child: subprocess.Popen | None = None
        # Re-entrant: with --once the signal handler runs on the thread that may hold it.
        self._child_lock = threading.RLock()
        self._state_lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()

    def update_state(self, **changes) -> None:
        with self._state_lock:
            state = read_state(self.config.state_path)
            state.update(changes)
            write_state(self.config.state_path, state)

    def _acquire_run_lock(self) -> int:
        fd = os.open(self.config.run_lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # A crawl left by a dead scheduler may still hold it (it inherited the lock): wait.
            log.warning("another run holds %s; waiting for it to end", self.config.run_lock_path)
            while not self.stopping.is_set():
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(0.5)
            else:
                os.close(fd)
                raise
        return fd

    def run(self) -> int:
        """One pipeline run; returns 0 when every step succeeded. Never raises for a failed step."""
        if self.stopping.is_set():
            return 1
        self.idle.clear()
        try:
            try:
                lock_fd = self._acquire_run_lock()
            except BlockingIOError:
                return 1
            try:
                return self._run_steps(lock_fd)
            finally:
                os.close(lock_fd)
        finally:
            self.idle.set()

    def _run_steps(self, lock_fd: int) -> int:
        started = datetime.now().astimezone()
        self.update_state(
            last_started_at=started.isoformat(), last_status="running", pid=os.getpid()
        )
        log.info("run started (%d steps)", len(self.steps))
        codes = []
        for argv in self.steps:
            if self.stopping.is_set():
                break
            codes.append(self._run_step(argv, lock_fd))
        if self.stopping.is_set():
            status = "interrupted"
        else:
            status = "ok" if all(c == 0 for c in codes) else "failed"
        self.update_state(
            last_status=status,
            last_finished_at=datetime.now().astimezone().isoformat(),
            last_exit_codes=codes,
        )
        log.info(
            "run %s in %.1f s (exit codes %s)",
            status,
            (datetime.now().astimezone() - started).total_seconds(),
            codes,
        )
        failed = failed_sources(self.config.db)
        if failed:
            log.warning("sources failing: %s", ", ".join(failed))
        return 0 if status == "ok" else 1

    def _run_step(self, argv: list[str], lock_fd: int) -> int:
        log.info("step: %s", shlex.join(argv))
        out = open(self.config.log_file, "ab") if self.config.log_file else None  # noqa: SIM115
        try:
            with self._child_lock:
                if self.stopping.is_set():
                    return -signal.SIGTERM
                # Own session: a terminal's Ctrl-C reaches the scheduler, which stops the child
                # in order. The run lock is passed down so it stays held while the child lives.
                self._child = subprocess.Popen(
                    argv,
                    stdout=out,
                    stderr=subprocess.STDOUT if out else None,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                    pass_fds=(lock_fd,),
                    preexec_fn=_die_with_parent,
                )
                if self.stopping.is_set():  # a stop that came while the child was starting
                    os.killpg(self._child.pid, signal.SIGTERM)
            code = self._child.wait()
        except OSError as exc:
            log.error("step could not start: %s: %s", argv[0], exc)
            code = 127
        finally:
            with self._child_lock:
                self._child = None
            if out:
                out.close()
        log.log(
            logging.INFO if code == 0 else logging.ERROR,
            "step exit code %s: %s",
            code,
            shlex.join(argv)[:160],
        )
        return code

    def stop(self) -> None:
        """Ask the running child to end (SIGTERM to its process group); no new step starts."""
        self.stopping.set()
        with self._child_lock:
            child = self._child
        if child is not None and child.poll() is None:
            log.info("stopping the running step (pid %d) with SIGTERM", child.pid)
            try:
                os.killpg(child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """SIGKILL the running child's process group (it ignored SIGTERM)."""
        with self._child_lock:
            child = self._child
        if child is not None and child.poll() is None:
            log.warning("step (pid %d) ignored SIGTERM; killing it", child.pid)
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait_stopped(self, timeout: float) -> None:
        """Wait for the run to end; SIGKILL the child's group after `timeout` seconds."""
        if self.idle.wait(timeout):
            return
        self.kill()
        self.idle.wait(10)


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


def failed_sources(db_path: Path) -> list[str]:
    """ "id (status: reason)" of each source the latest crawl left failing, blocked or broken."""
    from crawler.monitor.health import BAD_STATUSES
    from storage.db import open_db
    from storage.health_alerts import failing_sources

    if not Path(db_path).exists():
        return []
    db = open_db(db_path)
    try:
        rows = failing_sources(db, BAD_STATUSES)
    finally:
        db.close()
    return [f"{r['source_id']} ({r['status']}: {r['reason']})" for r in rows]


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
