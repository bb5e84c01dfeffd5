"""The scheduler's runner: the pipeline's steps one after another in child processes."""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import shlex
import signal
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

from crawler.monitor.schedule_plan import ScheduleConfig

log = logging.getLogger("govmon.scheduler")

_PR_SET_PDEATHSIG = 1


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
        self.idle = threading.Event()
        self.idle.set()

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
        self._signal_child(signal.SIGTERM, "stopping the running step (pid %d) with SIGTERM")

    def kill(self) -> None:
        """SIGKILL the running child's process group (it ignored SIGTERM)."""
        self._signal_child(signal.SIGKILL, "step (pid %d) ignored SIGTERM; killing it")

    def _signal_child(self, signum: int, message: str) -> None:
        """Send `signum` to the running child's process group, if a child still runs."""
        with self._child_lock:
            child = self._child
        if child is not None and child.poll() is None:
            log.log(
                logging.INFO if signum == signal.SIGTERM else logging.WARNING, message, child.pid
            )
            try:
                os.killpg(child.pid, signum)
            except ProcessLookupError:
                pass

    def wait_stopped(self, timeout: float) -> None:
        """Wait for the run to end; SIGKILL the child's group after `timeout` seconds."""
        if self.idle.wait(timeout):
            return
        self.kill()
        self.idle.wait(10)


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
