"""Fixtures for the Datasette tests: a real database file of Vietnamese articles, served in-process."""

from __future__ import annotations

import asyncio
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
