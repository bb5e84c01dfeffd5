"""Fixtures for the Datasette tests: a real database file of Vietnamese articles, served in-process."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from storage.db import open_db, sync_sources, upsert_article
from storage.serving import make_datasette

SAMPLES = Path(__file__).resolve().parent.parent / "storage" / "storage_samples.yaml"


def load_samples() -> dict:
    return yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> dict:
    return load_samples()


@pytest.fixture(scope="session")
def db_path(tmp_path_factory, samples) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "govmon.db"
    db = open_db(path)
    sync_sources(db, samples["sources"])
    for record in samples["articles"]:
        upsert_article(db, record)
    # A second version of the Hà Nam report, so revisions and "what changed" have content.
    changed = dict(samples["articles"][1], fetched_at="2026-11-21T01:00:00+00:00")
    changed["body_text"] += "\n\nCập nhật: danh sách điểm cầu."
    upsert_article(db, changed)
    db.close()
    return path


class Client:
    """Synchronous wrapper over Datasette's in-process client."""

    def __init__(self, datasette) -> None:
        self.ds = datasette

    def get(self, path: str):
        return asyncio.run(self.ds.client.get(path))

    def json(self, path: str):
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="session")
def client(db_path) -> Client:
    return Client(make_datasette(db_path))


@pytest.fixture(scope="session")
def production_client(db_path) -> Client:
    return Client(make_datasette(db_path, production=True))


@pytest.fixture(scope="session")
def make_client():
    """Build a client over another database file (development mode unless told)."""
    return lambda path, production=False: Client(make_datasette(path, production=production))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http_get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


@pytest.fixture(scope="session")
def http_get():
    """GET a URL: (status, body, headers), HTTP errors included."""
    return _http_get


@pytest.fixture
def server(db_path):
    """Start `govmon serve` on the sample database as a real process; returns its base URL."""
    started = []

    def start(*extra: str) -> str:
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "serve",
                "--db",
                str(db_path),
                "--port",
                str(port),
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("govmon serve exited: " + process.stdout.read().decode())
            try:
                if _http_get(base + "/-/versions.json")[0] == 200:
                    return base
            except OSError:
                time.sleep(0.2)
        pytest.fail("govmon serve did not answer within 30 s")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
