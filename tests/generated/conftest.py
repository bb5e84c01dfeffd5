"""Fixtures of the generated-portal tests: sites of seeds 0–49, generated once per session."""

from __future__ import annotations

import pytest

from replica.generator import Site, generate_site

FEATURE_SEEDS = range(50)


@pytest.fixture(scope="session")
def sites() -> dict[int, Site]:
    return {seed: generate_site(seed) for seed in FEATURE_SEEDS}
