"""Fixtures for the storage tests: a fresh database file and realistic Vietnamese articles."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from storage.db import open_db

SAMPLES = Path(__file__).with_name("storage_samples.yaml")


@pytest.fixture(scope="session")
def _samples() -> dict:
    return yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))


@pytest.fixture
def samples(_samples) -> dict:
    return copy.deepcopy(_samples)


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "govmon.db")
    yield database
    database.close()
