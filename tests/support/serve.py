"""`govmon serve` as a real process on a free loopback port, and GETs against it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.receivers import free_port


def http_get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def start_serve(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Run `govmon serve --db DB --port <free>` as a real process; wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("govmon serve exited: " + process.stdout.read().decode())
        try:
            if http_get(base + "/-/versions.json")[0] == 200:
                return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    pytest.fail(f"govmon serve on {db} did not answer within 30 s")


def stop_serve(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
