"""The sample sources and articles (tests/storage/storage_samples.yaml) several test packages load."""

from __future__ import annotations

from pathlib import Path

import yaml

SAMPLES = Path(__file__).resolve().parents[1] / "storage" / "storage_samples.yaml"


def load_samples() -> dict:
    return yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))
