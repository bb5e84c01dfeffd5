"""The scheduler as real processes: interval runs, the lock, SIGTERM, SIGKILL and catch-up
through APScheduler's persistent job store.

The steps here are a small Python script standing in for `govmon crawl`: these tests are about
process control (one run at a time, clean stops, no orphan crawl), which a real crawl would
only slow down; the lead's night simulations run the real pipeline.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from crawler.cli import main

STEP = """\
import os, pathlib, signal, sys, time
log, seconds = pathlib.Path(sys.argv[1]), float(sys.argv[2])
flag = sys.argv[3] if len(sys.argv) > 3 else None
def write(word):
    with log.open("a") as f:
        f.write(f"{word} {os.getpid()} {time.time():.3f}\\n")
def on_term(*_):
    write("terminated")
    sys.exit(143)
signal.signal(signal.SIGTERM, on_term)
write("start")
if flag:  # long only the first time: the run after a restart completes quickly
    if os.path.exists(flag):
        seconds = 0
    else:
        open(flag, "w").close()
time.sleep(seconds)
write("end")
"""


@pytest.fixture
def env(tmp_path):
    step = tmp_path / "step.py"
    step.write_text(STEP, encoding="utf-8")
    return {
        "tmp": tmp_path,
        "db": tmp_path / "govmon.db",
        "events": tmp_path / "events.log",
        "step": step,
        "log": tmp_path / "scheduler.log",
    }


def step_cmd(env, seconds: float, flag: bool = False) -> str:
    argv = [sys.executable, str(env["step"]), str(env["events"]), str(seconds)]
    if flag:
        argv.append(str(env["tmp"] / "first-run.flag"))
    return shlex.join(argv)


def start_scheduler(env, *args: str) -> subprocess.Popen:
    argv = [
        sys.executable,
        "-m",
        "crawler.cli",
        "schedule",
        "--db",
        str(env["db"]),
        "--log-file",
        str(env["log"]),
        *args,
    ]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def events(env) -> list[tuple[str, int, float]]:
    if not env["events"].exists():
        return []
    out = []
    for line in env["events"].read_text().splitlines():
        word, pid, at = line.split()
        out.append((word, int(pid), float(at)))
    return out


def wait_for(predicate, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose; /proc tells them apart on Linux.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    return proc.wait(timeout)


def log_text(env) -> str:
    return env["log"].read_text() if env["log"].exists() else ""


def next_runs(env) -> list[datetime]:
    """Every "next run at" the scheduler logged, in order."""
    return [datetime.fromisoformat(m) for m in re.findall(r"next run at (\S+)", log_text(env))]


def test_interval_runs_never_overlap_and_sigterm_stops_cleanly(env):
    proc = start_scheduler(env, "--interval", "0.3", "--step", step_cmd(env, 0.5))
    try:
        wait_for(lambda: sum(e[0] == "end" for e in events(env)) >= 3, 20, "three finished runs")
    finally:
        assert stop(proc) == 0, proc.stderr.read()
    seen = events(env)
    # Strict alternation start/end (or start/terminated): never two steps at once.
    words = [e[0] for e in seen]
    assert words[0] == "start"
    for a, b in zip(words, words[1:], strict=False):
        assert (a == "start") != (b == "start"), words
    assert not any(alive(pid) for _, pid, _ in seen)
    assert "scheduler stopped" in env["log"].read_text()


def test_second_scheduler_refuses_while_the_first_holds_the_lock(env):
    first = start_scheduler(env, "--interval", "3600", "--step", step_cmd(env, 0))
    lock = env["tmp"] / "govmon.db.scheduler.lock"
    try:
        wait_for(
            lambda: lock.exists() and lock.read_text().strip() == str(first.pid), 10, "the lock"
        )
        second = start_scheduler(env, "--interval", "3600", "--step", step_cmd(env, 0))
        assert second.wait(15) == 3
        message = second.stderr.read()
        assert f"another govmon scheduler (pid {first.pid}) already runs" in message
        assert "Traceback" not in message
        assert first.poll() is None
    finally:
        assert stop(first) == 0
    assert events(env) == []  # neither ran the pipeline: no --run-now, next run in an hour


def test_sigterm_during_a_run_terminates_the_crawl_then_exits(env):
    proc = start_scheduler(env, "--interval", "3600", "--run-now", "--step", step_cmd(env, 60))
    start = wait_for(lambda: [e for e in events(env) if e[0] == "start"], 10, "the run to start")
    child = start[0][1]
    began = time.monotonic()
    assert stop(proc) == 0
    assert time.monotonic() - began < 10
    assert [e[0] for e in events(env)] == ["start", "terminated"]
    assert not alive(child)
    assert "run interrupted" in log_text(env)


@pytest.mark.parametrize(("grace", "down_seconds", "runs_again"), [(60, 0, True), (1, 2.5, False)])
def test_sigkill_during_a_run_then_restart_completes_the_run(env, grace, down_seconds, runs_again):
    args = ("--interval", "3600", "--misfire-grace", str(grace))
    step = ("--step", step_cmd(env, 60, flag=True))
    proc = start_scheduler(env, *args, *step, "--run-now")
    start = wait_for(lambda: [e for e in events(env) if e[0] == "start"], 10, "the run to start")
    child = start[0][1]
    assert stop(proc, signal.SIGKILL) == -signal.SIGKILL
    wait_for(lambda: not alive(child), 10, "the orphaned step to die with its scheduler")
    time.sleep(down_seconds)

    again = start_scheduler(env, *args, *step)  # no --run-now: the job store knows the cut run
    try:
        if runs_again:
            wait_for(lambda: [e for e in events(env) if e[0] == "end"], 15, "the cut run again")
        else:
            wait_for(lambda: "beyond the grace time" in log_text(env), 20, "the verdict")
        time.sleep(1.0)  # would a second run show up?
    finally:
        assert stop(again) == 0
    expected = ["start", "terminated", "start", "end"] if runs_again else ["start", "terminated"]
    assert [e[0] for e in events(env)] == expected
    assert re.search(r"the run started at \S+ did not finish", log_text(env))


@pytest.mark.parametrize(("grace", "late_seconds", "runs"), [(30, 0.3, 1), (1, 2.5, 0)])
def test_a_run_missed_while_down_runs_once_within_grace(env, grace, late_seconds, runs):
    """Killed while waiting for its next run; started again after that time: the job store still
    holds the missed run time, and APScheduler runs it once within the grace time, else logs it
    missed. The schedule then goes on from the stored time."""
    first = start_scheduler(env, "--interval", "5", "--step", step_cmd(env, 0))
    try:
        due = wait_for(lambda: next_runs(env), 30, "the first scheduler to start")[0]
    finally:
        killed_at = time.time()
        stop(first, signal.SIGKILL)
    assert killed_at < due.timestamp(), "killed after the fire time: the machine is too slow"
    time.sleep(max(0.0, due.timestamp() + late_seconds - time.time()))

    again = start_scheduler(
        env, "--interval", "3600", "--misfire-grace", str(grace), "--step", step_cmd(env, 0)
    )
    try:
        if runs:
            wait_for(lambda: [e for e in events(env) if e[0] == "end"], 15, "the catch-up run")
        else:
            wait_for(lambda: "beyond the grace time" in log_text(env), 20, "the verdict")
        wait_for(lambda: len(next_runs(env)) >= 3, 10, "the next run after the catch-up")
        time.sleep(1.0)  # would a second (uncoalesced) run or a wrongful run show up?
    finally:
        assert stop(again) == 0
    assert sum(e[0] == "start" for e in events(env)) == runs
    assert f"the run due at {due.isoformat()} was missed" in log_text(env)
    assert ("beyond the grace time" in log_text(env)) == (not runs)
    # Logged at start: the missed time itself; after it ran or was missed: an hour after it.
    assert next_runs(env)[1] == due
    assert next_runs(env)[2] == due + timedelta(hours=1)


def test_once_returns_the_pipeline_status(env):
    ok = start_scheduler(env, "--once", "--step", step_cmd(env, 0))
    assert ok.wait(15) == 0
    failing = start_scheduler(env, "--once", "--step", step_cmd(env, 0), "--step", "false")
    assert failing.wait(15) == 1
    assert "run failed in" in log_text(env) and "(exit codes [0, 1])" in log_text(env)
    assert [e[0] for e in events(env)] == ["start", "end", "start", "end"]


def test_schedule_cli_dry_run_and_errors(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "g.db")
    registry = tmp_path / "registry.yaml"
    registry.write_text(
        "sources:\n  - id: hanam\n    name: Hà Nam\n    province: Hà Nam\n"
        "    start_urls: [http://127.0.0.1:9/]\n",
        encoding="utf-8",
    )
    good_watches = tmp_path / "good.yaml"
    good_watches.write_text(
        "watches:\n  - id: a\n    query: de an 06\nhealth:\n  channels:\n"
        "    webhook: http://127.0.0.1:9/hook\n",
        encoding="utf-8",
    )
    dry = runner.invoke(
        main,
        [
            "schedule",
            "--db",
            db,
            "--sources",
            str(registry),
            "--watches",
            str(good_watches),
            "--cron",
            "30 1 * * *",
            "--dry-run",
        ],
    )
    assert dry.exit_code == 0, dry.output
    assert "crawl --sources" in dry.output and "alerts run --db" in dry.output
    assert "T01:30:00+07:00" in dry.output
    bad = runner.invoke(main, ["schedule", "--db", db, "--sources", "s.yaml", "--cron", "99 * * *"])
    assert bad.exit_code == 2 and "bad cron expression" in bad.output
    tz = runner.invoke(
        main, ["schedule", "--db", db, "--sources", "s.yaml", "--timezone", "Mars/Base"]
    )
    assert tz.exit_code == 2 and "unknown timezone 'Mars/Base'" in tz.output
    missing = runner.invoke(
        main, ["schedule", "--db", db, "--sources", str(tmp_path / "none.yaml")]
    )
    assert missing.exit_code == 2 and "none.yaml: no such source registry" in missing.output
    watches = tmp_path / "w.yaml"
    watches.write_text("watches:\n  - id: a\n    chanels: {}\n", encoding="utf-8")
    typo = runner.invoke(
        main, ["schedule", "--db", db, "--sources", str(registry), "--watches", str(watches)]
    )
    assert typo.exit_code == 2 and "w.yaml:2: unknown key 'chanels'" in typo.output
    # --dry-run checks everything the runs will use, as a real start does.
    dry_args = ["schedule", "--db", db, "--dry-run", "--sources"]
    missing_dry = runner.invoke(main, [*dry_args, str(tmp_path / "none.yaml")])
    assert missing_dry.exit_code == 2 and "none.yaml: no such source registry" in missing_dry.output
    empty = tmp_path / "empty.yaml"
    empty.write_text("sources: []\n", encoding="utf-8")
    nothing = runner.invoke(main, [*dry_args, str(empty)])
    assert nothing.exit_code == 2 and "no enabled source" in nothing.output
    typo_dry = runner.invoke(main, [*dry_args, str(registry), "--watches", str(watches)])
    assert typo_dry.exit_code == 2 and "unknown key 'chanels'" in typo_dry.output
    bad_health = tmp_path / "h.yaml"
    bad_health.write_text("watches: []\nhealth:\n  chanels: {}\n", encoding="utf-8")
    health_dry = runner.invoke(main, [*dry_args, str(registry), "--watches", str(bad_health)])
    assert health_dry.exit_code == 2 and "h.yaml:3: 'health'" in health_dry.output
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("not a database", encoding="utf-8")
    wrong_db = runner.invoke(
        main, ["schedule", "--db", str(not_sqlite), "--dry-run", "--sources", str(registry)]
    )
    assert wrong_db.exit_code == 2 and "notes.db: not an SQLite database" in wrong_db.output
    none = runner.invoke(main, ["schedule", "--db", db])
    assert none.exit_code == 2 and "--sources" in none.output


def test_once_waits_for_a_run_in_progress(env):
    sched = start_scheduler(env, "--interval", "3600", "--run-now", "--step", step_cmd(env, 4))
    try:
        wait_for(lambda: [e for e in events(env) if e[0] == "start"], 10, "the scheduled run")
        once = start_scheduler(env, "--once", "--step", step_cmd(env, 0))
        assert once.wait(20) == 0
    finally:
        assert stop(sched) == 0
    words = [e[0] for e in events(env)]
    assert words == ["start", "end", "start", "end"]  # the manual run began after the nightly one
    assert "another run holds" in env["log"].read_text()


def test_once_kills_a_step_that_ignores_sigterm_after_the_stop_timeout(env):
    marker = env["tmp"] / "stubborn.pid"
    code = (
        "import os, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)"
    )
    proc = start_scheduler(
        env,
        "--once",
        "--stop-timeout",
        "1",
        "--step",
        shlex.join([sys.executable, "-c", code, str(marker)]),
    )
    wait_for(lambda: marker.exists() and marker.read_text(), 10, "the stubborn step")
    began = time.monotonic()
    assert stop(proc) == 1
    assert time.monotonic() - began < 8
    assert not alive(int(marker.read_text()))
    assert "run interrupted" in log_text(env)
    assert "ignored SIGTERM; killing it" in env["log"].read_text()


def test_an_unreadable_job_store_is_named_not_a_traceback(env):
    store = env["tmp"] / "govmon.db.scheduler.sqlite"
    store.write_text("not an SQLite file, whatever wrote it", encoding="utf-8")
    proc = start_scheduler(env, "--interval", "3600", "--run-now", "--step", step_cmd(env, 0))
    assert proc.wait(30) == 2
    message = proc.stderr.read()
    assert f"{store}: the scheduler's job store cannot be used (file is not a database)" in message
    assert "Traceback" not in message
    assert events(env) == []
